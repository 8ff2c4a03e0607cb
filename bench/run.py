#!/usr/bin/env python3
"""Benchmark: how `kb check`, the build, the site and the preview scale with the number of entries.

Run by `make bench` (or `.venv/bin/python bench/run.py --sizes 500,1000 --runs 1` for a quick
look). For each size it writes a synthetic, valid, cross-referenced, bilingual knowledge base
in our own schemas to bench/work/kb-<N>/ (git-ignored), then measures, as medians of several
runs on this machine:

- `kb check` wall time, against a floor: a process that only reads the same files and parses
  their YAML with the loader class the engine uses (yaml.CSafeLoader);
- `mkdocs build` with the engine, against plain MkDocs + Material building the same pages
  (the Markdown the engine generates, written out once) with the same theme, navigation and
  extensions and no hooks;
- the size of the site, its largest HTML page, and the search index bytes a browser fetches
  before the first result (Material: all of search/search_index.json; Pagefind, when the site
  has site/pagefind/: its entry files plus the index chunks of one query, see pagefind_bytes);
- edit-to-preview under `mkdocs serve` at one size (1,000 by default): from saving a changed
  entry to the changed page being served on 127.0.0.1.

Results go to bench/results.md (a table, the targets, the machine) and bench/results.svg (a
plain SVG plot drawn here, no plotting library needed). Every measurement is a separate
process, timed from outside, so the numbers are what a person at the keyboard waits for.
The machine may be shared: medians, and ratios of numbers measured in the same run.

The parts live beside this file: generator.py (the synthetic base), programs.py (the programs
timed in processes of their own), measure.py (timing and the site's sizes), report.py
(results.md and results.json, with the targets) and plot.py (results.svg); common.py holds
the paths. bench/search_latency.py reuses the generator and the build.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from common import HERE, WORK
from generator import make_project
from measure import edit_to_preview, measure_size
from plot import write_svg
from report import fmt_runs, write_report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="500,1000,5000,10000", help="entry counts, comma-separated (default: %(default)s)")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement; the median is reported (default: %(default)s)")
    parser.add_argument("--large-runs", type=int, default=1, help="runs for sizes at or above --large-from (default: %(default)s)")
    parser.add_argument("--large-from", type=int, default=5000, help="(default: %(default)s)")
    parser.add_argument("--serve-size", type=int, default=1000, help="size for edit-to-preview; 0 skips it (default: %(default)s)")
    parser.add_argument("--serve-runs", type=int, default=3, help="edits timed under mkdocs serve (default: %(default)s)")
    parser.add_argument("--check-only", action="store_true", help="measure kb check and its floor only, no builds")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--out", type=Path, default=HERE / "results.md", help="the report; the plot goes beside it as .svg (default: bench/results.md)"
    )
    args = parser.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    started = time.perf_counter()
    WORK.mkdir(parents=True, exist_ok=True)
    results = []
    for n in sizes:
        runs = args.large_runs if n >= args.large_from else args.runs
        results.append(measure_size(n, runs, args.seed, args.check_only))
    preview = None
    if args.serve_size and not args.check_only:
        proj = make_project(args.serve_size, args.seed)
        times = edit_to_preview(proj, args.serve_runs)
        preview = {"n": args.serve_size, "runs": times, "median": statistics.median(times)}
        print(f"[serve {args.serve_size}] edit-to-preview {fmt_runs(times)} s", flush=True)
    elapsed = time.perf_counter() - started
    write_report(results, preview, args, elapsed, args.out)
    write_svg(results, preview, args.out.with_suffix(".svg"))
    print(f"bench: wrote {args.out} and {args.out.with_suffix('.svg')} in {elapsed / 60:.1f} min")
    return 0


if __name__ == "__main__":
    sys.exit(main())
