"""The MkDocs adapter: wires the engine's steps into MkDocs' build events, and nothing more.

Registered under `hooks:` in mkdocs.yml. Reading, checking and rendering live in plain
modules beside this file (`kb.read.entries`, `kb.check.entries`, `kb.render.renderer`) that know nothing of MkDocs, so
`kb check`, the tests and any other site generator can call them directly.

ProperDocs, the maintained fork of MkDocs 1.6, runs this module unchanged: its `properdocs`
command answers every `import mkdocs.*` with its own module of that name (see
docs/maintainers/engine-upgrade.md; tests/test_second_engine.py compares the two builds).

Hook modules are not re-imported between `mkdocs serve` rebuilds, so the state of one build
lives in one `Build`, made anew in `on_config`; what lasts for as long as the process runs (the
`BuildCache` that lets a rebuild reuse what an edit did not change, the site folder's lock)
lives in one `Process`. What may be in docs/ is `kb.check.docs`'s to say, and the search
markup of a page `kb.pages.search`'s.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from dataclasses import dataclass, field
from html import escape as html_escape
from pathlib import Path
from typing import IO, Any

from babel import Locale
from babel.core import get_global
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import (
    Link,
    Navigation,
    Section,
    _add_parent_links,
    _add_previous_and_next_links,
    _data_to_navigation,
    _get_by_type,
)
from mkdocs.structure.pages import Page
from mkdocs.utils import clean_directory

from kb.check.docs import not_belonging
from kb.check.entries import check_kb
from kb.core.model import BuildCache, KnowledgeBase, paused_gc
from kb.pages.entry_pages import PAGE_LABELS, search_settings
from kb.pages.search import attribute_json, mark_for_search
from kb.pages.site import page_url
from kb.pages.typography import Typographer, typographer
from kb.publish.output import PublishError, offline_enabled, offline_zip, write_site_files
from kb.read.load import load_kb
from kb.read.settings import editor_language, theme_languages
from kb.render.renderer import Renderer, compact_html

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: builds there are not locked
    fcntl = None  # type: ignore[assignment]

log = get_plugin_logger("kb")


@dataclass
class Process:
    """What lasts for as long as this MkDocs process runs, across `mkdocs serve` rebuilds."""

    command: str = ""  # what MkDocs was started for: "build", "serve", "gh-deploy"
    cache: BuildCache = field(default_factory=BuildCache)
    lock: IO[str] | None = None  # the site folder's lock, held from on_pre_build to the end of the build
    fingerprint: bytes | None = None  # what every page shares, as of the previous build (serve only)


@dataclass
class Build:
    """One build: where the project is, the checked base and its renderer (once on_files has
    run), and what is made once per language and shared by the pages."""

    root: Path
    kb: KnowledgeBase | None = None
    renderer: Renderer | None = None
    navs: dict[str, Navigation] = field(default_factory=dict)  # language -> its navigation
    files: Files | None = None  # the final file list (on_env), for language links
    page_context: dict[str, dict[str, Any]] = field(default_factory=dict)  # language -> what every page of it gets
    search_settings: dict[str, Any] = field(default_factory=dict)  # language -> the search box's settings
    typographers: dict[str, tuple[Typographer, str]] = field(default_factory=dict)  # language -> (typographer, permalink title)


_process = Process()
_build: Build | None = None


def on_startup(command: str, dirty: bool) -> None:
    """Once per process: note whether MkDocs builds once or serves with rebuilds on every save."""
    global _process
    _process = Process(command=command)


def serving() -> bool:
    return _process.command == "serve"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Before anything is read: forget the previous build and note where the project is."""
    global _build
    _build = Build(Path(config.config_file_path).resolve().parent)
    return config


def _current() -> Build:
    """The build under way (on_config has run)."""
    assert _build is not None, "on_config has not run"
    return _build


def _rendered() -> tuple[KnowledgeBase, Renderer]:
    """The checked base and its renderer: the events after on_files need them."""
    build = _current()
    assert build.kb is not None and build.renderer is not None, "on_files has not run"
    return build.kb, build.renderer


# Held by the build writing the site folder, from before MkDocs empties it until the search index
# is written. MkDocs leaves hidden files in place when it empties the folder.
SITE_LOCK = ".kb-build.lock"


