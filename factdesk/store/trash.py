"""The trash: deleted articles, claims and evidence links, kept whole until emptied.

Moving something to the trash takes its rows out of the live tables (so every query,
full-text search, count, export and bundle hides it without a filter to forget) and keeps
them, exactly as stored, in one `trash` entry. Nothing of it goes to the team hub or
into a bundle meanwhile: its row_changes entries are dropped (a re-insert on restore logs
them again) and no tombstone is written. Emptying the trash (by hand, or after the
number of days the `trash_days` setting says) writes the tombstones that a deletion
always wrote, dated when the item was trashed, so the deletion then reaches the others.

Restoring puts back what is still missing: a merge may have brought part of an article
back meanwhile, or given a claim another id (store/aliases.py); what is there already is
kept, the rest is inserted, and nothing fails on a duplicate.
"""

from __future__ import annotations

import base64
import gzip
import json
from collections.abc import Iterable
from typing import Any

from sqlite_utils import Database

from factdesk.store import vectors
from factdesk.store.aliases import current_id, record_alias
from factdesk.store.families import derive_families, put_back_membership
from factdesk.store.sync import recompute_claims, record_tombstones
from factdesk.store.tables import BY_NAME, children_of

# A claim's children, each with the column naming the claim (the checker's write-up, a
# fact-check, too: its corrections hang on it).
CLAIM_CHILDREN = tuple(t.name for t in children_of("claims"))
# Children a claim's deletion does not cascade to (no foreign key: migration 0018): the
# family register leaves with its claim by hand, unwritten (the hub and bundles hear
# nothing while it is in the trash), and comes back with it.
UNCASCADED = ("claim_family_members",)


# --- taking out ---------------------------------------------------------------------------


def _rows(db: Database, sql: str, params: list) -> list[dict]:
    return list(db.query(sql, params))


def _claim_record(db: Database, claim_id: str) -> dict | None:
    found = _rows(db, "SELECT * FROM claims WHERE id = ?", [claim_id])
    if not found:
        return None
    record: dict[str, Any] = {"row": found[0]}
    for child in CLAIM_CHILDREN:
        record[child] = _rows(db, f"SELECT * FROM {child} WHERE claim_id = ?", [claim_id])
    record["factcheck_corrections"] = _rows(
        db,
        "SELECT * FROM factcheck_corrections WHERE factcheck_id IN"
        " (SELECT id FROM factchecks WHERE claim_id = ?)",
        [claim_id],
    )
    return record


def article_payload(db: Database, article_id: str) -> dict | None:
    """An article's rows as stored: its own, its posts, its claims with all their work."""
    found = _rows(db, "SELECT * FROM articles WHERE id = ?", [article_id])
    if not found:
        return None
    claim_ids = [r[0] for r in db.execute(
        "SELECT id FROM claims WHERE article_id = ? ORDER BY start, id", [article_id])]  # fmt: skip
    return {
        "article": found[0],
        "posts": _rows(db, "SELECT * FROM posts WHERE article_id = ?", [article_id]),
        "claims": [c for c in (_claim_record(db, cid) for cid in claim_ids) if c],
        "evidence": [],
    }


def _row_keys(payload: dict) -> list[tuple[str, str]]:
    """(table, id) of every synced row an entry holds."""
    keys = []
    if payload.get("article"):
        keys.append(("articles", payload["article"]["id"]))
    keys += [("posts", post["id"]) for post in payload.get("posts", [])]
    for claim in payload.get("claims", []):
        keys.append(("claims", claim["row"]["id"]))
        for child in CLAIM_CHILDREN:
            keys += [(child, BY_NAME[child].key_of(row)) for row in claim.get(child, [])]
    keys += [("evidence", row["id"]) for row in payload.get("evidence", [])]
    return keys


