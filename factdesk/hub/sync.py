"""The hub's side of a sync: a `Transport` (store/transport.py) over PostgreSQL. The
driver (store/replication.py) decides what to pull, merge and push; this module only
carries rows to and from the hub's functions (hub/access.py), which decide what this
login may write and say why not for each row they refuse. It never sees the laptop's
database.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from factdesk.hub.admin import hub_info, list_checkers
from factdesk.hub.connect import HubAddress, HubError, connect, explain
from factdesk.store.tables import TABLES, on_hub
from factdesk.store.transport import Batch, Identity, Progress, Pulled, Pushed, SyncReport

# The tables the hub has, parents before children (as it receives them).
HUB_TABLES = on_hub()
# Rows per call of the hub's push function (it takes at most 10,000).
BATCH_ROWS = 2_000
BATCH_BYTES = 32 * 1024**2


@contextmanager
def open_hub(address: HubAddress, *, progress: Progress | None = None) -> Iterator[HubTransport]:
    """A connection to the hub as a Transport; the hub's failures become HubError (one
    line), wherever in the block they happen."""
    if progress:
        progress(f"connecting to hub {address.label}")
    with connect(address) as conn:
        try:
            yield HubTransport(conn, address, progress)
        except psycopg.Error as error:
            raise explain(error, address) from None


class HubTransport:
    def __init__(self, conn: psycopg.Connection, address: HubAddress, progress: Progress | None):
        self.conn = conn
        self.address = address
        self.label = address.label
        self.say = progress or (lambda _message: None)
        self.org: str | None = None

    def whoami(self) -> Identity:
        info = hub_info(self.conn, self.address)
        self.org = info.org
        team = [
            {"name": c.name, "editor": c.editor, "display_name": c.shown}
            for c in list_checkers(self.conn)
            if c.active and c.org == info.org
        ]
        return Identity(info.hub_id, info.role, team)

    def pull(self, after: int, *, most: int | None = None) -> Pulled:
        with self.conn.transaction():  # one snapshot for every table
            self.conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            return _read_changes(self.conn, after, self.say, most)

    def pull_rows(self, table: str, ids: list[str]) -> dict[str, list[Any]]:
        with self.conn.transaction():
            self.conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            return _read_rows(self.conn, table, ids)

    @contextmanager
    def locked(self) -> Iterator[_Locked]:
        with self.conn.transaction():
            self.conn.execute("SELECT factdesk.take_change_lock()")
            yield _Locked(self.conn, self.say)


class _Locked:
    """Inside the push transaction, holding the change lock: all is visible."""

    def __init__(self, conn: psycopg.Connection, say: Progress):
        self.conn = conn
        self.say = say

    def pull(self, after: int, *, most: int | None = None) -> Pulled:
        return _read_changes(self.conn, after, self.say, most)

    def pull_rows(self, table: str, ids: list[str]) -> dict[str, list[Any]]:
        return _read_rows(self.conn, table, ids)

    def push(self, batch: Batch) -> Pushed:
        pushed = Pushed()
        refused = _refused_deletions(self.conn, batch)
        _send_rows(self.conn, batch, refused, pushed)
        _send_duplicates(self.conn, batch, pushed)
        _send_deletions(self.conn, batch, refused, pushed)
        pushed.refused += [f"{table} {row_id}: {reason}" for (table, row_id), reason in
                           refused.items()]  # fmt: skip
        return pushed


# --- pulling -----------------------------------------------------------------------


def _read_changes(
    conn: psycopg.Connection, after: int, say: Progress, most: int | None = None
) -> Pulled:
    """The hub's rows (of our organisation) changed after `after`, up to the hub's latest
    change number or `most` changes further. Rows as the hub sent them: checked by the
    driver."""
    latest = _latest_change(conn)
    up_to = latest if most is None else min(latest, after + most)
    incoming: dict[str, list[Any]] = {}
    if up_to <= after:
        return Pulled(incoming, up_to)
    say(f"receiving hub changes {after + 1} to {up_to}")
    for t in HUB_TABLES:
        rows = conn.execute("SELECT factdesk.pull(%s, %s, %s)", [t.name, after, up_to]).fetchall()
        if rows:
            incoming[t.name] = [row[0] for row in rows]
    # A merge takes an article's posts, and a scale's levels, from the incoming rows as a
    # whole: send every one of them with a changed parent, changed or not.
    for child in (t for t in HUB_TABLES if t.with_parent and t.parent):
        parent = child.parent[0] if child.parent else ""
        parents = [r["id"] for r in incoming.get(parent, []) if isinstance(r, dict) and "id" in r]
        if not parents:
            continue
        have = {_key(child.name, row) for row in incoming.get(child.name, [])}
        extra = [
            row[0]
            for row in conn.execute(
                "SELECT factdesk.pull_children(%s, %s)", [child.name, parents]
            ).fetchall()
            if _key(child.name, row[0]) not in have
        ]
        if extra:
            incoming.setdefault(child.name, []).extend(extra)
    return Pulled(incoming, up_to, more=up_to < latest)


def _read_rows(conn: psycopg.Connection, table: str, ids: list[str]) -> dict[str, list[Any]]:
    """Rows by id, with the rows that travel with them (an article's posts)."""
    found: dict[str, list[Any]] = {}
    for start in range(0, len(ids), 10_000):
        chunk = ids[start : start + 10_000]
        rows = conn.execute("SELECT factdesk.pull_rows(%s, %s)", [table, chunk]).fetchall()
        found.setdefault(table, []).extend(row[0] for row in rows)
        for child in (t for t in HUB_TABLES if t.with_parent and t.parent and t.parent[0] == table):
            rows = conn.execute(
                "SELECT factdesk.pull_children(%s, %s)", [child.name, chunk]
            ).fetchall()
            found.setdefault(child.name, []).extend(row[0] for row in rows)
    return found


def _key(table: str, row: Any) -> str | None:
    try:
        return next(t for t in TABLES if t.name == table).key_of(row)
    except (KeyError, TypeError):
        return None


def _latest_change(conn: psycopg.Connection) -> int:
    row = conn.execute("SELECT factdesk.latest_change()").fetchone()
    return int(row[0]) if row else 0


# --- pushing -----------------------------------------------------------------------


def _refused_deletions(conn: psycopg.Connection, box: Batch) -> dict[tuple[str, str], str]:
    """The deletions (tombstones saying deleted, rows to delete) the hub would refuse us,
    with its reason: asked of the hub's own rule, so they are left out, not failed on."""
    with_parent = {t.name for t in TABLES if t.with_parent}
    wanted = {(t, row_id) for t, ids in box.deleted.items() for row_id in ids}
    for stone in box.rows.get("tombstones", []):
        if stone["deleted"]:
            wanted.add((stone["tbl"], stone["row_id"]))
    refused: dict[tuple[str, str], str] = {}
    for table, row_id in sorted(wanted):
        if table in with_parent:
            continue
        row = conn.execute("SELECT factdesk.deletion_refusal(%s, %s)", [table, row_id]).fetchone()
        if row and row[0]:
            refused[(table, row_id)] = row[0]
    return refused


def _as_json(value: Any) -> Any:
    """A value as the hub's push function takes it (bytea as PostgreSQL's hex text)."""
    if isinstance(value, bytes | memoryview):
        return "\\x" + bytes(value).hex()
    return value


def _batches(rows: list[dict]) -> Any:
    batch: list[dict] = []
    size = 0
    for row in rows:
        item = {k: _as_json(v) for k, v in row.items() if k != "recorded_by"}
        length = sum(len(v) for v in item.values() if isinstance(v, str))
        if batch and (len(batch) >= BATCH_ROWS or size + length > BATCH_BYTES):
            yield batch
            batch, size = [], 0
        batch.append(item)
        size += length
    if batch:
        yield batch


def _send_rows(conn: psycopg.Connection, box: Batch, refused: dict, pushed: Pushed) -> None:
    for t in HUB_TABLES:
        rows = box.rows.get(t.name, [])
        if t.name == "tombstones":
            rows = [r for r in rows if (r["tbl"], r["row_id"]) not in refused]
        if not rows:
            continue
        for batch in _batches(rows):
            lines = conn.execute("SELECT factdesk.push(%s, %s)", [t.name, Jsonb(batch)]).fetchall()
            pushed.refused += [line[0] for line in lines]
            pushed.sent[t.name] += len(batch) - len(lines)


def _send_duplicates(conn: psycopg.Connection, box: Batch, pushed: Pushed) -> None:
    for t in HUB_TABLES:
        if not t.deduplicated:
            continue
        for row_id in box.duplicates.get(t.name, []):
            kept = conn.execute("SELECT factdesk.drop_duplicate(%s, %s)", [t.name, row_id])
            if (found := kept.fetchone()) and found[0]:
                pushed.sent[f"{t.name} merged"] += 1


def _send_deletions(conn: psycopg.Connection, box: Batch, refused: dict, pushed: Pushed) -> None:
    # Children first: a claim's evidence and history, then claims, then articles.
    for t in reversed(HUB_TABLES):
        if not (t.tombstoned or t.with_parent):
            continue
        ids = [i for i in box.deleted.get(t.name, []) if (t.name, i) not in refused]
        if not ids:
            continue
        lines = conn.execute("SELECT factdesk.delete_rows(%s, %s)", [t.name, ids]).fetchall()
        pushed.refused += [line[0] for line in lines]
        pushed.sent[f"{t.name} deleted"] += len(ids) - len(lines)


__all__ = ["HubError", "HubTransport", "SyncReport", "open_hub"]
