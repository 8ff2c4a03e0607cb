"""Project workbooks: a document and a spreadsheet per entry of a collection (the regions of the
stream), a view kind (see `kb.views.overview`), with the application checklist's kind (`kb.views.checklist`).

A workbook is a document (DOCX, python-docx) and a spreadsheet (XLSX, XlsxWriter) per entry and
language, drawn at build time from the checked facts: every fact with its source and date, the
team's parts left as marked places, and ratios as formulas that a team can follow. The engine
knows nothing of zones: the settings name the collections and fields.

The files are the views' `data`, written once per build beside the views' pages.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

from kb.pages.entry_pages import Context, GeneratedPage, view_page
from kb.pages.format import esc, format_date, format_number
from kb.pages.site import page_url
from kb.views.checklist import _label, _text, steps_rows
from kb.views.sheets import stable_zip
from kb.views.tools import _plain


def _plain_markdown(text: str) -> str:
    """Markdown as plain text for a document: links keep their words, citations and emphasis go."""
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\[s\d+\]", "", text)
    return re.sub(r"\*\*|__|(?<!\w)\*(?!\s)|(?<!\s)\*(?!\w)", "", text).strip()


# --- project workbooks -------------------------------------------------------------------------------


def _selected(ctx: Context, view) -> list:
    name = view.options["collection"]
    flag = view.options.get("select")
    return [e for e in ctx.kb.collections[name].entries.values() if not flag or e.facts.get(flag) is True]


def workbooks(ctx: Context, view, lang: str) -> GeneratedPage:
    """A table of the entries with their two files each."""
    name = view.options["collection"]
    uri = ctx.layout.view(lang, view.path)
    chosen = {e.id for e in _selected(ctx, view)}
    out = [
        f"| {esc(ctx.kb.collections[name].name_of(lang))} | {ctx.fmt.label('workbook-docx', lang)} | {ctx.fmt.label('workbook-xlsx', lang)} |",
        "|---|---|---|",
    ]
    for entry in ctx.sorted_entries(name, lang):
        if entry.id in chosen:
            # Raw links: the files are written beside the page after MkDocs has checked its links.
            out.append(
                f'| {ctx.fmt.link(uri, entry.ref, lang)} | <a href="{esc(entry.id)}.docx">DOCX</a> | <a href="{esc(entry.id)}.xlsx">XLSX</a> |'
            )
    return view_page(ctx, view, lang, out)


def workbooks_data(ctx: Context, view, lang: str) -> dict[str, bytes]:
    """Each selected entry's document and spreadsheet, beside the view's page."""
    folder = page_url(ctx.layout.view(lang, view.path))
    selected = _selected(ctx, view)

    def make() -> dict[str, bytes]:
        out = {}
        for entry in selected:
            facts = Facts(ctx, view, entry, lang)
            out[folder + f"{entry.id}.docx"] = workbook_docx(facts)
            out[folder + f"{entry.id}.xlsx"] = workbook_xlsx(facts)
        return out

    # The files read the facts, titles, settings and date (the fingerprint `ctx.digest` covers
    # them) and the text of each selected entry (its first paragraph): kept between the rebuilds
    # of `mkdocs serve` while those stay the same, as they take seconds at a thousand entries.
    key = (ctx.digest, tuple(e.text(lang).body for e in selected))
    return ctx.cache.get(ctx.cache.drawn, ("workbooks", view.path, lang), key, make)


class Facts:
    """What one entry's workbook says, gathered once for both files: its related entries (the
    zones in the region), their peers by group (same type), the rows of the other collections
    the settings name, and the sources cited, numbered in the order they are first cited."""

    def __init__(self, ctx: Context, view, entry, lang: str):
        self.ctx, self.view, self.entry, self.lang = ctx, view, entry, lang
        o = view.options
        rel = o["related"]
        self.related_name = rel["collection"]
        key = entry.facts.get(rel["key"])
        self.related = [e for e in ctx.sorted_entries(rel["collection"], lang) if key is not None and e.facts.get(rel["field"]) == key]
        group = rel.get("group_by")
        groups: list[str] = sorted({e.facts[group] for e in self.related if e.facts.get(group)}) if group else []
        if group and not groups:  # nothing there yet: every group is a possible choice
            groups = sorted({e.facts[group] for e in ctx.kb.collections[rel["collection"]].entries.values() if e.facts.get(group)})
        self.groups = groups
        mine = {e.id for e in self.related}
        self.peers = {
            g: [e for e in ctx.sorted_entries(rel["collection"], lang) if e.facts.get(group) == g and e.id not in mine] for g in groups
        }
        self.sources: list[dict] = []
        self._cited: dict = {}

    def cite(self, entry, source_id: Any = None) -> str:
        """The number of a source in the document's list: the figure's own source, else the
        entry's first one."""
        sources = self.ctx.fmt.sources(entry)
        source = next((s for s in sources if source_id and s.get("id") == source_id), sources[0] if sources else None)
        if source is None:
            return ""
        key = (source.get("url") or source.get("document"), source.get("title"))
        if key not in self._cited:
            self.sources.append(source)
            self._cited[key] = len(self.sources)
        return f"[{self._cited[key]}]"

    def label(self, key: str) -> str:
        return self.ctx.kb.label(key, self.lang)

    def field(self, collection: str, name: str) -> str:
        return _label(self.ctx, collection, name, self.lang)

    def figure(self, entry, name: str) -> str:
        """A fact as text with its date and source: "488 ha (as of 25 August 2025) [3]"."""
        value = entry.facts.get(name)
        if value is None:
            return "—"
        prop = self.ctx.kb.collections[entry.collection].properties[name]
        if isinstance(value, dict) and "value" in value and "as_of" in value:
            text = format_number(value["value"], self.lang) + self.ctx.fmt.unit(prop, self.lang)
            flag = f" ({self.label('unconfirmed')})" if value.get("unconfirmed") else ""
            return f"{text} ({self.label('as-of')} {format_date(value['as_of'], self.lang)}){flag} {self.cite(entry, value.get('source'))}"
        return _plain(self.ctx, prop, value, self.lang)

    def number(self, entry, name: str) -> tuple[float, str] | None:
        value = entry.facts.get(name)
        if isinstance(value, dict) and isinstance(value.get("value"), (int, float)) and not isinstance(value.get("value"), bool):
            return float(value["value"]), str(value.get("as_of", ""))
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value), ""
        return None

    def listed(self) -> list:
        """The entries of the collection the settings name, narrowed as they say (e.g. the
        measures open to a region or its managing company at the planning stage)."""
        spec = self.view.options["listed"]

        def values(e, f):
            v = e.facts.get(f)
            return set(v if isinstance(v, list) else [v])

        return [
            e
            for e in self.ctx.sorted_entries(spec["collection"], self.lang)
            if all(values(e, f) & set(allowed) for f, allowed in spec.get("where", {}).items())
        ]

    def rows(self) -> list[tuple[str, Any]]:
        """(group, entry) for the spreadsheet's peers: the entry's own related entries of each
        group first, then that group's other entries."""
        group = self.view.options["related"]["group_by"]
        return [(g, z) for g in self.groups for z in [*(e for e in self.related if e.facts.get(group) == g), *self.peers[g]]]

    def invested(self, entry) -> tuple[str, tuple[float, str]] | None:
        """The zone's realised investment if it gives one, else its declared investment."""
        peers = self.view.options["peers"]
        for kind, field in (("realised", peers["realised"]), ("declared", peers["declared"])):
            got = self.number(entry, field)
            if got:
                return kind, got
        return None

    def per_area(self, entry) -> float | None:
        got, area = self.invested(entry), self.number(entry, self.view.options["peers"]["area"])
        if not got or not area or not area[0]:
            return None
        return got[1][0] * 1000 / area[0]


