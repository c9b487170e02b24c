"""Import figures.

1. Whole pipeline per article (extract + split + score + store) beside extraction alone,
   on the 181 pages of the Article Extraction Benchmark (issue 4; target <= 1.5x).
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

from factdesk.claims import split_claims  # noqa: E402
from factdesk.desk import Desk  # noqa: E402
from factdesk.ingest.extract import extract_article  # noqa: E402

PAGES = sorted((HERE.parent.parent / "shared" / "data" / "aeb" / "html").glob("*.html.gz"))


def pipeline_ratio() -> None:
    pages = [(p.name, gzip.decompress(p.read_bytes())) for p in PAGES]
    for name, html in pages[:5]:  # warm up imports and caches
        split_claims(extract_article(html, source=name))
    start = time.perf_counter()
    for name, html in pages:
        extract_article(html, source=name)
    extract_only = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as tmp, Desk(Path(tmp) / "b.db") as desk:
        start = time.perf_counter()
        claims = 0
        for name, html in pages:
            claims += desk.import_article(extract_article(html, source=name)).claim_count
        whole = time.perf_counter() - start
    n = len(pages)
    print(
        f"pipeline on {n} pages ({claims} claims): extract alone {extract_only / n * 1000:.1f} ms"
        f"/page, extract+split+score+store {whole / n * 1000:.1f} ms/page, "
        f"ratio {whole / extract_only:.2f} (target <= 1.5)"
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
    bulk(args.files)


if __name__ == "__main__":
    main()
