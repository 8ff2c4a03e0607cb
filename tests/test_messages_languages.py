"""`kb check` speaks the editor's language: every message of every rule exists in each language
of kb.yml, and the language is chosen by `--lang`, else by the environment's locale."""

from __future__ import annotations

import os
import subprocess

import yaml

from conftest import BIN, SAMPLE
from kb.core.rules import LANGUAGE, MESSAGES, RULES, Message, slots
from sample_kb import FILES, TODAY

SETTINGS = yaml.safe_load((SAMPLE / "kb/kb.yml").read_text(encoding="utf-8"))


def test_every_message_of_every_rule_is_written_in_every_language_of_the_site():
    """Each message id the engine can say (each rule's forms and the shared phrases) has its text in
    every language of kb.yml besides the engine's, with no {name} the engine does not fill in;
    and every rule can be said (its example message) in every language, in that language's words."""
    others = [lang for lang in SETTINGS["languages"] if lang != LANGUAGE]
    assert others == ["ru"]
    given = SETTINGS["rule_messages"]
    missing = [(key, lang) for key in MESSAGES for lang in others if not (given.get(key) or {}).get(lang)]
    assert missing == []
    assert sorted(set(given) - set(MESSAGES)) == []
    assert [key for key in MESSAGES for lang in others if not slots(given[key][lang]) <= slots(MESSAGES[key])] == []
    for rule in RULES.values():
        example = rule.example_message()
        assert isinstance(example, Message) and str(example)
        for lang in others:
            said = example.say(lang, given)
            assert said != str(example), rule.name


def _kb_check(root, *args, env=None):
    environ = {k: v for k, v in os.environ.items() if k not in ("KB_LANG", "LC_ALL", "LC_MESSAGES", "LANG")}
    return subprocess.run(
        [str(BIN / "kb"), "check", "--today", TODAY, *args],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
        env={**environ, **(env or {})},
    )


MISTAKES = {
    **FILES,
    "kb/zones/avangard.md": FILES["kb/zones/avangard.md"]
    .replace("status: operating", "status: active")
    .replace("reviewed: 2026-11-01", "reviewed: 27.11.2026")
    .replace("type: industrial-production", "type: industrial-productoin"),
}

EN = [
    "kb/zones/avangard.md:3:1: error [broken-ref] type names 'industrial-productoin' but there is no such entry in sez-types; did you mean 'industrial-production'?",
]
RU = [
    "kb/zones/avangard.md:3:1: error [broken-ref] type: указано «industrial-productoin», но такой записи в коллекции sez-types нет; возможно, имелось в виду «industrial-production»?",
]


def _lines(result) -> list[str]:
    return [line for line in result.stdout.splitlines() if not line.startswith("kb check:")]


def test_kb_check_answers_in_russian_when_asked_and_in_english_by_default(project):
    root = project(MISTAKES)
    en = _lines(_kb_check(root))
    ru = _lines(_kb_check(root, "--lang", "ru"))
    assert len(en) == len(ru) == 3
    assert en[0] == EN[0] and ru[0] == RU[0]
    assert (
        "kb/zones/avangard.md:5:1: error [not-allowed] status must be one of the values of vocabulary 'zone-statuses': "
        "operating, being-created, planned, closed (got 'active')"
    ) in en
    assert (
        "kb/zones/avangard.md:5:1: error [not-allowed] status: допустимы только значения словаря «zone-statuses»: "
        "operating, being-created, planned, closed (указано «active»)"
    ) in ru
    reviewed = [line for line in ru if "[bad-format]" in line]
    assert reviewed and reviewed[0].endswith("error [bad-format] reviewed: ожидается дата в формате ГГГГ-ММ-ДД (указано «27.11.2026»)")
    assert [line for line in en if "[bad-format]" in line][0].endswith(
        "error [bad-format] reviewed must be a date written YYYY-MM-DD (got '27.11.2026')"
    )
    # The position, the severity and the rule's name are the same in both.
    assert [line.split(" [")[0] + line.split("]")[0].split("[")[1] for line in en] == [
        line.split(" [")[0] + line.split("]")[0].split("[")[1] for line in ru
    ]
    summary = _kb_check(root, "--lang", "ru").stdout.splitlines()[-1]
    assert summary.startswith("kb check: записей — 4, ошибок — 3, предупреждений — 0 (")


def test_the_language_comes_from_the_environment_when_not_asked(project):
    """KB_LANG, then LC_ALL, LC_MESSAGES, LANG; a language the site lacks, or C, gives the main one;
    --lang wins over all of them."""
    root = project(MISTAKES)
    assert _lines(_kb_check(root, env={"LANG": "ru_RU.UTF-8"}))[0] == RU[0]
    assert _lines(_kb_check(root, env={"LC_MESSAGES": "ru_RU.UTF-8", "LANG": "en_GB.UTF-8"}))[0] == RU[0]
    assert _lines(_kb_check(root, env={"LC_ALL": "C.UTF-8", "LANG": "ru_RU.UTF-8"}))[0] == EN[0]
    assert _lines(_kb_check(root, env={"KB_LANG": "ru", "LC_ALL": "en_US.UTF-8"}))[0] == RU[0]
    assert _lines(_kb_check(root, env={"LANG": "de_DE.UTF-8"}))[0] == EN[0]
    assert _lines(_kb_check(root, "--lang", "en", env={"KB_LANG": "ru"}))[0] == EN[0]
    bad = _kb_check(root, "--lang", "de")
    assert bad.returncode == 2 and bad.stderr == "kb: --lang must be one of the languages of kb.yml: en, ru\n"


