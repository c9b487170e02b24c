"""Articles: importing one (read, split into claims, stored in one transaction; the same
article again is recognised), refining its claims' scores, listing them, deleting one and
putting it back.

An import is two steps. The first stores the article and its claims at once with their
provisional scores (the n-gram model's, no kind: claims.checkworthy.provisional_scores)
and marks the article provisional (store/provisional.py). The second, `refine`, runs the
sentence encoder: it stores the scores and kinds a full split gives (the same as a split
with score_sentences, exactly), keeps the claims' vectors and marks the claims seen
before. The CLI refines after storing; the app refines on a worker, off its GUI thread;
whatever was left provisional (a crash) is refined by `refine_pending`."""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Callable, Generator, Iterable
from pathlib import Path
from typing import Any

from factdesk.errors import BadInput, FactdeskError, NotFound
from factdesk.model import Article, Claim, now_iso
from factdesk.store import edits
from factdesk.store import provisional as marks
from factdesk.store import queries as q
from factdesk.store import trash as trashed

from .claims import Claims, claim_payload
from .core import Core, Part
from .records import ArticleRecord, Changes, ImportResult


class Articles(Part):
    def __init__(self, core: Core, claims: Claims) -> None:
        super().__init__(core)
        self.claims = claims

    def import_source(
        self,
        source: str,
        *,
        replace: bool = False,
        stdin_text: str | None = None,
        fetcher: Any = None,
        refine: bool = True,
    ) -> ImportResult:
        """Read an article from a URL, a file or stdin ("-"), split it and store it: the
        network step read_and_split, then the store step import_article (the GUI runs the
        same two on its network pool and its database thread), then refine (see there)."""
        if source != "-" and "://" not in source:
            self.core.refuse_database_file(Path(source), "import")
        read = read_and_split(source, fetcher=fetcher, stdin_text=stdin_text)
        if isinstance(read, FactdeskError):
            raise read
        article, claims = read
        return self.import_article(
            article, replace=replace, split=lambda _article: claims, provisional=True, refine=refine
        )

    def import_article(
        self,
        article: Article,
        *,
        replace: bool = False,
        split: Callable[[Article], list[Claim]] | None = None,
        provisional: bool | None = None,
        refine: bool = True,
    ) -> ImportResult:
        """Store an article and its claims in one transaction.

        The claims come from `split` (provisional_split by default). Provisional claims
        (the default split's, or a split's when provisional=True) are marked so, and
        refined in a second transaction when refine=True (else later: `refine`). Claims a
        caller's split gives are otherwise final as they are (read and scored elsewhere,
        or made up by a test): stored with their seen-before marks in the one transaction.

        The same article again (same canonical URL or same text) is not a new article:
        with the same text it is kept as it was ("unchanged"), unless replace=True; a page
        whose text has changed since is updated ("updated"). Updating or replacing splits
        it again, keeping every claim with the user's work on it (a verdict, evidence, a
        status or an edit), moved to where its sentence now stands.
        """
        if not article.text.strip():
            raise BadInput(f"{article.source}: the article has no text")
        if provisional is None:
            provisional = split is None
        split = split or provisional_split
        article.content_hash = content_hash(article.text)
        # A first look outside the transaction spares splitting an article already here.
        existing = self._same_article(article)
        if existing and not (replace or existing.content_hash != article.content_hash):
            return ImportResult(existing, existing.claim_count, "unchanged")
        claims = split(article)
        with self.db.write(small=True):
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
            if provisional:  # seen-before marks need the encoder: the refinement makes them
                marks.mark(self.db, article.id, now)
            else:
                self._mark_seen_before(article.id, claims, now)
        outcome = "new" if not existing else "updated" if changed else "replaced"
        changes: Changes = Changes(
            articles=frozenset({article.id}), claims=frozenset(c.id for c in claims)
        )
        if provisional and refine:
            changes |= self.refine(article.id)
        article.claim_count, article.verdict_count = q.article_counts(self.db, article.id)
        article.raw = None  # kept in the database; not carried around
        return ImportResult(article, article.claim_count, outcome, changes)

    # --- refining ----------------------------------------------------------------------

    def provisional_articles(self, limit: int | None = None) -> list[str]:
        """The ids of the articles whose claims still carry provisional scores."""
        return marks.pending(self.db, limit)

    def refine(
        self,
        article_id: str,
        refined: list[Claim] | None = None,
        *,
        split_of: Article | None = None,
    ) -> Changes:
        """Give a provisionally imported article's claims their final scores and kinds (a
        full split's: `refined`, the refined_split of the article as read then, `split_of`;
        or computed here, the slow part, outside the transaction), keep their vectors and
        mark those that repeat a rated claim.

        A score or kind set by hand since is kept. The claims are matched to the full
        split's by span and text; the title becomes a claim, or stops being one, as the
        final score says (unless worked on). Nothing when the article is refined already,
        is in the trash, or changed since `refined` was split (a re-import marks it anew)."""
        since = marks.since(self.db, article_id)
        if since is None:
            return Changes()
        if refined is not None and split_of is None:
            raise ValueError("refined claims without the article they were split from")
        try:
            article = split_of or self.core.article(article_id, with_raw=False)
        except NotFound:
            return Changes()  # in the trash: refined when restored
        if refined is None:
            refined = refined_split(article)
        with self.db.write(small=True):
            if marks.since(self.db, article_id) != since:
                return Changes()  # refined or re-imported meanwhile
            stored = self.core.article(article_id, with_raw=False)
            if stored.content_hash != content_hash(article.text):
                return Changes()
            touched = self._store_refined(article_id, refined, since)
            marks.unmark(self.db, article_id)
        return Changes(articles=frozenset({article_id}), claims=frozenset(touched))

    def refine_pending(self, progress: Callable[[int, int], None] | None = None) -> Changes:
        """Refine every article left provisional (an import cut short, --no-refine)."""
        changes: Changes = Changes()
        pending = self.provisional_articles()
        for done, article_id in enumerate(pending):
            if progress:
                progress(done, len(pending))
            changes |= self.refine(article_id)
        return changes

    def _store_refined(self, article_id: str, refined: list[Claim], since: str) -> set[str]:
        """Inside the write: the refined values onto the claims stored since `since`."""
        rows = marks.claims_to_refine(self.db, article_id)
        mine = {r["id"]: r for r in rows if r["created_at"] >= since}
        by_span: dict[tuple[int, int], list[dict]] = {}
        for row in rows:
            by_span.setdefault((row["start"], row["end"]), []).append(row)
        matched: dict[str, Claim] = {}
        fresh: list[Claim] = []
        for claim in refined:
            same_span = [
                r for r in by_span.get((claim.start, claim.end), []) if r["id"] not in matched
            ]
            # The same text, else (edited by hand since) the span's one claim left.
            found = next((r for r in same_span if r["text"] == claim.text), None)
            if found is None and len(same_span) == 1 and same_span[0]["text"] != claim.text:
                found = same_span[0]
            if found is not None:
                matched[found["id"]] = claim
            elif (claim.start, claim.end) not in by_span:
                fresh.append(claim)  # the title, a claim by its final score
        touched = set()
        for claim_id, claim in matched.items():
            mine_row = mine.get(claim_id)
            if mine_row is None:
                continue  # kept from before with its work: not this import's to rescore
            clocks = json.loads(mine_row["field_times"] or "{}")
            fields: dict[str, Any] = {}
            if "score" not in clocks:
                fields |= {"score": claim.score, "checkworthy": int(bool(claim.checkworthy))}
            if "kind" not in clocks:
                fields["kind"] = claim.kind
            if any(mine_row[name] != value for name, value in fields.items()):
                marks.set_refined(self.db, claim_id, fields)
                touched.add(claim_id)
        # A title that was a claim by its provisional score but is not by its final one.
        untouched, _worked = edits.unworked_claims(self.db, article_id)
        dropped = [cid for cid in untouched if cid in mine and cid not in matched]
        marks.drop_claims(self.db, dropped)
        for claim in fresh:
            claim.article_id = article_id
            claim.created_at = claim.updated_at = since
        edits.insert_claims(self.db, fresh)
        kept = [
            Claim(text=mine[cid]["text"], sentence="", start=0, end=0, id=cid)
            for cid in matched
            if cid in mine
        ]
        self._mark_seen_before(article_id, kept + fresh, since)
        return touched | set(dropped) | {c.id for c in fresh}

    def _same_article(self, article: Article) -> Article | None:
        """The stored article with the same canonical URL, or else the same text."""
        found = q.find_article_id(self.db, article.url, article.content_hash or "")
        return self.core.article(found, with_raw=False) if found else None

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

    def delete_article(self, article_id: str) -> Changes[ArticleRecord]:
        """Delete an article with its claims and their work; returns what is needed to
        put it back (restore_article). The deletion survives a merge with a database
        that still has the article, unless work was done there after it."""
        with self.db.write():
            rows = q.article_rows(self.db, article_id)
            if rows is None:
                raise NotFound(f"{article_id}: no such article")
            claim_ids = q.claim_ids_of_article(self.db, article_id)
            claims = [self.core.stored_claim_record(claim_id) for claim_id in claim_ids]
            edits.delete_article(self.db, article_id, now_iso())
        record = ArticleRecord(row=rows[0], posts=rows[1], claims=claims)
        return Changes(record.changes.articles, record.changes.claims, row=record)

    def restore_article(self, record: ArticleRecord) -> Changes:
        """Put a deleted article back exactly as it was, with its claims (undo). What a
        merge brought back meanwhile stays as it is; the rest is put back."""
        payload = {
            "article": record.row,
            "posts": record.posts,
            "claims": [claim_payload(c) for c in record.claims],
        }
        with self.db.write():
            articles, claims = trashed.put_back(self.db, payload, now_iso())
            self.claims.restore_factchecks(record.claims, claims)
        return record.changes | Changes(articles=frozenset(articles), claims=frozenset(claims))

    def _mark_seen_before(self, article_id: str, claims: list[Claim], now: str) -> None:
        """Keep the new claims' vectors and mark each that repeats a rated claim of another
        article (inside the import's transaction: the article and its marks go together)."""
        self.core.claim_memory().mark_seen_before(self.db, article_id, claims, now)


