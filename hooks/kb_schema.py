"""Schemas: load each collection's JSON Schema and vocabularies, and explain violations to editors.

Second step of the build. The `jsonschema` library decides what is wrong; this module only
finds where (from the YAML positions kept by `kb_read`) and says it in an editor's words, one
problem per line with a stable rule name.

Engine keywords understood inside the schemas (all prefixed `x-`, ignored by JSON Schema):
`x-label` (field or collection name per language), `x-vocab` (values come from a vocabulary
file), `x-ref` (values are ids of entries in a collection), `x-key` (this entry is the page of
a vocabulary term), `x-rule` (rule name for violations of this subschema), `x-hint` (how to
write a value), `x-example`, `x-sections`, `x-catalog-columns`, `x-show`, `x-unit`.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import urlsplit

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError, best_match

from kb_model import Collection, Document, KnowledgeBase, Problem, did_you_mean

FORMATS = FormatChecker()


@FORMATS.checks("date", raises=ValueError)
def is_date(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return False
    dt.date.fromisoformat(value)
    return True


@FORMATS.checks("partial-date", raises=ValueError)
def is_partial_date(value: object) -> bool:
    """A year, a year and month, or a full date: 2025, 2025-09, 2025-09-05."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return True
    if re.fullmatch(r"\d{4}", value):
        return True
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return 1 <= int(value[5:]) <= 12
    return is_date(value)


@FORMATS.checks("url")
def is_url(value: object) -> bool:
    if not isinstance(value, str):
        return True
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc) and not re.search(r"\s", value)


FORMAT_HINTS = {
    "date": "a date written YYYY-MM-DD",
    "partial-date": "a date written YYYY, YYYY-MM or YYYY-MM-DD",
    "url": "a web address starting with https:// or http://",
}
TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "array": "a list",
    "object": "a set of 'key: value' fields",
    "boolean": "true or false",
    "null": "empty",
}


def load_collections(root: Path, kb_dir: str = "kb") -> KnowledgeBase:
    """Read `kb.yml`, the vocabularies and the schemas; entries are added later by `kb_read`."""
    from kb_read import read_yaml_file

    problems: list[Problem] = []
    settings, _, found = read_yaml_file(root, f"{kb_dir}/kb.yml")
    problems += found
    if not isinstance(settings, dict):
        settings = {}
    languages = settings.get("languages") or ["en"]
    vocabularies: dict[str, dict[str, dict[str, Any]]] = {}
    vocabulary_fields: dict[str, dict[str, str]] = {}
    for path in sorted((root / kb_dir / "vocabularies").glob("*.yml")):
        rel = path.relative_to(root).as_posix()
        data, marks, found = read_yaml_file(root, rel)
        problems += found
        terms = data.get("terms") if isinstance(data, dict) else None
        if not isinstance(terms, dict):
            problems.append(Problem(rel, 1, 1, "error", "bad-schema", "a vocabulary must have 'terms:' mapping each term to its labels"))
            continue
        name = path.name[: -len(".yml")]
        vocabularies[name] = {str(k): (v if isinstance(v, dict) else {}) for k, v in terms.items()}
        for term, labels in vocabularies[name].items():
            bad = [lang for lang in languages if not isinstance(labels.get(lang), str) or not labels[lang].strip()]
            stray = [k for k, v in labels.items() if v is None]
            if bad or stray:
                line, col = marks.get(("terms", term), (1, 1))
                why = f"needs a label in {', '.join(bad)}" if bad else f"has keys without values ({', '.join(map(str, stray))}); quote labels that contain commas"
                problems.append(Problem(rel, line, col, "error", "bad-schema", f"term '{term}' {why}"))
        if isinstance(data.get("fields"), dict):
            vocabulary_fields[name] = {str(k): str(v) for k, v in data["fields"].items()}
    defs_rel = f"{kb_dir}/schemas/_defs.schema.yml"
    defs: dict[str, Any] = {}
    if (root / defs_rel).exists():
        data, _, found = read_yaml_file(root, defs_rel)
        problems += found
        defs = (data or {}).get("$defs", {}) if isinstance(data, dict) else {}
    collections: dict[str, Collection] = {}
    for name in settings.get("collections") or []:
        rel = f"{kb_dir}/schemas/{name}.schema.yml"
        if not (root / rel).exists():
            problems.append(Problem(f"{kb_dir}/kb.yml", 1, 1, "error", "bad-schema", f"collection '{name}' has no schema file {rel}"))
            continue
        raw, marks, found = read_yaml_file(root, rel)
        problems += found
        if not isinstance(raw, dict):
            continue
        schema = copy.deepcopy(raw)
        schema.setdefault("$defs", {}).update({k: v for k, v in defs.items() if k not in schema["$defs"]})
        schema = inline_refs(schema, schema["$defs"])
        problems += _expand_vocabularies(schema, vocabularies, rel)
        problems += _lint_schema(raw, rel, marks, languages)
        try:
            Draft202012Validator.check_schema(schema)
        except Exception as exc:  # SchemaError: report, and skip the collection
            problems.append(Problem(rel, 1, 1, "error", "bad-schema", f"not a valid JSON Schema: {getattr(exc, 'message', exc)}"))
            continue
        collections[name] = Collection(
            name=name,
            schema=schema,
            raw_schema=raw,
            label=raw.get("x-label") or {languages[0]: name},
            description=raw.get("x-intro") or {},
        )
    problems += _check_views(settings, collections, f"{kb_dir}/kb.yml")
    kb = KnowledgeBase(root, list(languages), settings, vocabularies, collections, problems, vocabulary_fields)
    for collection in collections.values():
        collection.validator = Draft202012Validator(collection.schema, format_checker=FORMATS)
    return kb


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


