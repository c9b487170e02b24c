"""The fact-check editor (F7) and the publishing settings (issue 20).

The editor writes the current claim's fact-check (with several claims selected, one
fact-check for them all: gui/factcheck_claims.py): headline, authors and findings in
Markdown (citing the claim's evidence as [1], [2]) beside a live preview of the page.
A draft is saved as it is typed (half a second after typing stops, and on closing);
"Submit for review" sends it to a second checker, who signs it off by name, which
publishes it. Once published an edit is a correction: it is saved only with a note that
says what it corrects, and the page shows both.

Export fact-checks (Ctrl+Shift+F7) writes the selected claims' fact-checks (or those
of the claims listed, as filtered) as a page, its PDF, Markdown or a CMS fragment.

`install(window)` adds the menu actions and keys; nothing else in the window knows
about this file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from factdesk.model import FactCheck

from . import files
from .factcheck_claims import CoveredClaimsList, offer_one_factcheck
from .job_dialog import JobDialog
from .operations import DeskOp, DeskSession, QueryOp
from .undo import Editor
from .widgets import debounce, fit_to_screen

# The main window is passed in, not imported (it imports this module): what is used of it
# is its session, panel, claims pane, menu bar, say() and show_error().
MainWindow = Any

EDITOR_KEY = "F7"
PUBLISHING_KEY = "Ctrl+Shift+P"
EXPORT_KEY = "Ctrl+Shift+F7"
# For the keyboard shortcuts sheet (F1).
# The save dialog's file types: each a fact-check export format (factdesk.desk.PAGE_FORMATS).
PAGE_FILE_TYPES = (
    ("Web page with ClaimReview (*.html)", "page", ".html"),
    ("PDF (*.pdf)", "page-pdf", ".pdf"),
    ("Markdown (*.md)", "page-md", ".md"),
    ("HTML fragment for a CMS (*.htm)", "page-fragment", ".htm"),
)
_STATE_WORDS = {
    "draft": "Draft — saved as you type",
    "in review": "In review — waiting for a second checker to sign it off",
    "published": "Published — an edit now is a correction: say what it corrects",
}


def install(window: MainWindow) -> None:
    """Add 'Write the fact-check' (F7) to the Claim menu and 'Publishing settings'
    (Ctrl+Shift+P) to the File menu."""
    write = QAction("Write the &fact-check…", window)
    write.setShortcut(QKeySequence(EDITOR_KEY))
    write.triggered.connect(lambda _checked=False: open_editor(window))
    publishing = QAction("P&ublishing settings…", window)
    publishing.setShortcut(QKeySequence(PUBLISHING_KEY))
    publishing.triggered.connect(
        lambda _checked=False: PublishingDialog(window.session, window).exec()
    )
    export = QAction("Export &fact-checks…", window)
    export.setShortcut(QKeySequence(EXPORT_KEY))
    export.triggered.connect(lambda _checked=False: ask_and_export(window))
    for act, words in (
        (
            write,
            "Write the claim's fact-check, or one for the selected claims (Alt+S"
            " submits, Alt+Y then Alt+O signs off)",
        ),
        (export, "Export the fact-checks of the selected or listed claims"),
        (publishing, "Publishing settings: organisation, logo, methodology, corrections"),
    ):
        act.setStatusTip(words)
        window.addAction(act)  # the keys work while menus are closed
        window.actions_.keyed.append(act)  # the one key map: F1 lists them
    for entry in window.menuBar().actions():
        menu = entry.menu()
        title = entry.text().replace("&", "")
        if not isinstance(menu, QMenu):
            continue
        if title == "Claim":
            menu.addSeparator()
            menu.addAction(write)
        elif title == "File":
            menu.insertAction(menu.actions()[-1], export)  # above Quit
            menu.insertAction(menu.actions()[-1], publishing)


def export_scope(window: MainWindow) -> tuple[str, dict]:
    """What an export of fact-checks takes: the selected claims, else the listed ones."""
    selected = window.claims.selected_claims()
    if len(selected) > 1:
        return f"the {len(selected)} selected claims", {"claims": [c.id for c in selected]}
    return "the claims listed", {"flt": window.claims.claim_filter()}


def ask_and_export(window: MainWindow) -> None:
    what, _scope = export_scope(window)
    path, chosen = QFileDialog.getSaveFileName(
        window, f"Export the fact-checks of {what}", "factcheck.html",
        ";;".join(label for label, _fmt, _suffix in PAGE_FILE_TYPES),
    )  # fmt: skip
    if path:
        fmt = next((f for label, f, _s in PAGE_FILE_TYPES if label == chosen), "page")
        export_factchecks(window, path, fmt)


def export_factchecks(window: MainWindow, path: str, fmt: str) -> JobDialog | None:
    """Write the fact-checks of the selected (or listed) claims to `path` as `fmt` in a
    child process, as File > Export does: laying out many pages as a PDF (WeasyPrint holds
    the interpreter for seconds) never freezes the window, and Cancel ends it at once,
    leaving no file. The status bar says what was written."""
    from .export_runner import ChildExport

    what, scope = export_scope(window)
    problem = files.database_file_problem(path, window.session.path)
    if problem:
        window.show_error(problem)
        return None
    dialog = JobDialog(window, "Export fact-checks", f"Writing the fact-checks of {what}",
                       "Cancelled: nothing was written.",
                       lambda message: window.say(message, 8000))  # fmt: skip
    dialog.setObjectName("factcheckExport")
    scope = {**scope, "rated_only": False}
    dialog.run(ChildExport(window.session.path, fmt, Path(path), scope, dialog))
    return dialog


def open_editor(window: MainWindow) -> None:
    """F7: the current claim's fact-check; with several claims selected, first the offer
    of one fact-check for them all (gui/factcheck_claims.py)."""
    claim = window.panel.claim
    selected = window.claims.selected_claims()
    if len(selected) > 1:
        offer_one_factcheck(window, selected, lambda claim_id: open_factcheck(window, claim_id))
        return
    if claim is None:
        window.say("Choose a claim first: its fact-check opens with F7")
        return
    open_factcheck(window, claim.id)


def open_factcheck(window: MainWindow, claim_id: str) -> None:
    """The editor of the fact-check the claim is in (window-modal, not blocking)."""

    def show(factcheck: FactCheck) -> None:
        editor = FactCheckEditor(window.session, factcheck, window, window.editor)
        editor.setObjectName("factcheckEditor")
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.open()

    QueryOp(window.session, lambda desk: desk.factcheck(claim_id), label="Opening the fact-check")\
        .success(show).failure(window.show_error).run()  # fmt: skip


class FactCheckEditor(QDialog):
    def __init__(
        self,
        session: DeskSession,
        factcheck: FactCheck,
        parent: QWidget | None = None,
        editor: Editor | None = None,  # the window's undo stack (taking a claim out)
    ):
        super().__init__(parent)
        self.session = session
        self.factcheck = factcheck
        self.claim_id = factcheck.claim_id
        self.setWindowTitle("Fact-check")
        fit_to_screen(self, 1100, 720)  # its buttons on the screen from 1024x700 up
        self.state = QLabel()
        self.state.setObjectName("factcheckState")
        self.headline = QLineEdit(factcheck.headline)
        self.headline.setObjectName("headline")
        self.authors = QLineEdit(", ".join(factcheck.authors))
        self.authors.setPlaceholderText("Names, separated by commas")
        self.findings = QPlainTextEdit(factcheck.findings)
        self.findings.setObjectName("findings")
        self.findings.setTabChangesFocus(True)
        self.findings.setPlaceholderText(
            "What we found, in paragraphs (a blank line between them), in Markdown. "
            "Cite the sources as [1], [2]: the numbers of the Sources list."
        )
        self.preview = QTextBrowser()
        self.preview.setObjectName("preview")
        self.preview.setOpenLinks(False)
        self.correction = QLineEdit()
        self.correction.setPlaceholderText("What this edit corrects (shown on the page)")
        self.editor_name = QLineEdit()
        self.editor_name.setObjectName("editorName")
        self.editor_name.setPlaceholderText("Second checker's name")
        self.submit = QPushButton("&Submit for review")
        self.sign_off = QPushButton("Sign &off and publish")
        self.send_back = QPushButton("Send &back to draft")
        self.save_correction = QPushButton("Save &correction")
        self.message = QLabel()
        self.message.setObjectName("factcheckMessage")
        self.message.setWordWrap(True)
        self.covered = CoveredClaimsList(session, editor, self.claim_id, self.correction.text)
        self.covered.changed.connect(self._claims_changed)
        self.covered.refused.connect(self.message.setText)
        self._build()
        self._saving = debounce(self, 500, self.save_draft)
        self._previewing = debounce(self, 250, self.refresh_preview)
        for field in (self.headline, self.authors):
            field.textEdited.connect(self._typed)
        self.findings.textChanged.connect(self._typed)
        self.submit.clicked.connect(self.submit_for_review)
        self.sign_off.clicked.connect(self.sign_off_and_publish)
        self.send_back.clicked.connect(self.return_to_draft)
        self.save_correction.clicked.connect(self.save_as_correction)
        self._show_state()
        self.refresh_preview()
        self.headline.setFocus()

    def _build(self) -> None:
        form = QFormLayout()
        form.addRow("&Headline", self.headline)
        form.addRow("&Authors", self.authors)
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(form)
        column.addWidget(self.covered)  # (shown when it covers several claims)
        findings_label = QLabel("&Findings (Markdown)")
        findings_label.setBuddy(self.findings)
        column.addWidget(findings_label)
        column.addWidget(self.findings, 1)
        corrections = QFormLayout()
        corrections.addRow("Co&rrection note", self.correction)
        column.addLayout(corrections)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self.preview)
        split.setSizes([520, 580])
        sign = QHBoxLayout()
        sign.addWidget(self.submit)
        sign.addWidget(self.send_back)
        sign.addSpacing(16)
        editor_label = QLabel("Signed off b&y")
        editor_label.setBuddy(self.editor_name)
        sign.addWidget(editor_label)
        sign.addWidget(self.editor_name, 1)
        sign.addWidget(self.sign_off)
        sign.addWidget(self.save_correction)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.state)
        layout.addWidget(split, 1)
        layout.addLayout(sign)
        layout.addWidget(self.message)
        layout.addWidget(close)

    # --- state ---------------------------------------------------------------------------

    @property
    def published(self) -> bool:
        return self.factcheck.state == "published"

    def _show_state(self) -> None:
        state = self.factcheck.state
        words = _STATE_WORDS.get(state, state)
        if self.published and self.factcheck.editor:
            words += f" (signed off by {self.factcheck.editor})"
        self.state.setText(words)
        self.submit.setEnabled(state == "draft")
        self.send_back.setEnabled(state == "in review")
        self.sign_off.setEnabled(state == "in review")
        self.editor_name.setEnabled(state == "in review")
        self.correction.setEnabled(self.published)
        self.save_correction.setEnabled(self.published)

    def _typed(self) -> None:
        self._previewing.start()
        if not self.published:  # a published one is changed only with a correction note
            self._saving.start()

    def _fields(self) -> dict:
        return {
            "headline": self.headline.text(),
            "findings": self.findings.toPlainText(),
            "authors": self.authors.text().split(","),
        }

    def _reload(self, after: str = "") -> None:
        def show(factcheck: FactCheck) -> None:
            self.factcheck = factcheck
            self._show_state()
            if after:
                self.message.setText(after)

        QueryOp(self.session, lambda desk: desk.factcheck(self.claim_id)).success(show).run()

    def _claims_changed(self) -> None:
        self.refresh_preview()
        self._reload("Claim taken out (Ctrl+Z in the window puts it back)")

    def _failed(self, message: str) -> None:
        self.message.setText(message)

    # --- operations ----------------------------------------------------------------------

    def save_draft(self) -> None:
        self._saving.stop()
        if self.published:
            return
        fields = self._fields()
        DeskOp(
            self.session,
            lambda desk: desk.save_factcheck(self.claim_id, **fields),
            label="Saving the fact-check",
        ).success(lambda _changes: self.message.setText("Saved")).failure(self._failed).run()

    def refresh_preview(self) -> None:
        headline, findings = self.headline.text(), self.findings.toPlainText()
        QueryOp(
            self.session,
            lambda desk: desk.factcheck_preview(self.claim_id, headline, findings),
            latest=f"factcheck-preview-{id(self)}",
        ).success(self._show_preview).run()

    def _show_preview(self, html: str) -> None:
        scroll = self.preview.verticalScrollBar().value()
        self.preview.setHtml(html)
        self.preview.verticalScrollBar().setValue(scroll)

    def submit_for_review(self) -> None:
        self.save_draft()  # the writer thread runs it first
        DeskOp(
            self.session,
            lambda desk: desk.submit_factcheck(self.claim_id),
            label="Submitting the fact-check",
        ).success(lambda _c: self._reload("Sent for review")).failure(self._failed).run()

    def sign_off_and_publish(self) -> None:
        name = self.editor_name.text()
        DeskOp(
            self.session,
            lambda desk: desk.sign_off_factcheck(self.claim_id, name),
            label="Signing off the fact-check",
        ).success(lambda _c: self._reload(f"Signed off by {name.strip()}: published")).failure(
            self._failed
        ).run()

    def return_to_draft(self) -> None:
        DeskOp(
            self.session,
            lambda desk: desk.return_factcheck(self.claim_id),
            label="Sending the fact-check back",
        ).success(lambda _c: self._reload("Back to draft")).failure(self._failed).run()

    def save_as_correction(self) -> None:
        fields, note = self._fields(), self.correction.text()

        def saved(_changes: object) -> None:
            self.correction.clear()
            self._reload("Correction saved: the page shows it with today's date")

        DeskOp(
            self.session,
            lambda desk: desk.save_factcheck(self.claim_id, **fields, correction=note),
            label="Saving the correction",
        ).success(saved).failure(self._failed).run()

    def done(self, result: int) -> None:
        if self._saving.isActive():
            self.save_draft()
        super().done(result)


class PublishingDialog(QDialog):
    """Who publishes the fact-checks and how they explain their work, shown on every page:
    organisation and its address, logo, methodology and corrections policy."""

    FIELDS = ("organisation", "organisation_url", "methodology", "corrections_policy")

    def __init__(self, session: DeskSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Publishing settings")
        self.setMinimumWidth(560)
        self.organisation = QLineEdit()
        self.organisation_url = QLineEdit()
        self.organisation_url.setPlaceholderText("https://…")
        self.logo = QLineEdit()
        self.logo.setPlaceholderText("A PNG, JPEG or SVG file (kept inside each page)")
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._choose_logo)
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo, 1)
        logo_row.addWidget(browse)
        self.methodology = QLineEdit()
        self.corrections_policy = QPlainTextEdit()
        self.corrections_policy.setTabChangesFocus(True)
        self.corrections_policy.setFixedHeight(80)
        self.message = QLabel()
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow("&Organisation", self.organisation)
        form.addRow("Its &web address", self.organisation_url)
        form.addRow("&Logo", logo_row)
        form.addRow("&Methodology", self.methodology)
        form.addRow("&Corrections policy", self.corrections_policy)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self._had_logo = False
        QueryOp(session, lambda desk: desk.publishing()).success(self._fill).run()

    def _fill(self, publishing: Any) -> None:
        for name in ("organisation", "organisation_url", "methodology"):
            getattr(self, name).setText(getattr(publishing, name) or "")
        self.corrections_policy.setPlainText(publishing.corrections_policy or "")
        self._had_logo = bool(getattr(publishing, "logo", None))
        if self._had_logo:
            self.logo.setPlaceholderText("(a logo is set; choose a file to replace it)")

    def _choose_logo(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Logo", "", "Images (*.png *.jpg *.jpeg *.svg)")
        if path:
            self.logo.setText(path)

    def accept(self) -> None:
        values = {
            "organisation": self.organisation.text(),
            "organisation_url": self.organisation_url.text(),
            "methodology": self.methodology.text(),
            "corrections_policy": self.corrections_policy.toPlainText(),
        }
        if self.logo.text().strip():
            values["logo"] = self.logo.text().strip()
        DeskOp(self.session, lambda desk: desk.set_settings(values), label="Saving settings")\
            .success(lambda _c: super(PublishingDialog, self).accept())\
            .failure(self.message.setText).run()  # fmt: skip
