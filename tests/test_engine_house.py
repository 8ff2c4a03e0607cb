"""The engine stays a house a newcomer can change: small modules and classes, imports that run
one way, and no words of the subject or of one language in its code."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from conftest import ROOT

MODULES = sorted((ROOT / "hooks").glob("kb_*.py"))
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


@pytest.mark.parametrize("path", MODULES, ids=[p.stem for p in MODULES])
def test_module_and_classes_are_small(path):
    """No module of hooks/ is over 450 lines, and no class over 250."""
    tree = _tree(path)
    assert len(path.read_text().splitlines()) <= 450
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            assert node.end_lineno - node.lineno + 1 <= 250, node.name


@pytest.mark.parametrize("path", MODULES, ids=[p.stem for p in MODULES])
def test_code_names_no_subject_and_holds_no_cyrillic(path):
    """Outside comments and docstrings, the engine's strings hold no Cyrillic and no word of the
    base's subject: those live in kb/ as data."""
    tree = _tree(path)
    docs = _docstrings(tree)
    found = [(node.lineno, node.value[:60]) for node in ast.walk(tree)
             if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs
             and (re.search(r"[\u0400-\u04ff]", node.value) or SUBJECT.search(node.value))]
    assert found == []


def _imports(path: Path) -> set[str]:
    out = set()
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("kb_"):
            out.add(node.module)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.startswith("kb_"))
    return out


def test_no_import_cycle():
    """Imports between the engine's modules, deferred ones included, form no cycle."""
    graph = {p.stem: _imports(p) for p in MODULES}
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


def test_only_the_hook_imports_mkdocs():
    """The engine's modules know nothing of MkDocs; only the adapter does."""
    for path in MODULES:
        text = path.read_text()
        uses = bool(re.search(r"^\s*(from|import) mkdocs", text, re.MULTILINE))
        assert uses == (path.stem == "kb_hook"), path.stem