def on_pre_build(config: MkDocsConfig) -> None:
    """Before MkDocs empties the site folder: it must be a folder this build can write in full,
    and no other build may be writing it; else stop with a message and delete nothing."""
    if serving():
        return  # `mkdocs serve` builds into a temporary folder of its own
    site = Path(config.site_dir)
    problem = site_folder_problem(site)
    if problem:
        raise PluginError(f"kb: {problem}; nothing was deleted")
    site.mkdir(parents=True, exist_ok=True)
    if fcntl is None:
        return
    handle = open(site / SITE_LOCK, "w")  # noqa: SIM115  (held, and so the lock, until the build ends)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        raise PluginError(
            f"kb: another build is writing to {site} now; nothing was deleted; wait for it to finish, "
            "or build into another folder with --site-dir"
        ) from None
    _process.lock = handle


def site_folder_problem(site: Path) -> str | None:
    """Why the build could not empty and rewrite `site`, or None. Every folder in it is looked at
    before anything is deleted: MkDocs would empty the writable ones and then fail on the first
    it cannot, leaving half a site."""
    if os.path.lexists(site) and not site.is_dir():
        return f"the site folder {site} is a file, not a folder; move it away or build into another folder with --site-dir"
    if not site.exists():
        parent = next((p for p in site.parents if p.exists()), site.anchor)
        return None if os.access(parent, os.W_OK | os.X_OK) else f"the site folder {site} cannot be made: {parent} is read-only"
    for folder, _, _ in os.walk(site):
        if not os.access(folder, os.W_OK | os.X_OK):
            return f"{folder} cannot be written to (it is read-only); make it writable or build into another folder with --site-dir"
    return None


def _release_site() -> None:
    handle, _process.lock = _process.lock, None
    if handle is not None:
        Path(handle.name).unlink(missing_ok=True)
        handle.close()


