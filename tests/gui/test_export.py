"""File > Export…: the preview of the HTML report, and writing the chosen format (on the
reader thread); a target that is the database itself is refused."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.gui.helpers import key, settle


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
    assert dialog.note.text().startswith("1 claims, 1 with a verdict")
    dialog.rated_only.setChecked(False)
    settle(qtbot, window)
    preview = " ".join(dialog.preview.toPlainText().split())
    assert " ".join(unrated.text.split())[:40] in preview
    dialog.rated_only.setChecked(True)
    settle(qtbot, window)
    for fmt, name in (("html", "report.html"), ("md", "report.md"), ("csv", "report.csv")):
        dialog.export_to(fmt, tmp_path / name)
        settle(qtbot, window)
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
