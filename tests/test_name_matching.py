"""Name matching in search takes its language data from kb.yml: the letters names are compared
without (name_folding) and, per language, the word endings stripped (name_endings)."""

from __future__ import annotations

from conftest import ROOT, pipeline, problems_of
from sample_kb import FILES, TODAY

SETTINGS = (ROOT / "kb/kb.yml").read_text(encoding="utf-8")


def test_name_endings_are_checked(project):
    """A language that is not the site's, and an ending that is not letters, are located errors;
    the rest of the setting still applies."""
    wrong = SETTINGS.replace("  en: [es, s]\n", "  en: [es, s, \"e s\"]\n  de: [en]\n", 1)
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
