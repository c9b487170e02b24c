"""File > Export…: the preview of the HTML report, and writing the chosen format (in a
child process); a target that is the database itself is refused."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.gui.helpers import key, settle


def exported(qtbot, dialog, timeout: int = 60_000) -> None:
    """Wait until the dialog's export (a child process) has ended, written or not."""
    qtbot.waitUntil(lambda: dialog.export_job is None, timeout=timeout)


def test_export_dialog_previews_and_writes(sample_window, qtbot, tmp_path):
    from factdesk.gui.export_dialog import ExportDialog

    window = sample_window
    window.claims.set_current_row(0)
    key(qtbot, window, Qt.Key.Key_1)
    rated = window.claims.model.claim_at(0)
    unrated = window.claims.model.claim_at(1)
    dialog = ExportDialog(window)
    qtbot.addWidget(dialog)
    settle(qtbot, window)
    # By default only what is ready to publish: the rated claim.
    preview = " ".join(dialog.preview.toPlainText().split())
    assert " ".join(rated.text.split())[:40] in preview
    assert " ".join(unrated.text.split())[:40] not in preview
    assert "Not yet rated" not in preview
    assert dialog.note.text().startswith("1 claim, 1 with a verdict")
    dialog.rated_only.setChecked(False)
    settle(qtbot, window)
    preview = " ".join(dialog.preview.toPlainText().split())
    assert " ".join(unrated.text.split())[:40] in preview
    dialog.rated_only.setChecked(True)
    settle(qtbot, window)
    for fmt, name in (("html", "report.html"), ("md", "report.md"), ("csv", "report.csv")):
        dialog.export_to(fmt, tmp_path / name)
        exported(qtbot, dialog)
        assert name in window.statusBar().currentMessage()
        written = (tmp_path / name).read_text(encoding="utf-8")
        assert rated.verdict in written
        assert " ".join(unrated.text.split())[:30] not in " ".join(written.split())


def test_export_onto_the_database_is_refused(sample_window, qtbot, tmp_path):
    from factdesk.gui.export_dialog import ExportDialog

    window = sample_window
    db = window.session.path
    before = db.stat().st_size
    dialog = ExportDialog(window)
    qtbot.addWidget(dialog)
    settle(qtbot, window)
    link = tmp_path / "report.html"
    link.symlink_to(db)
    for target in (db, link, db.with_name(db.name + "-wal")):
        assert dialog.export_to("html", target) is None
    settle(qtbot, window)
    assert db.stat().st_size >= before and not link.with_name("report.html.part").exists()


def test_rated_claims_not_ready_are_named_and_left_out(sample_window, qtbot, tmp_path, web_server):
    from factdesk.gui.export_dialog import ExportDialog

    window = sample_window
    model = window.claims.model
    window.claims.set_current_row(3)
    key(qtbot, window, Qt.Key.Key_1)  # rated, no summary, no evidence: not ready
    ready = model.claim_at(1)
    window.claims.set_current_row(1)
    window.panel.summary.setText("Checked against the party's register.")
    window.panel.summary.setModified(True)
    key(qtbot, window, Qt.Key.Key_2)
    window.review.add_evidence(ready.id, f"{web_server}/evidence.html", "supports")
    settle(qtbot, window)
    not_ready = model.claim_at(3)
    dialog = ExportDialog(window)
    qtbot.addWidget(dialog)
    settle(qtbot, window)
    assert dialog.incomplete.isVisibleTo(dialog) and dialog.skip_incomplete.isVisibleTo(dialog)
    warning = dialog.incomplete.text()
    assert warning.startswith("1 rated claim is not ready to publish")
    assert "no summary and no evidence" in warning
    assert " ".join(not_ready.text.split())[:30] in warning
    dialog.skip_incomplete.setChecked(True)  # leave it out
    settle(qtbot, window)
    assert "1 not ready left out" in dialog.note.text()
    dialog.export_to("html", tmp_path / "ready.html")
    exported(qtbot, dialog)
    written = " ".join((tmp_path / "ready.html").read_text(encoding="utf-8").split())
    assert " ".join(ready.text.split())[:30] in written
    assert " ".join(not_ready.text.split())[:30] not in written
    # Or publish it anyway (the box left as it opens).
    again = ExportDialog(window)
    qtbot.addWidget(again)
    settle(qtbot, window)
    again.export_to("html", tmp_path / "all.html")
    exported(qtbot, again)
    written = " ".join((tmp_path / "all.html").read_text(encoding="utf-8").split())
    assert " ".join(not_ready.text.split())[:30] in written


def test_an_export_runs_off_the_window_and_cancel_leaves_no_file(sample_window, qtbot, tmp_path):
    from factdesk.gui.export_dialog import ExportDialog

    window = sample_window
    dialog = ExportDialog(window)
    qtbot.addWidget(dialog)
    dialog.rated_only.setChecked(False)  # all 40-odd claims: a PDF of several pages
    settle(qtbot, window)
    out = tmp_path / "out"
    out.mkdir()
    target = out / "report.pdf"
    job = dialog.export_to("pdf", target)
    assert job is not None and dialog.progress.isVisibleTo(dialog)
    assert not dialog.save_button.isEnabled()
    qtbot.wait(200)  # the window still answers while the child lays the pages out
    dialog.reject()  # Cancel while it runs: the dialog stays, the export stops
    assert dialog.result() != dialog.DialogCode.Accepted
    assert dialog.export_job is None  # ended at once, not later
    assert not target.exists()
    assert list(out.iterdir()) == []  # nothing half-written either
    assert dialog.note.text().startswith("Cancelled") and dialog.save_button.isEnabled()
    dialog.export_to("pdf", target)
    exported(qtbot, dialog)
    assert target.read_bytes()[:5] == b"%PDF-"
    assert sorted(p.name for p in out.iterdir()) == ["report.pdf"]
