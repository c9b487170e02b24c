"""Rows to model objects and back; paged, filtered, sorted reads done in SQL."""

from __future__ import annotations

import dataclasses
import gzip
import zlib
from collections.abc import Iterable
from typing import Any

from isal import igzip
from sqlite_utils import Database

from factdesk.model import (
    Article,
    Claim,
    ClaimFilter,
    Evidence,
    EvidenceEvent,
    Post,
    PriorCheck,
    RatingLevel,
    RatingScale,
    StatusChange,
    Verdict,
)
from factdesk.store.db import DamagedData

# Columns the claims table can be sorted by (whitelisted: they go into SQL text).
CLAIM_SORTS = {
    "position": "claims.article_id, claims.start",
    "score": "claims.score",
    "text": "claims.text COLLATE NOCASE",
    "speaker": "claims.speaker COLLATE NOCASE",
    "said_on": "claims.said_on",
    "status": "claims.status",
    "verdict": "claims.verdict",
    "kind": "claims.kind",
    "updated": "claims.updated_at",
}
ARTICLE_SORTS = {
    "imported": "articles.imported_at",
    "published": "articles.published",
    "title": "articles.title COLLATE NOCASE",
}


def fts_match(query: str) -> str:
    """Turn what a person types into a safe FTS5 query: every word must appear, as a prefix."""
    words = [w for w in query.replace('"', " ").split() if w]
    return " ".join(f'"{w}"*' for w in words)


# --- articles ---------------------------------------------------------------

ARTICLE_COLUMNS = (
    "articles.id, source, url, title, author, publisher, published, language, imported_at, "
    "updated_at, content_hash, claim_count, verdict_count"
)
# Articles with their counts (kept by triggers in article_stats).
ARTICLES_WITH_COUNTS = "articles JOIN article_stats ON article_stats.article_id = articles.id"


def article_row(article: Article) -> dict:
    return {
        "id": article.id,
        "source": article.source,
        "url": article.url,
        "title": article.title,
        "author": article.author,
        "publisher": article.publisher,
        "published": article.published,
        "language": article.language,
        "imported_at": article.imported_at,
        "updated_at": article.updated_at,
        "text": article.text,
        "content_hash": article.content_hash,
        "raw_gz": compress(article.raw) if article.raw else None,
    }


def compress(data: bytes) -> bytes:
    # gzip, as every stored page has been (old pages, bundles and the hub read them with
    # any gzip reader), made by ISA-L's igzip at its level 1: 0.26 ms for an AEB page
    # against zlib level 1's 1.02 ms, and a little smaller (zlib's level 1 was the
    # slowest step of storing an import; level 9 before it, slower still).
    return igzip.compress(data, compresslevel=1, mtime=0)


def decompress(blob: bytes, what: str) -> bytes:
    """A stored gzipped page; a damaged one is DamagedData naming it, not a traceback."""
    try:
        return gzip.decompress(blob)
    except (OSError, EOFError, zlib.error) as error:
        raise DamagedData(f"{what} cannot be read back: {error}") from None


def article_from_row(row: dict, *, with_text: bool = True) -> Article:
    raw = row.get("raw_gz")
    return Article(
        id=row["id"],
        source=row["source"],
        url=row["url"],
        title=row["title"],
        author=row["author"],
        publisher=row["publisher"],
        published=row["published"],
        language=row["language"],
        imported_at=row["imported_at"],
        updated_at=row["updated_at"],
        content_hash=row["content_hash"],
        text=row.get("text", "") if with_text else "",
        raw=decompress(raw, f"the stored page of article {row['id']}") if raw else None,
        claim_count=row.get("claim_count", 0) or 0,
        verdict_count=row.get("verdict_count", 0) or 0,
    )


def find_article_id(db: Database, url: str | None, digest: str) -> str | None:
    """The id of the stored article with this canonical URL, or else with this text hash."""
    row = None
    if url:
        row = db.execute("SELECT id FROM articles WHERE url = ? LIMIT 1", [url]).fetchone()
    if row is None:
        row = db.execute(
            "SELECT id FROM articles WHERE content_hash = ? LIMIT 1", [digest]
        ).fetchone()
    return row[0] if row else None


