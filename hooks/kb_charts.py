"""Charts drawn at build time as static SVG: a map of points over a land outline, and a
stacked bar chart by year. Pure functions of plain data; `kb_render` feeds them entries.

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
    label: str  # shown as the point's tooltip and accessible name
    href: str
    colour: str


@dataclass
class Group:
    label: str
    colour: str


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


def map_svg(points: list[Point], outline: list[list[list[float]]], title: str, desc: str,
            bounds: tuple[float, float, float, float], projection: Projection, width: int = 1000) -> str:
    """An SVG map: land rings (lists of [lon, lat]) as the background, linked points on top.

    `bounds` (west, south, east, north, in degrees) sets the part of the projection shown; the
    outline may reach beyond it and is cropped by the view box, which leaves no seams."""
    def lon(value: float) -> float:
        return value if value >= 0 else value + 360

    rings = [[projection(lat, lon(x)) for x, lat in ring] for ring in outline]
    dots = [(projection(p.lat, lon(p.lon)), p) for p in points]
    west, south, east, north = bounds
    edge = [projection(lat, x) for x in range(int(west), int(east) + 1) for lat in (south, north)]
    edge += [projection(lat, x) for lat in range(int(south), int(north) + 1) for x in (west, east)]
    x0, x1 = min(x for x, _ in edge), max(x for x, _ in edge)
    y0, y1 = min(y for _, y in edge), max(y for _, y in edge)
    # Crop the empty corners of the conic's fan: keep what lies between the outermost points
    # of the southern edge and the northern edge's extremes.
    y0 = min(projection(south, (west + east) / 2)[1], *(y for (_, y), _ in dots)) if dots else y0
    scale = width / ((x1 - x0) or 1)
    height = round((y1 - y0) * scale) + 20

    def at(x: float, y: float) -> tuple[float, float]:
        return round((x - x0) * scale, 1), round((y1 - y) * scale + 10, 1)

    out = [f'<svg class="kb-map" viewBox="0 0 {width} {height}" role="group" aria-labelledby="kb-map-title kb-map-desc" xmlns="http://www.w3.org/2000/svg">',
           f'<title id="kb-map-title">{html.escape(title)}</title>', f'<desc id="kb-map-desc">{html.escape(desc)}</desc>']
    path = "".join(_relative_path([at(x, y) for x, y in ring]) for ring in rings if len(ring) > 2)
    out.append(f'<path class="kb-map-land" d="{path}"/>')
    for (x, y), point in sorted(dots, key=lambda d: (d[1].lat, d[1].lon)):
        cx, cy = at(x, y)
        label = html.escape(point.label)
        out.append(f'<a href="{html.escape(point.href)}" aria-label="{label}"><circle cx="{cx}" cy="{cy}" r="7" fill="{html.escape(point.colour)}" class="kb-map-point"><title>{label}</title></circle></a>')
    out.append("</svg>")
    return "\n".join(out)


def _relative_path(points: list[tuple[float, float]]) -> str:
    """A closed ring as compact SVG path data: whole pixels, relative moves, repeats dropped."""
    out, last = [], None
    for x, y in points:
        here = (round(x), round(y))
        if last is None:
            out.append(f"M{here[0]} {here[1]}")
        elif here != last:
            out.append(f"l{here[0] - last[0]} {here[1] - last[1]}")
        last = here
    return "".join(out) + "z" if len(out) > 2 else ""


def legend_html(groups: list[Group], title: str) -> str:
    """The colour key as an HTML list under a chart, so that long labels wrap."""
    items = "".join(f'<li><svg width="14" height="14" aria-hidden="true"><circle cx="7" cy="7" r="6" fill="{html.escape(g.colour)}"/></svg> '
                    f"{html.escape(g.label)}</li>" for g in groups)
    return f'<p class="kb-legend-title">{html.escape(title)}</p><ul class="kb-legend">{items}</ul>'


def timeline_svg(counts: dict[int, dict[str, int]], groups: dict[str, Group], title: str, desc: str, width: int = 1000) -> str:
    """A stacked bar per year: `counts[year][group]` entries, coloured by group."""
    if not counts:
        return ""
    years = list(range(min(counts), max(counts) + 1))
    top = max(sum(c.values()) for c in counts.values())
    left, bottom, plot_h = 40, 40, 260
    bar = (width - left - 10) / len(years)
    height = plot_h + bottom
    out = [f'<svg class="kb-timeline" viewBox="0 0 {width} {height}" role="img" aria-labelledby="kb-tl-title kb-tl-desc" xmlns="http://www.w3.org/2000/svg">',
           f'<title id="kb-tl-title">{html.escape(title)}</title>', f'<desc id="kb-tl-desc">{html.escape(desc)}</desc>']
    for tick in range(0, top + 1, max(1, math.ceil(top / 5))):
        y = round(plot_h - tick / top * plot_h + 10, 1)
        out.append(f'<line x1="{left}" x2="{width - 10}" y1="{y}" y2="{y}" class="kb-grid"/><text x="{left - 6}" y="{y + 4}" text-anchor="end">{tick}</text>')
    for i, year in enumerate(years):
        x = left + i * bar
        base = plot_h + 10
        for key, group in groups.items():
            n = counts.get(year, {}).get(key, 0)
            if not n:
                continue
            h = n / top * plot_h
            base -= h
            out.append(f'<rect x="{round(x + 2, 1)}" y="{round(base, 1)}" width="{round(bar - 4, 1)}" height="{round(h, 1)}" fill="{html.escape(group.colour)}">'
                       f"<title>{year}: {html.escape(group.label)} — {n}</title></rect>")
        if len(years) <= 25 or year % 2 == 0:
            out.append(f'<text x="{round(x + bar / 2, 1)}" y="{plot_h + 28}" text-anchor="middle">{year}</text>')
    out.append("</svg>")
    return "\n".join(out)
