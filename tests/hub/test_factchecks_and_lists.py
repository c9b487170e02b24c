"""Fact-checks (with their corrections) and saved lists travel through the hub as the
other synced tables do (store/tables.py declares them), under the hub's rules: a checker
never changes a teammate's fact-check or saved list, and a fact-check is signed off only
by a second checker with the editor role, whose registered name the hub records."""

from __future__ import annotations

import psycopg
import pytest

from factdesk.cli import main
from factdesk.errors import BadInput
from factdesk.hub import HubError
from factdesk.model import ClaimFilter
from tests.hub.test_security import delete, hub_row, push
from tests.hub.test_sync import add, first_claim
from tests.test_desk import TEXT

FINDINGS = "The figures say otherwise [1]."


def hub_factcheck(hub, claim_id: str) -> dict:
    with hub.connect() as admin:
        found = admin.execute(
            "SELECT to_jsonb(f) FROM factdesk.factchecks AS f WHERE claim_id = %s", [claim_id]
        ).fetchone()
    return found[0] if found else {}


def in_review(desk, claim_id: str) -> None:
    desk.set_verdict(claim_id, "False", scale="politifact")
    desk.add_evidence(claim_id, "https://example.org/table3", fetch=False)
    desk.save_factcheck(claim_id, findings=FINDINGS)
    desk.submit_factcheck(claim_id)


def test_a_fact_check_is_signed_off_by_an_editor_through_the_hub(hub, laptop):
    url_a, url_b = hub.add_checker("alice"), hub.add_checker("bob")
    url_g = hub.add_checker("grace", editor=True, display_name="Grace Hopper")
    a = laptop("alice")
    claim = first_claim(a, add(a, TEXT).id)
    in_review(a, claim.id)
    assert a.sync(url_a).sent["factchecks"] == 1
    assert hub_factcheck(hub, claim.id)["state"] == "in review"

    # Bob, not an editor, can neither sign it off nor change it.
    b = laptop("bob")
    b.sync(url_b)
    assert b.factcheck(claim.id).state == "in review"
    with pytest.raises(BadInput, match="not an editor"):
        b.sign_off_factcheck(claim.id, hub.checkers["bob"])
    b.save_factcheck(claim.id, headline="Bob's own headline")
    report = b.sync(url_b)
    assert [line for line in report.refused if "only they or an editor can change it" in line]
    assert hub_factcheck(hub, claim.id)["headline"] != "Bob's own headline"

    # Grace, an editor, signs it off; the hub records her registered name.
    g = laptop("grace")
    g.sync(url_g)
    g.sign_off_factcheck(claim.id, hub.checkers["grace"])
    assert g.sync(url_g).refused == []
    row = hub_factcheck(hub, claim.id)
    assert (row["state"], row["editor"], row["recorded_by"]) == (
        "published", "Grace Hopper", hub.checkers["alice"],
    )  # fmt: skip
    assert g.factcheck(claim.id).editor == "Grace Hopper"
    a.sync(url_a)
    published = a.factcheck(claim.id)
    assert (published.state, published.editor) == ("published", "Grace Hopper")

    # The author's correction travels, with the name the hub knows her by.
    a.save_factcheck(claim.id, findings="The figures [1] say otherwise.", correction="Moved [1]")
    assert a.sync(url_a).refused == []
    g.sync(url_g)
    corrected = g.factcheck(claim.id)
    assert corrected.findings == "The figures [1] say otherwise."
    assert [(c.note, c.by) for c in corrected.corrections] == [("Moved [1]", hub.checkers["alice"])]
    assert (corrected.state, corrected.editor) == ("published", "Grace Hopper")


