"""The editors' pages in every language: field descriptions, rule meanings, page words and the
navigation come from the schemas and kb.yml in the page's language; a schema or kb.yml that
leaves a language out is a located problem of `kb check`."""

from __future__ import annotations

import html
import re

import pytest

from conftest import SAMPLE, pipeline, problems_of, write_project
from kb.pages.format import esc
from sample_kb import FILES, TODAY

ZONES = "kb/schemas/zones.schema.yml"
AREA_EN = "Area of the zone in hectares, with its date."
AREA_RU = "Площадь зоны, га; указывается с датой."


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    """The sample base's checked model and generated pages."""
    return pipeline(write_project(tmp_path_factory.mktemp("editors"), FILES), "2026-12-06")


def test_fields_page_shows_each_description_in_its_language(real):
    """Every field of every collection: the Russian page has its Russian description and not its
    English one; the English page the other way round, as before."""
    kb, pages = real
    ru, en = pages["ru/editors/fields.md"], pages["editors/fields.md"]
    for collection in kb.collections.values():
        for field, prop in collection.raw_schema["properties"].items():
            assert f"| `{field}` |" in ru
            assert esc(prop["x-description"]["ru"]) in ru, (collection.name, field)
            assert esc(prop["description"]) not in ru, (collection.name, field)
            assert esc(prop["description"]) in en and esc(prop["x-description"]["ru"]) not in en
        assert esc(collection.raw_schema["x-description"]["ru"]) in ru
    assert f"| `area_ha` | нет | показатель с датой: `{{value, as_of, source, unconfirmed, note}}` | {esc(AREA_RU)} |" in ru
    assert f"| `area_ha` | no | figure: `{{value, as_of, source, unconfirmed, note}}` | {esc(AREA_EN)} |" in en
    assert "| Поле | Обязательное | Значение | Описание |" in ru
    assert "| `color` | да | цвет в виде #rrggbb строчными буквами, например #1f77b4 |" in ru


def test_rules_page_gives_russian_meanings_and_russian_messages(real):
    """The rules page in Russian: Russian words, meanings and example messages (what `kb check
    --lang ru` prints), and the page says how to ask for them."""
    _, pages = real
    ru, en = pages["ru/editors/index.md"], pages["editors/index.md"]
    assert "| `missing-field` | ошибка | Не заполнено обязательное поле. | не заполнено обязательное поле «" in ru
    assert (
        "| `bad-format` | ошибка | Неверно записаны дата, веб-адрес, код или координаты. | reviewed: ожидается дата в формате ГГГГ-ММ-ДД (указано «2020-13-01») |"
        in ru
    )
    assert (
        "| `bad-format` | error | A malformed date, web address, code or coordinate. | reviewed must be a date written YYYY-MM-DD (got &#x27;2020-13-01&#x27;) |"
        in en
    )
    assert "| `stale-review` | предупреждение | Запись не проверялась дольше установленного срока. |" in ru
    assert "A required field is absent." not in ru and "A required field is absent." in en
    assert "| Правило | Уровень | Что означает | Пример сообщения |" in ru
    assert "`kb check` выводит сообщения на языке, заданном ключом `--lang ru`, а без него — на языке окружения" in ru
    assert "на английском языке" not in ru
    assert (
        pages["ru/editors/review.md"]
        .split("---\n")[-1]
        .startswith("# Требуют проверки\n\nЗаписи, которые не проверялись дольше установленного срока (12 мес., по полю `reviewed`): ")
    )


def test_russian_navigation_titles_are_russian(built_site):
    """Every title of the Russian navigation is Russian: no word in Latin letters but codes and
    names (Atom), and the English-only engine reference says it is in English."""
    page = (built_site / "ru/editors/fields/index.html").read_text()
    nav = page[page.index("md-nav--primary") : page.index("md-sidebar--secondary")]
    nav = re.sub(r'<nav class="md-nav md-nav--secondary".*?</nav>', "", nav, flags=re.S)  # the page's contents
    titles = [html.unescape(t) for t in re.findall(r'<span class="md-ellipsis">\s*([^<]+?)\s*</span>', nav)]
    assert "Поля записей" in titles and "Допустимые значения" in titles and "Требуют проверки" in titles
    assert "Справочник по движку (на английском)" in titles
    latin = [t for t in titles if re.search(r"\b[A-Za-z]{2,}\b", t)]
    assert latin == []
    assert re.search(
        r'<a href="\.\./\.\./\.\./api/" class="md-nav__link">\s*<span class="md-ellipsis">\s*Справочник по движку \(на английском\)', nav
    )
    assert "<title>Поля записей - " in page


