"""Measurements: timed builds and checks, the site's sizes, edit-to-preview, and everything for one size."""

from __future__ import annotations

import json
import random
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

from common import BIN, ENV
from generator import make_project
from programs import FLOOR_SCRIPT, PHASES_SCRIPT, PLAIN_SCRIPT


def build(proj: Path, *args: str) -> float:
    """`mkdocs build`, timed. Not --strict: the engine reference (docs/api/) depends on docstrings
    that change under us; any other warning (a broken generated link, a kb error) still fails."""
    t, out = run([str(BIN / "mkdocs"), "build", "--no-strict", *args], proj, env={**ENV, "PYTHONPATH": str(proj / "hooks")})
    bad = [line for line in out.stderr.splitlines() if line.startswith(("WARNING", "ERROR")) and "api/" not in line]
    if bad:
        raise SystemExit(f"bench: mkdocs build in {proj} warned:\n" + "\n".join(bad[:20]))
    return t


def run(cmd: list[str], cwd: Path, timeout: float = 3600, env: dict | None = None) -> tuple[float, subprocess.CompletedProcess]:
    started = time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env or ENV)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"bench: {' '.join(cmd)} failed in {cwd} ({result.returncode}):\n{result.stdout[-2000:]}\n{result.stderr[-4000:]}")
    return elapsed, result


# --- site measurements -----------------------------------------------------------------------


def site_stats(site: Path) -> dict:
    total = 0
    largest = (0, "")
    largest_entry = (0, "")
    pages = 0
    entry_dir = re.compile(r"^(ru/)?(zones|measures|glossary|programme|regions|sez-types)/[a-z]+-\d+/index\.html$")
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        size = path.stat().st_size
        total += size
        if path.suffix == ".html":
            pages += 1
            rel = path.relative_to(site).as_posix()
            largest = max(largest, (size, rel))
            if entry_dir.match(rel):
                largest_entry = max(largest_entry, (size, rel))
    search, method = search_bytes(site)
    return {
        "site_bytes": total,
        "html_pages": pages,
        "largest_bytes": largest[0],
        "largest_page": largest[1],
        "largest_entry_bytes": largest_entry[0],
        "largest_entry_page": largest_entry[1],
        "search_bytes": search,
        "search_method": method,
    }


def search_bytes(site: Path) -> tuple[int, str]:
    """Bytes a browser fetches before it can show the first search result."""
    pagefind = site / "pagefind"
    if pagefind.is_dir():
        return pagefind_bytes(pagefind)
    index = site / "search" / "search_index.json"
    if index.is_file():
        return index.stat().st_size, "Material: search/search_index.json, fetched whole"
    return 0, "no search index"


def pagefind_bytes(pagefind: Path) -> tuple[int, str]:
    """Pagefind loads pagefind.js, its WASM, the entry file, then the meta file and the index
    chunks (pagefind/index/*.pf_index) whose word ranges a query touches, then fragments of the
    results shown. Without a browser we approximate one query by: every file the entry needs
    (pagefind.js, pagefind-entry.json, wasm.*.pagefind, pagefind.*.pf_meta) + the largest index
    chunk + the largest filter file + 5 largest fragments (the first results shown)."""

    def sizes(pattern: str) -> list[int]:
        return sorted((p.stat().st_size for p in pagefind.glob(pattern)), reverse=True)

    fixed = sum(
        sizes("pagefind.js")[:1] + sizes("pagefind-entry.json")[:1] + sizes("wasm.*.pagefind")[:1] + sizes("pagefind.*.pf_meta")[:1]
    )
    chunk = (sizes("index/*.pf_index") or [0])[0]
    filters = (sizes("filter/*.pf_filter") or [0])[0]
    fragments = sum(sizes("fragment/*.pf_fragment")[:5])
    return (
        fixed + chunk + filters + fragments,
        "Pagefind: entry JS/JSON/WASM/meta + largest index chunk + largest filter + 5 largest fragments",
    )


# --- edit-to-preview ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            return response.read().decode("utf-8", "replace")
    except Exception:
        return None


