"""Import figures.

1. The import pipeline per article beside extraction alone, on the 181 pages of the
   Article Extraction Benchmark, paired page by page (issue 22 item 8; target <= 1.3x):
   the import (claims stored with provisional scores, readable at once), and the import
   with its refinement (the sentence encoder's final scores, a second transaction).
2. Bulk import of 1,000 local HTML files with `factdesk import FOLDER`, 1 and 2 worker
   processes: articles/s (issue 3). The files are copies of the benchmark pages, each made
   distinct by a sentence in its first paragraph, so every one is a new article.

Run: python bench/bench_import.py [--files 1000]
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bench.common import shared_data  # noqa: E402
from factdesk.desk import Desk, provisional_split  # noqa: E402
from factdesk.ingest.extract import extract_article  # noqa: E402

PAGES = sorted((shared_data() / "aeb" / "html").glob("*.html.gz"))


def pipeline_ratio(rounds: int = 3) -> None:
    """Paired page by page: each page is extracted alone, then imported (extract + split
    with provisional n-gram scores + store: the claims stored and readable), then imported
    and refined (the sentence encoder's scores and kinds, the claims' vectors and seen-
    before marks, stored in a second transaction), each into a fresh database, one right
    after the other, so all three see the same machine; each page's best of `rounds`
    counts. CPU time of this process (its threads included), which a busy machine does
    not inflate as it does wall time.

    The encoder remembers the vectors of the texts it saw last (claims/encoder.py): its
    memory is emptied before each timed refinement, so every one pays for its sentences
    as a new article does."""
    from factdesk.claims import encoder

    pages = [(p.name, gzip.decompress(p.read_bytes())) for p in PAGES]
    with tempfile.TemporaryDirectory() as tmp, Desk(Path(tmp) / "warm.db") as desk:
        for name, html in pages[:5]:  # warm up imports, models and caches
            desk.import_article(extract_article(html, source=name))
    n = len(pages)
    load_before = os.getloadavg()[0]
    extract, split, stored, refined = ([float("inf")] * n for _ in range(4))
    claims = 0
    for _ in range(rounds):
        with (
            tempfile.TemporaryDirectory() as tmp,
            Desk(Path(tmp) / "a.db") as desk,
            Desk(Path(tmp) / "b.db") as whole,
        ):
            claims = 0
            for i, (name, html) in enumerate(pages):
                start = time.process_time()
                article = extract_article(html, source=name)
                extract[i] = min(extract[i], time.process_time() - start)
                start = time.process_time()
                provisional_split(article)
                split[i] = min(split[i], time.process_time() - start)
                start = time.process_time()
                result = desk.import_article(extract_article(html, source=name), refine=False)
                stored[i] = min(stored[i], time.process_time() - start)
                encoder._cache.clear()
                start = time.process_time()
                claims += whole.import_article(extract_article(html, source=name)).claim_count
                refined[i] = min(refined[i], time.process_time() - start)
                assert result.outcome == "new"
    ms = 1000 / n
    print(
        f"import pipeline on {n} pages ({claims} claims), paired page by page, best of "
        f"{rounds}, CPU time (load average {load_before:.1f} before, "
        f"{os.getloadavg()[0]:.1f} after): extraction alone {sum(extract) * ms:.1f} ms/page"
    )
    for label, times, target in (
        ("import (extract + split + n-gram scores + store: claims readable)", stored, "; "
         "target <= 1.3"),
        ("import and refinement (+ encoder scores, kinds, vectors, marks)", refined, ""),
    ):  # fmt: skip
        ratios = sorted(t / e for t, e in zip(times, extract, strict=True))
        print(
            f"  {label}: {sum(times) * ms:.1f} ms/page, ratio {sum(times) / sum(extract):.2f} "
            f"to extraction alone (median page {ratios[n // 2]:.2f}{target})"
        )
    print(
        f"  within the import: split with provisional scores {sum(split) * ms:.1f} ms/page, "
        f"store (one transaction, FTS5 and count triggers) "
        f"{(sum(stored) - sum(extract) - sum(split)) * ms:.1f} ms/page; the refinement after "
        f"it {(sum(refined) - sum(stored)) * ms:.1f} ms/page"
    )


def make_folder(folder: Path, count: int) -> None:
    first_paragraph = re.compile(rb"<p\b[^>]*>", re.IGNORECASE)
    for n in range(count):
        page = PAGES[n % len(PAGES)]
        html = gzip.decompress(page.read_bytes())
        marker = f"This copy, number {n}, was made for a benchmark. ".encode()
        html = first_paragraph.sub(lambda m, mk=marker: m.group(0) + mk, html, count=1)
        (folder / f"page{n:04}.html").write_bytes(html)


def bulk(count: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "pages"
        folder.mkdir()
        make_folder(folder, count)
        rates = {}
        for workers in (1, 2):
            db = Path(tmp) / f"bulk{workers}.db"
            start = time.perf_counter()
            result = subprocess.run(
                [sys.executable, "-m", "factdesk", "--db", str(db), "import", "--quiet",
                 "--workers", str(workers), str(folder)],
                capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(HERE.parent)},
            )  # fmt: skip
            seconds = time.perf_counter() - start
            imported = sum(1 for line in result.stdout.splitlines() if " claims" in line)
            rates[workers] = imported / seconds
            print(f"bulk import, {workers} worker(s): {imported} of {count} files in "
                  f"{seconds:.1f} s = {rates[workers]:.1f} articles/s")  # fmt: skip
        print(f"bulk import speed-up with 2 workers: {rates[2] / rates[1]:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=1000)
    args = parser.parse_args()
    pipeline_ratio()
    if args.files:  # --files 0: the pipeline figure alone
        bulk(args.files)


if __name__ == "__main__":
    main()
