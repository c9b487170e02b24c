"""The window while a long PDF exports (issue 22 item 2): a 500-claim report laid out by
Typst in the export's child process (what File > Export does), beside the same export run
in the app's process on a thread (the way WeasyPrint ran before), in one run.

A heartbeat (a 5 ms precise QTimer on the GUI thread, the app's real event loop running,
not a processEvents loop) records every gap between its ticks: a gap is how long the
window could not react. The distribution is printed (median, 90th, 99th percentile,
longest, how many over 50 ms), first with nothing to do: on a busy machine that floor is
under every figure. Then Cancel, several times: how long `cancel()` takes to return, and
how long until the export's whole process group is gone.

The export's child process imports this script as its main module, as it would the
app's (factdesk.cli): so nothing heavy is imported here at the top.

Run: python bench/bench_export_window.py [--claims 500] [--runs 3] [--cancels 5]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

STALL_MS = 50


class Heartbeat:
    """A 5 ms timer on the GUI thread; `gaps` holds the milliseconds between its ticks."""

    def __init__(self) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._tick)
        self.gaps: list[float] = []
        self._last = 0.0

    def _tick(self) -> None:
        now = time.perf_counter()
        self.gaps.append((now - self._last) * 1000)
        self._last = now

    def __enter__(self) -> Heartbeat:
        self._last = time.perf_counter()
        self.timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.timer.stop()


def run_loop_until(done: Callable[[], bool], timeout: float) -> None:
    """Run the app's event loop (as the window does) until `done()`; fail after `timeout`."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    deadline = time.monotonic() + timeout
    timed_out = []

    def check() -> None:
        if done():
            loop.quit()
        elif time.monotonic() > deadline:
            timed_out.append(True)
            loop.quit()

    checker = QTimer()
    checker.setInterval(10)
    checker.timeout.connect(check)
    checker.start()
    loop.exec()
    checker.stop()
    if timed_out:
        raise SystemExit(f"timed out after {timeout:.0f} s")


def distribution(gaps: list[float]) -> str:
    if not gaps:
        return "no ticks"
    ordered = sorted(gaps)

    def pct(p: float) -> float:
        return ordered[min(len(ordered) - 1, int(p * len(ordered)))]

    over = sum(1 for gap in gaps if gap > STALL_MS)
    return (f"{len(gaps)} ticks: median {pct(0.5):.1f} ms, p90 {pct(0.9):.1f}, "
            f"p99 {pct(0.99):.1f}, "
            f"longest {ordered[-1]:.0f} ms, {over} over {STALL_MS} ms")  # fmt: skip


def group_alive(pid: int) -> bool:
    try:
        os.killpg(pid, 0)
    except ProcessLookupError:
        return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--claims", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cancels", type=int, default=5)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="factdesk-bench-export-"))
    os.environ["FACTDESK_DATA_DIR"] = str(work / "data")
    try:
        measure(work, args)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def measure(work: Path, args: argparse.Namespace) -> None:
    from factdesk.desk import Desk
    from factdesk.gui.app import make_app, window_settings
    from factdesk.gui.export_dialog import ExportDialog
    from factdesk.gui.main_window import MainWindow
    from factdesk.gui.operations import DeskSession
    from tests.report.big_desk import build_big_desk

    db = build_big_desk(work / "big.db", args.claims)
    print(f"load average at start: {' '.join(f'{x:.1f}' for x in os.getloadavg())}; "
          f"{os.cpu_count()} cores")  # fmt: skip
    app = make_app()  # noqa: F841 (the application lives while the window does)
    window = MainWindow(DeskSession(db), window_settings())
    window.show()
    run_loop_until(lambda: window.claims.model.rowCount() > 0 and window.session.idle(), 120)
    dialog = ExportDialog(window)
    dialog.what.setCurrentIndex(dialog.what.count() - 1)  # everything
    dialog.show()
    run_loop_until(lambda: dialog.note.text().startswith(f"{args.claims} claims"), 120)

    with Heartbeat() as idle:
        run_loop_until(lambda: len(idle.gaps) >= 600, 60)
    print(f"floor, nothing to do (3 s): {distribution(idle.gaps)}")

    child_gaps: list[float] = []
    child_seconds: list[float] = []
    for run in range(args.runs):
        target = work / f"child-{run}.pdf"
        with Heartbeat() as beat:
            start = time.perf_counter()
            job = dialog.export_to("pdf", target)
            assert job is not None
            run_loop_until(lambda: dialog.export_job is None, 600)
            child_seconds.append(time.perf_counter() - start)
        if not target.exists():
            raise SystemExit(f"the export failed: {dialog.note.text()}")
        child_gaps += beat.gaps
        dialog.show()  # (a finished export closes the dialog)
    child_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"{args.claims}-claim PDF in the export's child process, {args.runs} runs: "
          f"{', '.join(f'{s:.1f}' for s in child_seconds)} s (target <= 5 s); "
          f"child's peak memory {child_mb:.0f} MB")  # fmt: skip
    print(f"  the window meanwhile: {distribution(child_gaps)} (target: none over 50 ms)")

    # Peer: the same export in the app's own process, on a thread (as WeasyPrint ran).
    target = work / "thread.pdf"
    with Heartbeat() as beat:
        start = time.perf_counter()

        def export_here() -> None:
            with Desk(db, read_only=True) as desk:
                desk.export("pdf", target)

        worker = threading.Thread(target=export_here)
        worker.start()
        run_loop_until(lambda: not worker.is_alive(), 600)
        seconds = time.perf_counter() - start
    print(f"peer: the same PDF on a thread of the app's process: {seconds:.1f} s")
    print(f"  the window meanwhile: {distribution(beat.gaps)}")
    longest_child = max(child_gaps, default=0.0)
    longest_thread = max(beat.gaps, default=0.0)
    print(f"  longest freeze: child process {longest_child:.0f} ms, thread "
          f"{longest_thread:.0f} ms (ratio {longest_thread / max(longest_child, 1):.2f}); "
          f"only a child process can be ended at once by Cancel")  # fmt: skip

    for how in ("Cancel", "peer: a Cancel that waits for the child (as before)"):
        returned: list[float] = []
        gone: list[float] = []
        cancel_gaps: list[float] = []
        for run in range(args.cancels):
            target = work / f"cancel-{run}.pdf"
            job = dialog.export_to("pdf", target)
            assert job is not None
            run_loop_until(lambda: "Laying out" in dialog.note.text(), 120)
            pid, work_dir = job._process.pid, job._work_dir
            with Heartbeat() as beat:
                start = time.perf_counter()
                if how == "Cancel":
                    dialog.reject()  # what Cancel does
                else:  # the GUI thread reaps the killed child and removes its files
                    job._kill()
                    job._finish(wait=True)
                    job.failed.emit("")
                returned.append((time.perf_counter() - start) * 1000)
                run_loop_until(lambda pid=pid, work_dir=work_dir: not group_alive(pid)
                               and not os.path.exists(work_dir or ""), 10)  # fmt: skip
                gone.append((time.perf_counter() - start) * 1000)
            cancel_gaps += beat.gaps
            assert dialog.export_job is None and not target.exists()
        if returned:
            print(f"{how} while Typst lays out, {args.cancels} times: returns in median "
                  f"{statistics.median(returned):.0f} ms (longest {max(returned):.0f}); process "
                  f"group and files gone in median {statistics.median(gone):.0f} ms (longest "
                  f"{max(gone):.0f})")  # fmt: skip
            print(f"  the window meanwhile: {distribution(cancel_gaps)}")
    print(f"load average at end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    dialog.close()
    window.close()


if __name__ == "__main__":
    main()
