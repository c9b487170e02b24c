"""What a merge or a sync needs to know about changes: field clocks, deletions, and
which rows changed since a point in the local history.

The rules (used by bundles now, and meant for a shared server later):

- A claim's or an evidence link's own fields are merged one by one: each field (or
  group of fields that only make sense together, like a claim's span) keeps the time
  it was last set in the row's `field_times` JSON; a field not named there dates from
  the row's creation. The newer value wins; at the same time, the greater value.
- Histories (verdicts, status changes) are unions; a claim's current verdict, status
  and assignee are always recomputed from them (`recompute_claims`), never copied.
- A deletion is a tombstone (table, row id, time). An undo of the deletion writes the
  same tombstone with deleted=0 and a newer time; the newest wins. A row is gone when it
  was last deleted at or after its last change (its "activity time"), so work done on
  another laptop after the deletion brings it back, and work before it does not.
- `row_changes` logs every row written here with a local, increasing sequence number
  (appended by triggers): `changed_since(db, n)` lists what to send to a server. A row
  listed there that is neither in its table nor tombstoned was given another id by a
  merge (two laptops had imported the same article; the smaller id is kept).
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from sqlite_utils import Database

from factdesk.store.tables import BY_NAME, TABLES

# For each table, its clocked fields: clock name -> the columns it covers (store/tables.py).
FIELD_CLOCKS: dict[str, dict[str, tuple[str, ...]]] = {
    t.name: dict(t.clocks) for t in TABLES if t.clocks
}
# The column each table's rows were created at: the time of a field not in field_times.
CREATED_COLUMN = {t.name: t.created for t in TABLES if t.created}


def clock_of(table: str, column: str) -> str | None:
    for clock, columns in FIELD_CLOCKS[table].items():
        if column in columns:
            return clock
    return None


def field_times(row: dict) -> dict[str, str]:
    if not row.get("field_times"):
        return {}
    try:
        times = json.loads(row.get("field_times") or "{}")
    except ValueError:
        return {}
    return times if isinstance(times, dict) else {}


def stamp_fields(table: str, row: dict, columns: Iterable[str], at: str) -> str:
    """The row's field_times with the clocks of `columns` set to `at` (as JSON)."""
    times = field_times(row)
    for column in columns:
        clock = clock_of(table, column)
        if clock:
            times[clock] = at
    return json.dumps(times, sort_keys=True)


def activity_time(table: str, row: dict) -> str:
    """When a row last changed: what a tombstone is compared with."""
    times: list[str] = []
    for column in BY_NAME[table].changed if table in BY_NAME else ():
        times += field_times(row).values() if column == "field_times" else [row[column]]
    return max(times, default="")


def record_tombstones(
    db: Database,
    table: str,
    row_ids: Iterable[str],
    at: str,
    *,
    article_id: str | None = None,
    deleted: bool = True,
) -> None:
    """Record that rows were deleted (or, deleted=False, put back by an undo) at `at`."""
    db.conn.executemany(
        """INSERT INTO tombstones (tbl, row_id, article_id, deleted, at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (tbl, row_id) DO UPDATE SET deleted = excluded.deleted,
             at = excluded.at, article_id = coalesce(excluded.article_id, article_id)""",
        [(table, row_id, article_id, int(deleted), at) for row_id in row_ids],
    )


def is_gone(register: tuple[int, str] | None, activity: str) -> bool:
    """Whether a tombstone (deleted, at) outlives a row last changed at `activity`."""
    return register is not None and bool(register[0]) and register[1] >= activity


def row_key(table: str, row: dict) -> str:
    """The name row_changes (and a bundle's index) gives a row: its id, or for the tables
    without one, what makes it unique."""
    return BY_NAME[table].key_of(row)


def changed_since(db: Database, seq: int, limit: int = 10_000) -> list[tuple[str, str, int]]:
    """(table, row id, sequence number) of rows written after `seq`, each once (with its
    latest number), oldest first. Deleted rows are listed too (with their tombstone,
    itself listed as a row of "tombstones")."""
    return [
        (table, row_id, last)
        for table, row_id, last in db.execute(
            """SELECT tbl, row_id, max(seq) AS last FROM row_changes WHERE seq > ?
               GROUP BY tbl, row_id ORDER BY last LIMIT ?""",
            [seq, limit],
        )
    ]


def compact_changes(db: Database) -> int:
    """Drop log entries a later one for the same row supersedes (changed_since reads the
    same after); returns how many. Call inside a write transaction."""
    return db.execute(
        "DELETE FROM row_changes WHERE seq NOT IN (SELECT max(seq) FROM row_changes"
        " GROUP BY tbl, row_id)"
    ).rowcount


def recompute_claims(db: Database, claim_ids: Iterable[str]) -> None:
    """Set each claim's current verdict, status and assignee from its history, and its
    updated_at to no earlier than its latest history entry."""
    # Only rows whose values change are written (a merge that brings nothing new
    # leaves every row, and its change number, as it was).
    db.conn.executemany(
        """UPDATE claims SET verdict = derived.verdict, verdict_at = derived.verdict_at,
             status = derived.status, assignee = derived.assignee,
             updated_at = derived.updated_at
           FROM (SELECT id,
               (SELECT coalesce(rating, 'Conclusion') FROM verdicts WHERE claim_id = c.id
                ORDER BY at DESC, id DESC LIMIT 1) AS verdict,
               (SELECT max(at) FROM verdicts WHERE claim_id = c.id) AS verdict_at,
               coalesce((SELECT status FROM status_changes WHERE claim_id = c.id
                         ORDER BY at DESC, id DESC LIMIT 1), 'new') AS status,
               (SELECT assignee FROM status_changes WHERE claim_id = c.id
                ORDER BY at DESC, id DESC LIMIT 1) AS assignee,
               max(updated_at,
                   coalesce((SELECT max(at) FROM verdicts WHERE claim_id = c.id), ''),
                   coalesce((SELECT max(at) FROM status_changes WHERE claim_id = c.id), ''))
                 AS updated_at
             FROM claims AS c WHERE c.id = ?) AS derived
           WHERE claims.id = derived.id AND (claims.verdict IS NOT derived.verdict
             OR claims.verdict_at IS NOT derived.verdict_at OR claims.status IS NOT derived.status
             OR claims.assignee IS NOT derived.assignee
             OR claims.updated_at IS NOT derived.updated_at)""",
        [(claim_id,) for claim_id in claim_ids],
    )


def merged_fields(table: str, local: dict, incoming: dict) -> dict:
    """Each clocked field group from whichever side set it last (ties: greater value);
    field_times keeps, per group, the later of the two sides' times."""
    created = CREATED_COLUMN[table]
    local_times, incoming_times = field_times(local), field_times(incoming)
    fields: dict = {}
    merged_times = {}
    for clock, columns in FIELD_CLOCKS[table].items():
        mine = local_times.get(clock, local[created])
        theirs = incoming_times.get(clock, incoming[created])
        local_values = [local[c] for c in columns]
        incoming_values = [incoming[c] for c in columns]
        winner = local_values
        if incoming_values != local_values and (
            theirs > mine or (theirs == mine and repr(incoming_values) > repr(local_values))
        ):
            winner = incoming_values
        fields.update(zip(columns, winner, strict=True))
        if clock in local_times or clock in incoming_times:
            merged_times[clock] = max(mine, theirs)
    fields["field_times"] = json.dumps(merged_times, sort_keys=True) if merged_times else None
    return fields
