"""The claims' encoder vectors (migration 0017_claim_vectors), for the paraphrase look-ups of claim
memory (factdesk/memory.py). Writes run inside the caller's `Store.write()` transaction."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from sqlite_utils import Database


def put_vectors(db: Database, rows: Iterable[tuple[str, str, bytes]]) -> None:
    """Keep (claim id, key, int8 vector bytes) rows, replacing a claim's older one (with a
    new rowid: `vectors_after` then sees the replacement)."""
    db.conn.executemany(
        "INSERT OR REPLACE INTO claim_vectors (claim_id, key, vector) VALUES (?, ?, ?)",
        list(rows),
    )


def vectors_of(db: Database, claim_ids: list[str]) -> dict[str, tuple[str, bytes]]:
    """claim id -> (key, vector bytes), for those of `claim_ids` that have one."""
    found: dict[str, tuple[str, bytes]] = {}
    for start in range(0, len(claim_ids), 500):
        chunk = claim_ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for claim_id, key, vector in db.execute(
            f"SELECT claim_id, key, vector FROM claim_vectors WHERE claim_id IN ({marks})", chunk
        ):
            found[claim_id] = (key, vector)
    return found


def rated_claims_with_vectors(db: Database) -> list[tuple[str, str, str, str | None, bytes | None]]:
    """Every claim with a current verdict: (id, text, article id, vector key, vector)."""
    rows = db.execute(
        "SELECT claims.id, claims.text, claims.article_id, claim_vectors.key,"
        " claim_vectors.vector FROM claims INDEXED BY claims_verdict"
        " LEFT JOIN claim_vectors ON claim_vectors.claim_id = claims.id"
        " WHERE claims.verdict IS NOT NULL"
    )
    return [tuple(row) for row in rows.fetchall()]


def vectors_after(db: Database, rowid: int, batch: int = 20000) -> Iterator[tuple[int, str, bytes]]:
    """Stored vectors added or replaced after `rowid`: (rowid, claim id, vector), in order."""
    while True:
        rows = db.execute(
            "SELECT rowid, claim_id, vector FROM claim_vectors WHERE rowid > ?"
            " ORDER BY rowid LIMIT ?",
            [rowid, batch],
        ).fetchall()
        yield from rows
        if len(rows) < batch:
            return
        rowid = rows[-1][0]


def claims_without_vectors(db: Database) -> int:
    """How many claims have no stored vector (an anti-join over every claim: tens of ms)."""
    return db.execute(
        "SELECT count(*) FROM claims WHERE NOT EXISTS"
        " (SELECT 1 FROM claim_vectors WHERE claim_vectors.claim_id = claims.id)"
    ).fetchone()[0]


def change_number(db: Database) -> tuple[int, int]:
    """Changes whenever the database may have: another connection committed (SQLite's
    data_version), or this one changed rows (its total changes). Both read in microseconds,
    where counting the claims took a millisecond a look-up at 100,000."""
    version = db.execute("PRAGMA data_version").fetchone()[0]
    return (version, db.conn.total_changes)


def forget(db: Database, claim_ids: list[str]) -> None:
    """Drop the vectors of claims gone for good (the trash emptied)."""
    db.conn.executemany("DELETE FROM claim_vectors WHERE claim_id = ?", [(c,) for c in claim_ids])