def test_github_annotations_speak_the_language_too(project):
    root = project(MISTAKES)
    out = _kb_check(root, "--format", "github", "--lang", "ru").stdout.splitlines()
    assert out[0] == (
        "::error file=kb/zones/avangard.md,line=3,col=1,title=kb check::[broken-ref] type: указано «industrial-productoin», "
        "но такой записи в коллекции sez-types нет; возможно, имелось в виду «industrial-production»?"
    )


def test_a_missing_or_wrong_translation_of_a_message_is_a_located_error(project):
    """kb.yml's rule_messages: a message left without its ru text, a misspelt id and a template
    that fills in a name the engine's text lacks are each reported; the rest is still said in Russian."""
    text = (SAMPLE / "kb/kb.yml").read_text(encoding="utf-8")
    wrong = (
        text.replace('  future-date: {ru: "{field}: дата {value} ещё не наступила"}\n', "")
        .replace('  bom: {ru: "файл начинается с метки порядка байтов (BOM);', '  bmo: {ru: "файл начинается с метки порядка байтов (BOM);')
        .replace(
            '  missing-section: {ru: "в тексте должен быть раздел «## {heading}»"}',
            '  missing-section: {ru: "в тексте должен быть раздел «## {title}»"}',
        )
    )
    root = project({**MISTAKES, "kb/kb.yml": wrong})
    lines = wrong.split("\n")
    start = lines.index("rule_messages:") + 1
    bmo = next(i for i, line in enumerate(lines, 1) if line.startswith("  bmo:"))
    section = next(i for i, line in enumerate(lines, 1) if "## {title}" in line)
    out = _lines(_kb_check(root, "kb/kb.yml", "--lang", "ru"))
    assert out == [
        f"kb/kb.yml:{start}:1: error [bad-settings] в rule_messages нет текста на языке ru для сообщений (3): bom, future-date, missing-section",
        f"kb/kb.yml:{bmo}:3: error [bad-settings] rule_messages.bmo: сообщения «bmo» нет; возможно, имелось в виду «bom»?",
        f"kb/kb.yml:{section}:21: error [bad-settings] rule_messages.missing-section.ru: используйте те же подстановки {{…}}, что и в тексте движка: {{heading}}",
    ]


def test_a_bad_changes_item_is_a_located_error_in_either_language(project):
    """An entry's `changes` are checked like every other fact: a date that is not a date or lies after
    the check's today, and a note without its text in one of the languages, each at its line (the
    item after a refused one keeps its own number and line); the items that pass are kept."""
    from conftest import checked, problems_of
    from sample_kb import ZONE

    changes = """changes:
  - {date: 2026-11-20, note: {en: Area updated., ru: Уточнена площадь.}}
  - {date: 2026-13-01, note: {en: Bad date., ru: Неверная дата.}}
  - {date: 2026-12-25, note: {en: In the future., ru: В будущем.}}
  - {date: 2026-11-21, note: {en: No Russian.}}
sources:"""
    root = project({**FILES, "kb/zones/avangard.md": ZONE.replace("sources:", changes, 1)})
    problems = problems_of(root, TODAY)
    assert [p.format() for p in problems] == [
        "kb/zones/avangard.md:14:6: error [bad-format] changes[2].date must be a date written YYYY-MM-DD (got '2026-13-01')",
        "kb/zones/avangard.md:15:6: error [future-date] changes[3].date is 2026-12-25, a date in the future",
        "kb/zones/avangard.md:16:24: error [missing-field] 'ru' is required to changes[4].note",
    ]
    words = SETTINGS["rule_messages"]
    assert [p.format("ru", words) for p in problems] == [
        "kb/zones/avangard.md:14:6: error [bad-format] changes[2].date: ожидается дата в формате ГГГГ-ММ-ДД (указано «2026-13-01»)",
        "kb/zones/avangard.md:15:6: error [future-date] changes[3].date: дата 2026-12-25 ещё не наступила",
        "kb/zones/avangard.md:16:24: error [missing-field] не заполнено обязательное поле «ru» в changes[4].note",
    ]
    entry = checked(root, TODAY).entry(("zones", "avangard"))
    assert entry.facts["changes"] == [{"date": "2026-11-20", "note": {"en": "Area updated.", "ru": "Уточнена площадь."}}]


def test_the_yaml_parsers_common_reasons_are_said_in_russian_too(project):
    """The YAML parser words its reasons in English; the common ones are phrases of the engine, so
    a Russian editor reads the whole message in Russian (a rare one stays as the parser says it)."""
    from conftest import problems_of

    root = project({**FILES, "kb/zones/avangard.md": "---\ntitle: Avangard: a zone\n---\n## Overview\n\nText.\n"})
    problems = [p for p in problems_of(root, TODAY) if p.path == "kb/zones/avangard.md"]
    words = SETTINGS["rule_messages"]
    assert [p.format() for p in problems] == [
        "kb/zones/avangard.md:2:16: error [yaml-syntax] front matter is not valid YAML: mapping values are not allowed in this context"
    ]
    assert [p.format("ru", words) for p in problems] == [
        "kb/zones/avangard.md:2:16: error [yaml-syntax] блок полей записи: ошибка синтаксиса YAML — здесь не может начинаться пара «ключ: значение»"
    ]
