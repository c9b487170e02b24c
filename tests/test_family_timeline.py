"""A claim family's view (issue 23 item 3): its first appearance and appearances over time,
and the family's verdict offered to a member without one (taken with the seen-before path:
a new verdict entry citing the earlier one)."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

from factdesk.lists import FamilyTimeline
from factdesk.report.factcheck import Appearance
from tests.test_claim_memory import FOLLOW_UP, RATED, _dated


def two_articles(desk, rated: str | None = None) -> tuple:
    """The first article's claim (rated by Ana if `rated`), the later article's claims and
    its repeat of the first."""
    [first] = _dated(desk, "first", RATED, "2019-11-26")
    if rated:
        desk.set_verdict(first.id, rated, reviewer="Ana")
    later = _dated(desk, "later", FOLLOW_UP, "2019-12-02")
    return first, later, next(c for c in later if "always has been" in c.text)


def _appearance(
    claim_id: str, date: str | None, imported: str = "2026-12-01T10:00:00"
) -> Appearance:
    return Appearance(claim_id, date, imported, f"https://x.example/{claim_id}", claim_id)


def test_appearances_are_counted_per_week_with_the_empty_weeks_between():
    timeline = FamilyTimeline("a", [
        _appearance("a", "2026-11-02"), _appearance("b", "2026-11-04T09:00:00+00:00"),
        _appearance("c", None, imported="2026-11-24T08:00:00"), _appearance("d", "in May",
                                                                           "2026-11-25T08:00:00"),
    ])  # fmt: skip
    assert timeline.unit() == "week"
    # 2 Nov 2026 is a Monday (week 45); the 9th and 16th's weeks had none.
    assert timeline.periods() == [("2026-W45", 2), ("2026-W46", 0), ("2026-W47", 0),
                                  ("2026-W48", 2)]  # fmt: skip
    assert timeline.first_period() == "2026-W45"
    assert sum(n for _p, n in timeline.periods()) == len(timeline.appearances)


def test_a_long_family_is_counted_per_month_and_a_very_long_one_per_year():
    months = FamilyTimeline("a", [_appearance("a", "2025-11-30"), _appearance("b", "2026-02-01")
                                  , _appearance("c", "2026-12-31")])  # fmt: skip
    assert months.unit() == "month"
    periods = months.periods()
    assert periods[0] == ("2025-11", 1) and periods[-1] == ("2026-12", 1)
    assert len(periods) == 14 and ("2026-02", 1) in periods and ("2025-12", 0) in periods
    years = FamilyTimeline("a", [_appearance("a", "2001-05-01"), _appearance("b", "2026-01-01")])
    assert years.unit() == "year"
    assert len(years.periods()) == 26 and years.periods()[-1] == ("2026", 1)


def test_the_family_timeline_of_linked_claims(desk):
    first, _later, repeat = two_articles(desk)
    assert desk.family_timeline(repeat.id).appearances == []
    desk.link_claims(repeat.id, first.id)
    timeline = desk.family_timeline(repeat.id)
    assert [a.claim_id for a in timeline.appearances] == [first.id, repeat.id]
    assert timeline.first is not None and timeline.first.claim_id == first.id
    assert timeline.periods()[0] == ("2019-W48", 1) and timeline.periods()[-1] == ("2019-W49", 1)
    assert timeline.texts[repeat.id] == repeat.text
    assert timeline.verdict is None
    desk.set_verdict(first.id, "False", reviewer="Ana")
    assert desk.family_timeline(repeat.id).verdict.claim_id == first.id


def test_a_new_member_is_offered_the_familys_verdict_and_takes_it_citing_it(desk):
    first, later, repeat = two_articles(desk)
    other = next(c for c in later if "library" in c.text)
    desk.link_claims(repeat.id, first.id)
    assert desk.seen_before([repeat.id, first.id]) == {}  # a family with no verdict: none
    desk.set_verdict(first.id, "False", reviewer="Ana", summary="No record of it.")

    offers = desk.seen_before([repeat.id, first.id, other.id])
    assert set(offers) == {repeat.id}  # the rated member is offered nothing, nor a stranger
    offer = offers[repeat.id]
    assert offer.family and offer.earlier.id == first.id and offer.appearances == 2
    assert offer.describe().startswith("its family: rated False by Ana on ")
    taken = desk.take_earlier_verdict(repeat.id, reviewer="Bo").made
    assert (taken.rating, taken.reviewer) == ("False", "Bo")
    assert taken.summary.startswith("In one family with a claim rated False on")
    assert first.id in taken.summary and taken.summary.endswith("No record of it.")
    assert desk.seen_before([repeat.id]) == {}  # rated now: nothing more to offer
    # Undone like the seen-before verdict: the offer comes back.
    desk.remove_verdict(taken.id)
    assert desk.seen_before([repeat.id])[repeat.id].family


def test_the_familys_latest_verdict_is_offered_over_a_seen_before_mark(desk):
    _first, later, repeat = two_articles(desk, rated="False")
    party = next(c for c in later if "Conservative Party activist" in c.text)
    assert not desk.seen_before([repeat.id])[repeat.id].family  # marked at import
    desk.link_claims(repeat.id, party.id)
    desk.set_verdict(party.id, "Mostly False", reviewer="Cy")
    offer = desk.seen_before([repeat.id])[repeat.id]
    assert offer.family and offer.earlier.id == party.id
    assert offer.verdict is not None and offer.verdict.rating == "Mostly False"


def test_the_cli_prints_the_family_and_its_timeline(desk):
    first, _later, repeat = two_articles(desk)
    desk.link_claims(repeat.id, first.id)
    desk.set_verdict(first.id, "False", reviewer="Ana")
    run = [sys.executable, "-m", "factdesk", "--db", str(desk.path), "family", repeat.id]
    shown = json.loads(subprocess.run([*run, "--format", "json"], capture_output=True,
                                      text=True, check=True).stdout)  # fmt: skip
    assert shown["members"] == 2 and shown["first_appearance"]["claim"] == first.id
    assert shown["first_appearance"]["date"] == "2019-11-26"
    assert shown["verdict"]["rating"] == "False" and shown["unit"] == "week"
    assert [p["appearances"] for p in shown["periods"]] == [1, 1]
    table = subprocess.run(run, capture_output=True, text=True, check=True).stdout
    assert "2 appearances; first 2019-11-26: first https://news.example/first" in table
    assert "verdict: False by Ana" in table and "always has been" in table
    assert dt.date.fromisoformat(shown["appearances"][1]["date"]) == dt.date(2019, 12, 2)
