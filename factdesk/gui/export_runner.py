"""The window's side of an export in a child process (factdesk/export_job.py): start it,
show its progress, put the file in place when it is done, end it at once on Cancel.

The GUI thread never waits on the child: a timer looks at the pipe every few milliseconds
and reads only what is already there. The child writes to a hidden name beside the target;
only a finished export is renamed into place, and Cancel kills the child's process group
(the child and any chunk worker of a long PDF) and removes what it had written, so a
cancelled export leaves no file.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import shutil
import signal
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

POLL_MS = 20


class ChildExport(QObject):
    """One export, run by a child process."""

    progressed = Signal(int, int, str)  # done, total (claims), what it does now
    finished = Signal(str)  # the one line saying what was written
    failed = Signal(str)  # why, or "" when cancelled

    def __init__(self, db_path: Path, fmt: str, target: Path, scope: dict[str, Any],
                 parent: QObject | None = None):  # fmt: skip
        super().__init__(parent)
        self.target = Path(target)
        self.unfinished = self.target.with_name(f".{self.target.name}.unfinished")
        self._args = (str(db_path), fmt, str(self.unfinished), dict(scope))
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
        from factdesk.export_job import run_export

        spawn = multiprocessing.get_context("spawn")
        self._work_dir = tempfile.mkdtemp(prefix="factdesk-export-")
        receiving, sending = spawn.Pipe(duplex=False)
        self._process = spawn.Process(
            target=run_export, args=(*self._args, self._work_dir, sending), name="factdesk-export"
        )
        self._process.start()
        sending.close()  # the child holds the only sending end: its end is our EOF
        self._pipe = receiving
        app = QCoreApplication.instance()
        if app is not None:  # quitting the app ends the export too
            app.aboutToQuit.connect(self.cancel)
        self._timer.start()

    def cancel(self) -> None:
        """End the export now: kill the child's process group, remove what it wrote."""
        if self._process is None:
            return
        self._kill()
        self._finish()
        self.failed.emit("")

    def _kill(self) -> None:
        pid = self._process.pid
        # The child and its chunk workers; if it is not yet a group of its own (it had
        # not started), the child alone.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signal.SIGKILL)
        self._process.kill()
        self._process.join(1.0)  # a killed process is reaped at once

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
                f"the export stopped unexpectedly (exit code {self._process.exitcode})",
            )
        if self._outcome is None or self._process.is_alive():
            return  # still working, or saying goodbye: look again in a moment
        kind, message = self._outcome
        if kind == "done":
            try:
                self.unfinished.replace(self.target)
            except OSError as error:
                kind, message = "failed", f"{self.target}: cannot write ({error.strerror})"
        self._finish()
        if kind == "done":
            self.finished.emit(message.replace(str(self.unfinished), str(self.target)))
        else:
            self.failed.emit(message)

    def _finish(self) -> None:
        self._timer.stop()
        self._process.join(1.0)
        self._process.close()
        self._process = None
        self._pipe.close()
        part = self.unfinished.with_name(self.unfinished.name + ".part")
        for leftover in (self.unfinished, part):
            leftover.unlink(missing_ok=True)
        if self._work_dir:
            shutil.rmtree(self._work_dir, ignore_errors=True)