def put_in_trash(
    db: Database,
    entry_id: str,
    kind: str,
    payload: dict,
    *,
    label: str,
    detail: str,
    at: str,
    by: str | None,
) -> None:
    """Keep `payload` as a trash entry, then take its rows out of the live tables (no
    tombstones: the hub and bundles hear nothing until the trash is emptied)."""
    keys = _row_keys(payload)
    article = payload.get("article")
    claims = payload.get("claims", [])
    evidence = payload.get("evidence", [])
    item_id = (article or (claims[0]["row"] if claims else evidence[0]))["id"]
    article_id = article["id"] if article else claims[0]["row"]["article_id"] if claims else None
    db.execute(
        "INSERT INTO trash (id, kind, item_id, article_id, label, detail, trashed_at, by,"
        " record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [entry_id, kind, item_id, article_id, label, detail, at, by, _pack(payload)],
    )
    db.conn.executemany(
        "INSERT INTO trash_rows (trash_id, tbl, row_id) VALUES (?, ?, ?)",
        [(entry_id, table, row_id) for table, row_id in keys],
    )
    if article:
        db.execute("DELETE FROM articles WHERE id = ?", [article["id"]])  # cascades
    for claim in claims:
        db.execute("DELETE FROM claims WHERE id = ?", [claim["row"]["id"]])
        for child in UNCASCADED:
            db.execute(f"DELETE FROM {child} WHERE claim_id = ?", [claim["row"]["id"]])
    for row in evidence:
        db.execute("DELETE FROM evidence WHERE id = ?", [row["id"]])
    _forget_changes(db, entry_id, keys)
    if claims:
        derive_families(db)  # (a family left with one claim is hidden, its registers kept)


def _forget_changes(db: Database, entry_id: str, keys: list[tuple[str, str]]) -> None:
    """Drop the change log of rows going to the trash: a sync would otherwise tell the hub
    they are gone (store/outbox.py sends a row missing here as merged away).

    A change number is never given twice: a sync sends what was logged after the last
    number it sent, so had the top entries gone, the next changes (the tombstones of an
    emptied trash) would be numbered at or under it and never sent. The top number stays,
    naming the trash entry (not a synced table: nothing is sent for it)."""
    top = db.execute("SELECT max(seq) FROM row_changes").fetchone()[0]
    db.conn.executemany("DELETE FROM row_changes WHERE tbl = ? AND row_id = ?", keys)
    left = db.execute("SELECT max(seq) FROM row_changes").fetchone()[0]
    if top is not None and (left is None or left < top):
        db.execute(
            "INSERT INTO row_changes (seq, tbl, row_id) VALUES (?, 'trash', ?)", [top, entry_id]
        )


def claims_payload(db: Database, claim_ids: Iterable[str]) -> dict:
    claims = [c for c in (_claim_record(db, cid) for cid in claim_ids) if c]
    return {"article": None, "posts": [], "claims": claims, "evidence": []}


def evidence_payload(db: Database, evidence_id: str) -> dict | None:
    found = _rows(db, "SELECT * FROM evidence WHERE id = ?", [evidence_id])
    if not found:
        return None
    return {"article": None, "posts": [], "claims": [], "evidence": found}


# --- listing, restoring, emptying ------------------------------------------------------------

ENTRY_COLUMNS = "id, kind, item_id, article_id, label, detail, trashed_at, by"


def entries(db: Database) -> list[dict]:
    """The trash, newest first (without the rows each entry holds)."""
    return _rows(db, f"SELECT {ENTRY_COLUMNS} FROM trash ORDER BY trashed_at DESC, id DESC", [])


def entry_ids_starting_with(db: Database, prefix: str) -> list[str]:
    upper = prefix.upper()
    return [r[0] for r in db.execute(
        "SELECT id FROM trash WHERE id = ? OR id LIKE ? OR substr(id, -?) = ? LIMIT 10",
        [upper, upper + "%", len(upper), upper],
    )]  # fmt: skip


def take_out(db: Database, entry_id: str) -> tuple[dict, dict] | None:
    """Remove an entry from the trash; returns (its listing, its rows), or None."""
    found = _rows(db, f"SELECT {ENTRY_COLUMNS}, record FROM trash WHERE id = ?", [entry_id])
    if not found:
        return None
    entry = found[0]
    payload = _unpack(entry.pop("record"))
    db.execute("DELETE FROM trash WHERE id = ?", [entry_id])
    db.execute("DELETE FROM trash_rows WHERE trash_id = ?", [entry_id])
    return entry, payload


