"""Drafts of the claim panel: what is being typed (the claim's wording, the verdict's
summary, an evidence link and its quote) is kept in the database's drafts table half a
second after the last key (and every two seconds while typing goes on without a pause),
so a crash or a power cut loses at most that much typing. When the claim is shown again
(after a restart, or coming back to it), each draft goes back into its field with a
visible "Restored draft" mark; it is saved as usual from there (Enter, leaving the field,
a level picked, Add).

Why the database and not the session file: a draft belongs to a claim of one database (the
session file is shared by every database opened on this computer), the writer thread
already orders it after the edits asked for before it, and a commit there is atomic. Each
draft write is synced to the disk (synchronous=FULL for that commit). A draft is never a
verdict or an edit: no pane, report, bundle or sync reads the drafts table."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from factdesk.desk import Changes

from .operations import DeskOp, DeskSession
from .widgets import debounce

KEEP_AFTER_MS = 500  # the pause in typing after which the draft is written
KEEP_AT_LEAST_EVERY_MS = 2000  # and while typing goes on without a pause, this often
FIELD_WORDS = {"text": "the claim's wording", "summary": "the summary",
               "evidence_url": "the evidence link", "evidence_quote": "the quote"}  # fmt: skip


class DraftKeeper(QObject):
    """Watches the panel's text fields for one claim at a time.

    `fields` maps a draft field to (read the widget's text, put text in the widget,
    the stored value it is compared with). A field's draft is its text when that
    differs from the stored value (and is not empty); otherwise there is none."""

    restored = Signal(list)  # the fields whose draft came back (empty: the mark goes)

    def __init__(
        self,
        session: DeskSession,
        fields: dict[str, tuple[Callable[[], str], Callable[[str], None], Callable[[], str]]],
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self._session = session
        self._fields = fields
        self.claim_id: str | None = None
        self._armed = False  # the claim's stored drafts have arrived: typing is compared
        self._written: dict[str, str] = {}  # the drafts stored for the claim, by field
        self._saved: dict[str, str] = {}  # values saved since the claim was shown
        self._recent: dict[str, dict[str, str]] = {}  # drafts written this run, by claim
        self._restored: list[str] = []
        self.timer = debounce(self, KEEP_AFTER_MS, self.flush)
        self._deadline = debounce(self, KEEP_AT_LEAST_EVERY_MS, self.flush)

    def typed(self) -> None:
        """A field changed: keep the draft once the typing pauses (or, typing on, within
        KEEP_AT_LEAST_EVERY_MS of the first key not kept)."""
        if self._armed:
            self.timer.start()
            if not self._deadline.isActive():
                self._deadline.start()

    def begin(self, claim_id: str | None) -> None:
        """Another claim is shown: what was typed for the last one is kept first."""
        self.flush()
        self.claim_id = claim_id
        self._armed = False
        self._written, self._saved = {}, {}
        if self._restored:
            self._restored = []
            self.restored.emit([])

    def arrive(self, claim_id: str, stored: dict[str, str]) -> None:
        """The claim's drafts as read with its details: each draft that differs from
        what its field shows goes back into it (once per showing of the claim)."""
        if claim_id != self.claim_id or self._armed:
            return
        # What this run wrote last is newer than what the reader may have read.
        drafts = self._recent.get(claim_id, stored)
        self._written = dict(drafts)
        self._armed = True
        back = []
        for field, text in drafts.items():
            if field not in self._fields:
                continue
            read, put, _stored = self._fields[field]
            if text and text != self._stored(field) and read() != text:
                put(text)
                back.append(field)
        if back:
            self._restored = back
            self.restored.emit(back)
        self.timer.start()  # anything typed before the drafts arrived

    def renamed(self, old: str, new: str) -> None:
        """A merge gave the claim another id (its stored drafts moved with it)."""
        if old in self._recent:
            self._recent[new] = self._recent.pop(old)
        if self.claim_id == old:
            self.claim_id = new

    def saved(self, field: str, value: str) -> None:
        """A field's text was saved (an edit, a verdict's summary): no draft is left."""
        self._saved[field] = value
        self.timer.start()

    def _stored(self, field: str) -> str:
        return self._saved[field] if field in self._saved else self._fields[field][2]()

    def flush(self) -> None:
        """Write the drafts that changed since the last write (on the writer thread, after
        the edits asked for before)."""
        self.timer.stop()
        self._deadline.stop()
        if not self._armed or self.claim_id is None:
            return
        changed: dict[str, str | None] = {}
        for field, (read, _put, _stored) in self._fields.items():
            text = read()
            draft = text if text.strip() and text.strip() != self._stored(field).strip() else None
            if draft != self._written.get(field):
                changed[field] = draft
        if not changed:
            return
        claim_id = self.claim_id
        for field, draft in changed.items():
            if draft is None:
                self._written.pop(field, None)
            else:
                self._written[field] = draft
        self._recent[claim_id] = dict(self._written)
        if self._restored and not any(f in self._written for f in self._restored):
            self._restored = []
            self.restored.emit([])
        DeskOp(self._session, lambda desk: desk.save_drafts(claim_id, changed),
               label="Keeping the draft", changes=lambda _none: Changes()).run()  # fmt: skip


def restored_words(fields: list[str]) -> str:
    """The mark over the panel: which fields hold a restored draft."""
    names = [FIELD_WORDS.get(f, f) for f in fields]
    said = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f"Restored draft: {said} (typed earlier, not saved yet: Enter saves it)."
