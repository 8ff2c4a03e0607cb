"""The editors' pages: the rules, the fields of each collection, the vocabularies, reviews due.

Part of rendering. Everything here is generated from the rule registry, the checked schemas
and the vocabularies, so the reference cannot drift from the checks. Where it can, a rule's
example message is made by running the real check on a mistake made in a real entry.
"""

from __future__ import annotations

import copy
from typing import Any

from kb.check.entries import review_due
from kb.core.model import Field, in_language
from kb.core.rules import RULES, said
from kb.pages.entry_pages import Context, GeneratedPage
from kb.pages.format import esc, format_date
from kb.read.settings import LANGUAGE_VARIABLES
from kb.read.validate import Target, check_value


def editors_pages(ctx: Context, lang: str) -> list[GeneratedPage]:
    """The rules, fields, vocabularies and reviews pages of one language. Every word comes from
    kb.yml's labels, each rule's meaning from `rule_meanings` (else the registry's) and each
    field's description from its schema in that language."""
    kb, layout, fmt = ctx.kb, ctx.layout, ctx.fmt
    kb_dir = kb.settings.kb_dir
    title = fmt.label("editors", lang)
    examples = real_examples(ctx)
    check = "`kb check`"
    intro = fmt.phrase(
        "editors-intro",
        lang,
        kb_check=check,
        schemas=f"`{kb_dir}/schemas/`",
        vocabularies=f"`{kb_dir}/vocabularies/`",
        fields=f"[{fmt.label('editors-fields-link', lang)}](fields.md)",
        values=f"[{fmt.label('editors-values-link', lang)}](vocabularies.md)",
    )
    rules = [
        f"# {title}",
        "",
        intro,
        "",
        fmt.phrase(
            "editors-messages", lang, kb_check=check, option=f"`--lang {lang}`", variables=", ".join(f"`{v}`" for v in LANGUAGE_VARIABLES)
        ),
        "",
        f"## {fmt.label('editors-checks', lang)} {{ #rules }}",
        "",
        _row(fmt.label(f"editors-{k}", lang) for k in ("rule", "severity", "meaning", "example")),
        "|---|---|---|---|",
    ]
    for rule in RULES.values():
        rules.append(
            _row(
                [
                    f"`{rule.name}`",
                    fmt.label(f"severity-{rule.severity}", lang),
                    esc(kb.settings.rule_meaning(rule.name, lang)),
                    esc(said(examples.get(rule.name) or rule.example_message(tuple(kb.languages)), lang, kb.settings.rule_messages)),
                ]
            )
        )
    fields = [f"# {fmt.label('fields-title', lang)}", ""]
    for name, collection in kb.collections.items():
        required = set(collection.root.required)
        fields += [
            f"## {esc(collection.name_of(lang))} (`{kb_dir}/{name}/`) {{ #collection-{name} }}",
            "",
            esc(in_language(collection.about, lang)),
            "",
            _row(fmt.label(f"editors-{k}", lang) for k in ("field", "required", "value", "description")),
            "|---|---|---|---|",
        ]
        for field, prop in collection.properties.items():
            fields.append(
                _row(
                    [
                        f"`{field}`",
                        fmt.label("yes" if field in required else "no", lang),
                        kind(ctx, prop, lang),
                        esc(in_language(prop.description, lang)),
                    ]
                )
            )
        if collection.sections:
            heads = "; ".join(" / ".join(f"`## {esc(s[lg])}`" for lg in kb.languages if s.get(lg)) for s in collection.sections)
            fields += ["", fmt.phrase("editors-sections", lang, sections=heads)]
        fields.append("")
    vocabularies = [f"# {fmt.label('vocabularies-title', lang)}", ""]
    for vocab, terms in kb.vocabularies.items():
        vocabularies += [
            f"## `{vocab}` {{ #vocab-{vocab} }}",
            "",
            _row([fmt.label("editors-value", lang), *kb.languages]),
            "|---|" + "---|" * len(kb.languages),
        ]
        vocabularies += [_row([f"`{esc(term)}`", *(esc(labels.get(lg, "")) for lg in kb.languages)]) for term, labels in terms.items()]
        vocabularies.append("")
    return [
        GeneratedPage(layout.editors(lang), lang, "\n".join(rules) + "\n", f"{kb_dir}/schemas/"),
        GeneratedPage(layout.editors(lang, "fields"), lang, "\n".join(fields) + "\n", f"{kb_dir}/schemas/"),
        GeneratedPage(layout.editors(lang, "vocabularies"), lang, "\n".join(vocabularies) + "\n", f"{kb_dir}/vocabularies/"),
        *([review_page(ctx, lang)] if kb.settings.review_field is not None else []),
    ]


