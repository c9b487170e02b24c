"""Undoable edits: every change a user makes goes through one QUndoStack.

Each command does its work once *before* it is pushed (so a refused edit shows its
error and never lands on the stack); QUndoStack's first redo() is then a no-op.
Later undo/redo calls run small Desk operations (one transaction each, milliseconds),
so they run on the GUI thread's Desk.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand, QUndoStack

from factdesk.desk import Changes, ClaimRecord
from factdesk.errors import FactdeskError
from factdesk.model import Claim, Evidence, StatusChange, Verdict

from .tasks import error_message


class Editor:
    """The undo stack plus what commands need: the Desk and somewhere to say what changed."""

    def __init__(
        self,
        desk,
        notify: Callable[[Changes], None],
        report_error: Callable[[str], None],
        stack: QUndoStack | None = None,
    ):
        self.desk = desk
        self.notify = notify
        self.report_error = report_error
        self.stack = stack or QUndoStack()

    def execute(self, command: DeskCommand) -> bool:
        """Do `command` and put it on the stack; on a refusal show why and change nothing."""
        try:
            command.changes = command.first_do()
        except Exception as error:  # nothing may escape into Qt's event loop
            self.report_error(error_message(error))
            return False
        self.stack.push(command)
        self.notify(command.changes)
        return True


class DeskCommand(QUndoCommand):
    def __init__(self, editor: Editor, text: str):
        super().__init__(text)
        self.editor = editor
        self.desk = editor.desk
        self.changes = Changes()
        self._pushed = False

    def first_do(self) -> Changes:
        raise NotImplementedError

    def do_again(self) -> Changes:
        raise NotImplementedError

    def do_undo(self) -> Changes:
        raise NotImplementedError

    def redo(self) -> None:
        if not self._pushed:  # first_do() already did the work
            self._pushed = True
            return
        self._run(self.do_again)

    def undo(self) -> None:
        self._run(self.do_undo)

    def _run(self, step: Callable[[], Changes]) -> None:
        # Exceptions must not escape into Qt's C++ caller.
        try:
            changes = step()
        except FactdeskError as error:
            self.editor.report_error(f"{self.text()}: {error}")
            return
        except Exception as error:
            self.editor.report_error(f"{self.text()} failed ({type(error).__name__}: {error})")
            return
        self.editor.notify(changes)


def _claim_changes(*claims: Claim) -> Changes:
    return Changes(
        articles=frozenset(c.article_id for c in claims if c.article_id),
        claims=frozenset(c.id for c in claims),
    )


def _record_changes(records: list[ClaimRecord]) -> Changes:
    return _claim_changes(*(r.claim for r in records))


class EditClaim(DeskCommand):
    """Change a claim's own fields (text, speaker, handle, date said, score, type)."""

    def __init__(self, editor: Editor, claim: Claim, **fields: Any):
        names = ", ".join(fields)
        super().__init__(editor, f"Edit claim {names}")
        self.claim_id = claim.id
        self.old = {k: getattr(claim, k) for k in fields}
        self.new = fields
        self.article_id = claim.article_id

    def _apply(self, fields: dict) -> Changes:
        changes = self.desk.update_claim(self.claim_id, **fields)
        return changes | Changes(articles=frozenset({self.article_id}))

    def first_do(self) -> Changes:
        return self._apply(self.new)

    def do_again(self) -> Changes:
        return self._apply(self.new)

    def do_undo(self) -> Changes:
        return self._apply(self.old)


class SetVerdict(DeskCommand):
    def __init__(self, editor: Editor, claim: Claim, rating: str | None, summary: str = ""):
        super().__init__(editor, f"Verdict {rating or summary[:30]!r}")
        self.claim = claim
        self.rating = rating
        self.summary = summary
        self.verdict: Verdict | None = None

    def first_do(self) -> Changes:
        self.verdict = self.desk.set_verdict(self.claim.id, self.rating, summary=self.summary)
        return _claim_changes(self.claim)

    def do_again(self) -> Changes:
        self.desk.restore_verdict(self.verdict)
        return _claim_changes(self.claim)

    def do_undo(self) -> Changes:
        self.desk.remove_verdict(self.verdict.id)
        return _claim_changes(self.claim)


class SetStatus(DeskCommand):
    """A status (and assignee) change; undo takes the entry out of the history again."""

    def __init__(self, editor: Editor, claim: Claim, status: str, assignee: str | None):
        super().__init__(editor, f"Status {status!r}")
        self.claim = claim
        self.status = status
        self.assignee = assignee
        self.change: StatusChange | None = None

    def first_do(self) -> Changes:
        self.change = self.desk.set_status(self.claim.id, self.status, assignee=self.assignee)
        return _claim_changes(self.claim)

    def do_again(self) -> Changes:
        return self.desk.restore_status_change(self.change)

    def do_undo(self) -> Changes:
        return self.desk.remove_status_change(self.change.id)


