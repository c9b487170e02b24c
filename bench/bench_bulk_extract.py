"""Bulk extraction speed: extract_many over copies of the AEB pages (as local .html files)
with 1 and 2 worker processes, in the same run; articles per second and the ratio.

    PYTHONPATH=. python bench/bench_bulk_extract.py [--count 1000]
"""

from __future__ import annotations

import argparse
import gzip
import os
import sys
import tempfile
import time
from pathlib import Path

from common import shared_data

from factdesk.ingest.bulk import extract_many
from factdesk.model import Article


def run(sources: list[str], workers: int) -> tuple[float, int, int, float]:
    started = time.perf_counter()
    parent_cpu = time.process_time()
    articles = errors = 0
    for _, result in extract_many(sources, workers=workers):
        if isinstance(result, Article):
            articles += 1
        else:
            errors += 1
    return time.perf_counter() - started, articles, errors, time.process_time() - parent_cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000, help="files to extract")
    args = parser.parse_args()
    pages = sorted((shared_data() / "aeb" / "html").glob("*.html.gz"))
    with tempfile.TemporaryDirectory() as folder:
        sources = []
        for number in range(args.count):
            path = Path(folder) / f"page{number:04}.html"
            path.write_bytes(gzip.decompress(pages[number % len(pages)].read_bytes()))
            sources.append(str(path))
        print(f"extract_many on {args.count} local HTML files (copies of {len(pages)} AEB pages)")
        rates = {}
        for workers in (1, 2):
            seconds, articles, errors, parent_cpu = run(sources, workers)
            rates[workers] = articles / seconds
            print(
                f"  {workers} worker(s): {seconds:6.1f} s, {rates[workers]:6.1f} articles/s "
                f"({articles} articles, {errors} errors, parent CPU {parent_cpu:.1f} s; "
                "includes starting the workers)"
            )
        print(f"  2 workers / 1 worker: {rates[2] / rates[1]:.2f}x")
        print(f"  load average now: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
