"""Reports: the chosen claims with their work (verdict, level, evidence), what the
renderers of factdesk.report write."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from factdesk.model import Article, ClaimFilter
from factdesk.store import queries as q

from .claims import Claims
from .core import Core, Part, article_id_of


@dataclass
class ReportPreview:
    """The first claims of a report as the export dialog shows them, with its counts."""

    html: str
    claims: int  # in the export as chosen
    rated: int
    incomplete: list[Any]  # report.Incomplete: rated claims not ready to publish


class Reports(Part):
    def __init__(self, core: Core, claims: Claims) -> None:
        super().__init__(core)
        self.claims = claims

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
            chosen = q.get_claims(self.db, [self.core.resolve_claim_id(c) for c in claims])
        else:
            article_id = self.core.resolve_article_id(article) if article else None
            base = flt or ClaimFilter()
            chosen = self.claims.claims(
                dataclasses.replace(base, article_id=article_id or base.article_id)
            )
        if rated_only:
            chosen = [c for c in chosen if c.verdict is not None]
        ids = [c.id for c in chosen]
        evidence = q.evidence_for(self.db, ids)
        verdicts = q.current_verdicts(self.db, ids)
        scales = {s.id: s for s in self.core.scales()}
        # One name per person: "Cllr Elena Rusk" in one claim, "Elena Rusk" in the next.
        speaker_names = {speaker.key: speaker.name for speaker in self.claims.speakers()}
        articles: dict[str, Article] = {}
        items = []
        for claim in chosen:
            if article_id_of(claim) not in articles:  # (reports never show the page as fetched)
                articles[article_id_of(claim)] = self.core.article(
                    article_id_of(claim), with_raw=False
                )
            verdict = verdicts.get(claim.id)
            scale = scales.get(verdict.scale_id) if verdict else None
            level = scale.level(verdict.rating) if scale and verdict and verdict.rating else None
            items.append(
                ReportItem(
                    claim=claim,
                    article=articles[article_id_of(claim)],
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
            organisation=self.core.setting("organisation"),
            organisation_url=self.core.setting("organisation_url"),
            reviewer=self.core.setting("reviewer"),
            methodology=self.core.setting("methodology"),
            show_claim_types=self.core.setting("report_claim_types", "words") != "none",
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

    def report_preview(
        self,
        shown: int,
        *,
        article: str | None = None,
        claims: list[str] | None = None,
        rated_only: bool = False,
        flt: ClaimFilter | None = None,
        skip_incomplete: bool = False,
    ) -> ReportPreview:
        """The HTML (for Qt's rich text) of the report's first `shown` claims, its counts,
        and its rated claims that lack a summary or evidence (left out of the preview too
        when they are left out of the export)."""
        from factdesk.report import incomplete_items, render_html

        report = self.report(article=article, claims=claims, rated_only=rated_only, flt=flt)
        incomplete = incomplete_items(report.items)
        if skip_incomplete:
            left_out = {id(found.item) for found in incomplete}
            report.items = [item for item in report.items if id(item) not in left_out]
        rated = sum(1 for item in report.items if item.verdict)
        first = dataclasses.replace(report, items=report.items[:shown])
        return ReportPreview(render_html(first, for_qt=True), len(report.items), rated, incomplete)
