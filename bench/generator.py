"""The synthetic knowledge base: N valid, cross-referenced, bilingual entries in our own schemas,
written with the project's settings, vocabularies, docs and engine to bench/work/kb-<N>/."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import shutil
from pathlib import Path

import yaml

from common import ROOT, WORK

GENERATOR_VERSION = 1  # bump when the synthetic content changes, so that bench/work/ is rewritten


EN_WORDS = [
    "zone",
    "region",
    "investor",
    "resident",
    "infrastructure",
    "customs",
    "regime",
    "tax",
    "benefit",
    "federal",
    "law",
    "decree",
    "managing",
    "company",
    "industrial",
    "park",
    "land",
    "plot",
    "utilities",
    "road",
    "railway",
    "port",
    "airport",
    "power",
    "grid",
    "gas",
    "water",
    "agreement",
    "capital",
    "investment",
    "jobs",
    "revenue",
    "export",
    "import",
    "logistics",
    "warehouse",
    "plant",
    "factory",
    "production",
    "technology",
    "innovation",
    "research",
    "laboratory",
    "university",
    "cluster",
    "programme",
    "team",
    "project",
    "assessment",
    "support",
    "measure",
    "subsidy",
    "loan",
    "guarantee",
    "reimbursement",
    "application",
    "contract",
    "status",
    "requirement",
    "report",
    "ministry",
    "government",
    "fund",
    "corporation",
    "competition",
    "rating",
    "anchor",
    "tenant",
    "supplier",
    "market",
    "demand",
    "growth",
    "budget",
    "payback",
    "risk",
    "lesson",
    "experience",
    "practice",
    "standard",
    "procedure",
    "approval",
    "permit",
    "construction",
    "site",
]
RU_WORDS = [
    "зона",
    "регион",
    "инвестор",
    "резидент",
    "инфраструктура",
    "таможенный",
    "режим",
    "налоговый",
    "льгота",
    "федеральный",
    "закон",
    "постановление",
    "управляющая",
    "компания",
    "индустриальный",
    "парк",
    "земельный",
    "участок",
    "коммунальные",
    "сети",
    "дорога",
    "железная",
    "порт",
    "аэропорт",
    "электросеть",
    "газ",
    "вода",
    "соглашение",
    "капитальные",
    "вложения",
    "рабочие",
    "места",
    "выручка",
    "экспорт",
    "импорт",
    "логистика",
    "склад",
    "завод",
    "производство",
    "технологии",
    "инновации",
    "исследования",
    "лаборатория",
    "университет",
    "кластер",
    "программа",
    "команда",
    "проект",
    "оценка",
    "поддержка",
    "мера",
    "субсидия",
    "заём",
    "гарантия",
    "возмещение",
    "заявка",
    "контракт",
    "статус",
    "требование",
    "отчёт",
    "министерство",
    "правительство",
    "фонд",
    "корпорация",
    "конкурс",
    "рейтинг",
    "якорный",
    "арендатор",
    "поставщик",
    "рынок",
    "спрос",
    "рост",
    "бюджет",
    "окупаемость",
    "риск",
    "урок",
    "опыт",
    "практика",
    "стандарт",
    "порядок",
    "согласование",
    "разрешение",
    "строительство",
    "площадка",
    "налогов",
    "налоговые",
    "инфраструктуры",
    "резидентов",
    "зоны",
    "региона",
    "инвесторов",
]
PLACES = [
    "Kedrovo",
    "Belaya",
    "Rechka",
    "Zarechye",
    "Sosnovka",
    "Lesnoye",
    "Ozyorsk",
    "Kamenka",
    "Ivanovka",
    "Polyany",
    "Yasnaya",
    "Krasny",
    "Bor",
    "Gorki",
    "Dubki",
    "Pokrovka",
    "Uspenka",
    "Svetly",
    "Mirny",
    "Zelenodolsk",
    "Stepnoye",
    "Rodniki",
    "Vyselki",
    "Lugovoye",
    "Borovoe",
]
SECTIONS = {  # required sections come from the schemas; other collections get free sections
    "glossary": [{"en": "Definition", "ru": "Определение"}, {"en": "Usage", "ru": "Употребление"}],
    "programme": [
        {"en": "What it is", "ru": "Что это"},
        {"en": "How to prepare", "ru": "Как подготовить"},
        {"en": "Common mistakes", "ru": "Типичные ошибки"},
    ],
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
        stem = {"sez-types": "type", "regions": "region", "zones": "zone", "measures": "measure", "glossary": "term", "programme": "guide"}[
            collection
        ]
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
        return (
            f"{{en: {self.q(f'Government Decree No. {no} on ' + self.words('en', 5))}, "
            f"ru: {self.q(f'Постановление Правительства РФ № {no} о ' + self.words('ru', 5))}{url}}}"
        )

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
            fm += [
                f"title: {self.q(place)}",
                f"type: {self.popular('sez-types')}",
                f"region: {r.choice(self.vocab['regions'])}",
                f"status: {r.choice(self.vocab['zone-statuses'])}",
                f"established: {self.date(6000, 400)}",
                f"decree: {self.act()}",
                self.figure("area_ha", round(r.uniform(50, 5000), 1), nsrc),
                self.figure("residents", r.randint(1, 120), nsrc, note=r.random() < 0.3),
                self.figure("investment_declared_bn_rub", round(r.uniform(1, 600), 1), nsrc, note=True),
                self.figure("jobs", r.randint(10, 40000), nsrc),
                f"coordinates: [{r.uniform(42, 70):.2f}, {r.uniform(20, 170):.2f}]",
                f"management_company: {{en: {self.q('JSC ' + place + ' SEZ')}, ru: {self.q('АО «ОЭЗ ' + place + '»')}}}",
                f"website: https://zone-{i + 1}.example.ru",
                f"measures: [{', '.join(dict.fromkeys(self.popular('measures') for _ in range(r.randint(2, 6))))}]",
            ]
            fm += self.aliases()
            if r.random() < 0.2:
                fm.append("unconfirmed: [established]")
        elif collection == "measures":
            fm += [
                f"title: {self.q(self.words('en', 3).capitalize() + f' programme {i + 1}')}",
                f"kind: {r.choice(self.vocab['measure-kinds'])}",
                f"provider: {r.choice(self.vocab['providers'])}",
                "legal_basis:",
                *(f"  - {self.act()}" for _ in range(r.randint(1, 3))),
                f"audience: [{', '.join(r.sample(self.vocab['audiences'], r.randint(1, 3)))}]",
                f"zone_types: [{', '.join(dict.fromkeys(self.popular('sez-types') for _ in range(r.randint(1, 4))))}]",
                f"terms_as_of: {self.date(400)[:7]}",
                f"website: https://support.example.ru/measure-{i + 1}",
            ]
            fm += self.aliases()
        elif collection == "sez-types":
            fm += [
                f"title: {self.q(f'Zone type {i + 1}')}",
                f"abbreviation: {{en: T{i + 1}, ru: Т{i + 1}}}",
                "legal_basis:",
                f"  - {self.act()}",
                f"introduced: {self.date(7000, 2000)}",
                f"max_area_km2: {r.randint(5, 400)}",
                f'color: "#{r.randrange(16**6):06x}"',
            ]
            fm += self.aliases()
        elif collection == "regions":
            fm += [
                f"title: {self.q(f'Region {i + 1}')}",
                f"code: {self.vocab['regions'][i]}",
                f"in_stream: {'true' if r.random() < 0.5 else 'false'}",
            ]
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
        schemas = {
            p.name[: -len(".schema.yml")]: yaml.safe_load(p.read_text(encoding="utf-8")) for p in (kb / "schemas").glob("*.schema.yml")
        }
        Generator(n, vocab, seed).write(kb, schemas)
        stamp.write_text(key)
    return proj
