"""The Desk: the one owner of a factdesk database.

Every operation the app offers is a method here, used alike by the GUI, the CLI
and the tests (like Anki's Collection). A Desk belongs to the thread that made
it: SQLite connections are never shared across threads. Mutating operations run
in one transaction each and return a `Changes` saying what changed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from factdesk import paths, store
from factdesk.errors import BadInput, FactdeskError, NotFound
from factdesk.evidence.seen import RatedIndex, SeenBefore
from factdesk.lists import SavedList, Statistics, checked_days, checked_name, compute_statistics
from factdesk.model import (
    STANCES,
    STATUSES,
    Article,
    Claim,
    ClaimFilter,
    Correction,
    Evidence,
    EvidenceEvent,
    FactCheck,
    PriorCheck,
    RatingScale,
    StatusChange,
    Verdict,
    new_id,
    now_iso,
    short_id,
)
from factdesk.outputs import Written, atomic_output, is_stdout, output_target, shown_name
from factdesk.store import aliases, connect, edits, saved
from factdesk.store import factchecks as fcs
from factdesk.store import queries as q
from factdesk.store import trash as trashed

# Claim fields a person may edit by hand.
EDITABLE_CLAIM_FIELDS = (
    "text",
    "speaker",
    "speaker_handle",
    "said_on",
    "score",
    "kind",
    "assignee",
)
DEFAULT_SCALE = "politifact"
# How many imported fact-checks the full-text index hands to the scorer per look-up: with
# 100,000 imported, 200 found what scoring all of them found for each of the sample's 43
# claims; 50 missed 4 (bench/bench_prior_checks.py).
PRIOR_CHECK_CANDIDATES = 200


@dataclass(frozen=True)
class Changes:
    """What an operation changed, so views refresh only that."""

    articles: frozenset[str] = frozenset()
    claims: frozenset[str] = frozenset()
    scales: bool = False
    settings: bool = False
    prior_checks: bool = False  # published fact-checks kept (any claim may match them)
    saved_lists: bool = False  # the named lists of the sidebar

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            self.articles | other.articles,
            self.claims | other.claims,
            self.scales or other.scales,
            self.settings or other.settings,
            self.prior_checks or other.prior_checks,
            self.saved_lists or other.saved_lists,
        )


@dataclass
class ImportResult:
    article: Article
    claim_count: int
    outcome: str  # "new", "unchanged" (seen before, kept as it was) or "replaced" (re-split)
    changes: Changes = field(default_factory=Changes)


@dataclass
class SimilarClaim:
    claim: Claim
    similarity: float  # 0..1
    seen_before: str | None  # "Seen before: rated False on ..." when it has a verdict
    same_speaker: bool = False  # said by the same person (their speaker keys are equal)


@dataclass
class SpeakerSummary:
    """One speaker across the database: the forms used for them, and how much they said."""

    key: str
    name: str  # the form used most
    aliases: tuple[str, ...]  # the other names and the handles
    claim_count: int
    article_count: int


@dataclass
class ClaimRecord:
    """Everything about one claim, enough to put it back after a delete (undo)."""

    claim: Claim
    evidence_rows: list[dict]
    verdicts: list[Verdict]
    status_changes: list[StatusChange]
    prior_checks: list[PriorCheck]
    field_times: str | None = None  # when each field was last edited (for merges)
    factcheck: FactCheck | None = None  # its write-up, with its corrections


@dataclass
class TrashItem:
    """An entry of the trash: an article, claims or an evidence link, with all its work."""

    id: str
    kind: str  # "article", "claims" or "evidence"
    label: str  # the article's title, the claim's text, the link's title
    detail: str  # "12 claims, 3 with a verdict", "in 'Title'", ...
    trashed_at: str
    by: str | None = None
    item_id: str = ""
    article_id: str | None = None
    changes: Changes = field(default_factory=Changes)  # what moving it there changed

    @property
    def short_id(self) -> str:
        return short_id(self.id)


# Days an entry stays in the trash before it is emptied on its own (setting trash_days).
TRASH_DAYS = 30


@dataclass
class ArticleRecord:
    """An article as it was before a delete, with its claims: enough to undo it."""

    row: dict
    posts: list[dict]
    claims: list[ClaimRecord]

    @property
    def changes(self) -> Changes:
        """What deleting (or restoring) it changed."""
        return Changes(
            articles=frozenset({self.row["id"]}),
            claims=frozenset(c.claim.id for c in self.claims),
        )


def content_hash(text: str) -> str:
    """The same article text gives the same hash, whatever its whitespace."""
    return hashlib.sha256(" ".join(text.split()).encode()).hexdigest()


class Desk:
    def __init__(
        self, path: str | Path | None = None, *, read_only: bool = False, create: bool = True
    ):
        """Open the database at `path`; read_only=True gives a Desk whose connection refuses
        every write (the GUI's reader thread), on a file a writer has opened before;
        create=False refuses a file that is not there (a command that only reads)."""
        if path is not None and not str(path).strip():
            raise BadInput("the database path is empty; give a file, e.g. --db desk.db")
        self.path = Path(path) if path is not None else paths.default_db_path()
        self.read_only = read_only
        self.db = connect(self.path, read_only=read_only, create=create)
        self._scales: dict[str, RatingScale] | None = None
        # The rated claims' words, for seen-before marks at import (rebuilt when stale).
        self._rated_index: tuple[tuple[int, str | None], RatedIndex] | None = None
        if not read_only:
            self._ensure_builtin_scales()
            if not self.db.read_only:
                self.empty_expired_trash()  # what was deleted over trash_days ago goes now

    # --- lifecycle ---------------------------------------------------------

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Desk:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- articles ----------------------------------------------------------

    def import_source(
        self,
        source: str,
        *,
        replace: bool = False,
        stdin_text: str | None = None,
        fetcher: Any = None,
    ) -> ImportResult:
        """Read an article from a URL, a file or stdin ("-"), split it and store it: the
        network step read_and_split, then the store step import_article (the GUI runs the
        same two on its network pool and its database thread)."""
        if source != "-" and "://" not in source:
            self.refuse_database_file(Path(source), "import")
        read = read_and_split(source, fetcher=fetcher, stdin_text=stdin_text)
        if isinstance(read, FactdeskError):
            raise read
        article, claims = read
        return self.import_article(article, replace=replace, split=lambda _article: claims)

    def import_article(
        self,
        article: Article,
        *,
        replace: bool = False,
        split: Callable[[Article], list[Claim]] | None = None,
    ) -> ImportResult:
        """Store an article and its claims in one transaction.

        The same article again (same canonical URL or same text) is not a new article:
        with the same text it is kept as it was ("unchanged"), unless replace=True; a page
        whose text has changed since is updated ("updated"). Updating or replacing splits
        it again, keeping every claim with the user's work on it (a verdict, evidence, a
        status or an edit), moved to where its sentence now stands.
        """
        if not article.text.strip():
            raise BadInput(f"{article.source}: the article has no text")
        split = split or _split_claims
        article.content_hash = content_hash(article.text)
        # A first look outside the transaction spares splitting an article already here.
        existing = self._same_article(article)
        if existing and not (replace or existing.content_hash != article.content_hash):
            return ImportResult(existing, existing.claim_count, "unchanged")
        claims = split(article)
        with self.db.write():
            # Decided again inside the write transaction: another process may have
            # stored the same article since (two imports of one folder at once).
            existing = self._same_article(article)
            changed = existing is not None and existing.content_hash != article.content_hash
            if existing and not (replace or changed):
                return ImportResult(existing, existing.claim_count, "unchanged")
            now = now_iso()
            if existing:
                article.id = existing.id
                article.imported_at = existing.imported_at
            else:
                article.imported_at = now
            article.updated_at = now
            for post in article.posts:
                post.article_id = article.id
            for claim in claims:
                claim.article_id = article.id
                claim.created_at = claim.updated_at = now
            if existing:
                claims = self._merge_resplit(article.id, claims, article.text, now)
            edits.upsert_article(self.db, article)
            edits.replace_posts(self.db, article.id, article.posts)
            edits.insert_claims(self.db, claims)
            self._mark_seen_before(article.id, claims, now)
        article.claim_count, article.verdict_count = q.article_counts(self.db, article.id)
        article.raw = None  # kept in the database; not carried around
        outcome = "new" if not existing else "updated" if changed else "replaced"
        return ImportResult(
            article,
            article.claim_count,
            outcome,
            Changes(articles=frozenset({article.id}), claims=frozenset(c.id for c in claims)),
        )

    def _same_article(self, article: Article) -> Article | None:
        """The stored article with the same canonical URL, or else the same text."""
        found = q.find_article_id(self.db, article.url, article.content_hash or "")
        return self.article(found, with_raw=False) if found else None

    def _merge_resplit(
        self, article_id: str, fresh: list[Claim], text: str, now: str
    ) -> list[Claim]:
        """Before an article is split again: drop its untouched claims (tombstoned, so a
        merge does not bring them back), keep the worked-on ones (moved to where their
        sentence now stands in `text`), and return the fresh claims that do not repeat a
        kept one."""
        untouched, worked = edits.unworked_claims(self.db, article_id)
        edits.delete_claims(self.db, untouched, now)
        kept_spans = set()
        for row in worked:
            start, end = _relocate(text, row["sentence"], row["start"])
            if (start, end) != (row["start"], row["end"]):
                edits.move_claim(self.db, row["id"], start, end, now)
            kept_spans.add((start, end))
        return [c for c in fresh if (c.start, c.end) not in kept_spans]

    def articles(
        self, *, search: str | None = None, sort: str = "imported", descending: bool = True
    ) -> list[Article]:
        return q.list_articles(self.db, search=search, sort=sort, descending=descending)

    def article(self, article_id: str, *, with_raw: bool = True) -> Article:
        """An article with its text and posts (and the page as fetched, unless with_raw=False)."""
        article = q.get_article(self.db, article_id, with_raw=with_raw)
        if article is None:
            raise NotFound(f"{article_id}: no such article")
        return article

    def article_titles(self, article_ids: Iterable[str]) -> dict[str, str]:
        """Titles (or sources) of articles by id, without reading their text."""
        return q.article_titles(self.db, article_ids)

    def resolve_article_id(self, prefix: str) -> str:
        return self._resolve("articles", prefix, "article")

    def delete_article(self, article_id: str) -> ArticleRecord:
        """Delete an article with its claims and their work; returns what is needed to
        put it back (restore_article). The deletion survives a merge with a database
        that still has the article, unless work was done there after it."""
        with self.db.write():
            rows = q.article_rows(self.db, article_id)
            if rows is None:
                raise NotFound(f"{article_id}: no such article")
            claim_ids = q.claim_ids_of_article(self.db, article_id)
            claims = [self._claim_record(claim_id) for claim_id in claim_ids]
            edits.delete_article(self.db, article_id, now_iso())
        return ArticleRecord(row=rows[0], posts=rows[1], claims=claims)

    def restore_article(self, record: ArticleRecord) -> Changes:
        """Put a deleted article back exactly as it was, with its claims (undo). What a
        merge brought back meanwhile stays as it is; the rest is put back."""
        payload = {
            "article": record.row,
            "posts": record.posts,
            "claims": [_claim_payload(c) for c in record.claims],
        }
        with self.db.write():
            articles, claims = trashed.put_back(self.db, payload, now_iso())
            self._restore_factchecks(record.claims, claims)
        return record.changes | Changes(articles=frozenset(articles), claims=frozenset(claims))

    # --- the trash: nothing deleted is gone for good until it is emptied ---------

    def trash_article(self, article_id: str) -> TrashItem:
        """Move an article with its claims and all their work to the trash."""
        with self.db.write():
            self.empty_expired_trash()
            payload = trashed.article_payload(self.db, article_id)
            if payload is None:
                raise NotFound(f"{article_id}: no such article")
            article = payload["article"]
            claims = payload["claims"]
            rated = sum(1 for c in claims if c["row"]["verdict"] is not None)
            detail = f"{_count(len(claims), 'claim')}, {rated} with a verdict"
            return self._to_trash("article", payload, article["title"] or article["source"],
                                  detail)  # fmt: skip

    def trash_claims(self, claim_ids: Iterable[str]) -> TrashItem:
        """Move claims with their evidence and history to the trash (one entry)."""
        claim_ids = [self.claim(claim_id).id for claim_id in claim_ids]
        if not claim_ids:
            raise BadInput("no claims to delete")
        with self.db.write():
            self.empty_expired_trash()
            payload = trashed.claims_payload(self.db, claim_ids)
            if not payload["claims"]:
                raise NotFound(f"{claim_ids[0]}: no such claim")
            first = payload["claims"][0]["row"]
            label = first["text"]
            if len(payload["claims"]) > 1:
                label = f"{_count(len(payload['claims']), 'claim')}: {label}"
            titles = self.article_titles([first["article_id"]])
            detail = f"in {titles.get(first['article_id'], first['article_id'])!r}"
            return self._to_trash("claims", payload, label, detail)

    def trash_evidence(self, evidence_id: str) -> TrashItem:
        """Move an evidence link to the trash (the claim's history says it was removed)."""
        evidence_id = self._resolve("evidence", evidence_id, "evidence")
        with self.db.write():
            self.empty_expired_trash()
            payload = trashed.evidence_payload(self.db, evidence_id)
            if payload is None:
                raise NotFound(f"{evidence_id}: no such evidence")
            row = payload["evidence"][0]
            self._evidence_event(row, "removed")
            detail = f"evidence of claim {short_id(row['claim_id'])}"
            return self._to_trash("evidence", payload, row["title"] or row["url"], detail)

    def _to_trash(self, kind: str, payload: dict, label: str, detail: str) -> TrashItem:
        label = " ".join(str(label).split())
        item = TrashItem(id=new_id(), kind=kind, label=label, detail=detail,
                         trashed_at=now_iso(), by=self.setting("reviewer"))  # fmt: skip
        trashed.put_in_trash(self.db, item.id, kind, payload, label=item.label,
                             detail=detail, at=item.trashed_at, by=item.by)  # fmt: skip
        item.changes = _payload_changes(payload)
        return item

    def trash(self) -> list[TrashItem]:
        """What is in the trash, newest first."""
        return [TrashItem(**row) for row in trashed.entries(self.db)]

    def resolve_trash_id(self, given: str) -> str:
        """A trash entry's id from its id, a prefix of it, or its short id."""
        given = (given or "").strip()
        found = trashed.entry_ids_starting_with(self.db, given) if len(given) >= 4 else []
        if len(found) != 1:
            what = "no such entry in the trash" if not found else "more than one trash entry"
            raise NotFound(f"{given or '(empty)'}: {what} (see factdesk trash list)")
        return found[0]

    def restore_from_trash(self, entry_id: str) -> Changes:
        """Put a trash entry back where it was, with all its work. What a merge brought
        back meanwhile (part of an article, a claim under a new id) is kept; the rest is
        put back, so nothing fails on a duplicate."""
        with self.db.write():
            taken = trashed.take_out(self.db, entry_id)
            if taken is None:
                raise NotFound(f"{entry_id}: not in the trash (restored or emptied already)")
            entry, payload = taken
            articles, claims = trashed.put_back(self.db, payload, now_iso())
            if entry["kind"] == "evidence":
                for row in payload["evidence"]:
                    edits.take_back_removal(self.db, row["id"])
        return Changes(articles=frozenset(articles), claims=frozenset(claims))

    def empty_trash(self, entry_ids: Iterable[str] | None = None) -> int:
        """Delete trash entries for good (all of them by default). Their deletions then
        reach bundles and the team hub. Returns how many entries went."""
        with self.db.write():
            ids = [e["id"] for e in trashed.entries(self.db)] if entry_ids is None else entry_ids
            return trashed.empty(self.db, ids)

    def empty_expired_trash(self) -> int:
        """Empty what has been in the trash longer than the trash_days setting."""
        days = self.setting("trash_days", TRASH_DAYS)
        try:
            days = max(1, int(days))
        except (TypeError, ValueError):  # edited by hand: the default
            days = TRASH_DAYS
        cutoff = (dt.datetime.now(dt.UTC) - dt.timedelta(days=days)).isoformat()
        old = trashed.expired(self.db, cutoff)
        if not old or self.db.read_only:
            return 0
        with self.db.write():
            return trashed.empty(self.db, old)

    # --- claims ------------------------------------------------------------

    def claims(
        self, flt: ClaimFilter | None = None, *, limit: int | None = None, offset: int = 0
    ) -> list[Claim]:
        return q.list_claims(self.db, flt or ClaimFilter(), limit=limit, offset=offset)

    def count_claims(self, flt: ClaimFilter | None = None) -> int:
        return q.count_claims(self.db, flt or ClaimFilter())

    def search(self, query: str, *, limit: int = 50) -> list[Claim]:
        """Claims matching `query` (every word, as a prefix), best match first."""
        match = q.fts_match(query)
        if not match:
            return []
        return q.search_claims(self.db, match, limit)

    def claim(self, claim_id: str) -> Claim:
        """A claim by id; an id a merge changed finds the claim under its new one."""
        found = q.get_claims(self.db, [claim_id]) or q.get_claims(
            self.db, [self._renamed(claim_id)]
        )
        if not found:
            raise NotFound(f"{claim_id}: no such claim")
        return found[0]

    def _renamed(self, claim_id: str) -> str:
        """The id a claim goes by now (a merge may have given it the other laptop's)."""
        return aliases.current_id(self.db, "claims", claim_id)

    def resolve_claim_id(self, prefix: str) -> str:
        return self._resolve("claims", prefix, "claim")

    def update_claim(self, claim_id: str, **fields: Any) -> Changes:
        """Edit a claim's own fields (text, speaker, handle, date said, score, kind, assignee)."""
        unknown = set(fields) - set(EDITABLE_CLAIM_FIELDS)
        if unknown:
            raise BadInput(f"cannot edit {', '.join(sorted(unknown))} of a claim")
        if "text" in fields and not str(fields["text"] or "").strip():
            raise BadInput(f"{claim_id}: a claim's text cannot be empty")
        now = now_iso()
        if "speaker" in fields:  # the key follows the name the user gives
            fields["speaker_key"] = _speaker_key(fields["speaker"])
        with self.db.write():
            claim = self.claim(claim_id)
            claim_id = claim.id
            assignee = fields.pop("assignee", claim.assignee)
            if fields:
                edits.update_claim(self.db, claim_id, fields, now)
            if assignee != claim.assignee:
                # The assignee lives in the status history, so a merge recomputes it.
                self._record_status(claim_id, claim.status, assignee or "", None)
        return Changes(claims=frozenset({claim_id}))

    def add_claim(
        self, article_id: str, start: int, end: int, *, text: str | None = None, **fields: Any
    ) -> Claim:
        """A claim the user marked by hand in the article text[start:end]."""
        article = self.article(article_id)
        if not (0 <= start < end <= len(article.text)) or not article.text[start:end].strip():
            raise BadInput(f"{start}-{end}: not a stretch of text in article {article_id}")
        while article.text[start].isspace():
            start += 1
        while article.text[end - 1].isspace():
            end -= 1
        sentence = article.text[start:end]
        now = now_iso()
        fields.setdefault("said_on", article.published)
        claim = Claim(
            text=(text or sentence).strip(),
            sentence=sentence,
            start=start,
            end=end,
            article_id=article_id,
            created_at=now,
            updated_at=now,
            **fields,
        )
        for post in article.posts:
            if "speaker" not in fields and post.start <= start and end <= post.end:
                claim.speaker, claim.speaker_handle, claim.said_on = (
                    post.author,
                    post.handle,
                    post.date,
                )
        claim.speaker_key = _speaker_key(claim.speaker)
        with self.db.write():
            edits.insert_claim(self.db, claim)
        return claim

    def claim_record(self, claim_id: str) -> ClaimRecord:
        return self._claim_record(self.claim(claim_id).id)

    def _claim_record(self, claim_id: str) -> ClaimRecord:
        return ClaimRecord(
            claim=self.claim(claim_id),
            evidence_rows=q.evidence_rows(self.db, claim_id),
            verdicts=q.verdict_history(self.db, claim_id),
            status_changes=q.status_history(self.db, claim_id),
            prior_checks=q.prior_checks(self.db, claim_id),
            field_times=q.claim_field_times(self.db, claim_id),
            factcheck=fcs.factchecks_for(self.db, [claim_id]).get(claim_id),
        )

    def delete_claims(self, claim_ids: Iterable[str]) -> list[ClaimRecord]:
        """Delete claims (with their evidence and history); returns what is needed to undo
        it. Each leaves a tombstone, so the deletion survives a merge."""
        claim_ids = [self.claim(claim_id).id for claim_id in claim_ids]
        with self.db.write():  # read inside: nothing added meanwhile is lost to an undo
            records = [self._claim_record(cid) for cid in claim_ids]
            edits.delete_claims(self.db, claim_ids, now_iso())
        return records

    def restore_claims(self, records: Iterable[ClaimRecord]) -> Changes:
        """Put deleted claims back exactly as they were (undo of delete_claims); a claim
        a merge brought back meanwhile keeps what it has and gains what it lacked."""
        records = list(records)
        payload = {"claims": [_claim_payload(r) for r in records]}
        with self.db.write():
            articles, claims = trashed.put_back(self.db, payload, now_iso())
            self._restore_factchecks(records, claims)
        return Changes(articles=frozenset(articles), claims=frozenset(claims))

    def _restore_factchecks(self, records: list[ClaimRecord], restored: set[str]) -> None:
        """A checker's write-up comes back with its claim (unless a merge brought one)."""
        for record in records:
            claim_id = record.claim.id
            if record.factcheck is None or claim_id not in restored:
                continue
            if fcs.factchecks_for(self.db, [claim_id]).get(claim_id) is None:
                fcs.save_factcheck(self.db, record.factcheck)
                for correction in record.factcheck.corrections:
                    fcs.add_correction(self.db, correction)

    def split_claim(self, claim_id: str, at: int) -> tuple[list[ClaimRecord], list[Claim]]:
        """Split a claim's sentence at article offset `at` into two claims.

        Returns (the deleted original, the two new claims) so the GUI can undo it.
        """
        claim = self.claim(claim_id)
        if not claim.start < at < claim.end:
            raise BadInput(f"{at}: not inside claim {claim_id} ({claim.start}-{claim.end})")
        keep = {k: getattr(claim, k) for k in KEPT_BY_SPLIT_AND_MERGE}
        article = self.article(_article_id(claim), with_raw=False)
        spans = [(claim.start, at), (at, claim.end)]
        texts = [" ".join(article.text[a:b].split()) for a, b in spans]
        scores = _rescore(texts, claim.attribution)
        with self.db.write():
            records = self.delete_claims([claim_id])
            parts = [
                self.add_claim(_article_id(claim), a, b, **keep, **score)
                for (a, b), score in zip(spans, scores, strict=True)
            ]
        return records, parts

    def merge_claims(self, claim_ids: list[str]) -> tuple[list[ClaimRecord], Claim]:
        """Merge claims of one article into one spanning them all."""
        claims = q.get_claims(self.db, claim_ids)
        if len(claims) < 2 or len({c.article_id for c in claims}) != 1:
            raise BadInput("merge needs two or more claims of the same article")
        claims.sort(key=lambda c: c.start)
        first = claims[0]
        keep = {k: getattr(first, k) for k in KEPT_BY_SPLIT_AND_MERGE}
        text = merged_text(claims)
        (score,) = _rescore([text], first.attribution)
        with self.db.write():
            records = self.delete_claims(claim_ids)
            merged = self.add_claim(
                _article_id(first), first.start, max(c.end for c in claims), text=text,
                **keep, **score,
            )  # fmt: skip
        return records, merged

    # --- rating scales -------------------------------------------------------

    def _ensure_builtin_scales(self) -> None:
        from factdesk.scales import builtin_scales

        stored = {s.id: s for s in q.load_scales(self.db)}
        missing = [s for s in builtin_scales() if s.id not in stored]
        if missing:
            with self.db.write():
                for scale in missing:
                    edits.save_scale(self.db, scale)
            self._scales = None

    def scales(self) -> list[RatingScale]:
        # A read-only Desk never hears of the writer's changes: it reads them every time.
        if self._scales is None or self.read_only:
            self._scales = {s.id: s for s in q.load_scales(self.db)}
        return list(self._scales.values())

    def scale(self, scale_id: str | None = None) -> RatingScale:
        """A scale by id or name (case-insensitive); the user's current scale when None."""
        wanted = (scale_id or self.setting("scale", DEFAULT_SCALE)).casefold()
        for scale in self.scales():
            if wanted in (scale.id.casefold(), scale.name.casefold()):
                return scale
        names = ", ".join(s.id for s in self.scales())
        raise NotFound(f"{scale_id}: no such rating scale (known: {names})")

    def save_scale(self, scale: RatingScale) -> Changes:
        """Add or replace a user's own scale. Built-in scales cannot be changed."""
        existing = {s.id: s for s in self.scales()}.get(scale.id)
        if existing and existing.builtin:
            raise BadInput(f"{scale.id}: a built-in scale cannot be changed; use another id")
        scale.builtin = False
        with self.db.write():
            edits.save_scale(self.db, scale)
        self._scales = None
        return Changes(scales=True)

    # --- verdicts and workflow -------------------------------------------------

    def set_verdict(
        self,
        claim_id: str,
        rating: str | None,
        *,
        scale: str | None = None,
        summary: str = "",
        reviewer: str | None = None,
    ) -> Verdict:
        """Append a verdict to the claim's history; it becomes the current verdict.

        `rating` is a level's label or its 1-based number on the scale; on a scale
        without levels (a plain conclusion) the summary is the verdict.
        """
        claim_id = self.claim(claim_id).id
        chosen = self.scale(scale)
        if chosen.levels:
            level = chosen.level(rating or "")
            if level is None:
                labels = ", ".join(level.label for level in chosen.levels)
                raise BadInput(f"{rating}: not a rating on the {chosen.name} scale ({labels})")
            label = level.label
        else:
            if not summary.strip() and not (rating or "").strip():
                raise BadInput(f"the {chosen.name} scale needs a one-sentence conclusion")
            label, summary = None, summary or rating or ""
        verdict = Verdict(
            claim_id=claim_id,
            scale_id=chosen.id,
            rating=label,
            summary=summary,
            reviewer=reviewer or self.my_name(),
        )
        with self.db.write():
            edits.add_history(self.db, "verdicts", verdict, verdict.at)
        return verdict

    def remove_verdict(self, verdict_id: str) -> Changes:
        """Take back a verdict entry (undo of set_verdict)."""
        with self.db.write():
            claim_id = edits.remove_history(self.db, "verdicts", verdict_id, now_iso())
        if claim_id is None:
            raise NotFound(f"{verdict_id}: no such verdict")
        return Changes(claims=frozenset({claim_id}))

    def restore_verdict(self, verdict: Verdict) -> Changes:
        verdict.claim_id = self.claim(verdict.claim_id).id  # redo follows a renamed claim
        with self.db.write():
            edits.restore_history(self.db, "verdicts", verdict, now_iso())
        return Changes(claims=frozenset({verdict.claim_id}))

    def amend_verdict_summary(self, verdict_id: str, summary: str) -> Changes:
        """Change the summary of a verdict entry (written after its level was picked)."""
        with self.db.write():
            verdict = q.get_verdict(self.db, verdict_id)
            if verdict is None:
                raise NotFound(f"{verdict_id}: no such verdict")
            if verdict.rating is None and not summary.strip():
                raise BadInput("a conclusion (a verdict without a level) cannot be empty")
            edits.amend_verdict_summary(self.db, verdict_id, summary.strip(), now_iso())
        return Changes(claims=frozenset({verdict.claim_id}))

    def verdicts(self, claim_id: str) -> list[Verdict]:
        """The claim's verdict history, oldest first; the last is the current verdict."""
        return q.verdict_history(self.db, self._renamed(claim_id))

    def current_verdict(self, claim_id: str) -> Verdict | None:
        history = self.verdicts(claim_id)
        return history[-1] if history else None

    def set_status(
        self, claim_id: str, status: str, *, assignee: str | None = None, by: str | None = None
    ) -> StatusChange:
        if status not in STATUSES:
            raise BadInput(f"{status}: not a status (one of: {', '.join(STATUSES)})")
        with self.db.write():
            claim = self.claim(claim_id)
            return self._record_status(
                claim.id,
                status,
                # None keeps the assignee; "" clears it.
                claim.assignee if assignee is None else assignee,
                by,
            )

    def _record_status(
        self, claim_id: str, status: str, assignee: str | None, by: str | None
    ) -> StatusChange:
        change = StatusChange(
            claim_id=claim_id,
            status=status,
            assignee=(assignee or "").strip() or None,
            by=by or self.my_name(),
        )
        edits.add_history(self.db, "status_changes", change, change.at)
        return change

    def remove_status_change(self, change_id: str) -> Changes:
        """Take back a status change (undo of set_status): the claim's status and assignee
        return to the latest remaining change, or to new and unassigned."""
        with self.db.write():
            claim_id = edits.remove_history(self.db, "status_changes", change_id, now_iso())
        if claim_id is None:
            raise NotFound(f"{change_id}: no such status change")
        return Changes(claims=frozenset({claim_id}))

    def restore_status_change(self, change: StatusChange) -> Changes:
        change.claim_id = self.claim(change.claim_id).id
        with self.db.write():
            edits.restore_history(self.db, "status_changes", change, now_iso())
        return Changes(claims=frozenset({change.claim_id}))

    def status_changes(self, claim_id: str) -> list[StatusChange]:
        return q.status_history(self.db, self._renamed(claim_id))

    def history(self, claim_id: str) -> list[Verdict | StatusChange | EvidenceEvent]:
        """Verdicts, status changes and evidence added or removed, oldest first."""
        claim_id = self.claim(claim_id).id
        entries: list[Verdict | StatusChange | EvidenceEvent] = [
            *self.verdicts(claim_id),
            *self.status_changes(claim_id),
            *q.evidence_history(self.db, claim_id),
        ]
        return sorted(entries, key=lambda e: (e.at, e.id))

    # --- evidence ------------------------------------------------------------

    def add_evidence(
        self,
        claim_id: str,
        url: str,
        *,
        stance: str = "unclear",
        quote: str | None = None,
        note: str | None = None,
        fetch: bool = True,
        fetcher: Any = None,
        page: EvidencePage | None = None,
    ) -> Evidence:
        """Attach a link to a claim; with fetch=True read the page for its metadata and an
        offline copy (or take `page`, fetched beforehand by fetch_evidence_page). A failed
        fetch keeps the link with the error recorded."""
        from factdesk.web.urls import check_url

        claim_id = self.claim(claim_id).id
        url = check_url(url, credentials=False)
        if stance not in STANCES:
            raise BadInput(f"{stance}: not a stance (one of: {', '.join(STANCES)})")
        evidence = Evidence(
            claim_id=claim_id, url=url, stance=stance, quote=quote, note=note, added_at=now_iso()
        )
        if page is None and fetch:
            page = fetch_evidence_page(url, fetcher or self.fetcher())
        snapshot = page.apply_to(evidence) if page else None
        with self.db.write():
            edits.add_evidence(self.db, edits.evidence_row(evidence, snapshot), now_iso())
            self._evidence_event(evidence, "added")
        return evidence

    def _evidence_event(self, evidence: Evidence | dict, action: str) -> None:
        """Evidence added or removed: an entry of the claim's history (who and when)."""
        row = evidence if isinstance(evidence, dict) else vars(evidence)
        edits.record_evidence_event(
            self.db,
            EvidenceEvent(
                claim_id=row["claim_id"], evidence_id=row["id"], action=action,
                url=row["url"], title=row.get("title"), stance=row.get("stance"),
                quote=row.get("quote"), by=self.my_name(),
            ),
        )  # fmt: skip

    def refetch_evidence(
        self, evidence_id: str, *, fetcher: Any = None, page: EvidencePage | None = None
    ) -> Evidence:
        """Try the page of an evidence link again (after a failed or old fetch)."""
        evidence = self.evidence_item(evidence_id)
        page = page or fetch_evidence_page(evidence.url, fetcher or self.fetcher())
        snapshot = page.apply_to(evidence)
        fields = {k: v for k, v in edits.evidence_row(evidence, snapshot).items() if k in _PAGE}
        with self.db.write():
            edits.update_evidence(self.db, evidence.id, fields, evidence.fetched_at or now_iso())
        return evidence

    def evidence(self, claim_id: str) -> list[Evidence]:
        return q.evidence_list(self.db, self._renamed(claim_id))

    def evidence_item(self, evidence_id: str) -> Evidence:
        found = q.get_evidence(self.db, self._resolve("evidence", evidence_id, "evidence"))
        assert found is not None  # _resolve found it
        return found

    def evidence_snapshot_html(self, evidence_id: str) -> bytes | None:
        return q.evidence_snapshot(self.db, evidence_id)

    def update_evidence(self, evidence_id: str, **fields: Any) -> Changes:
        allowed = {"stance", "quote", "note", "archived_url"}
        if set(fields) - allowed:
            raise BadInput(f"cannot edit {', '.join(sorted(set(fields) - allowed))} of evidence")
        if "stance" in fields and fields["stance"] not in STANCES:
            raise BadInput(f"{fields['stance']}: not a stance (one of: {', '.join(STANCES)})")
        evidence = self.evidence_item(evidence_id)
        with self.db.write():
            edits.update_evidence(self.db, evidence.id, fields, now_iso())
        return Changes(claims=frozenset({evidence.claim_id}))

    def remove_evidence(self, evidence_id: str) -> dict:
        """Remove an evidence link; returns its row so it can be put back (undo)."""
        evidence_id = self._resolve("evidence", evidence_id, "evidence")
        with self.db.write():
            row = edits.remove_evidence(self.db, evidence_id, now_iso())
            if row is not None:
                self._evidence_event(row, "removed")
        if row is None:
            raise NotFound(f"{evidence_id}: no such evidence")
        return row

    def restore_evidence(self, row: dict) -> Changes:
        """Put a removed link back (undo): the removal leaves the history too."""
        row["claim_id"] = self.claim(row["claim_id"]).id  # follows a claim a merge renamed
        with self.db.write():
            edits.restore_evidence(self.db, row, now_iso())
            edits.take_back_removal(self.db, row["id"])
        return Changes(claims=frozenset({row["claim_id"]}))

    # --- prior fact-checks and similar claims ---------------------------------

    def save_prior_checks(self, claim_id: str | None, checks: Iterable[PriorCheck]) -> int:
        """Keep found fact-checks, so they can be read offline. Returns how many are new.

        The same review (same URL, for the same claim or for none) is kept once.
        """
        with self.db.write():
            return edits.save_prior_checks(self.db, claim_id, checks)

    def import_claimreview(self, source: str, *, fetcher: Any = None) -> int:
        """Published fact-checks from ClaimReview markup: a JSON-LD file, a saved page
        (.html, .html.gz) or a URL. They are kept as prior fact-checks, shown with every
        claim they match. Returns how many are new."""
        if "://" not in source:
            self.refuse_database_file(Path(source), "import")
        if fetcher is None and "://" in source:
            fetcher = self.fetcher()
        return self.save_prior_checks(None, read_claimreview(source, fetcher))

    def prior_checks_for(self, claim_id: str) -> list[PriorCheck]:
        """Fact-checks for a claim: those found for it, then imported ones whose claim
        says the same thing (best match first).

        The full-text index picks the imported checks sharing the claim's salient words
        (PRIOR_CHECK_CANDIDATES of them, best first); only those are scored, so a look-up
        stays fast with 100,000 imported (bench/bench_prior_checks.py)."""
        from factdesk.evidence.similar import best_matches, fts_query

        claim = self.claim(claim_id)
        candidates = {
            check.id: check
            for check in q.imported_prior_check_candidates(
                self.db, fts_query(claim.text), PRIOR_CHECK_CANDIDATES
            )
        }
        # In id order, so equal scores come in the same order however they were found.
        ranked = best_matches(claim.text, sorted((c.id, c.claim_text) for c in candidates.values()))
        return self.prior_checks(claim_id) + [candidates[cid] for cid, _score in ranked]

    def prior_checks(self, claim_id: str | None) -> list[PriorCheck]:
        return q.prior_checks(self.db, self._renamed(claim_id) if claim_id else None)

    def lookup_prior_checks(
        self, claim_id: str, *, language: str | None = "en"
    ) -> list[PriorCheck]:
        """Search published fact-checks for the claim (network) and keep what is found."""
        claim = self.claim(claim_id)
        checks = search_prior_checks(self.factcheck_client(), claim.text, language=language)
        self.save_prior_checks(claim_id, checks)
        return self.prior_checks_for(claim_id)

    def archive_evidence(self, evidence_id: str, *, save: bool = False) -> Evidence:
        """Find the evidence page in the Wayback Machine; with save=True capture it if need be."""
        evidence = self.evidence_item(evidence_id)
        snapshot = find_snapshot(self.wayback_client(), evidence.url, save=save)
        if snapshot is not None:
            self.update_evidence(evidence.id, archived_url=snapshot.archived_url)
            evidence.archived_url = snapshot.archived_url
        return evidence

    def fetcher(self) -> Any:
        """A Fetcher with the user's network settings (safe to use from any thread)."""
        from factdesk.web.http import Fetcher

        network = self.network_settings()
        return Fetcher(
            connect_timeout=network["connect_timeout"], read_timeout=network["read_timeout"]
        )

    def factcheck_client(self) -> Any:
        """A Fact Check Tools client; it never touches the database, so it may run anywhere."""
        from factdesk.evidence.factcheck import FactCheckClient

        base = os.environ.get("FACTDESK_FACTCHECK_URL", "https://factchecktools.googleapis.com")
        return FactCheckClient(self.fetcher().session, base_url=base, timeout=self._timeouts())

    def wayback_client(self) -> Any:
        from factdesk.evidence.wayback import WaybackClient

        return WaybackClient(
            self.fetcher().session,
            availability_base=os.environ.get("FACTDESK_WAYBACK_URL", "https://archive.org"),
            save_base=os.environ.get("FACTDESK_SAVE_PAGE_URL", "https://web.archive.org"),
            timeout=self._timeouts(),
        )

    def _timeouts(self) -> tuple[float, float]:
        network = self.network_settings()
        return (network["connect_timeout"], network["read_timeout"])

    def similar_claims(self, claim_id: str, *, limit: int = 10) -> list[SimilarClaim]:
        """Claims in other articles that say the same thing, best first, with their verdicts.

        FTS5 finds candidates sharing salient words; similarity() re-ranks them.
        """
        from factdesk.evidence.similar import best_matches, fts_query

        claim = self.claim(claim_id)
        match = fts_query(claim.text)
        if not match:
            return []
        candidates = {
            other.id: other
            for other in q.search_claims(self.db, match, 50)
            if other.article_id != claim.article_id
        }
        ranked = best_matches(
            claim.text, ((c.id, c.text) for c in candidates.values()), limit=limit
        )
        return [
            SimilarClaim(
                candidates[cid],
                score,
                self._seen_before(candidates[cid]),
                bool(claim.speaker_key) and candidates[cid].speaker_key == claim.speaker_key,
            )
            for cid, score in ranked
        ]

    def speakers(self) -> list[SpeakerSummary]:
        """Every speaker, one per person across articles (by speaker key), most claims first."""
        forms: dict[str, list[tuple[str, str | None, int]]] = {}
        for key, name, handle, count in q.speaker_forms(self.db):
            forms.setdefault(key, []).append((name, handle, count))
        articles = q.speaker_article_counts(self.db)
        found = []
        for key, used in forms.items():
            name = max(used, key=lambda form: (form[2], form[0]))[0]  # the name used most
            aliases = {form[0] for form in used} | {form[1] for form in used if form[1]}
            claims = sum(form[2] for form in used)
            found.append(
                SpeakerSummary(key, name, tuple(sorted(aliases - {name})), claims, articles[key])
            )
        return sorted(found, key=lambda summary: (-summary.claim_count, summary.name))

    def _seen_before(self, claim: Claim) -> str | None:
        verdict = self.current_verdict(claim.id) if claim.verdict else None
        if verdict is None:
            return None
        title = self.article(_article_id(claim)).title or "another article"
        rated = verdict.rating or f"concluded: {verdict.summary}"
        return f"Seen before: rated {rated} on {verdict.at[:10]} (in {title!r})"

    # --- seen before (factdesk.evidence.seen) ------------------------------------------------

    def _mark_seen_before(self, article_id: str, claims: list[Claim], now: str) -> None:
        """Mark each new claim that repeats a rated claim of another article (inside the
        import's transaction: the article and its marks are stored together)."""
        if not saved.any_rated(self.db):  # (a new desk: nothing to look for)
            return
        signature = saved.rated_signature(self.db)
        if self._rated_index is None or self._rated_index[0] != signature:
            self._rated_index = (signature, RatedIndex(saved.rated_claims(self.db)))
        index = self._rated_index[1]
        for claim in claims:
            found = index.find_repeat(claim.text, article_id)
            if found:
                saved.mark_seen_before(self.db, claim.id, found[0], found[1], now)

    def seen_before(self, claim_ids: Iterable[str]) -> dict[str, SeenBefore]:
        """For those of the claims marked at import: the rated claim each repeats."""
        marks = saved.seen_before(self.db, list(claim_ids))
        earlier = {c.id: c for c in q.get_claims(self.db, {e for e, _s in marks.values()})}
        verdicts = q.current_verdicts(self.db, list(earlier))
        found = {}
        for claim_id, (earlier_id, score) in marks.items():
            if earlier_id in earlier:  # an earlier claim deleted since says nothing
                found[claim_id] = SeenBefore(
                    claim_id,
                    earlier[earlier_id],
                    verdicts.get(earlier_id),
                    score,
                    saved.appearances(self.db, earlier_id),
                )
        return found

    def take_earlier_verdict(self, claim_id: str, *, reviewer: str | None = None) -> Verdict:
        """Rate a claim seen before as its earlier claim was rated: a new verdict entry on
        the same scale, its summary citing the earlier claim."""
        seen = self.seen_before([claim_id]).get(claim_id)
        if seen is None or seen.verdict is None:
            raise BadInput(f"{claim_id}: this claim does not repeat a rated claim")
        return self.set_verdict(
            claim_id,
            seen.verdict.rating,
            scale=seen.verdict.scale_id,
            summary=seen.citation(),
            reviewer=reviewer,
        )

    # --- saved lists and statistics (factdesk.lists) ---------------------------------

    def saved_lists(self) -> list[SavedList]:
        return [SavedList.from_row(row) for row in saved.saved_lists(self.db)]

    def saved_list(self, name: str) -> SavedList:
        row = saved.saved_list_by_name(self.db, " ".join(name.split()))
        if row is None:
            raise NotFound(f"{name}: no saved list of that name (see `factdesk lists`)")
        return SavedList.from_row(row)

    def save_list(
        self, name: str, flt: ClaimFilter, *, mine: bool = False, days: int | None = None
    ) -> tuple[SavedList, SavedList | None]:
        """Save a filter as a named list (the same name again replaces it, in its place).
        Returns the list and the one it replaced, if any (for undo)."""
        name, days = checked_name(name), checked_days(days)
        flt = dataclasses.replace(flt, article_id=None, created_since=None)
        with self.db.write():
            old_row = saved.saved_list_by_name(self.db, name)
            old = SavedList.from_row(old_row) if old_row else None
            fresh = SavedList(name, flt, mine=mine, days=days)
            if old is not None:
                fresh.id, fresh.position, fresh.created_at = old.id, old.position, old.created_at
            else:
                fresh.position = saved.next_list_position(self.db)
            saved.put_saved_list(self.db, fresh.row())
        return fresh, old

    def remove_list(self, name: str) -> SavedList:
        gone = self.saved_list(name)
        with self.db.write():
            saved.delete_saved_list(self.db, gone.id)
        return gone

    def restore_list(self, saved_list: SavedList) -> Changes:
        """Put a saved list back as it was (undo of a save or a removal)."""
        with self.db.write():
            saved.put_saved_list(self.db, saved_list.row())
        return Changes(saved_lists=True)

    def list_filter(self, name: str) -> ClaimFilter:
        """The filter a saved list shows now (its scope resolved)."""
        return self.saved_list(name).resolved(self.setting("reviewer"))

    def statistics(self) -> Statistics:
        """Verdicts per week and per checker, the backlog, time from import to verdict:
        counted from the history each time."""
        return compute_statistics(
            saved.verdict_rows(self.db),
            saved.backlog_by_status(self.db),
            saved.import_to_first_verdict(self.db),
            saved.claim_total(self.db),
        )

    # --- fact-checks: the write-up readers see (issue 20) -------------------------

    def factcheck(self, claim_id: str) -> FactCheck:
        """The claim's fact-check: the stored one, else a new draft (not yet stored) with
        a headline proposed from the claim and its verdict, and me as its author."""
        claim_id = self.resolve_claim_id(claim_id)
        stored = fcs.factchecks_for(self.db, [claim_id]).get(claim_id)
        if stored is not None:
            return stored
        from factdesk.report.factcheck import propose_headline

        me = self.setting("reviewer")
        return FactCheck(
            claim_id=claim_id,
            headline=propose_headline(self.report(claims=[claim_id]).items[0]),
            authors=[me] if me else [],
        )

    def save_factcheck(
        self,
        claim_id: str,
        *,
        headline: str | None = None,
        findings: str | None = None,
        authors: list[str] | None = None,
        correction: str | None = None,
        by: str | None = None,
    ) -> Changes:
        """Change a fact-check's headline, findings (Markdown) or authors; given fields
        only. Once published, a change is a correction: `correction` says what was put
        right, and the page shows it with its date."""
        factcheck = self.factcheck(claim_id)
        before = (factcheck.headline, factcheck.findings, list(factcheck.authors))
        if headline is not None:
            factcheck.headline = _checked_headline(headline)
        if findings is not None:
            factcheck.findings = findings.replace("\r\n", "\n").strip()
        if authors is not None:
            factcheck.authors = _names(authors)
        changed = (factcheck.headline, factcheck.findings, factcheck.authors) != before
        note = " ".join((correction or "").split())
        if factcheck.state == "published" and changed and not note:
            raise BadInput(
                "this fact-check is published: a change is a correction; say what it "
                "corrects (a note readers will see, e.g. --correction 'Fixed the date')"
            )
        now = now_iso()
        with self.db.write():
            factcheck.updated_at = now
            fcs.save_factcheck(self.db, factcheck)
            if factcheck.state == "published" and changed:
                by = by or self.setting("reviewer")
                fcs.add_correction(self.db, Correction(factcheck.id, note, by=by, at=now))
        return Changes(claims=frozenset({factcheck.claim_id}))

    def submit_factcheck(self, claim_id: str, *, by: str | None = None) -> Changes:
        """Send a draft for review by a second checker: it needs a verdict, a headline,
        findings, and no citation of a source the claim lacks."""
        from factdesk.report.factcheck import citation_problems

        factcheck = self.factcheck(claim_id)
        if factcheck.state != "draft":
            raise BadInput(f"{claim_id}: the fact-check is {factcheck.state}, not a draft")
        claim = self.claim(factcheck.claim_id)
        lacking = [what for what, have in (
            ("a verdict", claim.verdict is not None or self.current_verdict(claim.id)),
            ("a headline", factcheck.headline.strip()),
            ("findings", factcheck.findings.strip()),
        ) if not have]  # fmt: skip
        if lacking:
            raise BadInput(f"{claim_id}: the fact-check needs {' and '.join(lacking)} first")
        problems = citation_problems(factcheck.findings, len(self.evidence(claim.id)))
        if problems:
            raise BadInput(f"{claim_id}: {problems[0]}")
        factcheck.state, factcheck.submitted_at = "in review", now_iso()
        factcheck.updated_at = factcheck.submitted_at
        if not factcheck.authors and (by or self.setting("reviewer")):
            factcheck.authors = [by or self.setting("reviewer")]
        with self.db.write():
            fcs.save_factcheck(self.db, factcheck)
            self._record_status(claim.id, "in review", claim.assignee, by)
        return Changes(claims=frozenset({claim.id}))

    def sign_off_factcheck(self, claim_id: str, editor: str) -> Changes:
        """A second checker signs the fact-check off, which publishes it. The editor is not
        one of its authors; on a team (a hub synced with), a checker with the editor role."""
        factcheck = self.factcheck(claim_id)
        name = " ".join((editor or "").split())
        if not name:
            raise BadInput("sign-off: give the name of the checker signing off")
        if factcheck.state != "in review":
            raise BadInput(
                f"{claim_id}: the fact-check is {factcheck.state}; "
                "only one in review can be signed off"
            )
        if name.casefold() in {author.casefold() for author in factcheck.authors}:
            raise BadInput(f"sign-off: {name} wrote this fact-check; a second checker signs off")
        problem = self._not_an_editor(name)
        if problem:
            raise BadInput(f"sign-off: {problem}")
        factcheck.state, factcheck.editor = "published", name
        factcheck.published_at = factcheck.updated_at = now_iso()
        claim = self.claim(factcheck.claim_id)
        with self.db.write():
            fcs.save_factcheck(self.db, factcheck)
            self._record_status(claim.id, "published", claim.assignee, name)
        return Changes(claims=frozenset({claim.id}))

    def return_factcheck(self, claim_id: str, *, by: str | None = None) -> Changes:
        """Send a fact-check in review back to its authors as a draft."""
        factcheck = self.factcheck(claim_id)
        if factcheck.state != "in review":
            raise BadInput(f"{claim_id}: the fact-check is {factcheck.state}, not in review")
        factcheck.state, factcheck.updated_at = "draft", now_iso()
        claim = self.claim(factcheck.claim_id)
        with self.db.write():
            fcs.save_factcheck(self.db, factcheck)
            self._record_status(claim.id, "researching", claim.assignee, by)
        return Changes(claims=frozenset({claim.id}))

    def _not_an_editor(self, name: str) -> str | None:
        """Why `name` may not sign off on this team, or None. Without a hub anyone other
        than the authors may; with one, only its checkers with the editor role."""
        from factdesk.store.outbox import hub_state

        state = hub_state(self.db)
        if state is None or not state.checkers:
            return None
        for checker in state.checkers:
            if str(checker.get("name", "")).casefold() == name.casefold():
                if checker.get("editor"):
                    return None
                return f"{name} is a checker of the team hub but not an editor"
        return f"{name} is not a checker of the team hub last synced with"

    def factcheck_pages(
        self,
        *,
        claims: list[str] | None = None,
        article: str | None = None,
        flt: ClaimFilter | None = None,
        rated_only: bool = True,
    ) -> list[Any]:
        """The fact-checks of the chosen claims as pages to publish (claims without a
        stored fact-check are left out), in report order."""
        from factdesk.report.factcheck import FactCheckPage

        items = self.report(claims=claims, article=article, flt=flt, rated_only=rated_only).items
        stored = fcs.factchecks_for(self.db, [item.claim.id for item in items])
        publishing = self.publishing()
        return [
            FactCheckPage(stored[item.claim.id], item, publishing)
            for item in items
            if item.claim.id in stored
        ]

    def factcheck_preview(self, claim_id: str, headline: str, findings: str) -> str:
        """The fact-check as its page would show it with this headline and these findings
        (not stored): the editor's live preview."""
        from factdesk.report.factcheck import FactCheckPage
        from factdesk.report.factcheck_page import render_factcheck_fragment

        factcheck = dataclasses.replace(self.factcheck(claim_id))
        factcheck.headline, factcheck.findings = headline, findings
        item = self.report(claims=[factcheck.claim_id]).items[0]
        page = FactCheckPage(factcheck, item, self.publishing())
        # The JSON-LD is for search engines, not for the preview.
        return render_factcheck_fragment([page]).split('<script type="application/ld+json">')[0]

    def publishing(self) -> Any:
        """Who publishes and how they work: the publishing settings."""
        from factdesk.report.factcheck import Publishing

        return Publishing(
            organisation=self.setting("organisation"),
            organisation_url=self.setting("organisation_url"),
            logo=self.setting("logo"),
            methodology=self.setting("methodology"),
            corrections_policy=self.setting("corrections_policy"),
        )

    # --- reports -----------------------------------------------------------------

    def report(
        self,
        *,
        article: str | None = None,
        claims: list[str] | None = None,
        rated_only: bool = False,
        title: str = "",
        flt: ClaimFilter | None = None,
    ) -> Any:
        """The claims to report on (one article's, chosen ones, those a filter lists, or
        all) with their work; with rated_only, only those with a verdict (what is ready to
        publish)."""
        from factdesk.report import Report, ReportItem, article_heading

        if claims:
            chosen = q.get_claims(self.db, [self.resolve_claim_id(c) for c in claims])
        else:
            article_id = self.resolve_article_id(article) if article else None
            base = flt or ClaimFilter()
            chosen = self.claims(
                dataclasses.replace(base, article_id=article_id or base.article_id)
            )
        if rated_only:
            chosen = [c for c in chosen if c.verdict is not None]
        ids = [c.id for c in chosen]
        evidence = q.evidence_for(self.db, ids)
        verdicts = q.current_verdicts(self.db, ids)
        scales = {s.id: s for s in self.scales()}
        # One name per person: "Cllr Elena Rusk" in one claim, "Elena Rusk" in the next.
        speaker_names = {speaker.key: speaker.name for speaker in self.speakers()}
        articles: dict[str, Article] = {}
        items = []
        for claim in chosen:
            if _article_id(claim) not in articles:  # (reports never show the page as fetched)
                articles[_article_id(claim)] = self.article(_article_id(claim), with_raw=False)
            verdict = verdicts.get(claim.id)
            scale = scales.get(verdict.scale_id) if verdict else None
            level = scale.level(verdict.rating) if scale and verdict and verdict.rating else None
            items.append(
                ReportItem(
                    claim=claim,
                    article=articles[_article_id(claim)],
                    verdict=verdict,
                    level=level,
                    scale=scale,
                    evidence=evidence.get(claim.id, []),
                    speaker_name=speaker_names.get(claim.speaker_key or ""),
                )
            )
        if not title:
            only = next(iter(articles.values())) if len(articles) == 1 else None
            title = f"Fact-check: {article_heading(only)}" if only else "Fact-check report"
        return Report(
            title=title,
            items=items,
            organisation=self.setting("organisation"),
            organisation_url=self.setting("organisation_url"),
            reviewer=self.setting("reviewer"),
            methodology=self.setting("methodology"),
            show_claim_types=self.setting("report_claim_types", "words") != "none",
        )

    def incomplete_claims(
        self,
        *,
        article: str | None = None,
        claims: list[str] | None = None,
        rated_only: bool = False,
        flt: ClaimFilter | None = None,
    ) -> list[Any]:
        """The rated claims of this report that are not ready to publish: each an
        `Incomplete` (its report item and what it lacks: "summary", "evidence"), in
        report order. An export warns of them and can leave them out (skip_incomplete)."""
        from factdesk.report import incomplete_items

        return incomplete_items(
            self.report(article=article, claims=claims, rated_only=rated_only, flt=flt).items
        )

    def export(
        self,
        fmt: str,
        path: Path,
        *,
        article: str | None = None,
        claims: list[str] | None = None,
        rated_only: bool = False,
        skip_incomplete: bool = False,
        flt: ClaimFilter | None = None,
        progress: Callable[[int, int, str], None] | None = None,
    ) -> Written:
        """Write a report (html, pdf, md, csv, json, claimreview), the chosen claims'
        fact-checks (page, page-pdf, page-md, page-fragment) or a bundle to `path` (`-`:
        standard output); skip_incomplete leaves out rated claims without a summary or
        evidence. `progress` (done, total, text) hears how far it got (claims; bundle rows).

        Returns one line saying what was written (with its counts as `.details`). The file
        appears whole or not at all (outputs.py).
        """
        path = Path(path)
        self.refuse_database_file(path, "write")
        if not is_stdout(path):
            output_target(path)  # a folder or a device is refused before any work
        if fmt in PAGE_FORMATS:
            pages = self.factcheck_pages(
                claims=claims, article=article, flt=flt, rated_only=rated_only
            )
            if not pages:
                raise BadInput(
                    "no fact-check among these claims: write one first "
                    "(factdesk factcheck edit CLAIM, or F7 in the app)"
                )
            _write_whole(path, PAGE_FORMATS[fmt](pages))
            published = sum(1 for page in pages if page.factcheck.state == "published")
            plural = "" if len(pages) == 1 else "s"
            return Written(
                f"{shown_name(path)}: {fmt} of {len(pages)} fact-check{plural} "
                f"({published} published)",
                output=str(path), format=fmt, factchecks=len(pages), published=published,
            )  # fmt: skip
        if fmt == "bundle":
            if claims:
                raise BadInput("a bundle holds whole articles: use --article, not --claims")
            rows_done = (
                (lambda done, total: progress(done, total, f"{done:,} of {total:,} rows"))
                if progress is not None
                else None
            )
            counts = self.export_bundle(path, article_id=article, progress=rows_done)
            article_count, claim_count = counts.get("articles", 0), counts.get("claims", 0)
            return Written(
                f"{shown_name(path)}: bundle of {article_count} articles, {claim_count} claims",
                output=str(path), format=fmt, counts=counts,
            )  # fmt: skip
        from factdesk import report as renderers

        renderers_by_format: dict[str, Callable[[Any], str | bytes]] = {
            "html": renderers.render_html,
            "pdf": renderers.render_pdf,
            "md": renderers.render_markdown,
            "csv": renderers.render_csv,
            "json": renderers.render_json,
            "claimreview": renderers.render_claimreview,
        }
        render = renderers_by_format.get(fmt)
        if render is None:
            raise BadInput(f"{fmt}: not an export format (html, pdf, md, csv, json, claimreview)")
        data = self.report(article=article, claims=claims, rated_only=rated_only, flt=flt)
        left_out, left_out_count = "", 0
        if skip_incomplete:
            ready = [item for item in data.items if not renderers.missing_for_publishing(item)]
            left_out_count = len(data.items) - len(ready)
            if left_out_count:
                left_out = f"; {left_out_count} incomplete left out"
            data.items = ready
        if progress is not None:
            progress(0, len(data.items), f"Writing {len(data.items):,} claims …")
        _write_whole(path, renderers.render_pdf(data, progress) if fmt == "pdf" else render(data))
        rated = sum(1 for item in data.items if item.verdict)
        if progress is not None:
            progress(len(data.items), len(data.items), f"Wrote {len(data.items):,} claims")
        what = f"{fmt} report of {len(data.items)} claims ({rated} rated{left_out})"
        return Written(
            f"{shown_name(path)}: {what}", output=str(path), format=fmt,
            claims=len(data.items), rated=rated, left_out=left_out_count,
        )  # fmt: skip

    # --- bundles: moving work between laptops ------------------------------------

    def export_bundle(
        self,
        path: Path,
        *,
        article_id: str | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> dict[str, int]:
        from factdesk.store.bundle import write_bundle

        self.refuse_database_file(Path(path), "write")
        if article_id:
            article_id = self.resolve_article_id(article_id)
        return dict(write_bundle(self.db, Path(path), article_id=article_id, progress=progress))

    def import_bundle(
        self,
        path: Path,
        *,
        accept_deletions: bool = False,
        progress: Callable[[int, int, str], None] | None = None,
    ) -> dict[str, int]:
        """Merge a bundle into this database: no duplicates, no history lost; twice = once.
        Its deletions of work recorded here are refused (counted) unless accepted.
        `progress(done, total, text)` hears the rows read (total 0: not known ahead)."""
        from factdesk.store.bundle import merge_bundle

        self.refuse_database_file(Path(path), "import")
        counts = merge_bundle(
            self.db, Path(path), accept_deletions=accept_deletions, progress=progress
        )
        self._scales = None
        return dict(counts)

    def backup(self, path: Path) -> Written:
        """A copy of the whole database at `path`, consistent even while other programs
        (the app, the CLI) write to it. Returns one line saying what was written."""
        path = Path(path)
        self.refuse_database_file(path, "write")
        store.backup(self.db, path)
        articles, claims = len(self.articles()), self.count_claims()
        size = None if is_stdout(path) else path.stat().st_size
        what = f"{articles} articles, {claims} claims" + (f", {size / 1e6:.1f} MB" if size else "")
        return Written(
            f"{shown_name(path)}: backup of {self.path} ({what})", output=str(path),
            database=str(self.path), articles=articles, claims=claims, bytes=size,
        )  # fmt: skip

    def is_database_file(self, path: Path) -> bool:
        return store.is_database_file(self.path, Path(path))

    def refuse_database_file(self, path: Path, action: str) -> None:
        """Refuse to read or write the database's own files from outside SQLite: opening
        and closing them here would drop this process's locks (POSIX), so another
        program could remove the -wal file this one still writes to."""
        if self.is_database_file(path):
            raise BadInput(
                f"{path}: that is this database's own file; {action} another file "
                f"(to copy the database, use factdesk backup)"
            )

    # --- the team hub: syncing through a shared PostgreSQL --------------------------

    def hub_address(self, hub_url: str | None = None) -> Any:
        """The hub to sync with: `hub_url`, else the hub-url setting."""
        from factdesk.hub import parse_hub_url

        url = hub_url or self.setting("hub-url")
        if not url:
            raise BadInput(
                "no hub to sync with: give --hub URL, or set it once with "
                "`factdesk settings hub-url postgresql://USER@HOST/DATABASE`"
            )
        return parse_hub_url(url)

    def sync(
        self, hub_url: str | None = None, *, progress: Callable[[str], None] | None = None
    ) -> Any:
        """Pull what teammates pushed to the hub, merge it, push what changed here
        (factdesk/hub/sync.py). Returns a SyncReport; raises HubError in one line."""
        from factdesk.hub import sync

        report = sync(self.db, self.hub_address(hub_url), progress=progress)
        self._scales = None
        return report

    def hub_identity(self) -> tuple[str | None, list[str]]:
        """Who I am on the hub last synced with, and its checkers (known offline)."""
        from factdesk.store.outbox import hub_state

        state = hub_state(self.db)
        if state is None:
            return None, []
        return state.role, [c["name"] for c in state.checkers]

    def my_name(self) -> str | None:
        """The name recorded with my verdicts and status changes: on a team hub, the one
        its administrator registered for my login (the hub stamps it anyway); without a
        hub, the reviewer name typed in the settings."""
        state = self.hub_state()
        if state is not None and state.role:
            for checker in state.checkers:
                if checker.get("name") == state.role:
                    return str(checker.get("display_name") or state.role)
        return self.setting("reviewer")

    def hub_state(self) -> Any:
        """What this laptop knows of the hub it last synced with (None: never synced)."""
        from factdesk.store.outbox import hub_state

        return hub_state(self.db)

    def changes_to_send(self) -> int:
        """How many changes made here the hub does not have yet (every one before the first
        sync), counted as the checker made them: a verdict, status change or piece of
        evidence (with the claim row it updates), an edited or new claim, article or scale
        (with its posts or levels), a deletion."""
        from factdesk.store.outbox import REPLACED_WITH_PARENT, hub_state, outbox

        state = hub_state(self.db)
        box = outbox(self.db, state.pushed_seq if state else 0)
        with_history = {row["claim_id"] for table in ("verdicts", "status_changes", "evidence")
                        for row in box.rows.get(table, [])}  # fmt: skip
        count = 0
        for table, rows in box.rows.items():
            if table == "claims":
                count += sum(1 for row in rows if row["id"] not in with_history)
            elif table not in (*REPLACED_WITH_PARENT, "tombstones"):  # counted with another
                count += len(rows)
        for table, keys in [*box.deleted.items(), *box.duplicates.items()]:
            if table not in REPLACED_WITH_PARENT:
                count += len(keys)
        return count

    def teammate_verdicts(self, claim_id: str, *, hub_url: str | None = None) -> list[Any]:
        """Verdicts teammates gave this claim on the hub since my last sync (asks the hub:
        raises HubUnreachable when it cannot be reached)."""
        from factdesk.hub import teammate_verdicts

        state = self.hub_state()
        return teammate_verdicts(
            self.hub_address(hub_url), claim_id, after_seq=state.pulled_seq if state else 0
        )

    # --- drafts: text typed and not saved yet (the app's claim panel) ------------

    def save_drafts(self, claim_id: str, fields: dict[str, str | None]) -> None:
        """Keep what is being typed for a claim (None or empty drops a field's draft).
        Synced to the disk before it returns (synchronous=FULL for this one commit): a
        power cut right after loses none of it. Changes nothing any pane shows."""
        from factdesk.store.drafts import keep_drafts

        keep_drafts(self.db, claim_id, fields, now_iso())

    def drafts(self, claim_id: str) -> dict[str, str]:
        """The claim's drafts by field (text, summary, evidence_url, evidence_quote)."""
        from factdesk.store.drafts import drafts_of

        return drafts_of(self.db, claim_id)

    # --- watched sources (factdesk/watch.py does the work) -------------------------

    def watch_source(self, url: str, *, interval_minutes: int = 60, kind: str = "feed") -> Any:
        from factdesk import watch

        return watch.add_source(self, url, interval_minutes=interval_minutes, kind=kind)

    def unwatch_source(self, source_id_or_url: str) -> Any:
        from factdesk import watch

        return watch.remove_source(self, source_id_or_url)

    def watched_sources(self) -> list[Any]:
        from factdesk import watch

        return watch.sources(self)

    def poll_watched(
        self,
        *,
        everything: bool = False,
        progress: Callable[[str], None] | None = None,
        cancelled: Callable[[], bool] = lambda: False,
    ) -> Any:
        """Poll the watched sources that are due (or all), importing their new articles."""
        from factdesk import watch

        return watch.poll(self, everything=everything, progress=progress, cancelled=cancelled)

    def new_from_watched(self, since: str, *, limit: int = 200) -> list[Any]:
        """Claims watched sources brought in since `since`, repeats of rated claims first."""
        from factdesk import watch

        return watch.new_claims(self, since, limit=limit)

    # --- settings (never secrets: those live in the OS keyring) -----------------

    def setting(self, key: str, default: Any = None) -> Any:
        value = q.setting_json(self.db, key)
        try:
            return default if value is None else json.loads(value)
        except (TypeError, json.JSONDecodeError):  # edited by hand: not ours to trust
            return default

    def set_setting(self, key: str, value: Any) -> Changes:
        """Change a setting, checked first: a bad value is refused and changes nothing."""
        return self.set_settings({key: value})

    def set_settings(self, values: dict[str, Any]) -> Changes:
        """Change several settings at once: all are checked first, then written in one
        transaction, so one bad value leaves every setting as it was."""
        checked = {key: _checked_setting(key, value) for key, value in values.items()}
        if checked.get("scale"):
            self.scale(checked["scale"])  # refuses a scale that does not exist
        with self.db.write():
            edits.save_settings(self.db, checked)
        if "scale" in checked:
            self._scales = None
        return Changes(settings=True)

    def network_settings(self) -> dict[str, float]:
        """The timeouts to use; a stored value that is not valid (a database edited by
        hand) gives way to the default rather than break every fetch."""
        defaults = {"connect_timeout": 10.0, "read_timeout": 30.0}
        timeouts = {}
        for key, default in defaults.items():
            try:
                timeouts[key] = _checked_setting(key, self.setting(key, default))
            except BadInput:
                timeouts[key] = default
        return timeouts

    # --- helpers -------------------------------------------------------------------

    def _resolve(self, table: str, given: str, what: str) -> str:
        """A full id from the id, its short id (the random tail: 6 or more of its last
        characters, as shown), or a unique prefix of it (ULIDs are long to type). An id a
        merge changed gives the new one. Ambiguity is an error listing the candidates."""
        given = (given or "").strip()
        if not re.fullmatch(r"[0-9A-Za-z]{4,26}", given):
            raise NotFound(f"{given or '(empty)'}: not a {what} id")
        found = q.ids_matching(self.db, table, given)
        if not found and table in ("claims", "articles"):
            renamed = aliases.current_id(self.db, table, given.upper())
            if renamed != given.upper():
                found = [renamed]
        if not found:
            raise NotFound(f"{given}: no such {what}")
        if len(found) > 1:
            shown = "; ".join(f"{short_id(i)} ({i}{_gist(self, table, i)})" for i in found[:5])
            more = f" and {len(found) - 5} more" if len(found) > 5 else ""
            raise BadInput(
                f"{given}: more than one {what} matches: {shown}{more}; give more of the id"
            )
        return found[0]


# The settings there are, each with what makes a value acceptable.
SETTINGS = {
    "reviewer": "your name, recorded with your verdicts",
    "organisation": "the organisation named as author of published reports",
    "organisation_url": "its web address (http or https)",
    "methodology": "one line printed under a report's title: how claims are chosen and rated",
    "logo": "the organisation's logo on fact-check pages: a PNG, JPEG or SVG file (kept inline)",
    "corrections_policy": "a few lines on fact-check pages: how readers ask for a correction",
    "report_claim_types": "name each claim's type in reports: words (default) or none",
    "scale": "the rating scale verdicts use (see `factdesk scales`)",
    "connect_timeout": "seconds to wait for a server to answer (1 to 600)",
    "read_timeout": "seconds to wait for a page to arrive (1 to 600)",
    "hub-url": "the team hub: postgresql://USER@HOST/DATABASE (password in the keyring)",
    "trash_days": f"days before the trash empties itself (default {TRASH_DAYS})",
}


def _checked_setting(key: str, value: Any) -> Any:
    if key not in SETTINGS:
        raise BadInput(f"{key}: not a setting (one of: {', '.join(SETTINGS)})")
    if key in ("connect_timeout", "read_timeout"):
        limit = 600
        try:
            seconds = float(value)
        except (TypeError, ValueError):
            seconds = float("nan")
        if not 1 <= seconds <= limit:
            raise BadInput(f"{key}: {value!r} is not a number of seconds from 1 to {limit}")
        return seconds
    if key == "trash_days":
        try:
            days = int(str(value).strip())
        except (TypeError, ValueError):
            days = 0
        if not 1 <= days <= 3650:
            raise BadInput(f"trash_days: {value!r} is not a whole number of days from 1 to 3650")
        return days
    if key == "report_claim_types":
        choice = str(value or "words").strip().casefold()
        if choice not in ("words", "none"):
            raise BadInput(f"report_claim_types: {value!r} is neither 'words' nor 'none'")
        return choice
    text = str(value or "").strip()
    if key == "hub-url" and text:
        from factdesk.hub import parse_hub_url

        parse_hub_url(text)  # refuses a URL holding a password
    if key == "methodology":
        text = " ".join(text.split())  # one line, however it was typed
        if len(text) > 400:
            raise BadInput(f"methodology: {len(text)} characters; keep it to one line of 400")
    if key == "logo" and text:
        return _logo_data_uri(text)
    if key == "corrections_policy":
        text = text.replace("\r\n", "\n")
        if len(text) > 2000:
            raise BadInput(f"corrections_policy: {len(text)} characters; keep it under 2,000")
    if key == "organisation_url" and text and not re.match(r"https?://[^\s/]+", text):
        raise BadInput(f"organisation_url: {text!r} is not an http(s) address")
    return text or None


def _gist(desk: Desk, table: str, row_id: str) -> str:
    """A few words saying which row an id is (for a list of ambiguous candidates)."""
    if table == "claims":
        text = desk.claim(row_id).text
    elif table == "articles":
        text = desk.article_titles([row_id]).get(row_id, "")
    else:
        text = desk.evidence_item(row_id).url
    text = " ".join(text.split())
    return f": {text[:40]}…" if len(text) > 40 else f": {text}" if text else ""


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _claim_payload(record: ClaimRecord) -> dict:
    """A ClaimRecord as the rows store.trash puts back."""
    return {
        "row": {**q.claim_row(record.claim), "field_times": record.field_times},
        "evidence": record.evidence_rows,
        "verdicts": [dict(vars(v)) for v in record.verdicts],
        "status_changes": [dict(vars(s)) for s in record.status_changes],
        "prior_checks": [dict(vars(p)) for p in record.prior_checks],
    }


def _payload_changes(payload: dict) -> Changes:
    """What taking the rows of a trash entry out (or putting them back) changes."""
    claims = [c["row"] for c in payload.get("claims", [])]
    articles = {c["article_id"] for c in claims}
    if payload.get("article"):
        articles.add(payload["article"]["id"])
    claim_ids = {c["id"] for c in claims} | {e["claim_id"] for e in payload.get("evidence", [])}
    return Changes(articles=frozenset(articles), claims=frozenset(claim_ids))


# A logo is kept in the database as a data: URI, so a page carries it and loads nothing.
_LOGO_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
               ".svg": "image/svg+xml"}  # fmt: skip
_LOGO_MAX_BYTES = 512 * 1024


def _logo_data_uri(value: str) -> str:
    """A logo setting: a data: URI as stored, or an image file read into one."""
    import base64

    if value.startswith("data:"):
        if not re.fullmatch(r"data:image/(png|jpeg|svg\+xml);base64,[A-Za-z0-9+/=]+", value):
            raise BadInput("logo: not a base64 PNG, JPEG or SVG data: URI")
        return value
    path = Path(value).expanduser()
    kind = _LOGO_TYPES.get(path.suffix.casefold())
    if kind is None:
        raise BadInput(f"logo: {value}: give a .png, .jpg or .svg file")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise BadInput(f"logo: {value}: cannot read ({error.strerror})") from None
    if len(data) > _LOGO_MAX_BYTES:
        raise BadInput(f"logo: {value}: {len(data) // 1024} KB; keep a logo under 512 KB")
    signatures = {"image/png": b"\x89PNG", "image/jpeg": b"\xff\xd8"}
    if kind in signatures and not data.startswith(signatures[kind]):
        raise BadInput(f"logo: {value}: not a {path.suffix} image")
    if kind == "image/svg+xml" and b"<svg" not in data[:2048]:
        raise BadInput(f"logo: {value}: not an SVG image")
    return f"data:{kind};base64," + base64.b64encode(data).decode("ascii")


def _write_whole(path: Path, output: str | bytes) -> None:
    """Write `output` to `path` (`-`: standard output) whole or not at all (outputs.py)."""
    with atomic_output(path) as stream:
        stream.write(output if isinstance(output, bytes) else output.encode("utf-8"))


def _page_pdf(pages: list[Any]) -> bytes:
    from factdesk.report.factcheck_page import render_factcheck_page
    from factdesk.report.pdf import html_to_pdf

    return html_to_pdf(render_factcheck_page(pages))


def _page_renderer(name: str) -> Callable[[list[Any]], str]:
    def render(pages: list[Any]) -> str:
        from factdesk.report import factcheck_page

        return str(getattr(factcheck_page, name)(pages))

    return render


# Fact-check exports (issue 20): the page, its PDF, Markdown, and a fragment for a CMS.
PAGE_FORMATS: dict[str, Callable[[list[Any]], str | bytes]] = {
    "page": _page_renderer("render_factcheck_page"),
    "page-pdf": _page_pdf,
    "page-md": _page_renderer("render_factcheck_markdown"),
    "page-fragment": _page_renderer("render_factcheck_fragment"),
}


def _checked_headline(headline: str) -> str:
    text = " ".join(headline.split())
    if len(text) > 250:
        raise BadInput(f"headline: {len(text)} characters; keep it under 250")
    return text


def _names(names: Iterable[str]) -> list[str]:
    """Names as typed, tidied: one line each, no blanks, no repeats."""
    kept: dict[str, str] = {}
    for name in names:
        tidy = " ".join(str(name).split())
        if tidy:
            kept.setdefault(tidy.casefold(), tidy)
    return list(kept.values())


def _article_id(claim: Claim) -> str:
    """A stored claim's article (always set once stored)."""
    assert claim.article_id is not None
    return claim.article_id


def _relocate(text: str, sentence: str, old_start: int) -> tuple[int, int]:
    """Where `sentence` stands in `text` now: the occurrence nearest its old place, or
    (0, 0) when the article no longer has it (the claim is kept, with its work)."""
    found, position = [], text.find(sentence)
    while position != -1 and sentence:
        found.append(position)
        position = text.find(sentence, position + 1)
    if not found:
        return 0, 0
    start = min(found, key=lambda p: abs(p - old_start))
    return start, start + len(sentence)


def database_problem(error: BaseException, path: str | Path | None) -> FactdeskError | None:
    """What an error met while using the database at `path` means, in words (or None)."""
    return store.database_problem(error, Path(path) if path else paths.default_db_path())


# --- network steps -------------------------------------------------------------------
# A flow that reads the network and then stores is one of these (run anywhere: worker
# processes, the GUI's network pool; they never touch the database) plus one Desk method
# (run by the one writer). The CLI and the GUI share both halves.


def read_and_split(
    source: str, *, fetcher: Any = None, stdin_text: str | None = None
) -> tuple[Article, list[Claim]] | FactdeskError:
    """Read a source and split its claims: the whole per-file job of an import (stored by
    Desk.import_article), run in worker processes for a bulk import (ingest.bulk)."""
    from factdesk.ingest import read_source

    try:
        article = read_source(source, fetcher=fetcher, stdin_text=stdin_text)
        if source == "-" and not article.title:
            article.title = opening_words(article.text)  # the list needs a name for it
        return article, _split_claims(article)
    except FactdeskError as error:
        return error
    except Exception as error:  # a bug on one page must not stop a folder of a thousand
        return FactdeskError(f"{source}: could not be read ({type(error).__name__}: {error})")


def opening_words(text: str, words: int = 10) -> str | None:
    """A title for pasted text that has none: its first words."""
    first = text.split()[:words]
    if not first:
        return None
    return " ".join(first) + ("…" if len(text.split()) > words else "")


@dataclass
class EvidencePage:
    """An evidence link's page as fetched: its metadata and readable text, and the page to
    keep offline; or the error that kept it from being read (the link is kept anyway)."""

    fetched_at: str
    title: str | None = None
    publisher: str | None = None
    published: str | None = None
    text: str | None = None
    body: bytes | None = None
    error: str | None = None

    def apply_to(self, evidence: Evidence) -> bytes | None:
        """Fill `evidence` from the page; returns the page to store as its offline copy."""
        evidence.fetched_at, evidence.fetch_error = self.fetched_at, self.error
        if self.error is None:
            evidence.title, evidence.publisher = self.title, self.publisher
            evidence.published, evidence.snapshot_text = self.published, self.text
        return self.body


def fetch_evidence_page(url: str, fetcher: Any) -> EvidencePage:
    """Fetch and read an evidence page (network step of Desk.add_evidence)."""
    from factdesk.ingest.extract import extract_article

    fetched_at = now_iso()
    try:
        page = fetcher.get(url)
        if "html" in page.content_type:
            read = extract_article(page.body, source=url, url=page.final_url)
        else:
            read = Article(source=url, text=page.text)
    except FactdeskError as error:
        return EvidencePage(fetched_at, error=str(error))
    return EvidencePage(
        fetched_at, read.title, read.publisher, read.published, read.text, page.body
    )


def read_claimreview(source: str, fetcher: Any = None) -> list[PriorCheck]:
    """The published fact-checks in a ClaimReview file, saved page or URL (network step of
    Desk.import_claimreview; the Desk step is save_prior_checks)."""
    from factdesk.ingest.claimreview import parse_claimreview
    from factdesk.ingest.sources import read_markup

    return parse_claimreview(read_markup(source, fetcher=fetcher), source=source)


def search_prior_checks(client: Any, text: str, *, language: str | None = "en") -> list[PriorCheck]:
    """Published fact-checks for a claim's text (network step of a look-up; the Desk step
    is save_prior_checks)."""
    from factdesk import secrets

    api_key = secrets.require_secret("factcheck-api-key")
    return client.search(text, api_key=api_key, language=language)


def find_snapshot(
    client: Any, url: str, *, save: bool | None, cancelled: Callable[[], bool] | None = None
) -> Any:
    """The Wayback Machine's copy of `url`; if it has none, captured now with save=True,
    or with save=None when the archive keys are set (network step of archiving; the Desk
    step records its address on the evidence)."""
    from factdesk import secrets

    snapshot = client.lookup(url)
    if snapshot is None and save is not False:
        try:
            keys = [secrets.get_secret(f"archive-{k}-key") or "" for k in ("access", "secret")]
        except FactdeskError:
            if save:
                raise
            keys = ["", ""]
        if save or all(keys):
            snapshot = client.save(url, access_key=keys[0], secret_key=keys[1], cancelled=cancelled)
    return snapshot


def hub_unreachable(error: BaseException) -> bool:
    """Whether `error` says the team hub is out of reach (try again later), rather than
    something for the user to put right."""
    from factdesk.hub import HubUnreachable

    return isinstance(error, HubUnreachable)


def hub_answers(hub_url: str) -> str:
    """The network step before a sync: why the hub is out of reach (one line), or "" when
    it answers (other problems, a refused password say, are the sync's to report)."""
    from factdesk.hub import HubUnreachable, parse_hub_url
    from factdesk.hub.connect import connect

    try:
        connect(parse_hub_url(hub_url)).close()
    except HubUnreachable as error:
        return str(error)
    except FactdeskError:
        return ""
    return ""


def try_hub(hub_url: str, password: str | None = None) -> tuple[str, bool]:
    """Network only: log in to the hub at `hub_url` as a sync would, with `password` (typed,
    not kept yet) when given. ("", False) when it takes us as a checker; else why not, in one
    line, and whether the hub is only out of reach (rather than refusing us)."""
    from factdesk import secrets
    from factdesk.hub import HubUnreachable, parse_hub_url
    from factdesk.hub.admin import hub_info
    from factdesk.hub.connect import connect

    try:
        address = parse_hub_url(hub_url)
        with secrets.trying("hub-password", password or None), connect(address) as conn:
            hub_info(conn, address)
    except HubUnreachable as error:
        return str(error), True
    except FactdeskError as error:
        return str(error), False
    return "", False


def teammates_since_sync(hub_url: str, claim_id: str, after_seq: int) -> list[Any]:
    """Network only (for the GUI's pool): teammates' verdicts on `claim_id` since change
    `after_seq` (my last sync), newest first; none when the hub cannot be asked."""
    from factdesk.hub import parse_hub_url, teammate_verdicts

    try:
        return teammate_verdicts(parse_hub_url(hub_url), claim_id, after_seq=after_seq)
    except FactdeskError:
        return []


# What a claim split in two, or claims merged into one, keep (the score is worked out again).
KEPT_BY_SPLIT_AND_MERGE = ("speaker", "speaker_handle", "said_on", "kind", "attribution")
SENTENCE_ENDS = ".!?…"


def merged_text(claims: list[Claim]) -> str:
    """The text of claims merged into one, in article order: each keeps the punctuation
    that ended its sentence ("There is hope" was "There is hope."), so the merge reads as
    the sentences did."""
    parts = []
    for claim in claims:
        text = claim.text.strip()
        ending = claim.sentence.rstrip().rstrip("”’\"')»")[-1:]
        if text and text.rstrip("”’\"')»")[-1:] not in SENTENCE_ENDS:
            text += ending if ending in SENTENCE_ENDS else "."
        parts.append(text)
    return " ".join(parts)


def _rescore(texts: list[str], attribution: str | None) -> list[dict[str, Any]]:
    """Check-worthiness of claims made by hand from others (split, merged), read in the
    same voice (a post, a quote, the article's own) as the claim they came from."""
    from factdesk.claims.checkworthy import score_sentences

    genre = {"post": "post", "reported": "quote", "unattributed": "quote"}.get(
        attribution or "", "article"
    )
    results = score_sentences(texts, [genre] * len(texts))
    return [{"score": round(r.score, 4), "checkworthy": r.checkworthy} for r in results]


def _speaker_key(speaker: str | None) -> str | None:
    from factdesk.claims.speakers import speaker_key

    return speaker_key(speaker) if speaker and speaker.strip() else None


def _split_claims(article: Article) -> list[Claim]:
    from factdesk.claims import split_claims

    return split_claims(article)


# The evidence columns a fetch of its page sets.
_PAGE = ("title", "publisher", "published", "snapshot_gz", "snapshot_text", "fetch_error",
         "fetched_at")  # fmt: skip

__all__ = ["ArticleRecord", "Changes", "ClaimFilter", "ClaimRecord", "Desk", "ImportResult",
           "new_id"]  # fmt: skip