def on_build_error(error: Exception) -> None:
    _release_site()


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Read and check `kb/`, report every problem, and add the generated pages to the site.

    Errors are logged as errors, so `mkdocs build --strict` fails on them; warnings are only
    shown, as `kb check` shows them, and do not fail the build.
    """
    with paused_gc():
        return _add_pages(files, config)


def _add_pages(files: Files, config: MkDocsConfig) -> Files:
    build, cache = _current(), _process.cache
    kb = check_kb(load_kb(build.root, cache=cache), cache=cache)
    problems = kb.problems
    lang = editor_language(kb.settings)  # KB_LANG, LC_ALL, LC_MESSAGES or LANG, as kb check
    for problem in problems:
        (log.error if problem.severity == "error" else log.info)(problem.format(lang, kb.settings.rule_messages))
    renderer = Renderer(kb, cache=cache)
    written = {file.src_uri: file for file in files if file.generated_by is None}
    for src_uri, message in list(not_belonging(Path(config.docs_dir), [(uri, Path(f.abs_src_path or "")) for uri, f in written.items()])):
        log.error(f"{Path(config.docs_dir).name}/{src_uri}: {message}")
        files.remove(written[src_uri])
    for file in files.documentation_pages():
        file.edit_uri = f"{Path(config.docs_dir).name}/{file.src_uri}"
    pages_dir = build.root / ".cache" / "kb-pages" if serving() else None
    for page in renderer.pages():
        if files.get_file_from_path(page.uri) is not None:
            raise PluginError(f"kb: a file in {config.docs_dir} has the same address as a generated page: {page.uri}")
        if pages_dir is None:
            file = File.generated(config, page.uri, content=page.markdown)
        else:
            file = File.generated(config, page.uri, abs_src_path=str(_cached_page(pages_dir, page.uri, page.markdown)))
        file.edit_uri = page.edit_path
        files.append(file)
    config.nav = renderer.nav(kb.default_language)
    if serving():
        _clean_if_chrome_changed(renderer, files, config)
    build.kb, build.renderer = kb, renderer
    return files


def _clean_if_chrome_changed(renderer: Renderer, files: Files, config: MkDocsConfig) -> None:
    """Under `mkdocs serve --dirty`, MkDocs rebuilds only the pages whose source changed. A page's
    HTML also reads what every page shares: the settings and interface words, each language's
    navigation (titles, order, which pages exist), the hand-written pages and assets of docs/,
    the templates and mkdocs.yml. When their fingerprint differs from the previous build's, the
    site folder is emptied, so that every page is built again (and a page whose source is gone
    is gone from the preview too); otherwise only the pages whose Markdown changed are."""
    digest = hashlib.blake2b(digest_size=16)
    for lang in renderer.kb.languages:
        digest.update(json.dumps([renderer.nav(lang), renderer.kb.settings.labels], sort_keys=True, default=str).encode())
    digest.update(repr(renderer.kb.settings).encode())
    templates = Path(config.theme.custom_dir) if config.theme.custom_dir else None
    shared = [Path(config.config_file_path), *(sorted(templates.rglob("*")) if templates else [])]
    docs = Path(config.docs_dir).resolve()
    for file in sorted(files, key=lambda f: f.src_uri):
        digest.update(file.src_uri.encode() + b"\0")
        if file.generated_by is None and file.abs_src_path and docs in Path(file.abs_src_path).resolve().parents:
            shared.append(Path(file.abs_src_path))
    for path in shared:
        if path.is_file():
            digest.update(path.read_bytes())
    fingerprint = digest.digest()
    if _process.fingerprint not in (None, fingerprint):
        clean_directory(config.site_dir)
    _process.fingerprint = fingerprint


def _cached_page(cache: Path, uri: str, markdown: str) -> Path:
    """Under `mkdocs serve`, a generated page is a file that is rewritten only when its text
    changes: with --dirty, MkDocs then rebuilds only the pages an edit changed (an in-memory
    page counts as changed on every rebuild)."""
    path = cache / uri
    data = markdown.encode("utf-8")
    try:
        if path.read_bytes() == data:
            return path
    except OSError:
        path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    """Build the navigation of every other language from the same pages MkDocs made."""
    kb, renderer = _rendered()
    navs = _current().navs
    navs[kb.default_language] = nav
    for lang in kb.languages[1:]:
        data = renderer.nav(lang)
        items = _titled(data, _data_to_navigation(data, files, config), lang, renderer.layout)
        pages = _get_by_type(items, Page)
        _add_parent_links(items)
        _add_previous_and_next_links(pages)
        lang_nav = Navigation(items, pages)
        home = files.get_file_from_path(f"{lang}/index.md")
        lang_nav.homepage = home.page if home else None
        navs[lang] = lang_nav
    return nav


def _titled(data: list, items: list, lang: str, layout) -> list:
    """One language's navigation items with the titles its nav gives. MkDocs made each page
    of that language untitled (only the main navigation names pages), so it would take the
    page's heading; a page of another language (a hand-written page of docs/) keeps the title
    of its own language's navigation, so here it is a link under this language's title."""
    out = []
    for entry, item in zip(data, items):
        ((title, value),) = entry.items()
        if isinstance(item, Section):
            item.children = _titled(value, item.children, lang, layout)
        elif isinstance(item, Page) and layout.language_of(item.file.src_uri)[0] == lang:
            item.title = title
        elif isinstance(item, Page):
            item = Link(title, page_url(item.file.src_uri))
        out.append(item)
    return out


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    """Give each page the navigation, interface language and labels of its language, its translations,
    and whether it offers a link to report an error."""
    build = _current()
    kb, renderer = _rendered()
    layout = renderer.layout
    lang, bare = layout.language_of(page.file.src_uri)
    context["nav"] = build.navs.get(lang, nav)
    context["kb_lang"] = lang
    context["kb_theme_lang"] = theme_language(lang)
    alternates = []
    for other in kb.languages:
        other_prefix = layout.prefix(other)
        same = _find(f"{other_prefix}{bare}")
        target = same or _find(layout.home(other))
        alternates.append(
            {
                "lang": other,
                "name": kb.settings.language_name(other),
                "url": target.url if target else other_prefix,
                "current": other == lang,
                "translation": same is not None,
                "locale": _locale(other),
            }
        )
    context["kb_alternates"] = alternates
    context["kb_locale"] = _locale(lang)
    context["kb_description"] = kb.label("site-description", lang)
    # What is the same for every page of a language (labels, the search box, the site's name, the
    # offline copy) is made once per build (on_config makes a new Build), then given to each page.
    shared = build.page_context
    if lang not in shared:
        shared[lang] = {
            "kb_labels": {key: kb.label(key, lang) for key in kb.settings.labels},
            "kb_ui": {key: kb.label(key, lang) for key in PAGE_LABELS},
        }
        search = _find(layout.search(lang))
        if search is not None:
            _search_context(shared[lang], lang, search.url)
        shared[lang]["kb_site_name"] = kb.label("site-name", lang)
        if offline_enabled():
            shared[lang]["kb_offline_url"] = offline_zip(renderer)
            shared[lang]["kb_offline_label"] = kb.label("offline", lang)
    context.update(shared[lang])
    # "Report an error on this page" (templates/main.html) goes where a fact can be wrong: on
    # entry pages and hand-written pages, not on catalogues, overviews or editors' pages.
    collection, _, entry_id = bare[:-3].partition("/")
    is_entry = kb.entry((collection, entry_id)) is not None
    context["kb_report"] = is_entry or page.file.generated_by is None
    context["kb_is_home"] = bare == "index.md"
    return context


def theme_language(lang: str) -> str:
    """The language of the theme's own words on a page in `lang`: the theme's English where it has
    no words in that language (kb check warns of it, rule untranslated)."""
    known = theme_languages()
    return lang if known is None or lang in known else "en"


@functools.cache
def _locale(lang: str) -> str:
    """A language's most likely locale, as Open Graph names it: ru → ru_RU, en → en_US."""
    likely = Locale.parse(get_global("likely_subtags").get(lang, lang))
    return f"{likely.language}_{likely.territory}" if likely.territory else likely.language