# The document ------------------------------------------------------------------------------------


class _Writer:
    """Paragraphs, headings and tables of a python-docx document named by the built-in styles'
    ids: python-docx looks a style up by its name with a scan of every style for each styled
    paragraph, which made a workbook take a third of a second."""

    def __init__(self, doc):
        self.doc = doc

    def add_paragraph(self, text: str = "", style_id: str | None = None):
        p = self.doc.add_paragraph()
        if style_id:
            p._p.style = style_id
        if text:
            p.add_run(text)
        return p

    def add_heading(self, text: str, level: int):
        return self.add_paragraph(text, "Title" if level == 0 else f"Heading{level}")

    def add_table(self, rows: int, cols: int):
        table = self.doc.add_table(rows=rows, cols=cols)
        table._tbl.tblPr.style = "TableGrid"
        return table


def workbook_docx(f: Facts) -> bytes:
    """The project workbook: the sections the settings list, each with what the base knows (the
    profile, the zones, the measures, the peers, the checklist) and a marked place for the team;
    then the numbered sources."""
    from docx import Document
    from docx.enum.text import WD_COLOR_INDEX
    from docx.shared import Pt

    ctx, view, lang, entry = f.ctx, f.view, f.lang, f.entry
    word = Document()
    title = f"{entry.title(lang)}: {ctx.kb.label('workbook-title', lang)}"
    word.core_properties.title = title
    word.core_properties.language = lang
    word.core_properties.created = word.core_properties.modified = dt.datetime.combine(ctx.today, dt.time())
    word.styles["Normal"].font.size = Pt(10)
    doc = _Writer(word)
    doc.add_heading(title, 0)
    doc.add_paragraph(f.label("workbook-about").replace("{date}", format_date(ctx.today.isoformat(), lang)))

    def team(prompt: str):
        p = doc.add_paragraph()
        run = p.add_run(f"✎ {f.label('workbook-team')}: {prompt}")
        run.italic = True
        run.font.highlight_color = WD_COLOR_INDEX.YELLOW

    def table(head: list[str], rows: list[list[str]]):
        t = doc.add_table(rows=len(rows) + 1, cols=len(head))  # every row at once: add_row copies the last
        for i, (row, texts) in enumerate(zip(t.rows, [head, *rows])):
            for cell, text in zip(row.cells, texts):
                run = cell.paragraphs[0].add_run(text)
                run.bold = i == 0 or None

    for section in view.options["sections"]:
        doc.add_heading(section["title"].get(lang, ""), 1)
        for part in section.get("fill", []):
            _fill(f, part, doc, table)
        if section.get("prompt"):
            team(section["prompt"].get(lang, ""))
    doc.add_heading(f.label("sources"), 1)
    for i, s in enumerate(f.sources, 1):
        where = s.get("url") or s.get("document", "")
        doc.add_paragraph(f"[{i}] {f.ctx.fmt.source_title(s, lang)[0]}. {where} ({f.label('read-on')} {format_date(s.get('read'), lang)})")
    out = io.BytesIO()
    word.save(out)
    return stable_zip(out.getvalue())


