"""Evidence and what is already known of a claim: links with their pages kept offline,
published fact-checks (found for it or imported), the Wayback Machine's copies, and
claims of other articles that say the same thing."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from factdesk.errors import BadInput, FactdeskError, NotFound
from factdesk.model import STANCES, Article, Claim, Evidence, PriorCheck, now_iso
from factdesk.store import edits
from factdesk.store import queries as q

from .core import Core, Part, article_id_of
from .records import Changes, SimilarClaim
from .review import Review
from .settings import Settings

# How many imported fact-checks the full-text index hands to the scorer per look-up: with
# 100,000 imported, 200 found what scoring all of them found for each of the sample's 43
# claims; 50 missed 4 (bench/bench_prior_checks.py).
PRIOR_CHECK_CANDIDATES = 200


class EvidenceArea(Part):
    def __init__(self, core: Core, settings: Settings, review: Review) -> None:
        super().__init__(core)
        self.settings, self.review = settings, review

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
    ) -> Changes[Evidence]:
        """Attach a link to a claim; with fetch=True read the page for its metadata and an
        offline copy (or take `page`, fetched beforehand by fetch_evidence_page). A failed
        fetch keeps the link with the error recorded."""
        from factdesk.web.urls import check_url

        claim_id = self.core.claim(claim_id).id
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
            self.core.evidence_event(evidence, "added")
        return Changes(claims=frozenset({claim_id}), row=evidence)

    def refetch_evidence(
        self, evidence_id: str, *, fetcher: Any = None, page: EvidencePage | None = None
    ) -> Changes[Evidence]:
        """Try the page of an evidence link again (after a failed or old fetch)."""
        evidence = self.core.evidence_item(evidence_id)
        page = page or fetch_evidence_page(evidence.url, fetcher or self.fetcher())
        snapshot = page.apply_to(evidence)
        fields = {k: v for k, v in edits.evidence_row(evidence, snapshot).items() if k in _PAGE}
        with self.db.write():
            edits.update_evidence(self.db, evidence.id, fields, evidence.fetched_at or now_iso())
        return Changes(claims=frozenset({evidence.claim_id}), row=evidence)

    def evidence(self, claim_id: str) -> list[Evidence]:
        return q.evidence_list(self.db, self.core.renamed(claim_id))

    def evidence_snapshot_html(self, evidence_id: str) -> bytes | None:
        return q.evidence_snapshot(self.db, evidence_id)

    def update_evidence(self, evidence_id: str, **fields: Any) -> Changes:
        allowed = {"stance", "quote", "note", "archived_url"}
        if set(fields) - allowed:
            raise BadInput(f"cannot edit {', '.join(sorted(set(fields) - allowed))} of evidence")
        if "stance" in fields and fields["stance"] not in STANCES:
            raise BadInput(f"{fields['stance']}: not a stance (one of: {', '.join(STANCES)})")
        evidence = self.core.evidence_item(evidence_id)
        with self.db.write():
            edits.update_evidence(self.db, evidence.id, fields, now_iso())
        return Changes(claims=frozenset({evidence.claim_id}))

    def remove_evidence(self, evidence_id: str) -> Changes[dict]:
        """Remove an evidence link; returns its row so it can be put back (undo)."""
        evidence_id = self.core.resolve("evidence", evidence_id, "evidence")
        with self.db.write():
            row = edits.remove_evidence(self.db, evidence_id, now_iso())
            if row is not None:
                self.core.evidence_event(row, "removed")
        if row is None:
            raise NotFound(f"{evidence_id}: no such evidence")
        return Changes(claims=frozenset({row["claim_id"]}), row=row)

    def restore_evidence(self, row: dict) -> Changes:
        """Put a removed link back (undo): the removal leaves the history too."""
        row["claim_id"] = self.core.claim(row["claim_id"]).id  # follows a claim a merge renamed
        with self.db.write():
            edits.restore_evidence(self.db, row, now_iso())
            edits.take_back_removal(self.db, row["id"])
        return Changes(claims=frozenset({row["claim_id"]}))

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
            self.core.refuse_database_file(Path(source), "import")
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

        claim = self.core.claim(claim_id)
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
        return q.prior_checks(self.db, self.core.renamed(claim_id) if claim_id else None)

    def lookup_prior_checks(
        self, claim_id: str, *, language: str | None = "en"
    ) -> Changes[list[PriorCheck]]:
        """Search published fact-checks for the claim (network) and keep what is found."""
        claim = self.core.claim(claim_id)
        checks = search_prior_checks(self.factcheck_client(), claim.text, language=language)
        self.save_prior_checks(claim_id, checks)
        found = self.prior_checks_for(claim_id)
        return Changes(claims=frozenset({claim.id}), prior_checks=True, row=found)

    def archive_evidence(self, evidence_id: str, *, save: bool = False) -> Changes[Evidence]:
        """Find the evidence page in the Wayback Machine; with save=True capture it if need be."""
        evidence = self.core.evidence_item(evidence_id)
        snapshot = find_snapshot(self.wayback_client(), evidence.url, save=save)
        if snapshot is not None:
            self.update_evidence(evidence.id, archived_url=snapshot.archived_url)
            evidence.archived_url = snapshot.archived_url
        return Changes(claims=frozenset({evidence.claim_id}), row=evidence)

    def fetcher(self) -> Any:
        """A Fetcher with the user's network settings (safe to use from any thread)."""
        from factdesk.web.http import Fetcher

        network = self.settings.network_settings()
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
        network = self.settings.network_settings()
        return (network["connect_timeout"], network["read_timeout"])

    def similar_claims(self, claim_id: str, *, limit: int = 10) -> list[SimilarClaim]:
        """Claims in other articles that say the same thing, best first, with their verdicts.

        The nearest stored vectors and the FTS5 candidates sharing salient words are
        scored by the paraphrase matcher (factdesk/memory.py).
        """
        from factdesk.evidence.similar import fts_query

        claim = self.core.claim(claim_id)
        memory = self.core.claim_memory()
        # (full-text candidates for the claims stored before their vectors were kept)
        covered = memory.covers_every_claim(self.db)
        lexical = [] if covered else q.search_claims(self.db, fts_query(claim.text), 50)
        ranked = memory.similar(
            self.db, claim, lexical, lambda ids: q.get_claims(self.db, ids), limit
        )
        seen = self._seen_before([other for other, _score in ranked])
        return [
            SimilarClaim(
                other,
                score,
                seen.get(other.id),
                bool(claim.speaker_key) and other.speaker_key == claim.speaker_key,
            )
            for other, score in ranked
        ]

    def _seen_before(self, claims: list[Claim]) -> dict[str, str]:
        """The "Seen before: rated ..." of those of `claims` with a verdict (two queries)."""
        rated = [c for c in claims if c.verdict]
        verdicts = q.current_verdicts(self.db, [c.id for c in rated])
        titles = q.article_titles(self.db, [article_id_of(c) for c in rated])
        found = {}
        for claim in rated:
            verdict = verdicts.get(claim.id)
            if verdict is None:
                continue
            title = titles.get(article_id_of(claim)) or "another article"
            rated_as = verdict.rating or f"concluded: {verdict.summary}"
            found[claim.id] = f"Seen before: rated {rated_as} on {verdict.at[:10]} (in {title!r})"
        return found


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


def fetch_evidence_link(url: str, fetcher: Any) -> tuple[str, EvidencePage]:
    """A link typed as evidence checked (BadInput for one that is not an http(s) link or
    carries a password), then its page fetched and read (see fetch_evidence_page):
    (the checked link, its page)."""
    from factdesk.web.urls import check_url

    url = check_url(url, credentials=False)
    return url, fetch_evidence_page(url, fetcher)


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


# The evidence columns a fetch of its page sets.
_PAGE = ("title", "publisher", "published", "snapshot_gz", "snapshot_text", "fetch_error",
         "fetched_at")  # fmt: skip
