"""GUI figures.

Issue 10 (the operations layer), each beside the way the first release did the same work,
measured in the same run:

- J (next claim) with 100,000 imported ClaimReview items: the GUI-thread time of a key
  press (until the panel shows the claim), median and worst; and when its details
  (evidence, history, prior fact-checks, similar claims) arrive from the reader thread.
  Peer: the Desk calls the first release made on the GUI thread for each J.
- the longest GUI-thread stall (a 5 ms timer probe) while a folder of 200 articles is
  imported; peer: the same import reading the files on threads in the app's process.
- the longest stall while 10,000 claims are exported as an HTML report; peer: the export
  run on the GUI thread.
Targets: J <= 50 ms; no stall over 50 ms. The probe's longest gap with nothing to do is
printed first: on a busy machine it is the floor under every stall figure.

Issue 6, with --big-db PATH (1,000,000 claims: python bench/bench_store.py): start-up to
the first page of claims beside a bare PySide6 window, the text filter, peak memory.

Run: python bench/bench_gui.py [--reviews N] [--claims N] [--big-db PATH [--runs 3]]
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bench.common import shared_data  # noqa: E402

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
from factdesk.gui.main_window import MainWindow
from factdesk.gui.operations import DeskSession
app = make_app()
window = MainWindow(DeskSession(sys.argv[1]), window_settings())
window.resize(1400, 860)
window.show()

def pump_until(done, timeout=120):
    deadline = time.monotonic() + timeout
    while not done():
        if time.monotonic() > deadline:
            print("TIMED OUT", flush=True)  # (issue 22: no wait without an end)
            sys.exit(3)
        app.processEvents()
        time.sleep(0.0005)

pump_until(lambda: window.claims.model.rowCount() > 0 and window.session.idle())
print("READY", flush=True)
queries = json.loads(sys.argv[2])
claims = window.claims

def settle():
    pump_until(window.session.idle)

def filter_ms(scope):
    claims.scope.setCurrentIndex(scope)
    settle()
    times = []
    for query in queries:
        start = time.perf_counter()
        claims.search.setText(query)
        claims.apply_filters()  # what the search box's debounce timer calls
        settle()  # the rows, read on the reader thread, are in
        times.append((time.perf_counter() - start) * 1000)
        claims.search.clear()
        claims.apply_filters()
        settle()
    return statistics.median(times), max(times)

all_median, all_max = filter_ms(1)
one_median, one_max = filter_ms(0)
claims.scope.setCurrentIndex(1)
settle()
start = time.perf_counter()
for _ in range(10):
    claims.move_claim(1)
    app.processEvents()
jk_ms = (time.perf_counter() - start) * 100
print(json.dumps({
    "filter_all_ms": all_median, "filter_all_max_ms": all_max,
    "filter_one_ms": one_median, "filter_one_max_ms": one_max,
    "jk_ms": jk_ms,
    "rows_loaded": claims.model.rowCount(),
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
        process.kill()
        raise SystemExit(f"did not start: {line}{process.communicate(timeout=60)[1]}")
    rest, err = process.communicate(timeout=600)
    if process.returncode:
        raise SystemExit(f"failed: {err}")
    return ready, rest.splitlines()


SAMPLE = HERE.parent / "seeds" / "000_ea872c36249f8574.txt"


class StallProbe:
    """A 5 ms timer on the GUI thread: the longest gap between its ticks is the longest
    time the event loop could not run (a frozen window)."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._tick)
        self.gaps: list[float] = []
        self._last = 0.0

    def _tick(self) -> None:
        now = time.perf_counter()
        self.gaps.append((now - self._last) * 1000)
        self._last = now

    def __enter__(self) -> StallProbe:
        self._last = time.perf_counter()
        self.timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.timer.stop()

    def worst(self) -> float:
        return max(self.gaps, default=0.0)


