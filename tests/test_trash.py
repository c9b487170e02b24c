"""The trash (issue 19 item 2): deleting an article, claims or an evidence link moves them
to the trash with all their work; every query, search, count, export and bundle hides
them; restoring brings back exactly what was there; nothing reaches a bundle or the hub
as a deletion until the trash is emptied (by hand or after trash_days)."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import subprocess
import sys

import pytest

from factdesk.desk import Desk
from factdesk.errors import BadInput, NotFound
from tests.conftest import dump
from tests.test_delete_article import _rows
from tests.test_delete_article import worked as worked


def _factdesk(db, *argv: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "factdesk", "--db", str(db), *argv],
                          input=stdin, capture_output=True, text=True, timeout=120)  # fmt: skip


def _tombstones(path) -> list:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT tbl, row_id, deleted FROM tombstones ORDER BY 1, 2").fetchall()
    finally:
        conn.close()


def test_a_trashed_article_is_hidden_everywhere_and_restored_exactly(worked, tmp_path):
    desk, first = worked
    before = _rows(desk.path)
    claim = desk.claims()[0]
    item = desk.trash_article(first.id).made
    assert item.kind == "article" and item.detail == "4 claims, 1 with a verdict"
    assert item.changes.articles == {first.id} and len(item.changes.claims) == 4
    # Hidden from lists, searches, counts, reports and bundles...
    assert [a.source for a in desk.articles()] == ["b.txt"]
    assert desk.articles(search="leakage") == []
    assert desk.count_claims() == 2 and desk.search("leakage") == []
    with pytest.raises(NotFound):
        desk.claim(claim.id)
    report = tmp_path / "r.json"
    desk.export("json", report)
    assert "leakage" not in report.read_text().lower()
    bundle = tmp_path / "all.bundle"
    assert desk.export_bundle(bundle).get("articles") == 1
    # ... and no tombstone: nothing says "deleted" to a bundle or the hub.
    assert _tombstones(desk.path) == []
    # Listed, and restored exactly: every row of every table as it was.
    assert [(t.id, t.label) for t in desk.trash()] == [(item.id, first.title or "a.txt")]
    changes = desk.restore_from_trash(item.id)
    assert first.id in changes.articles and claim.id in changes.claims
    assert _rows(desk.path) == before
    assert desk.trash() == [] and desk.search("leakage")[0].article_id == first.id
    with pytest.raises(NotFound, match="not in the trash"):
        desk.restore_from_trash(item.id)


def test_the_trash_survives_a_restart(worked):
    desk, first = worked
    before = _rows(desk.path)
    item = desk.trash_article(first.id).made
    desk.close()
    with Desk(desk.path) as again:
        assert [t.id for t in again.trash()] == [item.id]
        again.restore_from_trash(item.id)
    assert _rows(desk.path) == before


def test_claims_and_evidence_go_to_the_trash_and_come_back(worked):
    desk, _first = worked
    before = _rows(desk.path)
    claim = desk.claims()[0]
    evidence = desk.evidence(claim.id)[0]
    removed = desk.trash_evidence(evidence.id[-6:]).made  # a short id will do
    assert desk.evidence(claim.id) == [] and removed.label == "https://example.org/e"
    assert [e.action for e in desk.history(claim.id) if hasattr(e, "action")][-1] == "removed"
    desk.restore_from_trash(removed.id)
    assert _rows(desk.path) == before
    assert [e.action for e in desk.history(claim.id) if hasattr(e, "action")] == ["added"]
    item = desk.trash_claims([claim.id, desk.claims()[1].id]).made
    assert item.label.startswith("2 claims: ") and desk.count_claims() == 4
    desk.restore_from_trash(item.id)
    assert _rows(desk.path) == before


def test_emptying_the_trash_is_when_the_deletion_is_told(worked, tmp_path):
    desk, first = worked
    claim_ids = {c.id for c in desk.claims() if c.article_id == first.id}
    item = desk.trash_article(first.id).made
    assert desk.empty_trash() == 1
    assert desk.trash() == []
    stones = _tombstones(desk.path)
    assert ("articles", first.id, 1) in stones
    assert {row_id for tbl, row_id, _ in stones if tbl == "claims"} == claim_ids
    with pytest.raises(NotFound):
        desk.restore_from_trash(item.id)


def test_old_entries_are_emptied_after_trash_days(worked):
    desk, first = worked
    item = desk.trash_article(first.id).made
    desk.set_setting("trash_days", "7")
    with pytest.raises(BadInput, match="trash_days"):
        desk.set_setting("trash_days", "soon")
    assert desk.empty_expired_trash() == 0  # a minute old
    conn = sqlite3.connect(desk.path)
    eight_days_ago = (dt.datetime.now(dt.UTC) - dt.timedelta(days=8)).isoformat()
    conn.execute("UPDATE trash SET trashed_at = ? WHERE id = ?", [eight_days_ago, item.id])
    conn.commit()
    conn.close()
    desk.close()
    with Desk(desk.path) as again:  # opening the app (or any command)
        assert again.trash() == []
        assert ("articles", first.id, 1) in _tombstones(desk.path)


def test_a_trashed_article_is_not_deleted_on_the_other_laptop_by_a_bundle(worked, tmp_path):
    desk, first = worked
    bundle = tmp_path / "before.bundle"
    desk.export_bundle(bundle)
    other = Desk(tmp_path / "other.db")
    other.import_bundle(bundle)
    desk.trash_article(first.id)
    after = tmp_path / "after.bundle"
    desk.export_bundle(after)
    other.import_bundle(after)
    assert len(other.articles()) == 2  # the trash deleted nothing there
    desk.empty_trash()
    emptied = tmp_path / "emptied.bundle"
    desk.export_bundle(emptied)
    other.import_bundle(emptied)
    assert [a.source for a in other.articles()] == ["b.txt"]  # now it is told
    other.close()


def test_restore_puts_back_only_what_a_merge_did_not_bring_back(worked, tmp_path):
    """Undo of a deletion (or a restore) after a bundle brought part of the article back:
    what is there stays, the rest comes back, no IntegrityError."""
    desk, first = worked
    bundle = tmp_path / "before.bundle"
    desk.export_bundle(bundle)
    record = desk.delete_article(first.id).made  # deleted for good (tombstones)...
    # ...then a teammate's bundle where one of its claims was worked on later brings the
    # article back with that claim.
    other = Desk(tmp_path / "other.db")
    other.import_bundle(bundle)
    kept = next(c for c in other.claims() if c.article_id == first.id and c.verdict is None)
    other.set_status(kept.id, "researching")
    other.export_bundle(tmp_path / "theirs.bundle")
    other.close()
    desk.import_bundle(tmp_path / "theirs.bundle")
    assert desk.count_claims() == 3  # b.txt's two and the worked-on claim
    changes = desk.restore_article(record)
    assert first.id in changes.articles
    assert desk.article(first.id).claim_count == 4
    assert desk.claim(kept.id).status == "researching"
    assert desk.claims()[0].verdict == "False"


def test_cli_trash_list_restore_and_empty(worked):
    desk, first = worked
    desk.close()
    removed = _factdesk(desk.path, "articles", "rm", first.id[-8:])
    assert removed.returncode == 0, removed.stderr
    assert "moved to the trash" in removed.stdout and "4 claims" in removed.stdout
    listed = _factdesk(desk.path, "trash", "list", "--format", "json")
    entries = json.loads(listed.stdout)
    assert [(e["kind"], e["label"]) for e in entries] == [("article", first.title or "a.txt")]
    table = _factdesk(desk.path, "trash", "list")
    assert entries[0]["short_id"] in table.stdout and "4 claims" in table.stdout
    before = dump(desk.path)
    unknown = _factdesk(desk.path, "trash", "restore", "ZZZZZZZZ")
    assert unknown.returncode == 2 and unknown.stderr.count("\n") == 1
    assert "not in the trash" in unknown.stderr or "no such entry" in unknown.stderr
    assert dump(desk.path) == before
    restored = _factdesk(desk.path, "trash", "restore", entries[0]["short_id"])
    assert restored.returncode == 0 and "restored" in restored.stdout
    claims = _factdesk(desk.path, "claims", "--format", "json")
    assert len(json.loads(claims.stdout)) == 6
    assert _factdesk(desk.path, "articles", "rm", first.id).returncode == 0
    emptied = _factdesk(desk.path, "trash", "empty")
    assert emptied.returncode == 0 and "1 " in emptied.stdout
    assert json.loads(_factdesk(desk.path, "trash", "list", "--format", "json").stdout) == []


def test_cli_evidence_remove_moves_it_to_the_trash(worked):
    desk, _ = worked
    claim = desk.claims()[0]
    evidence = desk.evidence(claim.id)[0]
    desk.close()
    removed = _factdesk(desk.path, "evidence", "remove", evidence.id)
    assert removed.returncode == 0 and "moved to the trash" in removed.stdout
    entries = json.loads(_factdesk(desk.path, "trash", "list", "--format", "json").stdout)
    assert [e["kind"] for e in entries] == ["evidence"]


def test_a_change_number_is_never_given_twice(desk):
    """A sync sends what was logged after the last number it sent: the trash drops its
    rows' log entries, and the next change must still be numbered above the last one."""
    from factdesk.model import Article

    article = desk.import_article(Article(source="s.txt", text="Rents rose by 9 per cent.")).article
    last = desk.db.execute("SELECT max(seq) FROM row_changes").fetchone()[0]
    item = desk.trash_article(article.id).made  # (its rows were the latest logged)
    assert desk.db.execute("SELECT max(seq) FROM row_changes").fetchone()[0] >= last
    desk.empty_trash([item.id])
    numbers = [
        r[0] for r in desk.db.execute("SELECT seq FROM row_changes WHERE tbl = 'tombstones'")
    ]
    assert numbers and min(numbers) > last
