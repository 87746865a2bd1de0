"""The layer map of CONTRIBUTING.md ("Layers"), enforced: which package may import which.

Imports are read from the source (every ``import`` and ``from ... import``, also inside
functions, but not under ``if TYPE_CHECKING:``, which never runs), so a lazy import that
crosses a layer is caught as well as a top-level one.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[1] / "neurokb"

# Layer -> the neurokb packages (first name under neurokb.) its modules may import, lowest
# first; CONTRIBUTING.md ("Layers") draws the same map. A layer imports only layers above it
# in this table, never one below, so there are no cycles between packages.
ALLOWED: dict[str, set[str]] = {
    "core": set(),
    "algorithms": {"core"},
    "load": {"core", "algorithms"},  # algorithms: the names of the modules, nothing imported
    "graph": {"core"},
    "search": {"core", "graph"},
    "cite": {"core", "search"},
    "explore": {"core", "graph", "search"},
    "importers": {"core", "load", "cite"},
    "edit": {"core", "load", "importers"},
    "review": {"core", "load", "graph", "cite", "edit"},
    "cache": {"core", "load", "graph", "search", "cite", "explore"},
    "library": {"core", "load", "graph", "search", "cite", "explore", "cache"},
    "site": {"core", "algorithms", "load", "graph", "search", "cite", "explore", "library"},
    "mkdocs_plugin": {"core", "algorithms", "load", "site", "library"},  # the MkDocs face
    "cli": {"core", "algorithms", "load", "graph", "search", "cite", "explore", "importers",
            "edit", "review", "library"},
    "synthetic": {"core", "algorithms", "edit"},  # the generator of test and benchmark KBs
}  # fmt: skip
NEVER = {"core": {"cli", "site", "cache", "mkdocs"}, "load": {"cli", "site", "cache", "mkdocs"}}


def _runtime_imports(tree: ast.AST) -> set[str]:
    """Modules imported by ``tree`` outside ``if TYPE_CHECKING:`` blocks."""
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def _layer(path: Path) -> str:
    rel = path.relative_to(PACKAGE)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if _layer(p) not in {"__init__", "__main__"})


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_each_module_imports_only_what_its_layer_may(path: Path) -> None:
    layer = _layer(path)
    assert layer in ALLOWED, (
        f"{layer} is not on the layer map (CONTRIBUTING.md, tests/test_layers.py)"
    )
    imported = _runtime_imports(ast.parse(path.read_text(encoding="utf-8")))
    packages = {m.split(".")[1] for m in imported if m.startswith("neurokb.") and m.count(".") >= 1}
    wrong = packages - ALLOWED[layer] - {layer, "__version__"}
    assert not wrong, f"{layer} may not import {sorted(wrong)}"
    outside = {m.split(".")[0] for m in imported}
    assert not outside & NEVER.get(layer, set()), f"{layer} may not import {outside & NEVER[layer]}"


def test_core_and_loading_never_import_the_faces_or_the_index() -> None:
    for layer, banned in NEVER.items():
        for path in (PACKAGE / layer).rglob("*.py"):
            imported = _runtime_imports(ast.parse(path.read_text(encoding="utf-8")))
            tops = {m.split(".")[1] if m.startswith("neurokb.") else m.split(".")[0]
                    for m in imported if m != "neurokb"}  # fmt: skip
            assert not tops & banned, (path, tops & banned)


def test_at_most_five_loose_modules() -> None:
    loose = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(loose) <= 5, loose


def test_only_the_faces_import_their_frameworks() -> None:
    """MkDocs belongs to the site, Typer to the command line: the core never needs either."""
    for path in MODULES:
        layer = _layer(path)
        tops = {m.split(".")[0] for m in _runtime_imports(ast.parse(path.read_text("utf-8")))}
        assert "mkdocs" not in tops or layer in ("site", "mkdocs_plugin"), path
        assert "typer" not in tops or layer == "cli", path
