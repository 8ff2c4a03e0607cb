"""`kb init DIR --languages de,en,…`: a new knowledge base that passes `kb check` and
`mkdocs build --strict` as it is written.

It writes kb/kb.yml, one collection (`articles`) with its schema, one entry in every language,
the home pages of docs/ and mkdocs.yml. The new project does not copy the engine: its
mkdocs.yml names this engine's hooks and templates by their absolute paths (the folder this
module is in), so an upgrade of the installed engine is an upgrade of every base made with it;
that includes the reader-side assets (kb.css and the browser modules), which MkDocs copies from
the theme folder. Nothing that exists is overwritten.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import yaml
from babel import Locale, UnknownLocaleError

from kb.read.settings import theme_languages

ENGINE = Path(__file__).resolve().parents[1]  # the package kb/
# The theme folder (Material's custom_dir): the templates, and the reader-side assets MkDocs copies
# to the site as they are: kb.css and the browser modules (assets/kb/, served at assets/kb/).
TEMPLATES = ENGINE / "theme"
BROWSER_ASSETS = TEMPLATES / "assets" / "kb"
# The starter texts of a new base, in each language the engine ships them in (others get English).
W = yaml.safe_load((Path(__file__).with_name("init_words.yml")).read_text(encoding="utf-8"))


def _q(text: str) -> str:
    """A YAML scalar: JSON's quoting is YAML's."""
    return json.dumps(text, ensure_ascii=False)


def _per_language(languages: list[str], text: dict[str, str]) -> str:
    """{de: "…", en: "…"}: the text in each language, English where it has none of its own."""
    return "{" + ", ".join(f"{lang}: {_q(text.get(lang) or text['en'])}" for lang in languages) + "}"


def language_name(lang: str) -> str:
    name = Locale.parse(lang).get_display_name(lang) or lang
    return name[:1].upper() + name[1:]


def render(languages: list[str], today: dt.date | None = None) -> dict[str, str]:
    """The files of a new base: {path relative to the project: text}."""
    today = today or dt.date.today()
    main, others = languages[0], languages[1:]
    t = lambda text: _per_language(languages, text)  # noqa: E731
    names = "{" + ", ".join(f"{lang}: {_q(language_name(lang))}" for lang in languages) + "}"
    files: dict[str, str] = {}
    known = {lang: W["name-endings"][lang] for lang in languages if lang in W["name-endings"]}
    endings = (
        (
            "\n# Word endings search strips from names, so that an inflected name finds its entry.\nname_endings:\n"
            + "".join(f"  {lang}: [{', '.join(known[lang])}]\n" for lang in known)
        )
        if known
        else ""
    )
    files[
        "kb/kb.yml"
    ] = f"""# Settings of this knowledge base (the engine's settings schema: {ENGINE / "read" / "schemas" / "settings.schema.yml"}).
# The first language is the main one: its entry files carry the facts, and its pages are served
# at the site root; every other language is served under /<code>/.
languages: [{", ".join(languages)}]
language_names: {names}

# Collections in the order readers meet them; each has kb/schemas/<name>.schema.yml and kb/<name>/.
collections: [articles]

offline_name: knowledge-base
{endings}
# Words of the interface: the engine ships them in its languages (hooks/kb/read/words.yml); a word
# given here replaces the engine's, and kb check names every word missing in a site language.
labels:
  site-name: {t(W["site-name"])}
  site-description: {t(W["site-description"])}
  search-placeholder: {t(W["search-placeholder"])}
"""

    def desc(text: dict[str, str], indent: int = 4) -> str:
        """x-description: the description in every language but the main one."""
        return f"\n{' ' * indent}x-description: {_per_language(others, text)}" if others else ""

    files["kb/schemas/articles.schema.yml"] = f"""$schema: https://json-schema.org/draft/2020-12/schema
