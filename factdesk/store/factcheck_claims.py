"""The claims a fact-check covers besides its own (issue 20: one fact-check for a group of
claims on one point: the same claim said by several people, or in several articles).
Writes run inside the caller's `Store.write()` transaction.

A fact-check belongs to its main claim (factchecks.claim_id). Each other claim has one
register here (migration 0020, synced: store/tables.py): the fact-check that covers it,
or '' once it left one, dated by `added_at`; the later write wins, in a merge as on the
team hub. A claim is in one fact-check: its own wins over a register naming another (two
laptops may each have given it one), and a register naming a fact-check not here counts
for nothing. Migration 0020 is registered here (store/migrations.py is full); store/db.py
imports this module before it migrates.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

from sqlite_utils import Database

from factdesk.store.migrations import MIGRATIONS
from factdesk.store.tables import change_log_statements, logged_in

MIGRATION = "0020_factcheck_claims"

# The registers that count: naming a fact-check here, of a claim that has none of its own.
LIVE = """factcheck_claims AS fc JOIN factchecks AS f ON f.id = fc.factcheck_id
    WHERE fc.claim_id <> f.claim_id
      AND NOT EXISTS (SELECT 1 FROM factchecks AS own WHERE own.claim_id = fc.claim_id)"""


@MIGRATIONS(name=MIGRATION)
def _factcheck_claims(db: Database) -> None:
    # The claims a fact-check covers besides its own (issue 20), one register per claim.
    # No foreign key on factcheck_id: a register whose fact-check went to the trash with
    # its claim finds it again when that comes back.
    db.execute(
        """CREATE TABLE factcheck_claims (
    claim_id TEXT PRIMARY KEY REFERENCES claims(id) ON DELETE CASCADE,
    factcheck_id TEXT NOT NULL,
    added_at TEXT NOT NULL,
    added_by TEXT,
    recorded_by TEXT
)"""
    )
    db.execute("CREATE INDEX factcheck_claims_factcheck ON factcheck_claims(factcheck_id)")
    for statement in change_log_statements(logged_in(MIGRATION)):
        db.execute(statement)


def _pairs(db: Database, sql: str, ids: Iterable[str]) -> list[tuple[str, str]]:
    """The rows of `sql` (its "IN ({marks})" filled) for the ids, 500 at a time."""
    found: list[tuple[str, str]] = []
    listed = list(ids)
    for start in range(0, len(listed), 500):
        chunk = listed[start : start + 500]
        found += db.execute(sql.format(marks=",".join("?" * len(chunk))), chunk).fetchall()
    return found


def covering(db: Database, claim_ids: Iterable[str]) -> dict[str, str]:
    """claim id -> the id of the fact-check covering it, for those of `claim_ids` a
    fact-check of another claim covers."""
    sql = f"SELECT fc.claim_id, fc.factcheck_id FROM {LIVE} AND fc.claim_id IN ({{marks}})"
    return dict(_pairs(db, sql, claim_ids))


def covered(db: Database, factcheck_ids: Iterable[str]) -> dict[str, list[str]]:
    """fact-check id -> the other claims it covers, in the order they were added."""
    found: dict[str, list[str]] = {}
    sql = (
        f"SELECT fc.factcheck_id, fc.claim_id FROM {LIVE} AND fc.factcheck_id IN ({{marks}})"
        " ORDER BY fc.added_at, fc.claim_id"
    )
    for factcheck_id, claim_id in _pairs(db, sql, factcheck_ids):
        found.setdefault(factcheck_id, []).append(claim_id)
    return found


def registers(db: Database, claim_ids: Iterable[str]) -> dict[str, str]:
    """claim id -> the fact-check its register names ('' for none), as stored (what an
    undo puts back)."""
    sql = "SELECT claim_id, factcheck_id FROM factcheck_claims WHERE claim_id IN ({marks})"
    return dict(_pairs(db, sql, claim_ids))


def register_rows(db: Database, claim_id: str) -> list[dict]:
    """The claim's register as stored (none, or one row): what an undo of its deletion
    puts back with it (store/trash.py puts back a claim's children by table)."""
    return list(db.query("SELECT * FROM factcheck_claims WHERE claim_id = ?", [claim_id]))


def set_cover(db: Database, claim_id: str, factcheck_id: str, at: str, by: str | None) -> None:
    """Record that a fact-check covers the claim ('' : none does any more)."""
    db.execute(
        "INSERT INTO factcheck_claims (claim_id, factcheck_id, added_at, added_by)"
        " VALUES (?, ?, ?, ?) ON CONFLICT (claim_id) DO UPDATE SET factcheck_id ="
        " excluded.factcheck_id, added_at = excluded.added_at, added_by = excluded.added_by",
        [claim_id, factcheck_id, at, by],
    )


def follow_factcheck(db: Database, old_id: str, new_id: str) -> None:
    """A fact-check a merge gave another id: its claims' registers follow it."""
    db.execute(
        "UPDATE factcheck_claims SET factcheck_id = ? WHERE factcheck_id = ?", [new_id, old_id]
    )


def merge_registers(
    db: Database,
    rows: list[dict],
    local_claim: Callable[[str], str | None],
    fact_ids: dict[str, str],
    counts: Counter,
) -> None:
    """Merge incoming registers (a bundle's or the hub's): for each claim the later write
    wins (ties: the greater fact-check id). `local_claim` maps an incoming claim id to the
    one here (None: not here); `fact_ids` the fact-check ids the merge changed; `counts`
    counts the registers changed here."""
    for row in sorted(rows, key=lambda r: r["claim_id"]):
        claim_id = local_claim(row["claim_id"])
        if claim_id is None:
            continue
        factcheck_id = fact_ids.get(row["factcheck_id"], row["factcheck_id"])
        local = db.execute(
            "SELECT added_at, factcheck_id FROM factcheck_claims WHERE claim_id = ?", [claim_id]
        ).fetchone()
        if local is not None and (row["added_at"], factcheck_id) <= tuple(local):
            continue
        db.execute("DELETE FROM factcheck_claims WHERE claim_id = ?", [claim_id])
        columns = [c for c in ("added_by", "recorded_by") if c in row]
        db.execute(
            "INSERT INTO factcheck_claims (claim_id, factcheck_id, added_at"
            + "".join(f", {c}" for c in columns)
            + ") VALUES (?, ?, ?"
            + ", ?" * len(columns)
            + ")",
            [claim_id, factcheck_id, row["added_at"], *(row[c] for c in columns)],
        )
        counts["factcheck_claims"] += 1
