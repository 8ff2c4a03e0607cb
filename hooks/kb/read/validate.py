"""Validation: a value against its JSON Schema, giving located problems and the checked value.

Used for every kind of file the engine reads: entries against their collection's schema, and
`kb.yml`, schemas and vocabularies against the engine's own schemas (`hooks/kb/read/schemas/`). A
compiled validator (`jsonschema_rs`) says whether a value is valid; for a value it rejects,
the `jsonschema` library decides what is wrong, and this module says where (from the
positions kept by `kb.read.yaml_file`) and in an editor's words, one problem per line with a stable rule
name, and returns the value with every failing part left out, so that what flows on has the
declared shape.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import jsonschema_rs
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import SchemaError, ValidationError, best_match

from kb.core.model import did_you_mean, locate
from kb.core.rules import Message, Problem, Where, report

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


class Validator:
    """A schema's two validators: the compiled one answers whether a value is valid, quickly;
    `jsonschema` walks a value that fails again, to say what is wrong and where.

    Both give the same answer for every value (tests/test_fast_validate.py): `format` and
    `pattern` are checked on the compiled side by the very Python functions `jsonschema` uses
    (FORMATS, and `re.search`, whose `$` also matches before a final newline), and a value or a
    schema the compiled validator cannot take goes to `jsonschema` alone."""

    def __init__(self, schema: dict):
        self.schema = schema
        self.explainer = Draft202012Validator(schema, format_checker=FORMATS)
        self.compiled = _compile(schema)

    def is_valid(self, value: Any) -> bool:
        if self.compiled is not None:
            try:
                return self.compiled.is_valid(value)
            except Exception:  # a value it cannot represent (a key that is not text, say)
                pass
        return self.explainer.is_valid(value)

    def iter_errors(self, value: Any) -> Iterator[ValidationError]:
        return self.explainer.iter_errors(value)


def validator_for(schema: dict) -> Validator:
    return Validator(schema)


class _Format:
    """`format` on the compiled side, decided by FORMATS for every value, as `jsonschema` does
    (a partial date may be a number: 2025)."""

    def __init__(self, parent_schema: dict, value: Any, schema_path: list):
        self.format = value

    def validate(self, instance: Any) -> None:
        if not FORMATS.conforms(instance, self.format):
            raise ValueError(self.format)


class _Pattern:
    """`pattern` on the compiled side, read by Python's `re` as `jsonschema` reads it."""

    def __init__(self, parent_schema: dict, value: Any, schema_path: list):
        self.regex = re.compile(value)

    def validate(self, instance: Any) -> None:
        if isinstance(instance, str) and not self.regex.search(instance):
            raise ValueError(self.regex.pattern)


_KEYWORDS = {"format": "kb-format", "pattern": "kb-pattern"}
_ONE_SCHEMA = {
    "items",
    "additionalItems",
    "additionalProperties",
    "unevaluatedItems",
    "unevaluatedProperties",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
}
_SCHEMA_LIST = {"allOf", "anyOf", "oneOf", "prefixItems", "items"}
_SCHEMA_MAP = {"properties", "$defs", "definitions", "dependentSchemas"}
# Values that FORMATS surely accepts, in keywords the compiled validator checks itself; any other
# value is passed to FORMATS. Only a part of each format: days up to 28 are in every month, years
# from 1000 need no thought about year 0, and addresses keep to plain ASCII.
_DAY = "[1-9][0-9]{3}-(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])"
_SURELY = {
    "date": [{"not": {"type": "string"}}, {"type": "string", "pattern": f"^{_DAY}$"}],
    "partial-date": [
        {"not": {"type": ["string", "integer"]}},
        {"type": "integer", "minimum": 1000, "maximum": 9999},
        {"type": "string", "pattern": f"^(?:[0-9]{{4}}|[0-9]{{4}}-(?:0[1-9]|1[0-2])|{_DAY})$"},
    ],
    "url": [{"not": {"type": "string"}}, {"type": "string", "pattern": "^https?://[A-Za-z0-9.-]+(?::[0-9]{1,5})?(?:[/?#][!-~]*)?$"}],
}


