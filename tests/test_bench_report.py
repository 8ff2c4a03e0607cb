"""`make bench` and `make bench-search` write one report, bench/results.md, each its own sections:
neither loses the other's numbers, nor a section written by hand."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

from common import write_sections


def test_each_benchmark_rewrites_only_its_own_sections(tmp_path):
    report = tmp_path / "results.md"
    build = ("## Table", "## Targets", "## Method")
    write_sections(report, build, "# Benchmark results\n\nrun 1\n\n## Table\n\n| 1 |\n\n## Targets\n\nt1\n\n## Method\n\nm\n")
    write_sections(report, ("## Search latency",), "## Search latency (day 1)\n\n| s1 |\n")
    report.write_text(report.read_text(encoding="utf-8") + "\n## CPU time, by hand\n\nnotes\n", encoding="utf-8")
    write_sections(report, build, "# Benchmark results\n\nrun 2\n\n## Table\n\n| 2 |\n\n## Targets\n\nt2\n\n## Method\n\nm\n")
    write_sections(report, ("## Search latency",), "## Search latency (day 2)\n\n| s2 |\n")
    assert report.read_text(encoding="utf-8") == (
        "# Benchmark results\n\nrun 2\n\n## Table\n\n| 2 |\n\n## Targets\n\nt2\n\n## Method\n\nm\n\n"
        "## Search latency (day 2)\n\n| s2 |\n\n## CPU time, by hand\n\nnotes\n"
    )
