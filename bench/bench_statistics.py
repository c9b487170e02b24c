"""What the statistics view and the seen-before marks cost (issue 23), on a desk of N
claims (default 100,000) of which R (default 5,000) have a verdict, from 20 reviewers:

- opening the statistics view (F8) until its charts are drawn, beside opening the main
  window until its first claims are listed, in the same run (a ratio);
- `factdesk stats` (Desk.statistics) alone;
- importing an article of 40 claims, beside the same import with the seen-before look-up
  switched off (a ratio): what marking repeats of rated claims at import costs.

Run: QT_QPA_PLATFORM=offscreen python bench/bench_statistics.py [--claims 100000]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import bench_store  # noqa: E402
from bench_gui import pump_until  # noqa: E402
from bench_store import build, sentences  # noqa: E402
from common import shared_data  # noqa: E402

from factdesk.desk import Desk  # noqa: E402
from factdesk.model import Article, ClaimFilter  # noqa: E402


def rate(path: Path, rated: int) -> None:
    rng = random.Random(11)
    with Desk(path) as desk:
        ids = [c.id for c in desk.claims(ClaimFilter(), limit=rated * 10)]
        labels = ("False", "Mostly False", "Half True", "True")
        for claim_id in rng.sample(ids, rated):
            desk.set_verdict(claim_id, rng.choice(labels), reviewer=f"checker {rng.randrange(20)}")


def timed_window(app, path: Path) -> float:
    from PySide6.QtCore import QSettings

    from factdesk.gui.main_window import MainWindow
    from factdesk.gui.operations import DeskSession

    (path.parent / "window.ini").unlink(missing_ok=True)
    start = time.perf_counter()
    session = DeskSession(path)
    window = MainWindow(session, QSettings(str(path.parent / "window.ini"),
                                           QSettings.Format.IniFormat))  # fmt: skip
    window.resize(1400, 860)
    window.show()
    pump_until(app, lambda: window.claims.model.rowCount() > 0 and session.idle())
    elapsed = time.perf_counter() - start
    timed_window.window = window  # type: ignore[attr-defined]
    return elapsed


def timed_statistics(app, window) -> float:
    from factdesk.gui.statistics import StatisticsDialog

    start = time.perf_counter()
    dialog = StatisticsDialog(window.session, window)
    dialog.show()
    pump_until(app, lambda: dialog.figures is not None)
    dialog.repaint()  # the charts drawn
    elapsed = time.perf_counter() - start
    dialog.close()
    dialog.deleteLater()
    return elapsed


def timed_import(path: Path, marks: bool, n: int, pool: list[str]) -> float:
    with Desk(path) as desk:
        if not marks:
            desk.articles_part._mark_seen_before = lambda *_args: None  # type: ignore[method-assign]
        text = f"Bench article {n} ({marks}). " + " ".join(random.Random(n).sample(pool, 40))
        start = time.perf_counter()
        desk.import_article(Article(source=f"import-{n}-{marks}.txt", text=text))
        return time.perf_counter() - start


def qt_desk_bench(**counts: int) -> tuple[Any, argparse.Namespace]:
    """The QApplication and the arguments (--claims, and each of `counts` with its default)
    of a benchmark on a synthetic desk in the GUI."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--claims", type=int, default=100_000)
    for name, default in counts.items():
        parser.add_argument(f"--{name}", type=int, default=default)
    args = parser.parse_args()
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    # (bench_store names the data beside the main checkout; this finds it from a worktree too)
    bench_store.DATA = shared_data() / "checkworthy" / bench_store.DATA.name
    return app, args


def main() -> None:
    app, args = qt_desk_bench(rated=5_000)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "stats.db"
        build(path, args.claims)
        rate(path, args.rated)
        with Desk(path) as desk:
            start = time.perf_counter()
            figures = desk.statistics()
            stats_ms = (time.perf_counter() - start) * 1000
        windows, views = [], []
        for _ in range(3):
            windows.append(timed_window(app, path))
            window = timed_window.window  # type: ignore[attr-defined]
            views.append(timed_statistics(app, window))
            window.close()
            window.deleteLater()
            app.processEvents()
        window_s, view_s = statistics.median(windows), statistics.median(views)
        print(f"desk: {args.claims:,} claims, {figures.rated_claims:,} rated, "
              f"{len(figures.verdicts_per_checker)} checkers")  # fmt: skip
        print(f"Desk.statistics (factdesk stats): {stats_ms:.0f} ms")
        print(f"open the statistics view, charts drawn: {view_s * 1000:.0f} ms; open the "
              f"main window, first claims listed: {window_s * 1000:.0f} ms "
              f"(ratio {view_s / window_s:.2f})")  # fmt: skip
        pool = sentences()
        plain, marked = [], []
        for n in range(5):
            plain.append(timed_import(path, False, n, pool))
            marked.append(timed_import(path, True, n + 100, pool))
        plain_ms = statistics.median(plain) * 1000
        marked_ms = statistics.median(marked) * 1000
        print(f"import an article of 40 claims with seen-before marks: {marked_ms:.0f} ms; "
              f"without: {plain_ms:.0f} ms (ratio {marked_ms / plain_ms:.2f})")  # fmt: skip


if __name__ == "__main__":
    main()