def _fill(f: Facts, part: str, doc, table) -> None:
    """One of the parts the base fills in a section."""
    ctx, view, lang, entry = f.ctx, f.view, f.lang, f.entry
    rel = f.related_name
    figures = view.options["related"].get("figures", [])
    if part == "profile":
        first = next((p for p in entry.text(lang).body.split("\n\n") if p.strip() and not p.lstrip().startswith(("#", "|", "<"))), "")
        text = _plain_markdown(first)
        if text:
            doc.add_paragraph(f"{' '.join(text.split())} {f.cite(entry)}")
    elif part == "related":
        doc.add_heading(f.label("workbook-related"), 2)
        if not f.related:
            doc.add_paragraph(f.label("workbook-no-related"))
            return
        head = [f.field(rel, "title"), *[f.field(rel, x) for x in ["type", "status", "established", *figures]]]
        table(head, [[z.title(lang), *[f.figure(z, x) for x in ["type", "status", "established", *figures]]] for z in f.related])
    elif part == "listed":
        spec = view.options["listed"]
        doc.add_heading(f.label("workbook-listed"), 2)
        for m in f.listed():
            doc.add_heading(m.title(lang), 3)
            for field in spec.get("fields", []):
                value = m.facts.get(field)
                if value is not None:
                    p = doc.add_paragraph()
                    p.add_run(f.field(spec["collection"], field) + ": ").bold = True
                    p.add_run(f"{_text(value, lang) or f.figure(m, field)} {f.cite(m)}")
    elif part == "peers":
        peers = view.options["peers"]
        group = view.options["related"]["group_by"]
        for g in f.groups:
            kind = ctx.kb.entry((ctx.kb.collections[rel].properties[group].values.ref or "", g))
            doc.add_heading(f"{f.label('workbook-peers')}: {kind.title(lang) if kind else g}", 2)
            going = [z for z in f.peers[g] if z.facts.get(peers["status"]) in peers["going"] and f.per_area(z) is not None]
            going.sort(key=lambda z: -(f.per_area(z) or 0))
            doc.add_paragraph(f.label("workbook-peers-good"))
            if going:
                head = [
                    f.field(rel, "title"),
                    f.field(rel, peers["area"]),
                    f.field(rel, peers["declared"]),
                    f.field(rel, peers["realised"]),
                    f.field(rel, peers["jobs"]),
                    f.label("workbook-per-ha"),
                ]
                table(
                    head,
                    [
                        [
                            z.title(lang),
                            f.figure(z, peers["area"]),
                            f.figure(z, peers["declared"]),
                            f.figure(z, peers["realised"]),
                            f.figure(z, peers["jobs"]),
                            format_number(round(f.per_area(z) or 0, 1), lang),
                        ]
                        for z in going[: peers.get("top", 3)]
                    ],
                )
            else:
                doc.add_paragraph(f.label("workbook-none"))
            closed = [z for z in f.peers[g] if z.facts.get(peers["closed"])]
            doc.add_paragraph(f.label("workbook-peers-closed"))
            if closed:
                table(
                    [f.field(rel, "title"), f.field(rel, peers["closed"]), f.field(rel, peers["lesson"])],
                    [
                        [z.title(lang), f.figure(z, peers["closed"]), f"{_text(z.facts.get(peers['lesson']), lang) or '—'} {f.cite(z)}"]
                        for z in closed
                    ],
                )
            else:
                doc.add_paragraph(f.label("workbook-none"))
    elif part == "checklist":
        steps_view = next((v for v in ctx.kb.settings.views if v.kind == "checklist"), None)
        if steps_view is None:
            return
        head, rows = steps_rows(ctx, steps_view, lang)
        table(["☐", *head[:-1]], [["☐", *r[:-1]] for r in rows])