def article_counts(db: Database, article_id: str) -> tuple[int, int]:
    row = db.execute(
        "SELECT claim_count, verdict_count FROM article_stats WHERE article_id = ?", [article_id]
    ).fetchone()
    return (row[0], row[1]) if row else (0, 0)


def _known(cls: Any, row: dict) -> dict:
    """The row's values the model class has fields for (a row also holds bookkeeping,
    such as recorded_by)."""
    return {f.name: row[f.name] for f in dataclasses.fields(cls) if f.name in row}


def post_from_row(row: dict) -> Post:
    return Post(**_known(Post, row))


def list_articles(
    db: Database, *, search: str | None = None, sort: str = "imported", descending: bool = True
) -> list[Article]:
    """Articles with their claim and verdict counts, without their (long) text."""
    order = ARTICLE_SORTS.get(sort, ARTICLE_SORTS["imported"])
    where, params = "", []
    if search and fts_match(search):
        where = (
            "WHERE articles.rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)"
        )
        params.append(fts_match(search))
    sql = f"""
        SELECT {ARTICLE_COLUMNS} FROM {ARTICLES_WITH_COUNTS} {where}
        ORDER BY {order} {"DESC" if descending else "ASC"}, articles.id
    """
    return [article_from_row(r, with_text=False) for r in db.query(sql, params)]


# --- claims -----------------------------------------------------------------


def claim_row(claim: Claim) -> dict:
    row = dict(vars(claim))  # shallow: a Claim holds only plain values
    row["checkworthy"] = None if claim.checkworthy is None else int(claim.checkworthy)
    return row


def _claims_from_cursor(cursor) -> list[Claim]:
    # Positional construction from tuples: this is the hot path of search and paging.
    claims = [Claim(*row) for row in cursor]
    for claim in claims:
        if claim.checkworthy is not None:
            claim.checkworthy = bool(claim.checkworthy)
    return claims


def _claim_where(flt: ClaimFilter) -> tuple[str, list]:
    clauses: list[str] = []
    params: list[Any] = []
    if flt.article_id:
        clauses.append("claims.article_id = ?")
        params.append(flt.article_id)
    if flt.text and fts_match(flt.text):
        clauses.append("claims.rowid IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH ?)")
        params.append(fts_match(flt.text))
    if flt.status:
        clauses.append("claims.status = ?")
        params.append(flt.status)
    if flt.verdict is not None:
        if flt.verdict == "":
            clauses.append("claims.verdict IS NULL")
        else:
            clauses.append("claims.verdict = ?")
            params.append(flt.verdict)
    if flt.speaker:  # a name, a handle, or any form the speaker's key holds
        clauses.append(
            "(claims.speaker LIKE ? OR claims.speaker_handle LIKE ? OR claims.speaker_key LIKE ?)"
        )
        params.extend([f"%{flt.speaker}%"] * 3)
    if flt.kind:
        clauses.append("claims.kind = ?")
        params.append(flt.kind)
    if flt.min_score is not None:
        clauses.append("claims.score >= ?")
        params.append(flt.min_score)
    if flt.assignee is not None:
        if flt.assignee == "":
            clauses.append("claims.assignee IS NULL")
        else:
            clauses.append("claims.assignee = ?")
            params.append(flt.assignee)
    if flt.created_since:
        clauses.append("claims.created_at >= ?")
        params.append(flt.created_since)
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", params


# In the order of Claim's fields, so rows become Claims positionally.
CLAIM_COLUMNS = ", ".join(f'claims."{f.name}"' for f in dataclasses.fields(Claim))


def list_claims(
    db: Database, flt: ClaimFilter, *, limit: int | None = None, offset: int = 0
) -> list[Claim]:
    where, params = _claim_where(flt)
    order = CLAIM_SORTS.get(flt.sort, CLAIM_SORTS["position"])
    direction = "DESC" if flt.descending else "ASC"
    sql = f"SELECT {CLAIM_COLUMNS} FROM claims {where} ORDER BY {order} {direction}, claims.id"
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params = [*params, limit, offset]
    return _claims_from_cursor(db.execute(sql, params))