def put_back(db: Database, payload: dict, at: str) -> tuple[set[str], set[str]]:
    """Insert what of `payload` is still missing (following ids a merge changed, and an
    article a merge brought back under another id); returns the (article ids, claim ids)
    touched. A restored row that a tombstone names gets an undeleting one, so a later
    merge keeps it."""
    articles: set[str] = set()
    claims: set[str] = set()
    article_map: dict[str, str] = {}
    if payload.get("article"):
        row = payload["article"]
        here = _article_here(db, row)
        if here is None:
            _insert(db, "articles", row)
            for post in payload.get("posts", []):
                _insert(db, "posts", post, ignore=True)
            here = row["id"]
            _undelete(db, "articles", [here], at, here)
        article_map[row["id"]] = here
        record_alias(db, "articles", row["id"], here, at)  # (nothing when the same id)
        articles.add(here)
    for record in payload.get("claims", []):
        row = dict(record["row"])
        row["article_id"] = article_map.get(row["article_id"]) or current_id(
            db, "articles", row["article_id"]
        )
        if not _exists(db, "articles", row["article_id"]):
            continue  # its article is gone for good (emptied): nothing to hang it on
        claim_id = _claim_here(db, row, claims)
        if claim_id is None:
            _insert(db, "claims", row)
            claim_id = row["id"]
            _undelete(db, "claims", [claim_id], at, row["article_id"])
        # A merge brought it back under another id: what holds the old one follows.
        record_alias(db, "claims", row["id"], claim_id, at)
        for child in CLAIM_CHILDREN:
            for child_row in record.get(child, []):
                if child == "claim_family_members":  # (a register: the later write wins)
                    put_back_membership(db, {**child_row, "claim_id": claim_id})
                else:
                    _insert(db, child, {**child_row, "claim_id": claim_id}, ignore=True)
        for correction in record.get("factcheck_corrections", []):
            if _exists(db, "factchecks", correction["factcheck_id"]):
                _insert(db, "factcheck_corrections", correction, ignore=True)
        claims.add(claim_id)
        articles.add(row["article_id"])
    for row in payload.get("evidence", []):
        claim_id = current_id(db, "claims", row["claim_id"])
        if not _exists(db, "claims", claim_id):
            continue
        _insert(db, "evidence", {**row, "claim_id": claim_id}, ignore=True)
        claims.add(claim_id)
    _undelete_children(db, payload, at)
    recompute_claims(db, sorted(claims))
    if payload.get("claims"):
        derive_families(db)
    return articles, claims


def _article_here(db: Database, row: dict) -> str | None:
    """The live article this trashed one is: the same id (or the one it was renamed to),
    else the same canonical URL or text (a merge brought it back under another id)."""
    article_id = current_id(db, "articles", row["id"])
    if _exists(db, "articles", article_id):
        return article_id
    for column in ("url", "content_hash"):
        if row.get(column):
            found = db.execute(
                f"SELECT id FROM articles WHERE {column} = ? ORDER BY id LIMIT 1", [row[column]]
            ).fetchone()
            if found:
                return found[0]
    return None


def _claim_here(db: Database, row: dict, taken: set[str]) -> str | None:
    """The live claim this trashed one is: the same id (or the one a merge renamed it to),
    else one with the same span that a merge brought back (not one already paired: an
    article may hold two claims of one sentence)."""
    claim_id = current_id(db, "claims", row["id"])
    if _exists(db, "claims", claim_id):
        return claim_id
    for (found,) in db.execute(
        'SELECT id FROM claims WHERE article_id = ? AND start = ? AND "end" = ? AND sentence = ?'
        " ORDER BY id",
        [row["article_id"], row["start"], row["end"], row["sentence"]],
    ):
        if found not in taken:
            return found
    return None


def _undelete(db: Database, table: str, ids: list[str], at: str, article_id: str | None) -> None:
    """Rows put back that a tombstone names (a teammate's deletion merged meanwhile):
    an undeleting tombstone, newer, so the next merge keeps them."""
    named = [
        row_id
        for row_id in ids
        if db.execute(
            "SELECT 1 FROM tombstones WHERE tbl = ? AND row_id = ? AND deleted = 1",
            [table, row_id],
        ).fetchone()
    ]
    if named:
        record_tombstones(db, table, named, at, article_id=article_id, deleted=False)


