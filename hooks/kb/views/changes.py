"""What changed: the view of the entries changed most recently and its Atom feed, each change
with its note for readers (an entry's `changes` log) or a plain phrase naming the entry, never
a commit's message. The dates come from the repository's history (`kb.read.history`).
"""

from __future__ import annotations

from dataclasses import dataclass

from kb.pages.entry_pages import Context, GeneratedPage, view_page
from kb.pages.format import esc, format_date, format_number
from kb.pages.site import href, page_url
from kb.read.history import changes

ROW_NAMES = 10  # entries named in a row of one day's plain changes to a collection


@dataclass(frozen=True)
class Note:
    """One change a reader is told of: an entry's own note from its `changes`, or, for a change in
    the history after the entry's last note, None, and the entry is named plainly."""

    day: str  # YYYY-MM-DD
    ref: tuple[str, str]
    text: dict | None  # the note per language
    key: str  # stable within the feed

    def said(self, ctx: Context, lang: str) -> str:
        if self.text and self.text.get(lang):
            return self.text[lang]
        entry = ctx.kb.entry(self.ref)
        phrase = ctx.kb.collections[self.ref[0]].changed.get(lang) or ctx.kb.label("changed-entry", lang)
        title = entry.title(lang) if entry else self.ref[1]
        if len(title) > 1 and (title[0], title[-1]) == ("«", "»"):  # a title in quotes is not quoted again
            phrase = phrase.replace("«{title}»", "{title}")
        return phrase.replace("{title}", title)


def notes(ctx: Context, limit: int) -> tuple[list[Note], bool]:
    """The last `limit` changes, newest first, and whether the history could be read. Each entry's
    notes come from its front matter; a commit that changed an entry on a day after its latest
    note adds a plain one ("Updated: <title>"), once per entry and day."""
    found: list[Note] = []
    latest: dict[tuple[str, str], str] = {}
    for entry in ctx.kb.entries():
        field = ctx.kb.collections[entry.collection].role("changes")
        for i, item in enumerate(entry.facts.get(field) or [] if field else []):
            found.append(Note(item["date"], entry.ref, item["note"], f"{entry.collection}/{entry.id}/{item['date']}/{i}"))
            latest[entry.ref] = max(latest.get(entry.ref, ""), item["date"])
    history = changes(ctx.kb.root, ctx.kb.settings.kb_dir, ctx.kb.settings.languages, limit)
    plain: set[tuple] = set()
    for change in history or []:
        for ref in change.refs:
            if ctx.kb.entry(ref) and change.day > latest.get(ref, "") and (ref, change.day) not in plain:
                plain.add((ref, change.day))
                found.append(Note(change.day, ref, None, f"{ref[0]}/{ref[1]}/{change.day}/{change.commit[:12]}"))
    found.sort(key=lambda n: n.ref)  # within a day: the notes first, then the plain changes by collection and id
    found.sort(key=lambda n: (n.day, n.text is not None), reverse=True)
    return found[:limit], history is not None


def recent(ctx: Context, view, lang: str) -> GeneratedPage:
    """The entries changed recently, newest first: each entry's notes, and its later changes named plainly."""
    uri = ctx.layout.view(lang, view.path)
    limit = view.options.get("limit", 30)  # rows here; a row may gather several plain changes
    found, has_history = notes(ctx, 10 * limit)
    feed = href(uri, ctx.layout.feed(lang))
    out = [f'<p class="kb-feed-link"><a href="{feed}">{ctx.fmt.label("feed", lang)}</a></p>', ""]
    if not has_history:
        out += [ctx.fmt.label("no-history", lang), ""]
    if found:
        out += [
            f"| {ctx.fmt.label('date', lang)} | {ctx.fmt.label('changed-entries', lang)} | {ctx.fmt.label('change', lang)} |",
            "|---|---|---|",
        ]
        rows: list[list[Note]] = []
        for note in found:  # plain changes of one day to one collection share a row
            last = rows[-1][-1] if rows else None
            if last and note.text is None and last.text is None and (last.day, last.ref[0]) == (note.day, note.ref[0]):
                rows[-1].append(note)
            else:
                rows.append([note])
        for row in rows[:limit]:
            collection = ctx.kb.collections[row[0].ref[0]]
            several = collection.changed_several.get(lang) if len(row) > 1 else None
            if several:  # the collection in the entry's column, the entries named in the change
                # the first few only, and how many more: a commit that touches every entry of a
                # collection must not make the page grow with the collection
                links = ", ".join(ctx.fmt.link(uri, note.ref, lang) for note in row[:ROW_NAMES])
                if len(row) > ROW_NAMES:
                    links += f" (+{format_number(len(row) - ROW_NAMES, lang)})"
                out.append(f"| {format_date(row[0].day, lang)} | {esc(collection.name_of(lang))} | <span>{esc(several)}: {links}</span> |")
            else:
                out += [
                    f"| {format_date(note.day, lang)} | {ctx.fmt.link(uri, note.ref, lang)} | {esc(note.said(ctx, lang))} |" for note in row
                ]
    return view_page(ctx, view, lang, out)


def atom(ctx: Context, view, lang: str, site_url: str) -> str:
    """The Atom feed of the changes (RFC 4287), with absolute addresses under the site's address."""
    from xml.sax.saxutils import escape, quoteattr

    found, _ = notes(ctx, view.options.get("limit", 30))
    base = site_url.rstrip("/") + "/"
    page = base + page_url(ctx.layout.view(lang, view.path))
    updated = f"{found[0].day}T00:00:00Z" if found else "1970-01-01T00:00:00Z"
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{lang}">',
        f"<title>{escape(ctx.kb.label('site-name', lang))}: {escape(view.title_in(lang))}</title>",
        f"<id>{escape(page)}</id>",
        f'<link rel="alternate" href={quoteattr(page)}/>',
        f'<link rel="self" href={quoteattr(base + ctx.layout.feed(lang))}/>',
        f"<updated>{updated}</updated>",
        f"<author><name>{escape(ctx.kb.label('site-name', lang))}</name></author>",
    ]
    for note in found:
        entry = ctx.kb.at(note.ref)
        link = base + page_url(ctx.layout.entry(lang, *note.ref))
        out += [
            "<entry>",
            f"<title>{escape(entry.title(lang))}</title>",
            f"<id>{escape(page)}#{escape(note.key)}</id>",
            f'<link rel="alternate" href={quoteattr(link)}/>',
            f"<updated>{note.day}T00:00:00Z</updated>",
            f"<summary>{escape(note.said(ctx, lang))}</summary>",
            "</entry>",
        ]
    return "\n".join(out + ["</feed>"]) + "\n"
