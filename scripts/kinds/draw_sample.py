"""Draw the sentences labelled for claim kinds (scripts/kinds/labelled.jsonl holds the
result): 2 sentences at random from each AEB article's gold text, every sentence of the
embedded tweets in ../shared/data/tweets/manifest.json, and the sample article's.

    PYTHONPATH=. python scripts/kinds/draw_sample.py > sample.jsonl
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

from factdesk.claims.sentences import split_sentences
from factdesk.claims.units import clean_claim_text, is_claim_text

REPO = Path(__file__).resolve().parents[2]
DATA = REPO.parent / "shared" / "data"


def claim_texts(text: str) -> list[str]:
    return [t for t in map(clean_claim_text, split_sentences(text)) if is_claim_text(t)]


def main() -> None:
    rng = random.Random(14)
    drawn = []
    pages = json.loads((DATA / "aeb" / "ground-truth.json").read_text(encoding="utf-8"))
    for key in sorted(pages):
        texts = [t for t in claim_texts(pages[key]["articleBody"]) if 4 <= len(t.split()) <= 60]
        for text in rng.sample(texts, min(2, len(texts))):
            drawn.append({"source": f"aeb/{key[:12]}", "text": text})
    manifest = json.loads((DATA / "tweets" / "manifest.json").read_text(encoding="utf-8"))
    for page in manifest:
        for tweet in page["tweets"]:
            for text in claim_texts(tweet["tweet_text"]):
                drawn.append({"source": "tweets/" + page["file"].split("/")[-1][:12], "text": text})
    seed = REPO / "seeds" / "000_ea872c36249f8574.txt"
    for text in claim_texts(seed.read_text(encoding="utf-8")):
        drawn.append({"source": "seeds/000_ea872c36249f8574", "text": text})
    seen: set[str] = set()
    for row in drawn:
        if row["text"] not in seen:
            seen.add(row["text"])
            row["id"] = len(seen)
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
