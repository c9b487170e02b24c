"""A long PDF export runs in a child process: the window never stalls while it runs, its
progress has a percentage, and Cancel ends the child (and a long report's chunk workers)
at once, leaving no file."""

from __future__ import annotations

import itertools
import os
import shutil
import time

import pytest
from PySide6.QtCore import QTimer

from tests.gui.helpers import settle
from tests.report.big_desk import build_big_desk

CLAIMS = 500


@pytest.fixture(scope="module")
def big_db(tmp_path_factory):
    return build_big_desk(tmp_path_factory.mktemp("big") / "big.db", CLAIMS)


@pytest.fixture
def dialog(make_window, qtbot, big_db, tmp_path):
    from factdesk.gui.export_dialog import ExportDialog

    db = tmp_path / "desk" / "big.db"
    db.parent.mkdir()
    shutil.copy(big_db, db)
    window = make_window(db)
    settle(qtbot, window)
    dialog = ExportDialog(window)
    qtbot.addWidget(dialog)
    dialog.what.setCurrentIndex(dialog.what.count() - 1)  # everything
    settle(qtbot, window)
    assert dialog.note.text().startswith(f"{CLAIMS} claims")
    return dialog


def group_alive(pid: int) -> bool:
    try:
        os.killpg(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_the_window_never_stalls_while_a_500_claim_pdf_exports(dialog, qtbot, tmp_path):
    target = tmp_path / "out" / "report.pdf"
    target.parent.mkdir()
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    percentages: list[str] = []
    timer.start()
    start = time.perf_counter()
    job = dialog.export_to("pdf", target)
    assert job is not None
    job.progressed.connect(lambda *_: percentages.append(dialog.progress.text()))
    qtbot.waitUntil(lambda: dialog.export_job is None, timeout=180_000)
    seconds = time.perf_counter() - start
    timer.stop()
    gaps = [later - earlier for earlier, later in itertools.pairwise(ticks)]
    longest = max(gaps)
    print(f"\n500-claim PDF in a child process: {seconds:.1f} s; longest GUI-thread stall "
          f"{longest * 1000:.0f} ms over {len(ticks)} ticks of 5 ms")  # fmt: skip
    assert target.read_bytes()[:5] == b"%PDF-"
    assert "report of 500 claims" in dialog.window_.statusBar().currentMessage()
    assert "100%" in percentages  # the bar counts claims, in percent
    assert longest < 0.25  # generous: measured far lower, the machine may be busy


def test_cancel_ends_the_child_at_once_and_leaves_no_file(dialog, qtbot, tmp_path):
    target = tmp_path / "out" / "report.pdf"
    target.parent.mkdir()
    job = dialog.export_to("pdf", target)
    assert job is not None
    qtbot.waitUntil(lambda: "Laying out" in dialog.note.text(), timeout=60_000)
    pid, work_dir = job._process.pid, job._work_dir
    start = time.perf_counter()
    dialog.reject()
    took = time.perf_counter() - start
    print(f"\nCancel ended the export's child process in {took * 1000:.0f} ms")
    assert took < 0.2  # the window waits neither for the kernel nor for the files
    assert dialog.export_job is None and dialog.note.text().startswith("Cancelled")
    # The killed process is reaped, and its files removed, by a thread of the window's.
    qtbot.waitUntil(lambda: not group_alive(pid), timeout=3000)
    qtbot.waitUntil(lambda: not os.path.exists(work_dir), timeout=3000)
    assert list(target.parent.iterdir()) == []


def test_cancel_ends_a_long_reports_chunk_workers_too(dialog, qtbot, tmp_path, monkeypatch):
    """A report longer than a chunk is laid out by worker processes of the child's: Cancel
    ends them with it (one process group), and their temporary files go with them."""
    monkeypatch.setenv("FACTDESK_PDF_CHUNK_CLAIMS", "100")  # the child inherits it
    target = tmp_path / "out" / "report.pdf"
    target.parent.mkdir()
    job = dialog.export_to("pdf", target)
    assert job is not None
    qtbot.waitUntil(lambda: "claims 101–200 of 500" in dialog.note.text(), timeout=120_000)
    pid, work_dir = job._process.pid, job._work_dir
    assert any(os.scandir(work_dir))  # the chunks' files are there
    dialog.reject()
    # SIGKILL is delivered at once, but the workers (now the init process's children) are
    # gone from the group only once reaped: a moment under load.
    qtbot.waitUntil(lambda: not group_alive(pid), timeout=3000)
    qtbot.waitUntil(lambda: not os.path.exists(work_dir), timeout=3000)
    assert list(target.parent.iterdir()) == []
