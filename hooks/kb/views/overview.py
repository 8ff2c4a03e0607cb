"""Generated views: overview pages beyond the catalogues, each kind registered once.

A kind is its settings (a JSON Schema fragment that `kb.read.settings` adds to kb.yml's schema),
the settings that name collections or fields (checked against the loaded schemas here), and
its render function. Adding a kind is adding one `ViewKind` to `VIEWS`.
"""

from __future__ import annotations

import json
import math
import re
from urllib.parse import quote

from kb.core.model import BARE
from kb.pages.entry_pages import view_page
from kb.pages.format import esc, format_number
from kb.pages.site import href, page_url
from kb.read.views import outline_rings
from kb.views.svg import Group, Point, Projection, border_paths, inside, legend_html, map_svg, near, timeline_svg


def groups(ctx, view, lang: str) -> dict[str, Group]:
    """Groups of a chart, by the group_by field: for a reference, the entries of the collection it
    names, each with the colour in its colour_field; for a vocabulary, its terms in their order,
    each with its `colour` or, where it has none, the next of PALETTE's."""
    collection = ctx.kb.collections[view.options["collection"]]
    prop = collection.properties[view.options["group_by"]].values
    target, vocab = prop.ref, prop.vocab
    if vocab:
        terms = ctx.kb.vocabularies.get(vocab, {})
        return {
            term: Group(ctx.fmt.term_label(vocab, term, lang), _colour(fields.get("colour"), PALETTE[i % len(PALETTE)]))
            for i, (term, fields) in enumerate(terms.items())
        }
    colour = view.options.get("colour_field")
    return {
        entry.id: Group(entry.title(lang), _colour(entry.facts.get(colour)))
        for entry in (ctx.sorted_entries(target, lang) if target in ctx.kb.collections else [])
    }


# The colours of groups that declare none, in order: Okabe and Ito's palette, told apart with
# every common colour-vision deficiency (its black left out: it is the map's text colour).
PALETTE = ("#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#d55e00", "#cc79a7")


def _colour(value, fallback: str = "#777777") -> str:
    return value if isinstance(value, str) and re.fullmatch(r"#[0-9a-fA-F]{3,8}", value) else fallback


def matrix(ctx, view, lang: str):
    uri = ctx.layout.view(lang, view.path)
    rows, columns, field = view.options["rows"], view.options["columns"], view.options["field"]
    cols = ctx.sorted_entries(columns, lang)
    out = [
        f"| {esc(ctx.kb.collections[rows].name_of(lang))} | " + " | ".join(ctx.fmt.link(uri, c.ref, lang) for c in cols) + " |",
        "|---|" + ":---:|" * len(cols),
    ]
    entries = ctx.sorted_entries(rows, lang)
    if len(entries) > ctx.kb.settings.page_items_max:
        # A large base: how many rows name each column, so the page does not grow with the base;
        # each row's entry page still names its columns.
        counts = [sum(c.id in (e.facts.get(field) or []) for e in entries) for c in cols]
        target = href(uri, ctx.layout.catalogue(lang, rows))
        out.append(
            f'| <a href="{target}">{esc(ctx.kb.label("count", lang))}: {format_number(len(entries), lang)}</a> | '
            + " | ".join(format_number(n, lang) for n in counts)
            + " |"
        )
        return view_page(ctx, view, lang, out)
    for entry in entries:
        targets = entry.facts.get(field) or []
        out.append(f"| {ctx.fmt.link(uri, entry.ref, lang)} | " + " | ".join("✓" if c.id in targets else "—" for c in cols) + " |")
    return view_page(ctx, view, lang, out)


