"""The editors' pages: the rules, the fields of each collection, the vocabularies, reviews due.

Part of rendering. Everything here is generated from the rule registry, the checked schemas
and the vocabularies, so the reference cannot drift from the checks. Where it can, a rule's
example message is made by running the real check on a mistake made in a real entry.
"""

from __future__ import annotations

import copy
from typing import Any

from kb_check import review_due
from kb_format import esc, format_date
from kb_pages import Context, GeneratedPage
from kb_rules import RULES
from kb_validate import Target, check_value

TYPE_WORDS = {"string": "text", "integer": "whole number", "number": "number", "boolean": "`true`/`false`", "object": "fields", "array": "list"}


def editors_pages(ctx: Context, lang: str) -> list[GeneratedPage]:
    kb, layout = ctx.kb, ctx.layout
    kb_dir = kb.settings.kb_dir
    title = ctx.fmt.label("editors", lang)
    examples = real_examples(ctx)
    rules = [f"# {title}", "",
             f"What `kb check` enforces, generated from the schemas in `{kb_dir}/schemas/` and the vocabularies in "
             f"`{kb_dir}/vocabularies/`: [the fields of each collection](fields.md) and [the allowed values](vocabularies.md). "
             "Every problem it reports names one of the rules below.", "",
             "## Checks { #rules }", "", "| Rule | Severity | Meaning | Example message |", "|---|---|---|---|"]
    for rule in RULES.values():
        rules.append(f"| `{rule.name}` | {rule.severity} | {esc(rule.meaning)} | {esc(examples.get(rule.name, rule.example))} |")
    fields = [f"# {title}: {ctx.fmt.label('fields', lang)}", ""]
    for name, collection in kb.collections.items():
        required = set(collection.schema.get("required") or [])
        fields += [f"## {esc(collection.name_of(lang))} (`{kb_dir}/{name}/`) {{ #collection-{name} }}", "",
                   esc(collection.raw_schema.get("description", "")), "",
                   "| Field | Required | Value | Description |", "|---|---|---|---|"]
        for field, prop in collection.properties.items():
            fields.append(f"| `{field}` | {'yes' if field in required else 'no'} | {kind(ctx, prop)} | {esc(prop.get('description', ''))} |")
        if collection.sections:
            heads = "; ".join(" / ".join(f"`## {esc(s[lg])}`" for lg in kb.languages if s.get(lg)) for s in collection.sections)
            fields += ["", f"Required sections of the text: {heads}."]
        fields.append("")
    vocabularies = [f"# {title}: {ctx.fmt.label('vocabularies', lang)}", ""]
    for vocab, terms in kb.vocabularies.items():
        vocabularies += [f"## `{vocab}` {{ #vocab-{vocab} }}", "", "| Value | " + " | ".join(kb.languages) + " |", "|---|" + "---|" * len(kb.languages)]
        vocabularies += [f"| `{esc(term)}` | " + " | ".join(esc(labels.get(lg, "")) for lg in kb.languages) + " |" for term, labels in terms.items()]
        vocabularies.append("")
    return [
        GeneratedPage(layout.editors(lang), lang, "\n".join(rules) + "\n", f"{kb_dir}/schemas/"),
        GeneratedPage(layout.editors(lang, "fields"), lang, "\n".join(fields) + "\n", f"{kb_dir}/schemas/"),
        GeneratedPage(layout.editors(lang, "vocabularies"), lang, "\n".join(vocabularies) + "\n", f"{kb_dir}/vocabularies/"),
        review_page(ctx, lang),
    ]


def kind(ctx: Context, prop: dict) -> str:
    """What a field holds, in a few words."""
    if prop.get("x-ref"):
        return f"id of an entry in `{prop['x-ref']}`"
    if prop.get("x-vocab"):
        return f"a value of [`{prop['x-vocab']}`](vocabularies.md#vocab-{prop['x-vocab']})"
    items = prop.get("items") if isinstance(prop.get("items"), dict) else None
    if prop.get("type") == "array" and items:
        return "list of " + kind(ctx, items)
    props = prop.get("properties") or {}
    if "value" in props and "as_of" in props:
        return "figure: `{" + ", ".join(props) + "}`"
    if props and set(props) >= set(ctx.kb.languages):
        extra = [k for k in props if k not in ctx.kb.languages]
        return f"per language: `{{{', '.join(ctx.kb.languages)}}}`" + (f" and `{'`, `'.join(extra)}`" if extra else "")
    if prop.get("format"):
        return {"date": "date `YYYY-MM-DD`", "partial-date": "date `YYYY[-MM[-DD]]`", "url": "web address"}.get(prop["format"], esc(prop["format"]))
    if prop.get("pattern"):
        return esc(prop.get("x-hint", f"text matching `{prop['pattern']}`"))
    types = prop.get("type")
    return " or ".join(TYPE_WORDS.get(t, t) for t in (types if isinstance(types, list) else [types or "any"]))


def real_examples(ctx: Context) -> dict[str, str]:
    """Example messages made by the real schema checks, each on a copy of a real entry with one
    mistake put in: a missing field, a misspelt one, a wrong type, a value off its list, a bad date."""
    for collection in ctx.kb.collections.values():
        entry = next(iter(collection.entries.values()), None)
        if entry is None:
            continue
        out: dict[str, str] = {}
        props, required = collection.properties, collection.schema.get("required") or []
        mistakes: dict[str, Any] = {}
        if len(required) > 1:
            mistakes["missing-field"] = lambda f: f.pop(required[1], None)
        field = next(iter(props))
        mistakes["unknown-field"] = lambda f: f.__setitem__(field[:-1] + field[-1] * 2, f.get(field))
        vocab = next((n for n, p in props.items() if p.get("x-vocab")), None)
        if vocab:
            mistakes["not-allowed"] = lambda f: f.__setitem__(vocab, "x" + str(f.get(vocab, "")))
        dated = next((n for n, p in props.items() if p.get("format") == "date"), None)
        if dated:
            mistakes["bad-format"] = lambda f: f.__setitem__(dated, "2020-13-01")
            mistakes["wrong-type"] = lambda f: f.__setitem__(dated, 5)
        for rule, mistake in mistakes.items():
            facts = copy.deepcopy(entry.facts)
            mistake(facts)
            _, problems = check_value(collection.validator, facts, Target(entry.path, {}, collection.name))
            found = [p.message for p in problems if p.rule == rule]
            if found:
                out[rule] = found[0]
        return out
    return {}


def review_page(ctx: Context, lang: str) -> GeneratedPage:
    kb = ctx.kb
    uri = ctx.layout.editors(lang, "review")
    field = kb.settings.review_field
    due = [e for e in kb.entries() if review_due(kb, e, ctx.today)]
    out = [f"# {ctx.fmt.label('review-due', lang)}", "",
           f"Entries whose `{field}` date is more than {kb.settings.review_months} months old: {len(due)}.", ""]
    if due:
        out += ["| Entry | Collection | Reviewed |", "|---|---|---|"]
        for entry in sorted(due, key=lambda e: str(e.facts.get(field, ""))):
            out.append(f"| {ctx.fmt.link(uri, entry.ref, lang)} | {esc(kb.collections[entry.collection].name_of(lang))} | "
                       f"{format_date(entry.facts.get(field, '—'), lang)} |")
    return GeneratedPage(uri, lang, "\n".join(out) + "\n")