def test_only_a_second_checker_with_the_editor_role_signs_off(hub, laptop):
    url_a = hub.add_checker("alice")
    hub.add_checker("bob")
    url_g = hub.add_checker("grace", editor=True)
    a = laptop("alice")
    article = add(a, TEXT)
    claim = first_claim(a, article.id)
    in_review(a, claim.id)
    a.sync(url_a)
    factcheck = {k: v for k, v in hub_factcheck(hub, claim.id).items()
                 if k not in ("org", "seq", "recorded_by", "claimed_times")}  # fmt: skip
    with hub.connect("bob") as bob:
        signed = {**factcheck, "state": "published", "editor": "Bob"}
        assert "takes a checker with the editor role" in push(bob, "factchecks", signed)[0]
        changed = {**factcheck, "headline": "x"}
        assert "only they or an editor" in push(bob, "factchecks", changed)[0]
        correction = {"id": "c-bob", "factcheck_id": factcheck["id"], "note": "mine now",
                      "at": "2026-01-01T00:00:00+00:00"}  # fmt: skip
        refused = push(bob, "factcheck_corrections", correction)
        assert "only they or an editor correct it" in refused[0]
    with hub.connect("alice") as alice:
        # Naming an editor is no sign-off: the hub keeps who signed off (nobody yet).
        assert push(alice, "factchecks", {**factcheck, "editor": "Alice", "headline": "H"}) == []
        # A second fact-check of the same claim is refused.
        second = {**factcheck, "id": "fc-second"}
        assert "has a fact-check already" in push(alice, "factchecks", second)[0]
    row = hub_factcheck(hub, claim.id)
    assert (row["headline"], row["editor"], row["state"]) == ("H", None, "in review")
    # An editor does not sign off what she wrote herself.
    g = laptop("grace")
    g.sync(url_g)
    other = sorted(g.claims(ClaimFilter(article_id=article.id)), key=lambda c: c.start)[1]
    with hub.connect("grace") as grace:
        own = {**factcheck, "id": "fc-grace", "claim_id": other.id, "state": "published"}
        assert "a second checker signs" in push(grace, "factchecks", own)[0]
        assert push(grace, "factchecks", {**own, "state": "draft"}) == []
        assert "a second checker signs" in push(grace, "factchecks", own)[0]
        # ... and signs off Alice's.
        assert push(grace, "factchecks", {**factcheck, "state": "published"}) == []
    assert hub_factcheck(hub, claim.id)["state"] == "published"
    with hub.connect("alice") as alice:  # which its writer cannot take back
        refused = push(alice, "factchecks", {**factcheck, "state": "draft"})
        assert "only an editor takes a published fact-check back" in refused[0]


def test_saved_lists_travel_and_stay_their_recorders(hub, laptop):
    url_a, url_b = hub.add_checker("alice"), hub.add_checker("bob")
    a, b = laptop("alice"), laptop("bob")
    saved, _old = a.save_list("Rated false", ClaimFilter(verdict="False"), days=7).made
    assert a.sync(url_a).sent["saved_lists"] == 1
    b.sync(url_b)
    [seen] = b.saved_lists()
    assert (seen.id, seen.name, seen.filter.verdict, seen.days) == (saved.id, "Rated false",
                                                                    "False", 7)  # fmt: skip
    row = hub_row(hub, "saved_lists", saved.id)
    with hub.connect("bob") as bob:
        assert (
            "only they or an editor can change it"
            in push(bob, "saved_lists", {**row, "name": "Bob's now"})[0]
        )
        assert "only they or an editor can delete it" in delete(bob, "saved_lists", saved.id)[0]
    # Removed by its recorder: gone from every laptop.
    a.remove_list("Rated false")
    assert a.sync(url_a).refused == []
    assert hub.connect().execute("SELECT count(*) FROM factdesk.saved_lists").fetchone() == (0,)
    b.sync(url_b)
    assert b.saved_lists() == []


