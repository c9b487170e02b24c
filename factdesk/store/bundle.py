"""Bundles: a database's work in one file, merged into another database by stable ids.

A bundle is gzip-compressed JSON Lines: a header line, then one line per row
({"table": ..., "row": {...}}), blobs in base64. Merging is one transaction:
a corrupt or foreign file changes nothing. Nothing is lost from either side:
histories (verdicts, status changes) are unions; a claim's own fields take the
newer edit; the current verdict and status are recomputed from the merged history.
An article imported independently on both laptops (same canonical URL or same
text, different ids) is recognised, and its claims are matched by their span.
"""

from __future__ import annotations

import base64
import gzip
import json
import sqlite3
import zlib
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from sqlite_utils import Database

from factdesk import __version__
from factdesk.errors import BadInput

FORMAT = "factdesk-bundle"
VERSION = 1
# Tables in the order they are written and merged (parents before children).
TABLES = ("rating_scales", "rating_levels", "articles", "posts", "claims", "evidence",
          "verdicts", "status_changes", "prior_checks")  # fmt: skip
BLOB_COLUMNS = {"raw_gz", "snapshot_gz"}


def _rows(db: Database, table: str, article_id: str | None) -> Iterator[dict]:
    if article_id is None or table in ("rating_scales", "rating_levels"):
        where, params = "", []
        if table in ("rating_scales", "rating_levels"):
            key = "id" if table == "rating_scales" else "scale_id"
            where = f"WHERE {key} IN (SELECT id FROM rating_scales WHERE builtin = 0)"
    elif table == "articles":
        where, params = "WHERE id = ?", [article_id]
    elif table in ("posts", "claims"):
        where, params = "WHERE article_id = ?", [article_id]
    else:
        where = "WHERE claim_id IN (SELECT id FROM claims WHERE article_id = ?)"
        params = [article_id]
    yield from db.query(f"SELECT * FROM {table} {where} ORDER BY rowid", params)


def write_bundle(db: Database, path: Path, *, article_id: str | None = None) -> Counter:
    """Write everything (or one article with its claims and their work) to `path`."""
    counts: Counter = Counter()
    tmp = path.with_name(path.name + ".part")
    with gzip.open(tmp, "wt", encoding="utf-8") as out:
        header = {"format": FORMAT, "version": VERSION, "factdesk": __version__}
        out.write(json.dumps(header) + "\n")
        for table in TABLES:
            for row in _rows(db, table, article_id):
                for column in BLOB_COLUMNS & row.keys():
                    if row[column] is not None:
                        row[column] = base64.b64encode(row[column]).decode()
                out.write(json.dumps({"table": table, "row": row}, ensure_ascii=False) + "\n")
                counts[table] += 1
    tmp.replace(path)  # a bundle is either complete or not there
    return counts


def _read(path: Path) -> Iterator[tuple[str, dict]]:
    try:
        with gzip.open(path, "rt", encoding="utf-8") as lines:
            header = json.loads(next(lines, "null"))
            if not isinstance(header, dict) or header.get("format") != FORMAT:
                raise BadInput(f"{path}: not a factdesk bundle")
            if header.get("version", 0) > VERSION:
                raise BadInput(
                    f"{path}: made by a newer factdesk ({header.get('factdesk')}); update factdesk"
                )
            for number, line in enumerate(lines, start=2):
                item = json.loads(line)
                if (
                    not isinstance(item, dict)
                    or item.get("table") not in TABLES
                    or not isinstance(item.get("row"), dict)
                ):
                    raise BadInput(f"{path}: line {number} is not a bundle row")
                row = item["row"]
                for column in BLOB_COLUMNS & row.keys():
                    if row[column] is not None:
                        row[column] = base64.b64decode(row[column])
                yield item["table"], row
    except (OSError, EOFError, zlib.error, UnicodeDecodeError, ValueError) as error:
        reason = "not a factdesk bundle" if isinstance(error, gzip.BadGzipFile) else error
        raise BadInput(f"{path}: corrupt or not a bundle ({reason})") from None