VIEW_KEYS = {
    "matrix": ["path", "title", "rows", "field", "columns"],
    "map": ["path", "title", "collection", "field", "group_by"],
    "timeline": ["path", "title", "collection", "field", "group_by"],
}


def _check_views(settings: dict, collections: dict, rel: str) -> list[Problem]:
    """Each generated view in kb.yml names a known kind, its keys, and existing collections; bad ones are dropped."""
    problems, good = [], []
    for i, view in enumerate(settings.get("views") or []):
        kind = view.get("kind") if isinstance(view, dict) else None
        if kind not in VIEW_KEYS:
            problems.append(Problem(rel, 1, 1, "error", "bad-schema", f"views[{i + 1}].kind must be one of: {', '.join(VIEW_KEYS)} (got {kind!r})"))
            continue
        missing = [k for k in VIEW_KEYS[kind] if k not in view]
        unknown = [view[k] for k in ("rows", "columns", "collection") if k in view and view[k] not in collections]
        if missing or unknown:
            problems.append(Problem(rel, 1, 1, "error", "bad-schema", f"views[{i + 1}] ({kind}) needs {', '.join(missing) or 'existing collections'}"
                                    + (f"; no collection {', '.join(map(str, unknown))}" if unknown else "")))
            continue
        good.append(view)
    settings["views"] = good
    return problems


def _expand_vocabularies(node: Any, vocabularies: dict, rel: str) -> list[Problem]:
    """Turn every `x-vocab: name` into an `enum` of that vocabulary's terms, in place."""
    problems: list[Problem] = []
    if isinstance(node, dict):
        if "x-vocab" in node:
            name = node["x-vocab"]
            if name not in vocabularies:
                problems.append(Problem(rel, 1, 1, "error", "bad-schema", f"x-vocab names '{name}', but kb/vocabularies/{name}.yml does not exist"))
            else:
                node["enum"] = list(vocabularies[name])
        for value in node.values():
            problems += _expand_vocabularies(value, vocabularies, rel)
    elif isinstance(node, list):
        for value in node:
            problems += _expand_vocabularies(value, vocabularies, rel)
    return problems


def _lint_schema(raw: dict, rel: str, marks: dict, languages: list[str]) -> list[Problem]:
    """Every field must explain itself, so that the editors' reference is complete."""
    problems = []
    for name, prop in (raw.get("properties") or {}).items():
        line, col = marks.get(("properties", name), (1, 1))
        if not isinstance(prop, dict) or not prop.get("description"):
            problems.append(Problem(rel, line, col, "error", "bad-schema", f"field '{name}' must have a description"))
        elif not all((prop.get("x-label") or {}).get(lang) for lang in languages):
            problems.append(Problem(rel, line, col, "error", "bad-schema", f"field '{name}' must have an x-label in {', '.join(languages)}"))
    return problems


# --- explaining violations ---------------------------------------------------------------


def field_name(path) -> str:
    """Front-matter path as an editor reads it: sources[2].url (list items counted from 1)."""
    out = ""
    for part in path:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "front matter"


