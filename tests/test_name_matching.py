"""Name matching in search takes its language data from kb.yml: the letters names are compared
without (name_folding) and, per language, the word endings stripped (name_endings). The browser
(names.js) uses what the page is sent; nothing of a language is written in the script."""

from __future__ import annotations

import pytest

from browser import serve
from conftest import SAMPLE, build_site, pipeline, problems_of, write_project
from sample_kb import FILES, TODAY

SETTINGS = (SAMPLE / "kb/kb.yml").read_text(encoding="utf-8")


def test_name_endings_are_checked(project):
    """A language that is not the site's, and an ending that is not letters, are located errors;
    the rest of the setting still applies."""
    wrong = SETTINGS.replace("  en: [es, s]\n", '  en: [es, s, "e s"]\n  de: [en]\n', 1)
    assert wrong != SETTINGS
    root = project({**FILES, "kb/kb.yml": wrong})
    lines = wrong.split("\n")
    en = lines.index('  en: [es, s, "e s"]') + 1
    de = lines.index("  de: [en]") + 1
    assert [p.format() for p in problems_of(root, TODAY, {"kb/kb.yml"})] == [
        f"kb/kb.yml:{en}:15: error [bad-format] name_endings.en[3] must be an ending of letters only, e.g. es (got 'e s')",
        f"kb/kb.yml:{de}:3: error [bad-settings] name_endings.de: 'de' is not a language of the site",
    ]
    kb, _ = pipeline(root, TODAY)
    assert kb.settings.name_endings["en"] == ("es", "s") and "de" not in kb.settings.name_endings
    assert "ой" in kb.settings.name_endings["ru"]


@pytest.fixture(scope="module")
def matching_site(tmp_path_factory):
    """The sample base whose kb.yml strips the made-up English ending "ovo" (and not "s") and
    reads "w" as "v", built and served."""
    settings = SETTINGS.replace("  en: [es, s]\n", "  en: [ovo]\n", 1).replace("name_folding: {ё: е}", "name_folding: {ё: е, w: v}", 1)
    assert settings.count("[ovo]") == 1 and "w: v" in settings
    tmp = tmp_path_factory.mktemp("names")
    root = write_project(tmp / "p", {**FILES, "kb/kb.yml": settings}, with_docs=True)
    result = build_site(root, tmp / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    server, url = serve(tmp / "site")
    yield url
    server.shutdown()


# The direct hits (by name) of a query, from the page's own search settings, through the served
# modules: Pagefind's full-text results, which stem by their own rules, are left aside.
DIRECT = """async query => {
  const main = document.querySelector("script[type=module][src$='assets/kb/main.js']").src;
  const { Searcher } = await import(main.replace(/main\\.js$/, "searcher.js"));
  const box = document.getElementById("kb-search");
  const searcher = new Searcher(box.getAttribute("data-root"), JSON.parse(box.getAttribute("data-kb")));
  return (await searcher.direct(query)).direct.map(hit => hit.title);
}"""


def test_search_matches_names_with_the_endings_and_folding_of_kb_yml(browser, matching_site):
    """On the English pages, "Avangardovo" finds Avangard by name through kb.yml's ending,
    "Awangard" through its folding, and "Avangards" does not, since kb.yml's English endings have
    no "s"; the Russian page strips kb.yml's Russian endings («Авангарда»). The search page lists
    the direct hit."""
    page = browser.new_page()
    try:
        found = {}
        for path, queries in (("search/", ["Avangardovo", "Awangard", "Avangards"]), ("ru/search/", ["Авангарда"])):
            page.goto(matching_site + path)
            for query in queries:
                found[query] = page.evaluate(DIRECT, query)
        assert found == {"Avangardovo": ["Avangard"], "Awangard": ["Avangard"], "Avangards": [], "Авангарда": ["Авангард"]}
        page.goto(matching_site + "search/?q=Avangardovo")
        link = page.locator(".kb-direct-link")
        link.first.wait_for()
        assert link.all_text_contents() == ["Avangard"]
    finally:
        page.close()
