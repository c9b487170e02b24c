"""Syncing a laptop with its hub: pull what others pushed, merge it like a bundle
(store/merge.py), push what changed here.

1. Pull, without any lock: every hub row changed after the last pull, read in one
   REPEATABLE READ snapshot, merged locally in one SQLite transaction that also records
   how far it got (store/outbox.py keeps the rows that came in from being sent back).
2. Push, under the hub's change lock (the one every write to the hub takes, so pushes
   happen one at a time): first merge whatever was pushed since step 1, so what we send
   is the merge of the hub's rows and ours; then send our changed rows, deletions and
   rows merged into another id; then commit, and only then record locally that it is
   pushed.

The hub is reached only through its functions (hub/access.py): they decide what this
login may write, and say why not for each row they refuse. What comes from the hub is
checked like a bundle (store/bundle.py `check_pulled`): a bad row is set aside with one
line, and the rest of the sync goes on.

Cut off anywhere, both sides stay consistent: the hub commits a push whole or not at
all; the laptop records a pull with its merge, and a push only after the hub has it.
The next sync re-sends what may not have arrived (the hub ignores rows it has) and
completes. What the hub refuses (deleting an article without being an editor, another
checker's verdict) stays on this laptop, and the report says so.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from factdesk.hub.admin import HubInfo, hub_info, list_checkers
from factdesk.hub.connect import HubAddress, HubError, connect, explain
from factdesk.hub.schema import TABLE_KEYS
from factdesk.model import now_iso
from factdesk.store import outbox as ob
from factdesk.store.bundle import check_pulled
from factdesk.store.merge import Merge

Progress = Callable[[str], None]


@dataclass
class SyncReport:
    hub: str
    role: str
    received: Counter = field(default_factory=Counter)
    sent: Counter = field(default_factory=Counter)
    refused: list[str] = field(default_factory=list)
    set_aside: list[str] = field(default_factory=list)  # rows from the hub not taken

    def summary(self) -> str:
        def counts(counter: Counter) -> str:
            total = sum(counter.values())
            if not total:
                return "nothing"
            parts = ", ".join(f"{n} {table}" for table, n in sorted(counter.items()) if n)
            return f"{total} rows ({parts})"

        line = f"synced with hub {self.hub} as {self.role}: received {counts(self.received)}; "
        line += f"sent {counts(self.sent)}"
        if self.refused:
            line += f"; {len(self.refused)} changes kept on this laptop only"
        if self.set_aside:
            line += f"; {len(self.set_aside)} rows from the hub set aside"
        return line


def sync(db: Any, address: HubAddress, *, progress: Progress | None = None) -> SyncReport:
    """Pull and push once; raises HubError (one line) when the hub fails us."""
    say = progress or (lambda _message: None)
    say(f"connecting to hub {address.label}")
    with connect(address) as conn:
        info = hub_info(conn, address)
        report = SyncReport(address.label, info.role)
        try:
            _pull_and_merge(db, conn, info, report, say, locked=False)
            if _push(db, conn, info, report, say):
                # Our rows as the hub recorded them (who, the name shown, bounded times).
                own = SyncReport(report.hub, report.role)
                _pull_and_merge(db, conn, info, own, say, locked=False)
                report.set_aside += own.set_aside
            state = ob.hub_state(db, info.hub_id)
            assert state is not None
            state.role = info.role
            state.checkers = [
                {"name": c.name, "editor": c.editor, "display_name": c.shown}
                for c in list_checkers(conn)
                if c.active and c.org == info.org
            ]
            state.previous_synced_at, state.synced_at = state.synced_at, now_iso()
            with db.write():
                ob.save_hub_state(db, state)
        except psycopg.Error as error:
            raise explain(error, address) from None
    return report


# --- pulling -----------------------------------------------------------------------


def _pull_and_merge(
    db: Any, conn: psycopg.Connection, info: HubInfo, report: SyncReport, say: Progress,
    *, locked: bool,
) -> bool:  # fmt: skip
    state = ob.hub_state(db, info.hub_id)
    assert state is not None
    if locked:  # inside the push transaction, holding the change lock: all is visible
        incoming, up_to = _read_changes(db, conn, state.pulled_seq, say)
    else:  # one snapshot for every table
        with conn.transaction():
            conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            incoming, up_to = _read_changes(db, conn, state.pulled_seq, say)
    if up_to <= state.pulled_seq:
        return False
    incoming, problems = check_pulled(db, incoming)
    for line in problems:
        say(f"set aside: {line}")
    report.set_aside += problems
    count = sum(len(rows) for rows in incoming.values())
    if count:
        say(f"merging {count} rows from the hub")
    with db.write():
        before = ob.last_change(db)
        if count:
            Merge(db, trusted=True).run(incoming)
        state.pushed_seq = ob.settle_pull(db, before, incoming, state.pushed_seq)
        state.pulled_seq = up_to
        ob.save_hub_state(db, state)
    for table, rows in incoming.items():
        report.received[table] += len(rows)
    return True


def _read_changes(
    db: Any, conn: psycopg.Connection, after: int, say: Progress
) -> tuple[dict[str, list[Any]], int]:
    """The hub's rows (of our organisation) changed after `after`, and the hub's latest
    change number they go up to. Rows as the hub sent them: checked later."""
    up_to = _latest_change(conn)
    incoming: dict[str, list[Any]] = {}
    if up_to <= after:
        return incoming, up_to
    say(f"receiving hub changes {after + 1} to {up_to}")
    for table in TABLE_KEYS:
        rows = conn.execute("SELECT factdesk.pull(%s, %s, %s)", [table, after, up_to]).fetchall()
        if rows:
            incoming[table] = [row[0] for row in rows]
    # A merge takes an article's posts, and a scale's levels, from the incoming rows as a
    # whole: send every one of them with a changed parent, changed or not.
    for child, parent in (("posts", "articles"), ("rating_levels", "rating_scales")):
        parents = [r["id"] for r in incoming.get(parent, []) if isinstance(r, dict) and "id" in r]
        if not parents:
            continue
        have = {_key(child, row) for row in incoming.get(child, [])}
        extra = [
            row[0]
            for row in conn.execute(
                "SELECT factdesk.pull_children(%s, %s)", [child, parents]
            ).fetchall()
            if _key(child, row[0]) not in have
        ]
        if extra:
            incoming.setdefault(child, []).extend(extra)
    return incoming, up_to


def _key(table: str, row: Any) -> str | None:
    try:
        return ob.row_key(table, row)
    except (KeyError, TypeError):
        return None


def _latest_change(conn: psycopg.Connection) -> int:
    row = conn.execute("SELECT factdesk.latest_change()").fetchone()
    return int(row[0]) if row else 0


# --- pushing -----------------------------------------------------------------------


def _push(
    db: Any, conn: psycopg.Connection, info: HubInfo, report: SyncReport, say: Progress
) -> bool:
    state = ob.hub_state(db, info.hub_id)
    assert state is not None
    # Read before taking the lock (the lock's holder should not sit idle reading its own
    # database); read again only if what was pushed meanwhile changed rows here.
    box = ob.outbox(db, state.pushed_seq)
    if not box:
        return False
    with conn.transaction():
        conn.execute("SELECT factdesk.take_change_lock()")
        if _pull_and_merge(db, conn, info, report, say, locked=True):
            state = ob.hub_state(db, info.hub_id)
            assert state is not None
            box = ob.outbox(db, state.pushed_seq)
        say(f"sending {box.count()} changes to the hub")
        refused = _refused_deletions(conn, box)
        _send_rows(conn, box, refused, report)
        _send_duplicates(conn, box, report)
        _send_deletions(conn, box, refused, report)
    report.refused += [f"{table} {row_id}: {reason}" for (table, row_id), reason in
                       refused.items()]  # fmt: skip
    for line in report.refused:
        say(f"kept on this laptop only: {line}")
    state.pushed_seq = box.last_seq
    with db.write():
        ob.save_hub_state(db, state)
    return True


def _refused_deletions(conn: psycopg.Connection, box: ob.Outbox) -> dict[tuple[str, str], str]:
    """The deletions (tombstones saying deleted, rows to delete) the hub would refuse us,
    with its reason: asked of the hub's own rule, so they are left out, not failed on."""
    wanted = {(t, row_id) for t, ids in box.deleted.items() for row_id in ids}
    for stone in box.rows.get("tombstones", []):
        if stone["deleted"]:
            wanted.add((stone["tbl"], stone["row_id"]))
    refused: dict[tuple[str, str], str] = {}
    for table, row_id in sorted(wanted):
        if table in ob.REPLACED_WITH_PARENT:
            continue
        row = conn.execute("SELECT factdesk.deletion_refusal(%s, %s)", [table, row_id]).fetchone()
        if row and row[0]:
            refused[(table, row_id)] = row[0]
    return refused


