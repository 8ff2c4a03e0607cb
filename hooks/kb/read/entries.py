"""Reading entries: find the entry files under `kb/` and parse each into a `Document`.

Third step of loading, after the settings and schemas say which collections and languages
there are. Folders that are not collections, files that are not entries and symbolic links
are reported and never followed or read. A document is not checked here: `kb.check.entries` does that.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from pathlib import Path

import yaml

from kb.core.model import BuildCache, Document, did_you_mean
from kb.core.rules import Message, Problem, report
from kb.read.yaml_file import ReadError, _Loader, decode, parse_yaml, read_bytes, split_front_matter

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# File names Windows reserves, with any extension: a clone there cannot check such a file out.
WINDOWS_NAMES = {"CON", "PRN", "AUX", "NUL", *(f"{d}{n}" for d in ("COM", "LPT") for n in "0123456789")}
# A block of 'field: value' lines fenced by '---' at the top of the body: facts pasted with their
# fences after the front matter (a '---' alone is a rule, and prose between two rules is no mapping).
_SECOND_FRONT_MATTER = re.compile(
    r"\s*(---)[ \t]*\n([A-Za-z_][\w-]*:(?:[ \t][^\n]*)?\n(?:(?!---[ \t]*(?:\n|$))[^\n]*\n)*?)---[ \t]*(?:\n|$)"
)
Found = dict[tuple[str, str], dict[str, str]]  # (collection, id) -> {language: path}


def scan_entries(root: Path, kb_dir: str, collections, languages, data_folders=()) -> tuple[Found, list[Problem]]:
    """Find entry files: {(collection, id): {language: relative path}}, and misplaced files."""
    found: Found = {}
    problems: list[Problem] = []
    base = root / kb_dir
    reserved = {"schemas", "vocabularies", *data_folders}

    def unreadable(err: OSError) -> None:  # a folder os.walk cannot list: its entries are not read
        rel = Path(err.filename).relative_to(root).as_posix()
        problems.append(report("unreadable", rel, 1, 1, f"the folder cannot be read: {err.strerror}; its files were skipped"))

    for dirpath, dirnames, filenames in os.walk(base, followlinks=False, onerror=unreadable):
        here = Path(dirpath)
        rel_dir = here.relative_to(root).as_posix()
        depth = len(here.relative_to(base).parts)
        for name in sorted(dirnames):
            if (here / name).is_symlink():
                problems.append(report("symlink", f"{rel_dir}/{name}", 1, 1, Message("symlink", folder=kb_dir)))
                dirnames.remove(name)
        if depth == 0:
            problems += _top_level(rel_dir, kb_dir, sorted(filenames), sorted(dirnames), collections, reserved)
            dirnames[:] = sorted(d for d in dirnames if d in collections or d in reserved)
            continue
        collection = here.relative_to(base).parts[0]
        if collection in reserved:  # read by their own readers, but a FIFO or a device is said here
            problems += [
                report("unreadable", f"{rel_dir}/{name}", 1, 1, "the file cannot be read: it is not a regular file")
                for name in sorted(filenames)
                if not _regular_or_link(here / name)
            ]
            continue
        if depth > 1:
            for name in sorted(filenames):
                problems.append(
                    report(
                        "misplaced-file", f"{rel_dir}/{name}", 1, 1, Message("misplaced-file.sub-folder", folder=f"{kb_dir}/{collection}")
                    )
                )
            continue
        for name in sorted(dirnames):
            problems.append(
                report("misplaced-file", f"{rel_dir}/{name}", 1, 1, Message("misplaced-file.folders", folder=f"{kb_dir}/{collection}"))
            )
        dirnames[:] = []
        links = {e.name for e in os.scandir(here) if e.is_symlink()}  # from the folder listing: no call per file
        for name in sorted(filenames):
            if not name.startswith("."):
                problems += _entry_file(name, name in links, f"{rel_dir}/{name}", collection, kb_dir, languages, found)
    return found, problems


def _regular_or_link(path: Path) -> bool:
    try:
        mode = path.lstat().st_mode
    except OSError:
        return True  # gone since the listing, or reported by the reader
    return stat.S_ISREG(mode) or stat.S_ISLNK(mode)


def _top_level(rel_dir: str, kb_dir: str, filenames, dirnames, collections, reserved) -> list[Problem]:
    problems = []
    for name in filenames:
        if name != "kb.yml" and not name.startswith("."):
            problems.append(report("misplaced-file", f"{rel_dir}/{name}", 1, 1, Message("misplaced-file.top", kb=kb_dir)))
    for name in dirnames:
        if name not in collections and name not in reserved and not name.startswith("."):
            problems.append(
                report(
                    "unknown-collection",
                    f"{rel_dir}/{name}",
                    1,
                    1,
                    Message(
                        "unknown-collection", name=name, collections=", ".join(sorted(collections)), suggest=did_you_mean(name, collections)
                    ),
                )
            )
    return problems


def _entry_file(name: str, is_link: bool, rel: str, collection: str, kb_dir: str, languages, found: Found) -> list[Problem]:
    """Record one file of a collection folder as an entry's language file, or say why it is not one."""
    if is_link:
        return [report("symlink", rel, 1, 1, Message("symlink", folder=kb_dir))]
    if not name.endswith(".md"):
        return [report("misplaced-file", rel, 1, 1, Message("misplaced-file"))]
    stem, lang = name[:-3], languages[0]
    if "." in stem:
        stem, lang = stem.rsplit(".", 1)
        if lang not in languages[1:]:
            return [report("bad-id", rel, 1, 1, Message("bad-id.language", lang=lang, languages="/".join(languages[1:]) or "<language>"))]
    if not ID_PATTERN.match(stem):
        return [report("bad-id", rel, 1, 1, Message("bad-id", name=stem))]
    if stem.upper() in WINDOWS_NAMES:
        return [report("bad-id", rel, 1, 1, Message("bad-id.windows", name=stem, upper=stem.upper()))]
    found.setdefault((collection, stem), {})[lang] = rel
    return []