def count_claims(db: Database, flt: ClaimFilter) -> int:
    only_text = not any(
        (flt.article_id, flt.status, flt.verdict is not None, flt.speaker, flt.kind,
         flt.min_score is not None, flt.assignee is not None, flt.created_since)
    )  # fmt: skip
    match = fts_match(flt.text or "")
    if only_text and match:
        # The index alone knows how many match: 2 ms where joining the claims took 50+.
        return db.execute(
            "SELECT count(*) FROM claims_fts WHERE claims_fts MATCH ?", [match]
        ).fetchone()[0]
    where, params = _claim_where(flt)
    return db.execute(f"SELECT count(*) FROM claims {where}", params).fetchone()[0]


def search_claims(db: Database, match: str, limit: int) -> list[Claim]:
    """Claims matching an FTS5 query, best first."""
    cursor = db.execute(
        f"""SELECT {CLAIM_COLUMNS} FROM claims JOIN (
              SELECT rowid AS hit, rank FROM claims_fts WHERE claims_fts MATCH ?
              ORDER BY rank LIMIT ?) ON claims.rowid = hit ORDER BY rank""",
        [match, limit],
    )
    return _claims_from_cursor(cursor)


def get_claims(db: Database, ids: Iterable[str]) -> list[Claim]:
    ids = list(ids)
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    cursor = db.execute(f"SELECT {CLAIM_COLUMNS} FROM claims WHERE id IN ({marks})", ids)
    by_id = {c.id: c for c in _claims_from_cursor(cursor)}
    return [by_id[i] for i in ids if i in by_id]


# --- evidence, verdicts, history, scales ----------------------------------------

EVIDENCE_COLUMNS = (
    "id, claim_id, url, stance, quote, note, title, publisher, published, snapshot_text, "
    "archived_url, fetch_error, fetched_at, added_at"
)


def evidence_from_row(row: dict) -> Evidence:
    return Evidence(**_known(Evidence, row))


def verdict_from_row(row: dict) -> Verdict:
    return Verdict(**{f.name: row[f.name] for f in dataclasses.fields(Verdict)})


def status_change_from_row(row: dict) -> StatusChange:
    return StatusChange(**_known(StatusChange, row))


def evidence_history(db: Database, claim_id: str) -> list[EvidenceEvent]:
    """Evidence added to and removed from a claim, oldest first."""
    return [
        EvidenceEvent(**row)
        for row in db.query(
            "SELECT * FROM evidence_events WHERE claim_id = ? ORDER BY at, id", [claim_id]
        )
    ]


def prior_check_from_row(row: dict) -> PriorCheck:
    return PriorCheck(**_known(PriorCheck, row))


def load_scales(db: Database) -> list[RatingScale]:
    levels: dict[str, list[RatingLevel]] = {}
    for row in db.query(
        "SELECT scale_id, label, definition, value, colour FROM rating_levels "
        "ORDER BY scale_id, position"
    ):
        levels.setdefault(row.pop("scale_id"), []).append(RatingLevel(**row))
    return [
        RatingScale(
            id=row["id"],
            name=row["name"],
            description=row["description"],
            builtin=bool(row["builtin"]),
            levels=levels.get(row["id"], []),
        )
        for row in db.query("SELECT * FROM rating_scales ORDER BY builtin DESC, name")
    ]


def _chunks(ids: list[str], size: int = 500):
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


def evidence_for(db: Database, claim_ids: list[str]) -> dict[str, list[Evidence]]:
    """Evidence of many claims at once, oldest first."""
    found: dict[str, list[Evidence]] = {}
    for chunk in _chunks(claim_ids):
        marks = ",".join("?" * len(chunk))
        for row in db.query(
            f"SELECT {EVIDENCE_COLUMNS} FROM evidence WHERE claim_id IN ({marks})"
            " ORDER BY added_at",
            chunk,
        ):
            found.setdefault(row["claim_id"], []).append(evidence_from_row(row))
    return found


def current_verdicts(db: Database, claim_ids: list[str]) -> dict[str, Verdict]:
    """The latest verdict of each of many claims."""
    found: dict[str, Verdict] = {}
    for chunk in _chunks(claim_ids):
        marks = ",".join("?" * len(chunk))
        for row in db.query(
            f"""SELECT id, claim_id, scale_id, rating, summary, reviewer, at FROM (
                  SELECT *, row_number() OVER (PARTITION BY claim_id ORDER BY at DESC, id DESC)
                    AS newest FROM verdicts WHERE claim_id IN ({marks}))
                WHERE newest = 1""",
            chunk,
        ):
            found[row["claim_id"]] = verdict_from_row(row)
    return found


