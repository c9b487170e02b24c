"""Fixtures for the claims tests: stand-in scorers and the sample article with its posts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from factdesk.model import Article, Post

REPO = Path(__file__).resolve().parent.parent.parent
SAMPLE = REPO / "seeds" / "000_ea872c36249f8574.txt"


@dataclass
class FakeScore:
    score: float
    checkworthy: bool
    kind: str


def digit_scorer(texts: list[str], genres: list[str] | None = None) -> list[FakeScore]:
    """A stand-in for the check-worthiness model: numbers make a sentence worth checking."""
    results = []
    for text in texts:
        has_number = bool(re.search(r"\d", text))
        value = 0.9 if has_number else 0.3
        results.append(FakeScore(value, value >= 0.5, "quantity" if has_number else "other"))
    return results


def constant_scorer(texts: list[str], genres: list[str] | None = None) -> list[FakeScore]:
    return [FakeScore(0.8, True, "other") for _ in texts]


_CREDIT = re.compile(r" — (?P<author>[^\n(]+?) \((?P<handle>@\w+)\) November 26, 2019")


def sample_posts(text: str) -> list[Post]:
    """The sample article's posts, built by hand from their known layout: each credit line
    ends its post; a post is its paragraph, except Lisa Scher's, which spans lines 17-21."""
    posts = []
    for match in _CREDIT.finditer(text):
        start = text.rfind("\n", 0, match.start()) + 1
        if match["author"].startswith("Lisa Scher"):
            start = text.index("#Jews4Labour I am Jewish")
        posts.append(
            Post(
                author=match["author"],
                handle=match["handle"],
                date="2019-11-26",
                url=None,
                text=text[start : match.start()],
                start=start,
                end=match.start(),
            )
        )
    return posts


def sample_article(posts: list[Post] | None = None) -> Article:
    text = SAMPLE.read_text(encoding="utf-8")
    return Article(
        source=str(SAMPLE),
        text=text,
        published="2019-11-26T18:00:00+00:00",
        posts=sample_posts(text) if posts is None else posts,
    )


@pytest.fixture(name="digit_scorer")
def _digit_scorer():
    return digit_scorer


@pytest.fixture(name="constant_scorer")
def _constant_scorer():
    return constant_scorer


@pytest.fixture(name="sample_article")
def _sample_article():
    """Build the sample article; call with posts=[] to leave its posts out."""
    return sample_article
