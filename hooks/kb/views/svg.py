"""Charts drawn at build time as static SVG: a map of points over a land outline, and a
stacked bar chart by year. Pure functions of plain data; `kb.render.renderer` feeds them entries.

Nothing is fetched from another host: the outline is a GeoJSON file kept under `kb/`, and
every label and link is in the SVG itself, so the pictures work offline and in any browser.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass


@dataclass
class Point:
    lat: float
    lon: float
    label: str  # the point's accessible name and tooltip
    href: str  # empty: a dot that links nowhere (the table under the map has the links)
    colour: str
    name: str = ""  # the short label shown beside the point on hover and focus (else `label`)
    count: int = 1  # how many entries the point stands for: a point of several is drawn larger
    number: str = ""  # drawn in the point, always: the key to the numbered list under the map
    place: str = ""  # the value of the place field the point is at (map.js finds a place's points by it)
    hollow: bool = False  # drawn as a ring (say, a zone closed early)


@dataclass
class Group:
    label: str
    colour: str


# Text in the charts is drawn in the SVG's own units, which scale with the figure's width. kb.css
# sets the font size by the width of the figure (container queries), so that text is at least
# 11 CSS px wide or narrow; these are its sizes, widest step first: (from width in px, font size).
TEXT_STEPS = ((640, 18), (480, 23), (360, 31), (0, 38))
# How far a drawn outline or border may stray from the file's, in the map's units (1,000 across):
# the map fills the page's column, 938 px wide on a 1,280 px screen (the map's page has no table
# of contents beside it), so 2 units are under 2 px there, and less on a narrower screen.
SIMPLIFY = 2
HIT_RADIUS = 38  # an invisible circle round each point: at least 24 CSS px across on a phone


@dataclass(frozen=True)
class Projection:
    """Albers equal-area conic: a central meridian, two standard parallels and the latitude of
    origin, in degrees. Suited to a country wide from east to west; the base's map view names it."""

    centre: float
    parallels: tuple[float, float]
    origin: float

    def __call__(self, lat: float, lon: float) -> tuple[float, float]:
        rad = math.radians
        lat1, lat2 = self.parallels
        n = (math.sin(rad(lat1)) + math.sin(rad(lat2))) / 2 or 1e-9
        c = math.cos(rad(lat1)) ** 2 + 2 * n * math.sin(rad(lat1))
        rho0 = math.sqrt(max(c - 2 * n * math.sin(rad(self.origin)), 0)) / n
        rho = math.sqrt(max(c - 2 * n * math.sin(rad(lat)), 0)) / n
        theta = n * rad(lon - self.centre)
        return rho * math.sin(theta), rho0 - rho * math.cos(theta)


def near(lon: float, centre: float) -> float:
    """A longitude written within 180° of `centre`: -170 is 190 on a map centred at 100°E, so
    land and points across the 180th meridian stay beside the rest."""
    return lon + 360 * round((centre - lon) / 360)


def unwrap(ring: list[list[float]], centre: float) -> list[tuple[float, float]]:
    """A ring of [lon, lat] without jumps of 360° (outlines are cut at ±180°), moved as a whole
    to lie round `centre`."""
    out: list[tuple[float, float]] = []
    for lon, lat in ring:
        if out:
            lon = near(lon, out[-1][0])
        out.append((lon, lat))
    if not out:
        return out
    shift = near((min(x for x, _ in out) + max(x for x, _ in out)) / 2, centre) - (min(x for x, _ in out) + max(x for x, _ in out)) / 2
    return [(x + shift, lat) for x, lat in out]


def inside(point: Point, bounds: tuple[float, float, float, float]) -> bool:
    west, south, east, north = bounds
    return south <= point.lat <= north and west <= near(point.lon, (west + east) / 2) <= east


