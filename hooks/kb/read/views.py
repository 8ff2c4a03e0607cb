"""View kinds as data: each kind's settings, declared by a schema file, and the check of every
view of kb.yml against the collections and data files it names.

A kind is `views/schemas/<kind>.schema.yml` in the package: the JSON Schema of its settings
(`properties`, `required`) and which settings name a collection (`x-collections`) or a field
(`x-fields`: the setting -> the setting that names the field's collection). A path may step into
a mapping (`hollow.field`), through every item of a list (`columns[]`, `questions[].field`) or
over a mapping's keys (`where{}`). The kind's drawing registers under the same name in
`kb.views.registry`; this module reads only the files, so reading never imports rendering.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

from kb.core.model import did_you_mean
from kb.core.rules import Message, Problem, report
from kb.read.yaml_file import load_yaml

KINDS = Path(__file__).parents[1] / "views" / "schemas"


@dataclass(frozen=True)
class ViewSpec:
    """One kind of view as its schema file declares it."""

    kind: str
    properties: dict[str, Any]  # setting -> its JSON Schema, added to kb.yml's schema
    required: tuple[str, ...]
    collections: tuple[str, ...]  # paths of settings that name a collection
    fields: dict[str, str]  # path of a setting that names a field -> the setting naming its collection


@cache
def view_specs() -> dict[str, ViewSpec]:
    """Every kind of view, by name, from the schema files."""
    specs = {}
    for path in sorted(KINDS.glob("*.schema.yml")):
        data = load_yaml(path.read_text(encoding="utf-8"))
        kind = path.name.removesuffix(".schema.yml")
        specs[kind] = ViewSpec(
            kind, data["properties"], tuple(data.get("required", ())), tuple(data.get("x-collections", ())), dict(data.get("x-fields", {}))
        )
    return specs


def named(options: dict, path: str, shown: str = "", keys: tuple = ()) -> Iterator[tuple[str, Any, tuple]]:
    """(where, value, keys) for each value the path reaches in a view's settings: `where` as an
    editor reads it (questions[2].field), `keys` the way to it in kb.yml (questions, 1, field)."""
    head, _, rest = path.partition(".")
    key = head.rstrip("[]{}")
    value = options.get(key) if isinstance(options, dict) else None
    where = f"{shown}.{key}" if shown else key
    if value is None:
        return
    if head.endswith("[]"):
        items = [(f"{where}[{i + 1}]", item, (*keys, key, i)) for i, item in enumerate(value)] if isinstance(value, list) else []
    elif head.endswith("{}"):
        items = [(where, item, (*keys, key, item)) for item in value] if isinstance(value, dict) else []
    else:
        items = [(where, value, (*keys, key))]
    for at, item, way in items:
        if rest:
            yield from named(item, rest, at, way)
        else:
            yield at, item, way


def check_views(root: Path, settings: Any, collections: dict) -> tuple[Any, list[Problem]]:
    """Views whose settings name collections, fields and data files that exist; others are
    reported and dropped."""
    rel = f"{settings.kb_dir}/kb.yml"
    good, problems = [], []
    for view in settings.views:
        spec = view_specs()[view.kind]
        name = f"views[{view.index + 1}]"
        # (the way to the setting in kb.yml, for the message's line; the message)
        wrong: list[tuple[tuple, Message | str]] = [
            (way, Message("bad-settings.not-collection", setting=f"{name}.{where}", value=value, suggest=did_you_mean(value, collections)))
            for path in spec.collections
            for where, value, way in (list(named(view.options, path)) or [(path, None, (path.split(".")[0],))])
            if value not in collections
        ]
        if not wrong:
            for path, owner in spec.fields.items():
                collection = view.options[owner]
                props = collections[collection].properties
                wrong += [
                    (
                        way,
                        Message(
                            "bad-settings.not-field",
                            setting=f"{name}.{where}",
                            value=value,
                            collection=collection,
                            suggest=did_you_mean(value, props),
                        ),
                    )
                    for where, value, way in named(view.options, path)
                    if value not in props
                ]
        if not wrong and "group_by" in view.options:  # a chart's groups: the terms of a vocabulary or the entries of a collection
            prop = collections[view.options["collection"]].properties[view.options["group_by"]].values
            if not (prop.vocab or prop.ref):
                wrong.append(
                    (
                        ("group_by",),
                        Message(
                            "bad-settings.not-group",
                            setting=f"{name}.group_by",
                            value=view.options["group_by"],
                            collection=view.options["collection"],
                        ),
                    )
                )
        for key in ("outline", "borders"):
            if key in view.options:
                wrong += [((key,), message) for message in data_file(root, settings, view.options[key], f"{name}.{key}")]
        if (
            "outline" in view.options
            and not any(way == ("outline",) for way, _ in wrong)
            and read_outline(root / settings.kb_dir / view.options["outline"]) is None
        ):
            wrong.append((("outline",), Message("bad-settings.not-outline", setting=f"{name}.outline", name=view.options["outline"])))
        for way, message in wrong:
            line, col = settings.at("views", view.index, *way)
            problems.append(report("bad-settings", rel, line, col, message))
        if not wrong:
            good.append(view)
    return replace(settings, views=tuple(good)), problems


def data_file(root: Path, settings, name: str, setting: str) -> list[Message | str]:
    """A data file a setting names must be a regular file in one of the base's data folders."""
    base = (root / settings.kb_dir).resolve()
    path = root / settings.kb_dir / name
    parts = Path(name).parts
    if not parts or parts[0] not in settings.data_folders or ".." in parts or Path(name).is_absolute():
        return [
            Message("bad-settings.no-data-folder", setting=setting, folders=", ".join(settings.data_folders) or Message("no-data-folders"))
        ]
    try:
        if any((root / settings.kb_dir / Path(*parts[:i])).is_symlink() for i in range(1, len(parts) + 1)):
            return [Message("bad-settings.data-link", setting=setting, name=name)]
        if not path.is_file() or base not in path.resolve().parents:
            return [Message("bad-settings.no-data-file", setting=setting, name=name, kb=settings.kb_dir)]
    except OSError as err:  # a data folder that cannot be read
        return [f"{setting} '{name}' cannot be read: {err.strerror}"]
    return []


def read_outline(path: Path) -> list | None:
    """The outer rings of a GeoJSON outline file (see `outline_rings`); None for a file that does not read."""
    try:
        return outline_rings(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def outline_rings(text: str) -> list | None:
    """The outer rings of a GeoJSON outline: a FeatureCollection, a Feature, or a geometry, each
    of Polygons and MultiPolygons. None for a text that is none of these."""
    try:
        data = json.loads(text)
        if data.get("type") == "FeatureCollection":
            geometries = [feature["geometry"] for feature in data["features"]]
        elif data.get("type") == "Feature":
            geometries = [data["geometry"]]
        else:
            geometries = [data]
        rings = []
        for geometry in geometries:
            if geometry["type"] not in ("Polygon", "MultiPolygon"):
                return None
            polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
            rings += [polygon[0] for polygon in polygons]
        if not all(isinstance(c, (int, float)) and not isinstance(c, bool) for ring in rings for point in ring for c in point[:2]):
            return None
        return rings or None
    except (ValueError, KeyError, TypeError, IndexError, AttributeError):
        return None
