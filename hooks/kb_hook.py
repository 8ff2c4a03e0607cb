"""The MkDocs adapter: wires the engine's steps into MkDocs' build events, and nothing more.

Registered under `hooks:` in mkdocs.yml. Reading, checking and rendering live in plain
modules beside this file (`kb_read`, `kb_check`, `kb_render`) that know nothing of MkDocs, so
`kb check`, the tests and any other site generator can call them directly.

Hook modules are not re-imported between `mkdocs serve` rebuilds, so all state lives in
`_state` and is reset in `on_config`.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, _add_parent_links, _add_previous_and_next_links, _data_to_navigation, _get_by_type
from mkdocs.structure.pages import Page

from kb_check import check_kb
from kb_read import load_kb
from kb_render import Renderer, chunk_file

log = get_plugin_logger("kb")
_state: dict[str, Any] = {}


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Before anything is read: forget the previous build and note where the project is."""
    _state.clear()
    _state["root"] = Path(config.config_file_path).resolve().parent
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Read and check `kb/`, report every problem, and add the generated pages to the site.

    Errors are logged as errors, so `mkdocs build --strict` fails on them; warnings are only
    shown, as `kb check` shows them, and do not fail the build.
    """
    kb = load_kb(_state["root"])
    problems = check_kb(kb)
    for problem in problems:
        (log.error if problem.severity == "error" else log.info)(problem.format())
    renderer = Renderer(kb)
    for file in files.documentation_pages():
        file.edit_uri = f"{Path(config.docs_dir).name}/{file.src_uri}"
    for page in renderer.pages():
        if files.get_file_from_path(page.uri) is not None:
            raise PluginError(f"kb: a file in {config.docs_dir} has the same address as a generated page: {page.uri}")
        file = File.generated(config, page.uri, content=page.markdown)
        file.edit_uri = page.edit_path
        files.append(file)
    config.nav = renderer.nav(kb.default_language)
    _state.update(kb=kb, renderer=renderer, errors=sum(p.severity == "error" for p in problems))
    return files


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    """Build the navigation of every other language from the same pages MkDocs made."""
    kb, renderer = _state["kb"], _state["renderer"]
    _state["navs"] = {kb.default_language: nav}
    for lang in kb.languages[1:]:
        items = _data_to_navigation(renderer.nav(lang), files, config)
        pages = _get_by_type(items, Page)
        _add_parent_links(items)
        _add_previous_and_next_links(pages)
        lang_nav = Navigation(items, pages)
        home = files.get_file_from_path(f"{lang}/index.md")
        lang_nav.homepage = home.page if home else None
        _state["navs"][lang] = lang_nav
    return nav


def page_language(src_uri: str) -> str:
    first = src_uri.split("/", 1)[0]
    kb = _state["kb"]
    return first if first in kb.languages[1:] else kb.default_language


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    """Give each page the navigation, interface language and labels of its language, its translations,
    and whether it offers a link to report an error."""
    kb = _state["kb"]
    lang = page_language(page.file.src_uri)
    context["nav"] = _state["navs"].get(lang, nav)
    context["kb_lang"] = lang
    bare = page.file.src_uri[len(lang) + 1 :] if lang != kb.default_language else page.file.src_uri
    alternates = []
    for other in kb.languages:
        other_prefix = "" if other == kb.default_language else f"{other}/"
        target = _find(config, f"{other_prefix}{bare}") or _find(config, f"{other_prefix}index.md")
        names = kb.settings.get("language_names", {})
        alternates.append({"lang": other, "name": names.get(other, other), "url": target.url if target else other_prefix, "current": other == lang})
    context["kb_alternates"] = alternates
    context["kb_labels"] = {key: kb.label(key, lang) for key in kb.settings.get("labels") or {}}
    # "Report an error on this page" (templates/main.html) goes where a fact can be wrong: on
    # entry pages and hand-written pages, not on catalogues, overviews or editors' pages.
    collection, _, entry_id = bare[:-3].partition("/")
    is_entry = entry_id in getattr(kb.collections.get(collection), "entries", {})
    context["kb_report"] = is_entry or page.file.generated_by is None
    prefix = "" if lang == kb.default_language else f"{lang}/"
    search = _find(config, f"{prefix}search.md")
    if search is not None:
        context["kb_search_url"] = search.url
        context["kb_search_label"] = kb.label("search", lang)
        context["kb_search_placeholder"] = kb.label("search-placeholder", lang)
    context["kb_site_name"] = kb.label("site-name", lang)
    if _offline_enabled():
        context["kb_offline_url"] = OFFLINE_ZIP
        context["kb_offline_label"] = kb.label("offline", lang)
    context["kb_is_home"] = bare == "index.md"
    return context


# Pages whose text the search index holds: entries, catalogues, overviews and hand-written pages.
# The editors' pages and the search page itself would only add noise to readers' results.
_NOT_SEARCHED = ("editors/", "search.md", "404")


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Mark the article of every page readers search as the part the search index holds."""
    lang = page_language(page.file.src_uri)
    bare = page.file.src_uri[len(lang) + 1 :] if lang != _state["kb"].default_language else page.file.src_uri
    if bare.startswith(_NOT_SEARCHED):
        return output
    output = output.replace('<article class="md-content__inner md-typeset">', '<article class="md-content__inner md-typeset" data-pagefind-body>', 1)
    # A match in the title says most about what a page is; Pagefind's default weight for <h1>
    # let long pages that merely mention a name outrank the entry named so.
    output = re.sub(r"<h1(?=[ >])", '<h1 data-pagefind-weight="10"', output, count=1)
    return output.replace('class="headerlink"', 'class="headerlink" data-pagefind-ignore')


