"""File > Export…: the preview of the HTML report, and writing the chosen format."""

from __future__ import annotations

import pytest

import factdesk.report


@pytest.fixture
def renderers():
    if not hasattr(factdesk.report, "render_html"):
        pytest.skip("the report renderers have not landed on this branch yet")


def test_export_dialog_previews_and_writes(renderers, sample_window, qtbot, tmp_path):
    from factdesk.gui.dialogs import ExportDialog

    window = sample_window
    window.set_current_row(0)
    window.set_verdict_level(1)
    rated = window.current_claim
    dialog = ExportDialog(window)
    qtbot.addWidget(dialog)
    preview = dialog.preview.toPlainText()
    assert " ".join(rated.text.split())[:40] in " ".join(preview.split())
    assert "1 with a verdict" in dialog.note.text()
    for fmt, name in (("html", "report.html"), ("md", "report.md"), ("csv", "report.csv")):
        message = dialog.export_to(fmt, tmp_path / name)
        assert message and name in message
        assert rated.verdict in (tmp_path / name).read_text(encoding="utf-8")
