"""Claim families travel through the hub (issue 23 item 3): each claim's family register
(store/families.py) is synced like the other tables; any checker of the organisation may
link and unlink its claims, the later write winning, and the undo travels too."""

from __future__ import annotations

from tests.hub.test_sync import OTHER, add
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


def _same_article_on_two_laptops(hub, laptop) -> tuple:
    """Alice and Bob import one article each on their own (Alice first: her claims' ids
    are the smaller, kept when the hub merges them), Bob another besides. Returns the
    laptops, their hub addresses, Alice's first claim (kept), Bob's copy of it (merged
    away) and Bob's other article's first claim."""
    url_a, url_b = hub.add_checker("alice"), hub.add_checker("bob")
    a, b = laptop("alice"), laptop("bob")
    kept = claim_ids(a, add(a, TEXT).id)[0]
    dropped = claim_ids(b, add(b, TEXT).id)[0]
    other = claim_ids(b, add(b, OTHER, source="b.txt").id)[0]
    assert kept < dropped
    return a, b, url_a, url_b, kept, dropped, other


def article(desk, claim_id: str) -> str:
    return desk.claim(claim_id).article_id


def _sync_rounds(*laptops_and_urls) -> None:
    for _round in range(2):
        for desk, url in laptops_and_urls:
            assert desk.sync(url).refused == []


def test_a_claim_merged_into_another_on_the_hub_takes_its_family_along(hub, laptop):
    a, b, url_a, url_b, kept, dropped, other = _same_article_on_two_laptops(hub, laptop)
    b.link_claims(dropped, other, by="Bob")
    _sync_rounds((a, url_a), (b, url_b))

    # drop_duplicate moved Bob's register onto the claim kept: the family lives on.
    registers = hub_registers(hub)
    assert dropped not in registers
    assert registers[kept] == registers[other] != ""
    for desk in (a, b):
        assert set(desk.claim_family(kept)) == {kept, other}
        assert set(desk.claim_family(other)) == {kept, other}
        assert [x.claim_id for x in desk.claim_appearances(other)] == [kept, other]
    # Bob's old id still finds the claim, and its family (store/aliases.py).
    assert set(b.claim_family(dropped)) == {kept, other}


def test_drop_duplicate_on_the_hub_moves_the_merged_claims_family_row(hub, laptop):
    """The hub's own merge (not a laptop's): Bob's copy, linked in a family, reached the
    hub first; Alice's rows arrive unmerged and she asks the hub to drop his duplicate."""
    from factdesk.hub.sync import HUB_TABLES
    from factdesk.store.outbox import outbox
    from tests.hub.test_security import push

    a, b, url_a, url_b, kept, dropped, other = _same_article_on_two_laptops(hub, laptop)
    b.link_claims(dropped, other, by="Bob")
    assert b.sync(url_b).refused == []
    family = hub_registers(hub)[dropped]
    box = outbox(a.db, 0)  # what Alice's laptop would send, sent as it is
    with hub.connect("alice") as alice:
        for table in HUB_TABLES:
            if box.rows.get(table.name):
                assert push(alice, table.name, *box.rows[table.name]) == []
        with alice.transaction():  # the article first: its claims then share one parent
            for table, old_id, kept_id in (("articles", article(b, dropped), article(a, kept)),
                                           ("claims", dropped, kept)):  # fmt: skip
                moved = alice.execute("SELECT factdesk.drop_duplicate(%s, %s)", [table, old_id])
                assert moved.fetchone() == (kept_id,)
    registers = hub_registers(hub)
    assert dropped not in registers
    assert registers[kept] == registers[other] == family
    with hub.connect() as admin:
        assert admin.execute("SELECT count(*) FROM factdesk.claims WHERE id = %s",
                             [dropped]).fetchone() == (0,)  # fmt: skip
    _sync_rounds((a, url_a), (b, url_b))
    for desk in (a, b):
        assert set(desk.claim_family(kept)) == {kept, other}
    assert hub_registers(hub)[kept] == family


def test_two_copies_each_in_a_family_end_in_the_later_linked_one_everywhere(hub, laptop):
    """One register per claim, the later write winning: when both copies of a merged claim
    were linked, every laptop and the hub agree on the later link's family. (Alice's
    earlier link is not joined in: her other claim is left alone.)"""
    a, b, url_a, url_b, kept, dropped, other = _same_article_on_two_laptops(hub, laptop)
    third = claim_ids(a, add(a, OTHER.replace("third", "quarter"), source="c.txt").id)[0]
    a.link_claims(kept, third, by="Alice")
    b.link_claims(dropped, other, by="Bob")  # later
    _sync_rounds((a, url_a), (b, url_b))

    registers = hub_registers(hub)
    assert dropped not in registers
    assert registers[kept] == registers[other] != registers[third]
    for desk in (a, b):
        assert set(desk.claim_family(kept)) == {kept, other}
        assert desk.claim_family(third) == []  # alone, its family of one is none


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
