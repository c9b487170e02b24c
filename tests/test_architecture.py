"""The import rules of ARCHITECTURE.md, kept true by a test (as qutebrowser does):
which libraries each room may use, the package's own arrows (gui -> desk ->
ingest/claims/evidence/report -> model, desk -> store, desk -> hub -> store; nothing
else imports gui), and SQL only in store/ (SQLite) and hub/ (PostgreSQL)."""

from __future__ import annotations

import ast
import re
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

# The package's own arrows: each room and the rooms it may import. Everyone may use the
# plain common modules; they use nothing but each other.
COMMON = {"__init__", "model", "errors", "outputs", "paths", "scales", "secrets", "untrusted"}
MIDDLE = {"ingest", "claims", "evidence", "report"}
ARROWS = {
    **{room: COMMON for room in COMMON},
    "store": COMMON,
    # Pure work on text and the network; never the database (only the Desk opens it).
    **{room: COMMON | MIDDLE for room in MIDDLE},
    "desk": COMMON | MIDDLE | {"store", "hub"},
    # The team hub (PostgreSQL): merges pulled rows into the laptop's database through
    # store/, like a bundle; only the Desk reaches it.
    "hub": COMMON | {"store"},
    "gui": COMMON | {"desk"},
    # A front end like the GUI, which also offers the pure tools (extract, split, score)
    # that need no database, and starts the GUI (the one import of gui from outside it).
    # The hub administrator's commands (hub init, add-checker) need no laptop database.
    "cli": COMMON | MIDDLE | {"desk", "gui", "hub"},
    "__main__": {"cli"},
}
# Imports that break an arrow today, each with why and what ends it. The test fails when
# one is no longer there, so the list only shrinks.
KNOWN_EXCEPTIONS = {
    ("gui", "ingest"): "the GUI's fetch steps, until the operations layer takes them to desk",
    ("gui", "report"): "the export preview renders HTML itself, until it asks the Desk",
    ("gui", "claims"): "the reader finds the headline's span itself, until the Desk says it",
    ("gui", "evidence"): "the operations layer warms the heavy modules up on its reader thread",
}

# SQL in a string: a statement's opening words (upper case, as this code base writes SQL).
SQL = re.compile(
    r"\b(SELECT\s.*\bFROM\b|INSERT\s+(OR\s+\w+\s+)?INTO\b|UPDATE\s+\w+\s+SET\b|DELETE\s+FROM\b"
    r"|CREATE\s+(TABLE|INDEX|TRIGGER|VIRTUAL)\b|DROP\s+(TABLE|INDEX|TRIGGER)\b|PRAGMA\s+\w+"
    r"|BEGIN\s+(IMMEDIATE|EXCLUSIVE|DEFERRED)\b)",
    re.DOTALL,
)


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            if node.module == "factdesk":  # from factdesk import store, paths
                names |= {f"factdesk.{alias.name}" for alias in node.names}
    return names


def _room(path: Path) -> str:
    return path.relative_to(PACKAGE).parts[0].removesuffix(".py")


def _arrows_broken(package: Path) -> tuple[list[str], set[tuple[str, str]]]:
    broken, excused = [], set()
    for path in package.rglob("*.py"):
        room = path.relative_to(package).parts[0].removesuffix(".py")
        for name in _imports(path):
            parts = name.split(".")
            if parts[0] != "factdesk":
                continue
            target = parts[1] if len(parts) > 1 else "__init__"
            if target == "__version__":
                target = "__init__"
            if target == room or target in ARROWS.get(room, set()):
                continue
            if (room, target) in KNOWN_EXCEPTIONS:
                excused.add((room, target))
                continue
            broken.append(f"{path.relative_to(package.parent)} ({room}) imports {name}")
    return broken, excused


def _sql_strings(path: Path) -> list[str]:
    """String literals (and f-string pieces) in a file that read as SQL statements."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        text = None
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
        elif isinstance(node, ast.JoinedStr):  # an f-string: its pieces, values as "x"
            text = "".join(v.value if isinstance(v, ast.Constant) else "x" for v in node.values)
        if text and SQL.search(text):
            found.append(f"{path.name}:{node.lineno}: {text.strip()[:60]!r}")
    return found


def test_import_rules():
    broken = []
    for path in PACKAGE.rglob("*.py"):
        room = _room(path)
        for name in _imports(path):
            top = name.split(".")[0]
            if top in RULES and room not in RULES[top]:
                broken.append(f"{path.relative_to(PACKAGE.parent)} imports {name}")
    assert not broken, "\n".join(broken)


def test_rule_checker_sees_a_violation(tmp_path):
    bad = tmp_path / "x.py"
    bad.write_text("import sqlite3\nfrom PySide6.QtCore import Qt\n")
    assert {"sqlite3", "PySide6.QtCore"} <= _imports(bad)


def test_the_package_arrows():
    broken, excused = _arrows_broken(PACKAGE)
    assert not broken, "\n".join(broken)
    unused = set(KNOWN_EXCEPTIONS) - excused
    assert not unused, f"no longer needed, remove from KNOWN_EXCEPTIONS: {sorted(unused)}"


def test_the_arrow_checker_sees_a_violation(tmp_path):
    package = tmp_path / "factdesk"
    (package / "store").mkdir(parents=True)
    (package / "claims").mkdir()
    (package / "store" / "db.py").write_text("from factdesk.desk import Desk\n")
    (package / "claims" / "x.py").write_text("from factdesk import store\nimport factdesk.gui\n")
    broken, _ = _arrows_broken(package)
    assert len(broken) == 3, broken


def test_sql_strings_live_only_in_store():
    # hub/ holds the PostgreSQL side: the hub's schema and the sync's statements.
    found = [
        hit
        for path in PACKAGE.rglob("*.py")
        if _room(path) not in ("store", "hub")
        for hit in _sql_strings(path)
    ]
    assert not found, "\n".join(found)
    in_store = [hit for path in (PACKAGE / "store").rglob("*.py") for hit in _sql_strings(path)]
    assert len(in_store) > 20  # the checker does see SQL where it is


def test_the_sql_checker_sees_sql(tmp_path):
    code = tmp_path / "x.py"
    code.write_text(
        'a = "SELECT id FROM claims WHERE x = ?"\n'
        'b = f"UPDATE {table} SET x = 1"\n'
        'c = "Select the claims you want, then press Delete from the menu."\n'
        'd = """INSERT OR IGNORE INTO t VALUES (1)"""\n'
    )
    assert [hit.split(":")[1] for hit in _sql_strings(code)] == ["1", "2", "4"]


def test_the_type_checker_catches_a_name_a_module_does_not_have(tmp_path):
    """The first release's `factdesk score FILE` imported read_text_file from
    factdesk.ingest, which has none: mypy, as configured for CI, must say so."""
    import shutil
    import subprocess
    import sys

    if not shutil.which("mypy", path=str(Path(sys.executable).parent)):
        import pytest

        pytest.skip("mypy is not installed (pip install -e '.[test]')")
    code = tmp_path / "probe.py"
    code.write_text(
        "from pathlib import Path\n\n\n"
        "def score(name: str) -> str:\n"
        "    from factdesk.ingest import read_text_file\n\n"
        "    return read_text_file(Path(name))\n"
    )
    result = subprocess.run(
        [str(Path(sys.executable).parent / "mypy"), "--config-file",
         str(PACKAGE.parent / "pyproject.toml"), str(code)],
        capture_output=True, text=True, cwd=PACKAGE.parent,
    )  # fmt: skip
    assert result.returncode == 1
    assert 'has no attribute "read_text_file"' in result.stdout
