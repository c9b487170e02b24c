"""Claim memory and the trash (issue 23): a claim or article in the trash takes no part in
the look-ups (similar claims, family suggestions, seen before, families, statistics), comes
back exactly on restore, and its vector and family register go when the trash is emptied.
The family register is synced: the trash writes nothing to it, so nothing travels until
the trash is emptied. Real encoder, real SQLite files, real bundles."""

from __future__ import annotations

import pytest

from factdesk.desk import Desk
from tests.test_bundle_merge import exchange
from tests.test_claim_memory import FOLLOW_UP, RATED, _dated


def _registers(desk: Desk) -> dict[str, tuple]:
    rows = desk.db.execute(
        "SELECT claim_id, family_id, added_at, added_by FROM claim_family_members"
    ).fetchall()
    return {row[0]: tuple(row[1:]) for row in rows}


def _vectors(desk: Desk, claim_ids: list[str]) -> int:
    marks = ",".join("?" * len(claim_ids))
    sql = f"SELECT count(*) FROM claim_vectors WHERE claim_id IN ({marks})"
    return desk.db.execute(sql, claim_ids).fetchone()[0]


def _logged_registers(desk: Desk) -> dict[str, int]:
    """How many changes of each claim's register the change log holds (what a sync sends)."""
    sql = "SELECT row_id, count(*) FROM row_changes WHERE tbl = 'claim_family_members' GROUP BY 1"
    return dict(desk.db.execute(sql).fetchall())


@pytest.fixture
def family(desk):
    return _family(desk)


def _family(desk: Desk) -> tuple[str, str, str, str]:
    """A rated claim, two repeats of it in a later article, all three in one family."""
    [first] = _dated(desk, "first", RATED, "2019-11-26")
    desk.set_verdict(first.id, "False", reviewer="Ana")
    later = _dated(desk, "later", FOLLOW_UP, "2019-12-02")
    repeat = next(c for c in later if "always has been" in c.text)
    party = next(c for c in later if "Conservative Party activist" in c.text)
    desk.link_claims(first.id, repeat.id, by="Ana")
    desk.link_claims(party.id, first.id, by="Ana")
    return first.id, repeat.id, party.id, later[0].article_id


def test_a_trashed_claim_takes_no_part_and_comes_back_exactly(desk, family):
    first, repeat, party, _later = family
    registers, logged = _registers(desk), _logged_registers(desk)
    assert {s.claim.id for s in desk.similar_claims(first)} == {repeat, party}
    assert desk.seen_before([repeat])[repeat].appearances == 3
    claims = desk.statistics().claims

    item = desk.trash_claims([repeat]).made
    assert {s.claim.id for s in desk.similar_claims(first)} == {party}
    assert repeat not in {s.claim.id for s in desk.suggest_family(party)}
    assert set(desk.claim_family(first)) == {first, party}
    assert [a.claim_id for a in desk.claim_appearances(first)] == [first, party]
    assert desk.seen_before([party])[party].appearances == 2
    assert desk.statistics().claims == claims - 1
    # Nothing written to the registers (nothing to travel): the other two are as they were.
    assert _logged_registers(desk) == {k: n for k, n in logged.items() if k != repeat}
    assert {k: v for k, v in _registers(desk).items() if k != repeat} == {
        k: v for k, v in registers.items() if k != repeat
    }
    assert _vectors(desk, [repeat]) == 1  # (kept, a cache: back with the claim)

    desk.restore_from_trash(item.id)
    assert _registers(desk) == registers
    assert set(desk.claim_family(repeat)) == {first, repeat, party}
    assert {s.claim.id for s in desk.similar_claims(first)} == {repeat, party}
    assert desk.seen_before([repeat])[repeat].appearances == 3


def test_a_trashed_article_hides_a_family_left_with_one_claim_until_restored(desk, family):
    first, repeat, party, later = family
    registers = _registers(desk)
    item = desk.trash_article(later).made
    assert desk.claim_family(first) == []  # a family of one is no family
    assert desk.db.execute("SELECT count(*) FROM claim_families").fetchone()[0] == 0
    assert desk.similar_claims(first) == []
    assert _registers(desk)[first] == registers[first]  # its register untouched
    # An edit elsewhere does not drop the lone claim from the family it is waiting in.
    [other] = _dated(desk, "other", "Rents rose by 9 per cent in Leeds last year.", "2019-12-09")
    [more] = _dated(desk, "more", "Rents rose by 9 per cent in York last year.", "2019-12-10")
    undo = desk.link_claims(other.id, more.id)
    assert _registers(desk)[first] == registers[first]

    desk.restore_from_trash(item.id)
    assert set(desk.claim_family(first)) == {first, repeat, party}
    assert {k: _registers(desk)[k] for k in registers} == registers
    desk.restore_families(undo.made)
    assert set(desk.claim_family(first)) == {first, repeat, party}


def test_a_rated_claim_in_the_trash_marks_no_repeat(desk):
    [first] = _dated(desk, "first", RATED, "2019-11-26")
    desk.set_verdict(first.id, "False", reviewer="Ana")
    item = desk.trash_claims([first.id]).made
    later = _dated(desk, "later", FOLLOW_UP, "2019-12-02")
    assert desk.seen_before([c.id for c in later]) == {}
    desk.restore_from_trash(item.id)
    again = _dated(desk, "again", FOLLOW_UP.replace("Council", "Town"), "2019-12-03")
    assert {m.earlier.id for m in desk.seen_before([c.id for c in again]).values()} == {first.id}


