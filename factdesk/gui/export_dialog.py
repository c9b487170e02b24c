"""File > Export…: choose what and how, with a preview of the HTML report. The preview is
read and drawn on the reader thread; the export itself runs in a child process
(export_runner.py), with its progress in claims and a Cancel that ends it at once: a big
export never stalls the window, and a cancelled one leaves no file. Rated claims that lack a
summary or evidence are named before anything is published, with the choice to leave them
out. A target that is factdesk's own database is refused (see files.py)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
)

from factdesk.desk import Desk, ReportPreview

from . import files, style
from .export_runner import ChildExport
from .operations import QueryOp
from .widgets import ChoiceBox, TextView, fit_to_screen, warn

if TYPE_CHECKING:
    from .window_view import WindowView

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
REPORT_FORMATS = ("html", "pdf", "md", "csv", "json", "claimreview")  # (not a bundle)
NAMED_INCOMPLETE = 5  # claims named in the warning; the rest are counted


def preview(desk: Desk, scope: dict, skip_incomplete: bool = False) -> ReportPreview:
    """The report's first claims as HTML, its counts and its incomplete rated claims."""
    return desk.report_preview(PREVIEW_CLAIMS, skip_incomplete=skip_incomplete, **scope)


def incomplete_words(incomplete: list[Any]) -> str:
    """The warning: which rated claims lack what."""
    lines = []
    for found in incomplete[:NAMED_INCOMPLETE]:
        text = " ".join(found.item.claim.text.split())
        text = text if len(text) <= 70 else text[:69] + "…"
        lacks = " and ".join(f"no {what}" for what in found.missing)
        lines.append(f"“{text}” ({found.item.verdict.rating or 'conclusion'}): {lacks}")
    more = len(incomplete) - NAMED_INCOMPLETE
    if more > 0:
        lines.append(f"and {more} more")
    count = len(incomplete)
    head = f"{count} rated claim{'s are' if count != 1 else ' is'} not ready to publish:"
    return "\n".join([head, *(f"• {line}" for line in lines)])


class ExportDialog(QDialog):
    def __init__(self, window: WindowView):
        super().__init__(window)
        self.window_ = window
        self.session = window.session
        self.export_job: ChildExport | None = None
        self.setWindowTitle("Export")
        fit_to_screen(self, 980, 720)  # the buttons stay on a 1024x700 screen
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
        self.incomplete = QLabel()
        self.incomplete.setObjectName("warningNote")
        self.incomplete.setWordWrap(True)
        self.incomplete.hide()
        # Flagged, and the checker's choice: some publish a verdict before its write-up.
        self.skip_incomplete = QCheckBox("Leave these out of the export")
        self.skip_incomplete.setChecked(False)
        self.skip_incomplete.hide()
        self.preview = TextView()
        self.preview.setOpenLinks(False)
        self.note = QLabel()
        self.note.setObjectName("quietNote")
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy until the export says how many claims
        self.progress.setFormat("%p%")
        self.progress.hide()
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton("Export…", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button: QPushButton = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.setSpacing(style.GAP)
        form.addRow("Export", self.what)
        form.addRow("As", self.format)
        form.addRow("", self.rated_only)
        layout = QVBoxLayout(self)
        layout.setSpacing(style.GAP)
        layout.addLayout(form)
        layout.addWidget(self.incomplete)
        layout.addWidget(self.skip_incomplete)
        layout.addWidget(QLabel("Preview of the report:"))
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.note)
        layout.addWidget(self.progress)
        layout.addWidget(buttons)
        self.what.currentIndexChanged.connect(self.update_preview)
        self.rated_only.toggled.connect(self.update_preview)
        self.skip_incomplete.toggled.connect(self.update_preview)
        self.format.currentIndexChanged.connect(self._format_changed)
        self.update_preview()
        self.what.setFocus()  # the first field: keys choose at once

    def scope(self) -> dict:
        kind, value = self.what.currentData()
        scope = {"rated_only": self.rated_only.isChecked()}
        if kind == "article":
            scope["article"] = value
        elif kind == "claims":
            scope["claims"] = value
        return scope

    def leaves_out_incomplete(self) -> bool:
        return self.format.currentData() != "bundle" and self.skip_incomplete.isChecked()

    def _format_changed(self) -> None:
        publishing = self.format.currentData() in REPORT_FORMATS
        self.skip_incomplete.setEnabled(publishing)
        self.update_preview()

    def update_preview(self) -> None:
        self.note.setText("Reading the report …")
        scope, skip = self.scope(), self.leaves_out_incomplete()
        QueryOp(self.session, lambda desk: preview(desk, scope, skip), label="Preview",
                latest=f"preview-{id(self)}").success(self._show_preview).failure(
            lambda message: self.preview.setPlainText(message)
        ).run()  # fmt: skip

    def _show_preview(self, shown: ReportPreview) -> None:
        self.preview.setHtml(shown.html)
        many = shown.claims > PREVIEW_CLAIMS
        more = f" (the preview shows the first {PREVIEW_CLAIMS})" if many else ""
        left_out = (
            f"; {len(shown.incomplete)} not ready left out"
            if shown.incomplete and self.leaves_out_incomplete()
            else ""
        )
        claims = "1 claim" if shown.claims == 1 else f"{shown.claims:,} claims"
        self.note.setText(f"{claims}, {shown.rated:,} with a verdict{left_out}{more}.")
        self.incomplete.setText(incomplete_words(shown.incomplete))
        self.incomplete.setVisible(bool(shown.incomplete))
        self.skip_incomplete.setVisible(bool(shown.incomplete))
        self.save_button.setEnabled(shown.claims > 0)

    def save(self) -> None:
        fmt = self.format.currentData()
        suffix = next(s for k, _l, s in EXPORT_FORMATS if k == fmt)
        folder = Path(str(self.window_.settings.value("session/export_dir", str(Path.home()))))
        path = files.save_file_name(
            self, "Save the report", str(folder / f"factdesk-report{suffix}"), f"*{suffix}"
        )
        if path:
            self.export_to(fmt, Path(path))

    def export_to(self, fmt: str, path: Path) -> ChildExport | None:
        """Write the export in a child process; the dialog closes when it is written."""
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
        if fmt != "bundle":
            scope["skip_incomplete"] = self.leaves_out_incomplete()
        self.save_button.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.note.setText(f"Writing {path} … (Cancel stops it)")
        job = ChildExport(db, fmt, path, scope, self)
        job.progressed.connect(self._progressed)
        job.finished.connect(lambda message: self._exported(path, message))
        job.failed.connect(self._failed)
        self.export_job = job
        job.start()
        return job

    def _progressed(self, done: int, total: int, text: str) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
        if text:
            self.note.setText(f"{text} (Cancel stops it)")

    def reject(self) -> None:
        """Cancel: stops an export under way at once (the dialog stays, no file is left);
        else closes the dialog."""
        if self.export_job is not None and self.export_job.running:
            self.export_job.cancel()
            return
        super().reject()

    def _exported(self, path: Path, message: str) -> None:
        self.export_job = None
        self.progress.hide()
        self.window_.settings.setValue("session/export_dir", str(path.parent))
        self.window_.say(message, 8000)
        self.accept()

    def _failed(self, message: str) -> None:
        self.export_job = None
        self.progress.hide()
        self.save_button.setEnabled(True)
        self.note.setText(message or "Cancelled: nothing was written.")
        if message:
            warn(self, "Export", message)


def _short(text: str, limit: int = 50) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
