"""Schemas and vocabularies: each checked against the engine's own schema before any entry is read.

Second step of loading, after the settings. A vocabulary is checked against
`hooks/kb/read/schemas/vocabulary.schema.yml`; a collection's schema against the meta-schema
`hooks/kb/read/schemas/collection.schema.yml`, which declares every engine keyword (`x-…`), and then
by jsonschema as JSON Schema. A keyword, term or field that fails is reported with its line and
left out; a schema that is still not usable leaves its collection out.
"""

from __future__ import annotations

import copy
import functools
import stat
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from kb.core.model import BARE, Collection, Field, did_you_mean, locate
from kb.core.rules import Message, Problem, report
from kb.read.settings import Settings, engine_schema
from kb.read.validate import Target, check_value, prune, schema_error, validator_for
from kb.read.yaml_file import read_yaml_file


@functools.cache
def known_keywords() -> frozenset[str]:
    """Every engine keyword the meta-schema declares."""
    meta = engine_schema("collection")
    return frozenset(k for k in [*meta["$defs"]["node"]["properties"], *meta["properties"]] if k.startswith("x-"))


def load_vocabularies(root: Path, settings: Settings) -> tuple[dict, dict, list[Problem]]:
    """Every vocabulary file, checked: ({name: {term: fields}}, {name: {field: vocabulary}}, problems)."""
    vocabularies: dict[str, dict[str, dict[str, Any]]] = {}
    links: dict[str, dict[str, str]] = {}
    problems: list[Problem] = []
    folder = root / settings.kb_dir / "vocabularies"
    validator = validator_for(engine_schema("vocabulary"))
    marks_of: dict[str, dict] = {}
    for path in sorted(folder.glob("*.yml")) if folder.is_dir() else []:
        rel = path.relative_to(root).as_posix()
        name = path.name[: -len(".yml")]
        data, marks, found = read_yaml_file(root, rel)
        problems += found
        if data is None:
            continue
        target = Target(rel, marks, Message("vocabulary-named", name=name), Message("the.vocabulary"))
        for term, labels in (data.get("terms") or {}).items() if isinstance(data, dict) and isinstance(data.get("terms"), dict) else []:
            stray = [k for k, v in labels.items() if v is None] if isinstance(labels, dict) else []
            if stray:  # `en: Created, being built` reads as two keys; the second has no value
                problems.append(
                    report(
                        "bad-vocabulary",
                        rel,
                        *target.at(("terms", term)),
                        Message("bad-vocabulary.stray", term=term, keys=", ".join(map(str, stray))),
                    )
                )
                for key in stray:
                    del labels[key]
        written = data
        data, found = check_value(validator, data, target)
        problems += found
        if not isinstance(data, dict) or "terms" not in data:
            continue
        bad = list(_check_terms(written, settings, target))  # as written: a label removed above is not also "missing"
        problems += bad
        data = prune(validator, data, [p.where for p in bad])
        vocabularies[name], links[name], marks_of[name] = data.get("terms") or {}, data.get("fields") or {}, marks
    for name, fields in links.items():  # fields name other vocabularies, and hold their terms
        rel = f"{settings.kb_dir}/vocabularies/{name}.yml"
        for field, other in list(fields.items()):
            if other not in vocabularies:
                problems.append(
                    report(
                        "bad-vocabulary",
                        rel,
                        *locate(marks_of[name], ("fields", field)),
                        Message(
                            "bad-vocabulary.no-vocabulary",
                            field=field,
                            name=other,
                            path=f"{settings.kb_dir}/vocabularies/{other}.yml",
                            suggest=did_you_mean(other, vocabularies),
                        ),
                    )
                )
                del fields[field]
                continue
            for term, labels in vocabularies[name].items():
                if field in labels and labels[field] not in vocabularies[other]:
                    problems.append(
                        report(
                            "not-allowed",
                            rel,
                            *locate(marks_of[name], ("terms", term, field)),
                            Message(
                                "not-allowed.term",
                                term=term,
                                field=field,
                                vocabulary=other,
                                value=Message("quoted", text=labels[field]),
                                suggest=did_you_mean(labels[field], vocabularies[other]),
                            ),
                        )
                    )
                    del labels[field]
    return vocabularies, links, problems