def pump_until(app, done: Callable[[], bool], timeout: float = 600) -> None:
    deadline = time.monotonic() + timeout
    while not done():
        if time.monotonic() > deadline:
            raise SystemExit("timed out")
        app.processEvents()
        time.sleep(0.001)


def sentences(limit: int) -> list[str]:
    """Real claim-like sentences (CheckThat! check-worthiness corpus), made distinct."""
    found = []
    for path in sorted((shared_data() / "checkworthy").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            text = json.loads(line)["text"].strip()
            if len(text.split()) >= 6:
                found.append(text)
    out = []
    for n in range(limit):
        base = found[n % len(found)]
        out.append(base if n < len(found) else f"{base} (report {n // len(found)})")
    return out


def reviews_db(path: Path, reviews: int) -> Path:
    """The sample article and `reviews` imported ClaimReview items."""
    from factdesk.desk import Desk
    from factdesk.model import PriorCheck

    if path.exists():
        return path
    with Desk(path) as desk:
        desk.import_source(str(SAMPLE))
        checks = [
            PriorCheck(
                claim_text=text,
                url=f"https://checks.example.org/review/{n}",
                publisher="Example Checks",
                rating=("False", "Mostly False", "Half True", "True")[n % 4],
            )
            for n, text in enumerate(sentences(reviews))
        ]
        desk.save_prior_checks(None, checks)
    return path


def window_on(db: Path):
    from PySide6.QtCore import QSettings

    from factdesk.gui.main_window import MainWindow
    from factdesk.gui.operations import DeskSession

    # A fresh window each time: a restored session would start at the last claim reached.
    (db.parent / "window.ini").unlink(missing_ok=True)
    settings = QSettings(str(db.parent / "window.ini"), QSettings.Format.IniFormat)
    window = MainWindow(DeskSession(db), settings)
    window.resize(1400, 860)
    window.show()
    return window


def measure_j(app, db: Path, presses: int, think: float = 1.0) -> dict:
    """Press J (K on the way back) `presses` times, a reviewer's `think` seconds apart: the
    GUI thread's time for each key, and when (within `think`) the claim's details came."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    window = window_on(db)
    pump_until(app, lambda: window.panel.claim is not None and window.session.idle())
    gui, details = [], []
    for n in range(presses):
        key = Qt.Key.Key_J if (n // 20) % 2 == 0 else Qt.Key.Key_K
        start = time.perf_counter()
        QTest.keyClick(window.claims.view, key)
        app.processEvents()
        gui.append((time.perf_counter() - start) * 1000)
        while time.perf_counter() - start < think and not window.session.idle():
            app.processEvents()
            time.sleep(0.001)
        if window.session.idle():
            details.append((time.perf_counter() - start) * 1000)
        while time.perf_counter() - start < think:  # the reviewer reads
            app.processEvents()
            time.sleep(0.005)
    window.close()
    app.processEvents()
    return {"gui": gui, "details": details}


def measure_old_j(db: Path, presses: int) -> list[float]:
    """What a J cost on the GUI thread in the first release: these calls, in turn."""
    from factdesk.desk import Desk
    from factdesk.model import ClaimFilter

    times = []
    with Desk(db) as desk:
        claims = desk.claims(ClaimFilter(), limit=presses)
        for claim in claims[:presses]:
            start = time.perf_counter()
            desk.claim(claim.id)
            desk.evidence(claim.id)
            desk.history(claim.id)
            # (similarity() fails on some texts: the time until then still counts)
            with contextlib.suppress(ValueError):
                desk.prior_checks_for(claim.id)
            times.append((time.perf_counter() - start) * 1000)
    return times


def article_folder(folder: Path, count: int = 200) -> Path:
    """Real article pages (AEB, and pages with embedded posts), topped up with text files."""
    folder.mkdir(parents=True, exist_ok=True)
    pages = sorted((shared_data() / "aeb" / "html").glob("*.html.gz"))
    pages += sorted((shared_data() / "tweets").rglob("*.html.gz"))
    for page in pages[:count]:
        (folder / page.name.removesuffix(".gz")).write_bytes(gzip.decompress(page.read_bytes()))
    texts = sentences(40 * count)
    n = len(list(folder.iterdir()))
    while n < count:
        body = "\n\n".join(texts[n * 12 : n * 12 + 12])
        (folder / f"article-{n}.txt").write_text(f"Article {n}\n\n{body}\n", encoding="utf-8")
        n += 1
    return folder


def measure_import(
    app, db: Path, folder: Path, in_process: bool
) -> tuple[float, float, float, int]:
    """Seconds to import the folder; the longest stall (ms) while importing, and while the
    imported article is then drawn; articles imported."""
    from factdesk.gui import imports

    window = window_on(db)
    pump_until(app, window.session.idle)
    saved = imports.PROCESSES_FROM
    imports.PROCESSES_FROM = 10**9 if in_process else 2
    outcome: dict = {}
    start = time.perf_counter()
    probe = StallProbe()
    window.importer.imported.connect(
        lambda results, errors: outcome.update(n=len(results), at=len(probe.gaps))
    )
    with probe:
        window.importer.import_folder(folder)
        pump_until(app, lambda: "n" in outcome and window.session.idle())
    seconds = time.perf_counter() - start
    imports.PROCESSES_FROM = saved
    window.close()
    app.processEvents()
    during, after = probe.gaps[: outcome["at"]], probe.gaps[outcome["at"] :]
    return seconds, max(during, default=0), max(after, default=0), outcome["n"]


def claims_db(path: Path, claims: int) -> Path:
    """`claims` claims in 40 articles, every one rated."""
    from factdesk.desk import Desk
    from factdesk.model import Article, Claim, ClaimFilter

    if path.exists():
        return path
    texts = sentences(claims)
    per = claims // 40
    with Desk(path) as desk:
        for a in range(40):
            lines = texts[a * per : (a + 1) * per]
            article = Article(source=f"a{a}.txt", text="\n".join(lines), title=f"Article {a}")

            def split(article, lines=lines) -> list[Claim]:
                out, offset = [], 0
                for line in lines:
                    out.append(
                        Claim(text=line, sentence=line, start=offset, end=offset + len(line))
                    )
                    offset += len(line) + 1
                return out

            result = desk.import_article(article, split=split)
            for claim in desk.claims(ClaimFilter(article_id=result.article.id)):
                desk.set_verdict(claim.id, str(1 + len(claim.text) % 6), summary="Checked.")
    return path


def measure_export(app, db: Path, target: Path, on_gui_thread: bool) -> tuple[float, float]:
    """Seconds to export everything as HTML, longest stall (ms)."""
    from factdesk.desk import Desk
    from factdesk.gui.export_dialog import ExportDialog

    window = window_on(db)
    pump_until(app, window.session.idle)
    dialog = ExportDialog(window)
    dialog.what.setCurrentIndex(dialog.what.count() - 1)  # everything
    pump_until(app, window.session.idle)
    start = time.perf_counter()
    with StallProbe() as probe:
        if on_gui_thread:  # the first release: desk.export called by the dialog itself
            with Desk(db) as desk:
                desk.export("html", target, rated_only=True)
            app.processEvents()
        else:
            dialog.export_to("html", target)
            pump_until(app, lambda: window.session.idle() and target.exists())
    seconds = time.perf_counter() - start
    dialog.close()
    window.close()
    app.processEvents()
    return seconds, probe.worst()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reviews", type=int, default=100_000)
    parser.add_argument("--presses", type=int, default=60)
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--only-j", action="store_true")
    parser.add_argument("--skip-j", action="store_true")
    parser.add_argument("--big-db", type=Path, help="also the issue-6 figures on this database")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if args.big_db:
        big_db(args)
    from factdesk.gui.app import make_app

    os.environ["FACTDESK_DATA_DIR"] = tempfile.mkdtemp(prefix="factdesk-bench-")
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    app = make_app()
    with StallProbe() as idle:
        pump_until(app, lambda: len(idle.gaps) >= 400)  # two seconds of nothing to do
    print(f"noise floor: longest gap of the timer probe in 2 s with nothing to do: "
          f"{idle.worst():.0f} ms (load average {os.getloadavg()[0]:.1f})")  # fmt: skip

    if not args.skip_j:
        measure_all_j(app, out, args)
    if args.only_j:
        return
    stalls(app, out, args)


def measure_all_j(app, out: Path, args: argparse.Namespace) -> None:
    db = reviews_db(out / f"reviews-{args.reviews}.db", args.reviews)
    j = measure_j(app, db, args.presses)
    old = measure_old_j(db, 20)
    print(f"J with {args.reviews:,} imported ClaimReview items ({args.presses} presses):")
    print(f"  GUI thread per key: median {statistics.median(j['gui']):.1f} ms, "
          f"worst {max(j['gui']):.1f} ms (target <= 50 ms)")  # fmt: skip
    arrived = j["details"]
    if arrived:
        print(f"  details (reader thread) within 1 s for {len(arrived)} of {args.presses} "
              f"keys: median {statistics.median(arrived):.0f} ms, "
              f"worst {max(arrived):.0f} ms")  # fmt: skip
    else:
        print(f"  details (reader thread) within 1 s for none of {args.presses} keys")
    # (The first release's look-ups had no full-text pre-filter: 44.5 s a key, RESULTS.md.)
    print(f"  the first release's way, today's look-ups on the GUI thread: median "
          f"{statistics.median(old):.0f} ms, worst {max(old):.0f} ms; "
          f"ratio {statistics.median(old) / statistics.median(j['gui']):.0f}x")  # fmt: skip


def stalls(app, out: Path, args: argparse.Namespace) -> None:
    work = Path(tempfile.mkdtemp(prefix="factdesk-bench-import-"))
    folder = article_folder(work / "articles")
    for in_process, label in ((True, "a pool thread (the app, under 400 files)"),
                              (False, "2 worker processes (the app, from 400 files)")):  # fmt: skip
        target = work / f"import-{in_process}.db"
        seconds, stall, drawn, imported = measure_import(app, target, folder, in_process)
        print(f"import of a folder of {imported} articles, reading in {label}: "
              f"{seconds:.1f} s, longest GUI stall {stall:.0f} ms (target <= 50 ms); "
              f"then drawing the imported article: {drawn:.0f} ms")  # fmt: skip

    db = claims_db(out / f"claims-{args.claims}.db", args.claims)
    for on_gui, label in ((False, "on the reader thread (now)"),
                          (True, "on the GUI thread (first release)")):  # fmt: skip
        seconds, stall = measure_export(app, db, work / f"report-{on_gui}.html", on_gui)
        print(f"export of {args.claims:,} claims as HTML {label}: {seconds:.1f} s, "
              f"longest GUI stall {stall:.0f} ms")  # fmt: skip
    shutil.rmtree(work, ignore_errors=True)


def big_db(args: argparse.Namespace) -> None:
    """The issue-6 figures on a database of a million claims (bench_store.py makes it)."""
    if not args.big_db.exists():
        raise SystemExit(f"{args.big_db}: missing; build it with python bench/bench_store.py")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    env["FACTDESK_DATA_DIR"] = tempfile.mkdtemp(prefix="factdesk-bench-")  # no saved layout

    from factdesk.desk import Desk

    with Desk(args.big_db) as desk:
        claims = desk.count_claims()
        articles = len(desk.articles())
    bare, app, figures = [], [], []
    for _ in range(args.runs):
        bare.append(launch(BARE, env=env)[0])
        seconds, output = launch(APP, str(args.big_db), json.dumps(QUERIES), env=env)
        app.append(seconds)
        figures.append(json.loads(output[-1]))
    bare_s, app_s = statistics.median(bare), statistics.median(app)
    last = figures[-1]
    print(f"database: {args.big_db} ({claims:,} claims in {articles:,} articles)")
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
