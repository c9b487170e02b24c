"""An import in two steps (issue 22 item 8): the article and its claims stored at once
with provisional scores (the n-gram model's, no kinds), then refined by the sentence
encoder, whose final values are exactly those of a full split. On real database files,
and through `factdesk` run as a program."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

from factdesk.claims import split_claims
from factdesk.desk import Desk, refined_split
from factdesk.ingest import read_source
from factdesk.ingest.extract import extract_article
from factdesk.model import Article, ClaimFilter
from tests.conftest import SAMPLE, SHARED_DATA

FIELDS = ("text", "start", "end", "score", "checkworthy", "kind", "speaker", "attribution")
# AEB pages whose title is a claim by one score and not by the other (found by comparing
# both splits over the 181 pages), and pages with posts and quotes.
AEB = SHARED_DATA / "aeb" / "html"
PAGES = (
    "d0382c0d9573a0a7beb1e649012d04ec7275ac23513ca6ca59e51477b028283c",  # the title: a claim
    "042bb7b5fedab6eac7db576522b89b93904c237d344bcbe14a6a5ab7f7335856",  # the title: none
    "cc03ddb5ef7d5f1fdb8a87f5e6dfd058a2a70acedf2551655a898dc5c18eb79e",  # no claim left
    "04a6711caa7c687592777718866e781e976e0fe684faebe8b3cedcef8cd0ea34",
    "05844573ca7e1fba714d715bb11ca08c26e25328999c74a1cb3bc8a0e4399f0f",
)


def _rows(claims) -> list[tuple]:
    return sorted((tuple(getattr(c, f) for f in FIELDS) for c in claims), key=repr)


def _stored(desk: Desk, article_id: str) -> list:
    return desk.claims(ClaimFilter(article_id=article_id), limit=10_000)


def _articles() -> list[Article]:
    found = [read_source(str(SAMPLE))]
    if AEB.is_dir():
        for name in PAGES:
            path = AEB / f"{name}.html.gz"
            if path.exists():
                found.append(extract_article(gzip.decompress(path.read_bytes()), source=name))
    return found


def test_an_import_stores_provisional_scores_that_refining_makes_a_full_splits(desk):
    titles_changed = 0
    for article in _articles():
        full = split_claims(article)
        result = desk.import_article(article, refine=False)
        article_id = result.article.id
        provisional = _stored(desk, article_id)
        assert desk.provisional_articles() == [article_id]
        assert provisional and all(c.kind is None for c in provisional)
        assert all(c.score is not None for c in provisional)
        assert _rows(provisional) != _rows(full)  # the encoder's part is not there yet
        changes = desk.refine(article_id)
        assert changes.articles == {article_id} and changes.claims
        assert _rows(_stored(desk, article_id)) == _rows(full)
        assert desk.provisional_articles() == []
        titles_changed += len(provisional) != len(full)
        assert desk.refine(article_id) == desk.refine(article_id)  # twice: nothing more
    if AEB.is_dir():  # a title that is a claim by one score but not the other: added, dropped
        assert titles_changed >= 1


def test_an_import_that_refines_stores_the_full_split(desk):
    article = read_source(str(SAMPLE))
    result = desk.import_article(article)
    assert desk.provisional_articles() == []
    assert _rows(_stored(desk, result.article.id)) == _rows(split_claims(article))
    assert result.claim_count == len(split_claims(article))


def test_refining_keeps_a_score_and_a_kind_set_by_hand(desk):
    article = read_source(str(SAMPLE))
    article_id = desk.import_article(article, refine=False).article.id
    first, second = _stored(desk, article_id)[:2]
    desk.update_claim(first.id, score=0.99)
    desk.update_claim(second.id, kind="other")
    desk.refine(article_id)
    final = {(c.start, c.text): c for c in split_claims(article)}
    after = {c.id: c for c in _stored(desk, article_id)}
    assert after[first.id].score == 0.99
    assert after[first.id].kind == final[(first.start, first.text)].kind
    assert after[second.id].kind == "other"
    assert after[second.id].score == final[(second.start, second.text)].score
    # Refining is not work on a claim: the others still look untouched.
    untouched = [c for c in after.values() if c.id not in (first.id, second.id)]
    assert all(c.created_at == c.updated_at for c in untouched)


def test_seen_before_marks_come_with_the_refinement(desk):
    rated = "Chief Rabbi Mirvis is a Tory activist, the post claimed."
    first = desk.import_article(Article(source="first.txt", text=f"A report. {rated}")).article
    [claim] = [c for c in _stored(desk, first.id) if "Tory" in c.text]
    desk.set_verdict(claim.id, "False", reviewer="Ana")
    text = "A new story. Chief Rabbi Mirvis is a Tory activist, a councillor said."
    again = desk.import_article(Article(source="again.txt", text=text), refine=False).article
    ids = [c.id for c in _stored(desk, again.id)]
    assert desk.seen_before(ids) == {}
    desk.refine(again.id)
    assert [mark.earlier.id for mark in desk.seen_before(ids).values()] == [claim.id]


def test_an_article_in_the_trash_is_refined_once_put_back(desk):
    article = read_source(str(SAMPLE))
    article_id = desk.import_article(article, refine=False).article.id
    record = desk.delete_article(article_id).made
    assert desk.provisional_articles() == []
    assert desk.refine_pending() == desk.refine(article_id)  # nothing to do meanwhile
    desk.restore_article(record)
    assert desk.provisional_articles() == [article_id]
    desk.refine_pending()
    assert _rows(_stored(desk, article_id)) == _rows(split_claims(article))


def test_a_bundle_never_carries_provisional_scores(desk, tmp_path):
    article = read_source(str(SAMPLE))
    desk.import_article(article, refine=False)
    desk.export_bundle(tmp_path / "out.bundle")
    assert desk.provisional_articles() == []
    with Desk(tmp_path / "other.db") as other:
        other.import_bundle(tmp_path / "out.bundle")
        [copy] = other.articles()
        assert _rows(_stored(other, copy.id)) == _rows(split_claims(article))


def _factdesk(db: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "factdesk", "--db", str(db), *args],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def test_cli_imports_refined_or_provisional_and_refines_later(tmp_path):
    db = tmp_path / "cli.db"
    done = _factdesk(db, "import", "--no-refine", "--format", "json", str(SAMPLE))
    assert done.returncode == 0, done.stderr
    [imported] = json.loads(done.stdout)["imported"]
    with Desk(db) as desk:
        assert desk.provisional_articles() == [imported["id"]]
        assert all(c.kind is None for c in _stored(desk, imported["id"]))
    refined = _factdesk(db, "refine", "--format", "json")
    assert refined.returncode == 0, refined.stderr
    assert [r["id"] for r in json.loads(refined.stdout)["refined"]] == [imported["id"]]
    again = _factdesk(db, "refine")
    assert again.returncode == 0 and "0 articles refined" in again.stderr
    folder = tmp_path / "folder"
    folder.mkdir()
    for n in range(2):  # two files: read, split and refined in worker processes
        (folder / f"story{n}.txt").write_text(f"Story {n}.\n\n" + SAMPLE.read_text())
    done = _factdesk(db, "import", "--workers", "2", str(folder))
    assert done.returncode == 0, done.stderr
    with Desk(db) as desk:
        assert desk.provisional_articles() == []
        for article in desk.articles():
            full = split_claims(desk.article(article.id))
            assert _rows(_stored(desk, article.id)) == _rows(full)


@pytest.mark.parametrize("workers", ["1", "2"])
def test_cli_no_refine_leaves_every_article_provisional(tmp_path, workers):
    folder = tmp_path / "folder"
    folder.mkdir()
    for n in range(2):
        (folder / f"story{n}.txt").write_text(f"Story {n}.\n\n" + SAMPLE.read_text())
    db = tmp_path / "cli.db"
    done = _factdesk(db, "import", "--no-refine", "--workers", workers, str(folder))
    assert done.returncode == 0, done.stderr
    with Desk(db) as desk:
        assert len(desk.provisional_articles()) == 2


def test_claims_a_caller_split_are_stored_as_given_unless_said_provisional(desk):
    article = read_source(str(SAMPLE))
    given = split_claims(article)
    for claim in given:
        claim.score, claim.kind = 0.123, "other"
    result = desk.import_article(article, split=lambda _article: given)
    assert desk.provisional_articles() == []
    assert {(c.score, c.kind) for c in _stored(desk, result.article.id)} == {(0.123, "other")}
    other = Article(source="other.txt", text="Story two.\n\n" + article.text, title=article.title)
    again = desk.import_article(
        other, split=lambda a: split_claims(a), provisional=True, refine=False
    )  # e.g. read and split on the app's network pool
    assert desk.provisional_articles() == [again.article.id]


def test_a_split_of_an_older_text_is_not_stored_on_a_changed_article(desk):
    text = SAMPLE.read_text(encoding="utf-8")
    old = Article(source="https://example.org/story", url="https://example.org/story", text=text)
    article_id = desk.import_article(old, refine=False).article.id
    stale = refined_split(old)  # e.g. on the app's pool, while the page is imported again
    new = Article(
        source="https://example.org/story",
        url="https://example.org/story",
        text="The council spent £4m on the bridge in 2021.\n\n" + text,
    )
    assert desk.import_article(new, refine=False).outcome == "updated"
    assert desk.refine(article_id, stale, split_of=old).claims == frozenset()
    assert desk.provisional_articles() == [article_id]
    desk.refine(article_id)
    assert _rows(_stored(desk, article_id)) == _rows(split_claims(new))
