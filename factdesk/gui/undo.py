"""Undoable edits: every change a user makes goes through one QUndoStack, and every step
of every command runs on the database writer thread through the operations layer.

A command does its work once (`first_do`) before it is pushed, so a refused edit shows its
error and never lands on the stack; QUndoStack's first redo() is then a no-op. Its steps
take the writer's Desk and keep what undo needs (the verdict written, the rows deleted) on
the command; they all run on the one writer thread, in order, so an undo always finds what
its do left. Undo and redo wait until the edits already asked for are done (a barrier on
the same queue), so Ctrl+Z right after a key press undoes that key press.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from factdesk.desk import Changes, ClaimRecord, Desk, EvidencePage, TrashItem
from factdesk.model import Claim, Evidence, StatusChange, Verdict

from .operations import DeskOp, DeskSession
from .verdict_box import someone_elses

T = TypeVar("T")


class Editor(QObject):
    """The undo stack plus the session its commands run through."""

    pending_changed = Signal()  # an edit was asked for, or is done (Undo may become possible)
    told = Signal(str)  # what an undo or redo did, in words (for the status bar)

    def __init__(self, session: DeskSession, parent: QObject | None = None):
        super().__init__(parent)
        self.session = session
        self.stack = QUndoStack(self)
        # Edits, undos and redos asked for and not done yet: Undo and Redo stay possible
        # meanwhile (Redo right after Undo redoes it, once the undo is done).
        self.pending = 0
        # Edits asked for that reach the writer only after a network step (evidence being
        # fetched), and the undos and redos waiting for them.
        self._held = 0
        self._waiting: list[Callable[[], None]] = []

    def hold(self) -> Callable[[], None]:
        """Say an edit is coming that is not queued yet (its page is being fetched): Undo
        and Redo wait for it, so Ctrl+Z right after Enter undoes that edit. Returns the
        call to make once it is queued (execute() called) or dropped."""
        self._held += 1
        self.pending += 1
        self.pending_changed.emit()
        released = False

        def release() -> None:
            nonlocal released
            if released:
                return
            released = True
            self._held -= 1
            self._settled()
            if self._held == 0:
                waiting, self._waiting = self._waiting, []
                for step in waiting:
                    self._queue_barrier(step)

        return release

    def execute(
        self,
        command: DeskCommand,
        on_done: Callable[[DeskCommand], Any] | None = None,
        on_error: Callable[[str], Any] | None = None,
    ) -> None:
        """Do `command` on the writer thread; once done put it on the stack (a command
        whose first_do returns None changed nothing and is not kept)."""

        def done(changes: Changes | None) -> None:
            self._settled()
            if changes is None:
                return
            command.changes = changes
            self.stack.push(command)
            if on_done is not None:
                on_done(command)

        def failed(message: str) -> None:
            self._settled()
            (on_error or self.session.report_error)(message)

        self.pending += 1
        self.pending_changed.emit()
        op = DeskOp(self.session, command.first_do, label=command.text(), origin=command.origin)
        op.success(done).failure(failed).run()

    def _settled(self) -> None:
        self.pending -= 1
        self.pending_changed.emit()

    def can_undo(self) -> bool:
        return self.stack.canUndo() or self.pending > 0

    def undo(self) -> None:
        self._after_queued_edits(lambda: self._step(undo=True))

    def redo(self) -> None:
        self._after_queued_edits(lambda: self._step(undo=False))

    def _step(self, undo: bool) -> None:
        """Undo or redo the next step and say which (nothing to do is said too)."""
        stack = self.stack
        if undo and stack.canUndo():
            text = stack.undoText()
            stack.undo()
            self.told.emit(f"Undone: {text}. Ctrl+Shift+Z redoes it.")
        elif not undo and stack.canRedo():
            text = stack.redoText()
            stack.redo()
            self.told.emit(f"Redone: {text}.")
        else:
            self.told.emit("Nothing to undo." if undo else "Nothing to redo.")

    def _after_queued_edits(self, step: Callable[[], None]) -> None:
        self.pending += 1
        self.pending_changed.emit()
        if self._held:
            self._waiting.append(step)
        else:
            self._queue_barrier(step)

    def _queue_barrier(self, step: Callable[[], None]) -> None:
        # An empty job on the writer queue: its callback comes after those of every edit
        # asked for before, so the stack holds them all when `step` runs.
        def run(_none: None) -> None:
            step()
            self._settled()

        DeskOp(self.session, lambda _desk: None, label="Undo/redo").success(run).failure(
            lambda _message: self._settled()
        ).run()

    def run_step(self, command: DeskCommand, step: Callable[[Desk], Changes]) -> None:
        DeskOp(
            self.session,
            step,
            label=command.text(),
            origin=command.origin,
            changes=lambda changes: changes,
        ).failure(lambda message: self.session.report_error(f"{command.text()}: {message}")).run()


class DeskCommand(QUndoCommand):
    """An undoable edit. Subclasses define first_do, do_again and do_undo, each taking the
    writer thread's Desk and returning the Changes."""

    def __init__(self, editor: Editor, text: str, origin: object = None):
        super().__init__(text)
        self.editor = editor
        self.origin = origin
        self.changes: Changes = Changes()
        self._pushed = False

    def first_do(self, desk: Desk) -> Changes | None:
        raise NotImplementedError

    def do_again(self, desk: Desk) -> Changes:
        raise NotImplementedError

    def do_undo(self, desk: Desk) -> Changes:
        raise NotImplementedError

    def redo(self) -> None:
        if not self._pushed:  # first_do() already did the work
            self._pushed = True
            return
        self.editor.run_step(self, self.do_again)

    def undo(self) -> None:
        self.editor.run_step(self, self.do_undo)


