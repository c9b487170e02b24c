"""Fact-checks (issue 20): the write-up readers see, its review by a second checker,
its pages, and its corrections once published."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from typing import Any

from factdesk.errors import BadInput
from factdesk.model import ClaimFilter, Correction, FactCheck, now_iso
from factdesk.store import factchecks as fcs
from factdesk.store import queries as q

from .core import Core, Part
from .records import Changes
from .reports import Reports
from .review import Review


class FactChecks(Part):
    def __init__(self, core: Core, review: Review, reports: Reports) -> None:
        super().__init__(core)
        self.review, self.reports = review, reports

    def factcheck(self, claim_id: str) -> FactCheck:
        """The claim's fact-check: the stored one, else a new draft (not yet stored) with
        a headline proposed from the claim and its verdict, and me as its author."""
        claim_id = self.core.resolve_claim_id(claim_id)
        stored = self.stored_factcheck(claim_id)
        if stored is not None:
            return stored
        from factdesk.report.factcheck import propose_headline

        me = self.core.setting("reviewer")
        return FactCheck(
            claim_id=claim_id,
            headline=propose_headline(self.reports.report(claims=[claim_id]).items[0]),
            authors=[me] if me else [],
        )

    def stored_factcheck(self, claim_id: str) -> FactCheck | None:
        """The fact-check the claim is in, as stored: its own, else one covering it."""
        return fcs.factchecks_covering(self.db, [claim_id]).get(claim_id)

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
                by = by or self.core.setting("reviewer")
                fcs.add_correction(self.db, Correction(factcheck.id, note, by=by, at=now))
        return Changes(claims=frozenset({factcheck.claim_id}))

    def submit_factcheck(self, claim_id: str, *, by: str | None = None) -> Changes:
        """Send a draft for review by a second checker: it needs a verdict, a headline,
        findings, no citation of a source the claims lack, and no claim it covers rated
        otherwise than its own (the verdict of the group is its claim's)."""
        from factdesk.report.factcheck import citation_problems, group_problems, sources_of_items

        factcheck = self.factcheck(claim_id)
        if factcheck.state != "draft":
            raise BadInput(f"{claim_id}: the fact-check is {factcheck.state}, not a draft")
        claim = self.core.claim(factcheck.claim_id)
        lacking = [what for what, have in (
            ("a verdict", claim.verdict is not None or self.review.current_verdict(claim.id)),
            ("a headline", factcheck.headline.strip()),
            ("findings", factcheck.findings.strip()),
        ) if not have]  # fmt: skip
        if lacking:
            raise BadInput(f"{claim_id}: the fact-check needs {' and '.join(lacking)} first")
        items = self.items_of(factcheck)
        problems = group_problems(items) + citation_problems(
            factcheck.findings, len(sources_of_items(items))
        )
        if problems:
            raise BadInput(f"{claim_id}: {problems[0]}")
        factcheck.state, factcheck.submitted_at = "in review", now_iso()
        factcheck.updated_at = factcheck.submitted_at
        if not factcheck.authors and (by or self.core.setting("reviewer")):
            factcheck.authors = [by or self.core.setting("reviewer")]
        with self.db.write():
            fcs.save_factcheck(self.db, factcheck)
            return self._move_claims(factcheck, "in review", by)

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
        with self.db.write():
            fcs.save_factcheck(self.db, factcheck)
            return self._move_claims(factcheck, "published", name)

    def return_factcheck(self, claim_id: str, *, by: str | None = None) -> Changes:
        """Send a fact-check in review back to its authors as a draft."""
        factcheck = self.factcheck(claim_id)
        if factcheck.state != "in review":
            raise BadInput(f"{claim_id}: the fact-check is {factcheck.state}, not in review")
        factcheck.state, factcheck.updated_at = "draft", now_iso()
        with self.db.write():
            fcs.save_factcheck(self.db, factcheck)
            return self._move_claims(factcheck, "researching", by)

    def _move_claims(self, factcheck: FactCheck, status: str, by: str | None) -> Changes:
        """Inside the write: every claim the fact-check covers moves to `status` with it."""
        claims = q.get_claims(self.db, factcheck.claim_ids)
        for claim in claims:
            self.core.record_status(claim.id, status, claim.assignee, by)
        return Changes(claims=frozenset(claim.id for claim in claims))

    def items_of(self, factcheck: FactCheck) -> list[Any]:
        """The report items of the claims it covers, its own first."""
        items = self.reports.report(claims=factcheck.claim_ids).items
        order = {claim_id: n for n, claim_id in enumerate(factcheck.claim_ids)}
        return sorted(items, key=lambda item: order.get(item.claim.id, len(order)))

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
        items = self.reports.report(
            claims=claims, article=article, flt=flt, rated_only=rated_only
        ).items
        stored = fcs.factchecks_covering(self.db, [item.claim.id for item in items])
        chosen: dict[str, FactCheck] = {}  # one page per fact-check, in report order
        for item in items:
            if item.claim.id in stored:
                chosen.setdefault(stored[item.claim.id].id, stored[item.claim.id])
        have = {item.claim.id: item for item in items}
        wanted = [c for f in chosen.values() for c in f.claim_ids if c not in have]
        if wanted:  # the other claims of a fact-check chosen by one of its claims
            have.update({i.claim.id: i for i in self.reports.report(claims=wanted).items})
        publishing = self.publishing()
        return [self._page(f, have, publishing) for f in chosen.values() if f.claim_id in have]

    def _page(self, factcheck: FactCheck, items: dict[str, Any], publishing: Any) -> Any:
        """The page of a fact-check: its claim's item, and the other claims it covers."""
        from factdesk import memory
        from factdesk.report.factcheck import FactCheckPage

        others = [items[c] for c in factcheck.other_claims if c in items]
        return FactCheckPage(
            factcheck,
            items[factcheck.claim_id],
            publishing,
            appearances=memory.appearances(self.db, factcheck.claim_id),
            others=others,
            other_appearances={
                item.claim.id: memory.appearances(self.db, item.claim.id) for item in others
            },
        )

    def factcheck_preview(self, claim_id: str, headline: str, findings: str) -> str:
        """The fact-check as its page would show it with this headline and these findings
        (not stored): the editor's live preview."""
        from factdesk.report.factcheck_page import render_factcheck_fragment

        factcheck = dataclasses.replace(self.factcheck(claim_id))
        factcheck.headline, factcheck.findings = headline, findings
        items = {item.claim.id: item for item in self.items_of(factcheck)}
        page = self._page(factcheck, items, self.publishing())
        # The JSON-LD is for search engines, not for the preview.
        return render_factcheck_fragment([page]).split('<script type="application/ld+json">')[0]

    def publishing(self) -> Any:
        """Who publishes and how they work: the publishing settings."""
        from factdesk.report.factcheck import Publishing

        return Publishing(
            organisation=self.core.setting("organisation"),
            organisation_url=self.core.setting("organisation_url"),
            logo=self.core.setting("logo"),
            methodology=self.core.setting("methodology"),
            corrections_policy=self.core.setting("corrections_policy"),
        )


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