def map_view(ctx, view, lang: str):
    uri = ctx.layout.view(lang, view.path)
    name, group_by = view.options["collection"], view.options["group_by"]
    collection = ctx.kb.collections[name]
    props = collection.properties
    place = collection.role("place")
    by_group = groups(ctx, view, lang)
    placed = _placed(ctx, view, lang)
    head = [ctx.fmt.label("map-number", lang), esc(collection.name_of(lang)), esc(props[place].label_in(lang, "")) if place else ""]
    grouped = bool(place) and len(placed) > ctx.kb.settings.page_items_max
    points, rows = _points(ctx, view, lang, placed), []
    # One table per group, under the group's name, in the legend's order (the points are numbered
    # so): the name is written once, not in every row of one table.
    for number, entry in [] if grouped else enumerate(placed, 1):
        key = entry.facts.get(group_by)
        if number == 1 or key != placed[number - 2].facts.get(group_by):
            group = by_group.get(key)
            # as HTML, so that it adds no line to the page's table of contents (hidden here, yet
            # written into the page twice) and needs no link of its own
            rows += [
                "",
                f'<h2 class="kb-map-group">{esc(group.label) if group else "—"}</h2>',
                "",
                "| " + " | ".join(head) + " |",
                "|" + "---|" * len(head),
            ]
        region_cell = ctx.fmt.value(props[place], entry.facts[place], lang, uri, entry, compact=True) if place in entry.facts else ""
        rows.append(f"| {number} | {ctx.fmt.link(uri, entry.ref, lang)} | {region_cell} |")
    if grouped:
        points, rows, head = _places(ctx, view, lang, placed, place)
        rows = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head), *rows]
    projection, frame = _projection(view, points)
    outline_text = _outline_text(ctx, view)

    def draw() -> str:
        outline = outline_rings(outline_text) or []
        # No <desc>: the view's intro, which tells how to read the map, is the paragraph just above it.
        svg = map_svg(
            points,
            outline,
            view.title_in(lang),
            "",
            tuple(view.options["bounds"]),
            projection,
            frame=frame,
            quiet=lambda point: bool(frame) and inside(point, frame),
        )
        if frame:
            title = view.options["inset"].get("title", {}).get(lang, "")
            svg += f'\n<p class="kb-map-inset-title" aria-hidden="true">{esc(title)}</p>\n' + map_svg(
                [pt for pt in points if inside(pt, frame)],
                outline,
                title,
                "",
                frame,
                _inset_projection(projection, frame),
                key="kb-map-inset",
            )
        return svg

    # The drawing reads the facts and settings (the fingerprint `ctx.digest`) and the outline file:
    # kept between the rebuilds of `mkdocs serve` while those stay the same.
    key = (ctx.digest, outline_text)
    svg = ctx.cache.get(ctx.cache.drawn, ("map", view.path, lang), key, draw)
    if not grouped:
        svg += legend_html(
            list(by_group.values()),
            ctx.kb.label("map-legend", lang),
            _hollow_terms(ctx, view, lang) if any(p.hollow for p in points) else [],
        )
    finder = ""
    if "borders" in view.options and place:
        finder = f' data-map="{MAP_DATA}"'  # the labels are in the file too: the page stays small
    return view_page(ctx, view, lang, [f'<figure class="kb-chart kb-map-figure"{finder}>\n{svg}\n</figure>', "", *rows])


MAP_DATA = "borders.json"


def _placed(ctx, view, lang: str) -> list:
    """The entries with coordinates, by group (in the legend's order), then by title."""
    order = {key: i for i, key in enumerate(groups(ctx, view, lang))}
    placed = [e for e in ctx.sorted_entries(view.options["collection"], lang) if _coordinates(e.facts.get(view.options["field"]))]
    return sorted(placed, key=lambda e: order.get(e.facts.get(view.options["group_by"]), len(order)))


def _points(ctx, view, lang: str, placed: list) -> list[Point]:
    """A numbered point per placed entry (the number keys it to the table under the map)."""
    uri = ctx.layout.view(lang, view.path)
    name, field, group_by = view.options["collection"], view.options["field"], view.options["group_by"]
    props = ctx.kb.collections[name].properties
    place = ctx.kb.collections[name].role("place")
    by_group = groups(ctx, view, lang)
    hollow = view.options.get("hollow") or {}
    points = []
    for number, entry in enumerate(placed, 1):
        coords = entry.facts[field]
        group = by_group.get(entry.facts.get(group_by))
        vocab = props[place].vocab if place else None
        region = ctx.fmt.term_label(vocab, entry.facts[place], lang) if vocab and place in entry.facts else ""
        points.append(
            Point(
                coords[0],
                coords[1],
                f"{number}. {entry.title(lang)} — {region}" if region else f"{number}. {entry.title(lang)}",
                href(uri, ctx.layout.entry(lang, *entry.ref)),
                group.colour if group else "#777777",
                entry.title(lang),
                number=str(number),
                place=str(entry.facts.get(place, "")) if place else "",
                hollow=bool(hollow) and entry.facts.get(hollow["field"]) in hollow["values"],
            )
        )
    return points


def _projection(view, points: list[Point]):
    p, inset = view.options["projection"], view.options.get("inset")
    projection = Projection(p["centre"], tuple(p["parallels"]), p["origin"])
    frame = tuple(inset["bounds"]) if inset and any(inside(pt, tuple(inset["bounds"])) for pt in points) else None
    return projection, frame


def _inset_projection(projection: Projection, frame) -> Projection:
    w, s, e, n = frame
    return Projection((w + e) / 2, projection.parallels, (s + n) / 2)


