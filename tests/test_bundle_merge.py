"""Bundle merges, the cases the reliability audit (issue 12) found broken: a bundle is
checked whole before anything is written, the current verdict follows the history,
edits of different fields both survive, deletions survive, line order does not matter.
"""

from __future__ import annotations

import base64
import gzip
import json
import random
from pathlib import Path

import pytest

from factdesk.cli import main
from factdesk.desk import Desk
from factdesk.errors import BadInput
from factdesk.model import Article, ClaimFilter
from factdesk.store.sync import changed_since, compact_changes
from tests.conftest import dump
from tests.test_desk import TEXT, sentence_split


@pytest.fixture
def laptops(tmp_path):
    """Two laptops that share one article (A made it, B merged A's bundle)."""
    a = Desk(tmp_path / "a.db")
    b = Desk(tmp_path / "b.db")
    a.import_article(Article(source="s.txt", text=TEXT), split=sentence_split)
    a.export_bundle(tmp_path / "start.bundle")
    b.import_bundle(tmp_path / "start.bundle")
    yield a, b
    a.close()
    b.close()


def exchange(a: Desk, b: Desk, tmp_path: Path) -> None:
    """Each laptop merges the other's bundle (both exported before either merges)."""
    a.export_bundle(tmp_path / "from-a.bundle")
    b.export_bundle(tmp_path / "from-b.bundle")
    a.import_bundle(tmp_path / "from-b.bundle")
    b.import_bundle(tmp_path / "from-a.bundle")


def read_lines(path: Path) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def write_lines(path: Path, items: list) -> Path:
    with gzip.open(path, "wt", encoding="utf-8") as f:
        for item in items:
            f.write((item if isinstance(item, str) else json.dumps(item)) + "\n")
    return path


def first_claim(desk: Desk):
    return sorted(desk.claims(), key=lambda c: c.start)[0]


def test_the_current_verdict_follows_the_history_not_a_newer_row(laptops, tmp_path):
    a, b = laptops
    claim = first_claim(a)
    a.set_verdict(claim.id, "Pants on Fire", scale="politifact")
    a.export_bundle(tmp_path / "a.bundle")
    items = read_lines(tmp_path / "a.bundle")
    for item in items:  # a newer row whose columns disagree with its history
        if item.get("table") == "claims" and item["row"]["id"] == claim.id:
            item["row"].update(
                verdict="Half True",
                status="published",
                assignee="Eve",
                updated_at="2099-01-01T00:00:00+00:00",
            )
    b.import_bundle(write_lines(tmp_path / "edited.bundle", items))
    merged = b.claim(claim.id)
    assert merged.verdict == "Pants on Fire"
    assert (merged.status, merged.assignee) == ("new", None)


def test_edits_of_different_fields_on_two_laptops_both_survive(laptops, tmp_path):
    a, b = laptops
    claim = first_claim(a)
    a.update_claim(claim.id, speaker="Ms Rusk")
    b.update_claim(claim.id, text="The council halved leakage in 2019.")  # later
    b.set_status(claim.id, "researching", assignee="Sam")
    exchange(a, b, tmp_path)
    for desk in (a, b):
        merged = desk.claim(claim.id)
        assert merged.speaker == "Ms Rusk"
        assert merged.text == "The council halved leakage in 2019."
        assert (merged.status, merged.assignee) == ("researching", "Sam")
    # The same field edited on both: the later edit wins on both.
    a.update_claim(claim.id, kind="quantity")
    b.update_claim(claim.id, kind="prediction")
    exchange(a, b, tmp_path)
    assert a.claim(claim.id).kind == b.claim(claim.id).kind == "prediction"


def test_evidence_edits_merge_field_by_field(laptops, tmp_path):
    a, b = laptops
    claim = first_claim(a)
    evidence = a.add_evidence(claim.id, "https://example.org/report", fetch=False).made
    exchange(a, b, tmp_path)
    a.update_evidence(evidence.id, stance="refutes")
    b.update_evidence(evidence.id, note="Table 3, page 12")
    exchange(a, b, tmp_path)
    for desk in (a, b):
        (merged,) = desk.evidence(claim.id)
        assert (merged.stance, merged.note) == ("refutes", "Table 3, page 12")


