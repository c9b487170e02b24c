"""Merging a bundle in committed batches of whole articles, its memory flat whatever its size.

1. Check, writing nothing here: the bundle is read line by line (store/bundle.py
   `checked_rows`), each checked row kept in a private temporary SQLite database (on disk,
   deleted when closed; the system drops it if the process dies), so memory holds a line,
   not the bundle. There the checks that need every row run in SQL: no row twice, every
   row a row names in the bundle or here. A bad bundle is refused, naming its first bad
   line, before the first batch is written: a damaged bundle still changes nothing.
2. Group: each row joins the group of the top-most row above it that the bundle carries
   (a claim its article's, a verdict its claim's, a correction its fact-check's, a
   deletion the deleted row's), so an article travels with its posts, its claims and their
   work and deletions. Groups go in the order one merge takes its tables (deletions of
   rows the bundle does not carry first, then scales, articles, claims whose article is
   only here, ...).
3. Merge: the groups are packed into batches of about BATCH_ROWS rows (a group is never
   split), each merged by store/merge.py and committed in a write transaction of its own
   (BEGIN IMMEDIATE). A merge cut off (the process killed, Cancel) leaves whole articles
   with all their work; the same bundle merged again adds the rest, as merging what is
   already here changes nothing.
"""

from __future__ import annotations

import marshal
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from factdesk.errors import BadInput
from factdesk.store.bundle import FROM_BUNDLE, checked_rows
from factdesk.store.sync import row_key
from factdesk.store.tables import NAMES, TABLES
from factdesk.store.tables import table as table_of

Progress = Callable[[int, int, str], None]
# Rows merged and committed at a time (whole groups: one article with all its work
# may make a batch larger).
BATCH_ROWS = 10_000
# The staging database's page cache (KiB): what it may hold in memory.
STAGING_CACHE_KB = 32 * 1024
# The group of a deletion of a row the bundle does not carry: before all others.
FIRST = "00"


def _rank(table: str) -> str:
    return f"{NAMES.index(table) + 1:02d}"


def merge_bundle(
    db: Any,
    path: Path,
    *,
    accept_deletions: bool = False,
    progress: Progress | None = None,
    batch_rows: int | None = None,
) -> Counter:
    """Check a whole bundle, then merge it into `db` in committed batches of whole
    articles; returns counts.

    A bundle is a teammate's word, not a hub's: its rows new here are marked as come
    from a bundle (unless it names who recorded them), and its deletions of rows
    recorded here are refused and counted ("deletions of your own work refused"), not
    applied, unless `accept_deletions` (the user said yes)."""
    from factdesk.store.merge import Merge
    from factdesk.store.outbox import hub_state

    say = progress or (lambda _done, _total, _text: None)
    with Staging() as staged:
        total = staged.load(db, path, progress)
        say(0, total, f"Merging {total:,} rows")
        state = hub_state(db)
        counts: Counter = Counter()
        paired: set[str] = set()  # local articles already paired with an incoming one
        done = 0
        for rows in staged.batches(batch_rows or BATCH_ROWS):
            size = 0
            for table_rows in rows.values():
                size += len(table_rows)
                for row in table_rows:
                    if not row.get("recorded_by"):
                        row["recorded_by"] = FROM_BUNDLE
            try:
                with db.write():
                    merge = Merge(db, trusted=False, me=state.role if state else None)
                    merge.protect_own = not accept_deletions
                    merge.matched |= paired
                    counts.update(merge.run(rows))
            except sqlite3.IntegrityError as error:
                # Checked rows that still clash with rows here (an id reused for another
                # thing); the batches before this one are merged, whole.
                kept = f"; {done:,} of its rows were merged before it" if done else ""
                raise BadInput(
                    f"{path}: its rows clash with this database's ({error}){kept}"
                ) from None
            paired |= {a for a in merge.article_ids.values() if a is not None}
            done += size
            say(done, total, f"Merging {total:,} rows: {done:,} merged")
    return counts


