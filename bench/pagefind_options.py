#!/usr/bin/env python3
"""What could cut Pagefind's work, tried on a built synthetic site (by default the 5,000 entries
`bench/search_latency.py` builds in bench/work/kb-5000/site):

- as built: the site's own index;
- backlinks ignored: every page copied with `data-pagefind-ignore` on its "Referenced by"
  heading and list, and indexed again;
- split per collection: one index per collection (and one for the rest), searched together
  with Pagefind's `mergeIndex`.

For each, in Chromium, variants interleaved: the time of `pagefind.search()` and of the first
result's `data()`, on the first query of a fresh page (cold) and later ones (warm), the time to
load the index(es) before the first search (setup), the number of results per query, the
index's size, and whether an entry is found by the title of the source it cites.

    .venv/bin/python bench/pagefind_options.py [runs] [site]

Variants are written to bench/work/pagefind-options-*/ and reused.
"""

import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))
from playwright.sync_api import sync_playwright  # noqa: E402  (after the tests' folder joins the path)

from browser import CHROMIUM, LAUNCH_ARGS, serve  # noqa: E402

PY = sys.executable
SITE = Path(sys.argv[2]).resolve() if len(sys.argv) > 2 else HERE / "work" / "kb-5000" / "site"
V = HERE / "work" / f"pagefind-options-{SITE.parent.name}"
QUERIES = {"ru": ["зона", "резидент", "инфраструктура", "мера"], "en": ["zone", "resident", "infrastructure", "measure"]}
COLLECTIONS = ["zones", "measures", "glossary", "programme", "regions", "sez-types"]
PAGE = """<!doctype html><html lang="{lang}"><head><meta charset="utf-8"></head><body><script>
let pf;
window.setup = async (bundles) => {{ const t0 = performance.now(); pf = await import(bundles[0] + "pagefind.js");
  await pf.options({{excerptLength: 24}}); for (const b of bundles.slice(1)) await pf.mergeIndex(b, {{excerptLength: 24}}); await pf.init(); return performance.now() - t0; }};
window.query = async (q) => {{ const t0 = performance.now(); const r = await pf.search(q); const t1 = performance.now();
  const d = r.results.length ? await r.results[0].data() : null; return {{search: t1 - t0, first: performance.now() - t0, n: r.results.length, url: d && d.url}}; }};
</script></body></html>"""


def sh(*cmd):
    t = time.time()
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode:
        raise SystemExit(r.stderr[-2000:])
    return time.time() - t


def dir_size(p):
    return sum(f.stat().st_size for f in Path(p).rglob("*") if f.is_file())


