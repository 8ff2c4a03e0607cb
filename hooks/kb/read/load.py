"""Loading: everything under `kb/`, read and, where it describes the base, checked.

The top of reading, and the first step of the build and of `kb check`:

    kb.yml (settings) -> vocabularies, schemas (schema) -> entry files (entries) -> Loaded

Settings, vocabularies and schemas come out checked; entry documents come out as read, for
`kb.check.entries` to check.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from kb.core.model import BuildCache, Loaded, paused_gc
from kb.core.rules import Message, report
from kb.read.entries import read_document, scan_entries
from kb.read.schema import load_collections, load_vocabularies
from kb.read.settings import load_settings, make_settings
from kb.read.views import check_views


@paused_gc()
def load_kb(root: Path, kb_dir: str = "kb", cache: BuildCache | None = None) -> Loaded:
    """Read settings, vocabularies, schemas and every entry file under `root/kb_dir`."""
    cache = cache or BuildCache()
    base = root / kb_dir
    if base.is_symlink() or not base.is_dir():
        why = Message("symlink.folder", folder=kb_dir) if base.is_symlink() else Message("unreadable.no-folder", folder=kb_dir)
        settings = make_settings({}, kb_dir)  # the schema's defaults
        return Loaded(root, settings, {}, {}, {}, {}, [report("symlink" if base.is_symlink() else "unreadable", kb_dir, 1, 1, why)], True)
    settings, problems, fatal = load_settings(root, kb_dir)
    if fatal:  # every vocabulary and schema would be read by the wrong languages or collections
        return Loaded(root, replace(settings, views=()), {}, {}, {}, {}, problems, True)
    vocabularies, links, found = load_vocabularies(root, settings)
    problems += found
    collections, found = load_collections(root, settings, vocabularies)
    problems += found
    settings, found = check_views(root, settings, collections)
    problems += found
    loaded = Loaded(root, settings, vocabularies, links, collections, {}, problems)
    found_files, found = scan_entries(root, kb_dir, collections, settings.languages, settings.data_folders)
    problems += found
    loaded.unread.update(p.path for p in found if p.rule == "unreadable")
    for key, paths in sorted(found_files.items()):
        docs = {}
        for lang in settings.languages:
            if lang in paths:
                doc, doc_problems = read_document(root, paths[lang], cache)
                problems += doc_problems
                if doc is not None:
                    docs[lang] = doc
                else:
                    loaded.unread.add(paths[lang])
        if settings.languages[0] not in paths:
            collection, entry_id = key
            problems.append(
                report(
                    "missing-translation",
                    paths[next(iter(paths))],
                    1,
                    1,
                    Message("missing-translation.no-main", path=f"{kb_dir}/{collection}/{entry_id}"),
                )
            )
            continue
        if settings.languages[0] in docs:
            loaded.documents[key] = docs
    return loaded
