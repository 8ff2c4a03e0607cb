#!/usr/bin/env python3
"""Benchmark: how long a reader waits for search results, in Debian's Chromium.

Run by `make bench-search`. For the real knowledge base and a synthetic one of 5,000 entries
(bench/run.py's generator), it builds the site, serves it on 127.0.0.1, and on the search page
types each query key by key as a person would, in the search page's box and in the header box. It measures, inside the page, from the last
keystroke to the moment the first result is in the page, for:

- cold: the first query on a freshly opened search page (Pagefind's script, WebAssembly and
  index chunks are fetched then), and
- warm: later queries on the same page.

It also reports the bytes the browser fetched for the first search. Medians of several runs;
the page's own debounce (60 ms in docs/assets/kb.js) is part of what is measured. Both
places a reader searches from are measured: the search page and the header box's list. Results are
appended to bench/results.md under their own heading.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))

import run as bench  # noqa: E402  (bench/run.py: the synthetic generator and build helpers)

QUERIES = {"ru": ["налоговых льгот", "промышленной ипотеки", "инфраструктуры", "Байкальской гавани"],
           "en": ["industrial mortgage", "tax regime", "infrastructure", "Baikal Harbor"]}
SYNTHETIC_RU = ["зона", "резидент", "инфраструктура", "мера"]
SYNTHETIC_EN = ["zone", "resident", "infrastructure", "measure"]
BUDGET_MS = 300

# Where a reader types, and what shows that the results of what is typed are in: the
# status line (a live region) names the query, and the first result is in the page.
PLACES = {
    "search page": {"page": {"ru": "ru/search/", "en": "search/"}, "input": "#kb-search-input",
                    "status": ".kb-search-status", "result": ".kb-result-link"},
    "header box": {"page": {"ru": "ru/", "en": ""}, "input": "#kb-q",
                   "status": "form.kb-search-form [aria-live]", "result": ".kb-panel:not([hidden]) [role=option]"},
}

WATCH = """(place) => {
  // After each keystroke (an input event: Playwright types Cyrillic without key events), watch
  // every frame until the status names what is now typed and a result is in the page.
  window.__kb = {last: 0, first: 0};
  document.addEventListener('input', (event) => {
    const input = event.target;
    if (!input.matches || !input.matches(place.input)) return;
    const started = performance.now();
    window.__kb.last = started; window.__kb.first = 0;
    const poll = () => {
      if (window.__kb.last !== started) return;
      const status = document.querySelector(place.status);
      if (status && status.textContent.includes(input.value.trim()) && document.querySelector(place.result)) {
        window.__kb.first = performance.now();
      } else {
        requestAnimationFrame(poll);
      }
    };
    requestAnimationFrame(poll);
  }, true);
}"""


def measure_site(browser, url: str, queries: dict[str, list[str]], runs: int, place: dict) -> dict:
    cold, warm, fetched = [], [], []
    for _ in range(runs):
        for lang, words in queries.items():
            context = browser.new_context()
            page = context.new_page()
            sizes: list[int] = []
            page.on("response", lambda r: sizes.append(int(r.headers.get("content-length", "0"))) if "/pagefind/" in r.url or "/names/" in r.url else None)
            page.goto(url + place["page"][lang])
            page.wait_for_selector(place["input"])
            page.evaluate(WATCH, place)
            for i, query in enumerate(words):
                page.fill(place["input"], "")
                page.wait_for_timeout(300)
                page.evaluate("() => { window.__kb.last = 0; window.__kb.first = 0; }")
                page.type(place["input"], query, delay=60)
                page.wait_for_function("() => window.__kb.first > 0", timeout=20000)
                elapsed = page.evaluate("() => window.__kb.first - window.__kb.last")
                (cold if i == 0 else warm).append(elapsed)
                if i == 0:
                    fetched.append(sum(sizes))
            context.close()
    return {"cold_ms": statistics.median(cold), "warm_ms": statistics.median(warm), "cold_all": cold,
            "first_search_bytes": statistics.median(fetched)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=5000, help="synthetic entries (default 5000)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(HERE.parent / "tests"))
    from browser import CHROMIUM, LAUNCH_ARGS, serve
    from playwright.sync_api import sync_playwright

    sites = {}
    real = bench.WORK / "real-site"
    bench.build(bench.ROOT, "--site-dir", str(real))
    sites["today's base"] = (real, QUERIES)
    proj = bench.make_project(args.size, seed=1)
    bench.build(proj, "--site-dir", str(proj / "site"))
    sites[f"{args.size:,} synthetic entries"] = (proj / "site", {"ru": SYNTHETIC_RU, "en": SYNTHETIC_EN})
    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        for (name, (site, queries)), (where, place) in ((s, p) for s in sites.items() for p in PLACES.items()):
            server, url = serve(site)
            try:
                result = measure_site(browser, url, queries, args.runs, place)
            finally:
                server.shutdown()
            name = f"{name}, {where}"
            rows.append((name, result))
            print(f"{name}: cold {result['cold_ms']:.0f} ms, warm {result['warm_ms']:.0f} ms, first search {result['first_search_bytes'] / 1024:.0f} KB", flush=True)
        browser.close()
    lines = ["", f"## Search latency ({dt.date.today().isoformat()}, bench/search_latency.py, {args.runs} runs)", "",
             f"From the last keystroke to the first result in the page, budget {BUDGET_MS} ms; medians. "
             "Cold: the first query on a freshly opened search page; warm: later queries.", "",
             "| Site, where | Cold | Warm | Within budget | Fetched for the first search |", "|---|---:|---:|---|---:|"]
    for name, r in rows:
        ok = "yes" if r["cold_ms"] <= BUDGET_MS and r["warm_ms"] <= BUDGET_MS else "no"
        lines.append(f"| {name} | {r['cold_ms']:.0f} ms | {r['warm_ms']:.0f} ms | {ok} | {r['first_search_bytes'] / 1024:.0f} KB |")
    results = HERE / "results.md"
    text = results.read_text(encoding="utf-8") if results.exists() else "# Benchmark results\n"
    marker = "\n## Search latency"
    text = text.split(marker)[0].rstrip("\n") + "\n" + "\n".join(lines) + "\n"
    results.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
