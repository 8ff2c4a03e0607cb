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
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BIN = Path(sys.executable).parent
WORK = HERE / "work"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}

GENERATOR_VERSION = 1  # bump when the synthetic content changes, so that bench/work/ is rewritten

TARGETS = {
    "check_ratio": 2.0,  # kb check / floor at the largest size
    "build_overhead": 0.15,  # engine build / plain build - 1
    "linear": 1.2,  # cost per entry at the largest size / at 1,000
    "search_bytes": 1_000_000,  # fetched for the first search at the largest size
    "page_kb": 60,  # the largest page's HTML at the largest size
    "preview_s": 2.0,  # edit-to-preview at the serve size
}

# --- synthetic content -------------------------------------------------------------------

EN_WORDS = """zone region investor resident infrastructure customs regime tax benefit federal law decree
managing company industrial park land plot utilities road railway port airport power grid gas water
agreement capital investment jobs revenue export import logistics warehouse plant factory production
technology innovation research laboratory university cluster programme team project assessment
support measure subsidy loan guarantee reimbursement application contract status requirement report
ministry government fund corporation competition rating anchor tenant supplier market demand growth
budget payback risk lesson experience practice standard procedure approval permit construction site
""".split()
RU_WORDS = """зона регион инвестор резидент инфраструктура таможенный режим налоговый льгота федеральный
закон постановление управляющая компания индустриальный парк земельный участок коммунальные сети
дорога железная порт аэропорт электросеть газ вода соглашение капитальные вложения рабочие места
выручка экспорт импорт логистика склад завод производство технологии инновации исследования
лаборатория университет кластер программа команда проект оценка поддержка мера субсидия заём
гарантия возмещение заявка контракт статус требование отчёт министерство правительство фонд
корпорация конкурс рейтинг якорный арендатор поставщик рынок спрос рост бюджет окупаемость риск
урок опыт практика стандарт порядок согласование разрешение строительство площадка налогов
налоговые инфраструктуры резидентов зоны региона инвесторов""".split()
PLACES = """Kedrovo Belaya Rechka Zarechye Sosnovka Lesnoye Ozyorsk Kamenka Ivanovka Polyany Yasnaya Krasny
Bor Gorki Dubki Pokrovka Uspenka Svetly Mirny Zelenodolsk Stepnoye Rodniki Vyselki Lugovoye Borovoe""".split()
SECTIONS = {  # required sections come from the schemas; other collections get free sections
    "glossary": [{"en": "Definition", "ru": "Определение"}, {"en": "Usage", "ru": "Употребление"}],
    "programme": [{"en": "What it is", "ru": "Что это"}, {"en": "How to prepare", "ru": "Как подготовить"},
                  {"en": "Common mistakes", "ru": "Типичные ошибки"}],
}
EXTRA_SECTION = {"en": "Lessons", "ru": "Уроки"}


