"""Claim families (migration 0018): which claims a checker linked as one claim. Writes run
inside the caller's `Store.write()` transaction.

Each claim's membership is one register that travels in bundles (migration 0019,
store/tables.py): its family id ('' once it left), dated by `added_at`; the later write
wins. Families are derived: a family is the claims whose register names it, when there
are two or more (`claim_families` is kept from the registers, never merged itself)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

from sqlite_utils import Database

from factdesk.store.tables import BY_NAME, change_log_statements, logged_in

COLUMNS = frozenset(BY_NAME["claim_family_members"].column_names)

# A family's members, only where it has two or more (a merge may leave one alone). Only
# claims that are there count: a claim in the trash (its register held there) or deleted
# takes no part, and a family left with one claim is hidden, its registers unchanged.
# EXISTS, not "claim_id IN (SELECT id FROM claims)": SQLite ran that IN by walking the
# claims' whole index (0.1 s a call at 1M claims, on every page of the claims table).
_PRESENT = "EXISTS (SELECT 1 FROM claims WHERE claims.id = claim_family_members.claim_id)"
LIVE = f"""claim_family_members WHERE {_PRESENT} AND family_id IN (SELECT family_id FROM
    claim_family_members WHERE family_id <> '' AND {_PRESENT} GROUP BY family_id
    HAVING count(*) >= 2)"""


def synced_memberships(db: Database) -> None:
    """Migration 0019: the family registers travel (who recorded each, and their changes
    logged like every synced table's)."""
    db.execute("ALTER TABLE claim_family_members ADD COLUMN recorded_by TEXT")
    for statement in change_log_statements(logged_in("0019_synced_claim_families")):
        db.execute(statement)


def memberships(db: Database, claim_ids: list[str]) -> dict[str, str]:
    """claim id -> family id, for those of `claim_ids` in a family."""
    found: dict[str, str] = {}
    for start in range(0, len(claim_ids), 500):
        chunk = claim_ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        found.update(
            db.execute(
                f"SELECT claim_id, family_id FROM {LIVE} AND claim_id IN ({marks})",
                chunk,
            ).fetchall()
        )
    return found


def members(db: Database, family_id: str) -> list[str]:
    rows = db.execute(
        f"SELECT claim_id FROM {LIVE} AND family_id = ? ORDER BY added_at, claim_id",
        [family_id],
    )
    return [row[0] for row in rows.fetchall()]


def families_of(db: Database, claim_ids: list[str]) -> dict[str, list[str]]:
    """claim id -> the ids of its family's claims (itself included), for those in one."""
    found = memberships(db, claim_ids)
    family_members = {family: members(db, family) for family in set(found.values())}
    return {claim_id: family_members[family] for claim_id, family in found.items()}


def create_family(db: Database, family_id: str, at: str) -> None:
    db.execute(
        "INSERT INTO claim_families (id, created_at, updated_at) VALUES (?, ?, ?)",
        [family_id, at, at],
    )


def set_membership(
    db: Database, claim_id: str, family_id: str | None, at: str, by: str | None
) -> None:
    """Put a claim in a family (None: in none); `drop_small_families` tidies after."""
    db.execute(
        "INSERT INTO claim_family_members (claim_id, family_id, added_at, added_by)"
        " VALUES (?, ?, ?, ?) ON CONFLICT (claim_id) DO UPDATE SET family_id ="
        " excluded.family_id, added_at = excluded.added_at, added_by = excluded.added_by",
        [claim_id, family_id or "", at, by],
    )
    if family_id is not None:
        if not db.execute("SELECT 1 FROM claim_families WHERE id = ?", [family_id]).fetchone():
            create_family(db, family_id, at)
        db.execute("UPDATE claim_families SET updated_at = ? WHERE id = ?", [at, family_id])


def drop_small_families(db: Database, at: str, family_ids: Iterable[str | None]) -> None:
    """A family of one claim is no family: its last member leaves it (at `at`). Only the
    families an edit touched, and counting the registers, not the claims present: a
    family whose other members are in the trash is left as it is, to come back whole
    with them (a register written now would travel, and outlive the restore)."""
    touched = sorted({f for f in family_ids if f})
    for start in range(0, len(touched), 500):
        chunk = touched[start : start + 500]
        marks = ",".join("?" * len(chunk))
        db.execute(
            "UPDATE claim_family_members SET family_id = '', added_at = ?, added_by = NULL"
            f" WHERE {_PRESENT} AND family_id IN (SELECT family_id FROM claim_family_members"
            f" WHERE family_id IN ({marks}) GROUP BY family_id HAVING count(*) < 2)",
            [at, *chunk],
        )
    derive_families(db)


def put_back_membership(db: Database, row: dict) -> bool:
    """Write a claim's register (as the trash held it, or as a merge brings it) unless the
    one here is as late or later: the later write wins (ties: the greater family id).
    Whether it was written."""
    here = db.execute(
        "SELECT added_at, family_id FROM claim_family_members WHERE claim_id = ?",
        [row["claim_id"]],
    ).fetchone()
    if here is not None and tuple(here) >= (row["added_at"], row["family_id"]):
        return False
    columns = [c for c in row if c in COLUMNS]
    db.execute(
        f"INSERT OR REPLACE INTO claim_family_members ({', '.join(columns)})"
        f" VALUES ({', '.join('?' * len(columns))})",
        [row[c] for c in columns],
    )
    return True


def derive_families(db: Database) -> None:
    """`claim_families` as the registers say: one row per family of two or more."""
    db.execute(f"DELETE FROM claim_families WHERE id NOT IN (SELECT family_id FROM {LIVE})")
    db.execute(
        f"""INSERT INTO claim_families (id, created_at, updated_at)
            SELECT family_id, min(added_at), max(added_at) FROM {LIVE}
            AND family_id NOT IN (SELECT id FROM claim_families) GROUP BY family_id"""
    )


Appearance = tuple[str, str | None, str, str | None, str | None]


def appearances(db: Database, family_id: str) -> list[Appearance]:
    """Each member's (claim id, when it was said or published, when imported, article URL,
    article title), members whose claim was deleted left out."""
    rows = db.execute(
        """SELECT claims.id, coalesce(claims.said_on, articles.published), articles.imported_at,
                  articles.url, articles.title
           FROM claim_family_members JOIN claims ON claims.id = claim_family_members.claim_id
           JOIN articles ON articles.id = claims.article_id
           WHERE claim_family_members.family_id = ?""",
        [family_id],
    )
    return [(r[0], r[1], r[2], r[3], r[4]) for r in rows.fetchall()]


def merge_family_registers(
    db: Database, rows: list[dict], local_claim: Callable[[str], str | None], counts: Counter
) -> None:
    """Merge incoming family registers (a bundle's or the hub's): for each claim the later
    write wins (ties: the greater family id); the families are then derived again.
    `local_claim` maps an incoming claim id to the one here (None: not here)."""
    for row in sorted(rows, key=lambda r: r["claim_id"]):
        claim_id = local_claim(row["claim_id"])
        if claim_id is not None and put_back_membership(db, {**row, "claim_id": claim_id}):
            counts["claim_family_members"] += 1
    if rows:
        derive_families(db)