# The spreadsheet --------------------------------------------------------------------------------


def workbook_xlsx(f: Facts) -> bytes:
    """Two sheets. "Plan": a row per year for the team's planned indicators (blank, to fill in)
    and the ratios computed from them by formulas, beside the median of the peers' ratios.
    "Peers": the zones of the same type with their figures (each with date and source) and the
    same ratios as formulas, their computed values stored so that the file reads without Excel."""
    import xlsxwriter

    ctx, view, lang, entry = f.ctx, f.view, f.lang, f.entry
    peers_spec = view.options["peers"]
    rel = f.related_name
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    book.set_properties(
        {"title": f"{entry.title(lang)}: {ctx.kb.label('workbook-title', lang)}", "created": dt.datetime.combine(ctx.today, dt.time())}
    )
    bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#DDDDDD", "border": 1})
    given = book.add_format({"bg_color": "#FFF2CC", "border": 1, "num_format": "#,##0.0"})
    ratio = book.add_format({"border": 1, "num_format": "#,##0.00"})
    plain = book.add_format({"border": 1, "text_wrap": True, "valign": "top"})
    number = book.add_format({"border": 1, "num_format": "#,##0.0"})
    note = book.add_format({"italic": True, "text_wrap": True})

    # Peers first, so that the plan can name their range.
    peers = book.add_worksheet(f.label("workbook-sheet-peers")[:31])
    plan = book.add_worksheet(f.label("workbook-sheet-plan")[:31])
    plan.activate()
    cols = [
        f.field(rel, "title"),
        f.field(rel, "type"),
        f.field(rel, peers_spec["area"]) + ", ha",
        f.label("workbook-investment") + ", mln RUB",
        f.label("workbook-basis"),
        f.field(rel, peers_spec["jobs"]),
        f.field(rel, peers_spec["residents"]),
        f.field(rel, peers_spec["budget"]) + ", mln RUB",
        f.label("workbook-dates"),
        f.label("sources"),
        *RATIO_TITLES(f),
    ]
    cols = [c.replace("mln RUB", f.label("workbook-mln")).replace(", ha", ", " + f.label("workbook-ha")) for c in cols]
    peers.write_row(0, 0, cols, bold)
    row = 1
    target = ctx.kb.collections[rel].properties[view.options["related"]["group_by"]].values.ref or ""
    for g, z in f.rows():
        kind = ctx.kb.entry((target, g))
        area, inv = f.number(z, peers_spec["area"]), f.invested(z)
        jobs, res, budget = f.number(z, peers_spec["jobs"]), f.number(z, peers_spec["residents"]), f.number(z, peers_spec["budget"])
        r = row + 1  # the spreadsheet's row number
        peers.write_string(row, 0, z.title(lang), plain)
        peers.write_string(row, 1, kind.title(lang) if kind else g, plain)
        for c, got, scale in ((2, area, 1), (3, inv[1] if inv else None, 1000), (5, jobs, 1), (6, res, 1), (7, budget, 1000)):
            if got:
                peers.write_number(row, c, got[0] * scale, number)
            else:
                peers.write_blank(row, c, None, number)
        peers.write_string(row, 4, f.label("compare-" + inv[0]) if inv else "", plain)
        dates = [
            f"{n}: {format_date(v[1], lang)}"
            for n, v in (
                (f.field(rel, peers_spec["area"]), area),
                (f.label("workbook-investment"), inv[1] if inv else None),
                (f.field(rel, peers_spec["jobs"]), jobs),
                (f.field(rel, peers_spec["residents"]), res),
                (f.field(rel, peers_spec["budget"]), budget),
            )
            if v and v[1]
        ]
        peers.write_string(row, 8, "; ".join(dates), plain)
        peers.write_string(row, 9, " ".join(s.get("url") or s.get("document", "") for s in ctx.fmt.sources(z)[:2]), plain)
        values = {
            "C": area[0] if area else None,
            "D": inv[1][0] * 1000 if inv else None,
            "F": jobs[0] if jobs else None,
            "G": res[0] if res else None,
            "H": budget[0] * 1000 if budget else None,
        }
        for c, (top, bottom) in enumerate(RATIOS, 10):
            a, b = values[top], values[bottom]
            peers.write_formula(
                row,
                c,
                f'=IF(AND(ISNUMBER({top}{r}),ISNUMBER({bottom}{r}),{bottom}{r}<>0),{top}{r}/{bottom}{r},"")',
                ratio,
                a / b if a is not None and b else "",
            )
        row += 1
    last = row
    peers.set_column(0, 1, 26)
    peers.set_column(2, 7, 13)
    peers.set_column(8, 9, 40)
    peers.set_column(10, 10 + len(RATIOS), 14)
    peers.freeze_panes(1, 1)
    peers.write_string(last + 1, 0, f.label("workbook-peers-note"), note)

    # The plan: years down, the team's figures in yellow, ratios by formula, the peers' medians below.
    head = [
        f.label("year"),
        f.label("workbook-plan-area"),
        f.label("workbook-plan-residents"),
        f.label("workbook-plan-investment"),
        f.label("workbook-plan-jobs"),
        f.label("workbook-plan-budget"),
        *RATIO_TITLES(f),
    ]
    plan.write_row(0, 0, head, bold)
    years = range(ctx.today.year + 1, ctx.today.year + 1 + view.options.get("years", 10))
    letters = {"C": "B", "D": "D", "F": "E", "G": "C", "H": "F"}  # the peers' columns → the plan's
    for i, year in enumerate(years, 1):
        r = i + 1
        plan.write_number(i, 0, year)
        for c in range(1, 6):
            plan.write_blank(i, c, None, given)
        for c, (top, bottom) in enumerate(RATIOS, 6):
            tc, bc = letters[top], letters[bottom]
            plan.write_formula(i, c, f'=IF(AND(ISNUMBER({tc}{r}),ISNUMBER({bc}{r}),{bc}{r}<>0),{tc}{r}/{bc}{r},"")', ratio, "")
    median_row = len(years) + 2
    plan.write_string(median_row, 0, f.label("workbook-peers-median"), bold)
    sheet = f.label("workbook-sheet-peers")[:31].replace("'", "''")
    for c, (top, bottom) in enumerate(RATIOS, 6):
        column = chr(ord("A") + 10 + c - 6)
        ratios = _peer_values(f, top, bottom)
        plan.write_formula(
            median_row, c, f"=IFERROR(MEDIAN('{sheet}'!{column}2:{column}{max(last, 2)}),\"\")", ratio, _median(ratios) if ratios else ""
        )
    plan.write_string(median_row + 2, 0, f.label("workbook-plan-note"), note)
    plan.set_column(0, 0, 18)
    plan.set_column(1, 5, 16, given)
    plan.set_column(6, 6 + len(RATIOS), 16)
    plan.freeze_panes(1, 1)
    book.close()
    return out.getvalue()


