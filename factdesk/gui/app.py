"""Starting the desktop app."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

from factdesk import __version__


def run(db_path: str | Path | None = None, self_test: bool = False) -> int:
    from factdesk.desk import Desk

    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("factdesk")
    app.setApplicationVersion(__version__)
    desk = Desk(db_path)
    window = QMainWindow()
    window.setWindowTitle(f"factdesk — {desk.path.name}")
    window.setCentralWidget(QLabel(f"{len(desk.articles())} articles in {desk.path}"))
    window.resize(1000, 700)
    window.show()
    if self_test:
        return 0
    return app.exec()
