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
the page's own wait (250 ms for a query of one or two letters, in searcher.js) is part of what
is measured. Both places a reader searches from are measured: the search page and the header
box's list. Beside them, in the same run and on the same site, the same queries are typed into Pagefind's own
default interface (pagefind-ui, from the bundle Pagefind writes into the site's pagefind/
folder) on a bare page of each language that mounts it: each of our places is reported with its
ratio to it, so the ratio says what our interface adds on top of Pagefind's search. Pagefind's
interface waits 300 ms after the last keystroke before it searches (its default
`debounceTimeoutMs`); it is measured once so, as readers meet it, and once with the 60 ms our
page waits, which compares the work after the wait. Results are appended to bench/results.md
under their own heading.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))

from common import ROOT, WORK, write_sections  # noqa: E402  (bench/: the paths, the synthetic generator and the build)
from generator import make_project  # noqa: E402
from kb.adapters.init import BROWSER_ASSETS  # noqa: E402  (the engine's browser modules and kb.css)
from measure import build  # noqa: E402

QUERIES = {
    "ru": ["налоговых льгот", "промышленной ипотеки", "инфраструктуры", "Байкальской гавани"],
    "en": ["industrial mortgage", "tax regime", "infrastructure", "Baikal Harbor"],
}
SYNTHETIC_RU = ["зона", "резидент", "инфраструктура", "мера"]
SYNTHETIC_EN = ["zone", "resident", "infrastructure", "measure"]
BUDGET_MS = 300
OWN = "Pagefind's own interface"

# Where a reader types, and what shows the results of what is typed: the container that names
# the query it shows (data-query; in Pagefind's interface, its message "N results for <query>"),
# any result in it (an entry by name or a full-text result), and a full-text result.
PLACES = {
    "search page": {
        "page": {"ru": "ru/search/", "en": "search/"},
        "input": "#kb-search-input",
        "scope": "#kb-search",
        "any": ".kb-direct-link, .kb-result-link",
        "full": ".kb-result-link",
    },
    "header box": {
        "page": {"ru": "ru/", "en": ""},
        "input": "#kb-q",
        "scope": "#kb-q-list",
        "any": ".kb-panel-direct, .kb-panel-result",
        "full": ".kb-panel-result",
    },
    OWN: {
        "page": {"ru": "pagefind-ui/ru/", "en": "pagefind-ui/en/"},
        "input": ".pagefind-ui__search-input",
        "scope": ".pagefind-ui",
        "message": ".pagefind-ui__message",
        "any": ".pagefind-ui__result-link",
        "full": ".pagefind-ui__result-link",
        "clear_ms": 800,
    },
}
# The same interface waiting as long as ours does: what it does after the wait, compared.
PLACES[OWN + ", 60 ms wait"] = {**PLACES[OWN], "page": {"ru": "pagefind-ui/ru/?debounce=60", "en": "pagefind-ui/en/?debounce=60"}}

# Pagefind's own default interface on a bare page of one language (Pagefind picks the index of
# the page's <html lang>); ?debounce=N sets its wait after the last keystroke.
PAGEFIND_UI_PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>Pagefind UI</title>
<link rel="stylesheet" href="../../pagefind/pagefind-ui.css"><script src="../../pagefind/pagefind-ui.js"></script></head>
<body><div id="search"></div><script>
window.addEventListener("DOMContentLoaded", () => {{
  const wait = new URLSearchParams(location.search).get("debounce");
  new PagefindUI({{element: "#search", bundlePath: "../../pagefind/", ...(wait ? {{debounceTimeoutMs: Number(wait)}} : {{}})}});
}});
</script></body></html>
"""


def pagefind_ui_pages(site: Path) -> None:
    """site/pagefind-ui/<lang>/index.html: Pagefind's own interface, for comparison (not part of the site)."""
    for lang in QUERIES:
        page = site / "pagefind-ui" / lang / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(PAGEFIND_UI_PAGE.format(lang=lang), encoding="utf-8")


WATCH = r"""(place) => {
  // After each keystroke (an input event: Playwright types Cyrillic without key events), watch
  // every frame until the results of what is now typed are in the page: first any result, then
  // a full-text one.
  window.__kb = {last: 0, any: 0, full: 0};
  document.addEventListener('input', (event) => {
    const input = event.target;
    if (!input.matches || !input.matches(place.input)) return;
    const started = performance.now();
    Object.assign(window.__kb, {last: started, any: 0, full: 0});
    const poll = () => {
      if (window.__kb.last !== started) return;
      const scope = document.querySelector(place.scope);
      const query = input.value.trim();
      let current = scope && scope.getAttribute('data-query') === query;
      if (scope && place.message) {
        // Pagefind's interface: its message names the query with the number of results once
        // they are in ("Searching for <query>…" before that has no number).
        const message = (scope.querySelector(place.message) || {}).textContent || '';
        current = message.includes(query) && /\d/.test(message);
      }
      if (current && !window.__kb.any && scope.querySelector(place.any)) window.__kb.any = performance.now();
      if (current && scope.querySelector(place.full)) window.__kb.full = performance.now();
      else requestAnimationFrame(poll);
    };
    requestAnimationFrame(poll);
  }, true);
}"""