def _check_terms(data: dict, settings: Settings, target: Target) -> Iterator[Problem]:
    fields = set(data.get("fields") or {}) if isinstance(data.get("fields"), dict) else set()
    fields |= set(engine_schema("vocabulary")["properties"]["terms"]["additionalProperties"]["properties"])  # colour
    for term, labels in (data.get("terms") or {}).items():
        if not isinstance(labels, dict):
            continue
        missing = [lang for lang in settings.languages if lang not in labels]
        if missing:
            yield report(
                "bad-vocabulary",
                target.path,
                *target.at(("terms", term)),
                Message("bad-vocabulary", term=term, languages=", ".join(missing)),
                ("terms", term),
            )
        for key in labels:
            if key not in settings.languages and key not in fields:
                yield report(
                    "unknown-field",
                    target.path,
                    *target.at(("terms", term, key)),
                    Message(
                        "unknown-field.term",
                        term=term,
                        key=key,
                        languages=", ".join(settings.languages),
                        suggest=did_you_mean(key, [*settings.languages, *fields]),
                    ),
                    ("terms", term, key),
                )


def _mode(path: Path) -> int | None:
    """The file type and mode of `path` (not followed if a link), None if nothing is there, and a
    regular file's if it cannot be looked at, so that its reader says why it cannot be read."""
    try:
        return path.lstat().st_mode
    except FileNotFoundError:
        return None
    except OSError:
        return stat.S_IFREG


# The field that names an entry when its schema's x-name-field does not say: the meta-schema's default.
NAME_FIELD = engine_schema("collection")["properties"]["x-name-field"]["default"]


def load_collections(root: Path, settings: Settings, vocabularies: dict) -> tuple[dict[str, Collection], list[Problem]]:
    """Every collection kb.yml names, with its checked schema."""
    problems: list[Problem] = []
    kb_dir = settings.kb_dir
    defs: dict[str, Any] = {}
    defs_rel = f"{kb_dir}/schemas/_defs.schema.yml"
    if _mode(root / defs_rel) is not None:
        data, marks, found = read_yaml_file(root, defs_rel)
        problems += found
        if data is not None:
            data, found = check_schema_file(
                data,
                Target(defs_rel, marks, Message("the.definitions"), Message("the.definitions")),
                settings,
                vocabularies,
                defs_only=True,
            )
            problems += found
            defs = data.get("$defs") or {} if isinstance(data, dict) else {}
    collections: dict[str, Collection] = {}
    for i, name in enumerate(settings.collections):
        rel = f"{kb_dir}/schemas/{name}.schema.yml"
        mode = _mode(root / rel)
        if mode is None or not stat.S_ISREG(mode):
            problems.append(
                report(
                    "bad-settings",
                    f"{kb_dir}/kb.yml",
                    *settings.at("collections", i),
                    Message("bad-settings.no-schema", n=i + 1, name=name, path=rel),
                )
            )
            continue
        raw, marks, found = read_yaml_file(root, rel)
        problems += found
        if raw is None:
            continue
        raw, found = check_schema_file(
            raw, Target(rel, marks, Message("the.schema"), Message("the.schema")), settings, vocabularies, known=settings.collections
        )
        problems += found
        if not isinstance(raw, dict):
            continue
        # As written: inlining and vocabularies only add valid keywords, and the file is smaller.
        exc = schema_error({**raw, "$defs": {**defs, **(raw.get("$defs") or {})}})
        if exc is not None:
            problems.append(
                report("bad-schema", rel, *locate(marks, tuple(exc.absolute_path)), Message("bad-schema.invalid", reason=exc.message))
            )
            continue
        schema = copy.deepcopy(raw)
        schema.setdefault("x-name-field", NAME_FIELD)
        schema["$defs"] = {**defs, **(schema.get("$defs") or {})}
        schema = inline_refs(schema, schema["$defs"])
        named, props = schema["x-name-field"], schema.get("properties") or {}
        if (props.get(named) or {}).get("type") != "string":  # a text field, its $ref inlined
            problems.append(
                report(
                    "bad-schema",
                    rel,
                    *locate(marks, ("x-name-field",) if "x-name-field" in raw else ()),
                    Message("bad-schema.name-field", name=named, suggest="" if named in props else did_you_mean(named, props)),
                )
            )
        _expand_vocabularies(schema, vocabularies)
        collections[name] = make_collection(name, schema, raw, rel, settings.languages[0])
    return collections, problems