def _undelete_children(db: Database, payload: dict, at: str) -> None:
    for table, row_id in _row_keys(payload):
        if table in CLAIM_CHILDREN and _exists(db, table, row_id):
            _undelete(db, table, [row_id], at, None)


def empty(db: Database, entry_ids: Iterable[str]) -> int:
    """Delete trash entries for good: their deletions become tombstones (dated when each
    was trashed), which the next bundle or sync carries. Returns how many entries."""
    count = 0
    for entry_id in list(entry_ids):
        taken = take_out(db, entry_id)
        if taken is None:
            continue
        entry, payload = taken
        at = entry["trashed_at"]
        article = payload.get("article")
        for record in payload.get("claims", []):
            row = record["row"]
            # A claim a merge renamed or brought back is live again: not deleted here.
            if not _exists(db, "claims", row["id"]):
                record_tombstones(db, "claims", [row["id"]], at, article_id=row["article_id"])
        if article and not _exists(db, "articles", article["id"]):
            record_tombstones(db, "articles", [article["id"]], at, article_id=article["id"])
        for row in payload.get("evidence", []):
            if not _exists(db, "evidence", row["id"]):
                record_tombstones(db, "evidence", [row["id"]], at)
        # Logged as changed again (put_in_trash dropped their log), so the next sync
        # tells the hub they are gone, as a deletion made without the trash did.
        gone = [key for key in _row_keys(payload) if not _exists(db, *key)]
        db.conn.executemany("INSERT INTO row_changes (tbl, row_id) VALUES (?, ?)", gone)
        # The claims' encoder vectors (a local cache, kept while they were in the trash).
        vectors.forget(db, [row_id for table, row_id in gone if table == "claims"])
        count += 1
    return count


def expired(db: Database, before: str) -> list[str]:
    """Entries trashed before `before` (ISO time)."""
    return [r[0] for r in db.execute("SELECT id FROM trash WHERE trashed_at < ?", [before])]


def trashed_keys(db: Database) -> set[tuple[str, str]]:
    """(table, id) of every row held in the trash."""
    return {(r[0], r[1]) for r in db.execute("SELECT tbl, row_id FROM trash_rows")}


# --- helpers ----------------------------------------------------------------------------------


def _exists(db: Database, table: str, row_id: str | None) -> bool:
    if row_id is None:
        return False
    (key,) = BY_NAME[table].key if table in BY_NAME else ("id",)  # (one-column keys only)
    return db.execute(f"SELECT 1 FROM {table} WHERE {key} = ?", [row_id]).fetchone() is not None


def _insert(db: Database, table: str, row: dict, *, ignore: bool = False) -> None:
    # Only the columns this schema has (an entry trashed by an older version may lack some).
    columns = [c for c in row if c in _columns(db, table)]
    names = ", ".join(f'"{c}"' for c in columns)
    verb = "INSERT OR IGNORE" if ignore else "INSERT"
    db.execute(
        f"{verb} INTO {table} ({names}) VALUES ({', '.join('?' * len(columns))})",
        [row[c] for c in columns],
    )


def _columns(db: Database, table: str) -> set[str]:
    return {r[1] for r in db.execute(f"PRAGMA table_info({table})")}


def _pack(payload: dict) -> bytes:
    def encode(value: Any) -> Any:
        if isinstance(value, bytes | memoryview):
            return {"$bytes": base64.b64encode(bytes(value)).decode("ascii")}
        raise TypeError(f"cannot keep {type(value).__name__} in the trash")

    text = json.dumps(payload, default=encode, ensure_ascii=False, separators=(",", ":"))
    return gzip.compress(text.encode("utf-8"), compresslevel=1, mtime=0)


def _unpack(data: bytes) -> dict:
    def decode(obj: dict) -> Any:
        if set(obj) == {"$bytes"}:
            return base64.b64decode(obj["$bytes"])
        return obj

    return json.loads(gzip.decompress(data).decode("utf-8"), object_hook=decode)
