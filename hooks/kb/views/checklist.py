"""The application checklist: a view kind (see `kb.views.overview`) that lists a collection's steps in
their order, each with the fields the settings name and links to the steps it depends on; checklist.js
lets the reader tick them (the ticks stay in the browser and in the page's address), and the
same steps travel as a spreadsheet beside the page (XlsxWriter), written once per build.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

from kb.core.model import BARE
from kb.pages.entry_pages import Context, GeneratedPage, view_page
from kb.pages.format import esc, format_date
from kb.pages.site import page_url
from kb.views.tools import _plain

CHECKLIST_XLSX = "checklist.xlsx"


def _label(ctx: Context, collection: str, field: str, lang: str) -> str:
    return ctx.kb.collections[collection].properties.get(field, BARE).label_in(lang, field)


def _text(value: Any, lang: str) -> str:
    return value.get(lang, "") if isinstance(value, dict) else ""


def checklist(ctx: Context, view, lang: str) -> GeneratedPage:
    """Every step of the collection in its order, each with who prepares and who reviews it, the
    steps it depends on (links within the page) and its legal basis; checklist.js adds the ticks."""
    name = view.options["collection"]
    uri = ctx.layout.view(lang, view.path)
    steps = ctx.sorted_entries(name, lang)
    number = {e.id: i for i, e in enumerate(steps, 1)}
    unconfirmed = ctx.kb.collections[name].role("unconfirmed")
    spec = {
        "key": view.path,
        "labels": {k: ctx.kb.label(k, lang) for k in ("checklist-done", "checklist-clear", "checklist-share", "checklist-tick")},
    }
    out = [
        f'<p class="kb-download"><a href="{CHECKLIST_XLSX}">{ctx.fmt.label("checklist-download", lang)}</a></p>',
        "",
        f'<div class="kb-checklist" data-checklist="{esc(_json_attr(spec))}" markdown>',
        "",
    ]
    for i, step in enumerate(steps, 1):
        facts = step.facts
        out += [
            f'<div class="kb-check-step" id="step-{esc(step.id)}" data-step="{esc(step.id)}" markdown>',
            "",
            f"### {i}. {ctx.fmt.link(uri, step.ref, lang)} {{ #{step.id} }}",
            "",
        ]
        rows = []
        for field in view.options.get("fields", []):
            if field == view.options.get("depends_field"):
                deps = [d for d in facts.get(field) or [] if d in number]
                if deps:
                    links = ", ".join(f'<a href="#step-{esc(d)}">{number[d]}. {esc(ctx.kb.at((name, d)).title(lang))}</a>' for d in deps)
                    rows.append(f"**{esc(_label(ctx, name, field, lang))}:** {links}")
            elif field in facts:
                prop = ctx.kb.collections[name].properties[field]
                badge = f" {ctx.fmt.badge(lang)}" if field in (step.fact(unconfirmed) or []) else ""
                rows.append(
                    f"**{esc(_label(ctx, name, field, lang))}:** {ctx.fmt.value(prop, facts[field], lang, uri, step, compact=True)}{badge}"
                )
        out += [r + "  " for r in rows] + ["", "</div>", ""]
    return view_page(ctx, view, lang, out + ["</div>"])


def _json_attr(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def checklist_data(ctx: Context, view, lang: str) -> dict[str, bytes]:
    """The checklist as a spreadsheet beside its page."""
    return {page_url(ctx.layout.view(lang, view.path)) + CHECKLIST_XLSX: checklist_xlsx(ctx, view, lang)}


def steps_rows(ctx: Context, view, lang: str) -> tuple[list[str], list[list[str]]]:
    """The checklist as a table of text: a column per field of the settings, then the sources."""
    name = view.options["collection"]
    props = ctx.kb.collections[name].properties
    steps = ctx.sorted_entries(name, lang)
    number = {e.id: i for i, e in enumerate(steps, 1)}
    fields = view.options.get("fields", [])
    head = ["№", _label(ctx, name, "title", lang), *[_label(ctx, name, f, lang) for f in fields], ctx.kb.label("sources", lang)]
    rows = []
    for step in steps:
        cells = [str(number[step.id]), step.title(lang)]
        for field in fields:
            value = step.facts.get(field)
            if field == view.options.get("depends_field"):
                cells.append(", ".join(f"{number[d]}. {ctx.kb.at((name, d)).title(lang)}" for d in value or [] if d in number))
            else:
                cells.append(_plain(ctx, props[field], value, lang) if value is not None else "")
        cells.append(
            "\n".join(
                f"{s.get('title', '')}: {s.get('url') or s.get('document', '')} ({ctx.kb.label('read-on', lang)} {format_date(s.get('read'), lang)})"
                for s in ctx.fmt.sources(step)
            )
        )
        rows.append(cells)
    return head, rows


def checklist_xlsx(ctx: Context, view, lang: str) -> bytes:
    """The steps in a sheet: a row per step, a column to tick, the header frozen, A4 landscape."""
    import xlsxwriter

    head, rows = steps_rows(ctx, view, lang)
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    book.set_properties({"title": view.title_in(lang), "created": dt.datetime.combine(ctx.today, dt.time())})
    sheet = book.add_worksheet(ctx.kb.label("checklist-sheet", lang)[:31])
    bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#DDDDDD", "border": 1})
    wrap = book.add_format({"text_wrap": True, "valign": "top", "border": 1})
    done = ctx.kb.label("checklist-tick", lang)
    sheet.write_row(0, 0, [done, *head], bold)
    for r, cells in enumerate(rows, 1):
        sheet.write_string(r, 0, "", wrap)
        for c, text in enumerate(cells, 1):
            sheet.write_string(r, c, text, wrap)
    sheet.data_validation(1, 0, len(rows), 0, {"validate": "list", "source": ["✓"]})
    widths = [8, 4, 34, *[28] * (len(head) - 3), 60]
    for c, width in enumerate(widths):
        sheet.set_column(c, c, width)
    sheet.freeze_panes(1, 0)
    sheet.set_paper(9)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)
    book.close()
    return out.getvalue()