def speaker_forms(db: Database) -> list[tuple[str, str, str | None, int]]:
    """(key, name, handle, claims) for each form of each speaker that has a key."""
    return [
        tuple(row)
        for row in db.execute(
            """SELECT speaker_key, speaker, speaker_handle, count(*) FROM claims
               WHERE speaker_key IS NOT NULL AND speaker IS NOT NULL
               GROUP BY speaker_key, speaker, speaker_handle"""
        )
    ]


def speaker_article_counts(db: Database) -> dict[str, int]:
    """How many articles each speaker key speaks in."""
    return dict(
        db.execute(
            """SELECT speaker_key, count(DISTINCT article_id) FROM claims
               WHERE speaker_key IS NOT NULL GROUP BY speaker_key"""
        ).fetchall()
    )


# --- single rows and small reads the Desk needs ----------------------------------------


def get_article(db: Database, article_id: str, *, with_raw: bool = True) -> Article | None:
    """An article with its text and posts (and the page as fetched, unless with_raw=False)."""
    raw_column = "raw_gz" if with_raw else "NULL AS raw_gz"
    row = next(
        db.query(
            f"SELECT {ARTICLE_COLUMNS}, text, {raw_column}"
            f" FROM {ARTICLES_WITH_COUNTS} WHERE articles.id = ?",
            [article_id],
        ),
        None,
    )
    if row is None:
        return None
    article = article_from_row(row)
    article.posts = [
        post_from_row(r)
        for r in db.query("SELECT * FROM posts WHERE article_id = ? ORDER BY start", [article_id])
    ]
    return article


def article_rows(db: Database, article_id: str) -> tuple[dict, list[dict]] | None:
    """An article's own row and its posts' rows, as stored (to put them back on undo)."""
    row = next(db.query("SELECT * FROM articles WHERE id = ?", [article_id]), None)
    if row is None:
        return None
    posts = list(db.query("SELECT * FROM posts WHERE article_id = ?", [article_id]))
    return row, posts


def article_titles(db: Database, article_ids: Iterable[str]) -> dict[str, str]:
    ids = list(set(article_ids))
    found: dict[str, str] = {}
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        found.update(
            db.execute(
                f"SELECT id, coalesce(title, source) FROM articles WHERE id IN ({marks})", chunk
            )
        )
    return found


def claim_ids_of_article(db: Database, article_id: str) -> list[str]:
    return [r[0] for r in db.execute("SELECT id FROM claims WHERE article_id = ?", [article_id])]


def claim_field_times(db: Database, claim_id: str) -> str | None:
    row = db.execute("SELECT field_times FROM claims WHERE id = ?", [claim_id]).fetchone()
    return row[0] if row else None


def evidence_rows(db: Database, claim_id: str) -> list[dict]:
    """A claim's evidence rows as stored (snapshot included), to put back on undo."""
    return list(db.query("SELECT * FROM evidence WHERE claim_id = ?", [claim_id]))


def evidence_list(db: Database, claim_id: str) -> list[Evidence]:
    return [
        evidence_from_row(r)
        for r in db.query(
            f"SELECT {EVIDENCE_COLUMNS} FROM evidence WHERE claim_id = ? ORDER BY added_at",
            [claim_id],
        )
    ]


def get_evidence(db: Database, evidence_id: str) -> Evidence | None:
    row = next(
        db.query(f"SELECT {EVIDENCE_COLUMNS} FROM evidence WHERE id = ?", [evidence_id]), None
    )
    return evidence_from_row(row) if row else None


def evidence_snapshot(db: Database, evidence_id: str) -> bytes | None:
    row = db.execute("SELECT snapshot_gz FROM evidence WHERE id = ?", [evidence_id]).fetchone()
    if not row or not row[0]:
        return None
    return decompress(row[0], f"the offline copy of evidence {evidence_id}")


