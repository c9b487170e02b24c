"""The team hub as the window sees it (issue 13): who I am there and its checkers (known
offline, from the last sync), Sync now and a sync every few minutes while a hub is set (never
two at once), the sync's state for the status bar, and whether a teammate rated the claim
shown since my last sync.

A sync reads and writes the database, so it runs on the writer thread like every edit (a
second connection in this process could cost the database its locks: see files.py); a
quick look at whether the hub answers runs first on the network pool, so an unreachable hub
never holds the writer for the connect timeout. Asking the hub about teammates' verdicts is
network only: the pool, and silent when the hub cannot be reached."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from factdesk.desk import Changes, hub_answers, hub_unreachable, teammates_since_sync
from factdesk.errors import FactdeskError

from .operations import DeskOp, DeskSession, NetworkOp, QueryOp
from .tasks import TaskContext

SYNC_EVERY_MS = 3 * 60 * 1000  # "every few minutes"


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


def _read_team(desk: Any) -> TeamState:
    me, checkers = desk.hub_identity()
    state = desk.hub_state()
    return TeamState(desk.setting("hub-url"), me, checkers, state.pulled_seq if state else 0)


def run_sync(desk: Any, ctx: TaskContext, hub_url: str) -> SyncOutcome:
    """On the writer: one sync, its steps as progress; an unreachable hub is an outcome."""
    try:
        return SyncOutcome(desk.sync(hub_url, progress=lambda step: ctx.progress(0, 0, step)))
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
        self._errors_shown: set[str] = set()  # an error is shown once, then only named
        self.timer = QTimer(self)
        self.timer.setInterval(SYNC_EVERY_MS)
        self.timer.timeout.connect(lambda: self.sync_now(automatic=True))
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

    def load(self) -> None:
        QueryOp(self.session, _read_team, label="Reading the team").success(self._loaded).run()

    def _loaded(self, state: TeamState) -> None:
        before = self.state
        self.state = state
        if state.hub_url and not self.timer.isActive():
            self.timer.start()
        elif not state.hub_url:
            self.timer.stop()
            self.state_changed.emit("", "")
        if (state.hub_url, state.me, state.checkers) != (before.hub_url, before.me,
                                                         before.checkers):  # fmt: skip
            self.changed.emit()

    def _desk_changed(self, changes: Changes, _origin: object) -> None:
        if changes.settings:  # the hub's address may be new
            self.load()

    # --- syncing --------------------------------------------------------------------

    def sync_now(self, automatic: bool = False) -> None:
        """Sync (never two at once); the automatic one says nothing when there is no hub."""
        if not self.state.hub_url:
            if not automatic:
                self.say("No team hub is set: Settings > Team (or `factdesk sync --hub`).", 6000)
            return
        if self.syncing:
            if not automatic:
                self.say("A sync is under way.", 3000)
            return
        self.syncing = True
        hub_url = self.state.hub_url
        self.state_changed.emit("Syncing…", f"Syncing with {hub_url}")
        NetworkOp(self.session, lambda: hub_answers(hub_url), label="Reaching the hub").success(
            lambda problem: self._answered(problem, hub_url)
        ).failure(self._failed).run()

    def _answered(self, problem: str, hub_url: str) -> None:
        if problem:
            self._unreachable(problem)
            return
        DeskOp(self.session, lambda desk, ctx: run_sync(desk, ctx, hub_url), label="Syncing",
               with_context=True,
               changes=_sync_changes).success(self._done).failure(self._failed).with_progress(
            lambda _d, _t, step: self.state_changed.emit("Syncing…", step)
        ).run()  # fmt: skip

    def _done(self, outcome: SyncOutcome) -> None:
        if outcome.unreachable:
            self._unreachable(outcome.unreachable)
            return
        self.syncing = False
        report = outcome.report
        received, sent = sum(report.received.values()), sum(report.sent.values())
        at = dt.datetime.now().strftime("%H:%M")
        self.state_changed.emit(f"Synced {at} · {received} in, {sent} out", report.summary())
        self._errors_shown.clear()
        self.load()  # the checkers, who I am, the hub's change number
        self.synced.emit(report)

    def _unreachable(self, message: str) -> None:
        """Offline is normal: said in the status bar, quietly, and tried again later."""
        self.syncing = False
        self.state_changed.emit("Hub unreachable", message)

    def _failed(self, message: str) -> None:
        self.syncing = False
        if not message:  # cancelled
            self.state_changed.emit("Sync cancelled", "")
            return
        self.state_changed.emit("Sync failed", message)
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
        NetworkOp(self.session, lambda: teammates_since_sync(hub_url, claim_id, after),
                  label="Asking the hub").success(
            lambda found: show(claim_id, [v.notice() for v in found])
        ).failure(lambda _message: None).run()  # fmt: skip


def _sync_changes(outcome: SyncOutcome) -> Changes:
    # What a sync brought is not listed claim by claim: the panes read again (Team.synced);
    # scales and settings may have come too.
    if outcome.report is None:
        return Changes()
    return Changes(scales=True, settings=True, prior_checks=True)
