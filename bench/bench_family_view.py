"""What the family view costs (issue 23 item 3), on a desk of N claims (default 100,000) in
articles of 250, with one family of M members (default 200: one claim of each of M
articles, said over two years, one of them rated):

- `Desk.family_timeline` (what F9 and `factdesk family` read);
- opening the family view (F9) until its chart and list are drawn, beside opening the
  statistics view (F8) until its charts are drawn and the main window until its first
  claims are listed, in the same run (ratios; the desk has one verdict, so its statistics
  are cheaper than bench_statistics.py's 5,000);
- the family's verdict offered: `Desk.seen_before` for the M members (what the claims
  table reads for a page), beside the same call for M claims in no family (a ratio).

Run: QT_QPA_PLATFORM=offscreen python bench/bench_family_view.py [--claims N] [--members M]
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench_gui import pump_until  # noqa: E402
from bench_statistics import qt_desk_bench, timed_statistics, timed_window  # noqa: E402
from bench_store import build  # noqa: E402

from factdesk.desk import Desk  # noqa: E402
from factdesk.model import ClaimFilter  # noqa: E402


def make_family(path: Path, members: int) -> tuple[list[str], list[str]]:
    """Link the first claim of each of `members` articles into one family, said a few
    days apart over two years, the first rated; returns the members and as many claims
    in no family."""
    with Desk(path) as desk:
        articles = desk.articles()[: members * 2]
        firsts = [desk.claims(ClaimFilter(article_id=a.id), limit=1)[0].id for a in articles]
        family, strangers = firsts[:members], firsts[members:]
        start = dt.date(2024, 12, 1)
        for n, claim_id in enumerate(family):
            said = start + dt.timedelta(days=n * 730 // members)
            desk.update_claim(claim_id, said_on=said.isoformat())
            if n:
                desk.link_claims(family[0], claim_id)
        desk.set_verdict(family[0], "False", reviewer="checker 1")
        return family, strangers


def timed_family(app, window, claim_id: str) -> float:
    from factdesk.gui.family_view import FamilyDialog

    start = time.perf_counter()
    dialog = FamilyDialog(window.session, claim_id, window)
    dialog.show()
    pump_until(app, lambda: dialog.timeline is not None)
    dialog.repaint()  # the chart and the list drawn
    elapsed = time.perf_counter() - start
    dialog.close()
    dialog.deleteLater()
    return elapsed


def median_ms(fn, repeat: int = 7) -> float:
    fn()  # warm-up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    app, args = qt_desk_bench(members=200)
    cpu_start, load_start = time.process_time(), os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "family.db"
        build(path, args.claims, per_article=250)
        family, strangers = make_family(path, args.members)
        with Desk(path) as desk:
            timeline = desk.family_timeline(family[-1])
            read_ms = median_ms(lambda: desk.family_timeline(family[-1]))
            offered_ms = median_ms(lambda: desk.seen_before(family))
            plain_ms = median_ms(lambda: desk.seen_before(strangers))
            offered = len(desk.seen_before(family))
        views, stats = [], []
        window_ms = timed_window(app, path) * 1000
        window = timed_window.window  # type: ignore[attr-defined]
        for _ in range(5):
            views.append(timed_family(app, window, family[-1]))
            stats.append(timed_statistics(app, window))
        window.close()
        view_ms, stats_ms = statistics.median(views) * 1000, statistics.median(stats) * 1000
    cpu = time.process_time() - cpu_start
    periods = f"{len(timeline.periods())} {timeline.unit()}s from {timeline.first_period()}"
    print(f"desk: {args.claims:,} claims; a family of {len(timeline.appearances)} members, "
          f"{periods}")  # fmt: skip
    print(f"Desk.family_timeline (F9's read, factdesk family): {read_ms:.1f} ms")
    print(f"open the family view, chart and list drawn: {view_ms:.0f} ms; open the "
          f"statistics view, charts drawn: {stats_ms:.0f} ms "
          f"(ratio {view_ms / stats_ms:.2f}); open the main window, first claims listed"
          f" (once): {window_ms:.0f} ms (ratio {view_ms / window_ms:.2f})")  # fmt: skip
    print(f"Desk.seen_before for the {len(family)} members ({offered} offered the family's "
          f"verdict): {offered_ms:.1f} ms; for {len(strangers)} claims in no family: "
          f"{plain_ms:.1f} ms (ratio {offered_ms / plain_ms:.2f})")  # fmt: skip
    print(f"CPU time {cpu:.1f} s; load average {load_start[0]:.1f} at the start, "
          f"{os.getloadavg()[0]:.1f} at the end")  # fmt: skip


if __name__ == "__main__":
    main()
