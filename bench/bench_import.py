"""Import figures.

1. Whole pipeline per article (extract + split + score + store) beside extraction alone,
   on the 181 pages of the Article Extraction Benchmark, paired page by page (issue 22;
   target <= 1.3x).
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
from factdesk.claims import split_claims  # noqa: E402
from factdesk.desk import Desk  # noqa: E402
from factdesk.ingest.extract import extract_article  # noqa: E402

PAGES = sorted((shared_data() / "aeb" / "html").glob("*.html.gz"))


def pipeline_ratio(rounds: int = 3) -> None:
    """Paired page by page: each page is extracted alone, then imported whole (extract +
    split + score + store into a fresh database), one right after the other, so both see
    the same machine; each page's best of `rounds` counts. CPU time of this process (its
    threads included), which a busy machine does not inflate as it does wall time.

    The encoder remembers the vectors of the texts it saw last (claims/encoder.py): its
    memory is emptied before each timed step, so every import pays for its sentences as a
    new article does. Where the time goes is timed on the same page: the split alone
    (sentences, speakers, scoring) and, within the import, the sentence encoder."""
    from factdesk.claims import encoder

    pages = [(p.name, gzip.decompress(p.read_bytes())) for p in PAGES]
    for name, html in pages[:5]:  # warm up imports and caches
        split_claims(extract_article(html, source=name))
    n = len(pages)
    extract, whole, split, encoding = ([float("inf")] * n for _ in range(4))
    encoder_seconds = [0.0]
    embed = encoder.embed

    def timed_embed(texts):  # type: ignore[no-untyped-def]
        start = time.process_time()
        try:
            return embed(texts)
        finally:
            encoder_seconds[0] += time.process_time() - start

    encoder.embed = timed_embed
    import factdesk.claims.checkworthy as checkworthy

    checkworthy.embed = timed_embed  # type: ignore[attr-defined]
    claims = 0
    for _ in range(rounds):
        with tempfile.TemporaryDirectory() as tmp, Desk(Path(tmp) / "b.db") as desk:
            claims = 0
            for i, (name, html) in enumerate(pages):
                start = time.process_time()
                article = extract_article(html, source=name)
                extract[i] = min(extract[i], time.process_time() - start)
                encoder._cache.clear()
                encoder_seconds[0] = 0.0
                start = time.process_time()
                claims += desk.import_article(extract_article(html, source=name)).claim_count
                took = time.process_time() - start
                if took < whole[i]:
                    whole[i], encoding[i] = took, encoder_seconds[0]
                encoder._cache.clear()
                start = time.process_time()
                split_claims(article)
                split[i] = min(split[i], time.process_time() - start)
    encoder.embed = checkworthy.embed = embed  # type: ignore[attr-defined]
    ratios = sorted(w / e for w, e in zip(whole, extract, strict=True))
    ms = 1000 / n
    store = sum(whole) - sum(extract) - sum(split)
    print(
        f"pipeline on {n} pages ({claims} claims), paired page by page, best of {rounds}, "
        f"CPU time: extract alone {sum(extract) * ms:.1f} ms/page, extract+split+score+store "
        f"{sum(whole) * ms:.1f} ms/page, ratio {sum(whole) / sum(extract):.2f} "
        f"(median page {ratios[n // 2]:.2f}; target <= 1.3)"
    )
    print(
        f"  where the time beyond extraction goes: split+speakers+score {sum(split) * ms:.1f} "
        f"ms/page (of which the sentence encoder {sum(encoding) * ms:.1f} ms/page), "
        f"store (one transaction, FTS, seen-before marks) {store * ms:.1f} ms/page"
    )
    print(
        f"  without the sentence encoder: {(sum(whole) - sum(encoding)) * ms:.1f} ms/page, "
        f"ratio {(sum(whole) - sum(encoding)) / sum(extract):.2f} to extraction alone"
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
