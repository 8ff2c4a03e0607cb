"""The `kb` command: the engine's checks and helpers for editors, outside MkDocs.

`kb check` calls the same `load_kb` and `check_kb` as the MkDocs hook, so an editor sees
the same problems on the command line, in CI and in the build. `kb new` writes a new entry's
files from its collection's schema; `kb stale` lists the entries whose review is due.

Exit codes of every command: 0 done (or clean), 1 problems found or a file in the way,
2 bad usage.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

from babel.numbers import format_decimal

from kb.check.entries import check_kb, review_due
from kb.core.model import BARE, Collection, Field, Loaded, did_you_mean, paused_gc
from kb.core.rules import LANGUAGE, shown_text
from kb.read.entries import ID_PATTERN, WINDOWS_NAMES
from kb.read.load import load_kb
from kb.read.settings import editor_language

# Placeholders that `kb new` writes into a new entry. Front-matter placeholders are chosen to
# fail `kb check` on their own line (an empty value is not text, 'YYYY-MM-DD' is not a date),
# so an entry cannot be published half-filled. Body placeholders are text a reviewer sees in
# the preview; the engine does not flag them (see CONTRIBUTING.md).
# The body placeholders are the labels `new-intro` and `new-section` of kb.yml, per language.
DATE_PLACEHOLDER = "YYYY-MM-DD"
MAX_ID = 100  # an id is a file name (with '.ru.md' and the temporary name's additions) and an address


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:59] + "…"


def find_root(start: Path) -> Path | None:
    """The nearest folder at or above `start` that holds kb/kb.yml (a file or not: a folder in its
    place is reported by the check, never passed over for a parent checkout's base)."""
    for folder in [start, *start.parents]:
        if os.path.lexists(folder / "kb" / "kb.yml"):
            return folder
    return None


def require_root() -> Path | None:
    """The project root, or None after telling the editor to run kb inside the project."""
    try:
        here = Path.cwd().resolve()
    except OSError:  # the folder kb was started in has been deleted or cannot be read
        print("kb: the current folder no longer exists; change to the project's folder and run kb again", file=sys.stderr)
        return None
    root = find_root(here)
    if root is None:
        print("kb: no kb/kb.yml here or in any parent folder; run kb inside the project", file=sys.stderr)
    return root


def cmd_check(args: argparse.Namespace) -> int:
    root = require_root()
    if root is None:
        return 2
    only = None
    if args.paths:
        only = set()
        for raw in args.paths:
            path = Path(raw).resolve()
            try:
                path.lstat()
            except FileNotFoundError:
                print(f"kb: {shown_text(_short(raw))}: no such file or folder", file=sys.stderr)
                return 2
            except OSError as err:  # a name too long for the system, a folder that cannot be read
                print(f"kb: {shown_text(_short(raw))}: {err.strerror}", file=sys.stderr)
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
    today = dt.date.fromisoformat(args.today) if args.today else None
    with paused_gc():  # once for both steps (see paused_gc)
        loaded = load_kb(root)
        kb = check_kb(loaded, today=today)
    settings = kb.settings
    if args.lang and args.lang not in settings.languages:
        print(
            f"kb: --lang must be one of the languages of kb.yml: {', '.join(settings.languages)}{did_you_mean(args.lang, settings.languages)}",
            file=sys.stderr,
        )
        return 2
    lang = editor_language(settings, args.lang)
    problems = [p for p in kb.problems if only is None or p.path in only]
    elapsed = time.perf_counter() - started
    for problem in problems:
        print(
            problem.format_github(lang, settings.rule_messages) if args.format == "github" else problem.format(lang, settings.rule_messages)
        )
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    entries = sum(1 for _ in kb.entries())
    unread = sorted(loaded.unread)
    skipped = f" (skipped: {', '.join(unread[:3])}{', …' if len(unread) > 3 else ''})" if unread else ""
    if lang == LANGUAGE:
        summary = f"kb check: {entries} entries{shown_text(skipped)}, {errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)} ({elapsed:.2f} s)"
    else:
        summary = settings.label("check-summary", lang).format(
            entries=f"{entries}{shown_text(skipped)}",
            errors=errors,
            warnings=warnings,
            seconds=format_decimal(round(elapsed, 2), "0.00", locale=lang),
        )
    print(summary, file=sys.stderr if args.format == "github" else sys.stdout)
    return 1 if errors else 0


# --- kb new -----------------------------------------------------------------------------


def render_new_entry(kb: Loaded, collection: Collection, entry_id: str) -> dict[str, str]:
    """The files of a new entry: {path relative to the project root: text}, main language first.

    The main file gets every required field of the schema with a comment taken from the
    field's description and `x-example`; every file gets the required sections (`x-sections`)
    in its language, and a translation file gets only its `title`.
    """
    settings = kb.settings
    kb_dir = settings.kb_dir
    files: dict[str, str] = {}
    front = skeleton_mapping(collection.root, 0)
    files[f"{kb_dir}/{collection.name}/{entry_id}.md"] = (
        "---\n" + "\n".join(front) + "\n---\n" + skeleton_body(settings, collection, settings.languages[0])
    )
    named = collection.name_field
    title = collection.properties.get(named, BARE)
    for lang in settings.languages[1:]:
        label = title.label_in(lang, named)
        comment = f"{label}: the entry's name in this language ({settings.language_name(lang)})"
        files[f"{kb_dir}/{collection.name}/{entry_id}.{lang}.md"] = f"---\n{named}:  # {comment}\n---\n" + skeleton_body(
            settings, collection, lang
        )
    return files


def skeleton_field(name: str, prop: Field, indent: int) -> list[str]:
    """YAML lines for one required field: a placeholder that fails the check, and a comment."""
    pad = " " * indent
    comment = field_comment(prop)
    if "object" in prop.types and prop.properties:
        return [f"{pad}{name}:{comment}", *skeleton_mapping(prop, indent + 2)]
    if "array" in prop.types:
        items = prop.items or BARE
        if items.types == ("object",) and items.properties:
            lines = skeleton_mapping(items, indent + 4)
            lines[0] = f"{pad}  - {lines[0].lstrip()}"  # the first field of the item opens the list item
            return [f"{pad}{name}:{comment}", *lines]
        return [f"{pad}{name}:{comment}", f"{pad}  -"]
    return [f"{pad}{name}: {placeholder(prop)}".rstrip() + comment]


def skeleton_mapping(schema: Field, indent: int) -> list[str]:
    """The required fields of a mapping; where `anyOf` asks for one of several, the first."""
    wanted = set(schema.required)
    for option in schema.schema.get("anyOf") or []:
        wanted.update(option.get("required") or [])
        break
    props = schema.properties
    names = [n for n in props if n in wanted] + sorted(wanted - set(props))  # in the schema's order
    return [line for name in names for line in skeleton_field(name, props.get(name, BARE), indent)]


def placeholder(schema: Field) -> str:
    """A date-shaped placeholder for dates (so the message says how to write one), else empty."""
    return DATE_PLACEHOLDER if schema.is_date else ""


def field_comment(prop: Field) -> str:
    """'  # <description> Example: <example>', on one line."""
    description = " ".join(next(iter(prop.description.values()), "").split())
    example = prop.example
    text = description + (f" Example: {example}" if example is not None else "")
    return f"  # {text}" if text else ""


def skeleton_body(settings, collection: Collection, lang: str) -> str:
    out = ["", settings.label("new-intro", lang), ""]
    for section in collection.sections:
        heading = section.get(lang)
        if heading:
            out += [f"## {heading}", "", settings.label("new-section", lang), ""]
    return "\n".join(out)


def create_files(root: Path, files: dict[str, str]) -> None:
    """Create every file or none: each is written to a hidden temporary file in its folder and
    then linked to its name, which fails if the name exists; a failure removes what was made.

    Raises FileExistsError naming the file that was in the way.
    """
    made: list[Path] = []
    try:
        for rel, text in files.items():
            target = root / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            try:
                with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
                    out.write(text)
                os.link(tmp, target)  # atomic, and refuses an existing name
            finally:
                os.unlink(tmp)
            made.append(target)
    except BaseException:
        for path in made:
            path.unlink(missing_ok=True)
        raise


def cmd_new(args: argparse.Namespace) -> int:
    root = require_root()
    if root is None:
        return 2
    kb = load_kb(root)
    name, entry_id = args.collection, args.id
    if name not in kb.collections:
        print(
            f"kb: '{shown_text(name)}' is not a collection; collections are: {', '.join(sorted(kb.collections))}"
            f"{did_you_mean(name, kb.collections)}",
            file=sys.stderr,
        )
        return 2
    if not ID_PATTERN.match(entry_id):
        print(
            f"kb: '{shown_text(entry_id)}' is not a valid id: use lowercase Latin letters, digits and single hyphens, e.g. 'main-site'",
            file=sys.stderr,
        )
        return 2
    if len(entry_id) > MAX_ID:
        print(
            f"kb: an id must be at most {MAX_ID} characters (this one has {len(entry_id)}): it is a file name and part of an address",
            file=sys.stderr,
        )
        return 2
    if entry_id.upper() in WINDOWS_NAMES:
        print(
            f"kb: '{entry_id}' cannot be an id: Windows reserves the name {entry_id.upper()}, and a clone there could not check the file out",
            file=sys.stderr,
        )
        return 2
    if entry_id == "index":
        print("kb: 'index' cannot be an id: it is the address of the collection's catalogue page", file=sys.stderr)
        return 2
    files = render_new_entry(kb, kb.collections[name], entry_id)
    if not _write_all(root, files, f"{kb.settings.kb_dir}/{name}"):
        return 1
    print(f"Next: replace every empty value, YYYY-MM-DD and TODO, then run: kb check {' '.join(files)}")
    return 0


def _write_all(root: Path, files: dict, folder: str, where: str = "", why: str = "") -> bool:
    """Every file written, or none: a file in the way, or a folder that cannot be written to, is
    said on stderr (`where` names the folder there, `why` says more) and nothing is left behind."""
    in_the_way = [rel for rel in files if os.path.lexists(root / rel)]
    if in_the_way:
        print(f"kb: {', '.join(in_the_way)} already exist{'s' * (len(in_the_way) == 1)}{where}; nothing was written{why}", file=sys.stderr)
        return False
    try:
        create_files(root, files)
    except FileExistsError as exc:  # created by someone else since the look above
        print(
            f"kb: {Path(exc.filename).relative_to(root).as_posix() if exc.filename else exc} already exists; nothing was written",
            file=sys.stderr,
        )
        return False
    except OSError as exc:  # a read-only folder, a full disk
        print(f"kb: {folder} cannot be written to: {exc.strerror}; nothing was written", file=sys.stderr)
        return False
    for rel in files:
        print(f"created {rel}")
    return True


# --- kb init ----------------------------------------------------------------------------


def cmd_init(args: argparse.Namespace) -> int:
    from kb.adapters.init import parse_languages, render

    languages, error = parse_languages(args.languages)
    if error:
        print(f"kb: {shown_text(error)}", file=sys.stderr)
        return 2
    root = Path(args.dir)
    files = render(languages)
    shown = shown_text(args.dir)
    if not _write_all(root, files, shown, f" in {shown}", " (kb init starts a new knowledge base in an empty folder)"):
        return 1
    print(f"Next: cd {shown_text(args.dir)} && kb check && mkdocs build --strict")
    return 0


# --- kb stale ---------------------------------------------------------------------------


def cmd_stale(args: argparse.Namespace) -> int:
    root = require_root()
    if root is None:
        return 2
    today = dt.date.fromisoformat(args.today) if args.today else dt.date.today()
    loaded = load_kb(root)
    kb = check_kb(loaded, today=today)
    field = kb.settings.review_field
    if field is None:
        print("kb stale: this base has no review workflow (review_field: null in kb.yml)", file=sys.stderr)
        return 0
    due = [entry for entry in kb.entries() if review_due(kb, entry, today)]
    due.sort(key=lambda e: (str(e.facts.get(field, "")), e.path))
    for entry in due:
        value = entry.facts.get(field)
        doc = loaded.documents[entry.ref][kb.default_language]
        line = doc.locate((field,))[0] if field in doc.meta else 1
        print(f"{shown_text(entry.path)}:{line}: {field} {value if value not in (None, '') else '(none)'}")
    total = sum(1 for _ in kb.entries())
    months = kb.settings.review_months
    print(
        f"kb stale: {len(due)} of {total} entries are due for review (no {field} date, or one more than {months} months old)",
        file=sys.stderr,
    )
    return 0


def parse_today(value: str | None) -> bool:
    if not value:
        return True
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        print("kb: --today must be YYYY-MM-DD", file=sys.stderr)
        return False
    return True


def main(argv: list[str] | None = None) -> int:
    """The command, with its output made safe: a terminal or file whose encoding cannot hold a
    character gets it escaped (\\uNNNN), and a reader that stops early (`kb check | head`) ends
    the output quietly."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    try:
        code = _main(argv)
        sys.stdout.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so the exit's flush does not fail again
        return 1
    return code


def _main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kb", description="Check and edit the knowledge base in kb/.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    check = sub.add_parser("check", help="check every entry; exit 0 clean, 1 errors, 2 bad usage")
    check.add_argument("paths", nargs="*", metavar="PATH", help="report only on these files or folders (the whole base is still read)")
    check.add_argument("--format", choices=["text", "github"], default="text", help="github: workflow annotations for pull requests")
    check.add_argument("--today", metavar="YYYY-MM-DD", help=argparse.SUPPRESS)
    check.add_argument(
        "--lang",
        metavar="LANG",
        help="the language of the messages, one of kb.yml's languages; "
        "without it KB_LANG, LC_ALL, LC_MESSAGES or LANG (ru_RU.UTF-8: ru), else the main language",
    )
    new = sub.add_parser(
        "new",
        help="write a new entry's files, in every language, from its collection's schema; exit 0 written, 1 a file exists, 2 bad usage",
    )
    new.add_argument("collection", help="the collection, as named in kb.yml")
    new.add_argument("id", help="the entry's id, also its file name and address, e.g. main-site")
    init = sub.add_parser(
        "init",
        help="start a new knowledge base in DIR that passes kb check and the strict build; exit 0 written, 1 a file exists, 2 bad usage",
    )
    init.add_argument("dir", metavar="DIR", help="the new project's folder (made if missing; nothing in it is overwritten)")
    init.add_argument(
        "--languages", default="en", metavar="LANGS", help="the site's languages, the main one first, e.g. de,en,kk (default: en)"
    )
    stale = sub.add_parser("stale", help="list the entries whose review is due, oldest first")
    stale.add_argument("--today", metavar="YYYY-MM-DD", help=argparse.SUPPRESS)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on bad usage; keep that, but return it
        return int(exc.code or 0)
    if args.command in ("check", "stale") and not parse_today(args.today):
        return 2
    if args.command == "check":
        return cmd_check(args)
    if args.command == "new":
        return cmd_new(args)
    if args.command == "stale":
        return cmd_stale(args)
    if args.command == "init":
        return cmd_init(args)
    parser.print_help(sys.stderr)
    return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