def verdict_history(db: Database, claim_id: str) -> list[Verdict]:
    return [
        verdict_from_row(r)
        for r in db.query("SELECT * FROM verdicts WHERE claim_id = ? ORDER BY at, id", [claim_id])
    ]


def status_history(db: Database, claim_id: str) -> list[StatusChange]:
    return [
        status_change_from_row(r)
        for r in db.query(
            "SELECT * FROM status_changes WHERE claim_id = ? ORDER BY at, id", [claim_id]
        )
    ]


def get_verdict(db: Database, verdict_id: str) -> Verdict | None:
    row = next(db.query("SELECT * FROM verdicts WHERE id = ?", [verdict_id]), None)
    return verdict_from_row(row) if row else None


def history_claim_id(db: Database, table: str, entry_id: str) -> str | None:
    """The claim a verdict or status change belongs to."""
    assert table in ("verdicts", "status_changes")
    row = db.execute(f"SELECT claim_id FROM {table} WHERE id = ?", [entry_id]).fetchone()
    return row[0] if row else None


def prior_checks(db: Database, claim_id: str | None) -> list[PriorCheck]:
    """Fact-checks found for a claim, or (None) those imported for no claim in particular."""
    where = "claim_id IS NULL" if claim_id is None else "claim_id = ?"
    return [
        prior_check_from_row(r)
        for r in db.query(
            f"SELECT {PRIOR_CHECK_COLUMNS} FROM prior_checks WHERE {where}"
            " ORDER BY review_date DESC, found_at",
            [] if claim_id is None else [claim_id],
        )
    ]


PRIOR_CHECK_COLUMNS = ", ".join(f.name for f in dataclasses.fields(PriorCheck))


def imported_prior_check_candidates(db: Database, match: str, limit: int) -> list[PriorCheck]:
    """Imported fact-checks (for no claim in particular) whose claim text matches an FTS5
    query, best match first: the candidates a look-up then scores."""
    columns = ", ".join(f"prior_checks.{c}" for c in PRIOR_CHECK_COLUMNS.split(", "))
    return [
        prior_check_from_row(r)
        for r in db.query(
            f"""SELECT {columns} FROM prior_checks JOIN (
                  SELECT rowid AS hit, rank FROM prior_checks_fts
                  WHERE prior_checks_fts MATCH ? ORDER BY rank LIMIT ?)
                ON prior_checks.rowid = hit WHERE prior_checks.claim_id IS NULL ORDER BY rank""",
            [match, limit],
        )
    ]


def setting_json(db: Database, key: str) -> str | None:
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


# Tables whose ids a person may type a prefix or a short id (the random tail) of.
RESOLVABLE = ("articles", "claims", "evidence")


def ids_starting_with(db: Database, table: str, prefix: str, limit: int = 2) -> list[str]:
    """Ids of `table` starting with `prefix` (ULIDs are upper case), at most `limit`."""
    assert table in RESOLVABLE
    return [
        r[0]
        for r in db.execute(
            f"SELECT id FROM {table} WHERE id >= ? AND id < ? LIMIT ?",
            [prefix.upper(), prefix.upper() + "~", limit],
        )
    ]


# Fewest characters of an id's tail accepted as its short id.
MIN_TAIL = 6


def ids_matching(db: Database, table: str, given: str, limit: int = 20) -> list[str]:
    """Ids of `table` that are `given`, start with it, or (6 or more characters) end
    with it: the short id is the tail, ULIDs of one import share their start."""
    assert table in RESOLVABLE
    upper = given.upper()
    exact = db.execute(f"SELECT id FROM {table} WHERE id = ?", [upper]).fetchone()
    if exact is None and given != upper:
        exact = db.execute(f"SELECT id FROM {table} WHERE id = ?", [given]).fetchone()
    if exact:
        return [exact[0]]
    found = dict.fromkeys(ids_starting_with(db, table, given, limit))
    if len(upper) >= MIN_TAIL:
        # A scan of the ids (no index on their tails: it would slow every import down).
        for (row_id,) in db.execute(
            f"SELECT id FROM {table} WHERE substr(id, -?) = ? LIMIT ?",
            [len(upper), upper, limit],
        ):
            found[row_id] = None
    return list(found)[:limit]