def test_emptying_the_trash_removes_the_vectors_and_registers(desk, family):
    first, repeat, party, later = family
    desk.trash_article(later)
    assert _vectors(desk, [repeat, party]) == 2
    assert desk.empty_trash() == 1
    assert _vectors(desk, [repeat, party]) == 0
    assert set(_registers(desk)) == {first}
    assert desk.claim_family(first) == []


def test_the_trash_travels_in_no_bundle_until_emptied(tmp_path):
    a, b = Desk(tmp_path / "a.db"), Desk(tmp_path / "b.db")
    try:
        first, repeat, party, later = _family(a)
        a.export_bundle(tmp_path / "start.bundle")
        b.import_bundle(tmp_path / "start.bundle")
        assert set(b.claim_family(first)) == {first, repeat, party}

        item = a.trash_claims([repeat]).made
        a.export_bundle(tmp_path / "trashed.bundle")
        b.import_bundle(tmp_path / "trashed.bundle")  # nothing of the trash travels
        assert set(b.claim_family(first)) == {first, repeat, party}
        assert set(a.claim_family(first)) == {first, party}
        a.restore_from_trash(item.id)
        exchange(a, b, tmp_path)
        assert set(a.claim_family(first)) == set(b.claim_family(first)) == {first, repeat, party}
        assert _registers(a) == _registers(b)

        a.trash_article(later)
        a.empty_trash()
        exchange(a, b, tmp_path)  # the deletion travels: B's family is left with one claim
        assert b.claim_family(first) == a.claim_family(first) == []
        assert not b.db.execute("SELECT 1 FROM claims WHERE id = ?", [repeat]).fetchone()
        assert b.db.execute("SELECT count(*) FROM claim_families").fetchone()[0] == 0
    finally:
        a.close()
        b.close()


def test_the_vectors_of_trashed_claims_do_not_crowd_out_the_nearest(desk):
    """The 25 stored vectors nearest a query are those of claims in the trash: a look-up
    still finds the 20 nearest of the claims that are there."""
    import numpy as np

    from factdesk.claims.paraphrase import quantise
    from factdesk.memory import vector_key
    from factdesk.model import Article
    from factdesk.store import queries as q
    from factdesk.store import vectors
    from tests.test_desk import sentence_split

    text = ". ".join(f"Sentence number {n} of the article" for n in range(60)) + "."
    article = desk.import_article(Article(source="many.txt", text=text), split=sentence_split)
    claims = sorted(desk.claims(), key=lambda c: c.start)
    assert len(claims) == 60 and {c.article_id for c in claims} == {article.article.id}
    rng = np.random.default_rng(4)
    query = rng.normal(size=384).astype(np.float32)
    query /= np.linalg.norm(query)
    # Claim n's vector: the closer to the query the smaller n (cosine 0.99 down to 0.8).
    rows = []
    for n in range(60):
        noise = rng.normal(size=384).astype(np.float32)
        noise -= (noise @ query) * query
        noise /= np.linalg.norm(noise)
        cosine = 0.99 - n * 0.003
        rows.append(cosine * query + np.sqrt(1 - cosine**2) * noise)
    with desk.db.write():
        vectors.put_vectors(desk.db, [
            (c.id, vector_key(c.text), row.tobytes())
            for c, row in zip(claims, quantise(np.array(rows)), strict=True)
        ])  # fmt: skip
    desk.trash_claims([c.id for c in claims[:25]])

    memory = desk.claim_memory()
    near, found = memory._nearest_present(
        desk.db, query, 20, lambda ids: q.get_claims(desk.db, ids)
    )
    assert set(near) == set(found) and len(near) == 20
    # (int8 rounding may swap neighbours a cosine of 0.003 apart: at the edge only)
    assert set(near) <= {c.id for c in claims[25:47]}
    assert {c.id for c in claims[25:43]} <= set(near)


def test_a_replaced_vector_counts_not_its_older_one(desk):
    """An edited claim's vector is stored anew (the index then holds both): a look-up
    reads the current one's cosine, and a claim near only by its older vector is not."""
    import numpy as np

    from factdesk.claims.paraphrase import quantise
    from factdesk.memory import vector_key
    from factdesk.model import Article
    from factdesk.store import queries as q
    from factdesk.store import vectors
    from tests.test_desk import sentence_split

    text = "The first claim of the article. The second claim of the article."
    desk.import_article(Article(source="two.txt", text=text), split=sentence_split)
    first, second = sorted(desk.claims(), key=lambda c: c.start)
    rng = np.random.default_rng(5)
    query, far = rng.normal(size=(2, 384)).astype(np.float32)
    near_rows = quantise(np.array([query, query + 0.1 * far]))
    memory = desk.claim_memory()

    def look_up() -> dict[str, float]:
        unit = query / np.linalg.norm(query)
        return memory._nearest_present(desk.db, unit, 5, lambda ids: q.get_claims(desk.db, ids))[0]

    pairs = zip((first, second), near_rows, strict=True)
    with desk.db.write():
        vectors.put_vectors(desk.db, [(c.id, vector_key(c.text), r.tobytes()) for c, r in pairs])
    assert set(look_up()) == {first.id, second.id}
    with desk.db.write():  # the second claim's vector replaced by one far from the query
        replaced = quantise(far)[0].tobytes()
        vectors.put_vectors(desk.db, [(second.id, vector_key(second.text), replaced)])
    found = look_up()
    assert set(found) == {first.id} and found[first.id] > 0.99
