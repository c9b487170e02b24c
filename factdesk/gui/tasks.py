"""Work off the GUI thread, like Anki's taskman.

- One writer thread owns the only Desk that writes in the app process. Its jobs run one
  at a time, in the order they were submitted (so an undo queued after an edit runs after
  it), each in its own transaction.
- One reader thread owns a read-only Desk (its connection refuses writes): lists, the claim
  panel's details, look-ups and exports read there. WAL lets it read while the writer
  writes, so neither waits behind the other's long work.
- A small pool runs network jobs; they never touch the database.

SQLite connections are per-thread: each Desk is made, used and closed in its own thread.
Results come back to the GUI thread through queued signals, and the caller's callbacks
run there.
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

WRITE, READ, NETWORK = "write", "read", "network"


class Cancelled(Exception):
    """Raised inside a task when the user pressed Cancel."""


@dataclass
class Task:
    """A handle on submitted work: cancel it, or see its progress."""

    id: int
    label: str
    kind: str = WRITE
    on_done: Callable[[Any], None] | None = None
    on_error: Callable[[str], None] | None = None
    on_progress: Callable[[int, int, str], None] | None = None
    # Edits are never cancelled (not by Cancel, not by closing the window); long work is.
    cancellable: bool = True
    _cancel: threading.Event = field(default_factory=threading.Event)

    def cancel(self) -> None:
        if self.cancellable:
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


class _DeskWorker(QObject):
    """Lives in its own thread; runs one job at a time against that thread's Desk."""

    def __init__(self, db_path: Path, read_only: bool, signals: _Signals, tasks: dict[int, Task]):
        super().__init__()
        self._db_path = db_path
        self._read_only = read_only
        self._signals = signals
        self._tasks = tasks
        self._desk: Any = None
        self.open_error: BaseException | None = None
        self.call_result: Any = None

    @Slot()
    def open(self) -> None:
        from factdesk.desk import Desk

        try:
            self._desk = Desk(self._db_path, read_only=self._read_only)
        except BaseException as error:  # handed to the GUI thread, which says it plainly
            self.open_error = error

    @Slot(object)
    def call(self, job: Callable[[Any], Any]) -> None:
        """Run `job(desk)` for a caller that waits (only while the app starts)."""
        try:
            self.call_result = job(self._desk)
        except BaseException as error:
            self.call_result = error

    @Slot(int, object)
    def run_job(self, task_id: int, job: Callable[[Any, TaskContext], Any]) -> None:
        task = self._tasks.get(task_id)
        if task is None:
            return
        try:
            if task.cancelled:
                raise Cancelled
            if self._desk is None:
                raise FactdeskError("the database is closed")
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


