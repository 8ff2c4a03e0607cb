"""Settings: `kb/kb.yml` checked against the engine's schema and read through one typed object.

First step of loading. The schema (`hooks/kb/read/schemas/settings.schema.yml`) declares every setting
with its default, and each view kind adds the settings of its own (its schema file, `kb.read.views`). A value
that fails is reported with its line and left out, and its default is used instead, so no
broken setting reaches the rest of the engine; `Settings` is what every module reads.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError

from kb.core.model import Settings, View, did_you_mean
from kb.core.rules import LANGUAGE, MESSAGES, RULES, Message, Problem, report, slots
from kb.read.validate import Target, check_value, validator_for
from kb.read.views import view_specs
from kb.read.yaml_file import load_yaml, read_yaml_file

SCHEMAS = Path(__file__).with_name("schemas")
WORDS = Path(__file__).with_name("words.yml")


@functools.cache
def engine_words() -> dict[str, dict[str, str]]:
    """The engine's interface words, {key: {language: text}}, from hooks/kb/read/words.yml."""
    return load_yaml(WORDS.read_text(encoding="utf-8"))["labels"]


@functools.cache
def theme_languages() -> frozenset[str] | None:
    """The languages the theme (Material) has its own words in, or None where it is not installed."""
    try:
        import material
    except ImportError:
        return None
    folder = Path(material.__file__).parent / "templates" / "partials" / "languages"
    return frozenset(path.stem for path in folder.glob("*.html"))


@functools.cache
def engine_schema(name: str) -> dict:
    """One of the engine's own schemas (settings, collection, vocabulary), from hooks/kb/read/schemas/."""
    return load_yaml((SCHEMAS / f"{name}.schema.yml").read_text(encoding="utf-8"))


def settings_schema() -> dict:
    """The schema of kb.yml, with each view kind's settings filled in from the registry."""
    schema = dict(engine_schema("settings"))
    base = {
        "kind": {"type": "string", "enum": sorted(view_specs()), "description": "What the view shows."},
        "path": {
            "type": "string",
            "pattern": "^[a-z0-9]+(?:-[a-z0-9]+)*(?:/[a-z0-9]+(?:-[a-z0-9]+)*)*$",
            "x-hint": "an address of lowercase words and slashes, e.g. overview/map",
            "description": "The page's address.",
        },
        "title": {"$ref": "#/$defs/text", "description": "The page's title."},
        "intro": {"$ref": "#/$defs/text", "description": "The text above the view."},
    }
    kinds = [
        {
            "if": {"properties": {"kind": {"const": name}}, "required": ["kind"]},
            "then": {
                "additionalProperties": False,
                "required": ["path", "title", *spec.required],
                "properties": {**base, **spec.properties},
            },
        }
        for name, spec in view_specs().items()
    ]
    views = {
        **schema["properties"]["views"],
        "items": {"type": "object", "required": ["kind"], "properties": {"kind": base["kind"]}, "allOf": kinds},
    }
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
    if not isinstance(data, dict):
        problems.append(report("bad-settings", rel, 1, 1, Message("bad-settings")))
        return make_settings({}, kb_dir), problems, True
    checked, found = check_value(validator_for(settings_schema()), data, Target(rel, marks, "kb.yml", "kb.yml"))
    problems += found
    for i, lang in enumerate(checked.get("languages") or []):
        try:
            Locale.parse(lang)
        except (UnknownLocaleError, ValueError):
            problems.append(
                report(
                    "bad-settings",
                    rel,
                    *_at(marks, ("languages", i)),
                    Message("bad-settings.language", n=i + 1, lang=lang),
                    ("languages", i),
                )
            )
            checked.pop("languages", None)
    for i, folder in enumerate(checked.get("data_folders") or []):
        path = root / kb_dir / folder
        if not path.is_dir() or path.is_symlink():
            problems.append(
                report(
                    "bad-settings",
                    rel,
                    *_at(marks, ("data_folders", i)),
                    Message("bad-settings.data-folder", n=i + 1, folder=folder, kb=kb_dir),
                    ("data_folders", i),
                )
            )
    problems += _check_labels(checked, marks, rel)
    problems += _check_engine_words(checked, marks, rel, "rule_meanings", {rule: r.meaning for rule, r in RULES.items()})
    problems += _check_engine_words(checked, marks, rel, "rule_messages", MESSAGES)
    for lang in [lg for lg in checked.get("terms") or {} if "languages" in checked and lg not in checked["languages"]]:
        problems.append(
            report(
                "bad-settings",
                rel,
                *_at(marks, ("terms", lang)),
                f"terms.{lang}: '{lang}' is not a language of the site{did_you_mean(lang, checked['languages'])}",
                ("terms", lang),
            )
        )
        del checked["terms"][lang]
    for setting in ("typography", "name_endings"):
        for lang in [lg for lg in checked.get(setting) or {} if "languages" in checked and lg not in checked["languages"]]:
            problems.append(
                report(
                    "bad-settings",
                    rel,
                    *_at(marks, (setting, lang)),
                    f"{setting}.{lang}: '{lang}' is not a language of the site{did_you_mean(lang, checked['languages'])}",
                    (setting, lang),
                )
            )
            del checked[setting][lang]
    fatal = any(p.where and p.where[0] in FUNDAMENTAL for p in found) or "languages" not in checked or "collections" not in checked
    return make_settings(checked, kb_dir, marks), problems, fatal


