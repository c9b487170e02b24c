"""Claim families (migration 0017): which claims a checker linked as one claim. Writes run
inside the caller's `Store.write()` transaction."""

from __future__ import annotations

from sqlite_utils import Database


def memberships(db: Database, claim_ids: list[str]) -> dict[str, str]:
    """claim id -> family id, for those of `claim_ids` in a family."""
    found: dict[str, str] = {}
    for start in range(0, len(claim_ids), 500):
        chunk = claim_ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        found.update(
            db.execute(
                f"SELECT claim_id, family_id FROM claim_family_members WHERE claim_id IN ({marks})",
                chunk,
            ).fetchall()
        )
    return found


def members(db: Database, family_id: str) -> list[str]:
    rows = db.execute(
        "SELECT claim_id FROM claim_family_members WHERE family_id = ? ORDER BY added_at, claim_id",
        [family_id],
    )
    return [row[0] for row in rows.fetchall()]


def create_family(db: Database, family_id: str, at: str) -> None:
    db.execute(
        "INSERT INTO claim_families (id, created_at, updated_at) VALUES (?, ?, ?)",
        [family_id, at, at],
    )


def set_membership(
    db: Database, claim_id: str, family_id: str | None, at: str, by: str | None
) -> None:
    """Put a claim in a family (None: in none), then drop families left under two members."""
    db.execute("DELETE FROM claim_family_members WHERE claim_id = ?", [claim_id])
    if family_id is not None:
        if not db.execute("SELECT 1 FROM claim_families WHERE id = ?", [family_id]).fetchone():
            create_family(db, family_id, at)
        db.execute(
            "INSERT INTO claim_family_members (claim_id, family_id, added_at, added_by)"
            " VALUES (?, ?, ?, ?)",
            [claim_id, family_id, at, by],
        )
        db.execute("UPDATE claim_families SET updated_at = ? WHERE id = ?", [at, family_id])


def drop_small_families(db: Database) -> None:
    """A family of one claim is no family: its last member leaves it."""
    db.execute(
        "DELETE FROM claim_family_members WHERE family_id IN (SELECT family_id FROM"
        " claim_family_members GROUP BY family_id HAVING count(*) < 2)"
    )
    db.execute(
        "DELETE FROM claim_families WHERE id NOT IN (SELECT family_id FROM claim_family_members)"
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
