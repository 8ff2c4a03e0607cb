"""The compiled validator and `jsonschema` give the same answer for every value.

`kb.read.validate.Validator` lets the compiled validator (jsonschema-rs) accept a value on its own,
and asks `jsonschema` only about a value the compiled one rejects. Were the two ever to differ,
a wrong value would pass unreported, or a right one be reported with no message. These tests
hold them to one answer on the sample base's schemas (every collection, and the engine's schemas for
kb.yml, schemas and vocabularies), for values generated near each schema: mostly of the right
shape, with mistakes of every kind mixed in, and the formats' edge cases.
"""

from __future__ import annotations

import copy
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

from conftest import write_project
from kb.read.load import load_kb
from kb.read.schema import inline_refs
from kb.read.settings import engine_schema
from kb.read.validate import FORMATS, Validator, schema_error
from kb.read.yaml_file import read_yaml_file
from sample_kb import FILES

BASE = write_project(Path(tempfile.mkdtemp(prefix="fast-validate-")), FILES)  # the sample base
KB = load_kb(BASE)
SCHEMAS = {
    **{name: c.schema for name, c in KB.collections.items()},
    **{f"engine:{name}": engine_schema(name) for name in ("settings", "collection", "vocabulary")},
}
VALIDATORS = {name: Validator(schema) for name, schema in SCHEMAS.items()}
INLINED = {name: inline_refs(schema, schema.get("$defs") or {}) for name, schema in SCHEMAS.items()}  # for generating values
# Real values of every schema (the sample base's): the main-language front matter of each entry, kb.yml, the
# schema files and the vocabularies.
REAL: dict[str, list] = {name: [] for name in SCHEMAS}
for (_name, _), _docs in KB.documents.items():
    REAL[_name].append(_docs[KB.settings.languages[0]].meta)
# The collections the sample base has no entry in: one valid front matter each.
_SOURCES = [{"id": "s1", "title": "Federal Law 116-FZ", "url": "https://example.org/116-fz", "read": "2026-11-01"}]
REAL["programme"].append({"title": "About", "order": 1, "sources": _SOURCES, "reviewed": "2026-11-01"})
REAL["glossary"].append(
    {
        "title": "Special economic zone",
        "abbreviation": {"en": "SEZ", "ru": "ОЭЗ"},
        "aliases": {"en": ["SEZ"], "ru": ["ОЭЗ"]},
        "sources": _SOURCES,
        "reviewed": "2026-11-01",
    }
)
REAL["application-steps"].append(
    {
        "title": "Application",
        "order": 10,
        "prepared_by": {"en": "The region", "ru": "Регион"},
        "reviewed_by": {"en": "The ministry", "ru": "Министерство"},
        "depends_on": ["budget"],
        "legal_basis": [{"en": "Law", "ru": "Закон", "url": "https://example.org/law"}],
        "sources": _SOURCES,
        "reviewed": "2026-11-01",
    }
)
REAL["engine:settings"] = [read_yaml_file(BASE, "kb/kb.yml")[0]]
REAL["engine:collection"] = [read_yaml_file(BASE, f"kb/schemas/{name}.schema.yml")[0] for name in KB.collections]
REAL["engine:vocabulary"] = [
    read_yaml_file(BASE, p.relative_to(BASE).as_posix())[0] for p in sorted((BASE / "kb" / "vocabularies").glob("*.yml"))
]

JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=8),
    st.just([]),
    st.just({}),
    st.just({"x": 1}),
)
TAILS = st.sampled_from(["", "", "", "\n", " ", "x", "\t"])
# Dates near every edge: year 0 and 5 digits, month and day 0 and past the end, 29 February,
# digits of other scripts (Python's \d matches them), and text after the date.
DIGITS = st.sampled_from(["", "", "", "٣", "０", "𝟗"])
DATES = st.builds(
    lambda y, m, d, shape, digit, tail: ("-".join([f"{y:04d}", f"{m:02d}", f"{d:02d}"][:shape]) + tail).replace("2", digit or "2", 1),
    st.integers(-1, 10001),
    st.integers(0, 13),
    st.sampled_from([0, 1, 9, 10, 19, 20, 28, 29, 30, 31, 32]),
    st.integers(1, 3),
    DIGITS,
    TAILS,
)
URLS = st.builds(
    lambda scheme, host, path, tail: scheme + host + path + tail,
    st.sampled_from(["https://", "http://", "HTTPS://", "ftp://", "https:/", "//", "", "javascript:", " https://"]),
    st.sampled_from(["example.org", "a", "", "[::1]", "[bad", "ex ample.org", "пример.рф", "a.b:8080", "a.b:99999", "u@h", "h:x"]),
    st.sampled_from(["", "/", "/p?q=1#f", "/a b", "/\t", "/ü", "/[x]", "?q", "#f", "/\u3000", "\\x"]),
    TAILS,
)
FORMAT_VALUES = {
    "date": st.one_of(DATES, JUNK),
    "partial-date": st.one_of(DATES, st.integers(-20, 20_000), st.sampled_from([1000.0, 2025.5, 10**20, -(10**20), True]), JUNK),
    "url": st.one_of(URLS, JUNK),
}
# What editors write: right most of the time, so that whole entries pass and the test sees both answers.
GOOD = {
    "date": st.dates().map(str),
    "partial-date": st.one_of(st.dates().map(str), st.dates().map(lambda d: str(d)[:7]), st.integers(1000, 9999)),
    "url": st.sampled_from(["https://example.org/", "http://a.b/c?d=1#e", "https://пример.рф/", "https://a.b:8080/x y"]),
}


def mostly(good: st.SearchStrategy, *bad: st.SearchStrategy) -> st.SearchStrategy:
    """`good`, and one time in 25 one of `bad`: a whole entry then has a fair chance to be right."""
    return st.integers(0, 24).flatmap(lambda i: st.one_of(*bad) if i == 0 else good)


def fit(schema, depth: int = 0) -> st.SearchStrategy:
    """Values for a schema: mostly what it describes, now and then a mistake or an edge case."""
    if not isinstance(schema, dict) or depth > 6:
        return JUNK
    if "enum" in schema:
        return mostly(st.sampled_from(schema["enum"]), JUNK)
    if "const" in schema:
        return st.just(schema["const"])
    branches = [b for b in schema.get("anyOf") or schema.get("oneOf") or [] if isinstance(b, dict) and "required" in b]
    if branches:  # one branch's required fields, with the others of the schema
        rest = {k: v for k, v in schema.items() if k not in ("anyOf", "oneOf")}
        return st.sampled_from(branches).flatmap(lambda b: fit({**rest, "required": [*rest.get("required", []), *b["required"]]}, depth))
    if schema.get("format") in GOOD:
        return mostly(GOOD[schema["format"]], FORMAT_VALUES[schema["format"]])
    types = schema.get("type") or [t for t, keys in (("object", "properties"), ("array", "items")) if keys in schema] or ["string"]
    return st.one_of([_by_type(kind, schema, depth) for kind in ([types] if isinstance(types, str) else types)])


def _by_type(kind: str, schema: dict, depth: int) -> st.SearchStrategy:
    if kind == "string":
        size = schema.get("minLength", 0)
        if isinstance(schema.get("pattern"), str):
            matching = st.from_regex(schema["pattern"], fullmatch=True)
            return mostly(matching, st.tuples(matching, TAILS).map("".join), st.text(alphabet="ab-0#<>\n ", max_size=6))
        return mostly(st.text(min_size=size, max_size=12), st.just(""), st.text(alphabet="ab-0#<>\n ", max_size=6), JUNK)
    if kind in ("integer", "number"):
        low, high = (
            schema.get("minimum", schema.get("exclusiveMinimum", -100)),
            schema.get("maximum", schema.get("exclusiveMaximum", 20_000)),
        )
        edges = [v + d for v in (low, high) for d in (-1, -0.5, 0, 0.5, 1)]
        inside = st.integers(int(low) + 1, int(high) - 1) if kind == "integer" else st.floats(low, high, exclude_min=True, exclude_max=True)
        return mostly(inside, st.sampled_from([*edges, 1.0, 2**64, -(2**63) - 1, 10**30, True]), JUNK)
    if kind == "boolean":
        return mostly(st.booleans(), JUNK)
    if kind == "null":
        return st.none()
    if kind == "array":
        prefix = [fit(s, depth + 1) for s in schema.get("prefixItems") or []]
        if prefix:
            return st.tuples(*prefix).map(list)
        low, high = schema.get("minItems", 0), schema.get("maxItems", 4)
        lists = st.lists(fit(schema.get("items") or {}, depth + 1), min_size=low, max_size=min(high, low + 4), unique_by=repr)
        return st.tuples(lists, st.integers(0, 9)).map(lambda t: t[0] + t[0][:1] if t[1] == 0 else t[0])  # now and then a repeat
    if kind == "object":
        props = {k: v for k, v in (schema.get("properties") or {}).items() if isinstance(v, dict)}
        required = [k for k in schema.get("required") or [] if k in props]
        extra = schema.get("additionalProperties")
        if not props and isinstance(extra, dict):
            return st.dictionaries(st.sampled_from(["en", "ru", "fields", "a"]), fit(extra, depth + 1), max_size=3)
        return st.fixed_dictionaries(
            {k: fit(props[k], depth + 1) for k in required}, optional={k: fit(v, depth + 1) for k, v in props.items() if k not in required}
        )
    return JUNK