def _kept(value: T | None) -> T:
    """What first_do kept for undo and redo (they only ever run after it)."""
    assert value is not None
    return value


def _claim_changes(*claims: Claim) -> Changes:
    return Changes(
        articles=frozenset(c.article_id for c in claims if c.article_id),
        claims=frozenset(c.id for c in claims),
    )


def _record_changes(records: list[ClaimRecord]) -> Changes:
    return _claim_changes(*(r.claim for r in records))


class EditClaim(DeskCommand):
    """Change a claim's own fields (text, speaker, handle, date said, score, type)."""

    def __init__(self, editor: Editor, claim_id: str, origin: object = None, **fields: Any):
        super().__init__(editor, f"Edit claim {', '.join(fields)}", origin)
        self.claim_id = claim_id
        self.new = fields
        self.old: dict[str, Any] = {}

    def _apply(self, desk: Desk, fields: dict) -> Changes:
        return desk.update_claim(self.claim_id, **fields)

    def first_do(self, desk: Desk) -> Changes | None:
        claim = desk.claim(self.claim_id)
        self.old = {k: getattr(claim, k) for k in self.new}
        if self.old == self.new:
            return None
        return self._apply(desk, self.new)

    def do_again(self, desk: Desk) -> Changes:
        return self._apply(desk, self.new)

    def do_undo(self, desk: Desk) -> Changes:
        return self._apply(desk, self.old)


# Commands with the same id may merge: a summary written just after its level was picked
# (the claim still shown, `visit` the same) joins that verdict's undo step.
VERDICT_COMMAND_ID = 1


class SetVerdict(DeskCommand):
    """A verdict, recorded with the reviewer's name; it moves the claim's status on to
    `status_after` (if the claim is at an earlier step), in the same undo step."""

    def __init__(
        self,
        editor: Editor,
        claim_id: str,
        rating: str | None,
        summary: str = "",
        visit: object = None,
        reviewer: str | None = None,
        status_after: str | None = None,
    ):
        super().__init__(editor, f"Verdict {rating or summary[:30]!r}")
        self.claim_id, self.rating, self.summary = claim_id, rating, summary
        self.visit = visit
        self.reviewer, self.status_after = reviewer, status_after
        self.verdict: Verdict | None = None
        self.status_change: StatusChange | None = None

    def first_do(self, desk: Desk) -> Changes:
        changes = desk.set_verdict(
            self.claim_id, self.rating, summary=self.summary, reviewer=self.reviewer
        )
        self.verdict = changes.made
        return changes | self._move_status_on(desk)

    def _move_status_on(self, desk: Desk) -> Changes:
        if not self.status_after:
            return Changes()
        moved = desk.move_status_on(self.claim_id, self.status_after, by=self.reviewer)
        self.status_change = moved.row
        return moved

    def do_again(self, desk: Desk) -> Changes:
        changes = desk.restore_verdict(_kept(self.verdict))
        if self.status_change is not None:
            changes |= desk.restore_status_change(self.status_change)
        return changes

    def do_undo(self, desk: Desk) -> Changes:
        if self.status_change is not None:
            desk.remove_status_change(self.status_change.id)
        return desk.remove_verdict(_kept(self.verdict).id)

    def id(self) -> int:
        return VERDICT_COMMAND_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, AmendSummary) or self.verdict is None:
            return False
        if other.verdict_id != self.verdict.id or self.visit is None or other.visit != self.visit:
            return False
        self.verdict.summary = other.new  # redo puts the verdict back with its summary
        return True


