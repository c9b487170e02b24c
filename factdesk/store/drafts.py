"""Drafts: text typed in the app and not saved yet, by claim and field (see migration
0010_drafts). A draft is never a verdict or an edit; it only comes back into its field."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

# The fields whose text is kept while it is typed.
DRAFT_FIELDS = ("text", "summary", "evidence_url", "evidence_quote")


def keep_drafts(store: Any, claim_id: str, fields: dict[str, str | None], at: str) -> None:
    """save_drafts in a transaction of its own on `store` (a Store), synced to the disk
    before it returns (synchronous=FULL for this one commit): a power cut right after
    loses none of it."""
    store.execute("PRAGMA synchronous=FULL")
    try:
        with store.write():
            save_drafts(store, claim_id, fields, at)
    finally:
        store.execute("PRAGMA synchronous=NORMAL")


def save_drafts(db: Database, claim_id: str, fields: dict[str, str | None], at: str) -> None:
    """Keep each field's text (None or empty: drop the draft). Inside a write()."""
    for field, text in fields.items():
        if field not in DRAFT_FIELDS:
            raise ValueError(f"{field}: not a draft field")
        if text:
            db.execute(
                "INSERT INTO drafts (claim_id, field, text, saved_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (claim_id, field) DO UPDATE SET text = excluded.text,"
                " saved_at = excluded.saved_at",
                [claim_id, field, text, at],
            )
        else:
            db.execute("DELETE FROM drafts WHERE claim_id = ? AND field = ?", [claim_id, field])


def drafts_of(db: Database, claim_id: str) -> dict[str, str]:
    rows = db.execute("SELECT field, text FROM drafts WHERE claim_id = ?", [claim_id]).fetchall()
    return {field: text for field, text in rows}
