"""History: when the base's entries changed, read from the repository's history of `kb/`.

Used by the "what's new" view and its Atom feed (`kb.views.tools`), which show readers the notes
written in each entry's `changes` and name a change without a note by its entry. Only which
entries a commit touched and when are read: a commit's message is written for the project's
developers and never reaches a reader. A copy without git history (a download, a shallow
clone) has none, and says so rather than showing nothing; the Pages workflow fetches the
whole history. Each commit that touched entry files becomes one change.
"""

from __future__ import annotations

import functools
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Change:
    commit: str
    when: str  # ISO 8601 with offset, as git gives it
    refs: tuple[tuple[str, str], ...]  # the entries it changed: (collection, id)

    @property
    def day(self) -> str:
        return self.when[:10]


def changes(root: Path, kb_dir: str, languages, limit: int = 30) -> list[Change] | None:
    """The last `limit` changes to entries, newest first; None when there is no history to read."""
    head = _git(root, "rev-parse", "HEAD")
    if head is None or ((root / ".git" / "shallow").exists() and not _git(root, "log", "-1", "--format=%H", "--", kb_dir)):
        return None
    return list(_changes(str(root), kb_dir, tuple(languages), limit, head.strip()))


@functools.lru_cache(maxsize=8)
def _changes(root: str, kb_dir: str, languages: tuple[str, ...], limit: int, head: str) -> tuple[Change, ...]:
    out = _git(Path(root), "log", "--no-merges", f"-n{limit * 4}", "--format=%x1e%H%x1f%cI", "--name-only", "--", kb_dir) or ""
    found = []
    for record in out.split("\x1e")[1:]:
        header, _, names = record.partition("\n")
        commit, when = (header.split("\x1f") + ["", ""])[:2]
        refs = tuple(dict.fromkeys(ref for name in names.split("\n") if (ref := _entry(name.strip(), kb_dir, languages))))
        if refs:
            found.append(Change(commit, when, refs))
        if len(found) == limit:
            break
    return tuple(found)


def _entry(path: str, kb_dir: str, languages) -> tuple[str, str] | None:
    m = re.fullmatch(rf"{re.escape(kb_dir)}/([a-z0-9-]+)/([a-z0-9-]+)(?:\.([a-z]+))?\.md", path)
    if not m or (m.group(3) and m.group(3) not in languages):
        return None
    return m.group(1), m.group(2)


def _git(root: Path, *args: str) -> str | None:
    try:
        result = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout if result.returncode == 0 else None