def map_svg(
    points: list[Point],
    outline: list[list[list[float]]],
    title: str,
    desc: str,
    bounds: tuple[float, float, float, float],
    projection: Projection,
    width: int = 1000,
    key: str = "kb-map",
    frame: tuple[float, float, float, float] | None = None,
    quiet=lambda p: False,
) -> str:
    """An SVG map: land rings (lists of [lon, lat]) as the background, linked points on top.

    `bounds` (west, south, east, north, in degrees) sets the part of the projection shown; the
    outline may reach beyond it and is cropped by the view box, which leaves no seams. `frame`
    outlines a part drawn again larger beside the map; points for which `quiet` holds are linked
    there, so here they are plain dots, left out of the tab order and of what screen readers read."""
    at, height = _canvas(points, bounds, projection, width)
    middle = (bounds[0] + bounds[2]) / 2
    rings = [[at(lat, x) for x, lat in unwrap(ring, middle)] for ring in outline]
    dots = [(at(p.lat, near(p.lon, middle)), p) for p in points]

    names = f"{key}-title {key}-desc" if desc else f"{key}-title"
    out = [
        f'<svg class="{"kb-map" if key == "kb-map" else "kb-map " + key}" viewBox="0 0 {width} {height}" role="group" aria-labelledby="{names}" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{key}-title">{html.escape(title)}</title>',
        *([f'<desc id="{key}-desc">{html.escape(desc)}</desc>'] if desc else []),
    ]
    box = (-2, -2, width + 2, height + 2)
    path = "".join(_relative_path(_clip(ring, box), 3, SIMPLIFY) for ring in rings if len(ring) > 2)
    out.append(f'<path class="kb-map-land" d="{path}"/>')
    if frame:
        fw, fs, fe, fn = frame
        ring = [(fw + (fe - fw) * i / 20, fs) for i in range(21)] + [(fe, fn)] + [(fe - (fe - fw) * i / 20, fn) for i in range(21)]
        line = _relative_path([at(lat, near(lon, middle)) for lon, lat in ring])
        out.append(f'<path class="kb-map-frame" d="{line}"/>')
    top = max((p.count for p in points), default=1)
    hidden: list[str] = []
    at_hidden = len(out)
    for (x, y), point in sorted(dots, key=lambda d: (-d[1].count, d[1].lat, d[1].lon)):
        cx, cy = round(x), round(y)
        r = 14 if point.count == 1 else round(10 + 26 * math.sqrt(point.count / top))
        dot = f'<circle cx="{cx}" cy="{cy}" r="{r}" fill="{html.escape(point.colour)}" class="kb-map-point{" kb-map-many" if point.count > 1 else ""}"/>'
        if point.hollow:  # a ring: the dot with a hole of the background's colour
            dot += f'<circle cx="{cx}" cy="{cy}" r="{r - 5}" class="kb-map-hole"/>'
        if quiet(point):  # linked in the larger drawing below: a dot only, hidden from screen readers
            hidden.append(dot)
            continue
        if not point.href:  # a point the table below the map links (a place of many entries): a dot with a tooltip
            out.append(dot.replace("/>", f"><title>{html.escape(point.label)}</title></circle>"))
            continue
        # A linked point is drawn round its own origin (one translate), so that its circles and
        # texts need no coordinates of their own: the map has a few dozen of them.
        dot = dot.replace(f'cx="{cx}" cy="{cy}" ', "")
        side = "end" if cx > width * 0.5 else "start"
        tx = -r - 8 if side == "end" else r + 8
        ty = min(max(cy, 30), height - 30) - cy
        shift = f' y="{ty}"' if ty else ""
        anchor = ' text-anchor="end"' if side == "end" else ""  # start is SVG's default
        number = (
            (f'<text class="kb-map-num{" kb-map-num-hollow" if point.hollow else ""}">{html.escape(point.number)}</text>')
            if point.number
            else ""
        )  # the link's aria-label names it
        place = f' data-place="{html.escape(point.place)}"' if point.place else ""
        out.append(
            f'<a href="{html.escape(point.href)}" aria-label="{html.escape(point.label)}"{place}><g transform="translate({cx} {cy})">'
            f'<circle r="{max(HIT_RADIUS, r)}" class="kb-map-hit{" kb-map-many" if point.count > 1 else ""}"/>{dot}{number}'
            f'<text x="{tx}"{shift}{anchor} class="kb-map-label">{html.escape(point.name or point.label)}</text></g></a>'
        )
    if hidden:
        out.insert(at_hidden, '<g aria-hidden="true">' + "".join(hidden) + "</g>")
    out.append("</svg>")
    return "\n".join(out)


