"""Settings: `kb/kb.yml` checked against the engine's schema and read through one typed object.

First step of loading. The schema (`hooks/schemas/settings.schema.yml`) declares every setting
with its default, and each view kind adds the settings of its own (`kb_views.VIEWS`). A value
that fails is reported with its line and left out, and its default is used instead, so no
broken setting reaches the rest of the engine; `Settings` is what every module reads.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from babel import Locale, UnknownLocaleError

from kb_model import did_you_mean
from kb_rules import LANGUAGE, RULES, Problem, report
from kb_validate import Target, check_value, validator_for
from kb_yaml import read_yaml_file

SCHEMAS = Path(__file__).with_name("schemas")


@functools.lru_cache(maxsize=None)
def engine_schema(name: str) -> dict:
    """One of the engine's own schemas (settings, collection, vocabulary), from hooks/schemas/."""
    return yaml.safe_load((SCHEMAS / f"{name}.schema.yml").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class View:
    """One generated overview page: its kind, address, title and the kind's own settings."""

    kind: str
    path: str
    title: dict[str, str]
    intro: dict[str, str]
    options: dict[str, Any]
    index: int  # its place in kb.yml's views, for messages

    def title_in(self, lang: str) -> str:
        return self.title.get(lang) or next(iter(self.title.values()), self.path)


@dataclass(frozen=True)
class Settings:
    """Every setting of the base, checked; `settings_schema()` holds what each one means."""

    kb_dir: str
    languages: tuple[str, ...]
    language_names: dict[str, str]
    collections: tuple[str, ...]
    review_field: str
    review_months: int
    data_folders: tuple[str, ...]
    catalogue_page_size: int
    page_items_max: int
    views: tuple[View, ...]
    labels: dict[str, dict[str, str]]
    rule_meanings: dict[str, dict[str, str]]
    nav_pages: tuple[dict[str, Any], ...]
    name_folding: dict[str, str]
    offline_name: str
    typography: dict[str, dict[str, Any]] = field(default_factory=dict)
    marks: dict = field(default_factory=dict, compare=False, repr=False)  # kb.yml's positions, for later messages

    def at(self, *where) -> tuple[int, int]:
        """The line and column of a setting in kb.yml (or of its nearest present parent)."""
        from kb_model import locate

        return locate(self.marks, where)

    def label(self, key: str, lang: str) -> str:
        """An interface label in the given language (then the main language, then the key)."""
        labels = self.labels.get(key, {})
        return labels.get(lang) or labels.get(self.languages[0]) or key

    def rule_meaning(self, rule: str, lang: str) -> str:
        """What a rule means, in the given language where kb.yml gives it, else in the engine's."""
        return self.rule_meanings.get(rule, {}).get(lang) or RULES[rule].meaning

    def language_name(self, lang: str) -> str:
        return self.language_names.get(lang, lang)


def settings_schema() -> dict:
    """The schema of kb.yml, with each view kind's settings filled in from the registry."""
    from kb_views import VIEWS

    schema = dict(engine_schema("settings"))
    base = {
        "kind": {"type": "string", "enum": sorted(VIEWS), "description": "What the view shows."},
        "path": {"type": "string", "pattern": "^[a-z0-9]+(?:-[a-z0-9]+)*(?:/[a-z0-9]+(?:-[a-z0-9]+)*)*$",
                 "x-hint": "an address of lowercase words and slashes, e.g. overview/map", "description": "The page's address."},
        "title": {"$ref": "#/$defs/text", "description": "The page's title."},
        "intro": {"$ref": "#/$defs/text", "description": "The text above the view."},
    }
    kinds = [{"if": {"properties": {"kind": {"const": name}}, "required": ["kind"]},
              "then": {"additionalProperties": False, "required": ["path", "title", *kind.required],
                       "properties": {**base, **kind.settings}}}
             for name, kind in VIEWS.items()]
    views = {**schema["properties"]["views"], "items": {"type": "object", "required": ["kind"], "properties": {"kind": base["kind"]}, "allOf": kinds}}
    return {**schema, "properties": {**schema["properties"], "views": views}}


def defaults() -> dict[str, Any]:
    return {name: prop.get("default") for name, prop in engine_schema("settings")["properties"].items()}


# Settings every other step is read by: when one of these fails, entries are not read at all,
# since every one of them would be reported wrongly (a language split into its letters, say).
FUNDAMENTAL = ("languages", "collections")


def load_settings(root: Path, kb_dir: str = "kb") -> tuple[Settings, list[Problem], bool]:
    """kb.yml checked: (settings, problems, fatal). Fatal when a fundamental setting failed."""
    rel = f"{kb_dir}/kb.yml"
    data, marks, problems = read_yaml_file(root, rel)
    if problems and data is None:
        return make_settings({}, kb_dir), problems, True
    if not isinstance(data, dict):  # noqa: SIM102
        problems.append(report("bad-settings", rel, 1, 1, "kb.yml must be a set of 'setting: value' lines"))
        return make_settings({}, kb_dir), problems, True
    checked, found = check_value(validator_for(settings_schema()), data, Target(rel, marks, "kb.yml", "kb.yml"))
    problems += found
    for i, lang in enumerate(checked.get("languages") or []):
        try:
            Locale.parse(lang)
        except (UnknownLocaleError, ValueError):
            problems.append(report("bad-settings", rel, *_at(marks, ("languages", i)), f"languages[{i + 1}] '{lang}' is not a language the engine can format dates and numbers in", ("languages", i)))
            checked.pop("languages", None)
    for i, folder in enumerate(checked.get("data_folders") or []):
        path = root / kb_dir / folder
        if not path.is_dir() or path.is_symlink():
            problems.append(report("bad-settings", rel, *_at(marks, ("data_folders", i)), f"data_folders[{i + 1}] '{folder}' is not a folder of {kb_dir}/", ("data_folders", i)))
    problems += _check_rule_meanings(checked, marks, rel)
    for lang in [lg for lg in checked.get("typography") or {} if "languages" in checked and lg not in checked["languages"]]:
        problems.append(report("bad-settings", rel, *_at(marks, ("typography", lang)),
                               f"typography.{lang}: '{lang}' is not a language of the site{did_you_mean(lang, checked['languages'])}", ("typography", lang)))
        del checked["typography"][lang]
    fatal = any(p.where and p.where[0] in FUNDAMENTAL for p in found) or "languages" not in checked or "collections" not in checked
    return make_settings(checked, kb_dir, marks), problems, fatal


def _check_rule_meanings(checked: dict, marks: dict, rel: str) -> list[Problem]:
    """rule_meanings names registered rules, in languages of the site, and gives every rule in
    every language of the site but the engine's own; what names no rule or language is left out."""
    meanings = checked.get("rule_meanings") or {}
    if "languages" not in checked:  # already reported, and nothing can be said of a language
        return []
    languages = [lang for lang in checked["languages"] if lang != LANGUAGE]
    out: list[Problem] = []
    for rule, texts in list(meanings.items()):
        if rule not in RULES:
            out.append(report("bad-settings", rel, *_at(marks, ("rule_meanings", rule)),
                              f"rule_meanings.{rule}: there is no rule '{rule}'{did_you_mean(rule, RULES)}", ("rule_meanings", rule)))
            del meanings[rule]
            continue
        for lang in [lg for lg in texts if lg not in languages]:
            why = "the engine's own meaning is used" if lang == LANGUAGE else f"'{lang}' is not a language of the site{did_you_mean(lang, languages)}"
            out.append(report("bad-settings", rel, *_at(marks, ("rule_meanings", rule, lang)), f"rule_meanings.{rule}.{lang}: {why}", ("rule_meanings", rule, lang)))
            del texts[lang]
    for lang in languages:
        missing = [rule for rule in RULES if lang not in meanings.get(rule, {})]
        if missing:
            out.append(report("bad-settings", rel, *_at(marks, ("rule_meanings",) if "rule_meanings" in checked else ()),
                              f"rule_meanings has no {lang} meaning for {len(missing)} rule(s): {', '.join(missing[:5])}{', …' if len(missing) > 5 else ''}"))
    return out


def _at(marks: dict, where: tuple) -> tuple[int, int]:
    return marks.get(where, (1, 1))


def make_settings(checked: dict[str, Any], kb_dir: str, marks: dict | None = None) -> Settings:
    """Settings from a checked kb.yml; what it does not give comes from the schema's defaults."""
    values = {**defaults(), **checked}
    views = tuple(
        View(v["kind"], v["path"], v["title"], v.get("intro") or {}, {k: x for k, x in v.items() if k not in ("kind", "path", "title", "intro")}, i)
        for i, v in enumerate(values["views"]) if "kind" in v and "path" in v and "title" in v
    )
    return Settings(
        kb_dir=kb_dir,
        languages=tuple(values["languages"]),
        language_names=dict(values["language_names"]),
        collections=tuple(values["collections"]),
        review_field=values["review_field"],
        review_months=values["review_months"],
        data_folders=tuple(values["data_folders"]),
        catalogue_page_size=values["catalogue_page_size"],
        page_items_max=values["page_items_max"],
        views=views,
        labels=dict(values["labels"]),
        rule_meanings=dict(values["rule_meanings"]),
        nav_pages=tuple(values["nav_pages"]),
        name_folding=dict(values["name_folding"]),
        offline_name=values["offline_name"],
        typography=dict(values["typography"]),
        marks=marks or {},
    )
