"""Watched sources polled while the app runs: every few minutes, `factdesk watch run` in a
process of its own (as cron would run it), so a slow feed never holds the window or the
database thread; the articles it brings in then show in the panes."""

from __future__ import annotations

import json
import sys

from PySide6.QtCore import QObject, QProcess, QTimer

from factdesk.desk import Changes

from .operations import DeskSession, QueryOp

FIRST_POLL_MS = 30_000  # after start-up: a poll missed while the app was closed
POLL_EVERY_MS = 5 * 60_000  # the poll itself skips sources that are not due


def watch_command(db_path: str) -> tuple[str, list[str]]:
    """The program and arguments that poll the due sources of `db_path` once."""
    args = ["--db", db_path, "watch", "run", "--quiet", "--format", "json"]
    if getattr(sys, "frozen", False):  # the PyInstaller build: the program is factdesk
        return sys.executable, args
    return sys.executable, ["-m", "factdesk", *args]


class SourceWatcher(QObject):
    """Runs one poll at a time on a timer; tells the session what it imported."""

    def __init__(self, session: DeskSession, say, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session, self.say = session, say
        self.process: QProcess | None = None
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.poll)
        QTimer.singleShot(FIRST_POLL_MS, self.start)

    def start(self) -> None:
        self.poll()
        self.timer.start(POLL_EVERY_MS)

    def poll(self) -> None:
        """Poll the due sources, if there are any (asked on the reader thread first)."""
        QueryOp(self.session, lambda desk: bool(desk.watched_sources()), label="").success(
            lambda watching: self._launch() if watching else None
        ).failure(lambda _message: None).run()

    def _launch(self) -> None:
        if self.process is not None:
            return  # the last poll is still running
        program, args = watch_command(str(self.session.path))
        self.process = QProcess(self)
        self.process.finished.connect(self._finished)
        self.process.start(program, args)

    def _finished(self, exit_code: int, _status) -> None:
        process, self.process = self.process, None
        if process is None:
            return
        output = bytes(process.readAllStandardOutput().data()).decode("utf-8", "replace")
        process.deleteLater()
        try:
            report = json.loads(output) if exit_code == 0 else None
        except json.JSONDecodeError:
            report = None
        if not report or not report.get("imported"):
            return
        imported = report["imported"]
        self.session.notify(Changes(articles=frozenset(imported)), self)
        count = len(imported)
        self.say(f"Watched sources: {count} new article{'s' if count != 1 else ''}", 8000)

    def stop(self) -> None:
        self.timer.stop()
        if self.process is not None:
            self.process.kill()
            self.process.waitForFinished(2000)
