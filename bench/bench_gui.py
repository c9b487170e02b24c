"""GUI figures on a big database (issue 6).

- start-up: from launching a fresh Python process to the main window shown with its
  first page of claims, beside a bare PySide6 QMainWindow started the same way in the
  same run (each in a fresh subprocess, median of --runs);
- text filter: time to apply a search to the claims table (all articles, and one
  article), median over several queries, done the way the search box does it;
- peak memory (ru_maxrss) of the app process after all that.

Build the database first: python bench/bench_store.py (1,000,000 claims; --claims N for
a quicker one). Run: python bench/bench_gui.py [--db PATH] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
QUERIES = ["tax", "unemployment rate", "Medicare", "percent jobs", "Iraq war", "budget deficit",
           "health care", "oil", "schools teachers", "Social Security"]  # fmt: skip

BARE = """
import sys
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1400, 860)
window.show()
app.processEvents()
print("READY", flush=True)
"""

APP = """
import json, resource, statistics, sys, time
from factdesk.gui.app import make_app, window_settings
from factdesk.desk import Desk
from factdesk.gui.main_window import MainWindow
app = make_app()
window = MainWindow(Desk(sys.argv[1]), window_settings())
window.resize(1400, 860)
window.show()
app.processEvents()
assert window.claims_model.rowCount() > 0, "no claims shown"
print("READY", flush=True)
queries = json.loads(sys.argv[2])

def filter_ms(scope):
    window.scope.setCurrentIndex(scope)
    times = []
    for query in queries:
        start = time.perf_counter()
        window.search.setText(query)
        window._apply_filters()  # what the search box's debounce timer calls
        app.processEvents()
        times.append((time.perf_counter() - start) * 1000)
        window.search.clear()
        window._apply_filters()
    return statistics.median(times), max(times)

all_median, all_max = filter_ms(1)
one_median, one_max = filter_ms(0)
window.scope.setCurrentIndex(1)
start = time.perf_counter()
for _ in range(10):
    window.move_claim(1)
    app.processEvents()
jk_ms = (time.perf_counter() - start) * 100
print(json.dumps({
    "filter_all_ms": all_median, "filter_all_max_ms": all_max,
    "filter_one_ms": one_median, "filter_one_max_ms": one_max,
    "jk_ms": jk_ms,
    "rows_loaded": window.claims_model.rowCount(),
    "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}), flush=True)
window.close()
"""


def launch(code: str, *args: str, env: dict) -> tuple[float, list[str]]:
    """Seconds from spawning a fresh interpreter to its READY line, and its later output."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )
    line = process.stdout.readline()
    ready = time.perf_counter() - start
    if not line.startswith("READY"):
        raise SystemExit(f"did not start: {line}{process.stderr.read()}")
    rest, err = process.communicate(timeout=600)
    if process.returncode:
        raise SystemExit(f"failed: {err}")
    return ready, rest.splitlines()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, default=HERE / "out" / "claims.db")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if not args.db.exists():
        raise SystemExit(f"{args.db}: missing; build it with python bench/bench_store.py")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    env["FACTDESK_DATA_DIR"] = tempfile.mkdtemp(prefix="factdesk-bench-")  # no saved layout

    from factdesk.desk import Desk

    with Desk(args.db) as desk:
        claims = desk.count_claims()
        articles = len(desk.articles())
    bare, app, figures = [], [], []
    for _ in range(args.runs):
        bare.append(launch(BARE, env=env)[0])
        seconds, output = launch(APP, str(args.db), json.dumps(QUERIES), env=env)
        app.append(seconds)
        figures.append(json.loads(output[-1]))
    bare_s, app_s = statistics.median(bare), statistics.median(app)
    last = figures[-1]
    print(f"database: {args.db} ({claims:,} claims in {articles:,} articles)")
    print(f"start to window with first page of claims: {app_s:.2f} s (target <= 1.5 s)")
    print(f"bare PySide6 QMainWindow, same run:         {bare_s:.2f} s")
    print(f"ratio app / bare: {app_s / bare_s:.1f}x")
    for scope, key in (("all articles", "filter_all"), ("one article: ", "filter_one")):
        median = statistics.median(f[f"{key}_ms"] for f in figures)
        worst = max(f[f"{key}_max_ms"] for f in figures)
        print(f"text filter, {scope} median {median:.0f} ms (worst query {worst:.0f} ms;"
              " target <= 100 ms)")  # fmt: skip
    print(f"J (next claim) incl. panel and reader refresh: {last['jk_ms']:.1f} ms a key")
    peak = max(f["maxrss_mb"] for f in figures)
    print(f"peak memory (ru_maxrss): {peak:.0f} MB (target <= 400 MB)")
    print(f"rows in memory at the end: {last['rows_loaded']} of {claims:,}")


if __name__ == "__main__":
    main()