title: articles
description: Articles of the knowledge base, one subject each.{desc(W["collection-description"], 0)}
x-label: {t(W["collection-label"])}
x-intro: {t(W["collection-intro"])}
x-catalog-columns: [title, published, "@summary"]
type: object
additionalProperties: false
required: [title, sources, reviewed]
properties:
  title:
    description: The article's title in the main language.{desc({"en": "The article's title in this language."})}
    x-label: {t(W["title-label"])}
    type: string
    minLength: 1
  published:
    description: The day the subject was first published (YYYY-MM-DD).{desc({"en": "The day the subject was first published (YYYY-MM-DD)."})}
    x-label: {t(W["published-label"])}
    type: string
    format: date
  sources:
    x-role: sources
    description: Where the article's facts come from, each with the day it was read.{desc({"en": "Where the article's facts come from, each with the day it was read."})}
    x-label: {t(W["sources-label"])}
    x-show: false
    type: array
    minItems: 1
    items:
      type: object
      additionalProperties: false
      required: [title, read]
      properties:
        title:
          description: The source's title.{desc({"en": "The source's title."}, 10)}
          type: string
          minLength: 1
        url:
          description: Its web address.{desc({"en": "Its web address."}, 10)}
          type: string
          format: url
        read:
          description: The day it was read (YYYY-MM-DD).{desc({"en": "The day it was read (YYYY-MM-DD)."}, 10)}
          type: string
          format: date
  reviewed:
    description: The day an editor last checked every fact of the article (YYYY-MM-DD).{desc({"en": "The day an editor last checked every fact of the article (YYYY-MM-DD)."})}
    x-label: {t(W["reviewed-label"])}
    x-show: false
    type: string
    format: date
"""
    body, titles = W["first-article-text"], W["first-article-title"]
    files["kb/articles/first-article.md"] = f"""---
title: {_q(titles.get(main, titles["en"]))}
published: 2018-12-05
sources:
  - {{title: "MkDocs", url: "https://www.mkdocs.org/", read: {today.isoformat()}}}
reviewed: {today.isoformat()}
---
{body.get(main, body["en"])}
"""
    for lang in others:
        files[f"kb/articles/first-article.{lang}.md"] = (
            f"---\ntitle: {_q(titles.get(lang, titles['en']))}\n---\n{body.get(lang, body['en'])}\n"
        )
    home = {lang: (W["home-heading"][lang], W["home-text"][lang]) for lang in W["home-heading"]}
    for lang in languages:
        heading, text = home.get(lang, home["en"])
        prefix = "" if lang == main else f"{lang}/"
        files[f"docs/{prefix}index.md"] = f"# {heading}\n\n{text}\n"
    files["mkdocs.yml"] = f"""site_name: Knowledge base
docs_dir: docs
strict: true
watch: [kb]
# The engine, where it is installed: its hook and its templates, by their absolute paths.
hooks:
  - {_q(str(ENGINE / "adapters" / "mkdocs_hook.py"))}
validation:
  nav:
    omitted_files: ignore  # entries are reached through catalogue pages, not the navigation
theme:
  name: material
  custom_dir: {_q(str(TEMPLATES))}
  language: {main if main in (theme_languages() or ()) else "en"}  # the theme's own words; a language it lacks gets English
  font: false
  features: [navigation.indexes, navigation.top, toc.follow]
  palette:  # the reader's light or dark scheme; the switch is named by the labels theme-dark, theme-light
    - media: "(prefers-color-scheme: light)"
      scheme: default
      toggle: {{icon: material/weather-night, name: Dark theme}}
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      toggle: {{icon: material/weather-sunny, name: Light theme}}
extra:
  generator: false
extra_css: [assets/kb/kb.css]  # the engine's, from its templates (custom_dir)
extra_javascript: [{{path: assets/kb/main.js, type: module}}]
markdown_extensions:
  - abbr
  - admonition
  - attr_list
  - def_list
  - md_in_html
  - tables:
      use_align_attribute: true
  - footnotes
  - toc:
      permalink: true
  - pymdownx.details
  - pymdownx.superfences
  - kb.adapters.markdown_ext
"""
    return files


def parse_languages(raw: str) -> tuple[list[str], str | None]:
    """The languages of --languages, or an error message."""
    languages = [part.strip() for part in raw.split(",") if part.strip()]
    if not languages:
        return [], "--languages needs at least one language code, e.g. --languages en or --languages de,en"
    if len(set(languages)) != len(languages):
        return [], "--languages names a language twice"
    for lang in languages:
        try:
            Locale.parse(lang)
        except (UnknownLocaleError, ValueError):
            return [], f"--languages: '{lang}' is not a language code the engine can format dates and numbers in (e.g. de, en, kk)"
    return languages, None