def _hollow_terms(ctx, view, lang: str) -> list[str]:
    """The legend's names of the values drawn hollow (their vocabulary's terms where there is one)."""
    hollow = view.options.get("hollow")
    if not hollow:
        return []
    prop = ctx.kb.collections[view.options["collection"]].properties[hollow["field"]]
    return [ctx.fmt.term_label(prop.vocab, v, lang) if prop.vocab else str(v) for v in hollow["values"]]


def map_data(ctx, view, lang: str) -> dict[str, bytes]:
    """The borders of the place field's values (say, regions), beside the map's page for map.js to
    draw and find by name (heavy geometry stays out of the page): each place's name in the page's
    language and its path in the units of the map and of its inset, and the numbered points at
    each place."""
    if "borders" not in view.options:
        return {}
    name = view.options["collection"]
    vocab = ctx.kb.collections[name].properties.get(ctx.kb.collections[name].role("place") or "", BARE).vocab
    placed = _placed(ctx, view, lang)
    place = ctx.kb.collections[name].role("place")
    grouped = bool(place) and len(placed) > ctx.kb.settings.page_items_max
    points = _places(ctx, view, lang, placed, place)[0] if grouped else _points(ctx, view, lang, placed)
    projection, frame = _projection(view, points)
    try:
        text = (ctx.kb.root / ctx.kb.settings.kb_dir / view.options["borders"]).read_text(encoding="utf-8")
    except OSError:
        text = ""  # a missing file draws no borders

    def draw() -> list[dict[str, str]]:
        borders = _borders(text)
        maps = [border_paths(borders, points, tuple(view.options["bounds"]), projection)]
        if frame:
            maps.append(border_paths(borders, [pt for pt in points if inside(pt, frame)], frame, _inset_projection(projection, frame)))
        return maps

    # The same drawing in every language (and in every rebuild that changes neither the file nor
    # the points): projected, cut and simplified once. Each language numbers the points in the
    # order of its own names; the drawing depends only on where they are.
    key = (text, tuple(sorted((pt.lat, pt.lon) for pt in points)), tuple(view.options["bounds"]), projection, frame)
    maps = ctx.cache.get(ctx.cache.drawn, ("borders", view.path), key, draw)
    terms = ctx.kb.vocabularies.get(vocab, {}) if vocab else {}
    names = sorted(((code, ctx.fmt.term_label(vocab, code, lang)) for code in terms if code in maps[0]), key=lambda kv: _folded(ctx, kv[1]))
    at: dict[str, list] = {}
    for point in [] if grouped else points:
        at.setdefault(point.place, []).append([point.number, point.name, point.href])
    uri = ctx.layout.view(lang, view.path)
    labels = {k: ctx.kb.label(k, lang) for k in ("map-find-place", "map-all-places", "map-place-entries", "map-place-none")}
    return {
        page_url(uri) + MAP_DATA: json.dumps(
            {"places": names, "maps": maps, "entries": at, "labels": labels, "param": place}, ensure_ascii=False, separators=(",", ":")
        ).encode("utf-8")
    }


def _folded(ctx, name: str) -> str:
    """A name as lists sort it: lower case, with the base's letter folding (name_folding)."""
    name = name.casefold()
    for letter, plain in ctx.kb.settings.name_folding.items():
        name = name.replace(letter, plain)
    return name


def _borders(text: str) -> dict[str, list]:
    """The outer rings of each feature of the view's borders file, by its `id` property."""
    try:
        data = json.loads(text)
        out = {}
        for feature in data["features"]:
            geometry = feature["geometry"]
            polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
            out[str(feature["properties"]["id"])] = [polygon[0] for polygon in polygons]
        # Larger places first, so that a smaller one inside (a city in its province) is drawn over it.
        return dict(sorted(out.items(), key=lambda kv: -sum(_area(r) for r in kv[1])))
    except (ValueError, KeyError, TypeError, IndexError):
        return {}  # a broken file draws no borders


def _area(ring: list) -> float:
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]))) / 2


def _coordinates(value) -> bool:
    return isinstance(value, list) and len(value) == 2 and all(isinstance(c, (int, float)) and not isinstance(c, bool) for c in value)


