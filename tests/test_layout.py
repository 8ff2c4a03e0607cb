"""What the reader sees, measured in Chromium: legend swatches beside their names, and
neighbouring citation marks kept apart."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("path,width", [("overview/map/", 1280), ("ru/overview/map/", 390), ("ru/overview/timeline/", 1280)])
def test_each_legend_swatch_sits_beside_its_own_name(page, site_url, path, width):
    """Every swatch is 14 px, its name starts just after it on the same line, and its colour is
    the colour of that group (the theme's rule for chart SVG once stretched the swatches)."""
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(site_url + path)
    items = page.locator(".kb-legend li")
    assert items.count() >= 4
    for i in range(items.count()):
        geometry = items.nth(i).evaluate("""li => {
            const svg = li.querySelector('svg').getBoundingClientRect();
            const range = document.createRange(); range.selectNodeContents(li.lastChild);
            const text = range.getClientRects()[0];
            return {w: svg.width, gap: text.left - svg.right, dy: Math.abs((text.top + text.bottom) / 2 - (svg.top + svg.bottom) / 2)};
        }""")
        assert geometry["w"] == 14 and 0 <= geometry["gap"] <= 12 and geometry["dy"] <= 4, (i, geometry)


def test_neighbouring_citation_marks_are_separated(page, site_url):
    """Two citations side by side read as two ("9,10"), not as one number ("910")."""
    page.goto(site_url + "ru/zones/avangard/")
    pair = page.locator("sup.kb-cite + sup.kb-cite").first
    separator = pair.evaluate("el => getComputedStyle(el, '::before').content")
    assert separator == '","'


def test_print_is_light_complete_and_gives_source_addresses(page, site_url):
    """Printed, with the dark scheme on: a white page, no report link or filters, every column of
    the zones catalogue within the page, and each source's address written out."""
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    page.emulate_media(media="print", color_scheme="dark")
    page.goto(site_url + "ru/zones/avangard/")
    page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(255, 255, 255)"
    assert page.locator(".kb-report").evaluate("el => getComputedStyle(el).display") == "none"
    after = page.locator(".kb-sources a[href^='http']").first.evaluate("el => getComputedStyle(el, '::after').content")
    assert "https://" in after
    page.goto(site_url + "ru/zones/")
    page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
    assert page.locator(".kb-filters").evaluate("el => getComputedStyle(el).display") == "none"
    right = page.locator(".kb-catalogue table th").last.evaluate("el => el.getBoundingClientRect().right")
    assert right <= 794
