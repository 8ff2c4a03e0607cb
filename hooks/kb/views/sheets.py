"""Downloads: each catalogue as files beside its pages, in every language. An Excel workbook
(XLSX, written with XlsxWriter) for reading and calculating: numbers as numbers, dates as dates,
each figure beside its as-of date and source, the header row frozen, and a sheet that explains
the columns. And a comma-separated file (UTF-8 with a byte-order mark) for programs. Both hold
the same columns, from `_table`; `kb.render.renderer` writes them, `kb.pages.site.Layout.download` names them.
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from typing import Any

from kb.core.model import BARE, Field, in_language
from kb.pages.entry_pages import Context
from kb.pages.format import format_date, format_number
from kb.views.tools import _plain  # a value as the finder shows it: titles and terms, not ids and codes


def _table(ctx: Context, name: str, lang: str) -> tuple[list[tuple[str, str, Field]], list[tuple[Any, list]]]:
    """A collection as rows for a spreadsheet: the columns ([heading, kind, field schema], kind
    one of id, title, value, figure, as_of, source) and, per entry, the values of those columns as
    checked (a figure in three: its number, its as-of date and its source's address)."""
    collection = ctx.kb.collections[name]
    named = collection.name_field
    props = {k: p for k, p in collection.properties.items() if k != named and p.show}
    title = collection.properties.get(named, BARE)
    head = [("id", "id", BARE), (title.label_in(lang, named), "title", title)]
    for key, prop in props.items():
        label = prop.label_in(lang, key)
        unit = prop.unit.get(lang)
        named = f"{label}, {unit}" if unit else label
        if prop.is_figure:
            head += [
                (named, "figure", prop),
                (f"{label}: {ctx.kb.label('as-of', lang)}", "as_of", prop),
                (f"{label}: {ctx.kb.label('compare-source', lang)}", "source", prop),
            ]
        else:
            head.append((named, "value", prop))
    keys = [k for k, p in props.items() for _ in range(3 if p.is_figure else 1)]
    rows = []
    for entry in ctx.sorted_entries(name, lang):
        row: list = [entry.id, entry.title(lang)]
        for (_, kind, _prop), key in zip(head[2:], keys):
            value = entry.facts.get(key)
            if kind == "figure":
                row.append(value["value"] if value else None)
            elif kind == "as_of":
                row.append(value["as_of"] if value else None)
            elif kind == "source":
                source = next((s for s in ctx.fmt.sources(entry) if value and s.get("id") == value.get("source")), {})
                row.append((source.get("url") or ctx.fmt.source_title(source, lang)[0]) if value else None)
            else:
                row.append(value)
        rows.append((entry, row))
    return head, rows


def table_csv(ctx: Context, name: str, lang: str) -> bytes:
    """A collection as a comma-separated file for programs: one row per entry, a column per fact;
    each figure in three columns (value, as-of date, source address). UTF-8 with a byte-order
    mark, so that a program (or Excel) reads the Cyrillic."""
    import csv
    import io

    head, rows = _table(ctx, name, lang)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([h for h, _, _ in head])
    for _, row in rows:
        writer.writerow(
            [
                "" if v is None else v if kind in ("id", "title", "figure", "as_of", "source") else _plain(ctx, prop, v, lang)
                for v, (_, kind, prop) in zip(row, head)
            ]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _cell(ctx: Context, prop: Field, kind: str, value: Any, lang: str) -> tuple[Any, ...]:
    """How a value goes into a spreadsheet cell: ("number", n), ("date", date, pattern) or ("text", s)."""
    import datetime as dt

    if value is None:
        return ("blank", None)
    if kind == "as_of" or prop.is_date:
        text = str(value)
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return ("date", dt.date.fromisoformat(text), "day")
        if re.fullmatch(r"\d{4}-\d{2}", text):
            return ("date", dt.date(int(text[:4]), int(text[5:]), 1), "month")
        if re.fullmatch(r"\d{4}", text):
            return ("number", int(text), "year")
    if kind in ("figure", "value") and isinstance(value, (int, float)) and not isinstance(value, bool):
        return ("number", value, "")
    if kind in ("id", "title", "source"):
        return ("text", str(value))
    return ("text", html.unescape(_plain(ctx, prop, value, lang)))


XLSX_DATES = {"day": {"ru": "dd.mm.yyyy"}, "month": {"ru": "mm.yyyy"}}  # else ISO order, read the same in every language


def table_xlsx(ctx: Context, name: str, lang: str) -> bytes:
    """A collection as an Excel workbook for reading and calculating: numbers as numbers, dates as
    dates, each figure beside its as-of date and source, the header row and the names frozen,
    columns as wide as their contents (within bounds), and a second sheet that says what each
    column holds. Dates are written day.month.year in Russian, year-month-day otherwise."""
    import datetime as dt
    import io

    import xlsxwriter

    collection = ctx.kb.collections[name]
    head, rows = _table(ctx, name, lang)
    data = io.BytesIO()
    book = xlsxwriter.Workbook(
        data, {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False}
    )
    created = dt.datetime.combine(ctx.today, dt.time())
    book.set_properties({"title": collection.name_of(lang), "created": created, "comments": ctx.kb.label("site-name", lang)})
    bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top", "bottom": 1})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    top = book.add_format({"valign": "top"})
    dates = {
        style: book.add_format(
            {
                "num_format": (XLSX_DATES.get(style) or {}).get(lang, "yyyy-mm-dd" if style == "day" else "yyyy-mm"),
                "valign": "top",
                "align": "left",
            }
        )
        for style in ("day", "month")
    }
    number = book.add_format({"num_format": "#,##0.###", "valign": "top"})
    year = book.add_format({"num_format": "0", "valign": "top", "align": "left"})
    sheet = book.add_worksheet(_sheet_name(collection.name_of(lang)))
    widths = [min(len(h), 24) for h, _, _ in head]  # a longer heading wraps
    for c, (heading, _, _) in enumerate(head):
        sheet.write_string(0, c, heading, bold)
    for r, (_, row) in enumerate(rows, 1):
        for c, (value, (_, kind, prop)) in enumerate(zip(row, head)):
            typed = _cell(ctx, prop, kind, value, lang)
            if typed[0] == "number":
                sheet.write_number(r, c, typed[1], year if typed[2:] == ("year",) else number)
                widths[c] = max(widths[c], len(format_number(typed[1], lang)) + 1)
            elif typed[0] == "date":
                sheet.write_datetime(r, c, dt.datetime.combine(typed[1], dt.time()), dates[typed[2]])
                widths[c] = max(widths[c], 11)
            elif typed[0] == "text" and typed[1]:
                if kind == "source" and typed[1].startswith(("https://", "http://")) and len(typed[1]) < 2000:
                    sheet.write_url(r, c, typed[1], string=typed[1])
                else:
                    sheet.write_string(r, c, typed[1], wrap if len(typed[1]) > XLSX_WIDTH else top)
                widths[c] = max(widths[c], min(len(typed[1]), XLSX_WIDTH))
    for c, width in enumerate(widths):
        sheet.set_column(c, c, min(max(width, 6), XLSX_WIDTH) + 2)
    sheet.freeze_panes(1, 2)
    sheet.autofilter(0, 0, len(rows), len(head) - 1)
    _about(ctx, book, collection, head, lang, bold, wrap)
    book.close()
    return data.getvalue()


XLSX_WIDTH = 50  # widest column, in characters; longer text wraps


def _sheet_name(name: str) -> str:
    """A worksheet name Excel accepts: at most 31 characters, none of []:*?/\\."""
    return re.sub(r"[\[\]:*?/\\]", " ", name)[:31].strip() or "Sheet"


def _about(ctx: Context, book, collection, head: list, lang: str, bold, wrap) -> None:
    """The sheet that explains the table: what it is, where it comes from, and each column."""
    sheet = book.add_worksheet(_sheet_name(ctx.kb.label("xlsx-about", lang)))
    sheet.set_column(0, 0, 40)
    sheet.set_column(1, 1, 80)
    sheet.set_column(2, 2, 16)
    lines = [
        (ctx.kb.label("site-name", lang), collection.name_of(lang)),
        (ctx.kb.label("xlsx-made", lang), format_date(ctx.today.isoformat(), lang)),
        (ctx.kb.label("xlsx-figures", lang), ctx.kb.label("xlsx-figures-text", lang)),
    ]
    for r, (key, text) in enumerate(lines):
        sheet.write_string(r, 0, key, bold)
        sheet.write_string(r, 1, html.unescape(text), wrap)
    r = len(lines) + 1
    for c, key in enumerate(("xlsx-column", "xlsx-meaning", "xlsx-kind")):
        sheet.write_string(r, c, ctx.kb.label(key, lang), bold)
    for heading, kind, prop in head:
        r += 1
        if kind in ("id", "title", "as_of", "source"):
            meaning = ctx.kb.label(f"xlsx-{kind}", lang)
        else:
            meaning = in_language(prop.description, lang)
            if prop.values.ref or prop.values.vocab:  # the schema speaks of codes; the sheet shows names
                meaning = f"{meaning} {ctx.kb.label('xlsx-named', lang)}".strip()
        sheet.write_string(r, 0, heading, wrap)
        sheet.write_string(r, 1, meaning, wrap)
        sheet.write_string(r, 2, ctx.kb.label(f"xlsx-kind-{_kind(prop, kind)}", lang), wrap)
    sheet.freeze_panes(len(lines) + 2, 0)


def _kind(prop: Field, kind: str) -> str:
    if kind == "as_of":
        return "date"
    if kind == "figure" or prop.types in (("number",), ("integer",)):
        return "number"
    if prop.is_date:
        return "date"
    return "text"


def stable_zip(data: bytes) -> bytes:
    """The same archive with every member dated 1980-01-01, as XlsxWriter dates its own: python-docx
    dates them at the moment of saving, so two builds of one commit would differ."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type, fixed.external_attr = info.compress_type, info.external_attr
            archive.writestr(fixed, source.read(info.filename))
    return out.getvalue()
