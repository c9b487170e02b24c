"""Work off the GUI thread: one database writer thread, a small pool for the network.

Like Anki's taskman. The database thread owns its own Desk (SQLite connections are
per-thread); the network pool never touches the database. Results come back to the
GUI thread through queued signals, and the caller's callback runs there.
"""

from __future__ import annotations

import sys
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThread, QThreadPool, Signal, Slot

from factdesk.errors import FactdeskError


class Cancelled(Exception):
    """Raised inside a task when the user pressed Cancel."""


@dataclass
class Task:
    """A handle on submitted work: cancel it, or see its progress."""

    id: int
    label: str
    on_done: Callable[[Any], None] | None = None
    on_error: Callable[[str], None] | None = None
    on_progress: Callable[[int, int, str], None] | None = None
    _cancel: threading.Event = field(default_factory=threading.Event)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()


class TaskContext:
    """What a running task sees: progress reports and the cancel flag."""

    def __init__(self, task: Task, emit_progress: Callable[[int, int, int, str], None]):
        self._task = task
        self._emit = emit_progress

    def progress(self, done: int, total: int, text: str = "") -> None:
        self._emit(self._task.id, done, total, text)

    @property
    def cancelled(self) -> bool:
        return self._task.cancelled

    def check(self) -> None:
        """Stop here (raise Cancelled) if the user cancelled."""
        if self._task.cancelled:
            raise Cancelled


def error_message(error: BaseException) -> str:
    """One plain line for the user; a bug gets its traceback on stderr, not in their face."""
    if isinstance(error, FactdeskError):
        return str(error)
    traceback.print_exception(error, file=sys.stderr)
    return f"Something went wrong ({type(error).__name__}: {error})"


class _Signals(QObject):
    done = Signal(int, object)
    failed = Signal(int, str)
    progress = Signal(int, int, int, str)


class _DatabaseWorker(QObject):
    """Lives in the database thread; runs one job at a time against its own Desk."""

    def __init__(self, db_path: Path, signals: _Signals, tasks: dict[int, Task]):
        super().__init__()
        self._db_path = db_path
        self._signals = signals
        self._tasks = tasks
        self._desk = None

    @Slot(int, object)
    def run_job(self, task_id: int, job: object) -> None:
        task = self._tasks.get(task_id)
        if task is None:
            return
        try:
            if task.cancelled:
                raise Cancelled
            if self._desk is None:
                from factdesk.desk import Desk

                self._desk = Desk(self._db_path)
            result = job(self._desk, TaskContext(task, self._signals.progress.emit))
        except Cancelled:
            self._signals.failed.emit(task_id, "")
        except BaseException as error:
            self._signals.failed.emit(task_id, error_message(error))
        else:
            self._signals.done.emit(task_id, result)

    @Slot()
    def close(self) -> None:
        if self._desk is not None:
            self._desk.close()
            self._desk = None


class _NetworkJob(QRunnable):
    def __init__(self, task: Task, job: Callable, signals: _Signals):
        super().__init__()
        self._task = task
        self._job = job
        self._signals = signals

    def run(self) -> None:
        try:
            if self._task.cancelled:
                raise Cancelled
            result = self._job(TaskContext(self._task, self._signals.progress.emit))
        except Cancelled:
            self._signals.failed.emit(self._task.id, "")
        except BaseException as error:
            self._signals.failed.emit(self._task.id, error_message(error))
        else:
            self._signals.done.emit(self._task.id, result)


class TaskRunner(QObject):
    """Runs database jobs `job(desk, ctx)` on one writer thread and network jobs `job(ctx)`
    on a small pool; callbacks run on the GUI thread. A cancelled task calls neither
    callback (its on_error gets "" so a progress display can close)."""

    started = Signal(object)  # Task
    finished = Signal(object)  # Task
    _submit = Signal(int, object)

    def __init__(self, db_path: Path, parent: QObject | None = None, network_threads: int = 3):
        super().__init__(parent)
        self._tasks: dict[int, Task] = {}
        self._next_id = 1
        self._signals = _Signals()
        self._signals.done.connect(self._on_done)
        self._signals.failed.connect(self._on_failed)
        self._signals.progress.connect(self._on_progress)
        self._thread = QThread()
        self._thread.setObjectName("factdesk-db")
        self._worker = _DatabaseWorker(db_path, self._signals, self._tasks)
        self._worker.moveToThread(self._thread)
        self._submit.connect(self._worker.run_job)
        # The worker's Desk is closed in its own thread as the thread ends.
        self._thread.finished.connect(self._worker.close, Qt.ConnectionType.DirectConnection)
        self._thread.start()
        self._pool = QThreadPool()
        self._pool.setMaxThreadCount(network_threads)

    def _new_task(self, label: str, on_done, on_error, on_progress) -> Task:
        task = Task(self._next_id, label, on_done, on_error, on_progress)
        self._next_id += 1
        self._tasks[task.id] = task
        self.started.emit(task)
        return task

    def run_db(
        self,
        label: str,
        job: Callable[[Any, TaskContext], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[str], None] | None = None,
        on_progress: Callable[[int, int, str], None] | None = None,
    ) -> Task:
        """Run `job(desk, ctx)` on the database thread."""
        task = self._new_task(label, on_done, on_error, on_progress)
        self._submit.emit(task.id, job)
        return task

    def run_network(
        self,
        label: str,
        job: Callable[[TaskContext], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[str], None] | None = None,
        on_progress: Callable[[int, int, str], None] | None = None,
    ) -> Task:
        """Run `job(ctx)` on the network pool (it must not touch the database)."""
        task = self._new_task(label, on_done, on_error, on_progress)
        self._pool.start(_NetworkJob(task, job, self._signals))
        return task

    def active(self) -> list[Task]:
        return list(self._tasks.values())

    def shutdown(self, wait_ms: int = 5000) -> None:
        """Cancel what is queued, close the worker's Desk and stop the threads."""
        for task in self._tasks.values():
            task.cancel()
        self._thread.quit()
        self._thread.wait(wait_ms)
        self._pool.waitForDone(wait_ms)

    @Slot(int, object)
    def _on_done(self, task_id: int, result: object) -> None:
        task = self._tasks.pop(task_id, None)
        if task is None:
            return
        try:
            if task.cancelled:
                if task.on_error:
                    task.on_error("")
            elif task.on_done:
                task.on_done(result)
        finally:
            self.finished.emit(task)

    @Slot(int, str)
    def _on_failed(self, task_id: int, message: str) -> None:
        task = self._tasks.pop(task_id, None)
        if task is None:
            return
        try:
            if task.on_error:
                task.on_error("" if task.cancelled else message)
        finally:
            self.finished.emit(task)

    @Slot(int, int, int, str)
    def _on_progress(self, task_id: int, done: int, total: int, text: str) -> None:
        task = self._tasks.get(task_id)
        if task and task.on_progress and not task.cancelled:
            task.on_progress(done, total, text)
