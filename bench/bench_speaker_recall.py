"""Speaker recall and precision on claims of the AEB pages labelled by hand.

    PYTHONPATH=. python bench/bench_speaker_recall.py [--ref main] [--show]

tests/claims/data/speakers_aeb_labelled.jsonl: 171 claims drawn at random (seed 24) from
the 181 pages of ../shared/data/aeb (issue 24): 89 that the attribution of 2026-12-07
gave a speaker, and 82 it did not although the sentence has a quote mark or a reporting
word (9 more, whose speaker a reader cannot tell, were left out). Each row names the
speaker a reader gives the claim (any of "speaker", matched in either direction, case
aside), or null for the article's own voice; one labeller, one pass. The attribution was
tuned on these.

tests/claims/data/speakers_aeb_heldout.jsonl: 69 more claims drawn at random (seed 2024)
from the English AEB pages among those with a quote mark or a reporting word, labelled
by reading the claim in its paragraphs (the attribution's answer hidden), before any
change was tuned (issue 24, 2026-12-07); one more was left out (a film character singing).
Its misses were then read while fixing the attribution, so its figure after that is not
clean: tests/claims/data/speakers_aeb_heldout2.jsonl is a second draw of 41 (seed 7, 4
left out whose speaker a reader cannot tell), labelled the same way after the fixes and
never tuned on (the figure it gave was the honest one then). The third draw,
tests/claims/data/speakers_aeb_heldout3.jsonl, is 97 claims (seed 3, at most 3 a page)
from 46 English AEB pages in none of the sets before, of any claim with a quote mark or
a reporting word (3 more left out whose speaker a reader cannot tell), labelled before
the coreference round of 2026-12-07 with the attribution's answer hidden. Its misses were
not read while fixing; after the round its figure was taken (the clean one: precision
0.923, recall 0.610, main 0.921 / 0.593), then its misses were read and four general
patterns fixed (an organisation before a role, a ranking, possessive names, "A doctor on
the scene"): its figure since is not clean. The fourth draw,
tests/claims/data/speakers_aeb_heldout4.jsonl (scripts/draw_speaker_heldout.py), is 112
claims (seed 4, at most 3 a page; 3 more left out whose speaker a reader cannot tell):
only 10 English pages in no earlier set had candidates (14 claims), so the rest come
from pages of the first three sets other than the third (claims not already labelled).
Labelled in one pass from the claim's paragraphs with the attribution's answer hidden,
before the third round of 2026-12-08 changed anything; its clean figure, taken then (this
code and main the same): precision 0.897, recall 0.693. The round's fixes were aimed at
the third draw's misses; the fourth's were read only after its figure, never tuned on.
A next round needs a fifth draw (few unread English pages remain: see RESULTS.md).

Each set is measured with this branch's attribution and with another revision's (--ref,
default main: its factdesk and resources from `git archive`), each in its own process.

Precision: of the claims given a speaker, the share given the right one. Recall: of the
claims that have a speaker, the share given the right one. Target (issue 24): recall
>= 0.92 at precision >= 0.95. Scoring is skipped (speakers do not depend on it).
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = ROOT / "tests" / "claims" / "data"
SETS = (
    ("tuned on", DATA / "speakers_aeb_labelled.jsonl"),
    ("first held-out draw (read while fixing)", DATA / "speakers_aeb_heldout.jsonl"),
    ("second held-out draw (read while fixing)", DATA / "speakers_aeb_heldout2.jsonl"),
    ("third held-out draw (clean until read: 0.923 / 0.610)", DATA / "speakers_aeb_heldout3.jsonl"),
    (
        "fourth held-out draw (clean until read: 0.897 / 0.693)",
        DATA / "speakers_aeb_heldout4.jsonl",
    ),
)
PAGES = (
    next(
        (p for p in (ROOT.parent / "shared", Path("/work/shared")) if p.is_dir()),
        ROOT.parent / "shared",
    )
    / "data"
    / "aeb"
    / "html"
)


def same_speaker(given: str | None, accepted: list[str] | None) -> bool:
    if given is None or accepted is None:
        return given is None and accepted is None
    given = given.lower()
    return any(a.lower() in given or given in a.lower() for a in accepted)


def measure(rows: list[dict], show: bool = False) -> tuple[float, float, int, int]:
    """(precision, recall, claims given a speaker, claims that have one), with the
    factdesk first on sys.path."""
    from factdesk.claims import split_claims
    from factdesk.claims.checkworthy import CheckworthyScore
    from factdesk.ingest.extract import extract_article

    def no_scores(texts, genres):  # speakers do not depend on the scores
        return [CheckworthyScore(0.6, True, "other") for _ in texts]

    claims_of: dict[str, list] = {}
    given_count = right_given = should_count = right_should = 0
    for row in rows:
        page = row["page"]
        if page not in claims_of:
            path = next(PAGES.glob(f"{page}*.html.gz"))
            article = extract_article(gzip.decompress(path.read_bytes()), source=path.name)
            claims_of[page] = split_claims(article, score=no_scores)
        found = [c for c in claims_of[page] if c.start <= row["start"] < c.end]
        found.sort(key=lambda c: (c.start != row["start"], c.text != row["text"]))
        given = found[0].speaker if found else None
        right = same_speaker(given, row["speaker"])
        if given is not None:
            given_count += 1
            right_given += right
        if row["speaker"] is not None:
            should_count += 1
            right_should += right
        if show and not right:
            print(f"  given {given!r}, expected {row['speaker']}: {row['sentence'][:110]!r}")
    return (
        right_given / max(given_count, 1),
        right_should / max(should_count, 1),
        given_count,
        should_count,
    )


def measure_all(code: Path, show: bool = False) -> list[tuple[float, float, int, int]]:
    sys.path.insert(0, str(code))
    results = []
    for name, path in SETS:
        rows = [json.loads(line) for line in path.open(encoding="utf-8")]
        if show:
            print(f"{name}:")
        results.append(measure(rows, show))
    return results


def checkout(ref: str, into: Path) -> Path:
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", ref, "factdesk", "resources"],
        check=True,
        capture_output=True,
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


def run(code: Path) -> list[list[float]]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", str(code)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ref", default="main", help="the revision to compare with")
    parser.add_argument("--show", action="store_true", help="print this branch's misses")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure_all(Path(args.child))))
        return
    if args.show:
        measure_all(ROOT, show=True)
        return
    with tempfile.TemporaryDirectory() as tmp:
        theirs = run(checkout(args.ref, Path(tmp)))
    mine = run(ROOT)
    print("Speakers on hand-labelled AEB claims: precision / recall (target: recall >= 0.92 "
          "at precision >= 0.95)")  # fmt: skip
    for (name, path), ours, other in zip(SETS, mine, theirs, strict=True):
        rows = sum(1 for _ in path.open(encoding="utf-8"))
        print(f"  {name}: {rows} claims, {ours[3]} with a speaker")
        print(f"    this branch {ours[0]:.3f} / {ours[1]:.3f} ({ours[2]} given a speaker); "
              f"{args.ref} {other[0]:.3f} / {other[1]:.3f} ({other[2]} given); "
              f"recall ratio {ours[1] / max(other[1], 1e-9):.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