class Staging:
    """A bundle's checked rows in a private temporary SQLite database (a file of its own,
    never the desk's)."""

    def __init__(self) -> None:
        # "": a private temporary database on disk, deleted when closed (SQLite unlinks
        # it at once, so not even a killed process leaves it behind).
        self.conn = sqlite3.connect("", isolation_level=None)
        self.conn.execute("PRAGMA temp_store = FILE")
        self.conn.execute(f"PRAGMA cache_size = -{STAGING_CACHE_KB}")
        self.conn.execute(
            """CREATE TABLE rows (line INTEGER PRIMARY KEY, tbl TEXT NOT NULL,
                 key TEXT NOT NULL, ptbl TEXT, ref TEXT, grp TEXT, data BLOB NOT NULL)"""
        )
        self.conn.execute("CREATE UNIQUE INDEX rows_key ON rows (tbl, key)")

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.conn.close()

    def load(self, db: Any, path: Path, progress: Progress | None) -> int:
        """Read and check the whole bundle (raises BadInput naming the first bad line);
        returns how many rows it holds."""
        scales: set[str] = set()
        named_scales: dict[str, int] = {}  # scale id a verdict names -> first line
        count = 0
        self.conn.execute("BEGIN")
        insert = (
            "INSERT INTO rows (line, tbl, key, ptbl, ref, grp, data) VALUES (?, ?, ?, ?, ?, ?, ?)"
        )
        for line, table, row in checked_rows(db, path, progress):
            key = row_key(table, row)
            group = None
            if table == "tombstones":
                above, ref = row["tbl"], row["row_id"]
                # Not carried with the row it deletes: with the other deletions of its
                # article, all merged together (an article is deleted after its claims).
                article = row["article_id"] or (ref if above == "articles" else key)
                group = f"{FIRST}/{article}"
            else:
                parent = table_of(table).parent
                above, ref = (parent[0], row[parent[1]]) if parent else (None, None)
            if table == "rating_scales":
                scales.add(row["id"])
            elif table == "verdicts":
                named_scales.setdefault(row["scale_id"], line)
            try:
                self.conn.execute(insert, [line, table, key, above, ref, group, marshal.dumps(row)])
            except sqlite3.IntegrityError:
                (first,) = self.conn.execute(
                    "SELECT line FROM rows WHERE tbl = ? AND key = ?", [table, key]
                ).fetchone()
                raise BadInput(
                    f"{path}: line {line}: repeats the {table} row of line {first}"
                ) from None
            count += 1
        self.conn.execute("COMMIT")
        if progress is not None:
            progress(count, 0, f"Checking what {count:,} rows refer to")
        problems = [self._missing_parent(db)]
        for scale_id, line in named_scales.items():
            if scale_id not in scales and not _exists(db, "rating_scales", scale_id):
                problems.append((line, f"verdicts.scale_id names a scale {scale_id!r}"))
        found = [p for p in problems if p is not None]
        if found:
            line, problem = min(found)
            raise BadInput(
                f"{path}: line {line}: {problem}, not in the bundle nor in this database"
            )
        self._group()
        return count

    def _missing_parent(self, db: Any) -> tuple[int, str] | None:
        """The first row (by line) naming a parent neither in the bundle (nor deleted by
        it) nor here."""
        orphans = self.conn.execute(
            """SELECT r.line, r.tbl, r.ptbl, r.ref FROM rows AS r
               WHERE r.tbl != 'tombstones' AND r.ref IS NOT NULL
                 AND NOT EXISTS (SELECT 1 FROM rows AS p WHERE p.tbl = r.ptbl AND p.key = r.ref)
                 AND NOT EXISTS (SELECT 1 FROM rows AS t WHERE t.tbl = 'tombstones'
                                 AND t.key = r.ptbl || '/' || r.ref)
               ORDER BY r.line"""
        )
        for line, table, parent, value in orphans:
            if not _exists(db, parent, value):
                column = table_of(table).parent
                assert column is not None
                what = table_of(parent).noun
                return line, f"{table}.{column[1]} names {what} {value!r}"
        return None

    def _group(self) -> None:
        """Each row's group: its parent's when the bundle carries the parent (tables
        parents first), else the group its parent would have; a deletion the deleted
        row's, else one of the first groups."""
        self.conn.execute("BEGIN")
        for t in TABLES:
            own = f"'{_rank(t.name)}/' || key"
            if t.parent is not None:
                above = f"'{_rank(t.parent[0])}/' || ref"
                self._group_under_parent(
                    t.name, f"CASE WHEN ref IS NULL THEN {own} ELSE {above} END"
                )
            elif t.name != "tombstones":
                self.conn.execute(f"UPDATE rows SET grp = {own} WHERE tbl = ?", [t.name])
        # Deletions last: they may name rows of any table.
        self._group_under_parent("tombstones", "grp")
        self.conn.execute("CREATE INDEX rows_grp ON rows (grp)")
        self.conn.execute("COMMIT")

    def _group_under_parent(self, table: str, fallback: str) -> None:
        self.conn.execute(
            f"""UPDATE rows SET grp = coalesce((SELECT p.grp FROM rows AS p
                  WHERE p.tbl = rows.ptbl AND p.key = rows.ref), {fallback})
                WHERE tbl = ?""",
            [table],
        )

    def batches(self, batch_rows: int) -> Iterator[dict[str, list[dict]]]:
        """The rows by table, whole groups at a time, about `batch_rows` rows a batch."""
        batch: dict[str, list[dict]] = {}
        size, current = 0, None
        for group, table, data in self.conn.execute(
            "SELECT grp, tbl, data FROM rows ORDER BY grp, line"
        ):
            if group != current:
                if size >= batch_rows:
                    yield batch
                    batch, size = {}, 0
                current = group
            batch.setdefault(table, []).append(marshal.loads(data))
            size += 1
        if batch:
            yield batch


def _exists(db: Any, table: str, row_id: str) -> bool:
    """Whether a row is here, or (for a table whose deletions travel) was deleted here."""
    found = db.execute(f"SELECT 1 FROM {table} WHERE id = ?", [row_id]).fetchone()
    if found is None and table_of(table).tombstoned:
        found = db.execute(
            "SELECT 1 FROM tombstones WHERE tbl = ? AND row_id = ?", [table, row_id]
        ).fetchone()
    return found is not None