def shown(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else f"'{value}'"
    return text if len(text) <= 60 else text[:57] + "…'"


def check_front_matter(collection: Collection, doc: Document) -> list[Problem]:
    """Validate one entry's facts against its collection's schema."""
    problems: list[Problem] = []
    seen: set[tuple] = set()
    for error in collection.validator.iter_errors(doc.meta):
        for problem in explain(error, collection, doc):
            key = (problem.line, problem.col, problem.rule, problem.message)
            if key not in seen:
                seen.add(key)
                problems.append(problem)
    return problems


def explain(error: ValidationError, collection: Collection, doc: Document) -> Iterator[Problem]:
    """Turn one jsonschema error into editor-facing problems, located in the file."""
    if error.validator in ("oneOf", "anyOf") and error.context:
        yield from explain(best_match(error.context), collection, doc)
        return
    path = tuple(error.absolute_path)
    schema = error.schema if isinstance(error.schema, dict) else {}
    name = field_name(path)
    line, col = doc.locate(path)
    kind = error.validator

    def problem(rule: str, message: str, at: tuple[int, int] = (line, col)) -> Problem:
        return Problem(doc.path, at[0], at[1], "error", schema.get("x-rule", rule), message)

    if kind == "required":
        missing = [p for p in error.validator_value if isinstance(error.instance, dict) and p not in error.instance]
        for prop in missing:
            sub = (schema.get("properties") or {}).get(prop, {})
            example = sub.get("x-example")
            where = f" to {name}" if path else ""
            fix = f"; add e.g. '{prop}: {example}'" if example is not None else ""
            hint = f" ({sub['description'].rstrip('.')})" if sub.get("description") and not path else ""
            yield Problem(doc.path, *(doc.locate(path) if path else (1, 1)), "error", "missing-field",
                          f"'{prop}' is required{where}{hint}{fix}")
    elif kind in ("additionalProperties", "unevaluatedProperties"):
        allowed = set(schema.get("properties") or {})
        for extra in sorted(k for k in error.instance if k not in allowed):
            where = f"a field of {collection.name}" if not path else f"a field of {name}"
            yield problem("unknown-field", f"'{extra}' is not {where}{did_you_mean(extra, allowed)}", doc.locate(path + (extra,)))
    elif kind == "type":
        wanted = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        words = " or ".join(TYPE_WORDS.get(t, t) for t in wanted)
        example = f"; write e.g. '{path[-1]}: {schema['x-example']}'" if schema.get("x-example") and path and isinstance(path[-1], str) else ""
        yield problem("wrong-type", f"{name} must be {words} (got {shown(error.instance)}){example}")
    elif kind in ("enum", "const"):
        allowed = [str(v) for v in (error.validator_value if kind == "enum" else [error.validator_value])]
        listed = ", ".join(allowed[:12]) + (f", … ({len(allowed)} in all; see the editors' reference)" if len(allowed) > 12 else "")
        source = f" of vocabulary '{schema['x-vocab']}'" if "x-vocab" in schema else ""
        yield problem("not-allowed", f"{name} must be one of the values{source}: {listed} (got {shown(error.instance)}){did_you_mean(error.instance, allowed)}")
    elif kind == "format":
        hint = schema.get("x-hint") or FORMAT_HINTS.get(error.validator_value, error.validator_value)
        yield problem("bad-format", f"{name} must be {hint} (got {shown(error.instance)})")
    elif kind == "pattern":
        hint = schema.get("x-hint") or f"text matching {error.validator_value}"
        yield problem("bad-format", f"{name} must be {hint} (got {shown(error.instance)})")
    elif kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        words = {"minimum": "at least", "maximum": "at most", "exclusiveMinimum": "more than", "exclusiveMaximum": "less than"}[kind]
        yield problem("out-of-range", f"{name} must be {words} {error.validator_value} (got {shown(error.instance)})")
    elif kind in ("minItems", "maxItems", "minLength", "maxLength", "minProperties"):
        n = error.validator_value
        words = {
            "minItems": f"list at least {n} item{'s' if n != 1 else ''}",
            "maxItems": f"list at most {n} items",
            "minLength": "not be empty" if n == 1 else f"be at least {n} characters long",
            "maxLength": f"be at most {n} characters long",
            "minProperties": f"have at least {n} field{'s' if n != 1 else ''}",
        }[kind]
        yield problem("out-of-range", f"{name} must {words}")
    elif kind == "uniqueItems":
        yield problem("bad-value", f"{name} must not list the same value twice")
    else:
        yield problem("bad-value", f"{name} is not valid here: {error.message}")