def test_a_deleted_claim_stays_deleted_on_both_laptops(laptops, tmp_path):
    a, b = laptops
    claim = first_claim(a)
    b.set_verdict(claim.id, "False", scale="politifact")  # work done before the deletion
    exchange(a, b, tmp_path)
    a.delete_claims([claim.id])
    exchange(a, b, tmp_path)
    for desk in (a, b):
        assert claim.id not in {c.id for c in desk.claims()}
        assert desk.count_claims() == 3


def test_work_done_after_a_deletion_brings_the_claim_back(laptops, tmp_path):
    a, b = laptops
    claim = first_claim(a)
    a.delete_claims([claim.id])
    b.set_verdict(claim.id, "False", scale="politifact")  # B had not seen the deletion
    exchange(a, b, tmp_path)
    for desk in (a, b):
        assert desk.claim(claim.id).verdict == "False"


def test_undoing_a_deletion_beats_an_older_bundle_that_carries_it(laptops, tmp_path):
    a, b = laptops
    claim = first_claim(a)
    records = a.delete_claims([claim.id]).made
    a.export_bundle(tmp_path / "deleted.bundle")
    b.import_bundle(tmp_path / "deleted.bundle")
    assert b.count_claims() == 3
    a.restore_claims(records)  # undo, after the bundle left
    a.import_bundle(tmp_path / "deleted.bundle")  # the old deletion comes back round
    assert a.claim(claim.id).text == claim.text
    exchange(a, b, tmp_path)
    assert b.claim(claim.id).text == claim.text


def test_a_deleted_article_stays_deleted_and_its_undo_survives(laptops, tmp_path):
    a, b = laptops
    (article,) = a.articles()
    record = a.delete_article(article.id).made
    exchange(a, b, tmp_path)
    assert a.articles() == [] and b.articles() == [] and b.count_claims() == 0
    a.restore_article(record)
    exchange(a, b, tmp_path)
    for desk in (a, b):
        assert [x.id for x in desk.articles()] == [article.id]
        assert desk.count_claims() == 4


def test_one_article_imported_on_two_laptops_converges_to_the_same_ids(tmp_path):
    a, b = Desk(tmp_path / "a.db"), Desk(tmp_path / "b.db")
    for desk in (a, b):
        desk.import_article(Article(source="s.txt", text=TEXT), split=sentence_split)
    b.set_verdict(first_claim(b).id, "False", scale="politifact")
    exchange(a, b, tmp_path)
    assert [x.id for x in a.articles()] == [x.id for x in b.articles()]
    assert sorted(c.id for c in a.claims()) == sorted(c.id for c in b.claims())
    assert a.count_claims() == 4 and first_claim(a).verdict == "False"
    a.close()
    b.close()


def test_line_order_does_not_matter(laptops, tmp_path):
    a, _ = laptops
    for claim in a.claims():
        a.set_verdict(claim.id, "False", scale="politifact")
        a.add_evidence(claim.id, "https://example.org/e", fetch=False)
    a.export_bundle(tmp_path / "a.bundle")
    header, *rows = read_lines(tmp_path / "a.bundle")
    random.Random(3).shuffle(rows)
    rows.sort(key=lambda item: item["table"] != "verdicts")  # children before parents
    with Desk(tmp_path / "c.db") as c:
        c.import_bundle(write_lines(tmp_path / "shuffled.bundle", [header, *rows]))
        assert c.count_claims() == 4
        assert all(claim.verdict == "False" for claim in c.claims())
        assert all(len(c.evidence(claim.id)) == 1 for claim in c.claims())


def _edit_row(items: list[dict], table: str, **changes) -> list[dict]:
    for item in items:
        if item.get("table") == table:
            item["row"].update(changes)
            break
    return items


def _verdict_bundle(a: Desk, tmp_path: Path) -> list[dict]:
    claim = first_claim(a)
    a.set_verdict(claim.id, "False", scale="politifact")
    a.add_evidence(claim.id, "https://example.org/e", fetch=False)
    a.export_bundle(tmp_path / "a.bundle")
    return read_lines(tmp_path / "a.bundle")


