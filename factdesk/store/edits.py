"""Every change the Desk makes to the database, as SQL. Each runs inside the caller's
`Store.write()` transaction (they refuse to run outside one: the connection is
query-only there) and keeps the merge bookkeeping of store/sync.py: field clocks for
edits, tombstones for deletions (and their undos), the claim's updated_at for any work
on it, and the current verdict, status and assignee recomputed from the history.
"""

from __future__ import annotations

import dataclasses
import json
import operator
import sqlite3
from collections.abc import Iterable
from typing import Any

from sqlite_utils import Database

from factdesk.model import (
    Article,
    Claim,
    EvidenceEvent,
    Post,
    PriorCheck,
    RatingScale,
    StatusChange,
    Verdict,
)
from factdesk.store.queries import article_row, claim_ids_of_article, claim_row, compress
from factdesk.store.sync import recompute_claims, record_tombstones, stamp_fields

# --- articles -----------------------------------------------------------------------


def upsert_article(db: Database, article: Article) -> None:
    """Insert an article, or update every column of the stored one (same id)."""
    row = article_row(article)
    columns = ", ".join(row)
    marks = ", ".join("?" * len(row))
    updates = ", ".join(f"{c} = excluded.{c}" for c in row if c != "id")
    db.execute(
        f"INSERT INTO articles ({columns}) VALUES ({marks})"
        f" ON CONFLICT(id) DO UPDATE SET {updates}",
        list(row.values()),
    )


def replace_posts(db: Database, article_id: str, posts: list[Post]) -> None:
    db.execute("DELETE FROM posts WHERE article_id = ?", [article_id])
    names = [f.name for f in dataclasses.fields(Post)]
    columns = ", ".join(f'"{n}"' for n in names)  # "end" is an SQL keyword
    marks = ", ".join("?" * len(names))
    db.conn.executemany(
        f"INSERT INTO posts ({columns}) VALUES ({marks})",
        ([getattr(p, n) for n in names] for p in posts),
    )


# Claims inserted by one INSERT statement (its rows' values are bound parameters).
CLAIMS_PER_STATEMENT = 500


def insert_claims(db: Database, claims: list[Claim]) -> None:
    """Insert many new claims (the hot path of every import), up to CLAIMS_PER_STATEMENT
    rows per statement: each statement inside a transaction opens a savepoint, and at each
    savepoint FTS5 writes the terms it holds to a new segment of claims_fts, which its
    automerge then merges. Row by row (executemany) that was a segment per claim: half
    of the insert's time. The rows, their rowids and the triggers' work are the same."""
    names = [f.name for f in dataclasses.fields(Claim)]
    columns = ", ".join(f'"{n}"' for n in names)
    row_marks = "(" + ", ".join("?" * len(names)) + ")"
    values = operator.attrgetter(*names)  # (one C call per claim for its row)
    checkworthy = names.index("checkworthy")
    limit = db.conn.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) // len(names)
    per_statement = max(1, min(CLAIMS_PER_STATEMENT, limit))
    for start in range(0, len(claims), per_statement):
        chunk = claims[start : start + per_statement]
        params: list[Any] = []
        for claim in chunk:
            row = list(values(claim))
            row[checkworthy] = None if claim.checkworthy is None else int(claim.checkworthy)
            params.extend(row)
        db.conn.execute(
            f"INSERT INTO claims ({columns}) VALUES " + ", ".join([row_marks] * len(chunk)),
            params,
        )


def delete_article(db: Database, article_id: str, at: str) -> None:
    """Delete an article with its claims (and their work), leaving tombstones for each."""
    claim_ids = claim_ids_of_article(db, article_id)
    record_tombstones(db, "claims", claim_ids, at, article_id=article_id)
    record_tombstones(db, "articles", [article_id], at, article_id=article_id)
    db.execute("DELETE FROM articles WHERE id = ?", [article_id])


# --- claims ---------------------------------------------------------------------------


def unworked_claims(db: Database, article_id: str) -> tuple[list[str], list[dict]]:
    """An article's claims nobody has worked on (ids), and those somebody has (id, span)."""
    untouched, worked = [], []
    for claim_id, start, end, sentence, is_worked in db.execute(
        """SELECT id, start, "end", sentence, (
             status != 'new' OR verdict IS NOT NULL OR assignee IS NOT NULL
             OR created_at != updated_at
             OR id IN (SELECT claim_id FROM evidence)
             OR id IN (SELECT claim_id FROM verdicts)) FROM claims WHERE article_id = ?""",
        [article_id],
    ):
        if is_worked:
            worked.append({"id": claim_id, "start": start, "end": end, "sentence": sentence})
        else:
            untouched.append(claim_id)
    return untouched, worked


