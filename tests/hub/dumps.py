"""The synced content of a laptop and of a hub, in one comparable form."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from factdesk.hub.schema import TABLE_KEYS

# What a dump holds: every synced table but the built-in rating scales (every laptop
# has its own copy; they never travel).
TABLES = tuple(TABLE_KEYS)


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]


def laptop_dump(path: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(path)
    try:
        dump = {}
        for table in TABLES:
            columns = ", ".join(f'"{c}"' for c in _columns(conn, table))
            where = ""
            if table == "rating_scales":
                where = "WHERE builtin = 0"
            elif table == "rating_levels":
                where = "WHERE scale_id IN (SELECT id FROM rating_scales WHERE builtin = 0)"
            rows = conn.execute(f"SELECT {columns} FROM {table} {where}").fetchall()
            dump[table] = sorted(rows, key=repr)
        return dump
    finally:
        conn.close()


def hub_dump(hub, laptop_path: Path, org: str = "default") -> dict[str, list[tuple]]:
    """The hub's rows of one organisation, with the laptop's columns."""
    conn = sqlite3.connect(laptop_path)
    try:
        columns_of = {t: _columns(conn, t) for t in TABLES}
    finally:
        conn.close()
    dump = {}
    with hub.connect() as pg:
        for table in TABLES:
            columns = ", ".join(f'"{c}"' for c in columns_of[table])
            rows = pg.execute(
                f"SELECT {columns} FROM factdesk.{table} WHERE org = %s", [org]
            ).fetchall()
            dump[table] = sorted((tuple(_plain(v) for v in row) for row in rows), key=repr)
    return dump


def _plain(value):
    return bytes(value) if isinstance(value, memoryview) else value


def counts(dump: dict[str, list[tuple]]) -> dict[str, int]:
    return {table: len(rows) for table, rows in dump.items() if rows}