class AddClaim(DeskCommand):
    """A claim marked by hand in the article text."""

    def __init__(self, editor: Editor, article_id: str, start: int, end: int):
        super().__init__(editor, "Add claim")
        self.article_id, self.start, self.end = article_id, start, end
        self.claim: Claim | None = None
        self.records: list[ClaimRecord] = []

    def first_do(self) -> Changes:
        self.claim = self.desk.add_claim(self.article_id, self.start, self.end)
        return _claim_changes(self.claim)

    def do_again(self) -> Changes:
        return self.desk.restore_claims(self.records) | _claim_changes(self.claim)

    def do_undo(self) -> Changes:
        self.records = self.desk.delete_claims([self.claim.id])
        return _claim_changes(self.claim)


class DeleteClaims(DeskCommand):
    def __init__(self, editor: Editor, claims: list[Claim]):
        super().__init__(editor, f"Delete {len(claims)} claim{'s' if len(claims) != 1 else ''}")
        self.claim_ids = [c.id for c in claims]
        self.records: list[ClaimRecord] = []

    def first_do(self) -> Changes:
        self.records = self.desk.delete_claims(self.claim_ids)
        return _record_changes(self.records)

    def do_again(self) -> Changes:
        return self.first_do()

    def do_undo(self) -> Changes:
        self.desk.restore_claims(self.records)
        return _record_changes(self.records)


class _Replace(DeskCommand):
    """Claims replaced by others (split, merge): undo swaps them back."""

    originals: list[ClaimRecord]
    results: list[Claim]
    result_records: list[ClaimRecord]

    def _changes(self) -> Changes:
        return _record_changes(self.originals) | _claim_changes(*self.results)

    def do_undo(self) -> Changes:
        self.result_records = self.desk.delete_claims([c.id for c in self.results])
        self.desk.restore_claims(self.originals)
        return self._changes()

    def do_again(self) -> Changes:
        self.desk.delete_claims([r.claim.id for r in self.originals])
        self.desk.restore_claims(self.result_records)
        return self._changes()


class SplitClaim(_Replace):
    def __init__(self, editor: Editor, claim: Claim, at: int):
        super().__init__(editor, "Split claim")
        self.claim_id, self.at = claim.id, at

    def first_do(self) -> Changes:
        self.originals, self.results = self.desk.split_claim(self.claim_id, self.at)
        return self._changes()


class MergeClaims(_Replace):
    def __init__(self, editor: Editor, claims: list[Claim]):
        super().__init__(editor, f"Merge {len(claims)} claims")
        self.claim_ids = [c.id for c in claims]

    def first_do(self) -> Changes:
        self.originals, merged = self.desk.merge_claims(self.claim_ids)
        self.results = [merged]
        return self._changes()


class AddEvidence(DeskCommand):
    """Attach a link. The page was fetched beforehand on the network pool; `fetcher`
    hands that result to the Desk, so nothing here waits on the network."""

    def __init__(
        self,
        editor: Editor,
        claim: Claim,
        url: str,
        stance: str = "unclear",
        quote: str | None = None,
        fetcher: Any = None,
    ):
        super().__init__(editor, "Add evidence")
        self.claim = claim
        self.url, self.stance, self.quote, self.fetcher = url, stance, quote, fetcher
        self.evidence: Evidence | None = None
        self.row: dict | None = None

    def first_do(self) -> Changes:
        self.evidence = self.desk.add_evidence(
            self.claim.id,
            self.url,
            stance=self.stance,
            quote=self.quote,
            fetch=self.fetcher is not None,
            fetcher=self.fetcher,
        )
        self.fetcher = None  # the page may be large; the database has it now
        return _claim_changes(self.claim)

    def do_again(self) -> Changes:
        return self.desk.restore_evidence(self.row)

    def do_undo(self) -> Changes:
        self.row = self.desk.remove_evidence(self.evidence.id)
        return _claim_changes(self.claim)


class RemoveEvidence(DeskCommand):
    def __init__(self, editor: Editor, evidence: Evidence):
        super().__init__(editor, "Remove evidence")
        self.evidence = evidence
        self.row: dict | None = None

    def first_do(self) -> Changes:
        self.row = self.desk.remove_evidence(self.evidence.id)
        return Changes(claims=frozenset({self.evidence.claim_id}))

    def do_again(self) -> Changes:
        return self.first_do()

    def do_undo(self) -> Changes:
        return self.desk.restore_evidence(self.row)


class EditEvidence(DeskCommand):
    def __init__(self, editor: Editor, evidence: Evidence, **fields: Any):
        super().__init__(editor, "Edit evidence")
        self.evidence = evidence
        self.old = {k: getattr(evidence, k) for k in fields}
        self.new = fields

    def first_do(self) -> Changes:
        return self.desk.update_evidence(self.evidence.id, **self.new)

    def do_again(self) -> Changes:
        return self.first_do()

    def do_undo(self) -> Changes:
        return self.desk.update_evidence(self.evidence.id, **self.old)