class _Merger:
    def __init__(self, db: Database):
        self.db = db
        self.article_ids: dict[str, str] = {}  # bundle id -> local id
        self.claim_ids: dict[str, str] = {}
        self.counts: Counter = Counter()
        self.changed_history: set[str] = set()  # claims whose verdicts or statuses grew
        self.columns = {t: set(db[t].columns_dict) for t in TABLES}

    def merge(self, table: str, row: dict) -> None:
        getattr(self, f"_{table}")(row)

    def _insert(self, table: str, row: dict) -> bool:
        """Insert a row unless its id (or unique key) is there already; True if added."""
        foreign = row.keys() - self.columns[table]
        if foreign:
            raise KeyError(f"{table} has no column {sorted(foreign)[0]!r}")
        columns = ", ".join(f'"{c}"' for c in row)
        marks = ", ".join("?" * len(row))
        cursor = self.db.conn.execute(
            f"INSERT OR IGNORE INTO {table} ({columns}) VALUES ({marks})", list(row.values())
        )
        added = cursor.rowcount > 0
        self.counts[table] += added
        return added

    def _rating_scales(self, row: dict) -> None:
        self._insert("rating_scales", row)

    def _rating_levels(self, row: dict) -> None:
        self._insert("rating_levels", row)

    def _articles(self, row: dict) -> None:
        local = self.db.execute(
            "SELECT id, updated_at FROM articles WHERE id = ? OR (url IS NOT NULL AND url = ?)"
            " OR content_hash = ? ORDER BY id = ? DESC LIMIT 1",
            [row["id"], row["url"], row["content_hash"], row["id"]],
        ).fetchone()
        if local is None:
            self._insert("articles", row)
            self.article_ids[row["id"]] = row["id"]
            return
        self.article_ids[row["id"]] = local[0]
        if local[0] == row["id"] and row["updated_at"] > local[1]:
            self.db["articles"].update(local[0], row)
            self.counts["articles updated"] += 1

    def _posts(self, row: dict) -> None:
        article_id = self.article_ids.get(row["article_id"])
        if article_id == row["article_id"]:
            self._insert("posts", row)

    def _claims(self, row: dict) -> None:
        article_id = self.article_ids.get(row["article_id"], row["article_id"])
        local = self.db.execute(
            "SELECT id, updated_at FROM claims WHERE id = ?"
            ' OR (article_id = ? AND start = ? AND "end" = ?) ORDER BY id = ? DESC LIMIT 1',
            [row["id"], article_id, row["start"], row["end"], row["id"]],
        ).fetchone()
        row = {**row, "article_id": article_id}
        if local is None:
            self._insert("claims", row)
            self.claim_ids[row["id"]] = row["id"]
        else:
            self.claim_ids[row["id"]] = local[0]
            if row["updated_at"] > local[1]:
                fields = {
                    k: v for k, v in row.items() if k not in ("id", "article_id", "created_at")
                }
                self.db["claims"].update(local[0], fields)
                self.counts["claims updated"] += 1

    def _child(self, table: str, row: dict) -> None:
        claim_id = self.claim_ids.get(row["claim_id"], row["claim_id"])
        if self.db.execute("SELECT 1 FROM claims WHERE id = ?", [claim_id]).fetchone() and (
            self._insert(table, {**row, "claim_id": claim_id})
            and table in ("verdicts", "status_changes")
        ):
            self.changed_history.add(claim_id)

    def _evidence(self, row: dict) -> None:
        self._child("evidence", row)

    def _verdicts(self, row: dict) -> None:
        self._child("verdicts", row)

    def _status_changes(self, row: dict) -> None:
        self._child("status_changes", row)

    def _prior_checks(self, row: dict) -> None:
        if row.get("claim_id") is None:
            self._insert("prior_checks", row)
        else:
            self._child("prior_checks", row)

    def recompute(self) -> None:
        """Current verdict and status follow the merged histories (where they grew)."""
        for claim_id in self.changed_history:
            latest = self.db.execute(
                "SELECT rating, at FROM verdicts WHERE claim_id = ? ORDER BY at DESC, id DESC",
                [claim_id],
            ).fetchone()
            if latest:
                self.db.execute(
                    "UPDATE claims SET verdict = ?, verdict_at = ? WHERE id = ?"
                    " AND (verdict IS NOT ? OR verdict_at IS NOT ?)",
                    [latest[0] or "Conclusion", latest[1], claim_id, latest[0] or "Conclusion",
                     latest[1]],
                )  # fmt: skip
            status = self.db.execute(
                "SELECT status, assignee FROM status_changes WHERE claim_id = ?"
                " ORDER BY at DESC, id DESC",
                [claim_id],
            ).fetchone()
            if status:
                self.db.execute(
                    "UPDATE claims SET status = ?, assignee = ? WHERE id = ?"
                    " AND (status IS NOT ? OR assignee IS NOT ?)",
                    [status[0], status[1], claim_id, status[0], status[1]],
                )


def merge_bundle(db: Database, path: Path) -> Counter:
    """Merge a bundle into `db` in one transaction; returns counts of rows added."""
    if not path.is_file():
        raise BadInput(f"{path}: no such file")
    merger = _Merger(db)
    try:
        with db.write():
            for table, row in _read(path):
                merger.merge(table, row)
            merger.recompute()
    except (sqlite3.DatabaseError, KeyError, TypeError) as error:
        # Rows that do not fit our tables: a foreign or damaged bundle (rolled back).
        raise BadInput(f"{path}: its rows do not fit this database ({error})") from None
    return merger.counts