def _schema_without(text: str, line: str) -> str:
    assert line in text
    return text.replace(line, "")


def test_a_field_without_its_russian_description_is_located(project):
    """A field whose description has no Russian text: one error at the description's line, and
    the Russian page shows the English description rather than nothing."""
    text = (SAMPLE / ZONES).read_text()
    line = f'    x-description: {{ru: "{AREA_RU}"}}\n'
    broken = _schema_without(text, line)
    root = project({**FILES, ZONES: broken})
    number = broken.split("\n").index(f"    description: {AREA_EN}") + 1
    assert [p.format() for p in problems_of(root, TODAY, {ZONES})] == [
        f"{ZONES}:{number}:5: error [bad-schema] field 'area_ha' has no description in ru: add x-description: {{ru: …}}"
    ]
    _, pages = pipeline(root, TODAY)
    assert f"| {esc(AREA_EN)} |" in pages["ru/editors/fields.md"]


def test_a_translation_under_a_wrong_key_is_located_and_left_out(project):
    """x-description under a language the site does not have, or under the main language."""
    text = (SAMPLE / ZONES).read_text()
    wrong = text.replace(f'x-description: {{ru: "{AREA_RU}"}}', f'x-description: {{ru: "{AREA_RU}", rus: Площадь, en: Area}}')
    root = project({**FILES, ZONES: wrong})
    number = wrong.split("\n").index(f"    description: {AREA_EN}") + 2
    line = wrong.split("\n")[number - 1]
    rus, en = line.index("rus:") + 1, line.index("en:") + 1
    assert [p.format() for p in problems_of(root, TODAY, {ZONES})] == [
        f"{ZONES}:{number}:{rus}: error [bad-schema] properties.area_ha: x-description.rus: 'rus' is not one of the other languages of kb.yml (ru); did you mean 'ru'?",
        f"{ZONES}:{number}:{en}: error [bad-schema] properties.area_ha: x-description.en: the en text is description itself; x-description holds only ru",
    ]
    _, pages = pipeline(root, TODAY)
    assert esc(AREA_RU) in pages["ru/editors/fields.md"]


def test_a_nested_description_needs_its_translation_too(project):
    """A description inside a definition (here of a figure's value) is checked like a field's."""
    path = "kb/schemas/_defs.schema.yml"
    text = (SAMPLE / path).read_text()
    broken = _schema_without(text, "        x-description: {ru: Само значение.}\n")
    root = project({**FILES, path: broken})
    number = broken.split("\n").index("        description: The number itself.") + 1
    assert [p.format() for p in problems_of(root, TODAY, {path})] == [
        f"{path}:{number}:9: error [bad-schema] $defs.figure.properties.value has no description in ru: add x-description: {{ru: …}}"
    ]


def test_rule_meanings_name_real_rules_in_every_other_language(project):
    """kb.yml's rule_meanings: a misspelt rule is an error at its line; a rule left without its
    Russian meaning is one error naming it; the page then gives the engine's English meaning."""
    text = (SAMPLE / "kb/kb.yml").read_text()
    old = '  missing-field: {ru: "Не заполнено обязательное поле."}\n'
    wrong = text.replace(old, '  missing-feild: {ru: "Не заполнено обязательное поле."}\n')
    root = project({**FILES, "kb/kb.yml": wrong})
    number = wrong.split("\n").index('  missing-feild: {ru: "Не заполнено обязательное поле."}') + 1
    start = wrong.split("\n").index("rule_meanings:") + 1
    assert [p.format() for p in problems_of(root, TODAY, {"kb/kb.yml"})] == [
        f"kb/kb.yml:{start}:1: error [bad-settings] rule_meanings has no ru meaning for 1 rule(s): missing-field",
        f"kb/kb.yml:{number}:3: error [bad-settings] rule_meanings.missing-feild: there is no rule 'missing-feild'; did you mean 'missing-field'?",
    ]
    _, pages = pipeline(root, TODAY)
    assert "| `missing-field` | ошибка | A required field is absent. |" in pages["ru/editors/index.md"]
