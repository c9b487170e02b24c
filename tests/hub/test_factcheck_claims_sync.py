"""A fact-check covering several claims travels through the hub (schema version 5): its
claims' registers (store/factcheck_claims.py) are synced like the other tables, and only
the fact-check's writer or an editor puts claims in it or takes them out. A teammate who
is neither is refused, through the app as through the hub's functions directly."""

from __future__ import annotations

from tests.hub.test_factchecks_and_lists import in_review
from tests.hub.test_security import push
from tests.hub.test_sync import OTHER, add
from tests.test_desk import TEXT


def claim_ids(desk, article_id: str) -> list[str]:
    claims = [c for c in desk.claims() if c.article_id == article_id]
    return [c.id for c in sorted(claims, key=lambda c: c.start)]


def hub_registers(hub) -> dict[str, tuple[str, str]]:
    """claim id -> (fact-check id, recorded by), as the hub has them."""
    with hub.connect() as admin:
        rows = admin.execute(
            "SELECT claim_id, factcheck_id, recorded_by FROM factdesk.factcheck_claims"
        ).fetchall()
    return {claim_id: (factcheck_id, who) for claim_id, factcheck_id, who in rows}


def test_a_fact_checks_claims_travel_and_only_its_writer_or_an_editor_changes_them(hub, laptop):
    url_a, url_b = hub.add_checker("alice"), hub.add_checker("bob")
    url_g = hub.add_checker("grace", editor=True, display_name="Grace Hopper")
    a = laptop("alice")
    main, again, third, fourth = claim_ids(a, add(a, TEXT).id)
    later = claim_ids(a, add(a, OTHER, source="b.txt").id)[0]
    in_review(a, main)
    a.cover_claims(main, [again])
    assert a.sync(url_a).refused == []
    factcheck_id = a.factcheck(main).id
    assert hub_registers(hub) == {again: (factcheck_id, hub.checkers["alice"])}

    # Bob, who did not write it and is no editor, sees the group but cannot change it.
    b = laptop("bob")
    b.sync(url_b)
    assert b.factcheck(again).claim_ids == [main, again]
    b.cover_claims(main, [third])
    b.uncover_claims([again])
    refused = b.sync(url_b).refused
    assert len(refused) == 2 and all(
        "only they or an editor change the claims it covers" in line for line in refused
    )
    assert hub_registers(hub) == {again: (factcheck_id, hub.checkers["alice"])}
    with hub.connect("bob") as bob:  # nor through the hub's functions directly
        hostile = {"claim_id": fourth, "factcheck_id": factcheck_id,
                   "added_at": "2026-01-01T00:00:00+00:00"}  # fmt: skip
        assert "only they or an editor" in push(bob, "factcheck_claims", hostile)[0]
        missing = {**hostile, "factcheck_id": "no-such-fact-check"}
        assert "which the hub does not have" in push(bob, "factcheck_claims", missing)[0]
    assert fourth not in hub_registers(hub)

    # Grace, an editor, adds a claim; Alice, its writer, takes one out: both reach Bob.
    g = laptop("grace")
    g.sync(url_g)
    g.cover_claims(main, [later])
    assert g.sync(url_g).refused == []
    a.sync(url_a)
    assert a.factcheck(main).other_claims == [again, later]
    a.uncover_claims([again])
    assert a.sync(url_a).refused == []
    assert hub_registers(hub)[again][0] == ""
    b.sync(url_b)
    assert g.sync(url_g).refused == []
    assert a.factcheck(main).other_claims == g.factcheck(main).other_claims == [later]
