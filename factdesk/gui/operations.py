"""Operations: how the GUI asks the Desk for anything (Anki's aqt/operations).

A view says what it wants in one line, and never waits for it:

    DeskOp(session, lambda desk: desk.set_status(cid, "researching")).success(done).run()
    QueryOp(session, lambda desk: desk.evidence(cid)).success(show).run()
    NetworkOp(session, lambda: fetch_evidence_page(url, fetcher)).success(store).run()

DeskOp runs on the writer thread (the only connection that writes in the app), QueryOp on
the reader thread (a read-only connection), NetworkOp on the network pool. Callbacks run on
the GUI thread. After a DeskOp, the session emits one `desk_changed(changes, origin)`, and
each pane refreshes what it shows of `changes`; no view knows the other views.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, Generic, Self, TypeVar

from PySide6.QtCore import QObject, QTimer, Signal

from factdesk.desk import Changes
from factdesk.model import RatingScale

from .tasks import Task, TaskContext, TaskRunner

T = TypeVar("T")


class DeskSession(QObject):
    """The GUI's handle on one database: the task runner, the change signal, and the
    rating scales the panes draw with (kept current as settings change)."""

    desk_changed = Signal(object, object)  # Changes, origin (the object that asked, or None)
    error = Signal(str)  # a failed operation nobody else handled: the window shows it
    scales_changed = Signal()

    def __init__(self, path: str | Path, parent: QObject | None = None):
        """Open the database (raises the FactdeskError saying what is wrong with the file)."""
        super().__init__(parent)
        self.path = Path(path)
        self.tasks = TaskRunner(self.path, self)
        self.tasks.open()
        self._latest: dict[str, Task] = {}
        self._waiting: dict[str, QTimer] = {}
        self._waiting_calls: dict[str, Callable[[], None]] = {}
        # The scales are needed to draw the first window; read once, before it is shown.
        self.scale, self.scales, self.reviewer = self.tasks.read_now(_what_panes_draw_with)
        self.desk_changed.connect(self._reload_scales_if_changed)

    # --- what the panes draw with ------------------------------------------------------

    def verdict_colours(self) -> dict[str, str]:
        """Colours by verdict label, from every scale (the current scale's win)."""
        colours: dict[str, str] = {}
        for scale in [*self.scales, self.scale]:
            for level in scale.levels:
                colours[level.label] = level.colour
        return colours

    def _reload_scales_if_changed(self, changes: Changes, _origin: object) -> None:
        if changes.scales or changes.settings:
            QueryOp(self, _what_panes_draw_with).success(self._set_scales).run()

    def _set_scales(self, loaded: tuple[RatingScale, list[RatingScale], str | None]) -> None:
        self.scale, self.scales, self.reviewer = loaded
        self.scales_changed.emit()

    # --- plumbing ------------------------------------------------------------------------

    def notify(self, changes: Changes, origin: object = None) -> None:
        if changes != Changes():
            self.desk_changed.emit(changes, origin)

    def report_error(self, message: str) -> None:
        self.error.emit(message)

    def replace_latest(self, key: str, task: Task) -> None:
        """Keep only the newest task under `key`: an older one still queued is dropped (a
        claim's details while the reviewer has already moved on)."""
        older = self._latest.get(key)
        if older is not None:
            older.cancel()
        self._latest[key] = task

    def later(self, key: str, delay_ms: int, start: Callable[[], None]) -> None:
        """Call `start` after `delay_ms`, unless asked again under `key` before (then the
        newest waits anew). The heavy look-ups of a claim go this way: the GUI thread draws
        the claim before the reader thread competes with it for the interpreter, and claims
        the reviewer only passes over (J held down) are never looked up."""
        self._waiting_calls[key] = start
        timer = self._waiting.get(key)
        if timer is None:
            timer = self._waiting[key] = QTimer(self, singleShot=True)
            timer.timeout.connect(lambda: self._waiting_calls.pop(key)())
        timer.start(delay_ms)

    def idle(self) -> bool:
        waiting = any(timer.isActive() for timer in self._waiting.values())
        return not waiting and self.tasks.idle()

    def warm_up(self) -> None:
        """Import what imports, exports and look-ups need on the reader thread, so the
        first of them does not make the GUI thread wait; then let Python's collector skip
        everything loaded so far (its full passes then pause every thread for less)."""

        QueryOp(self, lambda desk: desk.warm_up(), label="Warming up").success(
            lambda _none: gc.freeze()
        ).failure(lambda _message: None).run()

    def close(self) -> None:
        """Let queued edits finish, then close the database."""
        self.tasks.shutdown()


def _what_panes_draw_with(desk: Any) -> tuple[RatingScale, list[RatingScale], str | None]:
    """The current scale, every scale, and the reviewer's name (None until given)."""
    return desk.scale(), desk.scales(), desk.my_name()


class _Op(Generic[T]):
    def __init__(self, session: DeskSession, label: str = "") -> None:
        self._session = session
        self._label = label or type(self).__name__
        self._success: Callable[[T], Any] | None = None
        self._failure: Callable[[str], Any] | None = None
        self._progress: Callable[[int, int, str], Any] | None = None

    def success(self, callback: Callable[[T], Any]) -> Self:
        self._success = callback
        return self

    def failure(self, callback: Callable[[str], Any]) -> Self:
        """Called with the error's one line ("" when cancelled); by default the window
        shows the error."""
        self._failure = callback
        return self

    def with_progress(self, callback: Callable[[int, int, str], Any]) -> Self:
        self._progress = callback
        return self

    def run(self) -> Task:
        raise NotImplementedError

    def _done(self, result: T) -> None:
        if self._success is not None:
            self._success(result)

    def _failed(self, message: str) -> None:
        if self._failure is not None:
            self._failure(message)
        elif message:
            self._session.report_error(message)


def _call(op: Callable, desk: Any, ctx: TaskContext, with_context: bool) -> Any:
    return op(desk, ctx) if with_context else op(desk)


class DeskOp(_Op[T]):
    """A change to the database, on the writer thread, after every change asked before.

    `op(desk)` returns a Changes, or a result with a `.changes` (or give `changes=` to
    say what a plain result changed). With `with_context=True` it is called as
    `op(desk, ctx)` to report progress and see Cancel (and may then be cancelled)."""

    def __init__(
        self,
        session: DeskSession,
        op: Callable[..., T],
        *,
        label: str = "",
        origin: object = None,
        changes: Callable[[T], Changes] | None = None,
        with_context: bool = False,
    ) -> None:
        super().__init__(session, label)
        self._op = op
        self._origin = origin
        self._changes = changes
        self._with_context = with_context

    def run(self) -> Task:
        return self._session.tasks.run_write(
            self._label,
            lambda desk, ctx: _call(self._op, desk, ctx, self._with_context),
            self._done,
            self._failed,
            self._progress,
            cancellable=self._with_context,
        )

    def _done(self, result: T) -> None:
        self._session.notify(self._changes_of(result), self._origin)
        super()._done(result)

    def _changes_of(self, result: Any) -> Changes:
        if self._changes is not None:
            return self._changes(result)
        if isinstance(result, Changes):
            return result
        changes = getattr(result, "changes", None)
        return changes if isinstance(changes, Changes) else Changes()


class QueryOp(_Op[T]):
    """A read, on the reader thread (a read-only connection: it never waits for a write,
    and cannot write). With `latest=key`, an older query under the same key that has not
    run yet is dropped."""

    def __init__(
        self,
        session: DeskSession,
        op: Callable[..., T],
        *,
        label: str = "",
        latest: str | None = None,
        with_context: bool = False,
    ) -> None:
        super().__init__(session, label)
        self._op = op
        self._latest = latest
        self._with_context = with_context

    def run(self) -> Task:
        task = self._session.tasks.run_read(
            self._label,
            lambda desk, ctx: _call(self._op, desk, ctx, self._with_context),
            self._done,
            self._failed,
            self._progress,
        )
        if self._latest:
            self._session.replace_latest(self._latest, task)
        return task


class NetworkOp(_Op[T]):
    """A network step on the pool: `op()` (or `op(ctx)` with_context) never touches the
    database; hand its result to a DeskOp."""

    def __init__(
        self,
        session: DeskSession,
        op: Callable[..., T],
        *,
        label: str = "",
        with_context: bool = False,
    ) -> None:
        super().__init__(session, label)
        self._op = op
        self._with_context = with_context

    def run(self) -> Task:
        def job(ctx: TaskContext) -> T:
            return self._op(ctx) if self._with_context else self._op()

        return self._session.tasks.run_network(
            self._label, job, self._done, self._failed, self._progress
        )


def log_error(message: str) -> None:
    """Every error shown to the user is also one line on stderr (the desktop's log)."""
    print(f"factdesk: {message}", file=sys.stderr, flush=True)