def _canvas(points: list[Point], bounds: tuple[float, float, float, float], projection: Projection, width: int):
    """Where a map puts a place: a function of (lat, lon) to the SVG's units (lon already within
    180° of the bounds' middle), and the map's height. The view box holds `bounds`, cropped
    below the middle of the southern edge to the southernmost point (the conic fan's corners
    are empty)."""
    west, south, east, north = bounds
    middle = (west + east) / 2
    edge = [projection(lat, west + (east - west) * i / 40) for i in range(41) for lat in (south, north)]
    edge += [projection(south + (north - south) * i / 40, x) for i in range(41) for x in (west, east)]
    x0, x1 = min(x for x, _ in edge), max(x for x, _ in edge)
    y0, y1 = min(y for _, y in edge), max(y for _, y in edge)
    y0 = min(projection(south, middle)[1], *(projection(p.lat, near(p.lon, middle))[1] for p in points)) if points else y0
    scale = width / ((x1 - x0) or 1)

    def at(lat: float, lon: float) -> tuple[float, float]:
        x, y = projection(lat, lon)
        return round((x - x0) * scale, 1), round((y1 - y) * scale + 10, 1)

    return at, round((y1 - y0) * scale) + 20


def border_paths(
    borders: dict[str, list[list[list[float]]]],
    points: list[Point],
    bounds: tuple[float, float, float, float],
    projection: Projection,
    width: int = 1000,
) -> dict[str, str]:
    """Each place's border (rings of [lon, lat]) as SVG path data in the units of the map that
    `map_svg` draws with the same points, bounds and projection; the parts beyond its view are cut
    off, and a place the view does not show is left out."""
    at, height = _canvas(points, bounds, projection, width)
    middle = (bounds[0] + bounds[2]) / 2
    box = (-2, -2, width + 2, height + 2)
    out = {}
    for code, rings in borders.items():
        d = "".join(
            _relative_path(_clip([at(lat, x) for x, lat in unwrap(ring, middle)], box), 2, SIMPLIFY) for ring in rings if len(ring) > 2
        )
        if d:
            out[code] = d
    return out


def _clip(ring: list[tuple[float, float]], box: tuple[float, float, float, float]) -> list[tuple[float, float]]:
    """A ring cut to a rectangle (Sutherland-Hodgman): land beyond the view costs no bytes, and
    what the view shows of a ring ends at its edge."""
    left, top, right, bottom = box
    edges = [
        (lambda p: p[0] >= left, 0, left),
        (lambda p: p[0] <= right, 0, right),
        (lambda p: p[1] >= top, 1, top),
        (lambda p: p[1] <= bottom, 1, bottom),
    ]
    for keep, axis, value in edges:
        if not ring:
            break
        out = []
        for i, here in enumerate(ring):
            before = ring[i - 1]
            if keep(here) != keep(before):
                t = (value - before[axis]) / (here[axis] - before[axis])
                cut = (value, before[1] + t * (here[1] - before[1])) if axis == 0 else (before[0] + t * (here[0] - before[0]), value)
                out.append(cut)
            if keep(here):
                out.append(here)
        ring = out
    return ring


def _relative_path(points: list[tuple[float, float]], step: float = 2, tolerance: float = 0) -> str:
    """A closed ring as compact SVG path data: whole units, relative moves written as one `l`
    command (a minus sign separates two numbers), no point nearer than `step` units to the one
    before, and, with a `tolerance`, only the points that the line needs to stay within that
    many units of the ring (Douglas–Peucker): a map drawn 1,000 units wide shows no finer detail
    on a 1,280 px screen."""
    out, last = [], None
    for x, y in simplify(points, tolerance) if tolerance else points:
        here = (round(x), round(y))
        if last is None:
            out.append(f"M{here[0]} {here[1]}l")
        elif abs(here[0] - last[0]) + abs(here[1] - last[1]) >= step:
            dx, dy = here[0] - last[0], here[1] - last[1]
            out.append(f"{'' if len(out) == 1 or dx < 0 else ' '}{dx}{'' if dy < 0 else ' '}{dy}")
        else:
            continue
        last = here
    return "".join(out) + "z" if len(out) > 2 else ""


def simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """The points of a line that keep it within `tolerance` of the original (Douglas–Peucker, iterative)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x0, y0), (x1, y1) = points[first], points[last]
        dx, dy = x1 - x0, y1 - y0
        length = math.hypot(dx, dy)
        best, index = 0.0, 0
        for i in range(first + 1, last):
            x, y = points[i]
            d = abs(dy * (x - x0) - dx * (y - y0)) / length if length else math.hypot(x - x0, y - y0)
            if d > best:
                best, index = d, i
        if best > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep) if k]


def legend_html(groups: list[Group], title: str, hollow: tuple[str, ...] | list[str] = ()) -> str:
    """The colour key as an HTML list under a chart, so that long labels wrap; then the names of
    what is drawn as a ring."""
    items = "".join(
        f'<li><svg width="14" height="14" aria-hidden="true"><circle cx="7" cy="7" r="6" fill="{html.escape(g.colour)}"/></svg> '
        f"{html.escape(g.label)}</li>"
        for g in groups
    )
    items += "".join(
        f'<li><svg width="14" height="14" aria-hidden="true"><circle cx="7" cy="7" r="6" fill="#777777"/><circle cx="7" cy="7" r="3" class="kb-map-hole"/></svg> '
        f"{html.escape(label)}</li>"
        for label in hollow
    )
    return f'<p class="kb-legend-title">{html.escape(title)}</p><ul class="kb-legend">{items}</ul>'


def timeline_svg(counts: dict[int, dict[str, int]], groups: dict[str, Group], title: str, desc: str, width: int = 1000) -> str:
    """A stacked bar per year: `counts[year][group]` entries, coloured by group.

    Every year that has a bar is labelled, and only those. Axis text takes kb.css's font size for
    the figure's width (TEXT_STEPS): the margins leave room for the largest; at the steps where
    the labels do not fit side by side, they are written upright (class kb-tl-v-<step> on the
    chart), which needs a bar's width only."""
    if not counts:
        return ""
    years = list(range(min(counts), max(counts) + 1))
    top = max(sum(c.values()) for c in counts.values())
    largest = max(size for _, size in TEXT_STEPS)
    left, plot_h, top_pad = 14 + round(0.62 * largest * len(str(top))), 260, round(0.6 * largest)
    bottom = top_pad + plot_h
    bar = (width - left - 10) / len(years)
    labelled = [y for y in years if sum(counts.get(y, {}).values())]
    gap = min((b - a for a, b in zip(labelled, labelled[1:])), default=len(years)) * bar
    upright = [s for s, (_, size) in enumerate(TEXT_STEPS) if gap < 2.6 * size]  # a label (four digits) is about 2.4 em wide
    below = max([round(largest * 1.2)] + [round(TEXT_STEPS[s][1] * 2.6) for s in upright])
    height = bottom + 12 + below
    steps = "".join(f" kb-tl-v-{s}" for s in upright)
    out = [
        f'<svg class="kb-timeline{steps}" viewBox="0 0 {width} {height}" role="img" aria-labelledby="kb-tl-title kb-tl-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="kb-tl-title">{html.escape(title)}</title>',
        f'<desc id="kb-tl-desc">{html.escape(desc)}</desc>',
    ]
    for tick in range(0, top + 1, max(1, math.ceil(top / 5))):
        y = round(bottom - tick / top * plot_h, 1)
        out.append(
            f'<line x1="{left}" x2="{width - 10}" y1="{y}" y2="{y}" class="kb-grid"/><text x="{left - 8}" y="{y}" text-anchor="end" class="kb-tick">{tick}</text>'
        )
    for i, year in enumerate(years):
        x = left + i * bar
        base: float = bottom
        for key, group in groups.items():
            n = counts.get(year, {}).get(key, 0)
            if not n:
                continue
            h = n / top * plot_h
            base -= h
            out.append(
                f'<rect x="{round(x + 2, 1)}" y="{round(base, 1)}" width="{round(bar - 4, 1)}" height="{round(h, 1)}" fill="{html.escape(group.colour)}">'
                f"<title>{year}: {html.escape(group.label)} — {n}</title></rect>"
            )
        if year in labelled:
            out.append(f'<text x="{round(x + bar / 2, 1)}" y="{bottom + 10}" class="kb-year">{year}</text>')
    out.append("</svg>")
    return "\n".join(out)