def test_hub_init_upgrades_a_version_2_hub_then_fact_checks_travel(
    pg_server, laptop, monkeypatch, capsys
):
    import factdesk.hub.admin as admin_module
    from factdesk.hub import init_hub, parse_hub_url
    from factdesk.hub.schema import MIGRATIONS
    from tests.pgserver import Hub

    database = pg_server.new_database()
    hub = Hub(pg_server, database)
    try:
        with monkeypatch.context() as m:  # a hub made by the factdesk of issue 18
            m.setattr(admin_module, "MIGRATIONS", MIGRATIONS[:2])
            m.setattr(admin_module, "LATEST", 2)
            init_hub(parse_hub_url(hub.admin_url))
        url_a, url_g = hub.add_checker("alice"), hub.add_checker("grace", editor=True)
        a = laptop("alice")
        claim = first_claim(a, add(a, TEXT).id)
        in_review(a, claim.id)
        with pytest.raises(HubError, match="older than this factdesk's"):
            a.sync(url_a)
        assert main(["hub", "init", hub.admin_url]) == 0
        assert "upgraded from version 2" in capsys.readouterr().out
        # The checkers added before keep their way in, and fact-checks travel.
        assert a.sync(url_a).sent["factchecks"] == 1
        g = laptop("grace")
        g.sync(url_g)
        assert g.factcheck(claim.id).findings == FINDINGS
        grace_url = pg_server.socket_url(database, hub.checkers["grace"])
        with (
            psycopg.connect(grace_url) as grace,
            pytest.raises(psycopg.errors.InsufficientPrivilege),
        ):
            grace.execute("SELECT count(*) FROM factdesk.factchecks")
    finally:
        pg_server.drop_database(database)


def test_the_hubs_tables_and_rules_cover_exactly_the_registry(hub):
    """The hub's tables are the registry's, with its columns and types; the functions'
    lists of tables are the registry's; the rules written out by hand in them name no
    table the registry lacks, and look up every table with an id."""
    import re

    from factdesk.hub.push_sql import deletable_sql, tombstoned_sql
    from factdesk.store.tables import HUB_TYPES, on_hub, sql_array

    synced = on_hub()
    names = {t.name for t in synced}
    with hub.connect() as admin:
        tables = {r[0] for r in admin.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'factdesk'")}  # fmt: skip
        assert tables - {"migrations", "hub", "members", "change_lock", "merging"} == names
        for t in synced:
            there = set(
                admin.execute(
                    """SELECT column_name, data_type FROM information_schema.columns
                       WHERE table_schema = 'factdesk' AND table_name = %s""",
                    [t.name],
                ).fetchall()
            )
            wanted = {(c.name, HUB_TYPES[c.type]) for c in t.hub_columns}
            wanted |= {("org", "text"), ("seq", "bigint"), ("recorded_by", "text"),
                       ("claimed_times", "jsonb")}  # fmt: skip
            assert there == wanted, t.name

        def source(signature: str) -> str:
            found = admin.execute(
                "SELECT pg_get_functiondef(%s::regprocedure)", [f"factdesk.{signature}"]
            ).fetchone()
            return found[0]

        listed = sql_array(t.name for t in synced)
        assert listed in source("pull(text, bigint, bigint)")
        assert listed in source("push(text, jsonb)")
        for t in synced:
            assert f"factdesk.{t.name}" in source("latest_change()")
        assert deletable_sql(synced) in source("refusal(text, text, text, text)")
        push_row = source("push_row(text, jsonb, text, text, text, boolean, jsonb, text)")
        assert tombstoned_sql(synced) in push_row
        for t in synced:
            if t.key == ("id",):
                assert f"FROM factdesk.{t.name} AS t WHERE org = o AND id" in push_row
        by_hand = [push_row, source("refusal(text, text, text, text)"),
                   source("drop_duplicate(text, text)"), source("leave_tombstone()")]  # fmt: skip
        named = {n for text in by_hand for n in re.findall(r"'([a-z_]+)'", text)} | {
            n for text in by_hand for n in re.findall(r"factdesk\.([a-z_]+)", text)
        }
        tableish = named & (tables | {"factchecks", "saved_lists", "factcheck_corrections"})
        assert tableish - {"members", "merging", "change_lock", "hub"} <= names
        assert {"factchecks", "factcheck_corrections", "saved_lists"} <= tableish
