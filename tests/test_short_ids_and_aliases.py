"""Short ids (issue 19 item 7): the random tail of an id names a claim or evidence link,
also across a team's laptops, in every command; an ambiguous one lists its candidates.
Aliases (item 8): a claim a merge renamed is found under its old id, so undo, redo and
keys that still hold it follow it, and undoing a deletion puts back what is missing."""

from __future__ import annotations

import itertools
import json
import sqlite3
import subprocess
import sys

import pytest

from factdesk.desk import Desk
from factdesk.errors import BadInput, NotFound
from factdesk.model import Article, new_id, short_id
from tests.conftest import dump
from tests.test_desk import TEXT, sentence_split


def _factdesk(db, *argv: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "factdesk", "--db", str(db), *argv],
                          capture_output=True, text=True, timeout=120)  # fmt: skip


def test_ids_made_together_differ_in_their_tails():
    ids = [new_id() for _ in range(2000)]
    assert len({short_id(i) for i in ids}) == len(ids)
    # python-ulid's monotonic ids shared 24 of 26 characters within a millisecond; made
    # in the same millisecond (the same 10-character time), these share no more than chance.
    pairs = list(itertools.pairwise(ids))
    same_time = [(a, b) for a, b in pairs if a[:10] == b[:10]]
    assert len(same_time) > 100
    assert not any(a[-8:-1] == b[-8:-1] for a, b in same_time)
    assert sorted(ids) != ids  # (order within a millisecond is not kept: nothing needs it)


def test_every_claim_command_takes_a_short_id(tmp_path):
    db = tmp_path / "desk.db"
    with Desk(db) as desk:
        desk.import_article(Article(source="a.txt", text=TEXT), split=sentence_split)
        claim = desk.claims()[0]
    short = short_id(claim.id)
    for argv in (
        ("verdict", short, "False"),
        ("status", short.upper(), "researching"),
        ("evidence", "add", short, "https://example.org/e", "--no-fetch"),
        ("history", short),
        ("evidence", "list", short),
        ("similar", short),
        ("lookup", "--offline", short),
        ("export", "--format", "md", "--claims", short, "-o", str(tmp_path / "r.md")),
    ):
        result = _factdesk(db, *argv)
        assert result.returncode == 0, (argv, result.stderr)
    report = (tmp_path / "r.md").read_text()
    assert f"`{short}`" in report and claim.text in report  # reports show it too
    with Desk(db) as desk:
        assert desk.claim(claim.id).verdict == "False"
        evidence = desk.evidence(claim.id)[0]
    result = _factdesk(db, "evidence", "remove", short_id(evidence.id))
    assert result.returncode == 0 and "moved to the trash" in result.stdout


def test_an_ambiguous_short_id_lists_the_candidates(tmp_path):
    db = tmp_path / "desk.db"
    with Desk(db) as desk:
        desk.import_article(Article(source="a.txt", text=TEXT), split=sentence_split)
        first, second = desk.claims()[:2]
    # Two claims whose tails agree (a one-in-a-trillion chance, made here by hand).
    twin = second.id[:-6] + first.id[-6:]
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("UPDATE claims SET id = ? WHERE id = ?", [twin, second.id])
    conn.commit()
    conn.close()
    before = dump(db)
    result = _factdesk(db, "verdict", first.id[-6:], "False")
    assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr
    assert "more than one claim matches" in result.stderr
    assert first.id in result.stderr and twin in result.stderr
    assert "The council cut leakage" in result.stderr  # which claim each is
    assert dump(db) == before
    # Eight characters tell them apart.
    assert _factdesk(db, "verdict", first.id[-8:], "False").returncode == 0
    with Desk(db) as desk, pytest.raises(NotFound):
        desk.resolve_claim_id("ZZZZZZ")


def _renamed_by_a_merge(tmp_path) -> tuple[Desk, dict[str, str]]:
    """A laptop (`mine`) whose claims a teammate's bundle renames: the teammate imported
    the same article first, so theirs are the smaller ids, which a merge keeps."""
    theirs = Desk(tmp_path / "theirs.db")
    theirs.import_article(Article(source="a.txt", text=TEXT), split=sentence_split)
    theirs.export_bundle(tmp_path / "theirs.bundle")
    mine = Desk(tmp_path / "mine.db")
    mine.import_article(Article(source="a.txt", text=TEXT), split=sentence_split)
    old_ids = {c.start: c.id for c in mine.claims()}
    new_ids = {c.start: c.id for c in theirs.claims()}
    theirs.close()
    assert all(new_ids[s] < old_ids[s] for s in old_ids)
    return mine, {old_ids[s]: new_ids[s] for s in old_ids}


def test_a_claim_renamed_by_a_merge_is_found_under_its_old_id(tmp_path):
    mine, renamed = _renamed_by_a_merge(tmp_path)
    old, new = next(iter(renamed.items()))
    verdict = mine.set_verdict(old, "False").made  # a key pressed on the claim shown
    mine.remove_verdict(verdict.id)  # ...undone
    mine.import_bundle(tmp_path / "theirs.bundle")  # the sync renames the claim
    assert mine.claim(old).id == new
    mine.restore_verdict(verdict)  # redo: it used to fail, and the verdict was lost
    assert mine.claim(new).verdict == "False" and verdict.claim_id == new
    mine.set_status(old, "in review")
    mine.update_claim(old, speaker="Ms Rusk")
    assert [e.status for e in mine.status_changes(old)] == ["in review"]
    assert mine.claim(new).speaker == "Ms Rusk"
    assert mine.resolve_claim_id(old) == new  # the CLI takes it too
    with pytest.raises(BadInput):
        mine.resolve_claim_id("!!")
    mine.close()


def test_undo_of_a_deletion_after_a_merge_renamed_its_claims(tmp_path):
    mine, renamed = _renamed_by_a_merge(tmp_path)
    old = next(iter(renamed))
    mine.set_verdict(old, "False")
    item = mine.trash_claims([old]).made
    mine.import_bundle(tmp_path / "theirs.bundle")  # brings the claim back, renamed
    assert mine.claim(renamed[old]).verdict is None
    mine.restore_from_trash(item.id)  # the undo: no IntegrityError, no duplicate
    assert mine.count_claims() == len(renamed)
    assert mine.claim(old).verdict == "False" and mine.claim(old).id == renamed[old]
    mine.close()


def test_cli_json_of_the_trash_and_claims(tmp_path):
    db = tmp_path / "desk.db"
    with Desk(db) as desk:
        desk.import_article(Article(source="a.txt", text=TEXT), split=sentence_split)
    claims = json.loads(_factdesk(db, "claims", "--format", "json").stdout)
    assert len(claims) == 4