def prepare():
    V.mkdir(parents=True, exist_ok=True)
    for lang in QUERIES:
        (SITE / "pfbench" / lang).mkdir(parents=True, exist_ok=True)
        (SITE / "pfbench" / lang / "index.html").write_text(PAGE.format(lang=lang))
    # share of the indexed text that is backlinks, on entry pages
    art_chars = bl_chars = pages = 0
    out = V / "nobl"
    if not (out / "done").exists():
        shutil.rmtree(out, ignore_errors=True)
        for f in SITE.rglob("*.html"):
            rel = f.relative_to(SITE)
            if rel.parts[0] in ("pagefind", "pfbench"):
                continue
            h = f.read_text(encoding="utf-8")
            i = h.find('<h2 id="referenced-by">')
            if i >= 0:
                j = h.find("</ul>", i)
                a = h.find("data-pagefind-body")
                b = h.find("</article>")

                def text(s: str) -> int:
                    return len(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", s)))

                art_chars += text(h[a:b])
                bl_chars += text(h[i:j])
                pages += 1
                h = h[:i] + '<h2 id="referenced-by" data-pagefind-ignore' + h[i + len('<h2 id="referenced-by"') :]
                k = h.find("<ul>", i)
                h = h[:k] + "<ul data-pagefind-ignore>" + h[k + 4 :]
            dst = out / rel
            dst.parent.mkdir(parents=True, exist_ok=True)
            dst.write_text(h, encoding="utf-8")
        print(
            f"backlinks: {pages} entry pages with backlinks; backlinks are {bl_chars / max(art_chars, 1):.1%} of their indexed text",
            flush=True,
        )
        print("pagefind (backlinks ignored)", round(sh(PY, "-m", "pagefind", "--site", str(out), "--silent"), 1), "s", flush=True)
        (out / "done").write_text("")
    split = V / "split"
    if not (split / "done").exists():
        shutil.rmtree(split, ignore_errors=True)
        split.mkdir(parents=True)
        t = 0
        for c in COLLECTIONS + ["rest"]:
            glob = (
                f"{{{c},ru/{c}}}/**/*.html"
                if c != "rest"
                else "{"
                + ",".join(
                    ["index.html", "overview/**/*.html", "tools/**/*.html", "ru/index.html", "ru/overview/**/*.html", "ru/tools/**/*.html"]
                )
                + "}"
            )
            t += sh(PY, "-m", "pagefind", "--site", str(SITE), "--glob", glob, "--output-path", str(split / f"pagefind-{c}"), "--silent")
        print("pagefind split per collection, total", round(t, 1), "s", flush=True)
        (split / "done").write_text("")
    print(
        "index size: as built",
        dir_size(SITE / "pagefind") // 1000,
        "KB; backlinks ignored",
        dir_size(out / "pagefind") // 1000,
        "KB; split",
        dir_size(split) // 1000,
        "KB",
        flush=True,
    )


def main(runs=3):
    prepare()
    for d in (V / "split").glob("pagefind-*"):
        dst = SITE / "pfsplit" / d.name
        if not dst.exists():
            shutil.copytree(d, dst)
    nobl = V / "nobl"
    shutil.rmtree(nobl / "pfbench", ignore_errors=True)
    shutil.copytree(SITE / "pfbench", nobl / "pfbench")
    variants = {
        "as built": (SITE, ["/pagefind/"]),
        "backlinks ignored": (nobl, ["/pagefind/"]),
        "split per collection, merged": (SITE, [f"/pfsplit/pagefind-{c}/" for c in COLLECTIONS + ["rest"]]),
    }
    res = {v: {"cold_search": [], "cold_first": [], "warm_search": [], "warm_first": [], "setup": [], "n": {}} for v in variants}
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        servers = {}
        for run in range(runs):
            for v, (root, bundles) in variants.items():
                if root not in servers:
                    servers[root] = serve(root)
                url = servers[root][1].rstrip("/")
                for lang, qs in QUERIES.items():
                    ctx = b.new_context()
                    page = ctx.new_page()
                    page.goto(f"{url}/pfbench/{lang}/")
                    res[v]["setup"].append(page.evaluate("(b) => setup(b)", [url + x for x in bundles]))
                    for i, q in enumerate(qs):
                        r = page.evaluate("(q) => query(q)", q)
                        kind = "cold" if i == 0 else "warm"
                        res[v][kind + "_search"].append(r["search"])
                        res[v][kind + "_first"].append(r["first"])
                        res[v]["n"][q] = r["n"]
                    ctx.close()
            print(f"run {run + 1} done, load {os.getloadavg()[0]:.1f}", flush=True)
        # a reader finds an entry by the source it cites: one source title of zone-1, searched in each variant
        src = re.search(r'<li id="source-1"><a [^>]*>([^<]+)</a>', (SITE / "zones/zone-1/index.html").read_text(encoding="utf-8"))
        for v, (root, bundles) in variants.items():
            url = servers[root][1].rstrip("/")
            ctx = b.new_context()
            page = ctx.new_page()
            page.goto(f"{url}/pfbench/en/")
            page.evaluate("(b) => setup(b)", [url + x for x in bundles])
            found = page.evaluate(
                """async (q) => { const r = await pf.search(q); const d = await Promise.all(r.results.slice(0, 5).map(x => x.data())); return d.map(x => x.url); }""",
                src.group(1) if src else "zone",
            )
            print(f"{v}: source title {src.group(1)[:60]!r} -> top results {found}", flush=True)
            ctx.close()
        b.close()
    for v, r in res.items():
        med = {k: round(statistics.median(x)) for k, x in r.items() if isinstance(x, list)}
        print(f"{v}: {med}; results per query {r['n']}", flush=True)
    print("load at the end", os.getloadavg(), flush=True)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
