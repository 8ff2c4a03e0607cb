"""The `kb` command: the engine's checks and helpers for editors, outside MkDocs.

`kb check` calls the same `load_kb` and `check_kb` as the MkDocs hook, so an editor sees
the same problems on the command line, in CI and in the build.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

from kb_check import check_kb
from kb_read import load_kb


def find_root(start: Path) -> Path | None:
    """The nearest folder at or above `start` that holds kb/kb.yml."""
    for folder in [start, *start.parents]:
        if (folder / "kb" / "kb.yml").is_file():
            return folder
    return None


def cmd_check(args: argparse.Namespace) -> int:
    root = find_root(Path.cwd().resolve())
    if root is None:
        print("kb: no kb/kb.yml here or in any parent folder; run kb inside the project", file=sys.stderr)
        return 2
    only = None
    if args.paths:
        only = set()
        for raw in args.paths:
            path = Path(raw).resolve()
            if not path.exists():
                print(f"kb: {raw}: no such file or folder", file=sys.stderr)
                return 2
            try:
                rel = path.relative_to(root).as_posix()
            except ValueError:
                print(f"kb: {raw} is outside the project {root}", file=sys.stderr)
                return 2
            only.add(rel)
            if path.is_dir():
                only.update(p.relative_to(root).as_posix() for p in path.rglob("*"))
    started = time.perf_counter()
    kb = load_kb(root)
    today = dt.date.fromisoformat(args.today) if args.today else None
    problems = check_kb(kb, today=today, only=only)
    elapsed = time.perf_counter() - started
    for problem in problems:
        print(problem.format_github() if args.format == "github" else problem.format())
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    entries = sum(len(c.entries) for c in kb.collections.values())
    summary = f"kb check: {entries} entries, {errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)} ({elapsed:.2f} s)"
    print(summary, file=sys.stderr if args.format == "github" else sys.stdout)
    return 1 if errors else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kb", description="Check and edit the knowledge base in kb/.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    check = sub.add_parser("check", help="check every entry; exit 0 clean, 1 errors, 2 bad usage")
    check.add_argument("paths", nargs="*", metavar="PATH", help="report only on these files or folders (the whole base is still read)")
    check.add_argument("--format", choices=["text", "github"], default="text", help="github: workflow annotations for pull requests")
    check.add_argument("--today", metavar="YYYY-MM-DD", help=argparse.SUPPRESS)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on bad usage; keep that, but return it
        return int(exc.code or 0)
    if args.command == "check":
        if args.today:
            try:
                dt.date.fromisoformat(args.today)
            except ValueError:
                print("kb: --today must be YYYY-MM-DD", file=sys.stderr)
                return 2
        return cmd_check(args)
    parser.print_help(sys.stderr)
    return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
