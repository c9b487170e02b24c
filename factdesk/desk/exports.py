"""Exports and backups: a report, fact-check pages or a bundle written to a file (whole
or not at all), and a copy of the whole database."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from factdesk import store
from factdesk.errors import BadInput
from factdesk.model import ClaimFilter
from factdesk.outputs import Written, atomic_output, is_stdout, output_target, shown_name
from factdesk.store import queries as q

from .core import Core, Part
from .factchecks import PAGE_FORMATS, FactChecks
from .reports import Reports
from .team import Team


class Exports(Part):
    def __init__(self, core: Core, reports: Reports, factchecks: FactChecks, team: Team) -> None:
        super().__init__(core)
        self.reports, self.factchecks, self.team = reports, factchecks, team

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
        self.core.refuse_database_file(path, "write")
        if not is_stdout(path):
            output_target(path)  # a folder or a device is refused before any work
        if fmt in PAGE_FORMATS:
            pages = self.factchecks.factcheck_pages(
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
            counts = self.team.export_bundle(path, article_id=article, progress=rows_done)
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
        data = self.reports.report(article=article, claims=claims, rated_only=rated_only, flt=flt)
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

    def backup(self, path: Path) -> Written:
        """A copy of the whole database at `path`, consistent even while other programs
        (the app, the CLI) write to it. Returns one line saying what was written."""
        path = Path(path)
        self.core.refuse_database_file(path, "write")
        store.backup(self.db, path)
        articles, claims = len(q.list_articles(self.db)), q.count_claims(self.db, ClaimFilter())
        size = None if is_stdout(path) else path.stat().st_size
        what = f"{articles} articles, {claims} claims" + (f", {size / 1e6:.1f} MB" if size else "")
        return Written(
            f"{shown_name(path)}: backup of {self.core.path} ({what})", output=str(path),
            database=str(self.core.path), articles=articles, claims=claims, bytes=size,
        )  # fmt: skip


def _write_whole(path: Path, output: str | bytes) -> None:
    """Write `output` to `path` (`-`: standard output) whole or not at all (outputs.py)."""
    with atomic_output(path) as stream:
        stream.write(output if isinstance(output, bytes) else output.encode("utf-8"))
