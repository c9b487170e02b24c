"""Deleting an article (issue 11 item 4, the core): its claims and their work go with it,
each leaves a tombstone (so a merge does not bring them back), and restore_article puts
everything back as it was (the undo)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest

from factdesk.desk import Desk
from factdesk.errors import NotFound
from factdesk.model import Article, Post, PriorCheck
from tests.test_desk import TEXT, sentence_split

WORK_TABLES = ("articles", "posts", "claims", "evidence", "verdicts", "status_changes",
               "prior_checks", "article_stats")  # fmt: skip


def _rows(path) -> dict[str, list]:
    conn = sqlite3.connect(path)
    try:
        return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr)
                for t in WORK_TABLES}  # fmt: skip
    finally:
        conn.close()


@pytest.fixture
def worked(desk):
    """Two articles; the first with a post, evidence, verdicts, a status, a prior check."""
    post = Post(author="Elena Rusk", handle="@rusk", date="2019-11-26", url=None,
                text="Water bills rose 12% last year.", start=60, end=91)  # fmt: skip
    first = desk.import_article(Article(source="a.txt", text=TEXT, posts=[post]),
                                split=sentence_split).article  # fmt: skip
    desk.import_article(Article(source="b.txt", text="Crime fell. It rose."), split=sentence_split)
    claim = desk.claims()[0]
    desk.set_verdict(claim.id, "False", scale="politifact")
    desk.set_status(claim.id, "in review", assignee="Sam")
    desk.update_claim(claim.id, speaker="Ms Rusk")
    desk.add_evidence(claim.id, "https://example.org/e", fetch=False)
    desk.save_prior_checks(claim.id, [PriorCheck("Leakage halved", "https://fc.example/1")])
    return desk, first


def test_deleting_an_article_takes_its_claims_and_their_work(worked):
    desk, first = worked
    record = desk.delete_article(first.id).made
    assert [a.source for a in desk.articles()] == ["b.txt"]
    assert desk.count_claims() == 2 and desk.search("leakage") == []
    assert len(record.claims) == 4 and record.posts and record.claims[0].verdicts
    assert record.changes.articles == {first.id}
    conn = sqlite3.connect(desk.path)
    for table in ("posts", "evidence", "verdicts", "status_changes", "prior_checks"):
        assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0, table
    tombstones = conn.execute("SELECT tbl, count(*) FROM tombstones WHERE deleted = 1 "
                              "GROUP BY tbl ORDER BY tbl").fetchall()  # fmt: skip
    conn.close()
    assert tombstones == [("articles", 1), ("claims", 4)]
    with pytest.raises(NotFound):
        desk.delete_article(first.id)


def test_restoring_puts_everything_back_as_it_was(worked):
    desk, first = worked
    before = _rows(desk.path)
    record = desk.delete_article(first.id).made
    changes = desk.restore_article(record)
    assert _rows(desk.path) == before
    assert changes.articles == {first.id} and len(changes.claims) == 4
    assert desk.search("leakage")[0].article_id == first.id
    assert desk.article(first.id).claim_count == 4


def _factdesk(db, *argv: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "factdesk", "--db", str(db), *argv],
                          input=stdin, capture_output=True, text=True, timeout=120)  # fmt: skip


def test_articles_rm_moves_to_the_trash_without_asking(worked):
    desk, first = worked
    desk.close()
    removed = _factdesk(desk.path, "articles", "rm", first.id[:10])
    assert removed.returncode == 0 and removed.stdout.startswith("moved to the trash: ")
    assert (
        "4 claims, 1 with a verdict" in removed.stdout
        and "factdesk trash restore" in removed.stdout
    )
    with Desk(desk.path) as after:
        assert [a.source for a in after.articles()] == ["b.txt"]
        assert [t.kind for t in after.trash()] == ["article"]


def test_articles_rm_of_an_unknown_id_is_one_line(worked):
    desk, _ = worked
    desk.close()
    result = _factdesk(desk.path, "articles", "rm", "--yes", "01ZZZZZZZZ")
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert "no such article" in result.stderr