def content_hash(text: str) -> str:
    """The same article text gives the same hash, whatever its whitespace."""
    return hashlib.sha256(" ".join(text.split()).encode()).hexdigest()


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


# --- network steps -------------------------------------------------------------------
# A flow that reads the network and then stores is one of these (run anywhere: worker
# processes, the GUI's network pool; they never touch the database) plus one Desk method
# (run by the one writer). The CLI and the GUI share both halves.


def read_and_split(
    source: str,
    *,
    fetcher: Any = None,
    stdin_text: str | None = None,
    split: Callable[[Article], list[Claim]] | None = None,
) -> tuple[Article, list[Claim]] | FactdeskError:
    """Read a source and split its claims (provisional_split, or `split`): the whole
    per-file job of an import (stored by Desk.import_article), run in worker processes for
    a bulk import (ingest.bulk)."""
    from factdesk.ingest import read_source

    try:
        article = read_source(source, fetcher=fetcher, stdin_text=stdin_text)
        if source == "-" and not article.title:
            article.title = opening_words(article.text)  # the list needs a name for it
        return article, (split or provisional_split)(article)
    except FactdeskError as error:
        return error
    except Exception as error:  # a bug on one page must not stop a folder of a thousand
        return FactdeskError(f"{source}: could not be read ({type(error).__name__}: {error})")


