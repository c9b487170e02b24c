"""The window's side of work in a child process (factdesk/export_job.py): an export or a
bundle's merge. Start it, show its progress, put an export's file in place when it is
done, end it at once on Cancel.

The GUI thread never waits on the child: a timer looks at the pipe every few milliseconds
and reads only what is already there. The child writes to a hidden name beside the target;
only a finished export is renamed into place, and Cancel kills the child's process group
(the child and any chunk worker of a long PDF) and removes what it had written, so a
cancelled export leaves no file. What a killed child leaves is cleared off the GUI thread:
the kernel takes tens of milliseconds to tear down a process holding a few hundred MB (a
61 ms freeze of the window was measured at Cancel when the window waited for it).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import shutil
import signal
import tempfile
import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

POLL_MS = 20
CHILD_NICENESS = 10  # (export_job.py keeps it so)


class ChildJob(QObject):
    """Work run by a child process (an entry point of factdesk/export_job.py, called with
    `args`, then its work folder and the pipe's sending end)."""

    progressed = Signal(int, int, str)  # done, total (0: not known), what it does now
    finished = Signal(str)  # the one line saying what was done
    failed = Signal(str)  # why, or "" when cancelled
    what = "work"  # its name in a line saying it stopped

    def __init__(self, target: Any, args: tuple, name: str, parent: QObject | None = None):
        super().__init__(parent)
        self._target, self._args, self._name = target, args, name
        self._process: Any = None
        self._pipe: Any = None
        self._work_dir: str | None = None
        self._outcome: tuple[str, str] | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)

    @property
    def running(self) -> bool:
        return self._process is not None

    def start(self) -> None:
        spawn = multiprocessing.get_context("spawn")
        self._work_dir = tempfile.mkdtemp(prefix=f"{self._name}-")
        receiving, sending = spawn.Pipe(duplex=False)
        self._process = spawn.Process(
            target=self._target, args=(*self._args, self._work_dir, sending), name=self._name
        )
        self._process.start()
        # Below the window's priority from its first instant: the child's own start-up
        # (a Python loading factdesk) competed with the window on a busy machine.
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, self._process.pid, CHILD_NICENESS)
        sending.close()  # the child holds the only sending end: its end is our EOF
        self._pipe = receiving
        app = QCoreApplication.instance()
        if app is not None:  # quitting the app ends the job too
            app.aboutToQuit.connect(self._end_before_quitting)
        self._timer.start()

    def cancel(self) -> None:
        """End the job now: kill the child's process group; the process is reaped and what
        it wrote removed by a thread of its own, so the window never waits for either."""
        if self._process is None:
            return
        self._kill()
        self._finish(wait=False)
        self.failed.emit("")

    def _end_before_quitting(self) -> None:
        """The app quits: end the job and clear up before the process ends."""
        if self._process is not None:
            self._kill()
            self._finish(wait=True)

    def _kill(self) -> None:
        pid = self._process.pid
        # The child and its chunk workers; if it is not yet a group of its own (it had
        # not started), the child alone.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signal.SIGKILL)
        self._process.kill()

    def _poll(self) -> None:
        try:
            while self._outcome is None and self._pipe.poll():
                message = self._pipe.recv()
                if message[0] == "progress":
                    self.progressed.emit(*message[1:])
                else:
                    self._outcome = (message[0], message[1])
        except (EOFError, OSError):  # the child ended without a word: it died
            self._outcome = self._outcome or (
                "failed",
                f"the {self.what} stopped unexpectedly (exit code {self._process.exitcode})",
            )
        if self._outcome is None or self._process.is_alive():
            return  # still working, or saying goodbye: look again in a moment
        kind, message = self._outcome
        if kind == "done":
            kind, message = self._completed(message)
        self._finish()
        if kind == "done":
            self.finished.emit(message)
        else:
            self.failed.emit(message)

    def _completed(self, message: str) -> tuple[str, str]:
        """What the window does with the child's work once it is done: ("done" or
        "failed", the line to show)."""
        return "done", message

    def _leftovers(self) -> list[Path]:
        """Files an unfinished job may leave behind (beyond its work folder)."""
        return []

    def _finish(self, *, wait: bool = True) -> None:
        """Stop watching the child; reap it and remove its leftovers now (`wait`: it has
        ended, or the app quits) or on a thread of their own (it was just killed)."""
        self._timer.stop()
        process, self._process = self._process, None
        self._pipe.close()
        leftovers, work_dir = self._leftovers(), self._work_dir
        if wait:
            _reap(process, leftovers, work_dir)
        else:
            threading.Thread(target=_reap, args=(process, leftovers, work_dir),
                             name="factdesk-reap", daemon=True).start()  # fmt: skip


class ChildExport(ChildJob):
    """One export, run by a child process; only a finished file is put in place."""

    what = "export"

    def __init__(self, db_path: Path, fmt: str, target: Path, scope: dict[str, Any],
                 parent: QObject | None = None):  # fmt: skip
        from factdesk.export_job import run_export

        self.target = Path(target)
        self.unfinished = self.target.with_name(f".{self.target.name}.unfinished")
        args = (str(db_path), fmt, str(self.unfinished), dict(scope))
        super().__init__(run_export, args, "factdesk-export", parent)

    def _completed(self, message: str) -> tuple[str, str]:
        try:
            self.unfinished.replace(self.target)
        except OSError as error:
            return "failed", f"{self.target}: cannot write ({error.strerror})"
        return "done", message.replace(str(self.unfinished), str(self.target))

    def _leftovers(self) -> list[Path]:
        return [self.unfinished, self.unfinished.with_name(self.unfinished.name + ".part")]


class ChildBundleImport(ChildJob):
    """A bundle merged into the database by a child process (checked whole, then merged in
    committed batches of whole articles: Cancel keeps the batches already merged)."""

    what = "merge"

    def __init__(self, db_path: Path, bundle: Path, parent: QObject | None = None):
        from factdesk.export_job import run_bundle_import

        self.bundle = Path(bundle)
        super().__init__(run_bundle_import, (str(db_path), str(bundle)), "factdesk-bundle", parent)


def _reap(process: Any, leftovers: list[Path], work_dir: str | None) -> None:
    """Wait for an ended (or killed) child to be gone, then remove what it left: only after
    it is gone, so that nothing it was writing appears again."""
    process.join(10.0)
    with contextlib.suppress(ValueError):  # (still running after 10 s: left to the system)
        process.close()
    for leftover in leftovers:
        leftover.unlink(missing_ok=True)
    if work_dir:
        shutil.rmtree(work_dir, ignore_errors=True)