def share(n: int) -> dict[str, int]:
    """How N entries spread over the collections: few zone types and regions, many of the rest."""
    fixed = {"sez-types": 6, "regions": min(83, max(5, n // 50))}
    rest = n - sum(fixed.values())
    out = {"zones": int(rest * 0.40), "measures": int(rest * 0.20), "glossary": int(rest * 0.30)}
    out["programme"] = rest - sum(out.values())
    return {**fixed, **out}


class Generator:
    def __init__(self, n: int, vocab: dict[str, list[str]], seed: int = 1):
        self.rng = random.Random(seed * 100_003 + n)
        self.counts = share(n)
        self.vocab = vocab
        self.ids = {c: [self.make_id(c, i) for i in range(k)] for c, k in self.counts.items()}
        self.today = dt.date.today()

    @staticmethod
    def make_id(collection: str, i: int) -> str:
        stem = {"sez-types": "type", "regions": "region", "zones": "zone", "measures": "measure",
                "glossary": "term", "programme": "guide"}[collection]
        return f"{stem}-{i + 1}"

    # values
    def words(self, lang: str, n: int) -> str:
        pool = EN_WORDS if lang == "en" else RU_WORDS
        return " ".join(self.rng.choice(pool) for _ in range(n))

    def sentence(self, lang: str) -> str:
        text = self.words(lang, self.rng.randint(8, 18))
        return text[0].upper() + text[1:] + "."

    def date(self, days_back_max: int = 900, days_back_min: int = 1) -> str:
        return (self.today - dt.timedelta(days=self.rng.randint(days_back_min, days_back_max))).isoformat()

    def reviewed(self) -> str:  # about 3% of entries are due for review: warnings, not errors
        return self.date(500, 380) if self.rng.random() < 0.03 else self.date(300, 1)

    def popular(self, collection: str) -> str:
        """An id of the collection, skewed so that a few entries are referenced very often."""
        ids = self.ids[collection]
        return ids[int(len(ids) * self.rng.random() ** 2.5)]

    def q(self, text: str) -> str:
        return json.dumps(text, ensure_ascii=False)

    def act(self) -> str:
        no = self.rng.randint(10, 999)
        url = f', url: "https://publication.pravo.gov.ru/document/{self.rng.randint(10**9, 10**10)}"' if self.rng.random() < 0.5 else ""
        return (f"{{en: {self.q(f'Government Decree No. {no} on ' + self.words('en', 5))}, "
                f"ru: {self.q(f'Постановление Правительства РФ № {no} о ' + self.words('ru', 5))}{url}}}")

    def sources(self, k: int) -> list[str]:
        lines = ["sources:"]
        for i in range(1, k + 1):
            title = self.q(self.sentence(self.rng.choice(["en", "ru"]))[:-1])
            if self.rng.random() < 0.75:
                where = f'url: "https://example.{self.rng.choice(["ru", "org", "gov.ru"])}/news/{self.rng.randint(1000, 99999)}/{self.words("en", 3).replace(" ", "-")}"'
            else:
                where = f"document: {self.q('Report ' + self.words('en', 6))}"
            lines.append(f"  - {{id: s{i}, title: {title}, {where}, read: {self.date(400)}}}")
        return lines

    def aliases(self) -> list[str]:
        en = [self.q(self.words("en", 2).title()) for _ in range(self.rng.randint(1, 3))]
        ru = [self.q(self.words("ru", 2).capitalize()) for _ in range(self.rng.randint(1, 3))]
        return ["aliases:", f"  en: [{', '.join(dict.fromkeys(en))}]", f"  ru: [{', '.join(dict.fromkeys(ru))}]"]

    def figure(self, name: str, value, nsrc: int, note: bool = False) -> str:
        extra = ""
        if note:
            extra = f", note: {{en: {self.q(self.words('en', 6))}, ru: {self.q(self.words('ru', 6))}}}"
        if self.rng.random() < 0.15:
            extra += ", unconfirmed: true"
        return f"{name}: {{value: {value}, as_of: {self.date(700)[:7]}, source: s{self.rng.randint(1, nsrc)}{extra}}}"

    # front matter per collection
    def facts(self, collection: str, i: int) -> tuple[list[str], str]:
        r = self.rng
        nsrc = r.randint(2, 6)
        place = f"{r.choice(PLACES)} {i + 1}"
        fm: list[str] = []
        if collection == "zones":
            fm += [f"title: {self.q(place)}", f"type: {self.popular('sez-types')}",
                   f"region: {r.choice(self.vocab['regions'])}", f"status: {r.choice(self.vocab['zone-statuses'])}",
                   f"established: {self.date(6000, 400)}", f"decree: {self.act()}",
                   self.figure("area_ha", round(r.uniform(50, 5000), 1), nsrc),
                   self.figure("residents", r.randint(1, 120), nsrc, note=r.random() < 0.3),
                   self.figure("investment_declared_bn_rub", round(r.uniform(1, 600), 1), nsrc, note=True),
                   self.figure("jobs", r.randint(10, 40000), nsrc),
                   f"coordinates: [{r.uniform(42, 70):.2f}, {r.uniform(20, 170):.2f}]",
                   f"management_company: {{en: {self.q('JSC ' + place + ' SEZ')}, ru: {self.q('АО «ОЭЗ ' + place + '»')}}}",
                   f"website: https://zone-{i + 1}.example.ru",
                   f"measures: [{', '.join(dict.fromkeys(self.popular('measures') for _ in range(r.randint(2, 6))))}]"]
            fm += self.aliases()
            if r.random() < 0.2:
                fm.append("unconfirmed: [established]")
        elif collection == "measures":
            fm += [f"title: {self.q(self.words('en', 3).capitalize() + f' programme {i + 1}')}",
                   f"kind: {r.choice(self.vocab['measure-kinds'])}", f"provider: {r.choice(self.vocab['providers'])}",
                   "legal_basis:", *(f"  - {self.act()}" for _ in range(r.randint(1, 3))),
                   f"audience: [{', '.join(r.sample(self.vocab['audiences'], r.randint(1, 3)))}]",
                   f"zone_types: [{', '.join(dict.fromkeys(self.popular('sez-types') for _ in range(r.randint(1, 4))))}]",
                   f"terms_as_of: {self.date(400)[:7]}", f"website: https://support.example.ru/measure-{i + 1}"]
            fm += self.aliases()
        elif collection == "sez-types":
            fm += [f"title: {self.q(f'Zone type {i + 1}')}",
                   f"abbreviation: {{en: T{i + 1}, ru: Т{i + 1}}}",
                   "legal_basis:", f"  - {self.act()}",
                   f"introduced: {self.date(7000, 2000)}", f"max_area_km2: {r.randint(5, 400)}",
                   f'color: "#{r.randrange(16**6):06x}"']
            fm += self.aliases()
        elif collection == "regions":
            fm += [f"title: {self.q(f'Region {i + 1}')}", f"code: {self.vocab['regions'][i]}",
                   f"in_stream: {'true' if r.random() < 0.5 else 'false'}"]
            fm += self.aliases()
        elif collection == "glossary":
            fm += [f"title: {self.q(self.words('en', 2).capitalize() + f' {i + 1}')}"]
            if r.random() < 0.5:
                fm.append(f"abbreviation: {{en: G{i + 1}, ru: Г{i + 1}}}")
            fm += self.aliases()
        elif collection == "programme":
            fm += [f"title: {self.q(self.words('en', 4).capitalize() + f' {i + 1}')}", f"order: {i + 1}"]
            if r.random() < 0.5:
                fm += self.aliases()
        fm += self.sources(nsrc)
        fm.append(f"reviewed: {self.reviewed()}")
        ru_title = self.q(f"{collection} {i + 1}: " + self.words("ru", 2))
        return fm, ru_title

    # bodies
    def link(self, lang: str, here: str) -> str:
        target = self.rng.choice(["zones", "measures", "glossary", "glossary", "sez-types", "regions", "programme"])
        entry_id = self.popular(target)
        path = f"{entry_id}.md" if target == here else f"../{target}/{entry_id}.md"
        return f"[{self.words(lang, self.rng.randint(1, 3))}]({path})"

    def paragraph(self, lang: str, here: str, sentences: int) -> str:
        parts = []
        for _ in range(sentences):
            s = self.sentence(lang)
            if self.rng.random() < 0.35:
                s = s[:-1] + " " + self.link(lang, here) + "."
            if self.rng.random() < 0.2:
                s = s[:-1] + f" (s{self.rng.randint(1, 2)})."
            parts.append(s)
        return " ".join(parts)

    def bodies(self, collection: str, sections: list[dict[str, str]]) -> dict[str, str]:
        r = self.rng
        plan = [r.randint(1, 3) for _ in sections]  # paragraphs per section, the same in both languages
        big = collection in ("zones", "measures", "sez-types", "programme")
        out = {}
        for lang in ("en", "ru"):
            lines = []
            if collection == "glossary":
                lines += [self.paragraph(lang, collection, r.randint(2, 4)), ""]
            for section, k in zip(sections, plan):
                lines += [f"## {section[lang]}", ""]
                for _ in range(k + (1 if big else 0)):
                    lines += [self.paragraph(lang, collection, r.randint(3, 6)), ""]
                if big and r.random() < 0.3:
                    lines += [f"- **{self.words(lang, 2)}.** {self.paragraph(lang, collection, 2)}" for _ in range(3)] + [""]
            out[lang] = "\n".join(lines).rstrip() + "\n"
        return out

    def write(self, kb: Path, schemas: dict[str, dict]) -> int:
        files = 0
        for collection, ids in self.ids.items():
            folder = kb / collection
            folder.mkdir(parents=True, exist_ok=True)
            required = schemas[collection].get("x-sections") or []
            for i, entry_id in enumerate(ids):
                fm, ru_title = self.facts(collection, i)
                sections = required or SECTIONS.get(collection, [])
                if collection in ("zones", "regions") and self.rng.random() < 0.6:
                    sections = sections + [EXTRA_SECTION]
                bodies = self.bodies(collection, sections)
                (folder / f"{entry_id}.md").write_text("---\n" + "\n".join(fm) + "\n---\n" + bodies["en"], encoding="utf-8")
                (folder / f"{entry_id}.ru.md").write_text(f"---\ntitle: {ru_title}\n---\n" + bodies["ru"], encoding="utf-8")
                files += 2
        return files


def make_project(n: int, seed: int) -> Path:
    """bench/work/kb-<n>/: the project's current settings, schemas, vocabularies, data folders,
    docs, mkdocs.yml and engine, plus n synthetic entries. Everything but the entries is copied
    afresh on every run; the entries are rewritten when the generator or the schemas changed."""
    proj = WORK / f"kb-{n}"
    settings = yaml.safe_load((ROOT / "kb" / "kb.yml").read_text(encoding="utf-8"))
    collections = set(settings.get("collections") or [])
    digest = hashlib.sha256()
    for path in sorted((ROOT / "kb").rglob("*")):
        rel = path.relative_to(ROOT / "kb")
        if path.is_file() and rel.parts[0] not in collections:
            digest.update(str(rel).encode() + b"\0" + path.read_bytes())
    key = f"n={n} seed={seed} generator={GENERATOR_VERSION} kb={digest.hexdigest()}"
    stamp = proj / ".generated"
    fresh = not (stamp.exists() and stamp.read_text() == key)
    if fresh and proj.exists():
        shutil.rmtree(proj)
    proj.mkdir(parents=True, exist_ok=True)
    for name in ("hooks", "docs"):
        shutil.rmtree(proj / name, ignore_errors=True)
        shutil.copytree(ROOT / name, proj / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    shutil.copy(ROOT / "mkdocs.yml", proj / "mkdocs.yml")
    kb = proj / "kb"
    for path in (ROOT / "kb").iterdir():
        if path.name in collections:
            continue
        if path.is_dir():
            shutil.rmtree(kb / path.name, ignore_errors=True)
            shutil.copytree(path, kb / path.name)
        else:
            kb.mkdir(exist_ok=True)
            shutil.copy(path, kb / path.name)
    if fresh:
        vocab = {p.stem: list(yaml.safe_load(p.read_text(encoding="utf-8"))["terms"]) for p in (kb / "vocabularies").glob("*.yml")}
        schemas = {p.name[: -len(".schema.yml")]: yaml.safe_load(p.read_text(encoding="utf-8")) for p in (kb / "schemas").glob("*.schema.yml")}
        Generator(n, vocab, seed).write(kb, schemas)
        stamp.write_text(key)
    return proj


# --- the plain build: the same pages without the engine ------------------------------------

PLAIN_SCRIPT = r"""
import re, sys, shutil, yaml
from pathlib import Path
root = Path(sys.argv[1]); sys.path.insert(0, str(root / "hooks"))
from kb_check import check_kb
from kb_load import load_kb
from kb_render import Renderer
kb = check_kb(load_kb(root))
renderer = Renderer(kb)
docs = root / "plain-docs"
shutil.rmtree(docs, ignore_errors=True)
shutil.copytree(root / "docs", docs)
for page in renderer.pages():
    path = docs / page.uri
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page.markdown, encoding="utf-8")
config = (root / "mkdocs.yml").read_text(encoding="utf-8")
config = config.replace("docs_dir: docs\n", "docs_dir: plain-docs\n")
config = config.replace("hooks:\n  - hooks/kb_hook.py\n", "")
config = config.replace("watch: [kb, hooks]\n", "")
config = re.sub(r"\n  - kb_markdown\b[^\n]*", "", config)  # the engine's Markdown extension: the sanitiser and its checks
assert "hooks/kb_hook.py" not in config and "kb_markdown" not in config and "plain-docs" in config
config += "\n" + yaml.safe_dump({"nav": renderer.nav(kb.default_language)}, allow_unicode=True, sort_keys=False)
(root / "mkdocs-plain.yml").write_text(config, encoding="utf-8")
"""

FLOOR_SCRIPT = r"""
import sys, os, yaml
root = sys.argv[1]
n = 0
for dirpath, dirnames, filenames in os.walk(os.path.join(root, "kb")):
    dirnames.sort()
    for name in sorted(filenames):
        text = open(os.path.join(dirpath, name), "rb").read().decode("utf-8")
        if name.endswith(".md"):
            end = text.find("\n---", 3)
            yaml.load(text[4:end + 1], Loader=yaml.CSafeLoader)
        else:
            yaml.load(text, Loader=yaml.CSafeLoader)
        n += 1
print(n)
"""

PHASES_SCRIPT = r"""
import sys, time, json
from pathlib import Path
root = Path(sys.argv[1]); sys.path.insert(0, str(root / "hooks"))
t = time.perf_counter()
import kb_load, kb_check, kb_render
out = {"import": time.perf_counter() - t}
t = time.perf_counter(); kb = kb_load.load_kb(root); out["read"] = time.perf_counter() - t
t = time.perf_counter(); kb = kb_check.check_kb(kb); out["check"] = time.perf_counter() - t
t = time.perf_counter(); r = kb_render.Renderer(kb); pages = r.pages(); out["render"] = time.perf_counter() - t
t = time.perf_counter(); json.dumps(r.catalog(), ensure_ascii=False, indent=1, sort_keys=True); out["catalog"] = time.perf_counter() - t
out["pages"] = len(pages)
print(json.dumps(out))
"""


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
    return {"site_bytes": total, "html_pages": pages, "largest_bytes": largest[0], "largest_page": largest[1],
            "largest_entry_bytes": largest_entry[0], "largest_entry_page": largest_entry[1],
            "search_bytes": search, "search_method": method}


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

    fixed = sum(sizes("pagefind.js")[:1] + sizes("pagefind-entry.json")[:1] + sizes("wasm.*.pagefind")[:1] + sizes("pagefind.*.pf_meta")[:1])
    chunk = (sizes("index/*.pf_index") or [0])[0]
    filters = (sizes("filter/*.pf_filter") or [0])[0]
    fragments = sum(sizes("fragment/*.pf_fragment")[:5])
    return fixed + chunk + filters + fragments, "Pagefind: entry JS/JSON/WASM/meta + largest index chunk + largest filter + 5 largest fragments"


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
    log = open(proj / "serve.log", "w")
    # The same command as `make serve`: --dirty lets MkDocs rebuild only the pages an edit changed;
    # --no-strict keeps serving while an entry has errors (they are printed).
    server = subprocess.Popen([str(BIN / "mkdocs"), "serve", "--dirty", "--no-strict", "--dev-addr", f"127.0.0.1:{port}"], cwd=proj, env=ENV,
                              stdout=log, stderr=subprocess.STDOUT)
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
        t, out = run([sys.executable, "-m", "kb_cli", "check"], proj, env={**ENV, "PYTHONPATH": str(proj / "hooks")})
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
    print(f"[{n}] site {res['site_bytes'] / 1e6:.0f} MB, largest page {res['largest_page']} {res['largest_bytes'] / 1e3:.0f} KB, "
          f"search {res['search_bytes'] / 1e6:.1f} MB", flush=True)
    return res


# --- report --------------------------------------------------------------------------------------


def machine() -> dict:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        load = os.getloadavg()
    except OSError:
        load = (0, 0, 0)
    return {"cpus": os.cpu_count(), "model": model or platform.processor() or "unknown", "python": platform.python_version(),
            "date": dt.datetime.now().strftime("%Y-%m-%d %H:%M"), "platform": platform.platform(), "load": load}


def mb(b: float) -> str:
    return f"{b / 1e6:.1f} MB"


def kb_(b: float) -> str:
    return f"{b / 1e3:.0f} KB"


def verdict(ok: bool | None) -> str:
    return "—" if ok is None else ("met" if ok else "**missed**")


def write_report(results: list[dict], preview: dict | None, args, elapsed: float, path: Path) -> None:
    m = machine()
    built = [r for r in results if "build_s" in r]
    lines = ["# Benchmark results", "",
             f"Generated by `bench/run.py` (`make bench`) on {m['date']}, sizes {args.sizes}, "
             f"{args.runs} run(s) each{f' ({args.large_runs} for sizes ≥ {args.large_from:,})' if args.large_runs != args.runs else ''}; "
             f"medians; total {elapsed / 60:.1f} min.", "",
             f"Machine: {m['cpus']} CPUs, {m['model']}, Python {m['python']}, {m['platform']}; "
             f"load average at the end {m['load'][0]:.2f}, {m['load'][1]:.2f}, {m['load'][2]:.2f} (shared machine: compare ratios).", "",
             "Synthetic bases: our own schemas, vocabularies and settings; every entry in English and Russian, "
             "front matter with sources, figures, references and aliases, bodies of several sections with links "
             "between entries (a few entries are referenced very often); `kb check` reports 0 errors on each "
             "(about 3% of entries are due for review, which is a warning).", "",
             "## Table", "",
             "| entries | files | kb/ size | kb check | floor (read+YAML) | check/floor | build (engine) | build (plain MkDocs + Pagefind) | engine overhead | build per entry | site | largest page | largest entry page | search: first fetch |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        row = [f"{r['n']:,}", f"{r['files']:,}", mb(r["kb_bytes"]), f"{r['check_s']:.2f} s", f"{r['floor_s']:.2f} s",
               f"{r['check_s'] / r['floor_s']:.2f}×"]
        if "build_s" in r:
            row += [f"{r['build_s']:.1f} s", f"{r['plain_s']:.1f} s ({r['mkdocs_plain_s']:.1f} + {r['pagefind_plain_s']:.1f})", f"{(r['build_s'] / r['plain_s'] - 1) * 100:+.1f}%",
                    f"{r['build_s'] / r['n'] * 1000:.1f} ms", mb(r["site_bytes"]),
                    f"{kb_(r['largest_bytes'])} (`{r['largest_page']}`)", f"{kb_(r['largest_entry_bytes'])}", mb(r["search_bytes"])]
        else:
            row += ["—"] * 8
        lines.append("| " + " | ".join(row) + " |")
    lines += ["", "Engine phases in one process (seconds): read = `load_kb`, check = `check_kb`, render = `Renderer(kb).pages()`, catalog = `catalog.json` data.", "",
              "| entries | import | read | check | render | catalog | generated pages |", "|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        p = r["phases"]
        lines.append(f"| {r['n']:,} | {p['import']:.2f} | {p['read']:.2f} | {p['check']:.2f} | {p['render']:.2f} | {p['catalog']:.2f} | {p['pages']:,} |")
    lines += ["", "Raw runs (seconds):", ""]
    for r in results:
        raw = f"check {fmt_runs(r['check_runs'])}; floor {fmt_runs(r['floor_runs'])}"
        if "build_runs" in r:
            raw += f"; engine build {fmt_runs(r['build_runs'])}; plain build {fmt_runs(r['plain_runs'])}"
            if r.get("pagefind_runs"):
                raw += f"; Pagefind on the plain site {fmt_runs(r['pagefind_runs'])}"
        lines.append(f"- {r['n']:,}: {raw}")
    if preview:
        lines += ["", f"Edit-to-preview under `mkdocs serve` at {preview['n']:,} entries (save `kb/zones/zone-1.md` → "
                      f"the changed page served on 127.0.0.1): median **{preview['median']:.2f} s** over {len(preview['runs'])} edits "
                      f"({fmt_runs(preview['runs'])})."]
    # targets
    largest = max(results, key=lambda r: r["n"])
    base = next((r for r in results if r["n"] == 1000), min(results, key=lambda r: r["n"]))
    lb = max(built, key=lambda r: r["n"]) if built else None
    bb = next((r for r in built if r["n"] == base["n"]), None)
    rows = []
    ratio = largest["check_s"] / largest["floor_s"]
    rows.append((f"`kb check` at {largest['n']:,} ≤ {TARGETS['check_ratio']}× the floor", f"{ratio:.2f}× ({largest['check_s']:.2f} s vs {largest['floor_s']:.2f} s)", ratio <= TARGETS["check_ratio"]))
    if lb:
        worst = max(r["build_s"] / r["plain_s"] - 1 for r in built)
        each = ", ".join(f"{r['build_s'] / r['plain_s'] - 1:+.1%} at {r['n']:,}" for r in built)
        rows.append((f"engine adds ≤ {TARGETS['build_overhead']:.0%} to the plain build at every size", each, worst <= TARGETS["build_overhead"]))
    lin_check = (largest["check_s"] / largest["n"]) / (base["check_s"] / base["n"])
    rows.append((f"linear `kb check`: per-entry cost at {largest['n']:,} ≤ {TARGETS['linear']}× that at {base['n']:,}", f"{lin_check:.2f}×", lin_check <= TARGETS["linear"] if largest is not base else None))
    if lb and bb:
        lin_build = (lb["build_s"] / lb["n"]) / (bb["build_s"] / bb["n"])
        rows.append((f"linear build: per-entry cost at {lb['n']:,} ≤ {TARGETS['linear']}× that at {bb['n']:,}", f"{lin_build:.2f}× ({lb['build_s'] / lb['n'] * 1000:.1f} vs {bb['build_s'] / bb['n'] * 1000:.1f} ms)", lin_build <= TARGETS["linear"] if lb is not bb else None))
        grow = lb["largest_bytes"] / bb["largest_bytes"]
        rows.append(("largest page's HTML independent of the number of entries", f"{kb_(bb['largest_bytes'])} at {bb['n']:,} → {kb_(lb['largest_bytes'])} at {lb['n']:,} ({grow:.1f}×, `{lb['largest_page']}`)", grow <= 1.2 if lb is not bb else None))
        rows.append((f"largest page at {lb['n']:,} ≤ {TARGETS['page_kb']} KB", f"{kb_(lb['largest_bytes'])} (`{lb['largest_page']}`)", lb["largest_bytes"] <= TARGETS["page_kb"] * 1000))
        grow_e = lb["largest_entry_bytes"] / bb["largest_entry_bytes"]
        rows.append(("(entry pages only)", f"{kb_(bb['largest_entry_bytes'])} → {kb_(lb['largest_entry_bytes'])} ({grow_e:.2f}×)", grow_e <= 1.2 if lb is not bb else None))
    if lb:
        rows.append((f"≤ 1 MB fetched for the first search at {lb['n']:,}", f"{mb(lb['search_bytes'])} ({lb['search_method']})", lb["search_bytes"] <= TARGETS["search_bytes"]))
    if preview:
        rows.append((f"edit-to-preview ≤ {TARGETS['preview_s']:.0f} s at {preview['n']:,}", f"{preview['median']:.2f} s", preview["median"] <= TARGETS["preview_s"]))
    lines += ["", "## Targets", "", "| target | measured | |", "|---|---|---|"]
    lines += [f"| {a} | {b} | {verdict(c)} |" for a, b, c in rows]
    lines += ["", "## Method", "",
              "- Each number is the wall time of a separate process (interpreter start and imports included), median of the runs above. "
              "Engine and plain builds run alternately so that load on the shared machine hits both alike.",
              "- Floor: a Python process that reads every file under `kb/`, cuts out the front matter and parses it (and each YAML file) with "
              "`yaml.load(..., Loader=yaml.CSafeLoader)` — the loader class the engine uses — and does nothing else.",
              "- Plain build: the Markdown that `kb_render.Renderer(kb).pages()` generates is written once into `plain-docs/` beside the "
              "hand-written `docs/`, and built with `mkdocs-plain.yml`: `mkdocs.yml` without `hooks:`, with the engine's navigation written "
              "out as `nav:`; same theme, templates, plugins and Markdown extensions but the engine's own (`kb_markdown`, the sanitiser, which the overhead therefore includes). Because the engine's build also runs Pagefind over the site "
              "(`on_post_build`), the plain side's time includes Pagefind run over its own output, so that both sides produce a searchable site.",
              "- Search: " + ("Material's `search/search_index.json` is loaded whole by the search worker before the first result, so its size is what "
              "a reader fetches. When the site has `site/pagefind/`, the script instead sums Pagefind's entry files (pagefind.js, pagefind-entry.json, "
              "the WASM, the meta file), the largest index chunk, the largest filter file and the 5 largest fragments: an upper bound for one query's "
              "downloads without a browser."),
              "- Edit-to-preview: `mkdocs serve` on a free port; the script appends a paragraph with a new marker to `kb/zones/zone-1.md` and polls "
              "`/zones/zone-1/` (under the path of `site_url`) every 20 ms until the marker is in the page (MkDocs' server holds HTML requests until a rebuild has finished).",
              f"- Re-run: `make bench`, or e.g. `.venv/bin/python bench/run.py --sizes 500,1000 --runs 1` for a quick look; "
              "`--help` lists the flags. Synthetic bases are kept in `bench/work/` (git-ignored) and regenerated when the generator changes.", ""]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")
    (path.with_suffix(".json")).write_text(json.dumps({"machine": m, "results": results, "preview": preview}, indent=1), encoding="utf-8")


def fmt_runs(values: list[float]) -> str:
    return ", ".join(f"{v:.2f}" for v in values)


# --- plot --------------------------------------------------------------------------------------


def write_svg(results: list[dict], preview: dict | None, path: Path) -> None:
    """Two panels: wall time against entries, and cost per entry against entries; plain SVG."""
    W, H, P = 920, 400, 60
    series = [("kb check", "check_s", "#1f77b4", False), ("floor (read+YAML)", "floor_s", "#1f77b4", True),
              ("build (engine)", "build_s", "#d62728", False), ("build (plain + Pagefind)", "plain_s", "#d62728", True)]
    xs = [r["n"] for r in results]
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" font-family="sans-serif" font-size="12">',
           f'<rect width="{W}" height="{H}" fill="white"/>']
    panel_w = (W - 3 * P) / 2
    for panel, (title, per_entry) in enumerate([("Wall time, s", False), ("Cost per entry, ms", True)]):
        x0 = P + panel * (panel_w + P)
        y0, y1 = 40, H - 60
        values = []
        for _, key, _, _ in series:
            for r in results:
                if key in r:
                    values.append(r[key] / r["n"] * 1000 if per_entry else r[key])
        vmax = max(values or [1]) * 1.1
        xmax = max(xs) * 1.05

        def px(x: float) -> float:
            return x0 + x / xmax * panel_w

        def py(v: float) -> float:
            return y1 - v / vmax * (y1 - y0)

        out.append(f'<text x="{x0 + panel_w / 2:.0f}" y="24" text-anchor="middle" font-weight="bold">{title}</text>')
        out.append(f'<line x1="{x0}" y1="{y1}" x2="{x0 + panel_w:.0f}" y2="{y1}" stroke="#333"/><line x1="{x0}" y1="{y0}" x2="{x0}" y2="{y1}" stroke="#333"/>')
        for i in range(5):
            v = vmax * i / 4
            out.append(f'<line x1="{x0}" y1="{py(v):.1f}" x2="{x0 + panel_w:.0f}" y2="{py(v):.1f}" stroke="#eee"/>')
            out.append(f'<text x="{x0 - 6}" y="{py(v) + 4:.1f}" text-anchor="end">{v:.3g}</text>')
        for x in xs:
            out.append(f'<text x="{px(x):.1f}" y="{y1 + 16}" text-anchor="middle">{x:,}</text>')
        out.append(f'<text x="{x0 + panel_w / 2:.0f}" y="{y1 + 34}" text-anchor="middle">entries</text>')
        for name, key, color, dashed in series:
            pts = [(px(r["n"]), py(r[key] / r["n"] * 1000 if per_entry else r[key])) for r in results if key in r]
            if not pts:
                continue
            dash = ' stroke-dasharray="6 4"' if dashed else ""
            out.append(f'<polyline fill="none" stroke="{color}" stroke-width="2"{dash} points="' + " ".join(f"{x:.1f},{y:.1f}" for x, y in pts) + '"/>')
            out += [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{color}"/>' for x, y in pts]
    lx = P
    for i, (name, _, color, dashed) in enumerate(series):
        x = lx + i * 200
        dash = ' stroke-dasharray="6 4"' if dashed else ""
        out.append(f'<line x1="{x}" y1="{H - 12}" x2="{x + 30}" y2="{H - 12}" stroke="{color}" stroke-width="2"{dash}/><text x="{x + 36}" y="{H - 8}">{name}</text>')
    if preview:
        out.append(f'<text x="{W - 10}" y="{H - 8}" text-anchor="end">edit-to-preview at {preview["n"]:,}: {preview["median"]:.2f} s</text>')
    out.append("</svg>")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


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
    parser.add_argument("--out", type=Path, default=HERE / "results.md", help="the report; the plot goes beside it as .svg (default: bench/results.md)")
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