def _places(ctx, view, lang: str, entries: list, place: str):
    """A map of more entries than a page should list: one point per value of the place field, at
    the middle of its entries and sized by their number, and a table of the values, each linking
    the catalogue filtered by it (the points themselves are dots, so the page stays small)."""
    name, field = view.options["collection"], view.options["field"]
    uri = ctx.layout.view(lang, view.path)
    prop = ctx.kb.collections[name].properties[place]
    catalogue = href(uri, ctx.layout.catalogue(lang, name))
    centre = sum(view.options["bounds"][::2]) / 2
    found: dict[str, list] = {}
    for entry in entries:
        if isinstance(entry.facts.get(place), str):
            found.setdefault(entry.facts[place], []).append(entry)
    points, rows = [], []
    for value, members in sorted(found.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        title = ctx.fmt.term_label(prop.vocab, value, lang) if prop.vocab else value
        link = f"{catalogue}?{quote(place)}={quote(value)}"
        # fsum: the same middle whatever the order of the members (each language sorts them by its names)
        lat = math.fsum(e.facts[field][0] for e in members) / len(members)
        lon = math.fsum(near(e.facts[field][1], centre) for e in members) / len(members)
        count = format_number(len(members), lang)
        points.append(Point(lat, lon, f"{title} — {count}", "", "#4f6d9a", title, len(members)))
        rows.append(f'| {esc(title)} | <a href="{esc(link)}">{count}</a> |')
    head = [esc(prop.label_in(lang, place)), esc(ctx.kb.collections[name].name_of(lang))]
    return points, rows, head


def _outline_text(ctx, view) -> str:
    """The view's outline file as written ('' when there is none or it does not read; the check
    has made sure it does)."""
    try:
        return (
            (ctx.kb.root / ctx.kb.settings.kb_dir / view.options["outline"]).read_text(encoding="utf-8")
            if "outline" in view.options
            else ""
        )
    except (OSError, UnicodeDecodeError):
        return ""


def timeline(ctx, view, lang: str):
    uri = ctx.layout.view(lang, view.path)
    name, field, group_by = view.options["collection"], view.options["field"], view.options["group_by"]
    by_group = groups(ctx, view, lang)
    counts: dict[int, dict[str, int]] = {}
    missing = []
    for entry in ctx.sorted_entries(name, lang):
        digits = str(entry.facts.get(field, ""))[:4]
        if not digits.isdigit():
            missing.append(entry)
            continue
        row = counts.setdefault(int(digits), {})
        key = entry.facts.get(group_by)
        row[key] = row.get(key, 0) + 1
    out = []
    if counts:
        chart = timeline_svg(counts, by_group, view.title_in(lang), view.intro.get(lang, "")) + legend_html(
            list(by_group.values()), ctx.kb.label("map-legend", lang)
        )
        out += [
            f'<figure class="kb-chart">\n{chart}\n</figure>',
            "",
            f"| {ctx.fmt.label('year', lang)} | "
            + " | ".join(esc(g.label) for g in by_group.values())
            + f" | {ctx.fmt.label('total', lang)} |",
            "|---|" + "---:|" * (len(by_group) + 1),
        ]
        for year in sorted(counts):
            row = counts[year]
            out.append(f"| {year} | " + " | ".join(str(row.get(k, 0)) for k in by_group) + f" | {sum(row.values())} |")
    if missing:
        limit = ctx.kb.settings.page_items_max  # a large base names the first few only
        more = f" (+{format_number(len(missing) - limit, lang)})" if len(missing) > limit else ""
        out += ["", f"{ctx.fmt.label('no-year', lang)}: " + ", ".join(ctx.fmt.link(uri, e.ref, lang) for e in missing[:limit]) + more + "."]
    return view_page(ctx, view, lang, out)


def table(ctx, view, lang: str):
    """The entries of a collection that match every `where` value, one row each, in the columns
    given (sorted by `sort`, then by title), and a link to the catalogue filtered the same way."""
    uri = ctx.layout.view(lang, view.path)
    name, columns, where, sort = (
        view.options["collection"],
        view.options["columns"],
        view.options.get("where") or {},
        view.options.get("sort"),
    )
    collection = ctx.kb.collections[name]
    props = collection.properties
    entries = [e for e in ctx.sorted_entries(name, lang) if all(e.facts.get(k) == v for k, v in where.items())]
    if sort:
        entries.sort(key=lambda e: (sort not in e.facts, str(e.facts.get(sort, ""))))
    limit = ctx.kb.settings.page_items_max
    name_label = props.get(collection.name_field, BARE).label_in(lang, collection.name_of(lang))
    head = [esc(name_label)] + [esc(props[c].label_in(lang, c)) for c in columns]
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for entry in entries[:limit]:
        cells = [ctx.fmt.link(uri, entry.ref, lang)] + [
            ctx.fmt.value(props[c], entry.facts.get(c), lang, uri, entry, compact=True) for c in columns
        ]
        out.append("| " + " | ".join(cell.replace("|", "&#124;").replace("\n", " ") for cell in cells) + " |")
    query = "&".join(f"{quote(k)}={quote(str(v))}" for k, v in where.items() if props[k].filter)
    target = href(uri, ctx.layout.catalogue(lang, name)) + (f"?{query}" if query else "")
    out += ["", f'<a href="{esc(target)}">{ctx.fmt.phrase("tool-all", lang, n=format_number(len(entries), lang))}</a>']
    return view_page(ctx, view, lang, out)
