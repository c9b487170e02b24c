"""Reviewing: what the reviewer's keys and the claim panel ask for, turned into undoable
commands and network-then-store operations. Every action acts on the claim the panel
shows (or the claims selected in the table)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QSettings, Slot

from factdesk.desk import (
    Changes,
    EvidencePage,
    fetch_evidence_link,
    find_snapshot,
    search_prior_checks,
)
from factdesk.model import STATUSES, Evidence, Verdict

from . import undo
from .articles_pane import ArticlesPane
from .claim_panel import ClaimPanel
from .claims_pane import ClaimsPane
from .dialogs import ADVANCE_SETTING, DEFAULT_AFTER_VERDICT, STATUS_AFTER_VERDICT_SETTING
from .operations import DeskOp, DeskSession, NetworkOp, QueryOp
from .reader_pane import ReaderPane
from .reviewer import Reviewer
from .verdict_box import ask_to_record_as_well, differs, someone_elses

SELECT_FIRST = "Select a claim first (J/K to move)."
# What every deletion says: the way back (the undo survives no restart; the trash does).
MOVED_TO_TRASH = "moved to the trash: Ctrl+Z or Trash (Ctrl+Shift+T) to restore."
LISTING = "Listing the claims… (the key acted on nothing: press it again once they show)"
EMPTY_LIST = (
    "No claim is listed, so keys rate nothing (Ctrl+Shift+R clears the search and filters)."
)
# The one rule for moving on (a setting): after 1-9, X and R, stay on the claim (the default:
# a summary or evidence often follows) or go to the next claim (like Anki's answer keys).


def advances(settings: QSettings) -> bool:
    return str(settings.value(ADVANCE_SETTING, "false")).lower() == "true"


class Review(QObject):
    def __init__(
        self,
        session: DeskSession,
        editor: undo.Editor,
        panel: ClaimPanel,
        claims: ClaimsPane,
        reader: ReaderPane,
        say: Callable[[str, int], None],
        settings: QSettings,
        articles: ArticlesPane,
    ):
        super().__init__(panel)
        self.session, self.editor = session, editor
        self.panel, self.claims, self.reader = panel, claims, reader
        # What the review is about (the claim shown, its verdict, the summary drafts): a
        # plain object, which the panel shows.
        self.state = panel.state
        self.articles = articles
        self.say = say
        self.settings = settings
        panel.editRequested.connect(self.edit_claim)
        panel.verdict_box.levelPicked.connect(self.pick_level)
        self._asked: tuple[str, int] | None = None  # the claim and visit asked about
        self.question: Any = None  # the question asked now (a QMessageBox), if any
        panel.summaryEdited.connect(self.amend_summary)
        panel.statusRequested.connect(self.set_status)
        panel.evidenceRequested.connect(self.add_evidence)
        panel.removeEvidenceRequested.connect(
            lambda evidence: self.editor.execute(
                undo.RemoveEvidence(editor, evidence),
                lambda _c: self.say(f"Evidence {MOVED_TO_TRASH}", 8000),
            )
        )
        panel.editEvidenceRequested.connect(
            lambda evidence, fields: self.editor.execute(
                undo.EditEvidence(editor, evidence, **fields)
            )
        )
        panel.archiveRequested.connect(self.archive)
        panel.lookupRequested.connect(self.lookup_prior_checks)
        # Who is reviewing is known before review starts (reviewer.py): no verdict without.
        self.reviewer = Reviewer(session, panel.window(), say, claims.focus_table)

    def status_after_verdict(self) -> str | None:
        """The status a verdict moves its claim on to (a setting; None: unchanged)."""
        chosen = str(self.settings.value(STATUS_AFTER_VERDICT_SETTING, DEFAULT_AFTER_VERDICT))
        return chosen if chosen in STATUSES else None

    def _claim_id(self) -> str | None:
        if self.claims.model.listing_new_filter():
            # A search or filter just changed and its list is not in yet: the claim shown
            # may not be in it, so a key typed ahead must not rate it.
            self.say(LISTING, 4000)
            return None
        if self.state.claim is None:
            empty = self.claims.model.rowCount() == 0 and not self.claims.model.busy()
            self.say(EMPTY_LIST if empty else SELECT_FIRST, 6000)
            return None
        return self.state.claim.id

    # --- verdicts, fields, status ------------------------------------------------------------

    def set_verdict_level(self, number: int) -> None:
        """1-9: the verdict at that level of the current scale, for the claim shown."""
        scale = self.session.scale
        if self._claim_id() is None:
            return
        if not 1 <= number <= len(scale.levels):
            top = f"1–{len(scale.levels)}" if scale.levels else "none (write a conclusion)"
            self.say(f"{scale.name} has no level {number}: its levels are {top}.", 5000)
            return
        # Moves on once it is recorded (not when a question about a teammate's verdict is
        # answered No).
        self.pick_level(scale.levels[number - 1].label, then=self._move_on_if_set)

    @Slot(object)
    def pick_level(self, label: str | None, then: Callable[[], None] | None = None) -> None:
        """Record a verdict at `label` (None: a conclusion) with the summary in the panel's
        field, then call `then`. Beside a teammate's different current verdict, ask first
        (once a visit): No records nothing and keeps the summary as a draft. A claim whose
        verdict is still being read has it read first (the level pressed is never dropped,
        J or no J)."""
        claim = self.state.claim
        if claim is None or not self.reviewer.known():
            return
        claim_id, summary, visit = claim.id, self.panel.summary_typed(), self.state.visit
        if self.state.verdict is None and claim.verdict:
            QueryOp(self.session, lambda desk: desk.current_verdict(claim_id),
                    label="Reading the verdict").success(
                lambda current: self._decide(claim_id, label, summary, visit, current, then)
            ).run()  # fmt: skip
            return
        self._decide(claim_id, label, summary, visit, self.state.verdict, then)

    def _decide(self, claim_id: str, label: str | None, summary: str, visit: int,
                current: Verdict | None, then: Callable[[], None] | None) -> None:  # fmt: skip
        teammates = someone_elses(current, self.session.reviewer)
        if (current is not None and teammates and differs(current, label)
                and self._asked != (claim_id, visit)):  # fmt: skip

            def answered(yes: bool) -> None:
                self.question = None
                if yes:
                    self._asked = (claim_id, visit)
                    self._record_level(claim_id, label, summary, visit, then)

            self.question = ask_to_record_as_well(self.panel.window(), current, label, answered)
            return
        self._record_level(claim_id, label, summary, visit, then)

    def _record_level(self, claim_id: str, label: str | None, summary: str, visit: int,
                      then: Callable[[], None] | None) -> None:  # fmt: skip
        still_shown = self.panel.verdict_recorded(claim_id, summary, visit)
        self.record_verdict(claim_id, label, summary)
        if still_shown and then is not None:
            then()

    def _move_on_if_set(self) -> None:
        if advances(self.settings):
            self.claims.move_claim(1)

    def record_verdict(self, claim_id: str, rating: str | None, summary: str) -> None:
        visit = self.state.visit

        # The name known now, not when the writer gets to it (pick_level checked it).
        reviewer = self.session.reviewer
        self.editor.execute(
            undo.SetVerdict(self.editor, claim_id, rating, summary, visit, reviewer,
                            self.status_after_verdict()),
            lambda _command: self.say(f"Verdict: {rating or summary}", 3000),
        )  # fmt: skip

    @Slot(str, str)
    def amend_summary(self, claim_id: str, summary: str) -> None:
        command = undo.AmendSummary(self.editor, claim_id, summary, self.panel, self.state.visit,
                                    self.session.reviewer)  # fmt: skip
        self.editor.execute(command)

    @Slot(str, dict)
    def edit_claim(self, claim_id: str, fields: dict) -> None:
        self.editor.execute(undo.EditClaim(self.editor, claim_id, self.panel, **fields))

    @Slot(str, str, str)
    def set_status(self, claim_id: str, status: str, assignee: str | None) -> None:
        self.editor.execute(undo.SetStatus(self.editor, [claim_id], status, assignee))

    def triage(self, status: str) -> None:
        """X / R: set the selected claims aside or take them on (assigned to the reviewer),
        one undo step; with one claim, go on to the next if the setting says so."""
        selected = self.claims.selected_claims()
        shown = self._claim_id()
        if len(selected) > 1:
            ids = [c.id for c in selected]
        elif shown is not None:
            ids = [shown]
        else:
            return

        if not self.reviewer.known():
            return
        command = undo.SetStatus(self.editor, ids, status, take_on=status == "researching")
        self.editor.execute(command)
        self.say(f"{_claims(len(ids))}: {status}. Ctrl+Z undoes.", 4000)
        if len(ids) == 1:
            self._move_on_if_set()

    # --- claims: add, split, merge, delete -------------------------------------------------

    def add_claim_from_selection(self) -> None:
        span = self.reader.reader.selected_span()
        article = self.reader.article
        if article is None or span is None:
            self.session.report_error("Select some text of the article in the reader first.")
            return
        command = undo.AddClaim(self.editor, article.id, *span)
        self.editor.execute(command, lambda _c: self._select_added(command))

    def _select_added(self, command: undo.AddClaim) -> None:
        if command.claim is not None:
            self.claims.select_claim(command.claim.id)

    def split_claim(self) -> None:
        claim, reader = self.state.claim, self.reader.reader
        cursor = reader.textCursor()
        at = reader.article_offset(cursor.selectionStart() if cursor.hasSelection()
                                   else cursor.position())  # fmt: skip
        if claim is None or at is None or not claim.start < at < claim.end:
            self.session.report_error(
                "Click inside the current claim in the reader where it should split."
            )
            return
        command = undo.SplitClaim(self.editor, claim.id, at)
        self.editor.execute(command, lambda _c: self.claims.select_claim(command.results[0].id))

    def merge_claims(self) -> None:
        claims = self.claims.selected_claims()
        if len(claims) < 2:
            self.session.report_error(
                "Select two or more claims of one article in the table to merge."
            )
            return
        command = undo.MergeClaims(self.editor, [c.id for c in claims])
        self.editor.execute(command, lambda _c: self.claims.select_claim(command.results[0].id))

    def delete_claims(self) -> None:
        selected = self.claims.selected_claims()
        ids = [c.id for c in selected] or ([self.state.claim.id] if self.state.claim else [])
        if not ids:
            return
        self.editor.execute(
            undo.DeleteClaims(self.editor, ids),
            lambda _c: self.say(f"{_claims(len(ids))} {MOVED_TO_TRASH}", 8000),
        )

    # --- articles ---------------------------------------------------------------------------

    def delete_current_article(self) -> None:
        article = self.reader.article
        chosen = self.articles.current_article_id() or (article.id if article else None)
        if chosen is None:
            self.say("Choose an article in the list first.", 4000)
            return
        self.delete_article(chosen)

    @Slot(str)
    def delete_article(self, article_id: str) -> None:
        """Move an article with its claims and their work to the trash: no question
        asked, Ctrl+Z (or Edit > Trash) brings it all back, also after a restart."""
        command = undo.DeleteArticle(self.editor, article_id)
        self.editor.execute(
            command,
            lambda _c: self.say(
                f"{command.title[:50]!r} with its {command.claim_count} claims {MOVED_TO_TRASH}",
                8000,
            ),
        )

    # --- network, then store ---------------------------------------------------------------

    @Slot(str, str, str, str)
    def add_evidence(
        self, claim_id: str, url: str, stance: str = "unclear", quote: str = ""
    ) -> None:
        """Fetch the page on the network pool, then attach it (undoably) on the writer. A
        link that is not a web address is refused there, in plain words."""
        self.say(f"Fetching {url} …", 0)
        # Undo pressed meanwhile waits for this edit (it is asked for now, done later).
        release = self.editor.hold()

        def fetch(fetcher) -> None:
            NetworkOp(self.session, lambda: _fetch_evidence(fetcher, url),
                      label=f"Fetching {url}").success(attach).failure(failed).run()  # fmt: skip

        def attach(fetched: tuple[str, EvidencePage]) -> None:
            checked, page = fetched
            command = undo.AddEvidence(self.editor, claim_id, checked, stance, quote or None, page)
            self.editor.execute(command, lambda _c: self._evidence_added(command.evidence))
            release()

        def failed(message: str) -> None:
            release()
            if message:
                self.session.report_error(message)

        QueryOp(self.session, lambda desk: desk.fetcher(), label="Network settings").success(
            fetch
        ).failure(failed).run()

    def _evidence_added(self, evidence: Evidence | None) -> None:
        if evidence is None:
            return
        if evidence.fetch_error:
            self.say(
                f"Saved the link without an offline copy: {evidence.fetch_error}"
                + offline_hint(evidence.fetch_error),
                8000,
            )
        else:
            self.say(f"Evidence added: {evidence.title or evidence.url}", 4000)

    @Slot(object)
    def archive(self, evidence: Evidence) -> None:
        """Find the page in the Wayback Machine; if it has no copy and the archive keys are
        set, capture it (Save Page Now). The archived link is an undoable edit."""

        def find(client, ctx) -> object:
            return find_snapshot(client, evidence.url, save=None, cancelled=lambda: ctx.cancelled)

        def done(snapshot) -> None:
            if snapshot is None:
                self.say(
                    "The Wayback Machine has no copy yet. Set the archive keys in Settings "
                    "to capture one.",
                    8000,
                )
                return
            command = undo.EditEvidence(self.editor, evidence, archived_url=snapshot.archived_url)
            self.editor.execute(
                command, lambda _c: self.say(f"Archived: {snapshot.archived_url}", 6000)
            )

        QueryOp(self.session, lambda desk: desk.wayback_client()).success(
            lambda client: NetworkOp(self.session, lambda ctx: find(client, ctx),
                                     label=f"Archiving {evidence.url}", with_context=True)
            .success(done).run()
        ).run()  # fmt: skip

    @Slot(str)
    def lookup_prior_checks(self, claim_id: str | None = None) -> None:
        """Search published fact-checks: the search on the network pool, the results kept
        on the writer (readable offline)."""
        claim_id = claim_id or self._claim_id()
        if claim_id is None:
            return

        def save(checks) -> None:
            DeskOp(
                self.session,
                lambda desk: desk.save_prior_checks(claim_id, checks),
                label="Saving fact-checks",
                changes=lambda _added: Changes(claims=frozenset({claim_id})),
            ).success(
                lambda _added: self.say(f"{len(checks)} published fact-checks found.", 5000)
            ).run()

        QueryOp(self.session, lambda desk: (desk.claim(claim_id).text, desk.factcheck_client()),
                label="Look-up").success(
            lambda found: NetworkOp(self.session,
                                    lambda: search_prior_checks(found[1], found[0]),
                                    label="Looking up fact-checks").success(save).run()
        ).run()  # fmt: skip


def _fetch_evidence(fetcher, url: str) -> tuple[str, EvidencePage]:
    """The network step of adding evidence: the link checked, its page fetched."""
    with fetcher:
        return fetch_evidence_link(url, fetcher)


def offline_hint(error: str) -> str:
    words = error.lower()
    if any(w in words for w in ("resolve", "connect", "network", "unreachable", "timed out")):
        return " (are you offline? the link is kept; refetch it later)"
    return ""


def _claims(count: int) -> str:
    return "1 claim" if count == 1 else f"{count:,} claims"