# Rows per call of the hub's push function (it takes at most 10,000).
BATCH_ROWS = 2_000
BATCH_BYTES = 32 * 1024**2


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


def _send_rows(conn: psycopg.Connection, box: ob.Outbox, refused: dict, report: SyncReport) -> None:
    for table in TABLE_KEYS:
        rows = box.rows.get(table, [])
        if table == "tombstones":
            rows = [r for r in rows if (r["tbl"], r["row_id"]) not in refused]
        if not rows:
            continue
        for batch in _batches(rows):
            lines = conn.execute("SELECT factdesk.push(%s, %s)", [table, Jsonb(batch)]).fetchall()
            report.refused += [line[0] for line in lines]
            report.sent[table] += len(batch) - len(lines)


def _send_duplicates(conn: psycopg.Connection, box: ob.Outbox, report: SyncReport) -> None:
    for table in ("articles", "claims", "prior_checks"):
        for row_id in box.duplicates.get(table, []):
            kept = conn.execute("SELECT factdesk.drop_duplicate(%s, %s)", [table, row_id])
            if (found := kept.fetchone()) and found[0]:
                report.sent[f"{table} merged"] += 1


def _send_deletions(
    conn: psycopg.Connection, box: ob.Outbox, refused: dict, report: SyncReport
) -> None:
    # Children first: a claim's evidence and history, then claims, then articles.
    order = ("posts", "rating_levels", "evidence", "verdicts", "status_changes",
             "prior_checks", "claims", "articles")  # fmt: skip
    for table in order:
        ids = [i for i in box.deleted.get(table, []) if (table, i) not in refused]
        if not ids:
            continue
        lines = conn.execute("SELECT factdesk.delete_rows(%s, %s)", [table, ids]).fetchall()
        report.refused += [line[0] for line in lines]
        report.sent[f"{table} deleted"] += len(ids) - len(lines)


__all__ = ["HubError", "SyncReport", "sync"]
