"""File > Import a bundle…: a teammate's bundle is merged by a child process, with the rows
read and merged counted in a dialog and a Cancel that ends the child at once (while it
reads the bundle: merging nothing); when it is done every pane shows what came."""

from __future__ import annotations

import os
import time

import pytest

from tests.gui.helpers import settle, stored
from tests.report.big_desk import build_big_desk

CLAIMS = 3000  # 150 articles: rows enough for several words of progress


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    from factdesk.desk import Desk

    folder = tmp_path_factory.mktemp("teammate")
    db = build_big_desk(folder / "teammate.db", CLAIMS)
    path = folder / "work.bundle"
    with Desk(db) as desk:
        desk.export_bundle(path)
    return path


def group_alive(pid: int) -> bool:
    try:
        os.killpg(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_a_bundle_is_merged_with_its_rows_counted(make_window, qtbot, bundle):
    from factdesk.gui.bundle_import import import_bundle

    window = make_window()
    settle(qtbot, window)
    assert window.claims.model.rowCount() == 0
    dialog = import_bundle(window, bundle)
    assert dialog is not None and dialog.job is not None
    said: list[str] = []
    dialog.job.progressed.connect(lambda *_: said.append(dialog.note.text()))
    qtbot.waitUntil(lambda: dialog.job is None, timeout=120_000)
    assert any(text.startswith("Read 2,000 rows") for text in said)
    assert any(text.startswith("Merging ") for text in said)
    message = window.statusBar().currentMessage()
    assert message.startswith("work.bundle: merged (") and f"{CLAIMS:,} claims" in message
    with stored(window) as desk:
        assert desk.count_claims() == CLAIMS
    settle(qtbot, window)
    qtbot.waitUntil(lambda: window.articles.model.rowCount() >= CLAIMS // 20, timeout=10_000)


def test_cancel_ends_the_merge_at_once_and_merges_nothing(make_window, qtbot, bundle):
    from factdesk.gui.bundle_import import import_bundle

    window = make_window()
    settle(qtbot, window)
    dialog = import_bundle(window, bundle)
    assert dialog is not None and dialog.job is not None
    qtbot.waitUntil(lambda: dialog.note.text().startswith("Read "), timeout=60_000)
    pid = dialog.job._process.pid
    start = time.perf_counter()
    dialog.reject()  # Cancel
    took = time.perf_counter() - start
    assert took < 0.2  # the killed child is reaped off the GUI thread
    qtbot.waitUntil(lambda: not group_alive(pid), timeout=3000)
    assert dialog.job is None and dialog.note.text() == "Cancelled: nothing was merged."
    assert dialog.isVisible()  # it stays to say so; Close closes it
    with stored(window) as desk:
        assert desk.count_claims() == 0
    dialog.reject()
    assert not dialog.isVisible()


def test_a_cancel_while_merging_says_what_was_kept(make_window, qtbot, bundle):
    """Once batches are merged (the child says how many rows), a Cancel keeps them: the
    dialog says so, and that importing the bundle again merges the rest."""
    from factdesk.gui.bundle_import import import_bundle

    window = make_window()
    settle(qtbot, window)
    dialog = import_bundle(window, bundle)
    assert dialog is not None and dialog.job is not None
    qtbot.waitUntil(lambda: dialog.note.text().startswith("Read "), timeout=60_000)
    dialog.job.progressed.emit(
        4_000, 9_150, "Merging 9,150 rows: 4,000 merged"
    )  # as the child says
    dialog.reject()
    assert dialog.note.text() == (
        "Cancelled: 4,000 of 9,150 rows were merged (whole articles with their work). "
        "Import the bundle again to merge the rest."
    )
    dialog.reject()


def test_a_file_that_is_not_a_bundle_is_refused_in_one_line(make_window, qtbot, tmp_path):
    from factdesk.gui.bundle_import import import_bundle

    window = make_window()
    settle(qtbot, window)
    fake = tmp_path / "notes.bundle"
    fake.write_text("just some notes", encoding="utf-8")
    dialog = import_bundle(window, fake)
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.job is None, timeout=60_000)
    assert dialog.note.text() == f"{fake}: not a factdesk bundle (not gzip data)"
    with stored(window) as desk:
        assert desk.count_claims() == 0


def test_a_dropped_bundle_is_merged_and_a_dropped_article_imported(make_window, qtbot, bundle,
                                                                  tmp_path):  # fmt: skip
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    from factdesk.gui.job_dialog import JobDialog

    window = make_window()
    settle(qtbot, window)
    article = tmp_path / "dropped.txt"
    article.write_text("The mayor said the city had built 4,000 new homes since 2020.\n",
                       encoding="utf-8")  # fmt: skip
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(bundle)), QUrl.fromLocalFile(str(article))])
    left, plain = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    window.dropEvent(QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime, left, plain))
    dialog = window.findChild(JobDialog, "bundleImport")
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.job is None, timeout=120_000)
    settle(qtbot, window)
    with stored(window) as desk:
        qtbot.waitUntil(lambda: len(desk.articles()) == CLAIMS // 20 + 1, timeout=60_000)


def test_the_file_menu_offers_it(make_window, qtbot):
    window = make_window()
    file_menu = window.menuBar().actions()[0].menu()
    assert "Import a &bundle…" in [action.text() for action in file_menu.actions()]