def make_collection(name: str, schema: dict, raw: dict, rel: str, main: str) -> Collection:
    """A collection with its checked schema read into typed fields: the one place, with
    `make_field`, where the engine's keywords (x-…) of a collection's schema are read."""
    root = make_field(schema, main)
    written = raw.get("properties") or {}  # a field's description as written: a definition's text is not the field's
    root = replace(
        root,
        properties={
            k: replace(f, description=_texts(written[k], "description", main))
            if isinstance(written.get(k), dict) and written[k].get("description")
            else f
            for k, f in root.properties.items()
        },
    )
    return Collection(
        name,
        schema,
        raw,
        rel,
        validator_for(schema),
        root=root,
        label=schema.get("x-label") or {},
        about=_texts(raw, "description", main),
        intro=schema.get("x-intro") or {},
        changed=schema.get("x-changed") or {},
        changed_several=schema.get("x-changed-several") or {},
        sections=list(schema.get("x-sections") or []),
        name_field=schema["x-name-field"],
        columns=list(schema.get("x-catalog-columns") or [schema["x-name-field"]]),
    )


def make_field(node: dict, main: str) -> Field:
    """A checked subschema as a typed Field, with the fields of its properties and items."""
    declared = node.get("type")
    items = node.get("items")
    return Field(
        node,
        label=node.get("x-label") or {},
        description=_texts(node, "description", main),
        hint=_texts(node, "x-hint", main),
        example=node.get("x-example"),
        ref=node.get("x-ref"),
        vocab=node.get("x-vocab"),
        key=bool(node.get("x-key")),
        stands_for=bool(node.get("x-stands-for")),
        show=node.get("x-show") is not False,
        unit=node.get("x-unit") or {},
        filter=bool(node.get("x-filter")),
        search_weight=node.get("x-search-weight"),
        source_ref=bool(node.get("x-source-ref")),
        field_name=bool(node.get("x-field-name")),
        future=bool(node.get("x-future")),
        role=node.get("x-role"),
        definition=node.get("x-def"),
        format=node.get("format"),
        types=tuple(declared) if isinstance(declared, list) else (declared,) if isinstance(declared, str) else (),
        required=tuple(node.get("required") or ()),
        properties={k: make_field(v, main) for k, v in (node.get("properties") or {}).items() if isinstance(v, dict)},
        items=make_field(items, main) if isinstance(items, dict) else None,
        prefix_items=tuple(make_field(p, main) if isinstance(p, dict) else BARE for p in node.get("prefixItems") or ()),
    )


def _texts(node: dict, keyword: str, main: str) -> dict[str, str]:
    """A text keyword (description, x-hint) in every language it is given in, the main one first."""
    translated = node.get(TRANSLATED[keyword])
    texts = {main: str(node[keyword])} if isinstance(node.get(keyword), str) and node[keyword] else {}
    return texts | ({k: str(v) for k, v in translated.items() if v and k != main} if isinstance(translated, dict) else {})


def check_schema_file(
    data: Any, target: Target, settings: Settings, vocabularies: dict, known=(), defs_only: bool = False
) -> tuple[Any, list[Problem]]:
    """A schema file against the meta-schema and the engine's own rules, with failures left out."""
    validator = _meta_validator(defs_only)
    data, problems = check_value(validator, data, target)
    if not isinstance(data, dict):
        return data, problems
    extra = list(_unknown_keywords(data, target, ()))
    extra += list(_engine_rules(data, target, settings, vocabularies, known, defs_only))
    return prune(validator, data, [p.where for p in extra]), problems + extra