class AmendSummary(DeskCommand):
    """A summary written after the level: it amends the claim's current verdict entry
    when that is mine. With no verdict yet, or a teammate's (never amended: issue 18),
    there is nothing to amend (first_do returns None): the summary waits in the panel for
    the level."""

    def __init__(
        self,
        editor: Editor,
        claim_id: str,
        summary: str,
        origin: object = None,
        visit: object = None,
        me: str | None = None,
    ):
        super().__init__(editor, "Verdict summary", origin)
        self.claim_id, self.new, self.visit = claim_id, summary.strip(), visit
        self.me = me  # the name my verdicts are recorded with
        self.verdict_id: str | None = None
        self.old = ""

    def first_do(self, desk: Desk) -> Changes | None:
        current = desk.current_verdict(self.claim_id)
        if current is None or current.summary == self.new:
            return None
        if someone_elses(current, self.me):
            return None
        self.verdict_id, self.old = current.id, current.summary
        return desk.amend_verdict_summary(current.id, self.new)

    def do_again(self, desk: Desk) -> Changes:
        return desk.amend_verdict_summary(_kept(self.verdict_id), self.new)

    def do_undo(self, desk: Desk) -> Changes:
        return desk.amend_verdict_summary(_kept(self.verdict_id), self.old)

    def id(self) -> int:
        return VERDICT_COMMAND_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if isinstance(other, AmendSummary) and other.verdict_id == self.verdict_id:
            self.new = other.new
            return True
        return False


class SetStatus(DeskCommand):
    """A status change for one or more claims, one undo step. assignee None keeps each
    claim's assignee; `take_on` assigns them to the reviewer (from the settings)."""

    def __init__(
        self,
        editor: Editor,
        claim_ids: list[str],
        status: str,
        assignee: str | None = None,
        *,
        take_on: bool = False,
        origin: object = None,
    ):
        count = f"{len(claim_ids)} claims: " if len(claim_ids) > 1 else ""
        super().__init__(editor, f"{count}status {status!r}", origin)
        self.claim_ids, self.status, self.assignee = claim_ids, status, assignee
        self.take_on = take_on
        self.done: list[StatusChange] = []

    def first_do(self, desk: Desk) -> Changes:
        # Taken on by me: on a team, my login on the hub (what assignees are there).
        me = (desk.hub_identity()[0] or desk.setting("reviewer")) if self.take_on else None
        changes: Changes = Changes()
        self.done = []
        for cid in self.claim_ids:
            made = desk.set_status(cid, self.status, assignee=me or self.assignee)
            self.done.append(made.made)
            changes |= made
        return changes

    def do_again(self, desk: Desk) -> Changes:
        changes: Changes = Changes()
        for change in self.done:
            changes |= desk.restore_status_change(change)
        return changes

    def do_undo(self, desk: Desk) -> Changes:
        changes: Changes = Changes()
        for change in reversed(self.done):
            changes |= desk.remove_status_change(change.id)
        return changes


class AddClaim(DeskCommand):
    """A claim marked by hand in the article text."""

    def __init__(self, editor: Editor, article_id: str, start: int, end: int):
        super().__init__(editor, "Add claim")
        self.article_id, self.start, self.end = article_id, start, end
        self.claim: Claim | None = None
        self.records: list[ClaimRecord] = []

    def first_do(self, desk: Desk) -> Changes:
        changes = desk.add_claim(self.article_id, self.start, self.end)
        self.claim = changes.made
        return changes

    def do_again(self, desk: Desk) -> Changes:
        return desk.restore_claims(self.records) | _claim_changes(_kept(self.claim))

    def do_undo(self, desk: Desk) -> Changes:
        changes = desk.delete_claims([_kept(self.claim).id])
        self.records = changes.made
        return changes


class _ToTrash(DeskCommand):
    """A deletion: it moves things to the trash (kept there with all their work, see
    Desk.trash_article); undo takes that trash entry back out, putting back what a merge
    has not brought back meanwhile."""

    item: TrashItem | None = None

    def do_undo(self, desk: Desk) -> Changes:
        item = _kept(self.item)
        return desk.restore_from_trash(item.id) | item.changes


class DeleteClaims(_ToTrash):
    def __init__(self, editor: Editor, claim_ids: list[str]):
        n = len(claim_ids)
        super().__init__(editor, f"Delete {n} claim{'s' if n != 1 else ''}")
        self.claim_ids = claim_ids

    def first_do(self, desk: Desk) -> Changes:
        self.item = desk.trash_claims(self.claim_ids).made
        # The claims go by these ids now (a merge may have renamed one meanwhile).
        self.claim_ids = sorted(self.item.changes.claims)
        return self.item.changes

    def do_again(self, desk: Desk) -> Changes:
        return self.first_do(desk)


