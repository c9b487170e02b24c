"""Draw the sentences labelled for claim kinds (scripts/kinds/labelled.jsonl holds the
result).

Round 1 (ids 1-431, random.Random(14)): 2 sentences at random from each AEB article's
gold text, every sentence of the embedded tweets in ../shared/data/tweets/manifest.json,
and the sample article's.

Round 2 (issue 24, random.Random(24)), more news: 1 further sentence at random from each
AEB article's gold text, and 3 at random from each NewsClaims article
(../shared/data/checkworthy_more/newsclaims.train.jsonl, 18 COVID news articles). A text
drawn before is never drawn again; ids continue after round 1.

    PYTHONPATH=. python scripts/kinds/draw_sample.py > sample.jsonl
"""

from __future__ import annotations

import json
import random
import sys
from collections import defaultdict
from pathlib import Path

from factdesk.claims.sentences import split_sentences
from factdesk.claims.units import clean_claim_text, is_claim_text

REPO = Path(__file__).resolve().parents[2]


def data_folder() -> Path:
    """../shared/data beside the repository (a worktree sits one level deeper)."""
    for folder in REPO.parents:
        if (folder / "shared" / "data").is_dir():
            return folder / "shared" / "data"
    raise SystemExit("draw_sample: no shared/data folder above " + str(REPO))


def claim_texts(text: str) -> list[str]:
    return [t for t in map(clean_claim_text, split_sentences(text)) if is_claim_text(t)]


def news_texts(text: str) -> list[str]:
    """The claim texts of an article of the length a checker reads as one sentence."""
    return [t for t in claim_texts(text) if 4 <= len(t.split()) <= 60]


def first_round(data: Path) -> list[dict[str, str]]:
    rng = random.Random(14)
    drawn = []
    pages = json.loads((data / "aeb" / "ground-truth.json").read_text(encoding="utf-8"))
    for key in sorted(pages):
        texts = news_texts(pages[key]["articleBody"])
        for text in rng.sample(texts, min(2, len(texts))):
            drawn.append({"source": f"aeb/{key[:12]}", "text": text})
    manifest = json.loads((data / "tweets" / "manifest.json").read_text(encoding="utf-8"))
    for page in manifest:
        for tweet in page["tweets"]:
            for text in claim_texts(tweet["tweet_text"]):
                drawn.append({"source": "tweets/" + page["file"].split("/")[-1][:12], "text": text})
    seed = REPO / "seeds" / "000_ea872c36249f8574.txt"
    for text in claim_texts(seed.read_text(encoding="utf-8")):
        drawn.append({"source": "seeds/000_ea872c36249f8574", "text": text})
    return drawn


def second_round(data: Path, seen: set[str]) -> list[dict[str, str]]:
    rng = random.Random(24)
    drawn = []
    pages = json.loads((data / "aeb" / "ground-truth.json").read_text(encoding="utf-8"))
    for key in sorted(pages):
        texts = [t for t in news_texts(pages[key]["articleBody"]) if t not in seen]
        for text in rng.sample(texts, min(1, len(texts))):
            drawn.append({"source": f"aeb/{key[:12]}", "text": text})
    articles: dict[str, list[str]] = defaultdict(list)
    with (data / "checkworthy_more" / "newsclaims.train.jsonl").open(encoding="utf-8") as rows:
        for line in rows:
            row = json.loads(line)
            articles[row["doc"]].append(row["text"])
    for doc in sorted(articles):
        texts = [t for s in articles[doc] for t in news_texts(s) if t not in seen]
        for text in rng.sample(texts, min(3, len(texts))):
            drawn.append({"source": f"newsclaims/{doc}", "text": text})
    return drawn


def main() -> None:
    data = data_folder()
    seen: set[str] = set()
    for row in first_round(data):
        if row["text"] not in seen:
            seen.add(row["text"])
            sys.stdout.write(json.dumps({"id": len(seen), **row}, ensure_ascii=False) + "\n")
    for row in second_round(data, set(seen)):
        if row["text"] not in seen:
            seen.add(row["text"])
            sys.stdout.write(json.dumps({"id": len(seen), **row}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