def delete_claims(db: Database, claim_ids: Iterable[str], at: str) -> None:
    """Delete claims with their evidence and history, leaving a tombstone for each."""
    for claim_id in claim_ids:
        row = db.execute("SELECT article_id FROM claims WHERE id = ?", [claim_id]).fetchone()
        if row is None:
            continue
        record_tombstones(db, "claims", [claim_id], at, article_id=row[0])
        db.execute("DELETE FROM claims WHERE id = ?", [claim_id])


def insert_claim(db: Database, claim: Claim, field_times: str | None = None) -> None:
    _insert(db, "claims", {**claim_row(claim), "field_times": field_times})


def update_claim(db: Database, claim_id: str, fields: dict[str, Any], at: str) -> None:
    """Edit a claim's own fields, setting their clocks (so a merge keeps the newer edit)."""
    current = db.execute("SELECT field_times FROM claims WHERE id = ?", [claim_id]).fetchone()
    times = stamp_fields("claims", {"field_times": current[0]}, fields, at)
    _update(db, "claims", claim_id, {**fields, "field_times": times})
    touch_claim(db, claim_id, at)


def move_claim(db: Database, claim_id: str, start: int, end: int, at: str) -> None:
    """A kept claim moved to where its sentence now stands in a changed article."""
    update_claim(db, claim_id, {"start": start, "end": end}, at)


def touch_claim(db: Database, claim_id: str, at: str) -> None:
    """The claim was worked on at `at` (an edit, evidence, a verdict, a status)."""
    db.execute(
        "UPDATE claims SET updated_at = ? WHERE id = ? AND updated_at < ?", [at, claim_id, at]
    )


# --- history: verdicts and status changes -------------------------------------------


def add_history(db: Database, table: str, entry: Verdict | StatusChange, at: str) -> None:
    """Append a verdict or status change; the claim's current values follow the history."""
    _insert(db, table, dict(vars(entry)))
    touch_claim(db, entry.claim_id, at)
    recompute_claims(db, [entry.claim_id])


def remove_history(db: Database, table: str, entry_id: str, at: str) -> str | None:
    """Take back a history entry (undo), leaving a tombstone; returns its claim's id."""
    row = db.execute(f"SELECT claim_id FROM {table} WHERE id = ?", [entry_id]).fetchone()
    if row is None:
        return None
    record_tombstones(db, table, [entry_id], at, article_id=_article_of(db, row[0]))
    db.execute(f"DELETE FROM {table} WHERE id = ?", [entry_id])
    touch_claim(db, row[0], at)
    recompute_claims(db, [row[0]])
    return row[0]


def amend_verdict_summary(db: Database, verdict_id: str, summary: str, at: str) -> str | None:
    """Change a verdict entry's summary (its clock set, so a merge keeps the later one);
    returns its claim's id."""
    row = db.execute(
        "SELECT claim_id, field_times FROM verdicts WHERE id = ?", [verdict_id]
    ).fetchone()
    if row is None:
        return None
    times = stamp_fields("verdicts", {"field_times": row[1]}, ["summary"], at)
    _update(db, "verdicts", verdict_id, {"summary": summary, "field_times": times})
    touch_claim(db, row[0], at)
    return row[0]


def restore_history(db: Database, table: str, entry: Verdict | StatusChange, at: str) -> None:
    """Put a taken-back entry back (redo), newer than its tombstone."""
    db.execute(f"DELETE FROM {table} WHERE id = ?", [entry.id])
    _insert(db, table, dict(vars(entry)))
    article_id = _article_of(db, entry.claim_id)
    record_tombstones(db, table, [entry.id], at, article_id=article_id, deleted=False)
    touch_claim(db, entry.claim_id, at)
    recompute_claims(db, [entry.claim_id])


# --- evidence ---------------------------------------------------------------------------


def evidence_row(evidence: Any, snapshot: bytes | None) -> dict:
    row = dict(vars(evidence))
    if snapshot is not None:
        row["snapshot_gz"] = compress(snapshot)
    return row


def add_evidence(db: Database, row: dict, at: str) -> None:
    _insert(db, "evidence", row)
    touch_claim(db, row["claim_id"], at)


