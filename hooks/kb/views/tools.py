"""Tool views: a finder that narrows a collection by questions, a side-by-side comparison of
entries, benchmarks computed from the facts, and (from `kb.views.changes`) the list of recent changes. Each is a view kind (see `kb.views.overview`), drawn at build time
from the checked facts as a static page; finder.js and compare.js make the finder and the comparison interactive,
keeping the answers in the page's address, and without script the page shows everything.

The finder's and the comparison's entries travel to the browser in JSON files beside their pages (the
`data` of their view kinds), so the pages stay small however large the base; their settings
travel in one escaped `data-` attribute, never in a script element, so the sanitiser's policy
for pages needs no exception.
"""

from __future__ import annotations

import html
import json
from typing import Any

from kb.core.model import Field
from kb.pages.entry_pages import Context, GeneratedPage, view_page
from kb.pages.format import esc, format_date, format_number, host
from kb.pages.site import href, page_url


def _data(value: Any) -> str:
    """JSON for a data- attribute of raw HTML, which Markdown leaves as it is: escaped for HTML
    only (esc would also write brackets as entities, doubling the size of the page)."""
    return html.escape(json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")), quote=True)


def _plain(ctx: Context, prop: Field, value: Any, lang: str) -> str:
    """A checked value as plain text (no links), for the data the browser shows."""
    items = prop.values
    values = value if isinstance(value, list) else [value]
    out = []
    for v in values:
        if items.ref:
            entry = ctx.kb.entry((items.ref, v))
            out.append(entry.title(lang) if entry else str(v))
        elif items.vocab:
            out.append(ctx.fmt.term_label(items.vocab, v, lang))
        elif isinstance(v, dict) and isinstance(v.get(lang), str):
            out.append(v[lang])
        elif isinstance(v, (int, float)) and not isinstance(v, bool):
            out.append(format_number(v, lang) + ctx.fmt.unit(prop, lang))
        elif isinstance(v, (str, int)) and prop.is_date:
            out.append(format_date(v, lang))
        elif v is not None and not isinstance(v, (dict, list)):
            out.append(str(v))
    return "; ".join(out)


# --- the finder ---------------------------------------------------------------------------------


def finder(ctx: Context, view, lang: str) -> GeneratedPage:
    """The questions whose answers narrow the collection: finder.js draws them and the cards from the
    file beside the page (finder_data), fetched once, so the page stays the same small size
    however long the cards grow; without script, the page links to the collection's catalogue,
    which lists every entry."""
    name = view.options["collection"]
    uri = ctx.layout.view(lang, view.path)
    labels = {k: ctx.kb.label(k, lang) for k in ("finder-any", "finder-shown", "finder-left-out", "finder-reset", "finder-because")}
    spec = {"questions": _questions(ctx, view, lang), "labels": labels, "src": FINDER_DATA}
    return view_page(
        ctx,
        view,
        lang,
        [
            *_all_link(ctx, name, lang, uri, len(ctx.kb.collections[name].entries), True),
            f'<div class="kb-finder" data-finder="{_data(spec)}"></div>',
        ],
    )


def _questions(ctx: Context, view, lang: str) -> list[dict]:
    collection = ctx.kb.collections[view.options["collection"]]
    questions = []
    for q in view.options["questions"]:
        if "field" in q:
            items = collection.properties[q["field"]].values
            values = sorted({v for e in collection.entries.values() for v in _values(e.facts.get(q["field"]))})
            if items.vocab:
                values = [v for v in ctx.kb.vocabularies.get(items.vocab, {}) if v in values]
            if values:  # a question no entry answers would narrow nothing
                questions.append(
                    {
                        "key": q["field"],
                        "title": q["title"].get(lang, q["field"]),
                        "options": [[v, _plain(ctx, items, v, lang)] for v in values],
                        "any": (q.get("any") or {}).get(lang, ""),
                        "multiple": bool(q.get("multiple")),
                    }
                )
        else:
            low, high = q["amount"]
            questions.append({"key": "amount", "title": q["title"].get(lang, "amount"), "low": low, "high": high})
    return questions


def _all_link(ctx: Context, name: str, lang: str, uri: str, count: int, shown: bool) -> list[str]:
    """Where a tool page lists no entries itself: a link to the collection's catalogue, which
    lists them all without script."""
    if not shown:
        return []
    target = href(uri, ctx.layout.catalogue(lang, name))
    text = ctx.kb.label("tool-all", lang).replace("{n}", format_number(count, lang))
    return [f'<p class="kb-tool-all"><a href="{target}">{esc(text)}</a></p>', ""]


FINDER_DATA = "finder.json"
COMPARE_INDEX = "compare.json"
COMPARE_CHUNK = 100  # entries per file of the comparison's facts: picking four fetches at most four


def finder_data(ctx: Context, view, lang: str) -> dict[str, bytes]:
    """The finder's entries for finder.js, in a file beside the page: what each answers, and each
    card's text for a base too large to list them in the page."""
    name = view.options["collection"]
    props = ctx.kb.collections[name].properties
    uri = ctx.layout.view(lang, view.path)
    items = []
    for entry in ctx.sorted_entries(name, lang):
        facts = entry.facts
        summary = facts.get(view.options.get("summary_field", ""), {})
        row: dict[str, Any] = {
            "id": entry.id,
            "title": entry.title(lang),
            "url": href(uri, ctx.layout.entry(lang, *entry.ref)),
            "summary": summary.get(lang, "") if isinstance(summary, dict) else "",
            "details": [
                [props[f].label_in(lang, f), _plain(ctx, props[f], facts[f], lang)]
                for f in view.options.get("detail_fields", [])
                if f in facts
            ],
        }
        for q in view.options["questions"]:
            if "field" in q:
                row[q["field"]] = _values(facts.get(q["field"]))
            else:
                row["low"], row["high"] = facts.get(q["amount"][0]), facts.get(q["amount"][1])
        items.append(row)
    return {page_url(uri) + FINDER_DATA: _json({"items": items})}


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _values(value: Any) -> list[str]:
    return [str(v) for v in (value if isinstance(value, list) else [value]) if v is not None and not isinstance(v, (dict, list))]


# --- the comparison -----------------------------------------------------------------------------


def compare(ctx: Context, view, lang: str) -> GeneratedPage:
    """The picker and table compare.js draws from the files beside the page (compare_data); without
    script, a list of the entries while there are few, else a link to the catalogue."""
    name = view.options["collection"]
    props = ctx.kb.collections[name].properties
    uri = ctx.layout.view(lang, view.path)
    fields = [f for f in view.options["fields"] if f in props]
    entries = ctx.sorted_entries(name, lang)
    rows = [[f, _label(props, f, lang)] for f in fields]
    rows += [
        [f"ratio-{i + 1}", ", ".join(t for t in (r["title"].get(lang, ""), (r.get("unit") or {}).get(lang, "")) if t)]
        for i, r in enumerate(view.options.get("ratios", []))
    ]
    spec = {
        "fields": rows,
        "max": view.options.get("max", 4),
        "param": name,
        "src": COMPARE_INDEX,
        "kinds": _compare_kinds(view),
        "pairs": _compare_pairs(view),
        "labels": {
            k: ctx.kb.label(k, lang)
            for k in (
                "compare-pick",
                "compare-show",
                "compare-as-of",
                "compare-source",
                "compare-empty",
                "unconfirmed",
                "filter-all",
                "compare-declared",
                "compare-realised",
                "compare-dates-apart",
                "dates-apart",
                "compare-declared-realised",
                "compare-notes",
                "compare-computed",
            )
        },
    }
    if view.options.get("filter") in props:
        spec["filter"] = {"key": view.options["filter"], "title": _label(props, view.options["filter"], lang)}
    listing = [f"- {ctx.fmt.link(uri, e.ref, lang)}" for e in entries] if len(entries) <= ctx.kb.settings.page_items_max else []
    return view_page(
        ctx,
        view,
        lang,
        [
            *_all_link(ctx, name, lang, uri, len(entries), not listing),
            f'<div class="kb-compare" data-compare="{_data(spec)}" markdown>',
            "",
            *listing,
            "",
            "</div>",
        ],
    )


def _label(props: dict[str, Field], field: str, lang: str) -> str:
    return props[field].label_in(lang, field)


def _compare_kinds(view) -> dict[str, str]:
    """Each row that holds a declared or a realised figure (named by the view's `declared` and
    `realised` settings, and the ratios computed from them), so that compare.js can mark it."""
    kinds = {f: "declared" for f in view.options.get("declared", [])} | {f: "realised" for f in view.options.get("realised", [])}
    for i, ratio in enumerate(view.options.get("ratios", [])):
        if ratio["of"][0] in kinds:
            kinds[f"ratio-{i + 1}"] = kinds[ratio["of"][0]]
    return kinds


def _compare_pairs(view) -> list[list[str]]:
    """Rows that measure the same thing, declared against realised: the fields, in the order the
    settings give them, and the ratios computed from each over the same denominator."""
    pairs = [list(p) for p in zip(view.options.get("declared", []), view.options.get("realised", []))]
    ratios = view.options.get("ratios", [])
    for d, r in list(pairs):
        for i, a in enumerate(ratios):
            for j, b in enumerate(ratios):
                if list(a["of"]) == [d, a["of"][1]] and list(b["of"]) == [r, a["of"][1]]:
                    pairs.append([f"ratio-{i + 1}", f"ratio-{j + 1}"])
    return pairs


def _figure(value: Any) -> tuple[float, str, Any] | None:
    """A figure's number, its as-of date and its source id, or a plain number with none."""
    if isinstance(value, dict) and isinstance(value.get("value"), (int, float)) and not isinstance(value.get("value"), bool):
        return float(value["value"]), str(value.get("as_of", "")), value.get("source")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value), "", None
    return None