def read_and_refine(source: str) -> tuple[Article, list[Claim]] | FactdeskError:
    """read_and_split with the final scores (refined_split): a bulk import that refines
    runs the encoder in its worker processes, and stores these claims with Desk.refine."""
    return read_and_split(source, split=refined_split)


def opening_words(text: str, words: int = 10) -> str | None:
    """A title for pasted text that has none: its first words."""
    first = text.split()[:words]
    if not first:
        return None
    return " ".join(first) + ("…" if len(text.split()) > words else "")


def provisional_split(article: Article) -> list[Claim]:
    """The article's claims as an import stores them at once: n-gram scores, no kinds."""
    from factdesk.claims import split_claims
    from factdesk.claims.checkworthy import provisional_scores

    return split_claims(article, provisional_scores)


def refined_split(article: Article) -> list[Claim]:
    """The article's claims with their final scores and kinds (the sentence encoder runs:
    about 150 ms for a typical article; run it off the GUI thread and outside a write)."""
    from factdesk.claims import split_claims

    return split_claims(article)


def headline_span(article: Article) -> tuple[int, int] | None:
    """The span of the article's title when its text opens with it as a line of its own
    (a headline kept in the text; the claims skip it), else None."""
    from factdesk.claims.pipeline import headline_span as span_of_title

    return span_of_title(article)


def article_files(folder: str | Path) -> list[Path]:
    """The files an import of `folder` reads, in name order (sub-folders searched, hidden
    ones skipped); BadInput when it is not a folder."""
    from factdesk.ingest import supported_files

    return supported_files(folder)


def read_and_split_many(
    sources: Iterable[str], *, workers: int = 2
) -> Generator[tuple[str, tuple[Article, list[Claim]] | FactdeskError], None, None]:
    """read_and_split for many local files in `workers` processes, yielding (source, its
    article and claims or its error) as each finishes. Closing it stops the workers; a
    worker that dies has its files tried once more (ingest.bulk.extract_many)."""
    from factdesk.ingest.bulk import extract_many

    with contextlib.closing(extract_many(sources, workers=workers, work=read_and_split)) as each:
        for source, outcome in each:
            if isinstance(outcome, Article):  # never: read_and_split gives (article, claims)
                raise TypeError(f"{source}: read without its claims")
            yield source, outcome
