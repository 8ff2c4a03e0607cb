"""Paths and the environment every benchmark process runs in (bench/run.py, bench/search_latency.py)."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BIN = Path(sys.executable).parent
WORK = HERE / "work"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}


def write_sections(path: Path, own: tuple[str, ...], text: str) -> None:
    """Write `text` into the report at `path` in place of the sections (`## …`) whose headings start
    with one of `own`, keeping every other section where it was: `make bench` and `make bench-search`
    each rewrite only their own part of bench/results.md, and a section written by hand stays. Text
    before the first section of `text` (a title, an introduction) replaces the file's."""
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    old_head, *sections = re.split(r"(?m)^(?=## )", old)
    new_head, *mine = re.split(r"(?m)^(?=## )", text)
    out = [new_head if new_head.strip() else old_head]
    for section in sections:
        if not section.startswith(own):
            out.append(section)
        elif mine:
            out += mine
            mine = []  # in the place of the first of its old sections
    out += mine  # or at the end, the first time
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n\n".join(part.rstrip("\n") for part in out) + "\n", encoding="utf-8")