DAMAGES = {
    "claim text null": lambda items: _edit_row(items, "claims", text=None),
    "score as text": lambda items: _edit_row(items, "claims", score="high"),
    "evidence id null": lambda items: _edit_row(items, "evidence", id=None),
    "huge integer": lambda items: _edit_row(items, "claims", start=2**63),
    "float as position": lambda items: _edit_row(items, "claims", start=1.5),
    "unknown status": lambda items: _edit_row(items, "claims", status="done-ish"),
    "not a time": lambda items: _edit_row(items, "verdicts", at="yesterday"),
    "blob not gzip": lambda items: _edit_row(
        items, "articles", raw_gz=base64.b64encode(b"plain bytes").decode()
    ),
    "blob not base64": lambda items: _edit_row(items, "articles", raw_gz="!!not base64!!"),
    "orphan verdict": lambda items: _edit_row(items, "verdicts", claim_id="01" + "Z" * 24),
    "unknown column": lambda items: _edit_row(items, "claims", colour_of_sky="blue"),
    "deep nesting": lambda items: [*items, "[" * 5000 + "]" * 5000],
    "repeated row": lambda items: [*items, items[-1]],
    "bad field clock": lambda items: _edit_row(items, "claims", field_times='{"text": 5}'),
}


@pytest.mark.parametrize("damage", DAMAGES, ids=list(DAMAGES))
def test_a_damaged_bundle_is_refused_whole_naming_its_line(laptops, tmp_path, capsys, damage):
    a, b = laptops
    items = DAMAGES[damage](_verdict_bundle(a, tmp_path))
    bad = write_lines(tmp_path / "bad.bundle", items)
    before = dump(b.path)
    code = main(["--db", str(b.path), "import", str(bad)])
    err = capsys.readouterr().err
    assert code == 2, err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "bad.bundle: line " in err
    assert dump(b.path) == before


def test_a_rating_level_value_must_be_a_number(laptops, tmp_path):
    a, b = laptops
    from factdesk.model import RatingLevel, RatingScale

    a.save_scale(RatingScale("mine", "Mine", [RatingLevel("Yes", value=1.0)]))
    a.export_bundle(tmp_path / "a.bundle")
    items = _edit_row(read_lines(tmp_path / "a.bundle"), "rating_levels", value="one")
    with pytest.raises(BadInput, match=r"line 3: rating_levels.value must be a number"):
        b.import_bundle(write_lines(tmp_path / "bad.bundle", items))


def test_decompressed_size_is_capped(laptops, tmp_path):
    a, b = laptops
    items = _verdict_bundle(a, tmp_path)
    huge = _edit_row(list(items), "claims", context="x" * (33 * 1024 * 1024))
    with pytest.raises(BadInput, match="longer than"):
        b.import_bundle(write_lines(tmp_path / "huge.bundle", huge))
    bomb = base64.b64encode(gzip.compress(b"\0" * (40 * 1024 * 1024))).decode()
    items = _edit_row(read_lines(tmp_path / "a.bundle"), "articles", raw_gz=bomb)
    with pytest.raises(BadInput, match="decompresses to over"):
        b.import_bundle(write_lines(tmp_path / "bomb.bundle", items))


def test_a_bundle_export_that_fails_leaves_no_part_file(laptops, tmp_path):
    a, _ = laptops
    target = tmp_path / "no-such-folder" / "x.bundle"
    with pytest.raises(BadInput, match="cannot write"):
        a.export_bundle(target)
    assert not list(tmp_path.glob("**/*.part"))


def test_changed_since_lists_what_a_sync_must_send(laptops, tmp_path):
    a, _ = laptops
    (mark,) = [seq for *_row, seq in changed_since(a.db, 0)[-1:]]
    claim = first_claim(a)
    verdict = a.set_verdict(claim.id, "False", scale="politifact").made
    evidence = a.add_evidence(claim.id, "https://example.org/e", fetch=False).made
    a.remove_evidence(evidence.id)
    changed = {(table, row_id) for table, row_id, _seq in changed_since(a.db, mark)}
    assert {
        ("verdicts", verdict.id),
        ("claims", claim.id),
        ("evidence", evidence.id),
        ("tombstones", f"evidence/{evidence.id}"),
    } <= changed
    # A merge that brings nothing new changes nothing a sync would send.
    a.export_bundle(tmp_path / "a.bundle")
    last = changed_since(a.db, 0)[-1][2]
    a.import_bundle(tmp_path / "a.bundle")
    assert changed_since(a.db, last) == []
    assert a.count_claims(ClaimFilter(verdict="False")) == 1
    # The log can be compacted to one entry a row without changing what it says.
    everything = changed_since(a.db, 0)
    with a.db.write():
        assert compact_changes(a.db) > 0
    assert changed_since(a.db, 0) == everything
