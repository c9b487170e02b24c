"""Articles whose claims still carry provisional scores (migration 0021): an import stores
the n-gram score at once and no kind, and the refinement that runs the sentence encoder
after it (desk/articles.py) stores the final ones and removes the article's mark.

A mark is local, like claim_vectors: never synced or bundled (a sync or a bundle export
refines first, so a provisional score never leaves this laptop). It has no foreign key:
an article moved to the trash keeps its mark and is refined once restored. Writes run
inside the caller's `Store.write()` transaction."""

from __future__ import annotations

from sqlite_utils import Database

from factdesk.store.migrations import MIGRATIONS


@MIGRATIONS(name="0021_provisional_articles")
def _provisional_articles(db: Database) -> None:
    # `since`: when the earliest import not yet refined stored its claims (a claim created
    # then or later, and not rescored by hand since, gets the refined values).
    db.execute(
        "CREATE TABLE provisional_articles (article_id TEXT PRIMARY KEY, since TEXT NOT NULL)"
    )


def mark(db: Database, article_id: str, since: str) -> None:
    """The article's claims stored at `since` are provisional (an earlier mark is kept)."""
    db.execute(
        "INSERT INTO provisional_articles (article_id, since) VALUES (?, ?)"
        " ON CONFLICT (article_id) DO UPDATE SET since = min(since, excluded.since)",
        [article_id, since],
    )


def since(db: Database, article_id: str) -> str | None:
    """When the article's provisional claims were stored (None: it is refined)."""
    row = db.execute(
        "SELECT since FROM provisional_articles WHERE article_id = ?", [article_id]
    ).fetchone()
    return row[0] if row else None


def unmark(db: Database, article_id: str) -> None:
    db.execute("DELETE FROM provisional_articles WHERE article_id = ?", [article_id])


def pending(db: Database, limit: int | None = None) -> list[str]:
    """The articles (not in the trash) still to refine, oldest mark first."""
    rows = db.execute(
        "SELECT article_id FROM provisional_articles JOIN articles ON articles.id = article_id"
        " ORDER BY since, article_id LIMIT ?",
        [-1 if limit is None else limit],
    )
    return [row[0] for row in rows]


def claims_to_refine(db: Database, article_id: str) -> list[dict]:
    """The article's claims: id, span, text, when created, and its field clocks."""
    return list(
        db.query(
            'SELECT id, start, "end", text, sentence, created_at, field_times, score,'
            " checkworthy, kind FROM claims WHERE article_id = ? ORDER BY start, id",
            [article_id],
        )
    )


def set_refined(db: Database, claim_id: str, fields: dict) -> None:
    """Store a claim's refined score and kind: derived values, not a person's edit (no
    field clock is set, and updated_at stays: the claim is not marked as worked on)."""
    assignments = ", ".join(f"{name} = ?" for name in fields)
    db.execute(f"UPDATE claims SET {assignments} WHERE id = ?", [*fields.values(), claim_id])


def drop_claims(db: Database, claim_ids: list[str]) -> None:
    """Remove provisional claims that the refinement found are none (a title), with no
    tombstone: they never left this laptop, so no other copy has anything to delete (their
    change-log entries go too, as the trash's do)."""
    for claim_id in claim_ids:
        db.execute("DELETE FROM claims WHERE id = ?", [claim_id])
        db.execute("DELETE FROM row_changes WHERE tbl = 'claims' AND row_id = ?", [claim_id])