def _search_context(context: dict, lang: str, url: str) -> None:
    """The header's search box: where it leads and what search-box.js needs to show results as one types."""
    kb, renderer = _rendered()
    context["kb_search_url"] = url
    context["kb_search_label"] = kb.label("search", lang)
    context["kb_search_placeholder"] = kb.label("search-placeholder", lang)
    # The same for every page of a language: made once per build (on_config makes a new Build).
    settings = _current().search_settings
    if lang not in settings:
        settings[lang] = attribute_json(search_settings(kb, renderer.layout, lang))
    context["kb_search_data"] = settings[lang]


def on_template_context(context: dict, template_name: str, config: MkDocsConfig) -> dict:
    """The 404 page is one file for every language: it carries each language's words, search
    and home page, and place.js shows the reader's (by the address asked for, else the browser's)."""
    if template_name != "404.html" or _build is None or _build.renderer is None:
        return context
    kb, renderer = _rendered()
    layout = renderer.layout
    lang = kb.default_language
    context["kb_lang"] = lang
    context["kb_theme_lang"] = theme_language(lang)
    context["kb_site_name"] = kb.label("site-name", lang)
    context["kb_ui"] = {key: kb.label(key, lang) for key in PAGE_LABELS}
    context["kb_labels"] = {key: kb.label(key, lang) for key in kb.settings.labels}
    context["kb_description"] = kb.label("site-description", lang)
    _search_context(context, lang, page_url(layout.search(lang)))
    context["kb_alternates"] = [
        {"lang": other, "name": kb.settings.language_name(other), "url": layout.prefix(other), "current": other == lang}
        for other in kb.languages
    ]
    context["kb_not_found"] = [
        {
            "lang": other,
            "prefix": layout.prefix(other),
            "home_url": layout.prefix(other),
            "search_url": page_url(layout.search(other)),
            "settings": search_settings(kb, layout, other),
            **{
                key.replace("-", "_"): kb.label(key, other)
                for key in ("site-name", "not-found", "not-found-text", "home", "search", "search-placeholder")
            },
        }
        for other in kb.languages
    ]
    return context


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """The page's typography in its language (kb.pages.typography), and its headings' "Permanent link"
    in its words. Not the engine reference (docs/api/), which is code and English."""
    if _build is None or _build.renderer is None or page.file.src_uri.startswith("api/"):
        return html
    kb, renderer = _rendered()
    lang = renderer.layout.language_of(page.file.src_uri)[0]
    made = _build.typographers  # once per language and build
    if lang not in made:
        made[lang] = (typographer(lang, kb.settings.typography.get(lang) or {}), 'title="' + html_escape(kb.label("permalink", lang)) + '"')
    typo, permalink = made[lang]
    return typo.html(html).replace('title="Permanent link"', permalink)


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Leave out the templates' blank lines and indentation (kb_render.compact_html); mark the article of every page readers search as the part the search index holds
    (entries, catalogues, overviews and hand-written pages; not the editors' pages or search)."""
    if _build is None or _build.renderer is None:
        return output
    output = compact_html(output)
    if not _build.renderer.layout.is_searched(page.file.src_uri):
        return output
    return mark_for_search(output)


def _find(uri: str) -> File | None:
    files = _current().files
    return files.get_file_from_path(uri) if files is not None else None


def on_env(env, config: MkDocsConfig, files: Files):
    """Keep the final file list for language links."""
    _current().files = files
    return env


def on_post_build(config: MkDocsConfig) -> None:
    """Write the files that sit beside the pages: catalog.json, the names index, the search
    index and, when asked for, the offline copy (see kb.publish.output); then let other builds in."""
    try:
        _write_site_files(config)
    finally:
        _release_site()


def _write_site_files(config: MkDocsConfig) -> None:
    renderer = _build.renderer if _build is not None else None
    if renderer is None:
        return
    # Under `mkdocs serve`, the search index is made when the site folder has none: at start and
    # after a change that rebuilds every page (see _clean_if_chrome_changed); a preview after a
    # change to one entry's text should not wait for it. The other files are written every time.
    site = Path(config.site_dir)
    search = not (serving() and (site / "pagefind" / "pagefind-entry.json").exists())
    try:
        write_site_files(renderer, site, offline=offline_enabled(), site_url=config.site_url or "", search=search)
    except PublishError as err:
        raise PluginError(f"kb: {err}") from None