def mutate(data, value):
    """A copy of the value with one part replaced, removed, or a field added, somewhere inside it."""
    value = copy.deepcopy(value)
    path = []
    node = value
    while isinstance(node, (dict, list)) and node and data.draw(st.integers(0, 2), label="deeper"):
        key = data.draw(st.sampled_from(sorted(node) if isinstance(node, dict) else range(len(node))), label="step")
        path.append((node, key))
        node = node[key]
    how = data.draw(st.sampled_from(["replace", "remove", "add"]), label="mutation")
    if how == "add" and isinstance(node, dict):
        node[data.draw(st.sampled_from(["x", "en", "id", "title"]), label="key")] = data.draw(JUNK, label="added")
    elif how == "remove" and path:
        parent, key = path[-1]
        del parent[key]
    elif path:
        parent, key = path[-1]
        parent[key] = data.draw(st.one_of(JUNK, *FORMAT_VALUES.values()), label="replacement")
    return value


@pytest.mark.parametrize("name", list(SCHEMAS))
@settings(max_examples=120)
@given(data=st.data())
def test_compiled_and_jsonschema_agree(name, data):
    validator = VALIDATORS[name]
    assert validator.compiled is not None, f"{name}: the compiled validator could not take the schema"
    value = copy.deepcopy(data.draw(fit(INLINED[name]), label="value"))
    if data.draw(st.booleans(), label="mutated"):
        value = mutate(data, value)
    assert validator.compiled.is_valid(value) == validator.explainer.is_valid(value)


@pytest.mark.parametrize("fmt", list(FORMAT_VALUES))
@settings(max_examples=300)
@given(data=st.data())
def test_formats_agree_on_any_value(fmt, data):
    """A format alone, on values of any type (FORMATS decides for numbers too: 2025)."""
    validator = Validator({"format": fmt})
    value = data.draw(FORMAT_VALUES[fmt], label="value")
    assert validator.compiled.is_valid(value) == FORMATS.conforms(value, fmt) == validator.explainer.is_valid(value)


@pytest.mark.parametrize(
    "value,valid",
    [
        ("2024-02-29", True),
        ("2025-02-29", False),
        ("0000-01-01", False),
        ("0001-01-01", True),
        ("2025-1-01", False),
        ("2025-01-01\n", False),
        ("٢٠٢٥-01-01", False),
    ],
)
def test_date_edges(value, valid):
    validator = Validator({"type": "string", "format": "date"})
    assert (validator.compiled.is_valid(value), validator.explainer.is_valid(value)) == (valid, valid)


@pytest.mark.parametrize(
    "value,valid",
    [
        (2025, True),
        (999, False),
        (2025.0, True),
        (True, True),
        ("2025", True),
        ("2025-13", False),
        ("2025-00", False),
        ("0000", True),
        ("٢٠٢٥", True),
        ("2025-02-30", False),
        ("2025\n", False),
    ],
)
def test_partial_date_edges(value, valid):
    validator = Validator({"format": "partial-date"})
    assert (validator.compiled.is_valid(value), validator.explainer.is_valid(value)) == (valid, valid)


