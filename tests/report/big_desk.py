"""A database of many reviewed claims, as a busy desk has: `count` claims in articles of
20, each rated with a summary and one piece of evidence with a quote (about half a page
of PDF a claim), for the tests that export long reports."""

from __future__ import annotations

import random
from pathlib import Path

from factdesk.desk import Desk
from factdesk.model import Article, Claim, ClaimFilter

WORDS = ["the", "government", "said", "unemployment", "fell", "by", "percent", "since"]
WORDS += ["critics", "argue", "figures", "were", "revised", "hospital", "waiting", "lists"]
RATINGS = ("True", "Mostly True", "Half True", "Mostly False", "False", "Pants on Fire")


def _sentence(rng: random.Random, length: int) -> str:
    words: list[str] = []
    while sum(len(word) + 1 for word in words) < length:
        words.append(rng.choice(WORDS))
    return " ".join(words).capitalize() + "."


def build_big_desk(path: Path, count: int, seed: int = 7) -> Path:
    """Write the database at `path` and return its path."""
    rng = random.Random(seed)
    with Desk(path) as desk:
        for number in range(0, count, 20):
            sentences = [_sentence(rng, 150) for _ in range(min(20, count - number))]

            def split(article: Article, sentences: list[str] = sentences) -> list[Claim]:
                claims, offset = [], 0
                for text in sentences:
                    claims.append(Claim(text=text, sentence=text, start=offset,
                                        end=offset + len(text), speaker="Jane Doe"))  # fmt: skip
                    offset += len(text) + 1
                return claims

            article = Article(source=f"big-{number}.txt", text=" ".join(sentences),
                              title=f"Article {number // 20 + 1}")  # fmt: skip
            result = desk.import_article(article, split=split)
            for claim in desk.claims(ClaimFilter(article_id=result.article.id)):
                desk.set_verdict(claim.id, rng.choice(RATINGS), summary=_sentence(rng, 300),
                                 reviewer="Ada Reviewer")  # fmt: skip
                url = f"https://stats.example.gov/{claim.id}"
                desk.add_evidence(claim.id, url, stance="refutes", quote=_sentence(rng, 150),
                                  fetch=False)  # fmt: skip
    return path
