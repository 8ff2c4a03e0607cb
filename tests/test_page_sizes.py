"""The real knowledge base's pages stay small: every page's HTML within 60 KB, so that a reader on a
slow connection gets any page, the map and the tools included, as fast as a plain article. Heavy
data (the map's borders, a catalogue's rows) is a file beside its page, fetched once."""

from __future__ import annotations

BUDGET = 60 * 1024  # bytes of HTML per page


def test_every_page_is_within_60_kb(built_site):
    """No page of the built site is over the budget; a failure names each page over it with its size."""
    pages = list(built_site.rglob("*.html"))
    assert len(pages) > 100  # the whole site was built
    over = sorted(
        ((page.stat().st_size, page.relative_to(built_site).as_posix()) for page in pages if page.stat().st_size > BUDGET), reverse=True
    )
    assert not over, "pages over 60 KB: " + ", ".join(f"{path} ({size:,} bytes)" for size, path in over)


def test_map_borders_are_beside_the_page_not_in_it(built_site):
    """The map's regions' borders are a file beside the page (kb.js fetches it once), and the page
    draws none of them: its table lists every zone for a reader without script."""
    for lang in ("", "ru/"):
        folder = built_site / f"{lang}overview/map"
        page = (folder / "index.html").read_text(encoding="utf-8")
        assert 'data-map="borders.json"' in page and "kb-map-border" not in page
        assert (folder / "borders.json").stat().st_size < 40 * 1024  # simplified to what a screen shows
        assert page.count("<tr>") > 40