# Ratios on both sheets: (numerator, denominator) as the peers' columns.
RATIOS = (("D", "C"), ("F", "C"), ("G", "C"), ("D", "H"))


def RATIO_TITLES(f: Facts) -> list[str]:
    return [
        f.label("workbook-ratio-investment-ha"),
        f.label("workbook-ratio-jobs-ha"),
        f.label("workbook-ratio-residents-ha"),
        f.label("workbook-ratio-budget"),
    ]


def _peer_values(f: Facts, top: str, bottom: str) -> list[float]:
    """The peers' ratios as the sheet computes them, for the stored value of the median."""
    spec = f.view.options["peers"]
    out = []
    for _, z in f.rows():
        inv, budget = f.invested(z), f.number(z, spec["budget"])
        values = {
            "C": f.number(z, spec["area"]),
            "D": (inv[1][0] * 1000,) if inv else None,
            "F": f.number(z, spec["jobs"]),
            "G": f.number(z, spec["residents"]),
            "H": (budget[0] * 1000,) if budget else None,
        }
        a, b = values[top], values[bottom]
        if a is not None and b and b[0]:
            out.append(a[0] / b[0])
    return out


def _median(values: list[float]) -> float:
    values = sorted(values)
    mid = len(values) // 2
    return values[mid] if len(values) % 2 else (values[mid - 1] + values[mid]) / 2