def read_document(root: Path, rel: str, cache: BuildCache) -> tuple[Document | None, list[Problem]]:
    """Read one Markdown file with front matter. Never raises for bad content.

    Parsed documents are kept by path and content digest: `mkdocs serve` re-reads the whole
    base after every save, and an unchanged file then costs a read and a hash, not a parse."""
    try:
        raw = read_bytes(root / rel)
    except ReadError as err:
        return None, [report(err.rule, rel, err.line, err.col, err.message)]
    except OSError as err:
        return None, [report("unreadable", rel, 1, 1, Message("unreadable", reason=err.strerror))]
    key = (rel, hashlib.blake2b(raw, digest_size=16).digest())
    if key not in cache.parsed:
        if len(cache.parsed) > 50_000:
            cache.parsed.clear()
        cache.parsed[key] = parse_document(raw, rel)
    return cache.parsed[key]


def parse_document(raw: bytes, rel: str) -> tuple[Document | None, list[Problem]]:
    """Parse one Markdown file's bytes into a document and the problems found on the way."""
    try:
        text = decode(raw)
        front, body, body_line = split_front_matter(text)
        meta, marks, issues = parse_yaml(front, line_offset=1)
    except ReadError as err:
        return None, [report(err.rule, rel, err.line, err.col, err.message)]
    problems = [report(rule, rel, line, col, msg) for rule, msg, line, col in issues]
    second = _SECOND_FRONT_MATTER.match(body) if body.lstrip().startswith("---") else None
    if second and _is_mapping(second.group(2)):
        problems.append(
            report(
                "front-matter",
                rel,
                body_line + body.count("\n", 0, second.start(1)),
                1,
                "a second block of fields between '---' lines starts here; its fields would show as text: "
                "move them into the front matter at the top of the file",
            )
        )
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        problems.append(report("front-matter", rel, 2, 1, Message("front-matter.not-fields")))
        meta = {}
    return Document(rel, meta, marks, body, body_line), problems


def _is_mapping(text: str) -> bool:
    try:
        return isinstance(yaml.load(text, Loader=_Loader), dict)
    except yaml.YAMLError:
        return False