class _DeskThread(QObject):
    """A thread with a _DeskWorker in it, and the signals that hand it work."""

    _submit = Signal(int, object)
    _open = Signal()
    _call = Signal(object)
    _close = Signal()

    def __init__(self, name: str, worker: _DeskWorker):
        super().__init__()
        self.qthread = QThread()
        self.qthread.setObjectName(name)
        self.worker = worker
        worker.moveToThread(self.qthread)
        self._submit.connect(worker.run_job)
        blocking = Qt.ConnectionType.BlockingQueuedConnection
        self._open.connect(worker.open, blocking)
        self._call.connect(worker.call, blocking)
        # Queued behind every job already submitted: the jobs finish, then the Desk closes.
        self._close.connect(worker.close, blocking)
        self.qthread.start()

    def submit(self, task_id: int, job: Callable) -> None:
        self._submit.emit(task_id, job)

    def open(self) -> None:
        self._open.emit()
        if self.worker.open_error is not None:
            raise self.worker.open_error

    def call(self, job: Callable[[Any], Any]) -> Any:
        self._call.emit(job)
        result, self.worker.call_result = self.worker.call_result, None
        if isinstance(result, BaseException):
            raise result
        return result

    def stop(self, wait_ms: int) -> None:
        if self.qthread.isRunning():
            self._close.emit()
            self.qthread.quit()
            self.qthread.wait(wait_ms)


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
    """Runs write jobs `job(desk, ctx)` on the writer thread, read jobs `job(desk, ctx)` on
    the reader thread and network jobs `job(ctx)` on a small pool; callbacks run on the GUI
    thread. A cancelled task calls neither callback (its on_error gets "" so a progress
    display can close)."""

    started = Signal(object)  # Task
    finished = Signal(object)  # Task

    def __init__(self, db_path: Path, parent: QObject | None = None, network_threads: int = 3):
        super().__init__(parent)
        self._tasks: dict[int, Task] = {}
        self._next_id = 1
        self._closed = False
        self._signals = _Signals()
        self._signals.done.connect(self._on_done)
        self._signals.failed.connect(self._on_failed)
        self._signals.progress.connect(self._on_progress)
        self._writer = _DeskThread(
            "factdesk-write", _DeskWorker(db_path, False, self._signals, self._tasks)
        )
        self._reader = _DeskThread(
            "factdesk-read", _DeskWorker(db_path, True, self._signals, self._tasks)
        )
        self._pool = QThreadPool()
        self._pool.setMaxThreadCount(network_threads)

    def open(self) -> None:
        """Open the writer's Desk (it creates or upgrades the file), then the reader's.
        Raises the FactdeskError that says what is wrong with the file."""
        try:
            self._writer.open()
            self._reader.open()
        except BaseException:
            self.shutdown()
            raise

    def read_now(self, job: Callable[[Any], Any]) -> Any:
        """Run `job(desk)` on the reader thread and wait for its result: only while the app
        starts, before there is a window to keep responsive."""
        return self._reader.call(job)

    def _new_task(self, label: str, kind: str, on_done, on_error, on_progress, cancellable) -> Task:
        task = Task(self._next_id, label, kind, on_done, on_error, on_progress, cancellable)
        self._next_id += 1
        self._tasks[task.id] = task
        self.started.emit(task)
        return task

    def run_write(
        self,
        label: str,
        job: Callable[[Any, TaskContext], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[str], None] | None = None,
        on_progress: Callable[[int, int, str], None] | None = None,
        *,
        cancellable: bool = False,
    ) -> Task:
        """Run `job(desk, ctx)` on the writer thread, after every write submitted before."""
        task = self._new_task(label, WRITE, on_done, on_error, on_progress, cancellable)
        self._writer.submit(task.id, job)
        return task

    def run_read(
        self,
        label: str,
        job: Callable[[Any, TaskContext], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[str], None] | None = None,
        on_progress: Callable[[int, int, str], None] | None = None,
    ) -> Task:
        """Run `job(desk, ctx)` on the reader thread (its Desk cannot write)."""
        task = self._new_task(label, READ, on_done, on_error, on_progress, True)
        self._reader.submit(task.id, job)
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
        task = self._new_task(label, NETWORK, on_done, on_error, on_progress, True)
        self._pool.start(_NetworkJob(task, job, self._signals))
        return task

    def active(self) -> list[Task]:
        return list(self._tasks.values())

    def idle(self) -> bool:
        return not self._tasks

    def shutdown(self, wait_ms: int = 10_000) -> None:
        """Cancel reads, network and long jobs; let queued edits finish and close the Desks."""
        if self._closed:
            return
        self._closed = True
        for task in self._tasks.values():
            task.cancel()
        self._writer.stop(wait_ms)
        self._reader.stop(wait_ms)
        self._pool.waitForDone(wait_ms)

    @Slot(int, object)
    def _on_done(self, task_id: int, result: object) -> None:
        task = self._tasks.pop(task_id, None)
        if task is None or self._closed:
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
        if task is None or self._closed:
            return
        try:
            if task.on_error:
                task.on_error("" if task.cancelled else message)
        finally:
            self.finished.emit(task)

    @Slot(int, int, int, str)
    def _on_progress(self, task_id: int, done: int, total: int, text: str) -> None:
        task = self._tasks.get(task_id)
        if task and task.on_progress and not task.cancelled and not self._closed:
            task.on_progress(done, total, text)