class DeleteArticle(_ToTrash):
    """An article with its claims and their work, to the trash."""

    def __init__(self, editor: Editor, article_id: str):
        super().__init__(editor, "Delete article")
        self.article_id = article_id
        self.title = ""
        self.claim_count = 0

    def first_do(self, desk: Desk) -> Changes:
        article = desk.article(self.article_id, with_raw=False)
        self.title = article.title or article.source
        self.setText(f"Delete article {self.title[:40]!r}")
        return self.do_again(desk)

    def do_again(self, desk: Desk) -> Changes:
        self.item = desk.trash_article(self.article_id).made
        self.claim_count = len(self.item.changes.claims)
        return self.item.changes


class _Replace(DeskCommand):
    """Claims replaced by others (split, merge): undo swaps them back."""

    originals: list[ClaimRecord]
    results: list[Claim]
    result_records: list[ClaimRecord]

    def _changes(self) -> Changes:
        return _record_changes(self.originals) | _claim_changes(*self.results)

    def do_undo(self, desk: Desk) -> Changes:
        self.result_records = desk.delete_claims([c.id for c in self.results]).made
        desk.restore_claims(self.originals)
        return self._changes()

    def do_again(self, desk: Desk) -> Changes:
        desk.delete_claims([r.claim.id for r in self.originals])
        desk.restore_claims(self.result_records)
        return self._changes()


class SplitClaim(_Replace):
    def __init__(self, editor: Editor, claim_id: str, at: int):
        super().__init__(editor, "Split claim")
        self.claim_id, self.at = claim_id, at

    def first_do(self, desk: Desk) -> Changes:
        changes = desk.split_claim(self.claim_id, self.at)
        self.originals, self.results = changes.made
        return changes


class MergeClaims(_Replace):
    def __init__(self, editor: Editor, claim_ids: list[str]):
        super().__init__(editor, f"Merge {len(claim_ids)} claims")
        self.claim_ids = claim_ids

    def first_do(self, desk: Desk) -> Changes:
        changes = desk.merge_claims(self.claim_ids)
        self.originals, merged = changes.made
        self.results = [merged]
        return changes


class AddEvidence(DeskCommand):
    """Attach a link. Its page was fetched beforehand on the network pool (`page`), so
    nothing here waits on the network."""

    def __init__(
        self,
        editor: Editor,
        claim_id: str,
        url: str,
        stance: str = "unclear",
        quote: str | None = None,
        page: EvidencePage | None = None,
    ):
        super().__init__(editor, "Add evidence")
        self.claim_id = claim_id
        self.url, self.stance, self.quote, self.page = url, stance, quote, page
        self.evidence: Evidence | None = None
        self.row: dict | None = None

    def first_do(self, desk: Desk) -> Changes:
        changes = desk.add_evidence(
            self.claim_id,
            self.url,
            stance=self.stance,
            quote=self.quote,
            fetch=self.page is not None,
            page=self.page,
        )
        self.evidence = changes.made
        self.page = None  # the page may be large; the database has it now
        return changes

    def do_again(self, desk: Desk) -> Changes:
        return desk.restore_evidence(_kept(self.row))

    def do_undo(self, desk: Desk) -> Changes:
        changes = desk.remove_evidence(_kept(self.evidence).id)
        self.row = changes.made
        return changes


class RemoveEvidence(_ToTrash):
    def __init__(self, editor: Editor, evidence: Evidence):
        super().__init__(editor, "Remove evidence")
        self.evidence = evidence

    def first_do(self, desk: Desk) -> Changes:
        self.item = desk.trash_evidence(self.evidence.id).made
        return self.item.changes | Changes(claims=frozenset({self.evidence.claim_id}))

    def do_again(self, desk: Desk) -> Changes:
        return self.first_do(desk)


class EditEvidence(DeskCommand):
    def __init__(self, editor: Editor, evidence: Evidence, **fields: Any):
        super().__init__(editor, "Edit evidence")
        self.evidence_id = evidence.id
        self.new = fields
        self.old: dict[str, Any] = {}

    def first_do(self, desk: Desk) -> Changes:
        stored = desk.evidence_item(self.evidence_id)
        self.old = {k: getattr(stored, k) for k in self.new}
        return desk.update_evidence(self.evidence_id, **self.new)

    def do_again(self, desk: Desk) -> Changes:
        return desk.update_evidence(self.evidence_id, **self.new)

    def do_undo(self, desk: Desk) -> Changes:
        return desk.update_evidence(self.evidence_id, **self.old)
