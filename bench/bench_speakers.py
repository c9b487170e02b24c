"""Speaker accuracy on 100 attributed claims drawn at random from ../shared/data/aeb/,
judged by hand (bench/data/speakers_aeb.jsonl), beside today's attribution read from git.

    PYTHONPATH=. python bench/bench_speakers.py [--reference REV]

How the sample was made: every claim with a speaker in the AEB gold texts (987, read as
plain text) was listed and 100 drawn with random.Random(2026); each was judged against its
article: "right" when the speaker is the person or organisation whose words they are (a
surname alone, or a role such as "the company" when it is the right one, counts as right;
a speaker for a statement that is the article's own, or the reporter instead of the
source, does not). A first sample of 100 (seed 1414) was judged before the last fixes
(94/100); its errors led to them, so it is not the figure. The file records the speaker
given at judgement time and the accepted answers; this script runs the attribution of
today's code (and of the reference revision) on the same sentences and counts matches.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from factdesk.claims import split_claims
from factdesk.model import Article

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data" / "aeb" / "ground-truth.json"
JUDGED = REPO / "bench" / "data" / "speakers_aeb.jsonl"
REFERENCE = "79a4a8a"


class _Constant:
    score, checkworthy, kind = 0.8, True, "other"


def constant(texts, genres=None):
    return [_Constant() for _ in texts]


def speakers_now(judged: list[dict], pages: dict) -> list[str | None]:
    """Today's speaker for each judged claim (None: the article's own voice)."""
    found = []
    by_page: dict[str, list] = {}
    for row in judged:
        key = next(k for k in pages if k.startswith(row["page"]))
        if key not in by_page:
            article = Article(source=key, text=pages[key]["articleBody"])
            by_page[key] = split_claims(article, constant)
        claims = [c for c in by_page[key] if c.start == row["start"]]
        same = [c for c in claims if c.text == row["text"]] or claims
        found.append(same[0].speaker if same else None)
    return found


def reference_speakers(rev: str) -> list[str | None] | None:
    """The same, with the claims package of git revision `rev` (in a subprocess)."""
    folder = Path(tempfile.mkdtemp(prefix="factdesk-reference-"))
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", rev, "factdesk", "resources"],
        capture_output=True,
        check=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    (folder / "factdesk" / "resources").symlink_to(folder / "resources")
    script = f"""
import json, sys
sys.path.insert(0, {str(folder)!r})
sys.path.insert(1, {str(REPO / "bench")!r})
from factdesk.claims import split_claims
from factdesk.model import Article

class S:
    score, checkworthy, kind = 0.8, True, "other"

pages = json.load(open({str(DATA)!r}))
out, cache = [], {{}}
for line in open({str(JUDGED)!r}):
    row = json.loads(line)
    key = next(k for k in pages if k.startswith(row["page"]))
    if key not in cache:
        cache[key] = split_claims(Article(source=key, text=pages[key]["articleBody"]),
                                  score=lambda texts: [S() for _ in texts])
    claims = [c for c in cache[key] if c.start == row["start"]]
    same = [c for c in claims if c.text == row["text"]] or claims
    out.append(same[0].speaker if same else None)
print(json.dumps(out))
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    if result.returncode != 0:
        print(f"   (reference {rev} did not run: {result.stderr.strip()[-200:]})")
        return None
    return json.loads(result.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", default=REFERENCE)
    args = parser.parse_args()
    judged = [json.loads(line) for line in JUDGED.open(encoding="utf-8")]
    pages = json.loads(DATA.read_text(encoding="utf-8"))
    at_judgement = sum(row["right"] for row in judged)
    now = speakers_now(judged, pages)
    right_now = sum(s in row["accepted"] for s, row in zip(now, judged, strict=True))
    print(f"Speakers of {len(judged)} attributed AEB claims, judged by hand")
    print(f"   right when judged: {at_judgement}/{len(judged)}")
    print(f"   this code: {right_now}/{len(judged)} match the judged answers")
    reference = reference_speakers(args.reference)
    if reference is not None:
        right_then = sum(s in row["accepted"] for s, row in zip(reference, judged, strict=True))
        print(f"   today's attribution ({args.reference}): {right_then}/{len(judged)}")
    for speaker, row in zip(now, judged, strict=True):
        if speaker not in row["accepted"]:
            print(
                f"   #{row['n']}: {speaker!r}, expected {row['accepted'][0]!r}: {row['text'][:70]}"
            )


if __name__ == "__main__":
    main()
