"""The synced tables are declared once (factdesk/store/tables.py) and everything that
moves rows between databases reads them from there: the laptop's schema matches each
declaration, each table logs its changes and has a merge rule, and no other module
keeps a list of synced tables of its own."""

from __future__ import annotations

import ast
import sqlite3
from pathlib import Path

import factdesk
from factdesk.store import tables
from factdesk.store.merge import Merge

PACKAGE = Path(factdesk.__file__).parent


def _fresh(tmp_path: Path) -> sqlite3.Connection:
    from factdesk.desk import Desk

    with Desk(tmp_path / "x.db"):
        pass
    return sqlite3.connect(tmp_path / "x.db")


def test_each_declaration_is_the_laptops_table(tmp_path):
    conn = _fresh(tmp_path)
    for t in tables.TABLES:
        found = [
            (name, kind, bool(notnull or (pk and name != "id")), default)
            for _cid, name, kind, notnull, default, pk in conn.execute(
                f"PRAGMA table_info({t.name})"
            )
        ]
        declared = [(c.name, c.type, c.not_null, c.default) for c in t.columns]
        # (the laptop's `id TEXT PRIMARY KEY` may be NULL to SQLite; declared NOT NULL)
        assert [f[:2] for f in found] == [d[:2] for d in declared], t.name
        for (name, _k, not_null, default), (_n, _t, want_not_null, want_default) in zip(
            found, declared, strict=True
        ):
            assert default == want_default, (t.name, name)
            assert not_null == want_not_null or name == "id", (t.name, name)
        pk = [r[1] for r in sorted(conn.execute(f"PRAGMA table_info({t.name})"), key=lambda r: r[5])
              if r[5]]  # fmt: skip
        assert tuple(pk) == t.key, t.name
    conn.close()


def test_each_table_logs_its_changes_and_has_a_merge_rule(tmp_path):
    conn = _fresh(tmp_path)
    triggers = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='trigger'")}
    for t in tables.TABLES:
        for event in ("insert", "update", "delete"):
            assert f"{t.name}_row_changes_{event}" in triggers
        assert callable(getattr(Merge, f"_merge_{t.merge_rule}", None)) or t.name == "tombstones"
        if t.parent is not None:
            assert t.parent[0] in tables.BY_NAME and t.parent[1] in t.column_names
            parents = [p.name for p in tables.TABLES]
            assert parents.index(t.parent[0]) < parents.index(t.name)  # parents first
        assert set(t.key) <= set(t.column_names)
        for group in t.clocks.values():
            assert set(group) <= set(t.column_names)
    conn.close()


def test_a_changed_row_of_each_new_synced_table_is_logged(tmp_path):
    conn = _fresh(tmp_path)
    before = conn.execute("SELECT coalesce(max(seq), 0) FROM row_changes").fetchone()[0]
    conn.execute(
        "INSERT INTO saved_lists (id, name, filter, created_at, updated_at)"
        " VALUES ('l1', 'Mine', '{}', '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00')"
    )
    conn.execute("DELETE FROM saved_lists WHERE id = 'l1'")
    logged = conn.execute("SELECT tbl, row_id FROM row_changes WHERE seq > ?", [before]).fetchall()
    assert logged == [("saved_lists", "l1"), ("saved_lists", "l1")]
    conn.close()


# Literals that name synced tables for another reason than listing them: the tables
# shipped hub schema versions 1 and 2 guarded with triggers, and dropped them from (never
# edited: a hub upgrades through them), and a claim's trash record (its children, with
# the fact-check restored on its own).
NOT_THE_LIST = {
    ("hub/schema.py", frozenset({"claims", "evidence", "verdicts", "status_changes"})),
    ("hub/access.py", frozenset({"claims", "evidence", "verdicts", "status_changes"})),
    (
        "desk/claims.py",
        frozenset({"evidence", "verdicts", "status_changes", "prior_checks", "factcheck_claims"}),
    ),
}


def _lists_of_tables(path: Path, package: Path = PACKAGE) -> list[int]:
    """Lines holding a literal tuple, list, set or dict naming four or more synced tables."""
    names = set(tables.NAMES)
    shown = str(path.relative_to(package)) if path.is_relative_to(package) else path.name
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        items: list[ast.expr | None] = []
        if isinstance(node, ast.Tuple | ast.List | ast.Set):
            items = list(node.elts)
        elif isinstance(node, ast.Dict):
            items = list(node.keys)
        named = {i.value for i in items if isinstance(i, ast.Constant) and i.value in names}
        if len(named) >= 4 and (shown, frozenset(named)) not in NOT_THE_LIST:
            found.append(node.lineno)
    return found


def test_the_synced_table_list_appears_once():
    """Outside the registry no module lists synced tables (4 or more in one literal)."""
    registry = PACKAGE / "store" / "tables.py"
    where = {
        str(path.relative_to(PACKAGE)): lines
        for path in sorted(PACKAGE.rglob("*.py"))
        if path != registry and (lines := _lists_of_tables(path))
    }
    assert where == {}


def test_the_list_finder_sees_a_planted_list(tmp_path):
    planted = tmp_path / "planted.py"
    planted.write_text('SYNCED = ("articles", "claims", "evidence", "verdicts")\n')
    assert _lists_of_tables(planted) == [1]