def edit_to_preview(proj: Path, runs: int) -> list[float]:
    """Start `mkdocs serve`, then `runs` times: change one entry's text, time until it is served."""
    port = free_port()
    log = open(proj / "serve.log", "w")  # noqa: SIM115  (the server writes to it until it is stopped)
    # The same command as `make serve`: --dirty lets MkDocs rebuild only the pages an edit changed;
    # --no-strict keeps serving while an entry has errors (they are printed).
    server = subprocess.Popen(
        [str(BIN / "mkdocs"), "serve", "--dirty", "--no-strict", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=proj,
        env=ENV,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    entry = proj / "kb" / "zones" / "zone-1.md"
    original = entry.read_text(encoding="utf-8")
    # `mkdocs serve` serves the site under the path of site_url (/sez-kb/ on GitHub Pages)
    site_url = re.search(r"^site_url:\s*(\S+)", (proj / "mkdocs.yml").read_text(encoding="utf-8"), re.MULTILINE)
    base = urllib.parse.urlsplit(site_url.group(1)).path if site_url else "/"
    url = f"http://127.0.0.1:{port}{base.rstrip('/')}/zones/zone-1/"
    times = []
    try:
        deadline = time.time() + 900
        while fetch(url) is None:
            if server.poll() is not None or time.time() > deadline:
                raise SystemExit(f"bench: mkdocs serve did not start; see {proj / 'serve.log'}")
            time.sleep(0.5)
        time.sleep(2)
        for k in range(runs):
            marker = f"benchedit{k}x{random.randrange(10**9)}"
            text = original.rstrip("\n") + f"\n\nEdited paragraph {marker}.\n"
            started = time.perf_counter()
            entry.write_text(text, encoding="utf-8")
            while True:
                page = fetch(url)
                if page is not None and marker in page:
                    break
                if time.perf_counter() - started > 600:
                    raise SystemExit("bench: the edited page was not served within 600 s")
                time.sleep(0.02)
            times.append(time.perf_counter() - started)
            time.sleep(3)  # let the server settle before the next edit
    finally:
        entry.write_text(original, encoding="utf-8")
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
    return times


# --- one size ------------------------------------------------------------------------------------


def measure_size(n: int, runs: int, seed: int, skip_build: bool) -> dict:
    t0 = time.perf_counter()
    proj = make_project(n, seed)
    generated = time.perf_counter() - t0
    files = sum(1 for _ in (proj / "kb").rglob("*.md"))
    kb_bytes = sum(p.stat().st_size for p in (proj / "kb").rglob("*.md"))
    print(f"[{n}] project ready in {generated:.1f} s: {files} entry files, {kb_bytes / 1e6:.1f} MB", flush=True)
    res: dict = {"n": n, "files": files, "kb_bytes": kb_bytes, "runs": runs}
    check, floor = [], []
    for _ in range(runs):
        # The engine copied into the project, as in the builds (the installed `kb` script and
        # Markdown extension come from whichever checkout the package was installed from).
        t, out = run([sys.executable, "-m", "kb.adapters.cli", "check"], proj, env={**ENV, "PYTHONPATH": str(proj / "hooks")})
        summary = out.stdout.strip().splitlines()[-1]
        m = re.search(r"(\d+) entries, (\d+) errors?, (\d+) warnings?", summary)
        if not m or int(m.group(1)) != n or int(m.group(2)) != 0:
            raise SystemExit(f"bench: the synthetic base of {n} is not valid: {summary}\n{out.stdout[-3000:]}")
        res["warnings"] = int(m.group(3))
        check.append(t)
        t, _ = run([sys.executable, "-c", FLOOR_SCRIPT, str(proj)], proj)
        floor.append(t)
    res["check_s"], res["floor_s"] = statistics.median(check), statistics.median(floor)
    res["check_runs"], res["floor_runs"] = check, floor
    _, out = run([sys.executable, "-c", PHASES_SCRIPT, str(proj)], proj)
    res["phases"] = json.loads(out.stdout)
    print(f"[{n}] kb check {res['check_s']:.2f} s, floor {res['floor_s']:.2f} s, phases {res['phases']}", flush=True)
    if skip_build:
        return res
    run([sys.executable, "-c", PLAIN_SCRIPT, str(proj)], proj)
    engine_runs, plain = [], []
    for i in range(runs):  # interleaved, so that load on a shared machine hits both alike
        engine_runs.append(build(proj, "--site-dir", "site"))
        plain.append(build(proj, "-f", "mkdocs-plain.yml", "--site-dir", "site-plain"))
        print(f"[{n}] build run {i + 1}: engine {engine_runs[-1]:.1f} s, plain {plain[-1]:.1f} s", flush=True)
    res["build_s"], res["mkdocs_plain_s"] = statistics.median(engine_runs), statistics.median(plain)
    res["build_runs"], res["plain_runs"] = engine_runs, plain
    # The engine's build also indexes the site for search (Pagefind, in on_post_build). A site
    # without the engine would need the same index, so the plain side gets the same indexer run
    # on its output; the overhead compares like with like.
    res["pagefind_plain_s"] = 0.0
    if (proj / "site" / "pagefind").is_dir():
        index = []
        for _ in range(runs):
            t, _ = run([sys.executable, "-m", "pagefind", "--site", "site-plain", "--silent"], proj)
            index.append(t)
        res["pagefind_plain_s"] = statistics.median(index)
        res["pagefind_runs"] = index
    res["plain_s"] = res["mkdocs_plain_s"] + res["pagefind_plain_s"]
    res.update(site_stats(proj / "site"))
    res["plain_site_bytes"] = site_stats(proj / "site-plain")["site_bytes"]
    print(
        f"[{n}] site {res['site_bytes'] / 1e6:.0f} MB, largest page {res['largest_page']} {res['largest_bytes'] / 1e3:.0f} KB, "
        f"search {res['search_bytes'] / 1e6:.1f} MB",
        flush=True,
    )
    return res
