"""Saved lists, seen-before marks and the figures of the statistics view (see migration
0015). Reads take the Store; writes run inside the caller's `Store.write()` transaction."""

from __future__ import annotations

from sqlite_utils import Database

from factdesk.model import now_iso
from factdesk.store.sync import record_tombstones

_LIST_COLUMNS = "id, name, filter, scope, position, created_at, updated_at"


# --- saved lists ------------------------------------------------------------------


def saved_lists(db: Database) -> list[dict]:
    rows = db.execute(f"SELECT {_LIST_COLUMNS} FROM saved_lists ORDER BY position, name")
    return [dict(zip(_LIST_COLUMNS.split(", "), row, strict=True)) for row in rows.fetchall()]


def saved_list_by_name(db: Database, name: str) -> dict | None:
    row = db.execute(
        f"SELECT {_LIST_COLUMNS} FROM saved_lists WHERE name = ? COLLATE NOCASE", [name]
    ).fetchone()
    return dict(zip(_LIST_COLUMNS.split(", "), row, strict=True)) if row else None


def next_list_position(db: Database) -> int:
    return db.execute("SELECT coalesce(max(position), 0) + 1 FROM saved_lists").fetchone()[0]


def put_saved_list(db: Database, row: dict) -> None:
    """Insert or replace a saved list (by id; a list of the same name gives way). A list
    put back after its removal is undeleted for the team too (a newer tombstone says so)."""
    record_tombstones(db, "saved_lists", _deleted(db, row["id"]), now_iso(), deleted=False)
    db.execute("DELETE FROM saved_lists WHERE name = ? AND id != ?", [row["name"], row["id"]])
    db.execute(
        """INSERT INTO saved_lists (id, name, filter, scope, position, created_at, updated_at)
           VALUES (:id, :name, :filter, :scope, :position, :created_at, :updated_at)
           ON CONFLICT (id) DO UPDATE SET name = excluded.name, filter = excluded.filter,
           scope = excluded.scope, position = excluded.position,
           updated_at = excluded.updated_at""",
        row,
    )


def delete_saved_list(db: Database, list_id: str) -> None:
    """Remove a saved list; its tombstone tells other laptops (bundles, the hub)."""
    record_tombstones(db, "saved_lists", [list_id], now_iso())
    db.execute("DELETE FROM saved_lists WHERE id = ?", [list_id])


def _deleted(db: Database, list_id: str) -> list[str]:
    found = db.execute(
        "SELECT row_id FROM tombstones WHERE tbl = 'saved_lists' AND row_id = ? AND deleted = 1",
        [list_id],
    ).fetchall()
    return [row[0] for row in found]


# --- seen before --------------------------------------------------------------------


def any_rated(db: Database) -> bool:
    return (
        db.execute(
            "SELECT 1 FROM claims INDEXED BY claims_verdict WHERE verdict IS NOT NULL LIMIT 1"
        ).fetchone()
        is not None
    )


def rated_signature(db: Database) -> tuple[int, str | None]:
    """Changes whenever a claim is rated, unrated or edited (the rated index is stale)."""
    row = db.execute(
        "SELECT count(*), max(updated_at) FROM claims INDEXED BY claims_verdict"
        " WHERE verdict IS NOT NULL"
    ).fetchone()
    return (row[0], row[1])


def mark_seen_before(db: Database, claim_id: str, earlier_id: str, score: float, at: str) -> None:
    db.execute(
        """INSERT INTO seen_before (claim_id, earlier_claim_id, score, found_at)
           VALUES (?, ?, ?, ?) ON CONFLICT (claim_id) DO UPDATE SET
           earlier_claim_id = excluded.earlier_claim_id, score = excluded.score,
           found_at = excluded.found_at""",
        [claim_id, earlier_id, score, at],
    )


def seen_before(db: Database, claim_ids: list[str]) -> dict[str, tuple[str, float]]:
    """For those of `claim_ids` marked: claim id -> (earlier claim id, score)."""
    found: dict[str, tuple[str, float]] = {}
    for start in range(0, len(claim_ids), 500):
        chunk = claim_ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for claim_id, earlier, score in db.execute(
            "SELECT claim_id, earlier_claim_id, score FROM seen_before"
            f" WHERE claim_id IN ({marks})",
            chunk,
        ):
            found[claim_id] = (earlier, score)
    return found


def appearances(db: Database, earlier_id: str) -> int:
    """How many times a claim has appeared: itself and the claims marked as repeating it."""
    repeats = db.execute(
        "SELECT count(*) FROM seen_before JOIN claims ON claims.id = seen_before.claim_id"
        " WHERE earlier_claim_id = ?",
        [earlier_id],
    ).fetchone()[0]
    return 1 + repeats


# --- statistics ---------------------------------------------------------------------


def verdict_rows(db: Database) -> list[tuple[str, str | None, str | None]]:
    """Every verdict entry: (at, reviewer, rating)."""
    return [tuple(row) for row in db.execute("SELECT at, reviewer, rating FROM verdicts")]


# (INDEXED BY: for "verdict IS NOT NULL" the planner would scan every claim; the rated
# are few, and their index finds them at once.)
def backlog_by_status(db: Database) -> dict[str, int]:
    """Claims without a verdict, per status: all claims per status (read from the status
    index alone) less the rated ones (few), rather than reading every unrated row."""
    every = dict(db.execute("SELECT status, count(*) FROM claims GROUP BY status").fetchall())
    for status, rated in db.execute(
        "SELECT status, count(*) FROM claims INDEXED BY claims_verdict"
        " WHERE verdict IS NOT NULL GROUP BY status"
    ).fetchall():
        every[status] -= rated
    return {status: count for status, count in every.items() if count}


def import_to_first_verdict(db: Database) -> list[tuple[str, str]]:
    """For each claim with a verdict now: (created_at, at of its first verdict entry)."""
    rows = db.execute(
        """SELECT claims.created_at,
                  (SELECT min(at) FROM verdicts WHERE verdicts.claim_id = claims.id)
           FROM claims INDEXED BY claims_verdict WHERE claims.verdict IS NOT NULL"""
    )
    return [(row[0], row[1]) for row in rows.fetchall() if row[1] is not None]


def claim_total(db: Database) -> int:
    return db.execute("SELECT count(*) FROM claims").fetchone()[0]