def _find(config: MkDocsConfig, uri: str) -> File | None:
    files: Files = _state["files"]
    return files.get_file_from_path(uri)


def on_env(env, config: MkDocsConfig, files: Files):
    """Keep the final file list for language links."""
    _state["files"] = files
    return env


def on_post_build(config: MkDocsConfig) -> None:
    """Write `catalog.json`, every fact in machine-readable form, beside the pages."""
    renderer: Renderer | None = _state.get("renderer")
    if renderer is None:
        return
    out = Path(config.site_dir) / "catalog.json"
    out.write_text(json.dumps(renderer.catalog(), ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
    for lang in renderer.kb.languages:
        folder = Path(config.site_dir) / "names" / lang
        folder.mkdir(parents=True, exist_ok=True)
        for key, rows in renderer.names_index(lang).items():
            (folder / chunk_file(key)).write_text(json.dumps(rows, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    build_search_index(Path(config.site_dir))
    if _offline_enabled():
        write_offline_copy(Path(config.site_dir), Path(config.site_dir) / OFFLINE_ZIP)


OFFLINE_ZIP = "download/sez-kb-offline.zip"


def _offline_enabled() -> bool:
    """The offline copy is made when KB_OFFLINE_ZIP=1 (the Pages workflow sets it): zipping the
    whole site on every local rebuild would only slow editors down."""
    return os.environ.get("KB_OFFLINE_ZIP") == "1"


def write_offline_copy(site_dir: Path, out: Path) -> None:
    """Zip the built site with a small server script, so the site and its search work without a network."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.write(Path(__file__).with_name("kb_offline_serve.py"), "sez-kb/serve.py")
        for path in sorted(site_dir.rglob("*")):
            if path.is_file() and path != tmp and out.parent not in path.parents:
                archive.write(path, f"sez-kb/site/{path.relative_to(site_dir).as_posix()}")
    tmp.replace(out)


def build_search_index(site_dir: Path) -> None:
    """Index the built pages with Pagefind (stemming by each page's language, index split in chunks).

    Pagefind ships as a binary inside its Python wheel, so the index is built with no download.
    """
    result = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site_dir), "--silent"],
                            capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        raise PluginError(f"kb: building the search index failed: {(result.stderr or result.stdout).strip()[-2000:]}")
    # Pagefind lists the languages in hash-map order, which changes from run to run; sorted, two
    # builds of one commit give the same file (tests/test_hostile.py compares them byte for byte).
    entry = site_dir / "pagefind" / "pagefind-entry.json"
    if entry.exists():
        data = json.loads(entry.read_text(encoding="utf-8"))
        entry.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True), encoding="utf-8")