@pytest.mark.parametrize(
    "pattern,value,valid",
    [
        ("^[a-z0-9][a-z0-9-]*$", "s1", True),
        ("^[a-z0-9][a-z0-9-]*$", "s1\n", True),  # Python's $ matches before a final newline, as jsonschema reads it
        ("^[a-z0-9][a-z0-9-]*$", "S1", False),
        ("^[^<>]*$", "a\nb", True),
        ("^[a-z]{2,3}$", "eng", True),
    ],
)
def test_patterns_are_read_as_python_reads_them(pattern, value, valid):
    validator = Validator({"type": "string", "pattern": pattern})
    assert (validator.compiled.is_valid(value), validator.explainer.is_valid(value)) == (valid, valid)


def test_a_property_named_like_a_keyword_stays_a_property():
    """`format` and `pattern` as names of fields (the engine's schema of schemas has both) are
    fields, not keywords, on the compiled side too."""
    schema = {"type": "object", "properties": {"pattern": {"type": "string"}, "format": {"enum": ["a"]}}, "additionalProperties": False}
    validator = Validator(schema)
    for value, valid in [({"pattern": "x", "format": "a"}, True), ({"pattern": 1}, False), ({"format": "b"}, False), ({"other": 1}, False)]:
        assert (validator.compiled.is_valid(value), validator.explainer.is_valid(value)) == (valid, valid)


def test_values_it_cannot_take_go_to_jsonschema():
    """A key that is not text cannot cross into the compiled validator: jsonschema answers."""
    validator = Validator({"type": "object", "additionalProperties": False})
    assert validator.is_valid({}) and not validator.is_valid({1: "a"})
    assert Validator({"type": "object", "patternProperties": {"^a$": {"type": "string"}}}).compiled is None


@pytest.mark.parametrize("name", list(SCHEMAS))
@settings(max_examples=100)
@given(data=st.data())
def test_compiled_and_jsonschema_agree_on_real_values_changed(name, data):
    validator = VALIDATORS[name]
    value = data.draw(st.sampled_from(REAL[name]), label="real value")
    for _ in range(data.draw(st.integers(0, 3), label="changes")):
        value = mutate(data, value)
    assert validator.compiled.is_valid(value) == validator.explainer.is_valid(value)


@pytest.mark.parametrize("name", list(SCHEMAS))
def test_every_real_value_is_accepted_by_both(name):
    validator = VALIDATORS[name]
    assert REAL[name]
    for value in REAL[name]:
        assert validator.compiled.is_valid(value) and validator.explainer.is_valid(value), value


def _python_accepts_schema(schema) -> bool:
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError:
        return False
    return True


SCHEMA_MISTAKES = st.sampled_from(
    [
        {"type": "strin"},
        {"minLength": -1},
        {"minLength": 1.0},
        {"minLength": True},
        {"pattern": "("},
        {"pattern": "(?<n>a)"},
        {"pattern": "\\p{L}"},
        {"patternProperties": {"(": {}}},
        {"x-any": {"pattern": "("}},
        {"required": "title"},
        {"enum": []},
        {"$schema": "http://json-schema.org/draft-07/schema#"},
        {"items": [{"type": "string"}]},
        {"$ref": "not a uri"},
        {"format": 5},
        {"uniqueItems": "yes"},
    ]
)


@settings(max_examples=150)
@given(data=st.data())
def test_meta_schema_checks_agree(data):
    """The compiled meta-schema check and jsonschema's accept the same schema files."""
    schema = copy.deepcopy(data.draw(st.sampled_from(REAL["engine:collection"]), label="schema"))
    for _ in range(data.draw(st.integers(0, 2), label="mistakes")):
        node = schema
        for key in data.draw(
            st.sampled_from([(), ("properties",), ("properties", "title"), ("properties", "sources", "items")]), label="where"
        ):
            node = node.get(key, node) if isinstance(node, dict) else node
        if isinstance(node, dict):
            node.update(data.draw(SCHEMA_MISTAKES, label="mistake"))
    assert (schema_error(schema) is None) == _python_accepts_schema(schema)