def update_evidence(db: Database, evidence_id: str, fields: dict[str, Any], at: str) -> None:
    current = db.execute(
        "SELECT claim_id, field_times FROM evidence WHERE id = ?", [evidence_id]
    ).fetchone()
    times = stamp_fields("evidence", {"field_times": current[1]}, fields, at)
    _update(db, "evidence", evidence_id, {**fields, "field_times": times})
    touch_claim(db, current[0], at)


def remove_evidence(db: Database, evidence_id: str, at: str) -> dict | None:
    """Remove an evidence link, leaving a tombstone; returns its row (for an undo)."""
    found = db.execute("SELECT * FROM evidence WHERE id = ?", [evidence_id])
    values = found.fetchone()
    if values is None:
        return None
    row = dict(zip([d[0] for d in found.description], values, strict=True))
    article_id = _article_of(db, row["claim_id"])
    record_tombstones(db, "evidence", [evidence_id], at, article_id=article_id)
    db.execute("DELETE FROM evidence WHERE id = ?", [evidence_id])
    touch_claim(db, row["claim_id"], at)
    return row


def restore_evidence(db: Database, row: dict, at: str) -> None:
    db.execute("DELETE FROM evidence WHERE id = ?", [row["id"]])
    _insert(db, "evidence", row)
    article_id = _article_of(db, row["claim_id"])
    record_tombstones(db, "evidence", [row["id"]], at, article_id=article_id, deleted=False)
    touch_claim(db, row["claim_id"], at)


def record_evidence_event(db: Database, event: EvidenceEvent) -> None:
    """An entry of the claim's history: evidence added or removed, with who and when."""
    _insert(db, "evidence_events", dict(vars(event)))


def take_back_removal(db: Database, evidence_id: str) -> None:
    """Undo of a removal: its history entry goes (the latest, if removed more than once)."""
    db.execute(
        "DELETE FROM evidence_events WHERE id = (SELECT id FROM evidence_events"
        " WHERE evidence_id = ? AND action = 'removed' ORDER BY at DESC, id DESC LIMIT 1)",
        [evidence_id],
    )


# --- prior fact-checks, scales, settings ----------------------------------------------


def save_prior_checks(db: Database, claim_id: str | None, checks: Iterable[PriorCheck]) -> int:
    """Keep found fact-checks; the same review (same URL, for the same claim or for none,
    with the same claim text) is kept once. Returns how many are new."""
    added = 0
    for check in checks:
        check.claim_id = claim_id
        seen = db.execute(
            "SELECT 1 FROM prior_checks WHERE url = ? AND claim_id IS ? AND claim_text = ?",
            [check.url, claim_id, check.claim_text],
        ).fetchone()
        if not seen:
            _insert(db, "prior_checks", dict(vars(check)))
            added += 1
    return added


def save_scale(db: Database, scale: RatingScale) -> None:
    db.execute("DELETE FROM rating_levels WHERE scale_id = ?", [scale.id])
    db.execute(
        """INSERT INTO rating_scales (id, name, description, builtin) VALUES (?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET name = excluded.name,
             description = excluded.description, builtin = excluded.builtin""",
        [scale.id, scale.name, scale.description, int(scale.builtin)],
    )
    for position, level in enumerate(scale.levels):
        _insert(db, "rating_levels", {"scale_id": scale.id, "position": position,
                                      **dataclasses.asdict(level)})  # fmt: skip


def save_settings(db: Database, values: dict[str, Any]) -> None:
    db.conn.executemany(
        "INSERT INTO settings (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [(key, json.dumps(value)) for key, value in values.items()],
    )


# --- helpers ---------------------------------------------------------------------------


def _article_of(db: Database, claim_id: str) -> str | None:
    row = db.execute("SELECT article_id FROM claims WHERE id = ?", [claim_id]).fetchone()
    return row[0] if row else None


def _insert(db: Database, table: str, row: dict) -> None:
    columns = ", ".join(f'"{c}"' for c in row)
    db.execute(
        f"INSERT INTO {table} ({columns}) VALUES ({', '.join('?' * len(row))})",
        list(row.values()),
    )


def _update(db: Database, table: str, row_id: str, fields: dict[str, Any]) -> None:
    assignments = ", ".join(f'"{c}" = ?' for c in fields)
    db.execute(f"UPDATE {table} SET {assignments} WHERE id = ?", [*fields.values(), row_id])
