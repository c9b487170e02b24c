"""The team hub as the window sees it (issue 13): who I am there and its checkers (known
offline, from the last sync), Sync now and a sync every few minutes while a hub is set (never
two at once), the sync's state for the status bar, and whether a teammate rated the claim
shown since my last sync.

A sync reads and writes the database, so it runs on the writer thread like every edit (a
second connection in this process could cost the database its locks: see files.py); a
quick look at whether the hub answers runs first on the network pool, so an unreachable hub
never holds the writer for the connect timeout. Asking the hub about teammates' verdicts is
network only: the pool, and silent when the hub cannot be reached.

The status bar says how things stand in words a checker can act on: when the last good sync
was and how many changes wait to be sent ("Offline since 14:55 · 4 changes to send"). Errors
say what to do in the app (app_words), never at a terminal. Joining a team (Settings > Team)
runs the first sync in a dialog with its steps and Cancel."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from factdesk.desk import Changes, hub_answers, hub_unreachable, teammates_since_sync
from factdesk.errors import FactdeskError

from .operations import DeskOp, DeskSession, NetworkOp, QueryOp
from .tasks import Task, TaskContext

SYNC_EVERY_MS = 3 * 60 * 1000  # "every few minutes"
COUNT_AFTER_EDITS_MS = 1500  # the changes to send are counted again once edits pause
NO_HUB = (
    "No team hub is set: give the address your hub's administrator sent you in"
    " Settings > Team (Ctrl+,)."
)

# The hub's messages name the `factdesk` command a terminal user would run; in the app, the
# place to do it instead (or the person to ask).
_IN_THE_APP = (
    (r"\(?check the one stored with `factdesk secrets set hub-password`\)?",
     "(type it again in Settings > Team)"),
    (r"store it with `factdesk secrets set hub-password`", "type it in Settings > Team"),
    (r"`factdesk secrets set hub-password`", "Settings > Team"),
    (r"set it once with `factdesk settings hub-url[^`]*`", "set it in Settings > Team"),
    (r"`factdesk settings hub-url[^`]*`", "Settings > Team"),
    (r"\(?ask the hub's administrator for `factdesk hub add-checker[^`]*`\)?",
     "(ask the hub's administrator to add you as a checker)"),
    (r"\(?its administrator runs `factdesk hub add-checker[^`]*`\)?",
     "(ask the hub's administrator to add you as a checker)"),
    (r"its administrator runs (`factdesk hub init[^`]*`)",
     r"ask the hub's administrator to run \1"),
    (r"\(run (`factdesk hub init[^`]*`)\)", r"(ask the hub's administrator to run \1)"),
    (r"`factdesk sync[^`]*`", "Sync now (F5)"),
    # Without a keyring the app keeps the password for the session (Settings > Team says so).
    (r" \(No OS keyring is available.*\)$", ""),
)  # fmt: skip


def app_words(message: str) -> str:
    """A hub message as the app says it: what to do in the app, not at a terminal."""
    for pattern, replacement in _IN_THE_APP:
        message = re.sub(pattern, replacement, message)
    return message


def changes_count(count: int) -> str:
    return "1 change" if count == 1 else f"{count:,} changes"


def clock(at_iso: str | None, today: dt.date | None = None) -> str:
    """A stored UTC time as the local clock reads it: 14:55 today, 26 Nov 14:55 before."""
    if not at_iso:
        return ""
    try:
        at = dt.datetime.fromisoformat(at_iso).astimezone()
    except ValueError:
        return ""
    if at.date() == (today or dt.date.today()):
        return at.strftime("%H:%M")
    return f"{at.day} {at.strftime('%b')} {at.strftime('%H:%M')}"


def sync_words(condition: str, synced_at: str | None, to_send: int) -> str:
    """The status bar's words: how the last sync went, when the last good one was, and
    the changes waiting to be sent (with their unit)."""
    when = clock(synced_at)
    waiting = f"{changes_count(to_send)} to send" if to_send else "nothing to send"
    if condition == "syncing":
        return "Syncing…"
    if condition == "synced":
        return " · ".join((f"Synced {when}".strip(), waiting if to_send else "all sent"))
    if condition == "offline":
        since = f"Offline since {when}" if when else "Offline, never synced"
        return f"{since} · {waiting}"
    if condition in ("failed", "cancelled"):
        return f"Sync {condition} · {waiting}"
    # Not tried yet since the app started.
    last = f"Last synced {when}" if when else "Not synced yet"
    return f"{last} · {waiting}"


@dataclass
class SyncOutcome:
    """What a sync did: its report, or why the hub could not be reached (said quietly)."""

    report: Any = None
    unreachable: str = ""


@dataclass
class TeamState:
    hub_url: str | None = None
    me: str | None = None  # my login on the hub (None: never synced)
    checkers: list[str] = field(default_factory=list)
    pulled_seq: int = 0
    synced_at: str | None = None  # the last good sync (UTC, ISO)
    to_send: int = 0  # changes made here the hub does not have yet


def _read_team(desk: Any) -> TeamState:
    me, checkers = desk.hub_identity()
    state = desk.hub_state()
    hub_url = desk.setting("hub-url")
    return TeamState(hub_url, me, checkers, state.pulled_seq if state else 0,
                     state.synced_at if state else None,
                     desk.changes_to_send() if hub_url else 0)  # fmt: skip


def run_sync(desk: Any, ctx: TaskContext, hub_url: str) -> SyncOutcome:
    """On the writer: one sync, its steps as progress (Cancel stops it at the next step: a
    sync cut off anywhere leaves both sides consistent, hub/sync.py); an unreachable hub is
    an outcome."""

    def step(text: str) -> None:
        ctx.check()
        ctx.progress(0, 0, text)

    try:
        return SyncOutcome(desk.sync(hub_url, progress=step))
    except FactdeskError as error:
        if hub_unreachable(error):
            return SyncOutcome(unreachable=str(error))
        raise


class Team(QObject):
    changed = Signal()  # who I am, the checkers or the hub changed
    state_changed = Signal(str, str)  # the status bar's words, and their tooltip
    synced = Signal(object)  # the SyncReport: panes read again what it brought

    def __init__(
        self,
        session: DeskSession,
        say: Callable[[str, int], None],
        show_error: Callable[[str], None],
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.session, self.say, self.show_error = session, say, show_error
        self.state = TeamState()
        self.syncing = False
        self.condition = ""  # how the last sync went: synced, offline, failed, cancelled
        self.detail = ""  # the status bar's tooltip: what it did, or why it could not
        self._errors_shown: set[str] = set()  # an error is shown once, then only named
        self._task: Task | None = None  # the sync's current step, for Cancel
        self.join_dialog: QProgressDialog | None = None  # the first sync's progress
        self.timer = QTimer(self)
        self.timer.setInterval(SYNC_EVERY_MS)
        self.timer.timeout.connect(lambda: self.sync_now(automatic=True))
        self._count_timer = QTimer(self, singleShot=True)
        self._count_timer.setInterval(COUNT_AFTER_EDITS_MS)
        self._count_timer.timeout.connect(self.load)
        session.desk_changed.connect(self._desk_changed)
        self.load()

    # --- what is known offline ------------------------------------------------------

    @property
    def me(self) -> str | None:
        return self.state.me

    @property
    def checkers(self) -> list[str]:
        return self.state.checkers

    def on_team(self) -> bool:
        return bool(self.state.hub_url)

    def load(self, then: Callable[[], None] | None = None) -> None:
        """Read what is known of the team (offline), then show it and call `then`."""

        def loaded(state: TeamState) -> None:
            self._loaded(state)
            if then is not None:
                then()

        QueryOp(self.session, _read_team, label="Reading the team").success(loaded).run()

    def _loaded(self, state: TeamState) -> None:
        before = self.state
        self.state = state
        if state.hub_url and not self.timer.isActive():
            self.timer.start()
        elif not state.hub_url:
            self.timer.stop()
            self.condition = ""
        self._show()
        if (state.hub_url, state.me, state.checkers) != (before.hub_url, before.me,
                                                         before.checkers):  # fmt: skip
            self.changed.emit()

    def _show(self) -> None:
        if not self.state.hub_url:
            self.state_changed.emit("", "")
            return
        condition = "syncing" if self.syncing else self.condition
        words = sync_words(condition, self.state.synced_at, self.state.to_send)
        self.state_changed.emit(words, self.detail or f"Team hub: {self.state.hub_url}")

    def _desk_changed(self, changes: Changes, _origin: object) -> None:
        if changes.settings:  # the hub's address may be new
            self.load()
        elif self.state.hub_url and not self.syncing:  # an edit: one more change to send
            self._count_timer.start()

    # --- syncing --------------------------------------------------------------------

    def sync_now(self, automatic: bool = False) -> None:
        """Sync (never two at once); the automatic one says nothing when there is no hub."""
        if not self.state.hub_url:
            if not automatic:
                self.say(NO_HUB, 8000)
            return
        if self.syncing:
            if not automatic:
                self.say("A sync is under way.", 3000)
            return
        self.syncing = True
        hub_url = self.state.hub_url
        self.detail = f"Syncing with {hub_url}"
        self._show()
        self._task = NetworkOp(self.session, lambda: hub_answers(hub_url),
                               label="Reaching the hub").success(
            lambda problem: self._answered(problem, hub_url)
        ).failure(self._failed).run()  # fmt: skip

    def join(self, hub_url: str, parent: QWidget) -> None:
        """The first sync with a hub just set in Settings > Team: its steps in a dialog,
        with Cancel (what was received so far is kept; the next sync goes on)."""
        self.state.hub_url = hub_url
        dialog = QProgressDialog("Reaching the hub…", "Cancel", 0, 0, parent)
        dialog.setObjectName("joiningTeam")
        dialog.setWindowTitle("Joining the team")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumWidth(480)
        dialog.canceled.connect(self.cancel)
        self.join_dialog = dialog
        if self.syncing:  # an automatic sync is under way: the dialog follows it
            dialog.show()
            return
        self.sync_now()
        dialog.show()

    def cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()

    def _answered(self, problem: str, hub_url: str) -> None:
        if problem:
            self._unreachable(problem)
            return
        self._task = DeskOp(self.session, lambda desk, ctx: run_sync(desk, ctx, hub_url),
                            label="Syncing", with_context=True,
                            changes=_sync_changes).success(self._done).failure(
            self._failed).with_progress(lambda _d, _t, step: self._step(step)).run()  # fmt: skip

    def _step(self, step: str) -> None:
        self.detail = step
        self._show()
        if self.join_dialog is not None:  # one line: a long hub address loses its middle
            text = step[:1].upper() + step[1:] + "…"
            width = self.join_dialog.width() - 40
            metrics = self.join_dialog.fontMetrics()
            self.join_dialog.setLabelText(
                metrics.elidedText(text, Qt.TextElideMode.ElideMiddle, width)
            )

    def _finished(self, condition: str, detail: str, then: Callable[[], None] | None = None):
        """A sync is over: the status bar says how (once the changes left are counted)."""
        self.syncing, self._task = False, None
        self.condition, self.detail = condition, detail
        if self.join_dialog is not None:
            self.join_dialog.close()
            self.join_dialog.deleteLater()
            self.join_dialog = None
        self._show()
        self.load(then)  # the checkers, who I am, the hub's change number, what is left

    def _done(self, outcome: SyncOutcome) -> None:
        if outcome.unreachable:
            self._unreachable(outcome.unreachable)
            return
        report = outcome.report
        received, sent = sum(report.received.values()), sum(report.sent.values())
        self._errors_shown.clear()
        self.state.synced_at = dt.datetime.now(dt.UTC).isoformat()  # until it is read again
        if self.join_dialog is not None:
            self.say(f"Joined the team: {changes_count(received)} received, {sent:,} sent.", 8000)
        # Said when the panes can read what it brought, with the hub's change number known
        # (a teammate's verdict it brought is no longer news).
        self._finished("synced", f"{report.summary()} ({changes_count(received)} received, "
                       f"{sent:,} sent)", lambda: self.synced.emit(report))  # fmt: skip

    def _unreachable(self, message: str) -> None:
        """Offline is normal: said in the status bar, quietly, and tried again later."""
        if self.join_dialog is not None:  # but a first sync was asked for: say why not
            self.show_error(app_words(message) + " factdesk tries again every few minutes.")
        self._finished("offline", app_words(message))

    def _failed(self, message: str) -> None:
        if not message:  # cancelled
            self._finished("cancelled", "Cancelled; the next sync goes on from there.")
            return
        message = app_words(message)
        self._finished("failed", message)
        if message not in self._errors_shown:  # shown once; the status bar keeps naming it
            self._errors_shown.add(message)
            self.show_error(message)

    # --- teammates' verdicts ----------------------------------------------------------

    def teammate_notices(self, claim_id: str, show: Callable[[str, list[str]], None]) -> None:
        """Ask the hub (pool) whether teammates rated `claim_id` since my last sync; `show`
        gets the claim id and the notices (none when offline)."""
        state = self.state
        if not state.hub_url or state.me is None:
            return
        hub_url, after = state.hub_url, state.pulled_seq

        def found(verdicts: list) -> None:
            if self.state.pulled_seq != after:  # a sync came in between: asked again after it
                return
            show(claim_id, [v.notice() for v in verdicts])

        NetworkOp(self.session, lambda: teammates_since_sync(hub_url, claim_id, after),
                  label="Asking the hub").success(found).failure(
            lambda _message: None).run()  # fmt: skip


def _sync_changes(outcome: SyncOutcome) -> Changes:
    # What a sync brought is not listed claim by claim: the panes read again (Team.synced);
    # scales and settings may have come too.
    if outcome.report is None:
        return Changes()
    return Changes(scales=True, settings=True, prior_checks=True)