def _compile(schema: dict) -> Any:
    """The compiled validator of the schema, or None when only `jsonschema` can take it."""
    try:
        return jsonschema_rs.Draft202012Validator(
            _for_compiled(schema),
            validate_formats=False,
            offline=True,
            keywords={_KEYWORDS["format"]: _Format, _KEYWORDS["pattern"]: _Pattern},
        )
    except Exception:  # patternProperties, or a schema it cannot compile (a remote $ref, a pattern Python rejects)
        return None


def _for_compiled(node: Any) -> Any:
    """A copy of a schema with `format` and `pattern` given to the keywords above; names of
    properties and values of data keywords (enum, const, x-…) are left as they are."""
    if not isinstance(node, dict):
        return node
    out: dict = {}
    also: list = []
    for key, value in node.items():
        if key == "patternProperties":  # regular expressions as keys, read by another regex engine
            raise ValueError("patternProperties")
        if key in _KEYWORDS.values() or key == "$schema":
            continue
        if key == "format" and value in _SURELY:
            also.append({"anyOf": [*_SURELY[value], {_KEYWORDS[key]: value}]})
        elif key in _KEYWORDS:
            also.append({_KEYWORDS[key]: value})
        elif key in _SCHEMA_LIST and isinstance(value, list):
            out[key] = [_for_compiled(v) for v in value]
        elif key in _ONE_SCHEMA:
            out[key] = _for_compiled(value)
        elif key in _SCHEMA_MAP and isinstance(value, dict):
            out[key] = {k: _for_compiled(v) for k, v in value.items()}
        else:
            out[key] = value
    if also:
        if not isinstance(out.get("allOf", []), list):
            raise ValueError("allOf")
        out["allOf"] = [*out.get("allOf", []), *also]
    return out


DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schema_error(schema: dict) -> SchemaError | None:
    """Why `schema` is not valid JSON Schema (draft 2020-12), or None if it is.

    The compiled meta-schema check accepts a valid schema quickly; `jsonschema` says what is
    wrong with the others. Its only format check on a schema is `regex`, by Python's `re`, so
    every pattern must compile there before the compiled check may accept; a schema naming
    another dialect is left to `jsonschema`, which checks every schema as 2020-12."""
    if schema.get("$schema", DIALECT) == DIALECT and _regexes_compile(schema):
        try:
            if jsonschema_rs.meta.is_valid(schema):
                return None
        except Exception:  # a value it cannot represent
            pass
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as exc:
        return exc
    return None


def _regexes_compile(node: Any) -> bool:
    """Every `pattern` and every key of a `patternProperties`, wherever they are, compiles in Python."""
    if isinstance(node, list):
        return all(_regexes_compile(v) for v in node)
    if not isinstance(node, dict):
        return True
    regexes = [node["pattern"]] if isinstance(node.get("pattern"), str) else []
    regexes += list(node["patternProperties"]) if isinstance(node.get("patternProperties"), dict) else []
    try:
        for regex in regexes:
            re.compile(regex)
    except (re.error, TypeError, ValueError, RecursionError, OverflowError):
        return False
    return all(_regexes_compile(v) for v in node.values())


# The formats and types a message can name: each is a phrase of kb.core.rules ("format.date", "type.string").
FORMAT_HINTS = ("date", "partial-date", "url")
TYPE_WORDS = ("string", "integer", "number", "array", "object", "boolean", "null")


def field_name(path: Where) -> str:
    """A path as an editor reads it: sources[2].url (list items counted from 1)."""
    out = ""
    for part in path:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "front matter"


def shown(value: Any) -> str:
    """A value as a message shows it: text quoted (in each language's quotes), at most 60 characters."""
    if isinstance(value, str):
        return Message("quoted", text=value if len(value) <= 58 else value[:56] + "…")
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…'"


def hint_of(schema: dict) -> dict | None:
    """A schema's x-hint in every language it is written in, or None."""
    hint = schema.get("x-hint")
    if not isinstance(hint, str):
        return None
    translated = schema.get("x-hint-translated")
    return {**(translated if isinstance(translated, dict) else {}), "en": hint}