def compare_ratio(entry, ratio: dict) -> dict | None:
    """One ratio of two of an entry's figures, computed at build time: the value (scaled), both
    figures' as-of dates, and whether those dates fall in different years."""
    top, bottom = _figure(entry.facts.get(ratio["of"][0])), _figure(entry.facts.get(ratio["of"][1]))
    if top is None or bottom is None or bottom[0] == 0:
        return None
    years = {d[:4] for d in (top[1], bottom[1]) if d[:4].isdigit()}
    return {"value": top[0] / bottom[0] * ratio.get("scale", 1), "dates": [top[1], bottom[1]], "apart": len(years) > 1}


def compare_data(ctx: Context, view, lang: str) -> dict[str, bytes]:
    """The comparison's data beside its page: an index of the entries ([id, title, file, the
    value of the filter field]) and their facts in files of COMPARE_CHUNK entries, each figure
    with its date and source, and the ratios computed from them with both dates."""
    name = view.options["collection"]
    props = ctx.kb.collections[name].properties
    uri = ctx.layout.view(lang, view.path)
    fields = [f for f in view.options["fields"] if f in props]
    filter_field = view.options.get("filter") if view.options.get("filter") in props else None
    index: list = []
    chunks: dict[str, dict] = {}
    for i, entry in enumerate(ctx.sorted_entries(name, lang)):
        cells = {}
        for field in fields:
            value = entry.facts.get(field)
            if value is None:
                continue
            if isinstance(value, dict) and "value" in value and "as_of" in value:
                source = next((s for s in ctx.fmt.sources(entry) if s.get("id") == value.get("source")), {})
                cells[field] = {
                    "text": format_number(value["value"], lang) + ctx.fmt.unit(props[field], lang),
                    "as_of": format_date(value["as_of"], lang),
                    "year": str(value["as_of"])[:4],
                    "source": source.get("url", ""),
                    "source_name": host(source["url"]) if source.get("url") else ctx.fmt.source_title(source, lang)[0],
                    "unconfirmed": bool(value.get("unconfirmed")),
                }
            else:
                cells[field] = {"text": _plain(ctx, props[field], value, lang)}
        for n, ratio in enumerate(view.options.get("ratios", [])):
            got = compare_ratio(entry, ratio)
            if got is not None:
                cells[f"ratio-{n + 1}"] = {
                    "text": format_number(round(got["value"], 2), lang),
                    "computed": True,
                    "apart": got["apart"],
                    "year": "/".join(sorted({d[:4] for d in got["dates"] if d})),
                    "as_of": " · ".join(
                        f"{_label(props, f, lang)}: {format_date(d, lang) if d else '—'}" for f, d in zip(ratio["of"], got["dates"])
                    ),
                }
        file = f"compare-{i // COMPARE_CHUNK + 1}.json"
        row = [entry.id, entry.title(lang), file]
        if filter_field:
            value = entry.facts.get(filter_field)
            row += [
                str(value) if isinstance(value, (str, int)) else "",
                _plain(ctx, props[filter_field], value, lang) if value is not None else "",
            ]
        index.append(row)
        chunks.setdefault(file, {})[entry.id] = {
            "title": entry.title(lang),
            "url": href(uri, ctx.layout.entry(lang, *entry.ref)),
            "cells": cells,
        }
    folder = page_url(uri)
    return {folder + COMPARE_INDEX: _json(index), **{folder + file: _json(rows) for file, rows in chunks.items()}}


