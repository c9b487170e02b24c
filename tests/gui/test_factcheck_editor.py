"""The fact-check editor and the publishing settings, offscreen (issue 20): the preview
follows the typing, a draft is saved as typed, a published one changes only with a
correction note, and the publishing settings reach every page."""

from __future__ import annotations

from factdesk.gui.factcheck_editor import FactCheckEditor, PublishingDialog
from tests.gui.helpers import settle, stored


def test_preview_drafts_sign_off_corrections_and_export(sample_window, qtbot, tmp_path):
    window = sample_window
    claim_id = window.panel.claim.id
    from factdesk.gui.operations import DeskOp

    DeskOp(window.session, lambda d: d.set_verdict(claim_id, "False")).run()
    DeskOp(window.session, lambda d: d.add_evidence(claim_id, "https://a.example/1",
                                                    fetch=False)).run()  # fmt: skip
    settle(qtbot, window)
    with stored(window) as desk:
        factcheck = desk.factcheck(claim_id)
    editor = FactCheckEditor(window.session, factcheck, window)
    qtbot.addWidget(editor)
    assert editor.headline.text().startswith("False: ")
    editor.findings.setPlainText("First [1].\n\nSecond.")
    qtbot.waitUntil(lambda: "Second." in editor.preview.toPlainText(), timeout=5000)
    qtbot.waitUntil(lambda: editor.message.text() == "Saved", timeout=5000)
    with stored(window) as desk:
        assert desk.factcheck(claim_id).findings == "First [1].\n\nSecond."

    editor.submit.click()
    qtbot.waitUntil(lambda: editor.factcheck.state == "in review", timeout=5000)
    editor.editor_name.setText(editor.authors.text() or "Nobody")
    if editor.authors.text():  # the author cannot sign their own off
        editor.sign_off.click()
        qtbot.waitUntil(lambda: "second checker" in editor.message.text(), timeout=5000)
    editor.editor_name.setText("Grace Hopper")
    editor.sign_off.click()
    qtbot.waitUntil(lambda: editor.factcheck.state == "published", timeout=5000)
    assert "Grace Hopper" in editor.state.text() and editor.correction.isEnabled()

    editor.headline.setText("False: corrected")
    editor.headline.textEdited.emit("False: corrected")
    qtbot.wait(800)  # a published one is not saved as typed
    with stored(window) as desk:
        assert desk.factcheck(claim_id).headline != "False: corrected"
    editor.save_correction.click()
    qtbot.waitUntil(lambda: "correction" in editor.message.text(), timeout=5000)
    editor.correction.setText("Headline made plainer")
    editor.save_correction.click()
    qtbot.waitUntil(lambda: editor.message.text().startswith("Correction saved"), timeout=5000)
    with stored(window) as desk:
        saved = desk.factcheck(claim_id)
    assert saved.headline == "False: corrected"
    assert [c.note for c in saved.corrections] == ["Headline made plainer"]
    editor.close()

    # Export fact-checks (Ctrl+Shift+F7): those of the claims listed, here the article's.
    from factdesk.gui.factcheck_editor import export_factchecks

    # They are written in a child process, as File > Export does (a long PDF never
    # freezes the window); the dialog shows it and closes when the file is there.
    target = tmp_path / "factchecks.md"
    dialog = export_factchecks(window, str(target), "page-md")
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.job is None, timeout=60_000)
    assert target.read_text(encoding="utf-8").startswith("# False: corrected")
    assert not dialog.isVisible()
    assert window.statusBar().currentMessage().startswith(f"{target}: page-md of ")
    assert "Correction" not in window.last_error

    # Cancel ends a fact-check PDF's child at once, leaving no file.
    target = tmp_path / "factchecks.pdf"
    dialog = export_factchecks(window, str(target), "page-pdf")
    assert dialog is not None
    dialog.reject()
    assert dialog.job is None and dialog.note.text() == "Cancelled: nothing was written."
    assert not target.exists()


def test_publishing_settings_are_saved_and_a_bad_one_changes_nothing(
    sample_window, qtbot, tmp_path
):
    window = sample_window
    dialog = PublishingDialog(window.session, window)
    qtbot.addWidget(dialog)
    settle(qtbot, window)
    dialog.organisation.setText("Example Checks")
    dialog.corrections_policy.setPlainText("Write to us.")
    dialog.logo.setText(str(tmp_path / "missing.png"))
    dialog.accept()
    qtbot.waitUntil(lambda: "cannot read" in dialog.message.text(), timeout=5000)
    with stored(window) as desk:
        assert desk.setting("organisation") is None  # one bad value: nothing written
    logo = tmp_path / "logo.svg"
    logo.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>')
    dialog.logo.setText(str(logo))
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        dialog.accept()
    with stored(window) as desk:
        publishing = desk.publishing()
    assert publishing.organisation == "Example Checks"
    assert publishing.corrections_policy == "Write to us."
    assert publishing.logo.startswith("data:image/svg+xml;base64,")


def test_the_keys_are_in_the_window_its_menus_and_the_shortcuts_sheet(sample_window):

    window = sample_window
    keys = {a.shortcut().toString(): a.text() for a in window.actions()}
    assert keys["F7"] == "Write the &fact-check…"
    assert keys["Ctrl+Shift+P"] == "P&ublishing settings…"
    assert keys["Ctrl+Shift+F7"] == "Export &fact-checks…"
    menus = {a.text().replace("&", ""): a.menu() for a in window.menuBar().actions()}
    claim_menu = [a.text() for a in menus["Claim"].actions()]
    file_menu = [a.text() for a in menus["File"].actions()]
    assert "Write the &fact-check…" in claim_menu
    assert file_menu[-3:-1] == ["Export &fact-checks…", "P&ublishing settings…"]
    assert file_menu[-1] == "&Quit"
    sheet = dict(window.actions_.key_sheet())  # F1 lists them, from the one key map
    assert {"F7", "Ctrl+Shift+F7", "Ctrl+Shift+P"} <= set(sheet)