@dataclass(frozen=True)
class Target:
    """What is being validated, for the messages: its file, positions and what to call it."""

    path: str  # the file
    marks: dict  # value path -> (line, col)
    noun: str  # "zones", "kb.yml": "'x' is not a field of <noun>"
    root_name: str = Message("the.front-matter")  # how the whole value is named in messages

    def at(self, where: Where) -> tuple[int, int]:
        return locate(self.marks, where)

    def name(self, where: Where) -> str | Message:
        return field_name(where) if where else self.root_name


# --- explaining: one function per JSON Schema keyword -------------------------------------

Explained = Iterator[tuple[str, str, Where]]  # (rule, message, where the problem points)


def _required(e: ValidationError, t: Target, path: Where) -> Explained:
    props = e.schema.get("properties") or {}
    for prop in e.validator_value:
        if not isinstance(e.instance, dict) or prop in e.instance:
            continue
        found = props.get(prop)
        sub: dict = found if isinstance(found, dict) else {}
        example = sub.get("x-example")
        inside = Message("inside", field=t.name(path)) if path else ""
        fix = Message("add-example", field=prop, example=example) if example is not None else ""
        translated = sub.get("x-description")
        texts = {**(translated if isinstance(translated, dict) else {}), "en": str(sub.get("description"))}
        hint = Message("described", text={k: str(v).rstrip(".") for k, v in texts.items()}) if sub.get("description") and not path else ""
        yield "missing-field", Message("missing-field", field=prop, inside=inside, description=hint, fix=fix), path


def _additional(e: ValidationError, t: Target, path: Where) -> Explained:
    allowed = set(e.schema.get("properties") or {})
    for extra in sorted(str(k) for k in e.instance if k not in allowed):
        owner = t.noun if not path else t.name(path)
        yield "unknown-field", Message("unknown-field", field=extra, owner=owner, suggest=did_you_mean(extra, allowed)), path + (extra,)


def _type(e: ValidationError, t: Target, path: Where) -> Explained:
    wanted = e.validator_value if isinstance(e.validator_value, list) else [e.validator_value]
    words: Any = None
    for w in wanted:
        word = Message(f"type.{w}") if w in TYPE_WORDS else str(w)
        words = word if words is None else Message("either", first=words, second=word)
    example = e.schema.get("x-example")
    fix = Message("write-example", field=path[-1], example=example) if example is not None and path and isinstance(path[-1], str) else ""
    yield "wrong-type", Message("wrong-type", field=t.name(path), kind=words, value=shown(e.instance), fix=fix), path


def _enum(e: ValidationError, t: Target, path: Where) -> Explained:
    allowed = [str(v) for v in (e.validator_value if e.validator == "enum" else [e.validator_value])]
    more = Message("more-values", n=len(allowed)) if len(allowed) > 12 else ""
    source = Message("of-vocabulary", name=e.schema["x-vocab"]) if "x-vocab" in e.schema else ""
    yield (
        "not-allowed",
        Message(
            "not-allowed",
            field=t.name(path),
            vocabulary=source,
            values=", ".join(allowed[:12]),
            more=more,
            value=shown(e.instance),
            suggest=did_you_mean(e.instance, allowed),
        ),
        path,
    )


def _format(e: ValidationError, t: Target, path: Where) -> Explained:
    hint = hint_of(e.schema) or (Message(f"format.{e.validator_value}") if e.validator_value in FORMAT_HINTS else str(e.validator_value))
    yield "bad-format", Message("bad-format", field=t.name(path), hint=hint, value=shown(e.instance)), path


def _pattern(e: ValidationError, t: Target, path: Where) -> Explained:
    hint = hint_of(e.schema) or Message("format.pattern", pattern=e.validator_value)
    yield "bad-format", Message("bad-format", field=t.name(path), hint=hint, value=shown(e.instance)), path


_RANGE_WORDS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")


def _range(e: ValidationError, t: Target, path: Where) -> Explained:
    bound = Message(f"range.{e.validator}", n=e.validator_value)
    yield "out-of-range", Message("out-of-range", field=t.name(path), bound=bound, value=shown(e.instance)), path


