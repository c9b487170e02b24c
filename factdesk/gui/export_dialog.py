"""File > Export…: choose what and how, with a preview of the HTML report. The report is
read and drawn on the reader thread, and written there too: a big export never stalls the
window. A target that is factdesk's own database is refused (see files.py)."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
)

from . import files
from .operations import QueryOp
from .tasks import Task
from .widgets import ChoiceBox, TextView, warn

if TYPE_CHECKING:
    from .main_window import MainWindow

EXPORT_FORMATS = (
    ("html", "HTML report (.html)", ".html"),
    ("pdf", "PDF report (.pdf)", ".pdf"),
    ("md", "Markdown (.md)", ".md"),
    ("csv", "CSV spreadsheet (.csv)", ".csv"),
    ("json", "JSON, complete (.json)", ".json"),
    ("claimreview", "ClaimReview JSON-LD (.jsonld)", ".jsonld"),
    ("bundle", "Bundle for another factdesk (.bundle)", ".bundle"),
)
PREVIEW_CLAIMS = 60  # the preview shows the report's start; the export has everything


def preview(desk, scope: dict) -> tuple[str, int, int]:
    """The HTML of the report's first claims, how many claims it has, how many rated."""
    from factdesk.report import render_html

    report = desk.report(**scope)
    rated = sum(1 for item in report.items if item.verdict)
    shown = dataclasses.replace(report, items=report.items[:PREVIEW_CLAIMS])
    return render_html(shown, for_qt=True), len(report.items), rated


class ExportDialog(QDialog):
    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window_ = window
        self.session = window.session
        self.export_task: Task | None = None
        self.setWindowTitle("Export")
        self.resize(980, 720)
        self.what = ChoiceBox()
        article = window.reader.article
        selected = window.claims.selected_claims()
        if article is not None:
            self.what.addItem(f"This article ({_short(article.title or article.source)})",
                              ("article", article.id))  # fmt: skip
        if len(selected) > 1:
            self.what.addItem(f"The {len(selected)} selected claims",
                              ("claims", [c.id for c in selected]))  # fmt: skip
        self.what.addItem("Everything", ("all", None))
        self.format = ChoiceBox()
        for key, label, _suffix in EXPORT_FORMATS:
            self.format.addItem(label, key)
        self.rated_only = QCheckBox("Only claims with a verdict (what is ready to publish)")
        self.rated_only.setChecked(True)
        self.preview = TextView()
        self.preview.setOpenLinks(False)
        self.note = QLabel()
        self.note.setObjectName("quietNote")
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton("Export…", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("Export", self.what)
        form.addRow("As", self.format)
        form.addRow("", self.rated_only)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("Preview of the report:"))
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.note)
        layout.addWidget(buttons)
        self.what.currentIndexChanged.connect(self.update_preview)
        self.rated_only.toggled.connect(self.update_preview)
        self.update_preview()

    def scope(self) -> dict:
        kind, value = self.what.currentData()
        scope = {"rated_only": self.rated_only.isChecked()}
        if kind == "article":
            scope["article"] = value
        elif kind == "claims":
            scope["claims"] = value
        return scope

    def update_preview(self) -> None:
        self.note.setText("Reading the report …")
        scope = self.scope()
        QueryOp(self.session, lambda desk: preview(desk, scope), label="Preview",
                latest=f"preview-{id(self)}").success(self._show_preview).failure(
            lambda message: self.preview.setPlainText(message)
        ).run()  # fmt: skip

    def _show_preview(self, shown: tuple[str, int, int]) -> None:
        html, claims, rated = shown
        self.preview.setHtml(html)
        more = f" (the preview shows the first {PREVIEW_CLAIMS})" if claims > PREVIEW_CLAIMS else ""
        self.note.setText(f"{claims} claims, {rated} with a verdict{more}.")
        self.save_button.setEnabled(claims > 0)

    def save(self) -> None:
        fmt = self.format.currentData()
        suffix = next(s for k, _l, s in EXPORT_FORMATS if k == fmt)
        folder = Path(str(self.window_.settings.value("session/export_dir", str(Path.home()))))
        path = files.save_file_name(
            self, "Save the report", str(folder / f"factdesk-report{suffix}"), f"*{suffix}"
        )
        if path:
            self.export_to(fmt, Path(path))

    def export_to(self, fmt: str, path: Path) -> Task | None:
        """Write the export on the reader thread; the dialog closes when it is written."""
        scope = self.scope()
        if fmt == "bundle" and "claims" in scope:
            warn(self, "Export", "A bundle holds whole articles: choose an article.")
            return None
        db = self.session.path
        problem = files.database_file_problem(path, db) or files.database_file_problem(
            path.with_name(path.name + ".part"), db
        )
        if problem:
            warn(self, "Export", problem)
            return None
        self.save_button.setEnabled(False)
        self.note.setText(f"Writing {path} …")
        self.export_task = (
            QueryOp(self.session, lambda desk: desk.export(fmt, path, **scope),
                    label=f"Exporting {path.name}")
            .success(lambda message: self._exported(path, message))
            .failure(self._failed)
            .run()
        )  # fmt: skip
        return self.export_task

    def _exported(self, path: Path, message: str) -> None:
        self.window_.settings.setValue("session/export_dir", str(path.parent))
        self.window_.say(message, 8000)
        self.accept()

    def _failed(self, message: str) -> None:
        self.save_button.setEnabled(True)
        self.note.setText(message or "Cancelled.")
        if message:
            warn(self, "Export", message)


def _short(text: str, limit: int = 50) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
