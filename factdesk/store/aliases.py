"""Ids a merge changed: when two laptops imported the same article, a merge keeps the
smaller of two ids for it and its claims (store/merge.py). The old id is kept here,
pointing to the new, so what still holds it (an undo step, the claim on screen, a
command typed from memory) finds the claim under its new name."""

from __future__ import annotations

from sqlite_utils import Database

# An alias may point to another that was renamed again; a few hops are plenty.
MAX_HOPS = 8


def record_alias(db: Database, table: str, old_id: str, new_id: str, at: str) -> None:
    """`old_id` of `table` is now `new_id` (inside the caller's write transaction)."""
    if old_id == new_id:
        return
    db.execute(
        """INSERT INTO id_aliases (tbl, old_id, new_id, at) VALUES (?, ?, ?, ?)
           ON CONFLICT (tbl, old_id) DO UPDATE SET new_id = excluded.new_id, at = excluded.at""",
        [table, old_id, new_id, at],
    )
    if table == "claims":  # text being typed for it in the app (store: drafts) follows it
        db.execute("UPDATE OR REPLACE drafts SET claim_id = ? WHERE claim_id = ?", [new_id, old_id])
    # Whatever pointed to the old id now points to the new one (no chains to walk).
    db.execute(
        "UPDATE id_aliases SET new_id = ? WHERE tbl = ? AND new_id = ?", [new_id, table, old_id]
    )


def current_id(db: Database, table: str, row_id: str) -> str:
    """The id `row_id` goes by now (itself when no merge renamed it)."""
    for _hop in range(MAX_HOPS):
        found = db.execute(
            "SELECT new_id FROM id_aliases WHERE tbl = ? AND old_id = ?", [table, row_id]
        ).fetchone()
        if found is None or found[0] == row_id:
            return row_id
        row_id = found[0]
    return row_id
