"""What may be in `docs/`: Markdown pages written by hand, and the stubs of the engine reference.

Everything else there would reach the site past the sanitiser or past the engine's assets, so
the MkDocs hook leaves it out of the build and reports it as an error with the reason given here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

ENGINE = Path(__file__).resolve().parents[1]  # hooks/kb: the modules the reference pages may name


def not_belonging(docs: Path, files: Iterable[tuple[str, Path]]) -> Iterator[tuple[str, str]]:
    """(src_uri, why) for every file of `docs` (given as its address in docs/ and its path) that
    must not reach the site: symbolic links, files that resolve outside docs/, types other than
    Markdown pages, and engine reference pages other than the one-line stubs mkdocstrings expands."""
    real_docs = docs.resolve()
    for src_uri, path in files:
        if docs not in path.parents:
            continue
        chain = [path, *[p for p in path.parents if docs in p.parents]]
        if any(p.is_symlink() for p in chain):
            yield src_uri, "symbolic links are not allowed in docs/; copy the content in"
        elif real_docs not in path.resolve().parents:
            yield src_uri, "resolves outside docs/"
        elif not path.is_file():  # a FIFO would make the build wait for a writer for ever
            yield src_uri, "is not a regular file (a pipe or a device); only files belong in docs/"
        elif not src_uri.endswith(".md"):  # HTML, SVG, scripts or data would reach the site past the sanitiser
            yield src_uri, "only Markdown pages belong in docs/; the reader-side assets are the engine's (kb/theme/assets/)"
        elif src_uri.startswith("api/") and src_uri != "api/index.md":
            module = "kb." + src_uri[4:-3].replace("/", ".")
            stub = f"# `{module}`\n\n::: {module}\n"
            source = ENGINE.joinpath(*module.split(".")[1:]).with_suffix(".py")
            if not source.is_file() or path.read_text(encoding="utf-8") != stub:
                yield src_uri, f"an engine reference page must be exactly the stub for a module of the engine: {stub!r}"
