"""Merging another database's rows into this one, by the rules in store/sync.py.

The incoming rows come checked (store/bundle.py validates a bundle completely first)
and grouped by table; the order they arrived in does not matter. The merge runs inside
the caller's write transaction and gives the same data whichever side merges which:
merge(A, B) == merge(B, A), and merging again changes nothing.

The same article imported on two laptops (same canonical URL or text, two ids) is one
article: it keeps the smaller id on both sides, and its claims are matched by their
span (and keep the smaller id too), so the two databases converge instead of each
keeping its own names.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from sqlite_utils import Database

from factdesk.model import now_iso
from factdesk.store.aliases import record_alias
from factdesk.store.edits import _insert, _update
from factdesk.store.factcheck_claims import follow_factcheck, merge_registers
from factdesk.store.families import derive_families, merge_family_registers
from factdesk.store.sync import (
    FIELD_CLOCKS,
    activity_time,
    is_gone,
    merged_fields,
    recompute_claims,
)
from factdesk.store.tables import TABLES, children_of, tombstoned
from factdesk.store.tables import table as table_of

# Children of a claim, with the column naming it (store/tables.py).
CLAIM_CHILDREN = tuple(t.name for t in children_of("claims"))
# This laptop's own rows of a claim, never merged from elsewhere, that follow a claim a
# merge renames: text being typed, the claim's encoder vector.
LOCAL_CLAIM_TABLES = ("drafts", "claim_vectors")
# Who-recorded-it columns a hub stamps (a hub's word on them is final; a bundle's never
# changes a row already here).
IDENTITY = {t.name: t.stamped for t in TABLES if t.stamped}
# Tables a deletion may name (as bundles check).
TOMBSTONED = tombstoned()


class Merge:
    """`trusted`: the rows come from a team hub, which has already applied its rules on
    who may change and delete what, and whose word on who recorded a row is final.
    Otherwise (a bundle) deletions of this laptop's own rows (recorded here, or by `me`
    on the hub) are refused and counted, never applied."""

    def __init__(self, db: Database, *, trusted: bool = False, me: str | None = None):
        self.db = db
        self.trusted = trusted
        self.me = me
        self.protect_own = not trusted  # refuse deletions of rows recorded here
        # Local claims that may pair with an incoming claim of the same span, smallest id
        # last, fetched once per span (a merge stays linear in the claims sharing one).
        self.span_candidates: dict[tuple, list[tuple[str, str]]] = {}
        self.counts: Counter = Counter()
        self.article_ids: dict[str, str] = {}  # incoming id -> id here (None: gone)
        self.claim_ids: dict[str, str] = {}
        self.factcheck_ids: dict[str, str] = {}
        self.matched: set[str] = set()  # local ids already paired with an incoming row
        self.touched_claims: set[str] = set()
        self.registers: dict[tuple[str, str], tuple[int, str]] = {}
        self.column_names: dict[str, list[str]] = {}

    def _columns(self, table: str) -> list[str]:
        if table not in self.column_names:
            self.column_names[table] = [
                r[1] for r in self.db.execute(f"PRAGMA table_info({table})")
            ]
        return self.column_names[table]

    def _row(self, table: str, where: str, params: list) -> dict | None:
        found = self.db.execute(f"SELECT * FROM {table} WHERE {where}", params).fetchone()
        return None if found is None else dict(zip(self._columns(table), found, strict=True))

    def run(self, incoming: dict[str, list[dict]]) -> Counter:
        # Re-keying an article or claim to the smaller id moves children after parents.
        self.db.execute("PRAGMA defer_foreign_keys = ON")
        newly_deleted = self._tombstones(incoming.get("tombstones", []))
        # Each table's rows by its rule (store/tables.py), parents before children; a
        # rule that takes several tables (a scale with its levels) runs once.
        done: set[str] = {"tombstones"}
        for t in TABLES:
            if t.merge_rule not in done:
                done.add(t.merge_rule)
                getattr(self, f"_merge_{t.merge_rule}")(incoming)
        self._apply_deletions(newly_deleted)
        if self.counts["claims deleted"]:
            derive_families(self.db)  # (a family may be left with one claim)
        if self.trusted:
            self._adopt_recorders(incoming)
        recompute_claims(self.db, sorted(self.touched_claims))
        return self.counts

    def _merge_scales(self, incoming: dict[str, list[dict]]) -> None:
        self._scales(incoming.get("rating_scales", []), incoming.get("rating_levels", []))

    def _merge_articles(self, incoming: dict[str, list[dict]]) -> None:
        claims = sorted(incoming.get("claims", []), key=lambda r: r["id"])
        self._articles(incoming.get("articles", []), incoming.get("posts", []), claims)

    def _merge_claims(self, incoming: dict[str, list[dict]]) -> None:
        for row in sorted(incoming.get("claims", []), key=lambda r: r["id"]):
            self._claim(row)

    def _merge_evidence(self, incoming: dict[str, list[dict]]) -> None:
        for row in sorted(incoming.get("evidence", []), key=lambda r: r["id"]):
            self._evidence(row)

    def _merge_history(self, incoming: dict[str, list[dict]]) -> None:
        for t in TABLES:
            if t.merge_rule == "history":
                for row in sorted(incoming.get(t.name, []), key=lambda r: r["id"]):
                    self._history(t.name, row)

    def _merge_prior_checks(self, incoming: dict[str, list[dict]]) -> None:
        for row in sorted(incoming.get("prior_checks", []), key=lambda r: r["id"]):
            self._prior_check(row)

    def _merge_saved_lists(self, incoming: dict[str, list[dict]]) -> None:
        for row in sorted(incoming.get("saved_lists", []), key=lambda r: r["id"]):
            self._saved_list(row)

    def _merge_factchecks(self, incoming: dict[str, list[dict]]) -> None:
        for row in sorted(incoming.get("factchecks", []), key=lambda r: r["id"]):
            self._factcheck(row)

    def _merge_corrections(self, incoming: dict[str, list[dict]]) -> None:
        for row in sorted(incoming.get("factcheck_corrections", []), key=lambda r: r["id"]):
            self._correction(row)

    def _merge_family_members(self, incoming: dict[str, list[dict]]) -> None:
        rows = incoming.get("claim_family_members", [])
        merge_family_registers(self.db, rows, self._local_claim, self.counts)

    def _merge_factcheck_claims(self, incoming: dict[str, list[dict]]) -> None:
        rows, ids = incoming.get("factcheck_claims", []), self.factcheck_ids
        merge_registers(self.db, rows, self._local_claim, ids, self.counts)

    def _adopt_recorders(self, incoming: dict[str, list[dict]]) -> None:
        """A hub's word on who recorded each row is final (rows merged under another id
        keep the recorder here)."""
        for table, rows in incoming.items():
            keys = table_of(table).key
            where = " AND ".join(f"{k} = ?" for k in keys)
            self.db.conn.executemany(
                f"UPDATE {table} SET recorded_by = ? WHERE {where} AND recorded_by IS NOT ?",
                [
                    (row["recorded_by"], *(row[k] for k in keys), row["recorded_by"])
                    for row in rows
                    if row.get("recorded_by")
                ],
            )

    # --- tombstones -------------------------------------------------------------

    def _tombstones(self, rows: list[dict]) -> list[tuple[str, str]]:
        """Merge the deletion registers (newest wins); returns those now saying deleted."""
        for table, row_id, deleted, at in self.db.execute(
            "SELECT tbl, row_id, deleted, at FROM tombstones"
        ):
            self.registers[(table, row_id)] = (deleted, at)
        changed = []
        for row in rows:
            key = (row["tbl"], row["row_id"])
            local = self.registers.get(key)
            mine = None if local is None else (local[1], local[0])
            if mine is not None and mine >= (row["at"], row["deleted"]):
                continue
            if row["deleted"] and self.protect_own and self._own_row(*key):
                self.counts["deletions of your own work refused"] += 1
                continue
            self.db.execute(
                """INSERT INTO tombstones (tbl, row_id, article_id, deleted, at, recorded_by)
                   VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (tbl, row_id) DO UPDATE SET
                   deleted = excluded.deleted, at = excluded.at,
                   article_id = coalesce(article_id, excluded.article_id),
                   recorded_by = excluded.recorded_by""",
                [row["tbl"], row["row_id"], row["article_id"], row["deleted"], row["at"],
                 row.get("recorded_by")],
            )  # fmt: skip
            self.registers[key] = (row["deleted"], row["at"])
            self.counts["tombstones"] += 1
            if row["deleted"]:
                changed.append(key)
        return changed

    def _own_row(self, table: str, row_id: str) -> bool:
        """Whether a row here was recorded on this laptop (or by me, on the hub)."""
        if table not in TOMBSTONED:
            return False
        found = self.db.execute(
            f"SELECT 1 FROM {table} WHERE id = ? AND (recorded_by IS NULL OR recorded_by = ?)",
            [row_id, self.me],
        ).fetchone()
        return found is not None

    def _adopt_identity(self, table: str, local: dict, row: dict) -> bool:
        """A hub's word on the name shown with a history entry, and its (bounded) time."""
        if not self.trusted or not row.get("recorded_by"):
            return False
        columns = IDENTITY.get(table, ())
        changed = {c: row[c] for c in columns
                   if row.get(c) is not None and row[c] != local.get(c)}  # fmt: skip
        if changed:
            key = "id = ?"
            self.db.execute(
                f"UPDATE {table} SET " + ", ".join(f'"{c}" = ?' for c in changed) + f" WHERE {key}",
                [*changed.values(), local["id"]],
            )
        return bool(changed)

    def _gone(self, table: str, row_id: str, row: dict) -> bool:
        return is_gone(self.registers.get((table, row_id)), activity_time(table, row))

    # --- saved lists ------------------------------------------------------------------

    def _saved_list(self, row: dict) -> None:
        """A saved list: the later edit wins, by id and by name (a name is one list)."""
        if self._gone("saved_lists", row["id"], row):
            return
        same = self.db.execute(
            "SELECT max(updated_at) FROM saved_lists WHERE id = ? OR name = ?",
            [row["id"], row["name"]],
        ).fetchone()[0]
        if same is not None and same >= row["updated_at"]:
            return
        self.db.execute(
            "DELETE FROM saved_lists WHERE id = ? OR name = ?", [row["id"], row["name"]]
        )
        _insert(self.db, "saved_lists", row)
        self.counts["saved_lists"] += 1

    # --- fact-checks ------------------------------------------------------------------

    def _factcheck(self, row: dict) -> None:
        """A claim's fact-check: one per claim. The later edit wins whole (ties: the
        greater content); the hub's id is kept (else the smaller), with the corrections
        of both."""
        claim_id = self._local_claim(row["claim_id"])
        if claim_id is None:
            return
        row = {**row, "claim_id": claim_id}
        local = self._row("factchecks", "claim_id = ?", [claim_id])
        if local is None:
            local = self._row("factchecks", "id = ?", [row["id"]])
        if local is None:
            _insert(self.db, "factchecks", row)
            self.factcheck_ids[row["id"]] = row["id"]
            self.counts["factchecks"] += 1
            return
        final = row["id"] if self.trusted else min(local["id"], row["id"])
        if final != local["id"]:
            self.db.execute("UPDATE factchecks SET id = ? WHERE id = ?", [final, local["id"]])
            self.db.execute(
                "UPDATE factcheck_corrections SET factcheck_id = ? WHERE factcheck_id = ?",
                [final, local["id"]],
            )
            follow_factcheck(self.db, local["id"], final)  # (its other claims' registers)
        self.factcheck_ids[row["id"]] = final
        content = [c for c in self._columns("factchecks") if c not in ("id", "recorded_by")]
        mine = (local["updated_at"], repr([local[c] for c in content]))
        theirs = (row["updated_at"], repr([row.get(c) for c in content]))
        if theirs > mine:
            _update(self.db, "factchecks", final, {c: row.get(c) for c in content})
            self.counts["factchecks updated"] += 1
        self._adopt_identity("factchecks", {**local, "id": final}, row)

    def _correction(self, row: dict) -> None:
        """A correction of a published fact-check: history, kept from both sides."""
        factcheck_id = self.factcheck_ids.get(row["factcheck_id"], row["factcheck_id"])
        if self._row("factchecks", "id = ?", [factcheck_id]) is None:
            return
        local = self._row("factcheck_corrections", "id = ?", [row["id"]])
        if local is None:
            _insert(self.db, "factcheck_corrections", {**row, "factcheck_id": factcheck_id})
            self.counts["factcheck_corrections"] += 1
        else:
            self._adopt_identity("factcheck_corrections", local, row)

    # --- scales ---------------------------------------------------------------------

    def _scales(self, scales: list[dict], levels: list[dict]) -> None:
        """A user's own scale: the same id on both sides keeps the greater definition
        (scales carry no edit times; any fixed rule gives both sides the same scale)."""
        levels_of: dict[str, list[dict]] = {}
        for level in levels:
            levels_of.setdefault(level["scale_id"], []).append(level)
        for scale in sorted(scales, key=lambda r: r["id"]):
            incoming = _scale_version(scale, levels_of.get(scale["id"], []))
            local_row = self.db.execute(
                "SELECT * FROM rating_scales WHERE id = ?", [scale["id"]]
            ).fetchone()
            if local_row is not None:
                local = dict(zip(self._columns("rating_scales"), local_row, strict=True))
                if local["builtin"]:
                    continue  # a built-in scale is never replaced
                local_levels = [
                    dict(zip(self._columns("rating_levels"), r, strict=True))
                    for r in self.db.execute(
                        "SELECT * FROM rating_levels WHERE scale_id = ?", [scale["id"]]
                    )
                ]
                if _scale_version(local, local_levels) >= incoming:
                    continue
                self.db.execute("DELETE FROM rating_levels WHERE scale_id = ?", [scale["id"]])
                self.db.execute("DELETE FROM rating_scales WHERE id = ?", [scale["id"]])
            _insert(self.db, "rating_scales", scale)
            for level in levels_of.get(scale["id"], []):
                _insert(self.db, "rating_levels", level)
            self.counts["rating_scales"] += 1

    # --- articles ---------------------------------------------------------------------

    def _articles(self, rows: list[dict], posts: list[dict], claims: list[dict]) -> None:
        posts_of: dict[str, list[dict]] = {}
        for post in posts:
            posts_of.setdefault(post["article_id"], []).append(post)
        live_claims: set[str] = {
            c["article_id"] for c in claims if not self._gone("claims", c["id"], c)
        }
        for row in sorted(rows, key=lambda r: r["id"]):
            # A deleted article stays deleted, unless a claim of it was worked on after.
            if self._gone("articles", row["id"], row) and row["id"] not in live_claims:
                continue
            local = self._same_article(row)
            if local is None:
                _insert(self.db, "articles", row)
                for post in posts_of.get(row["id"], []):
                    _insert(self.db, "posts", post)
                self.article_ids[row["id"]] = row["id"]
                self.matched.add(row["id"])
                self.counts["articles"] += 1
                continue
            duplicate = local["id"] != row["id"]
            final = min(local["id"], row["id"])
            if local["id"] != final:
                self._rekey_article(local["id"], final)
                local["id"] = final
            self.article_ids[row["id"]] = final
            self.matched.add(final)
            version = (row["updated_at"], row["content_hash"])
            # A hub's copy of an article imported here too is the one kept (the hub lets
            # only its recorder change it).
            if version > (local["updated_at"], local["content_hash"]) or (
                self.trusted and duplicate and final == row["id"]
            ):
                fields = {k: v for k, v in row.items() if k not in ("id", "imported_at")}
                fields["imported_at"] = min(local["imported_at"], row["imported_at"])
                _update(self.db, "articles", final, fields)
                self.db.execute("DELETE FROM posts WHERE article_id = ?", [final])
                for post in posts_of.get(row["id"], []):
                    _insert(self.db, "posts", {**post, "article_id": final})
                self.counts["articles updated"] += 1
            elif row["imported_at"] < local["imported_at"]:
                _update(self.db, "articles", final, {"imported_at": row["imported_at"]})

    def _same_article(self, row: dict) -> dict | None:
        """The local article this row is: the same id, else the same canonical URL, else
        the same text (one not already paired in this merge)."""
        columns = "id, updated_at, content_hash, imported_at"
        found = self.db.execute(
            f"SELECT {columns} FROM articles WHERE id = ?", [row["id"]]
        ).fetchone()
        if found is None:
            for column in ("url", "content_hash"):
                if row[column] is None:
                    continue
                for candidate in self.db.execute(
                    f"SELECT {columns} FROM articles WHERE {column} = ? ORDER BY id",
                    [row[column]],
                ):
                    if candidate[0] not in self.matched and not self._article_gone(candidate):
                        found = candidate
                        break
                if found:
                    break
        return None if found is None else dict(zip(columns.split(", "), found, strict=True))

    def _article_gone(self, local: tuple) -> bool:
        """Whether a local article (id, updated_at, ...) is deleted by the tombstones now
        known: it is unless one of its claims outlives its own tombstone."""
        if not is_gone(self.registers.get(("articles", local[0])), local[1]):
            return False
        return all(
            self._gone("claims", claim_id, {"updated_at": updated_at})
            for claim_id, updated_at in self.db.execute(
                "SELECT id, updated_at FROM claims WHERE article_id = ?", [local[0]]
            )
        )

    def _rekey_article(self, old: str, new: str) -> None:
        for statement in (
            "UPDATE articles SET id = :new WHERE id = :old",
            "UPDATE posts SET article_id = :new WHERE article_id = :old",
            "UPDATE claims SET article_id = :new WHERE article_id = :old",
            "UPDATE article_stats SET article_id = :new WHERE article_id = :old",
            "UPDATE tombstones SET article_id = :new WHERE article_id = :old",
            # The count triggers cannot follow a renamed parent: count again.
            """UPDATE article_stats SET
                 claim_count = (SELECT count(*) FROM claims WHERE article_id = :new),
                 verdict_count = (SELECT count(*) FROM claims
                                  WHERE article_id = :new AND verdict IS NOT NULL)
               WHERE article_id = :new""",
        ):
            self.db.execute(statement, {"old": old, "new": new})
        record_alias(self.db, "articles", old, new, now_iso())  # what holds the old id follows
        self.counts["articles renamed"] += 1

    # --- claims -------------------------------------------------------------------------

    def _claim(self, row: dict) -> None:
        article_id = self._local_article(row["article_id"])
        if article_id is None or self._gone("claims", row["id"], row):
            return
        row = {**row, "article_id": article_id}
        local = self._same_claim(row)
        if local is None:
            _insert(self.db, "claims", row)
            self.claim_ids[row["id"]] = row["id"]
            self.matched.add(row["id"])
            self.touched_claims.add(row["id"])
            self.counts["claims"] += 1
            return
        final = min(local["id"], row["id"])
        if local["id"] != final:
            self._rekey_claim(local["id"], final)
            local["id"] = final
        self.claim_ids[row["id"]] = final
        self.matched.add(final)
        self.touched_claims.add(final)
        fields = merged_fields("claims", local, row)
        fields["updated_at"] = max(local["updated_at"], row["updated_at"])
        fields["created_at"] = min(local["created_at"], row["created_at"])
        if any(fields[k] != local[k] for k in fields):
            _update(self.db, "claims", final, fields)
            self.counts["claims updated"] += 1

    def _local_article(self, incoming_id: str) -> str | None:
        if incoming_id in self.article_ids:
            return self.article_ids[incoming_id]
        found = self.db.execute("SELECT 1 FROM articles WHERE id = ?", [incoming_id]).fetchone()
        return incoming_id if found else None

    def _same_claim(self, row: dict) -> dict | None:
        """The local claim this row is: the same id, else the unpaired one of the same
        span with the smallest id."""
        found = self._row("claims", "id = ?", [row["id"]])
        if found is not None:
            return found
        span = (row["article_id"], row["start"], row["end"], row["sentence"])
        candidates = self.span_candidates.get(span)
        if candidates is None:
            candidates = self.db.execute(
                "SELECT id, updated_at FROM claims WHERE article_id = ? AND start = ?"
                ' AND "end" = ? AND sentence = ? ORDER BY id DESC',
                list(span),
            ).fetchall()
            self.span_candidates[span] = candidates
        # Paired or deleted candidates never become candidates again: drop them as met;
        # the one returned is paired by the caller.
        while candidates:
            claim_id, updated_at = candidates.pop()
            if claim_id in self.matched or self._gone(
                "claims", claim_id, {"updated_at": updated_at}
            ):
                continue
            return self._row("claims", "id = ?", [claim_id])
        return None

    def _rekey_claim(self, old: str, new: str) -> None:
        self.db.execute("UPDATE claims SET id = ? WHERE id = ?", [new, old])
        for table in (*CLAIM_CHILDREN, *LOCAL_CLAIM_TABLES):
            self.db.execute(f"UPDATE {table} SET claim_id = ? WHERE claim_id = ?", [new, old])
        record_alias(self.db, "claims", old, new, now_iso())  # undo, keys and panel follow
        self.counts["claims renamed"] += 1

    def _local_claim(self, incoming_id: str | None) -> str | None:
        if incoming_id is None or incoming_id in self.claim_ids:
            return self.claim_ids.get(incoming_id) if incoming_id else None
        found = self.db.execute("SELECT 1 FROM claims WHERE id = ?", [incoming_id]).fetchone()
        return incoming_id if found else None

    # --- the claims' work -------------------------------------------------------------------

    def _evidence(self, row: dict) -> None:
        claim_id = self._local_claim(row["claim_id"])
        if claim_id is None or self._gone("evidence", row["id"], row):
            return
        row = {**row, "claim_id": claim_id}
        self.touched_claims.add(claim_id)
        local = self._row("evidence", "id = ?", [row["id"]])
        if local is None:
            _insert(self.db, "evidence", row)
            self.counts["evidence"] += 1
            return
        fields = merged_fields("evidence", local, row)
        if any(fields[k] != local[k] for k in fields):
            _update(self.db, "evidence", row["id"], fields)
            self.counts["evidence updated"] += 1

    def _history(self, table: str, row: dict) -> None:
        claim_id = self._local_claim(row["claim_id"])
        if claim_id is None or self._gone(table, row["id"], row):
            return
        local = self._row(table, "id = ?", [row["id"]])
        if local is None:
            _insert(self.db, table, {**row, "claim_id": claim_id})
            self.touched_claims.add(claim_id)
            self.counts[table] += 1
        else:
            if table in FIELD_CLOCKS:  # a verdict's summary, amended on either side
                fields = merged_fields(table, local, row)
                if any(fields[k] != local[k] for k in fields):
                    _update(self.db, table, row["id"], fields)
                    self.counts[f"{table} updated"] += 1
            if self._adopt_identity(table, local, row):
                self.touched_claims.add(local["claim_id"])

    def _prior_check(self, row: dict) -> None:
        """A published fact-check: the same review (URL, for the same claim, or imported
        with the same claim text) found on both sides keeps the smaller id."""
        claim_id = self._local_claim(row["claim_id"])
        if (row["claim_id"] is not None and claim_id is None) or self._gone(
            "prior_checks", row["id"], row
        ):
            return
        row = {**row, "claim_id": claim_id}
        if claim_id is None:
            where, params = (
                "claim_id IS NULL AND url = ? AND claim_text = ?",
                [
                    row["url"],
                    row["claim_text"],
                ],
            )
        else:
            where, params = "claim_id = ? AND url = ?", [claim_id, row["url"]]
        same = self.db.execute(
            f"SELECT id FROM prior_checks WHERE id = ? OR ({where}) ORDER BY id",
            [row["id"], *params],
        ).fetchall()
        if not same:
            _insert(self.db, "prior_checks", row)
            self.counts["prior_checks"] += 1
        elif row["id"] < same[0][0]:
            self.db.execute("UPDATE prior_checks SET id = ? WHERE id = ?", [row["id"], same[0][0]])

    # --- deletions --------------------------------------------------------------------------

    def _apply_deletions(self, keys: Iterable[tuple[str, str]]) -> None:
        """Delete the local rows that an incoming tombstone outlives (articles last: one
        with a claim still alive stays)."""
        keys = sorted(keys, key=lambda k: k[0] == "articles")
        for table, row_id in keys:
            if table == "articles":
                left = self.db.execute(
                    "SELECT 1 FROM claims WHERE article_id = ? LIMIT 1", [row_id]
                ).fetchone()
                local = self._row("articles", "id = ?", [row_id])
                if local and not left and self._gone(table, row_id, local):
                    self.db.execute("DELETE FROM articles WHERE id = ?", [row_id])
                    self.counts["articles deleted"] += 1
                continue
            if table not in TOMBSTONED:
                continue
            local = self._row(table, "id = ?", [row_id])
            if local is None or not self._gone(table, row_id, local):
                continue
            claim_id = row_id if table == "claims" else local.get("claim_id")
            self.db.execute(f"DELETE FROM {table} WHERE id = ?", [row_id])
            self.counts[f"{table} deleted"] += 1
            if table == "claims":  # (its register has no foreign key to cascade: by hand)
                self.db.execute("DELETE FROM claim_family_members WHERE claim_id = ?", [row_id])
                self.touched_claims.discard(row_id)
            elif claim_id:
                self.touched_claims.add(claim_id)


def _scale_version(scale: dict, levels: list[dict]) -> str:
    ordered = sorted(levels, key=lambda level: level["position"])
    rows = [[level[k] for k in sorted(level)] for level in ordered]
    return repr(([scale[k] for k in sorted(scale)], rows))
