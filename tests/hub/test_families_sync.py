"""Claim families travel through the hub (issue 23 item 3): each claim's family register
(store/families.py) is synced like the other tables; any checker of the organisation may
link and unlink its claims, the later write winning, and the undo travels too."""

from __future__ import annotations

from tests.hub.test_sync import add
from tests.test_desk import TEXT


def claim_ids(desk, article_id: str) -> list[str]:
    claims = [c for c in desk.claims() if c.article_id == article_id]
    return [c.id for c in sorted(claims, key=lambda c: c.start)]


def hub_registers(hub) -> dict[str, str]:
    with hub.connect() as admin:
        rows = admin.execute(
            "SELECT claim_id, family_id FROM factdesk.claim_family_members"
        ).fetchall()
    return dict(rows)


def test_two_laptops_see_one_family_and_its_undo_through_the_hub(hub, laptop):
    url_a, url_b = hub.add_checker("alice"), hub.add_checker("bob")
    a = laptop("alice")
    first, second, third = claim_ids(a, add(a, TEXT).id)[:3]
    before = a.link_claims(first, second).row
    assert a.sync(url_a).refused == []
    assert set(hub_registers(hub)) == {first, second}

    b = laptop("bob")
    b.sync(url_b)
    assert set(b.claim_family(first)) == {first, second}
    # Bob (not who linked them) adds a claim to Alice's family; she sees it.
    b.link_claims(third, second)
    assert b.sync(url_b).refused == []
    a.sync(url_a)
    assert set(a.claim_family(first)) == {first, second, third}

    # Alice's undo of her link travels: Bob's family is what hers is.
    a.restore_families(before)
    assert a.sync(url_a).refused == []
    b.sync(url_b)
    assert set(b.claim_family(third)) == set(a.claim_family(third))
    assert b.claim_family(first) == a.claim_family(first) == []
    assert hub_registers(hub)[first] == ""


def test_an_older_register_does_not_overwrite_the_hubs_newer_one(hub, laptop):
    url_a, url_b = hub.add_checker("alice"), hub.add_checker("bob")
    a = laptop("alice")
    first, second, third = claim_ids(a, add(a, TEXT).id)[:3]
    a.sync(url_a)
    b = laptop("bob")
    b.sync(url_b)
    a.link_claims(first, second)  # older
    b.link_claims(second, third)  # newer: claim 2 ends in Bob's family
    b.sync(url_b)
    a.sync(url_a)
    b.sync(url_b)
    assert hub_registers(hub)[second] == hub_registers(hub)[third]
    assert set(a.claim_family(second)) == set(b.claim_family(second)) == {second, third}
    assert a.claim_family(first) == b.claim_family(first) == []


def test_a_claim_in_the_trash_keeps_its_family_on_the_hub_until_emptied(hub, laptop):
    """The trash writes nothing to a family register (store/trash.py): the hub and the
    team keep the family while it is there; a restore changes nothing for them; emptying
    it deletes the claim, and its register with it, on the hub and then on Bob's laptop."""
    url_a, url_b = hub.add_checker("alice"), hub.add_checker("bob")
    a = laptop("alice")
    first, second, third = claim_ids(a, add(a, TEXT).id)[:3]
    a.link_claims(first, second)
    a.link_claims(third, first)
    assert a.sync(url_a).refused == []
    registers = hub_registers(hub)
    b = laptop("bob")
    b.sync(url_b)

    item = a.trash_claims([second]).made
    assert set(a.claim_family(first)) == {first, third}
    assert a.sync(url_a).refused == []
    assert hub_registers(hub) == registers
    b.sync(url_b)
    assert set(b.claim_family(first)) == {first, second, third}
    a.restore_from_trash(item.id)
    assert a.sync(url_a).refused == []
    assert hub_registers(hub) == registers
    assert set(a.claim_family(second)) == {first, second, third}

    a.trash_claims([second])
    a.empty_trash()
    # (restored, then trashed again: the deletion is numbered above what was sent)
    assert a.sync(url_a).refused == []
    with hub.connect() as admin:
        sql = "SELECT count(*) FROM factdesk.claims WHERE id = %s"
        assert admin.execute(sql, [second]).fetchone()[0] == 0
    assert set(hub_registers(hub)) == {first, third}
    b.sync(url_b)
    assert set(b.claim_family(first)) == set(a.claim_family(first)) == {first, third}
    assert second not in {c.id for c in b.claims()}