# --- benchmarks computed from the facts ----------------------------------------------------------


def _number(value: Any) -> tuple[float, str] | None:
    """A figure's number and date, or a date's year as a number (with the date itself)."""
    if isinstance(value, dict) and isinstance(value.get("value"), (int, float)):
        return float(value["value"]), str(value.get("as_of", ""))
    if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value)[:4].isdigit():
        text = str(value)
        month = int(text[5:7]) if len(text) >= 7 else 6
        return int(text[:4]) + (month - 0.5) / 12, text
    return None


def benchmarks(ctx: Context, view, lang: str) -> GeneratedPage:
    """Each metric computed for every entry that has both of its facts, with the facts it comes
    from and their dates; where those dates lie far apart, the row says so."""
    name = view.options["collection"]
    props = ctx.kb.collections[name].properties
    uri = ctx.layout.view(lang, view.path)
    out = []
    for metric in view.options["metrics"]:
        a, b = metric["of"]
        label_a, label_b = _label(props, a, lang), _label(props, b, lang)
        rows = []
        for entry in ctx.sorted_entries(name, lang):
            x, y = _number(entry.facts.get(a)), _number(entry.facts.get(b))
            if x is None or y is None or (metric["kind"] == "ratio" and y[0] == 0):
                continue
            value = (y[0] - x[0]) if metric["kind"] == "between" else x[0] / y[0] * metric.get("scale", 1)
            if metric["kind"] == "between" and value < 0:
                continue
            apart = metric["kind"] == "ratio" and x[1][:4].isdigit() and y[1][:4].isdigit() and abs(int(x[1][:4]) - int(y[1][:4])) >= 2
            note = ctx.fmt.label("dates-apart", lang) if apart else ""
            rows.append(
                (
                    value,
                    f"| {ctx.fmt.link(uri, entry.ref, lang)} | **{format_number(round(value, 1), lang)}** | "
                    f"{format_date(x[1], lang)} | {format_date(y[1], lang)} | {note} |",
                )
            )
        out += [f"## {esc(metric['title'].get(lang, ''))}", ""]
        if metric.get("note", {}).get(lang):
            out += [esc(metric["note"][lang]), ""]
        if not rows:
            out += [ctx.fmt.label("no-benchmark", lang), ""]
            continue
        ordered = [row for _, row in sorted(rows, key=lambda r: r[0])]
        if len(ctx.kb.collections[name].entries) > ctx.kb.settings.page_items_max and len(ordered) > 2 * BENCHMARK_ENDS:
            # A large base: the lowest and the highest only, so the page does not grow with the base.
            more = ctx.kb.label("benchmark-more", lang).replace("{n}", format_number(len(ordered) - 2 * BENCHMARK_ENDS, lang))
            ordered = [*ordered[:BENCHMARK_ENDS], f"| {esc(more)} | | | | |", *ordered[-BENCHMARK_ENDS:]]
        out += [
            f"| {esc(ctx.kb.collections[name].name_of(lang))} | {esc(metric['unit'].get(lang, ''))} | {esc(label_a)} | {esc(label_b)} | |",
            "|---|---:|---|---|---|",
            *ordered,
            "",
            f"{ctx.fmt.label('benchmark-median', lang)}: **{format_number(round(_median([v for v, _ in rows]), 1), lang)}** "
            f"({ctx.fmt.label('benchmark-of', lang)}: {len(rows)})",
            "",
        ]
    return view_page(ctx, view, lang, out)


BENCHMARK_ENDS = 10  # rows shown at each end of a metric when the base is larger than page_items_max


def _median(values: list[float]) -> float:
    values = sorted(values)
    mid = len(values) // 2
    return values[mid] if len(values) % 2 else (values[mid - 1] + values[mid]) / 2