@functools.lru_cache(maxsize=2)
def _meta_validator(defs_only: bool):
    """The validator of collection schemas (or of the shared definitions), made once per process."""
    meta = engine_schema("collection")
    if defs_only:
        meta = {**meta, "required": ["$defs"], "properties": {}}
    return validator_for(meta)


def _unknown_keywords(node: Any, target: Target, path: tuple) -> Iterator[Problem]:
    """A key starting with x- that the engine does not know is a typo, never an extension."""
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(key, str) and key.startswith("x-") and key not in known_keywords():
                yield report(
                    "unknown-field",
                    target.path,
                    *target.at(path + (key,)),
                    Message("unknown-field.keyword", key=key, suggest=did_you_mean(key, known_keywords())),
                    path + (key,),
                )
            elif key not in ("enum", "const", "default", "x-example", "examples"):
                yield from _unknown_keywords(value, target, path + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _unknown_keywords(value, target, path + (i,))


def _engine_rules(data: dict, target: Target, settings: Settings, vocabularies: dict, collections, defs_only: bool) -> Iterator[Problem]:
    """What the meta-schema cannot say: names that must exist, labels in every language."""

    def problem(where: tuple, message: Message | str) -> Problem:
        return report("bad-schema", target.path, *target.at(where), message, where)

    for where, node in _nodes(data, ()):
        if "x-vocab" in node and node["x-vocab"] not in vocabularies:
            yield problem(
                where + ("x-vocab",),
                Message(
                    "bad-schema.no-vocabulary",
                    name=node["x-vocab"],
                    path=f"{settings.kb_dir}/vocabularies/{node['x-vocab']}.yml",
                    suggest=did_you_mean(node["x-vocab"], vocabularies),
                ),
            )
        if "x-ref" in node and not defs_only and node["x-ref"] not in collections:
            yield problem(
                where + ("x-ref",),
                Message("bad-schema.no-collection", name=node["x-ref"], suggest=did_you_mean(node["x-ref"], collections)),
            )
    yield from _translations(data, target, settings)
    if defs_only:
        return
    props = data.get("properties") or {}
    for name, prop in props.items():
        if prop.get("x-stands-for") and not (prop.get("x-ref") and prop.get("type") == "string"):
            yield problem(
                ("properties", name, "x-stands-for"),
                f"field '{name}': x-stands-for needs a single id of another entry (type: string with x-ref)",
            )
        if not prop.get("description"):
            yield problem(("properties", name), Message("bad-schema", name=name))
        elif not all((prop.get("x-label") or {}).get(lang) for lang in settings.languages):
            yield problem(("properties", name), Message("bad-schema.label", name=name, languages=", ".join(settings.languages)))
    for i, column in enumerate(data.get("x-catalog-columns") or []):
        other = column.split(":", 1)[1] if column.startswith("@backlinks:") else None
        if column not in props and column != "@summary" and other not in collections:
            yield problem(
                ("x-catalog-columns", i), Message("bad-schema.column", n=i + 1, column=column, suggest=did_you_mean(column, props))
            )
    for i, section in enumerate(data.get("x-sections") or []):
        missing = [lang for lang in settings.languages if lang not in section]
        if missing:
            yield problem(("x-sections", i), Message("bad-schema.heading", n=i + 1, languages=", ".join(missing)))
    roles: dict[str, str] = {}
    for name, prop in props.items():
        role = prop.get("x-role")
        if role in roles:
            yield problem(("properties", name, "x-role"), Message("bad-schema.role", role=role, field=roles[role]))
        elif role:
            roles[role] = name


# Text keywords in the main language, each with the keyword that holds the other languages.
TRANSLATED = {"description": "x-description", "x-hint": "x-hint-translated"}


def _translations(data: dict, target: Target, settings: Settings) -> Iterator[Problem]:
    """Each description and hint in every language of kb.yml: the main language's in the keyword
    itself, each other language's in its translation map, which names no other language. A
    missing translation leaves nothing out (the pages show the main language's text instead);
    a translation under a key that is not one of the other languages is left out."""
    main, others = settings.languages[0], settings.languages[1:]
    for where, node in _subschemas(data, ()):
        for keyword, translated in TRANSLATED.items():
            found = node.get(translated)
            texts: dict = found if isinstance(found, dict) else {}
            name = ".".join(map(str, where)) or Message("the.schema")
            for lang in texts:
                if lang == main:
                    why = Message(
                        "bad-schema.main-in-translation",
                        name=name,
                        translated=translated,
                        lang=lang,
                        keyword=keyword,
                        others=", ".join(others) or Message("other-languages"),
                    )
                elif lang not in others:
                    why = Message(
                        "bad-schema.not-other-language",
                        name=name,
                        translated=translated,
                        lang=lang,
                        others=", ".join(others) or Message("none"),
                        suggest=did_you_mean(str(lang), others),
                    )
                else:
                    continue
                yield report("bad-schema", target.path, *target.at(where + (translated, lang)), why, where + (translated, lang))
            if not isinstance(node.get(keyword), str):
                if texts:
                    yield report(
                        "bad-schema",
                        target.path,
                        *target.at(where + (translated,)),
                        Message("bad-schema.no-main-text", name=name, translated=translated, keyword=keyword, main=main),
                        where + (translated,),
                    )
                continue
            missing = [lang for lang in others if lang not in texts]
            if missing:
                what = Message("field-named", name=where[-1]) if len(where) == 2 and where[0] == "properties" else name
                add = ", ".join(f"{lang}: …" for lang in missing)
                yield report(
                    "bad-schema",
                    target.path,
                    *target.at(where + (keyword,)),
                    Message(
                        "bad-schema.no-translation",
                        name=what,
                        keyword=keyword,
                        languages=", ".join(missing),
                        translated=translated,
                        add=add,
                    ),
                )


def _subschemas(node: Any, path: tuple) -> Iterator[tuple[tuple, dict]]:
    """Every subschema of a schema: itself, its properties, definitions, items and alternatives."""
    if not isinstance(node, dict):
        return
    yield path, node
    for key in ("properties", "$defs"):
        for name, sub in (node.get(key) or {}).items() if isinstance(node.get(key), dict) else []:
            yield from _subschemas(sub, path + (key, name))
    if isinstance(node.get("items"), dict):
        yield from _subschemas(node["items"], path + ("items",))
    for key in ("prefixItems", "anyOf", "oneOf", "allOf"):
        for i, sub in enumerate(node.get(key) or []) if isinstance(node.get(key), list) else []:
            yield from _subschemas(sub, path + (key, i))


def _nodes(node: Any, path: tuple) -> Iterator[tuple[tuple, dict]]:
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            if key not in ("enum", "const", "default", "x-example"):
                yield from _nodes(value, path + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _nodes(value, path + (i,))


def inline_refs(node: Any, defs: dict, depth: int = 0) -> Any:
    """The schema with every local `$ref` ("#/$defs/name") replaced by a copy of its target.

    Validation is then a plain walk: resolving references per entry was most of jsonschema's
    time. The definition's name stays in `x-def`, for the editors' reference."""
    if depth > 20:
        return node
    if isinstance(node, list):
        return [inline_refs(item, defs, depth + 1) for item in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/") and ref[8:] in defs:
        target = inline_refs(defs[ref[8:]], defs, depth + 1)
        merged = {**target, **{k: v for k, v in node.items() if k != "$ref"}, "x-def": ref[8:]}
        return {k: inline_refs(v, defs, depth + 1) if k not in target else v for k, v in merged.items()}
    return {k: (v if k == "$defs" else inline_refs(v, defs, depth + 1)) for k, v in node.items()}


def _expand_vocabularies(node: Any, vocabularies: dict) -> None:
    """Turn every `x-vocab: name` into an `enum` of that vocabulary's terms, in place."""
    if isinstance(node, dict):
        if node.get("x-vocab") in vocabularies:
            node["enum"] = list(vocabularies[node["x-vocab"]])
        for value in node.values():
            _expand_vocabularies(value, vocabularies)
    elif isinstance(node, list):
        for value in node:
            _expand_vocabularies(value, vocabularies)
