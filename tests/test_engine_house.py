"""The engine stays a house a newcomer can change: small modules and classes, imports that run
one way, and no words of the subject or of one language in its code."""

from __future__ import annotations

import ast
import io
import re
import tokenize
from pathlib import Path

import pytest

from conftest import ROOT

ENGINE = ROOT / "hooks" / "kb"
MODULES = sorted(ENGINE.rglob("*.py"))
# The engine's folders in the order of the data: a module imports from its own folder and the
# folders before it, never from one after it.
RANKS = ("core", "read", "check", "pages", "views", "render", "publish", "adapters")


def _name(path: Path) -> str:
    """kb.read.settings for hooks/kb/read/settings.py; kb.read for its __init__.py."""
    parts = path.relative_to(ENGINE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


# Words of this base's subject; the engine must work for any base, so its code names none.
SUBJECT = re.compile(r"\b(zones?|regions?|sez|measures?|russia\w*|omsk|avangard|baikal\w*|sez-kb|glossary|programme)\b", re.IGNORECASE)


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def _docstrings(tree: ast.Module) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
                out.add(id(first.value))
    return out


@pytest.mark.parametrize("path", MODULES, ids=[_name(p) for p in MODULES])
def test_module_and_classes_are_small(path):
    """No module of the engine holds over 340 statements, and no class over 200: logical lines,
    as Python's tokenizer counts them, so that how the formatter wraps a long call does not count
    (about what 450 and 250 lines held before the code was formatted)."""
    source = path.read_text(encoding="utf-8")
    assert _statements(source) <= 340
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.ClassDef):
            assert _statements(ast.get_source_segment(source, node) or "") <= 200, node.name


def _statements(source: str) -> int:
    """The logical lines of a piece of Python: each statement once, however many lines it spans."""
    return sum(1 for token in tokenize.generate_tokens(io.StringIO(source).readline) if token.type == tokenize.NEWLINE)


@pytest.mark.parametrize("path", MODULES, ids=[_name(p) for p in MODULES])
def test_code_names_no_subject_and_holds_no_cyrillic(path):
    """Outside comments and docstrings, the engine's strings hold no Cyrillic and no word of the
    base's subject: those live in kb/ as data."""
    tree = _tree(path)
    docs = _docstrings(tree)
    found = [
        (node.lineno, node.value[:60])
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docs
        and (re.search(r"[\u0400-\u04ff]", node.value) or SUBJECT.search(node.value))
    ]
    assert found == []


# A schema's engine keyword, as code would name it to read it: x-ref, x-label…
KEYWORD = re.compile(r"x-[a-z]+(?:-[a-z]+)*")


@pytest.mark.parametrize("path", MODULES, ids=[_name(p) for p in MODULES])
def test_only_the_readers_name_an_engine_keyword(path):
    """The engine keywords of schemas (x-…) are read in kb.read alone, which types them (a
    collection's fields are kb.core.model.Field); every other module asks the typed model."""
    tree = _tree(path)
    docs = _docstrings(tree)
    found = [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs and KEYWORD.fullmatch(node.value)
    ]
    assert found == [] or _name(path).startswith("kb.read."), found


def _imports(path: Path) -> set[str]:
    """The engine's modules a module imports, deferred imports included."""
    out = set()
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "kb":
            out.update(f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in NAMES else node.module for a in node.names)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.split(".")[0] == "kb")
    return out


NAMES = {_name(p) for p in MODULES}


def test_every_module_lives_in_a_folder_of_the_flow():
    """hooks/kb/ holds the package's folders, each one of the ranks, and no loose module."""
    folders = {p.parent.name for p in MODULES if p.parent != ENGINE}
    assert folders == set(RANKS)
    assert [p.name for p in MODULES if p.parent == ENGINE] == ["__init__.py"]


def test_imports_run_down_the_flow():
    """Each import goes to the module's own folder or to one earlier in the data's flow (RANKS):
    reading never reaches into checking, checking never into pages, and only the adapters sit on top."""
    against = []
    for path in MODULES:
        name = _name(path)
        if name == "kb":
            continue
        rank = RANKS.index(name.split(".")[1])
        for other in sorted(_imports(path)):
            if other == "kb" or RANKS.index(other.split(".")[1]) > rank:
                against.append(f"{name} imports {other}")
    assert against == []


def test_no_import_cycle():
    """Imports between the engine's modules, deferred ones included, form no cycle."""
    graph = {_name(p): _imports(p) for p in MODULES}
    state: dict[str, int] = {}

    def visit(name: str, trail: list[str]) -> None:
        if state.get(name) == 2:
            return
        assert state.get(name) != 1, " -> ".join(trail + [name])
        state[name] = 1
        for other in sorted(graph.get(name, ())):
            visit(other, trail + [name])
        state[name] = 2

    for name in graph:
        visit(name, [])


def test_only_the_adapters_import_mkdocs():
    """The engine's modules know nothing of MkDocs; only the MkDocs hook does."""
    for path in MODULES:
        text = path.read_text()
        uses = bool(re.search(r"^\s*(from|import) mkdocs", text, re.MULTILINE))
        assert uses == (_name(path) == "kb.adapters.mkdocs_hook"), _name(path)


def test_each_view_kind_has_a_schema_file_and_one_registration():
    """A kind of view is its schema file (its settings) and one entry in the registry (its drawing):
    neither without the other."""
    from kb.read.views import view_specs
    from kb.views.registry import VIEWS

    assert sorted(view_specs()) == sorted(VIEWS)
    for spec in view_specs().values():
        assert set(spec.required) <= set(spec.properties), spec.kind
        for path in [*spec.collections, *spec.fields]:
            assert path.split(".")[0].rstrip("[]{}") in spec.properties, (spec.kind, path)


# How a test would read this base's own files rather than the sample base's.
READS_THE_BASE = re.compile(
    r"""(ROOT|\.parent\.parent)\s*/\s*f?["'](kb|docs|mkdocs\.yml)\b"""
    r"""|\b(load_kb|checked|pipeline|problems_of|build_site|write_project)\(\s*ROOT\b"""
    r"""|\(\s*ROOT\s*,\s*f?["'](kb|docs|mkdocs\.yml)\b"""
)


# The two reads of this base that serve only the content tests: the real site's build (the
# built_site fixture) and its sub-path (the site_url fixture).
FOR_THE_CONTENT_TESTS = {("conftest.py", "build_site(ROOT"), ("browser.py", '.parent.parent / "mkdocs.yml')}


def test_engine_tests_read_nothing_of_this_base():
    """The engine's tests (every test file but the content ones conftest.py marks) never read this
    knowledge base's kb/, docs/ or mkdocs.yml: they run on the sample base (tests/sample/ and
    tests/sample_kb.py), so whoever replaces the content keeps the engine's tests green. conftest.py
    builds the real site only for the content tests' built_site fixture."""
    from conftest import CONTENT_FILES

    found = []
    for path in sorted((ROOT / "tests").glob("*.py")):
        if path.name in CONTENT_FILES or path.name == Path(__file__).name:  # this file names the patterns
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if READS_THE_BASE.search(line) and (path.name, READS_THE_BASE.search(line).group(0)) not in FOR_THE_CONTENT_TESTS:
                found.append(f"{path.name}:{number}: {line.strip()}")
    assert found == []
    assert READS_THE_BASE.search('(ROOT / "kb" / "kb.yml")') and READS_THE_BASE.search("pipeline(ROOT, TODAY)")
    assert READS_THE_BASE.search('Path(__file__).parent.parent / "mkdocs.yml"')
