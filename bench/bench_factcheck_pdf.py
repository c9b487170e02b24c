"""The fact-check page's PDF (export format page-pdf, issue 20), laid out by WeasyPrint
from the page's HTML and print CSS, beside the page's HTML and Typst's digest report PDF
of the same claims, in one run (issue 22: should page-pdf move to Typst too?).

Each export runs in a fresh process of its own (as the app's export child does), so its
peak memory (ru_maxrss) is its own; CPU seconds are the figure a busy machine does not
inflate. The claims: `bench`-style rated claims (tests/report/big_desk.py), each with a
fact-check of three paragraphs citing its evidence.

Run: python bench/bench_factcheck_pdf.py [--counts 1 10 100]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from factdesk.desk import Desk  # noqa: E402
from tests.report.big_desk import build_big_desk  # noqa: E402

FINDINGS = (
    "The post names no source. We searched the register of party members [1], which "
    "covers everyone who joined since 1998.\n\nThe register has **no record** of it [1].\n\n"
    "We asked the post's author for a source and had no reply."
)
EXPORT = r"""
import json, resource, sys, time
from pathlib import Path
from factdesk.desk import Desk
db, fmt, out, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
wall, cpu = time.perf_counter(), time.process_time()
with Desk(Path(db), read_only=True) as desk:
    ids = [claim.id for claim in desk.claims() if claim.verdict][:count]
    desk.export(fmt, Path(out), claims=ids, rated_only=False)
print(json.dumps({"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu,
                  "mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""
WHAT = {"page-pdf": "fact-check pages, PDF (WeasyPrint)", "page": "fact-check pages, HTML",
        "pdf": "digest report, PDF (Typst)"}  # fmt: skip


def pdf_pages(path: Path) -> str:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    return next((line.split()[-1] for line in info.splitlines() if line.startswith("Pages")), "?")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--counts", type=int, nargs="+", default=[1, 10, 100])
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="factdesk-bench-pages-"))
    try:
        db = build_big_desk(work / "desk.db", max(args.counts))
        with Desk(db) as desk:
            for claim in desk.claims():
                if claim.verdict:
                    desk.save_factcheck(claim.id, findings=FINDINGS)
        print(f"load average at start: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        for count in args.counts:
            for fmt in ("page-pdf", "page", "pdf"):
                out = work / f"{fmt}-{count}.out"
                done = subprocess.run([sys.executable, "-c", EXPORT, str(db), fmt, str(out),
                                       str(count)], capture_output=True, text=True, env=env,
                                      timeout=1800)  # fmt: skip
                if done.returncode:
                    print(f"{count} {fmt}: failed: {done.stderr.strip().splitlines()[-1]}")
                    continue
                figures = json.loads(done.stdout.strip().splitlines()[-1])
                pages = f", {pdf_pages(out)} pages" if fmt != "page" else ""
                print(f"{count:>4} claims, {WHAT[fmt]}: CPU {figures['cpu']:.2f} s, wall "
                      f"{figures['wall']:.2f} s, peak {figures['mb']:.0f} MB, "
                      f"{out.stat().st_size / 1000:.0f} KB{pages}")  # fmt: skip
        print(f"load average at end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
