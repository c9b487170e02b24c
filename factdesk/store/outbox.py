"""The laptop's side of a team hub sync (store/replication.py runs it): what to send,
and the bookkeeping that makes a sync resumable without sending back what came in.

Two numbers per hub (table hub_state): `pulled_seq`, the hub's last change this laptop
has merged, and `pushed_seq`, the local change number (row_changes, store/sync.py) up
to which every change here is on the hub. A pull is merged by store/merge.py like a
bundle; `settle_pull` then keeps pushed_seq true: the rows the merge wrote exactly as
the hub has them need no sending, every other change (made here before, or a merge
result that differs from the hub's row) is logged again, above it.
Incoming rows the merge gave another id (the same article imported on two laptops)
are listed too, so the hub drops its copy.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from factdesk.store.sync import changed_since, row_key
from factdesk.store.tables import TABLES, children_of, on_hub
from factdesk.store.tables import table as table_of
from factdesk.store.transport import Batch
from factdesk.store.trash import trashed_keys

# The tables synced with a hub, parents first (as the hub creates and receives them).
SYNCED = tuple(t.name for t in on_hub())
# Rows that go with a new version of their parent, with no tombstone of their own.
REPLACED_WITH_PARENT = tuple(t.name for t in TABLES if t.with_parent)


def _match(table: str) -> str:
    """The SQL matching a row_changes entry `rc` to its row `t`."""
    t = table_of(table)
    if len(t.key) == 1:
        return f"t.{t.key[0]} = rc.row_id"
    if table == "tombstones":  # (a row id may hold a slash: split at the first)
        return ("t.tbl = substr(rc.row_id, 1, instr(rc.row_id, '/') - 1)"
                " AND t.row_id = substr(rc.row_id, instr(rc.row_id, '/') + 1)")  # fmt: skip
    return f"{t.key_sql('t')} = rc.row_id"


def table_columns(db: Database, table: str) -> list[str]:
    return [r[1] for r in db.execute(f"PRAGMA table_info({table})")]


@dataclass
class HubState:
    hub_id: str
    pulled_seq: int = 0
    pushed_seq: int = 0
    role: str | None = None
    checkers: list[dict] = field(default_factory=list)
    synced_at: str | None = None
    previous_synced_at: str | None = None


def hub_state(db: Database, hub_id: str | None = None) -> HubState | None:
    """What we know of a hub (by id), or of the hub synced with last (hub_id=None)."""
    where, params = ("hub_id = ?", [hub_id]) if hub_id else ("1", [])
    found = db.execute(
        "SELECT hub_id, pulled_seq, pushed_seq, role, checkers, synced_at, previous_synced_at"
        f" FROM hub_state WHERE {where} ORDER BY synced_at DESC LIMIT 1",
        params,
    ).fetchone()
    if found is None:
        return HubState(hub_id) if hub_id else None
    state = HubState(*found)
    state.checkers = json.loads(found[4] or "[]")
    return state


def save_hub_state(db: Database, state: HubState) -> None:
    """Write what we know of a hub (inside the caller's write transaction)."""
    db.execute(
        """INSERT INTO hub_state (hub_id, pulled_seq, pushed_seq, role, checkers, synced_at,
             previous_synced_at) VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (hub_id) DO UPDATE SET pulled_seq = excluded.pulled_seq,
             pushed_seq = excluded.pushed_seq, role = excluded.role,
             checkers = excluded.checkers, synced_at = excluded.synced_at,
             previous_synced_at = excluded.previous_synced_at""",
        [state.hub_id, state.pulled_seq, state.pushed_seq, state.role,
         json.dumps(state.checkers), state.synced_at, state.previous_synced_at],
    )  # fmt: skip


def last_change(db: Database) -> int:
    row = db.execute("SELECT coalesce(max(seq), 0) FROM row_changes").fetchone()
    return int(row[0])


# --- what to send ----------------------------------------------------------------


# The changes to send: plain data a transport carries (store/transport.py).
Outbox = Batch


@contextmanager
def _reading(db: Database) -> Iterator[None]:
    """One read transaction, so every table is read at the same moment."""
    if db.conn.in_transaction:
        yield
        return
    db.conn.execute("BEGIN")
    try:
        yield
    finally:
        db.conn.execute("COMMIT")


def outbox(db: Database, after_seq: int) -> Outbox:
    """Every row changed here after local change `after_seq`: those still here (minus
    the built-in rating scales, which every laptop has), those deleted (tombstoned, or
    gone with a new version of their parent), and those merged into another id."""
    box = Outbox()
    with _reading(db):
        box.last_seq = last_change(db)
        # Rows in the trash are not gone for the team: the hub hears only of an emptied trash.
        in_trash = trashed_keys(db)
        for table in SYNCED:
            match = _match(table)
            changed = (
                "(SELECT DISTINCT row_id FROM row_changes WHERE tbl = ? AND seq > ? AND seq <= ?)"
            )
            rows = db.query(
                f"SELECT t.* FROM {changed} AS rc JOIN {table} AS t ON {match}",
                [table, after_seq, box.last_seq],
            )
            if table == "rating_scales":
                rows = (r for r in rows if not r["builtin"])
            elif table == "rating_levels":
                builtin = {r[0] for r in db.execute("SELECT id FROM rating_scales WHERE builtin")}
                rows = (r for r in rows if r["scale_id"] not in builtin)
            box.rows[table] = list(rows)
            gone = [
                r[0]
                for r in db.execute(
                    f"""SELECT rc.row_id FROM {changed} AS rc
                        WHERE NOT EXISTS (SELECT 1 FROM {table} AS t WHERE {match})""",
                    [table, after_seq, box.last_seq],
                )
            ]
            gone = [key for key in gone if (table, key) not in in_trash]
            if table in REPLACED_WITH_PARENT:
                box.deleted[table] = gone
                continue
            tombstoned = {
                r[0]
                for r in db.execute(
                    "SELECT row_id FROM tombstones WHERE tbl = ? AND deleted = 1", [table]
                )
            }
            box.deleted[table] = [key for key in gone if key in tombstoned]
            box.duplicates[table] = [key for key in gone if key not in tombstoned]
    return box


# --- after a pull ------------------------------------------------------------------


# A claim's columns every laptop recomputes from its history (store/sync.py): in a pull
# in batches a claim can come before its history, and differ from the hub's in these
# alone until a later batch brings it.
RECOMPUTED = ("verdict", "verdict_at", "status", "assignee", "updated_at")


def settle_pull(
    db: Database,
    before_seq: int,
    incoming: dict[str, list[dict]],
    pushed_seq: int,
    *,
    later: set[str] | None = None,
) -> int:
    """After merging `incoming` (the hub's rows) in this write transaction, which began
    at local change `before_seq`: returns the new pushed_seq, having given every change
    the hub still lacks a number above it. Rows the merge wrote exactly as the hub has
    them need no sending; changes made here before the pull, merge results that differ
    from the hub's rows, and incoming rows now under another id all go out next.

    `later` (a pull in batches): the claims the merge wrote that differ from the hub's
    only in what their history decides, or whose hub row is not in this batch, are
    added to it instead, for `settle_later` to compare once the whole pull is in."""
    merged_up_to = last_change(db)
    theirs = {(t, row_key(t, r)): r for t, rows in incoming.items() for r in rows}
    owed: dict[tuple[str, str], None] = {}
    for table, key, _seq in _changes_between(db, pushed_seq, before_seq):
        owed[(table, key)] = None
    written = _changes_between(db, before_seq, merged_up_to)
    mine = _rows_by_key(db, written)
    for table, key, _seq in written:
        hub_row = theirs.get((table, key))
        local_row = mine.get((table, key))
        if (
            later is not None
            and table == "claims"
            and local_row is not None
            and (hub_row is None or _same_but(local_row, hub_row, RECOMPUTED))
        ):
            if hub_row is None or not _same_but(local_row, hub_row, ()):
                later.add(key)
            continue
        if (
            hub_row is None
            or local_row is None
            or any(local_row.get(column) != value for column, value in hub_row.items())
        ):
            owed[(table, key)] = None
    # A row deleted on the hub that the merge kept (worked on here after the deletion)
    # is gone there with its children: send it again, whole.
    for stone in incoming.get("tombstones", []):
        if stone["deleted"] and exists(db, stone["tbl"], stone["row_id"]):
            for table, key in _with_children(db, stone["tbl"], stone["row_id"]):
                owed[(table, key)] = None
    written_keys = {(t, k) for t, k, _s in written}
    for table, key in theirs.keys() - written_keys:
        if (table, key) not in mine and not exists(db, table, key):
            owed[(table, key)] = None  # merged into another id (or deleted here)
    # Logged again (row_changes is a log: a row's latest entry counts), after the mark.
    db.conn.executemany("INSERT INTO row_changes (tbl, row_id) VALUES (?, ?)", list(owed))
    return merged_up_to


def settle_later(db: Database, hub_claims: dict[str, dict | None]) -> None:
    """Log again (to send) the claims, of those a pull in batches put aside, that differ
    from the hub's rows as they are now (None: the hub has none). In the caller's write
    transaction."""
    owed = []
    for claim_id, hub_row in hub_claims.items():
        found = db.execute("SELECT * FROM claims WHERE id = ?", [claim_id])
        names = [d[0] for d in found.description]
        row = found.fetchone()
        if row is None:
            continue  # gone since
        local_row = dict(zip(names, row, strict=True))
        if hub_row is None or not _same_but(local_row, hub_row, ()):
            owed.append(("claims", claim_id))
    db.conn.executemany("INSERT INTO row_changes (tbl, row_id) VALUES (?, ?)", owed)


def _same_but(local_row: dict, hub_row: dict, columns: tuple[str, ...]) -> bool:
    return all(local_row.get(c) == v for c, v in hub_row.items() if c not in columns)


def _changes_between(db: Database, after: int, up_to: int) -> list[tuple[str, str, int]]:
    found: list[tuple[str, str, int]] = []
    while True:
        batch = changed_since(db, after, limit=50_000)
        batch = [entry for entry in batch if entry[2] <= up_to]
        found += batch
        if len(batch) < 50_000:
            return found
        after = batch[-1][2]


def _rows_by_key(db: Database, keys: list[tuple[str, str, int]]) -> dict[tuple[str, str], dict]:
    """The current rows named by (table, key, seq) entries, read table by table."""
    wanted: dict[str, set[str]] = {}
    for table, key, _seq in keys:
        wanted.setdefault(table, set()).add(key)
    rows: dict[tuple[str, str], dict] = {}
    for table, table_keys in wanted.items():
        if table not in SYNCED:
            continue
        low = min(s for t, _k, s in keys if t == table) - 1
        match = _match(table)
        for row in db.query(
            f"""SELECT t.* FROM (SELECT DISTINCT row_id FROM row_changes
                WHERE tbl = ? AND seq > ?) AS rc JOIN {table} AS t ON {match}""",
            [table, low],
        ):
            key = row_key(table, row)
            if key in table_keys:
                rows[(table, key)] = row
    return rows


def _with_children(db: Database, table: str, row_id: str) -> list[tuple[str, str]]:
    """The row and the rows below it (a claim's work, an article's posts), by key."""
    found = [(table, row_id)]
    for child in children_of(table):
        if child.parent and child.key == ("id",):
            ids = db.execute(f"SELECT id FROM {child.name} WHERE {child.parent[1]} = ?", [row_id])
            for (child_id,) in ids.fetchall():
                found += _with_children(db, child.name, child_id)
    return found


def exists(db: Database, table: str, key: str) -> bool:
    """Whether the row named `key` (store/tables.py's key_of) is here."""
    t = table_of(table)
    if len(t.key) == 1:
        where, params = f"{t.key[0]} = ?", [key]
    else:  # (the last part of a rating level's key is a number; a row id may hold a /)
        first, rest = key.split("/", 1) if table == "tombstones" else key.rsplit("/", 1)
        where, params = f"{t.key[0]} = ? AND {t.key[1]} = ?", [first, rest]
    return db.execute(f"SELECT 1 FROM {table} WHERE {where}", params).fetchone() is not None


def as_plain(value: Any) -> Any:
    """A hub value as SQLite stores it (memoryview and the like as bytes)."""
    return bytes(value) if isinstance(value, memoryview) else value
