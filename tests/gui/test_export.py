"""File > Export…: the preview of the HTML report, and writing the chosen format."""

from __future__ import annotations


def test_export_dialog_previews_and_writes(sample_window, qtbot, tmp_path):
    from factdesk.gui.dialogs import ExportDialog

    window = sample_window
    window.set_current_row(0)
    window.set_verdict_level(1)
    rated = window.current_claim
    unrated = window.claims_model.claim_at(1)
    dialog = ExportDialog(window)
    qtbot.addWidget(dialog)
    # By default only what is ready to publish: the rated claim.
    preview = " ".join(dialog.preview.toPlainText().split())
    assert " ".join(rated.text.split())[:40] in preview
    assert " ".join(unrated.text.split())[:40] not in preview
    assert "Not yet rated" not in preview
    assert dialog.note.text().startswith("1 claims, 1 with a verdict")
    dialog.rated_only.setChecked(False)
    preview = " ".join(dialog.preview.toPlainText().split())
    assert " ".join(unrated.text.split())[:40] in preview
    dialog.rated_only.setChecked(True)
    for fmt, name in (("html", "report.html"), ("md", "report.md"), ("csv", "report.csv")):
        message = dialog.export_to(fmt, tmp_path / name)
        assert message and name in message
        written = (tmp_path / name).read_text(encoding="utf-8")
        assert rated.verdict in written
        assert " ".join(unrated.text.split())[:30] not in " ".join(written.split())
