"""The table view: the entries whose fields have given values, in the columns given, on the sample
base (kb.yml's `overview/zones-closed-early`: zones with status closed, sorted by closing date)."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import checked
from kb.render.renderer import Renderer
from sample_kb import FILES, TODAY, ZONE, ZONE_RU


def closed_zone(title: str, closed: str, extra: str = "") -> str:
    return ZONE.replace("title: Avangard", f"title: {title}").replace("status: operating", f"status: closed\nclosed: {closed}{extra}")


DECREE = (
    '\nclosure_decree: {en: Decree No. 1 | of 2016, ru: Постановление № 1, url: "https://example.org/d1"}'
    "\nclosure_reason: {en: No residents., ru: Нет резидентов.}"
)
FILES_WITH_CLOSED = {
    **FILES,
    "kb/zones/zb.md": closed_zone("Zone B", "2016-09-29", DECREE),
    "kb/zones/zb.ru.md": ZONE_RU.replace("Авангард", "Зона Б"),
    "kb/zones/za.md": closed_zone("Zone A", "2012-12"),
    "kb/zones/za.ru.md": ZONE_RU.replace("Авангард", "Зона А"),
}


def pages_of(root) -> dict[str, str]:
    kb = checked(root, TODAY)
    assert [p.format() for p in kb.problems] == []
    return {page.uri: page.markdown for page in Renderer(kb, today=dt.date.fromisoformat(TODAY)).pages()}


def table_rows(markdown: str) -> list[str]:
    return [line for line in markdown.splitlines() if line.startswith("|")]


def test_closed_zones_table_lists_exactly_the_closed_zones_by_closing_date(project):
    pages = pages_of(project(FILES_WITH_CLOSED))
    assert table_rows(pages["overview/zones-closed-early.md"]) == [
        "| Name | Region | Type | Created | Creation decree | Closed early | Closure decree | Reason for closure |",
        "|---|---|---|---|---|---|---|---|",
        "| [Zone A](../zones/za.md) | [Omsk Region](../regions/omsk.md) | [Industrial-production zone](../sez-types/industrial-production.md) | December 2020 |  | December 2012 |  |  |",
        "| [Zone B](../zones/zb.md) | [Omsk Region](../regions/omsk.md) | [Industrial-production zone](../sez-types/industrial-production.md) | December 2020 |  | September 29, 2016 "
        '| <a href="https://example.org/d1" rel="noopener noreferrer">Decree No. 1 &#124; of 2016</a> | No residents. |',
    ]
    assert table_rows(pages["ru/overview/zones-closed-early.md"])[2:] == [
        "| [Зона А](../zones/za.md) | [Омская область](../regions/omsk.md) | [Промышленно-производственная зона](../sez-types/industrial-production.md) | декабрь 2020\u202fг. |  | декабрь 2012\u202fг. |  |  |",
        "| [Зона Б](../zones/zb.md) | [Омская область](../regions/omsk.md) | [Промышленно-производственная зона](../sez-types/industrial-production.md) | декабрь 2020\u202fг. |  | 29 сентября 2016\u202fг. "
        '| <a href="https://example.org/d1" rel="noopener noreferrer">Постановление № 1</a> | Нет резидентов. |',
    ]
    # Below the table: the catalogue filtered the same way, with the count.
    assert (
        pages["overview/zones-closed-early.md"]
        .rstrip()
        .endswith('<a href="../../zones/?status=closed">The full list (2) is in the catalogue</a>')
    )
    assert (
        pages["ru/overview/zones-closed-early.md"]
        .rstrip()
        .endswith('<a href="../../zones/?status=closed">Полный список (2) — в каталоге</a>')
    )


@pytest.mark.parametrize(
    ("written", "misspelt", "column", "message"),
    [
        ("    sort: closed", "    sort: closd", 5, "views[4].sort names 'closd', which is not a field of zones; did you mean 'closed'?"),
        # Inside a mapping (the table's `where`): at the key's own line and column, with the path an
        # editor reads, not at the view's top.
        (
            "    where: {status: closed}",
            "    where: {statsu: closed}",
            13,
            "views[4].where names 'statsu', which is not a field of zones; did you mean 'status'?",
        ),
    ],
    ids=["sort", "where"],
)
def test_table_naming_a_field_the_collection_lacks_is_a_settings_error_where_it_is_written(project, written, misspelt, column, message):
    root = project(FILES)
    kb_yml = root / "kb" / "kb.yml"
    text = kb_yml.read_text(encoding="utf-8")
    kb_yml.write_text(text.replace(written + "\n", misspelt + "\n", 1), encoding="utf-8")
    line = text.split("\n").index(written) + 1
    problems = [p.format() for p in checked(root, TODAY).problems]
    assert f"kb/kb.yml:{line}:{column}: error [bad-settings] {message}" in problems


def test_an_entry_may_link_a_view_page_like_an_entry(project):
    """A link to a generated view's page (../overview/zones-closed-early.md) is not a broken link;
    a misspelt one still is."""
    good = FILES["kb/regions/omsk.md"].replace("Omsk has", "See [the closed zones](../overview/zones-closed-early.md). Omsk has")
    bad = FILES["kb/regions/omsk.md"].replace("Omsk has", "See [the closed zones](../overview/zones-closed.md). Omsk has")
    assert [p.format() for p in checked(project({**FILES, "kb/regions/omsk.md": good}), TODAY).problems] == []
    assert [p.rule for p in checked(project({**FILES, "kb/regions/omsk.md": bad}), TODAY).problems] == ["broken-link"]
