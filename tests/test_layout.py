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


@pytest.mark.parametrize("width", [390, 1280])
def test_every_map_point_has_a_hit_target_of_24_px(page, site_url, width):
    """Each point of the map and of its inset, linked, has a circle at least 24 CSS px across to
    tap (the visible dots are smaller, and neighbours in the European part lie 5 px apart)."""
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(site_url + "ru/overview/map/")
    points = page.locator("svg.kb-map a")
    assert points.count() == page.locator(".md-typeset table tbody tr").count() >= 30  # each zone linked once, in the map or its inset
    sizes = points.evaluate_all("""els => els.map(a => {
        const box = a.querySelector('.kb-map-hit').getBoundingClientRect();
        const dot = a.querySelector('.kb-map-point').getBoundingClientRect();
        return [a.getAttribute('href'), box.width, box.height, dot.width];
    })""")
    small = [s for s in sizes if s[1] < 24 or s[2] < 24]
    assert small == []
    assert min(s[3] for s in sizes) >= 9  # the dot itself is not a speck


def test_map_point_shows_its_name_on_keyboard_focus(page, site_url):
    """A point's name is hidden until the point is hovered or focused from the keyboard; then it
    is drawn, at least 11 px tall, beside the point."""
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(site_url + "ru/overview/map/")
    point = page.locator("svg.kb-map-inset a[href*='zones/lipetsk']")
    label = point.locator(".kb-map-label")
    assert label.evaluate("el => getComputedStyle(el).display") == "none"
    point.focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Shift+Tab")  # focus that came from the keyboard, as :focus-visible needs
    assert page.evaluate("document.activeElement.getAttribute('href')") == point.get_attribute("href")
    shown = label.evaluate("""el => { const s = getComputedStyle(el), r = el.getBoundingClientRect();
        return {display: s.display, visibility: s.visibility, opacity: s.opacity, height: r.height, text: el.textContent}; }""")
    assert shown["display"] != "none" and shown["visibility"] == "visible" and shown["opacity"] == "1", shown
    assert shown["height"] >= 11 and "Липецк" in shown["text"], shown


def test_map_shows_the_whole_country_with_no_land_cut_at_the_east(page, site_url):
    """The land ends inside the map's view box on the east (Chukotka, across the 180th meridian,
    is drawn whole), and the crowded European part is drawn again larger."""
    page.goto(site_url + "overview/map/")
    box = page.locator("svg.kb-map").first.evaluate("""svg => {
        const land = svg.querySelector('.kb-map-land').getBBox(), view = svg.viewBox.baseVal;
        return {right: land.x + land.width, bottom: land.y + land.height, left: land.x, width: view.width};
    }""")
    assert 0.6 * box["width"] < box["right"] < box["width"] - 2, box  # east of Kamchatka, short of the edge
    inset = page.locator("svg.kb-map-inset a")
    assert inset.count() >= 15
    assert page.locator("svg.kb-map-inset a[href*='zones/tambov']").count() == 1


@pytest.mark.parametrize("width", [390, 1280])
def test_timeline_axis_text_is_at_least_11_px_and_year_labels_do_not_overlap(page, site_url, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(site_url + "overview/timeline/")
    texts = page.locator(
        "svg.kb-timeline text"
    ).evaluate_all("""els => els
        .filter(t => getComputedStyle(t).display !== 'none')
        .map(t => { const r = t.getBoundingClientRect(); return {text: t.textContent, h: r.height, left: r.left, right: r.right, year: t.classList.contains('kb-year')}; })""")
    years = [t for t in texts if t["year"]]
    assert len(years) >= 4 and len(texts) - len(years) >= 3
    assert min(t["h"] for t in texts) >= 11, texts
    assert min(t["right"] - t["left"] for t in years) >= 11, years  # an upright label is as wide as its text is high
    for a, b in zip(years, years[1:]):
        assert a["right"] <= b["left"] + 0.5, (a, b)  # an upright label's box is its line: the digits stand clear inside it
    # Exactly the years that have a bar are labelled: those the table under the chart counts.
    table = page.locator("table tbody tr").evaluate_all(
        "rows => rows.map(r => [r.cells[0].textContent.trim(), r.cells[r.cells.length - 1].textContent.trim()])"
    )
    assert [t["text"] for t in years] == [year for year, total in table if total != "0"]


def test_table_card_on_a_phone_keeps_a_cited_value_beside_its_label(page, site_url):
    """On a phone a table row reads as a card: a value followed by its citation mark stays in the
    value's column, on the label's row, instead of the mark dropping to a row of its own."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site_url + "ru/measures/sez-tax-regime/")
    cell = page.locator("table[data-kb-stack] td:has(sup.kb-cite)", has_text="Освобождение").first
    geometry = cell.evaluate("""td => {
        const label = td.getBoundingClientRect();
        const mark = td.querySelector('sup.kb-cite').getBoundingClientRect();
        const before = parseFloat(getComputedStyle(td, '::before').width);
        return {markLeft: mark.left - label.left, labelWidth: before, top: mark.top - label.top};
    }""")
    assert geometry["markLeft"] > geometry["labelWidth"], geometry
    assert geometry["top"] < 30, geometry
