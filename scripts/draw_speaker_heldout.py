"""Draw claims of the AEB pages for a held-out speaker set, the attribution's answer hidden.

    PYTHONPATH=. python scripts/draw_speaker_heldout.py --seed 4 --count 110 > draw.jsonl

Candidates: claims of English pages (by the share of common English words in the page's
text) whose sentence has a quote mark (an apostrophe is none) or a reporting word, none
already in a labelled set. Pages in none of the earlier sets are drawn first (at most
--per-page each, in random order); when they give fewer than --count, the rest comes at
random from the other pages outside --exclude (the newest set, whose pages stay apart).
Each row carries the page, the claim's offsets and text, and its paragraph with the two
before it, for reading; never the speaker factdesk gives (the labeller must not see it).
The fourth draw (tests/claims/data/speakers_aeb_heldout4.jsonl) came from this script with
--seed 4 --count 115, run at main's factdesk of 115cbc2 with the first three
sets only: later code or sets give other candidates.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = ROOT / "tests" / "claims" / "data"
PAGES = Path("/work/shared/data/aeb/html")
if (ROOT.parent / "shared").is_dir():
    PAGES = ROOT.parent / "shared" / "data" / "aeb" / "html"

_QUOTE = re.compile(r"[“”\"«»„]|(?:^|[\s(])‘")
_COMMON = frozenset(re.findall(r"\w+", "the and of to is in that for with was on are as by"))


def english(text: str) -> bool:
    words = re.findall(r"[a-z]+", text.lower())
    return len(words) >= 50 and sum(w in _COMMON for w in words) / len(words) >= 0.12


def candidate(sentence: str, verbs: frozenset[str]) -> bool:
    return bool(_QUOTE.search(sentence)) or any(
        w in verbs for w in re.findall(r"[a-z]+", sentence.lower())
    )


def paragraphs_before(text: str, start: int, count: int = 3) -> str:
    """The claim's paragraph and the count - 1 before it."""
    end = text.find("\n\n", start)
    head = text[: len(text) if end < 0 else end]
    parts = [p for p in head.split("\n\n") if p.strip()]
    return "\n\n".join(parts[-count:])


def main() -> None:
    from factdesk.claims import split_claims
    from factdesk.claims.checkworthy import CheckworthyScore
    from factdesk.claims.speech_words import REPORTING_VERBS
    from factdesk.ingest.extract import extract_article

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--count", type=int, default=110)
    parser.add_argument("--per-page", type=int, default=3)
    parser.add_argument("--exclude", default="speakers_aeb_heldout3.jsonl")
    args = parser.parse_args()

    labelled: set[tuple[str, int]] = set()
    used_pages: set[str] = set()
    for path in DATA.glob("speakers_aeb_*.jsonl"):
        rows = [json.loads(line) for line in path.open(encoding="utf-8")]
        labelled |= {(r["page"], r["start"]) for r in rows}
        used_pages |= {r["page"] for r in rows}
    excluded = {json.loads(line)["page"] for line in (DATA / args.exclude).open()}

    def no_scores(texts, genres):  # the draw does not depend on the scores
        return [CheckworthyScore(0.6, True, "other") for _ in texts]

    fresh: dict[str, list[dict]] = {}
    others: dict[str, list[dict]] = {}
    for path in sorted(PAGES.glob("*.html.gz")):
        page = path.name[:16]
        if page in excluded:
            continue
        article = extract_article(gzip.decompress(path.read_bytes()), source=path.name)
        if not english(article.text):
            continue
        rows = [
            {
                "page": page,
                "start": c.start,
                "sentence": c.sentence,
                "text": c.text,
                "context": paragraphs_before(article.text, c.start),
            }
            for c in split_claims(article, score=no_scores)
            if (page, c.start) not in labelled and candidate(c.sentence, REPORTING_VERBS)
        ]
        if rows:
            (others if page in used_pages else fresh)[page] = rows

    rng = random.Random(args.seed)
    drawn: list[dict] = []
    for group in (fresh, others):
        pool = []
        for page in sorted(group):
            rows = list(group[page])
            rng.shuffle(rows)
            pool.extend(rows[: args.per_page])
        rng.shuffle(pool)
        drawn.extend(pool[: args.count - len(drawn)])
    print(f"fresh pages {len(fresh)}, other pages {len(others)}, drawn {len(drawn)}",
          file=sys.stderr)  # fmt: skip
    for row in drawn:
        print(json.dumps(row, ensure_ascii=False))


if __name__ == "__main__":
    main()