def measure_site(browser, url: str, queries: dict[str, list[str]], runs: int, place: dict) -> dict:
    times = {"cold_any": [], "warm_any": [], "cold": [], "warm": []}
    fetched = []
    for _ in range(runs):
        for lang, words in queries.items():
            context = browser.new_context()
            page = context.new_page()
            sizes: list[int] = []
            page.on(
                "response",
                lambda r: sizes.append(int(r.headers.get("content-length", "0"))) if "/pagefind/" in r.url or "/names/" in r.url else None,
            )
            page.goto(url + place["page"][lang])
            page.wait_for_selector(place["input"])
            page.evaluate(WATCH, place)
            for i, query in enumerate(words):
                page.fill(place["input"], "")
                page.wait_for_timeout(place.get("clear_ms", 300))
                page.evaluate("() => { window.__kb.last = 0; window.__kb.full = 0; window.__kb.any = 0; }")
                page.type(place["input"], query, delay=60)
                page.wait_for_function("() => window.__kb.full > 0", timeout=30000)
                got = page.evaluate("() => window.__kb")
                kind = "cold" if i == 0 else "warm"
                times[kind].append(got["full"] - got["last"])
                times[kind + "_any"].append((got["any"] or got["full"]) - got["last"])
                if i == 0:
                    fetched.append(sum(sizes))
            context.close()
    out = {key: statistics.median(values) for key, values in times.items()}
    return {**out, "cold_ms": out["cold"], "warm_ms": out["warm"], "first_search_bytes": statistics.median(fetched)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=5000, help="synthetic entries (default 5000; 0: today's base only)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--keep-sites",
        action="store_true",
        help="measure the sites built by an earlier run, with today's browser modules and kb.css copied in (after a change to them only)",
    )
    args = parser.parse_args(argv)
    sys.path.insert(0, str(HERE.parent / "tests"))
    from playwright.sync_api import sync_playwright

    from browser import CHROMIUM, LAUNCH_ARGS, serve

    sites = {}
    load_start = os.getloadavg()
    real = WORK / "real-site"
    proj = make_project(args.size, seed=1) if args.size else None
    for root, site in ((ROOT, real), *([(proj, proj / "site")] if proj else [])):
        if args.keep_sites and (site / "pagefind").is_dir():
            shutil.copytree(BROWSER_ASSETS, site / "assets" / "kb", dirs_exist_ok=True)
        else:
            build(root, "--site-dir", str(site))
    sites["today's base"] = (real, QUERIES)
    if proj:
        sites[f"{args.size:,} synthetic entries"] = (proj / "site", {"ru": SYNTHETIC_RU, "en": SYNTHETIC_EN})
    for site, _ in sites.values():
        pagefind_ui_pages(site)
    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        for (name, (site, queries)), (where, place) in ((s, p) for s in sites.items() for p in PLACES.items()):
            server, url = serve(site)
            try:
                result = measure_site(browser, url, queries, args.runs, place)
            finally:
                server.shutdown()
            rows.append((name, where, result))
            name = f"{name}, {where}"
            print(
                f"{name}: first result cold {result['cold_any']:.0f} ms, warm {result['warm_any']:.0f} ms; full text cold {result['cold_ms']:.0f} ms, warm {result['warm_ms']:.0f} ms, first search {result['first_search_bytes'] / 1024:.0f} KB",
                flush=True,
            )
        browser.close()
    lines = [
        "",
        f"## Search latency ({dt.date.today().isoformat()}, bench/search_latency.py, {args.runs} runs)",
        "",
        f"From the last keystroke to the results in the page, budget {BUDGET_MS} ms; medians. "
        "Cold: the first query on a freshly opened page; warm: later queries. *First result*: the first "
        "result of any kind (an entry by its name comes first when there is one); *full text*: the first "
        f"of Pagefind's results. *× Pagefind's own*: full text, cold and warm, divided by the same in "
        f"Pagefind's own interface (300 ms wait) on the same site in the same run. "
        f"Machine load at the start: {', '.join(f'{x:.2f}' for x in load_start)}; at the end: {', '.join(f'{x:.2f}' for x in os.getloadavg())}.",
        "",
        "| Site, where | First result, cold | First result, warm | Full text, cold | Full text, warm | × Pagefind's own (cold, warm) | Full text within budget | Fetched for the first search |",
        "|---|---:|---:|---:|---:|---:|---|---:|",
    ]
    own = {site: r for site, where, r in rows if where == OWN}
    for site, where, r in rows:
        ok = "yes" if r["cold"] <= BUDGET_MS and r["warm"] <= BUDGET_MS else "no"
        ratio = f"{r['cold'] / own[site]['cold']:.2f}×, {r['warm'] / own[site]['warm']:.2f}×" if site in own else "—"
        lines.append(
            f"| {site}, {where} | {r['cold_any']:.0f} ms | {r['warm_any']:.0f} ms | {r['cold']:.0f} ms | {r['warm']:.0f} ms | {ratio} | {ok} | {r['first_search_bytes'] / 1024:.0f} KB |"
        )
    write_sections(HERE / "results.md", ("## Search latency",), "\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
