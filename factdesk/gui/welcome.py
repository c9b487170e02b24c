"""The first-run page: shown in the reader's place while the database has no articles."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from . import style


class WelcomePage(QWidget):
    loadSampleRequested = Signal()
    openRequested = Signal()
    pasteRequested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("welcome")
        layout = QVBoxLayout(self)
        layout.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.setSpacing(style.MARGIN)
        title = QLabel("Welcome to factdesk")
        title.setObjectName("welcomeTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text = QLabel(
            "Import an article and factdesk finds its check-worthy claims, who made them and"
            " when.<br>Attach evidence, record verdicts, export reports. Everything is kept in"
            " one file on this computer and works offline.<br><br>"
            "Start with the sample article to see it at work, or bring your own:"
            " paste a URL above (Ctrl+L), open a file (Ctrl+O), paste text (Ctrl+Shift+V)"
            " or drop files and links on the window."
        )
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # At most a comfortable line, and narrower in a small window (the reader pane must
        # not hold the window wider than a 1024-pixel screen).
        text.setMinimumWidth(260)
        text.setMaximumWidth(520)
        self.sample_button = QPushButton("Load the sample article")
        self.sample_button.setObjectName("primaryButton")
        self.sample_button.setDefault(True)
        self.sample_button.clicked.connect(self.loadSampleRequested)
        open_button = QPushButton("Open a file…")
        open_button.clicked.connect(self.openRequested)
        paste_button = QPushButton("Paste text as an article")
        paste_button.clicked.connect(self.pasteRequested)
        layout.addWidget(title)
        layout.addWidget(text, 0, Qt.AlignmentFlag.AlignHCenter)
        for button in (self.sample_button, open_button, paste_button):
            button.setMinimumWidth(240)
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignCenter)