def _row(cells) -> str:
    return "| " + " | ".join(cells) + " |"


def kind(ctx: Context, prop: Field, lang: str) -> str:
    """What a field holds, in a few words of the language."""
    fmt, languages = ctx.fmt, ctx.kb.languages
    if prop.ref:
        return fmt.phrase("kind-ref", lang, collection=f"`{prop.ref}`")
    if prop.vocab:
        return fmt.phrase("kind-vocab", lang, vocabulary=f"[`{prop.vocab}`](vocabularies.md#vocab-{prop.vocab})")
    if prop.types == ("array",) and prop.items:
        return fmt.phrase("kind-list", lang, item=kind(ctx, prop.items, lang))
    props = prop.properties
    if prop.is_figure:
        return fmt.phrase("kind-figure", lang, fields="`{" + ", ".join(props) + "}`")
    if props and set(props) >= set(languages):
        extra = [k for k in props if k not in languages]
        codes = f"`{{{', '.join(languages)}}}`"
        if extra:
            return fmt.phrase("kind-per-language-and", lang, languages=codes, extra="`" + "`, `".join(extra) + "`")
        return fmt.phrase("kind-per-language", lang, languages=codes)
    if prop.is_date:
        return fmt.phrase("kind-date", lang, format="`YYYY-MM-DD`" if prop.format == "date" else "`YYYY[-MM[-DD]]`")
    if prop.format:
        return fmt.label("kind-url", lang) if prop.format == "url" else esc(prop.format)
    if prop.schema.get("pattern"):
        hint = in_language(prop.hint, lang)
        return esc(hint) if hint else fmt.phrase("kind-pattern", lang, pattern=f"`{esc(prop.schema['pattern'])}`")
    words = [
        fmt.phrase(f"kind-{t}", lang, true="`true`", false="`false`") if f"kind-{t}" in ctx.kb.settings.labels else esc(t)
        for t in prop.types or ("any",)
    ]
    return f" {fmt.label('kind-or', lang)} ".join(words)


def real_examples(ctx: Context) -> dict[str, str]:
    """Example messages made by the real schema checks, each on a copy of a real entry with one
    mistake put in: a missing field, a misspelt one, a wrong type, a value off its list, a bad date."""
    for collection in ctx.kb.collections.values():
        entry = next(iter(collection.entries.values()), None)
        if entry is None:
            continue
        out: dict[str, str] = {}
        props, required = collection.properties, collection.root.required
        mistakes: dict[str, Any] = {}
        if len(required) > 1:
            mistakes["missing-field"] = lambda f: f.pop(required[1], None)
        field = next(iter(props))
        mistakes["unknown-field"] = lambda f: f.__setitem__(field[:-1] + field[-1] * 2, f.get(field))
        vocab = next((n for n, p in props.items() if p.vocab), None)
        if vocab:
            mistakes["not-allowed"] = lambda f: f.__setitem__(vocab, "x" + str(f.get(vocab, "")))
        dated = next((n for n, p in props.items() if p.format == "date"), None)
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


REVIEW_SHOWN = 100  # the oldest reviews listed in the page; `kb stale` lists every one


def review_page(ctx: Context, lang: str) -> GeneratedPage:
    kb, fmt = ctx.kb, ctx.fmt
    uri = ctx.layout.editors(lang, "review")
    field = kb.settings.review_field
    due = [e for e in kb.entries() if review_due(kb, e, ctx.today)]
    out = [
        f"# {fmt.label('review-due', lang)}",
        "",
        fmt.phrase("review-intro", lang, field=f"`{esc(field)}`", months=str(kb.settings.review_months), count=str(len(due))),
        "",
    ]
    if len(due) > REVIEW_SHOWN:
        out += [fmt.phrase("review-more", lang, shown=str(REVIEW_SHOWN), command="`kb stale`"), ""]
    if due:
        out += [_row(fmt.label(f"editors-{k}", lang) for k in ("entry", "collection", "reviewed")), "|---|---|---|"]
        for entry in sorted(due, key=lambda e: (str(e.facts.get(field, "")), e.path))[:REVIEW_SHOWN]:
            out.append(
                _row(
                    [
                        fmt.link(uri, entry.ref, lang),
                        esc(kb.collections[entry.collection].name_of(lang)),
                        format_date(entry.facts.get(field, "—"), lang),
                    ]
                )
            )
    return GeneratedPage(uri, lang, "\n".join(out) + "\n")