def _size(e: ValidationError, t: Target, path: Where) -> Explained:
    n = e.validator_value
    kind = "not-empty" if e.validator == "minLength" and n == 1 else e.validator
    plural = "" if n == 1 else "s"
    size = Message(f"size.{kind}", n=n, items=Message(f"word.item{plural}"), fields=Message(f"word.field{plural}"))
    yield "out-of-range", Message("out-of-range.size", field=t.name(path), size=size), path


def _unique(e: ValidationError, t: Target, path: Where) -> Explained:
    yield "bad-value", Message("bad-value.twice", field=t.name(path)), path


def _other(e: ValidationError, t: Target, path: Where) -> Explained:
    yield "bad-value", Message("bad-value", field=t.name(path), reason=e.message), path


EXPLAIN: dict[str, Callable[[ValidationError, Target, Where], Explained]] = {
    "required": _required,
    "additionalProperties": _additional,
    "unevaluatedProperties": _additional,
    "type": _type,
    "enum": _enum,
    "const": _enum,
    "format": _format,
    "pattern": _pattern,
    **{kind: _range for kind in _RANGE_WORDS},
    **{kind: _size for kind in ("minItems", "maxItems", "minLength", "maxLength", "minProperties", "maxProperties")},
    "uniqueItems": _unique,
}


def explain(error: ValidationError, target: Target) -> Iterator[Problem]:
    """Turn one jsonschema error into editor-facing problems, located in the file."""
    if error.validator in ("oneOf", "anyOf") and error.context:
        # The best-matching alternative explains the mistake; the whole value is at fault.
        for problem in explain(best_match(error.context), target):
            yield Problem(
                problem.path, problem.line, problem.col, problem.severity, problem.rule, problem.message, tuple(error.absolute_path)
            )
        return
    if not isinstance(error.schema, dict):
        error.schema = {}
    path = tuple(error.absolute_path)
    rule_override = error.schema.get("x-rule")
    for rule, message, where in EXPLAIN.get(error.validator, _other)(error, target, path):
        line, col = target.at(where) if where else (1, 1)
        yield report(rule_override or rule, target.path, line, col, message, where)


def check_value(validator: Validator, value: Any, target: Target) -> tuple[Any, list[Problem]]:
    """Every problem of `value` against the validator's schema, and the value with each failing
    part left out. Only the first pass is reported: what removing a part makes fail (a
    now-missing required field, say) would only repeat the same mistake."""
    if validator.is_valid(value):
        return value, []
    problems: list[Problem] = []
    seen: set[tuple] = set()
    for error in validator.iter_errors(value):
        for problem in explain(error, target):
            key = (problem.line, problem.col, problem.rule, problem.message)
            if key not in seen:
                seen.add(key)
                problems.append(problem)
    if not problems:
        return value, problems
    return prune(validator, value, [p.where for p in problems if p.where is not None]), problems


def prune(validator: Validator, value: Any, paths: Iterable[Where | None]) -> Any:
    """A copy of `value` without the parts at `paths`, then without whatever still fails, until
    the schema accepts it (a mistake at the top, such as a missing required field, stays)."""
    value = copy.deepcopy(value)
    todo = {tuple(p) for p in paths if p}
    for _ in range(100):  # each round removes at least one part, and a value has few levels
        if not todo:
            return value
        for path in sorted(todo, key=_path_order, reverse=True):
            _remove(value, path)
        todo = set()
        if validator.is_valid(value):
            return value
        for error in validator.iter_errors(value):
            path = tuple(error.absolute_path)
            if error.validator in ("additionalProperties", "unevaluatedProperties") and isinstance(error.instance, dict):
                allowed = set(error.schema.get("properties") or {})
                todo.update(path + (k,) for k in error.instance if k not in allowed)
            elif path:
                todo.add(path)
    return value  # pragma: no cover - bounded above


def _path_order(path: Where) -> tuple:
    return tuple((0, p, "") if isinstance(p, int) else (1, 0, str(p)) for p in path)


def _remove(value: Any, path: Where) -> None:
    *parents, last = path
    for part in parents:
        try:
            value = value[part]
        except (KeyError, IndexError, TypeError):
            return
    if isinstance(value, dict):
        value.pop(last, None)
    elif isinstance(value, list) and isinstance(last, int) and last < len(value):
        del value[last]
