"""What this branch's claims pipeline costs per article, beside another revision's.

    PYTHONPATH=. python bench/bench_claims_speed.py [--ref main] [--rounds 2] [--no-scoring]

For each of the 181 AEB pages: the CPU time of extraction, and of splitting it into
claims (sentences, page furniture, speakers, check-worthiness and kinds scoring with the
shipped model): the time an import spends before storing. The other revision's factdesk
and resources are taken from git (`git archive`) into a temporary folder; each revision
runs in its own process, in turns (A, B, A, B), so both see the same machine; each
page's best round counts. Prints the median and the mean per page, and the ratio.
--no-scoring times sentences, furniture and speakers alone (every sentence given one
constant score): the attribution's own cost, which the encoder's time would hide.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

CHILD = r"""
import gzip, json, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from factdesk.claims import split_claims
from factdesk.ingest.extract import extract_article
score = None
if sys.argv[3] == "no-scoring":
    from factdesk.claims.checkworthy import CheckworthyScore
    score = lambda texts, genres: [CheckworthyScore(0.6, True, "other") for _ in texts]
pages = sorted(Path(sys.argv[2]).glob("*.html.gz"))
htmls = [(p.name, gzip.decompress(p.read_bytes())) for p in pages]
for name, html in htmls[:5]:
    split_claims(extract_article(html, source=name), score)  # warm up: imports, models
out = []
for name, html in htmls:
    t = time.process_time()
    article = extract_article(html, source=name)
    e = time.process_time() - t
    t = time.process_time()
    claims = split_claims(article, score)
    s = time.process_time() - t
    out.append((e, s, len(claims)))
print(json.dumps(out))
"""


def checkout(ref: str, into: Path) -> Path:
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", ref, "factdesk", "resources"],
        check=True,
        capture_output=True,
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


def run(root: Path, pages: Path, scoring: str) -> list[tuple[float, float, int]]:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(root), str(pages), scoring],
        check=True,
        capture_output=True,
        text=True,
    )
    return [tuple(row) for row in json.loads(done.stdout)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ref", default="main", help="the revision to compare with")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--no-scoring", action="store_true", help="time the split alone")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from bench.common import shared_data

    pages = shared_data() / "aeb" / "html"
    with tempfile.TemporaryDirectory() as tmp:
        other = checkout(args.ref, Path(tmp))
        best: dict[str, list[list[float]]] = {}
        claims: dict[str, int] = {}
        for _ in range(args.rounds):
            for name, root in ((args.ref, other), ("this branch", ROOT)):
                rows = run(root, pages, "no-scoring" if args.no_scoring else "scoring")
                claims[name] = sum(r[2] for r in rows)
                if name not in best:
                    best[name] = [[e, s] for e, s, _ in rows]
                else:
                    for kept, (e, s, _) in zip(best[name], rows, strict=True):
                        kept[0], kept[1] = min(kept[0], e), min(kept[1], s)
    what = "split, no scoring" if args.no_scoring else "split + scoring"
    print(f"CPU per AEB page ({len(best['this branch'])} pages, best of {args.rounds} rounds, "
          f"{what}):")  # fmt: skip
    for name, rows in best.items():
        split = [s * 1000 for _, s in rows]
        whole = [(e + s) * 1000 for e, s in rows]
        print(f"  {name:>12}: {what} median {statistics.median(split):6.1f} ms, "
              f"mean {statistics.mean(split):6.1f} ms; with extraction median "
              f"{statistics.median(whole):6.1f} ms; {claims[name]} claims")  # fmt: skip
    mine = statistics.mean(s for _, s in best["this branch"])
    theirs = statistics.mean(s for _, s in best[args.ref])
    print(f"  ratio this branch / {args.ref} (mean {what}): {mine / theirs:.3f}")


if __name__ == "__main__":
    main()
