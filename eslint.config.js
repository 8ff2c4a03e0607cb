// ESLint's settings (flat config): the browser modules of the engine and this file.
// `make lint-js` and tests/test_js_lint.py run it with the versions package-lock.json pins.
import js from "@eslint/js";
import globals from "globals";

export default [
  { ignores: ["node_modules/", "site/", ".venv*/", "bench/work/", "tests/artifacts/", ".cache/"] },
  js.configs.recommended,
  {
    files: ["**/*.js"],
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: globals.browser },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      eqeqeq: "error",
      "no-var": "error",
      "prefer-const": "error",
      "no-implicit-globals": "error",
      "no-shadow": "error",
      "no-use-before-define": ["error", { functions: false }],
      "no-unused-vars": ["error", { caughtErrors: "all" }],
      "no-throw-literal": "error",
      "no-eval": "error",
      "no-implied-eval": "error",
      "no-new-func": "error",
    },
  },
  { files: ["eslint.config.js"], languageOptions: { globals: globals.node } },
];
