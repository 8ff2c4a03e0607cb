"""Programs the benchmark runs in processes of their own (python -c), kept as strings: each is timed
from outside, interpreter start included, as a person at the keyboard waits for it."""

PLAIN_SCRIPT = r"""
import re, sys, shutil, yaml
from pathlib import Path
root = Path(sys.argv[1]); sys.path.insert(0, str(root / "hooks"))
from kb.check.entries import check_kb
from kb.read.load import load_kb
from kb.render.renderer import Renderer
kb = check_kb(load_kb(root))
renderer = Renderer(kb)
docs = root / "plain-docs"
shutil.rmtree(docs, ignore_errors=True)
shutil.copytree(root / "docs", docs)
for page in renderer.pages():
    path = docs / page.uri
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page.markdown, encoding="utf-8")
config = (root / "mkdocs.yml").read_text(encoding="utf-8")
config = config.replace("docs_dir: docs\n", "docs_dir: plain-docs\n")
config = config.replace("hooks:\n  - hooks/kb/adapters/mkdocs_hook.py\n", "")
config = config.replace("watch: [kb, hooks]\n", "")
config = re.sub(r"\n  - kb\.adapters\.markdown_ext\b[^\n]*", "", config)  # the engine's Markdown extension: the sanitiser and its checks
assert "mkdocs_hook.py" not in config and "kb.adapters.markdown_ext" not in config and "plain-docs" in config
config += "\n" + yaml.safe_dump({"nav": renderer.nav(kb.default_language)}, allow_unicode=True, sort_keys=False)
(root / "mkdocs-plain.yml").write_text(config, encoding="utf-8")
"""

FLOOR_SCRIPT = r"""
import sys, os, json, yaml
root = sys.argv[1]
n = 0
for dirpath, dirnames, filenames in os.walk(os.path.join(root, "kb")):
    dirnames.sort()
    for name in sorted(filenames):
        text = open(os.path.join(dirpath, name), "rb").read().decode("utf-8")
        if name.endswith(".md"):
            end = text.find("\n---", 3)
            yaml.load(text[4:end + 1], Loader=yaml.CSafeLoader)
        elif name.endswith((".yml", ".yaml")):
            yaml.load(text, Loader=yaml.CSafeLoader)
        elif name.endswith((".json", ".geojson")):  # the map's data files, which the engine reads as JSON
            json.loads(text)
        else:  # a script beside the data (kb/maps/regions.py): the engine does not read it
            continue
        n += 1
print(n)
"""

PHASES_SCRIPT = r"""
import sys, time, json
from pathlib import Path
root = Path(sys.argv[1]); sys.path.insert(0, str(root / "hooks"))
t = time.perf_counter()
from kb.read import load as kb_load
from kb.check import entries as kb_check
from kb.render import renderer as kb_render
out = {"import": time.perf_counter() - t}
t = time.perf_counter(); kb = kb_load.load_kb(root); out["read"] = time.perf_counter() - t
t = time.perf_counter(); kb = kb_check.check_kb(kb); out["check"] = time.perf_counter() - t
t = time.perf_counter(); r = kb_render.Renderer(kb); pages = r.pages(); out["render"] = time.perf_counter() - t
t = time.perf_counter(); json.dumps(r.catalog(), ensure_ascii=False, indent=1, sort_keys=True); out["catalog"] = time.perf_counter() - t
out["pages"] = len(pages)
print(json.dumps(out))
"""