# Where the editor's language is read from, in order, when `kb check --lang` does not give it.
LANGUAGE_VARIABLES = ("KB_LANG", "LC_ALL", "LC_MESSAGES", "LANG")


def editor_language(settings: Settings, asked: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The language `kb check` and the preview speak: the one asked for, else the first of
    LANGUAGE_VARIABLES that is set (ru, ru_RU.UTF-8 and ru-RU all give ru) when the site has that
    language, else the site's main language (C, POSIX and languages the site lacks included)."""
    if asked in settings.languages:
        return asked
    environ = os.environ if environ is None else environ
    for name in LANGUAGE_VARIABLES:
        value = environ.get(name, "")
        if value:
            lang = re.split(r"[_.@-]", value, maxsplit=1)[0].lower()
            return lang if lang in settings.languages else settings.languages[0]
    return settings.languages[0]


def _check_engine_words(checked: dict, marks: dict, rel: str, setting: str, known: dict[str, str]) -> list[Problem]:
    """rule_meanings and rule_messages: the engine's words in the other languages of the site.
    Each names a rule or message the engine has, in a language of the site, with the same
    {names} as the engine's text, and every one is given in every such language; what names no
    rule, message or language, or fills in names the engine's text has not, is left out."""
    given = checked.get(setting) or {}
    if "languages" not in checked:  # already reported, and nothing can be said of a language
        return []
    languages = [lang for lang in checked["languages"] if lang != LANGUAGE]
    out: list[Problem] = []
    form = "no-rule" if setting == "rule_meanings" else "no-message"
    for key, texts in list(given.items()):
        if key not in known:
            out.append(
                report(
                    "bad-settings",
                    rel,
                    *_at(marks, (setting, key)),
                    Message(f"bad-settings.{form}", setting=setting, rule=key, key=key, suggest=did_you_mean(key, known)),
                    (setting, key),
                )
            )
            del given[key]
            continue
        for lang in list(texts):
            where = (setting, key, lang)
            if lang not in languages:
                why = "engine-language" if lang == LANGUAGE else "not-a-language"
                out.append(
                    report(
                        "bad-settings",
                        rel,
                        *_at(marks, where),
                        Message(f"bad-settings.{why}", setting=setting, key=key, lang=lang, suggest=did_you_mean(lang, languages)),
                        where,
                    )
                )
                del texts[lang]
            elif not slots(texts[lang]) <= slots(known[key]):
                names = ", ".join(f"{{{name}}}" for name in sorted(slots(known[key]))) or "—"
                out.append(
                    report(
                        "bad-settings",
                        rel,
                        *_at(marks, where),
                        Message("bad-settings.placeholders", key=key, lang=lang, names=names),
                        where,
                    )
                )
                del texts[lang]
    for lang in languages:
        missing = [key for key in known if lang not in given.get(key, {})]
        if missing and len(missing) < len(known):  # a language given none at all is spoken in the engine's English
            shown = ", ".join(missing[:5]) + (", …" if len(missing) > 5 else "")
            kind = "missing-meanings" if setting == "rule_meanings" else "missing-messages"
            out.append(
                report(
                    "bad-settings",
                    rel,
                    *_at(marks, (setting,) if setting in checked else ()),
                    Message(f"bad-settings.{kind}", lang=lang, n=len(missing), rules=shown, keys=shown),
                )
            )
    return out


def _check_labels(checked: dict, marks: dict, rel: str) -> list[Problem]:
    """Every interface word in every language of the site: a word kb.yml gives without one of
    them is reported at its line; the engine's words a language lacks, and a language the theme
    has no words in, at the language's line. The pages show such words in English."""
    if "languages" not in checked:
        return []
    given = checked.get("labels") or {}
    engine = engine_words()
    out: list[Problem] = []
    for key, texts in given.items():
        missing = [lang for lang in checked["languages"] if lang not in texts and lang not in engine.get(key, {})]
        if missing:
            out.append(
                report(
                    "untranslated",
                    rel,
                    *_at(marks, ("labels", key)),
                    Message("untranslated", key=key, languages=", ".join(missing)),
                    ("labels", key),
                )
            )
    theme = theme_languages()
    for i, lang in enumerate(checked["languages"]):
        lacking = [key for key in engine if lang not in engine[key] and lang not in given.get(key, {})]
        if lacking:
            shown = ", ".join(lacking[:5]) + (", …" if len(lacking) > 5 else "")
            out.append(
                report(
                    "untranslated",
                    rel,
                    *_at(marks, ("languages", i)),
                    Message("untranslated.words", lang=lang, n=len(lacking), keys=shown),
                    ("languages", i),
                )
            )
        if theme is not None and lang not in theme:
            out.append(
                report("untranslated", rel, *_at(marks, ("languages", i)), Message("untranslated.theme", lang=lang), ("languages", i))
            )
    return out


def _at(marks: dict, where: tuple) -> tuple[int, int]:
    return marks.get(where, (1, 1))


def make_settings(checked: dict[str, Any], kb_dir: str, marks: dict | None = None) -> Settings:
    """Settings from a checked kb.yml; what it does not give comes from the schema's defaults."""
    values = {**defaults(), **checked}
    views = tuple(
        View(
            v["kind"],
            v["path"],
            v["title"],
            v.get("intro") or {},
            {k: x for k, x in v.items() if k not in ("kind", "path", "title", "intro")},
            i,
        )
        for i, v in enumerate(values["views"])
        if "kind" in v and "path" in v and "title" in v
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
        labels={key: {**engine_words().get(key, {}), **values["labels"].get(key, {})} for key in {**engine_words(), **values["labels"]}},
        rule_meanings=dict(values["rule_meanings"]),
        rule_messages=dict(values["rule_messages"]),
        nav_pages=tuple(values["nav_pages"]),
        name_folding=dict(values["name_folding"]),
        offline_name=values["offline_name"],
        name_endings={lang: tuple(endings) for lang, endings in values["name_endings"].items()},
        terms={lang: tuple((t["use"], tuple(t["not"])) for t in terms) for lang, terms in values["terms"].items()},
        typography=dict(values["typography"]),
        marks=marks or {},
    )
