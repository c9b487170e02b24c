"""The import rules of ARCHITECTURE.md, kept true by a test (as qutebrowser does)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "factdesk"

# module prefix -> the folders (or modules) of factdesk allowed to import it
RULES = {
    "PySide6": ("gui",),
    "sqlite3": ("store",),
    "sqlite_utils": ("store",),
    "requests": ("ingest", "evidence"),
    "psycopg": ("hub",),
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_import_rules():
    broken = []
    for path in PACKAGE.rglob("*.py"):
        room = path.relative_to(PACKAGE).parts[0].removesuffix(".py")
        for name in _imports(path):
            top = name.split(".")[0]
            if top in RULES and room not in RULES[top]:
                broken.append(f"{path.relative_to(PACKAGE.parent)} imports {name}")
    assert not broken, "\n".join(broken)


def test_the_hub_is_reached_only_through_the_desk():
    """desk -> hub -> store: neither store nor the GUI talks to the hub directly."""
    broken = []
    for path in PACKAGE.rglob("*.py"):
        room = path.relative_to(PACKAGE).parts[0].removesuffix(".py")
        if room in ("store", "gui", "model", "ingest", "claims", "evidence", "report"):
            hub_imports = {n for n in _imports(path) if n.startswith("factdesk.hub")}
            broken += [f"{path.relative_to(PACKAGE.parent)} imports {n}" for n in hub_imports]
        if room == "hub":
            upward = {n for n in _imports(path) if n.startswith(("factdesk.desk", "factdesk.gui"))}
            broken += [f"{path.relative_to(PACKAGE.parent)} imports {n}" for n in upward]
    assert not broken, "\n".join(broken)


def test_rule_checker_sees_a_violation(tmp_path):
    bad = tmp_path / "x.py"
    bad.write_text("import sqlite3\nfrom PySide6.QtCore import Qt\n")
    assert {"sqlite3", "PySide6.QtCore"} <= _imports(bad)
