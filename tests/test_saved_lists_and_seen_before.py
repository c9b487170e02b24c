"""Saved lists, statistics and seen-before marks at import (issue 23 items 2 and 4): on a
real database file, and through `factdesk` run as a program."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pytest

from factdesk.desk import Desk
from factdesk.errors import BadInput, NotFound
from factdesk.evidence.seen import short_date
from factdesk.lists import compute_statistics, iso_week
from factdesk.model import Article, ClaimFilter
from tests.conftest import SAMPLE

RATED_TEXT = "Chief Rabbi Mirvis is a Tory activist, the post claimed."


def _rated_desk(desk: Desk) -> str:
    """A desk with one claim rated False by Ana: its id."""
    first = desk.import_article(
        Article(source="first.txt", title="First", text=f"A report. {RATED_TEXT}")
    ).article
    [claim] = [c for c in desk.claims(ClaimFilter(article_id=first.id)) if "Tory" in c.text]
    desk.set_verdict(claim.id, "False", reviewer="Ana")
    return claim.id


def _import(desk: Desk, name: str, text: str) -> list:
    article = desk.import_article(Article(source=name, title=name, text=text)).article
    return desk.claims(ClaimFilter(article_id=article.id))


# --- seen before --------------------------------------------------------------------


def test_a_repeat_of_a_rated_claim_is_marked_at_import_and_counted(desk):
    rated = _rated_desk(desk)
    repeats = _import(desk, "second.txt", f"Council news. {RATED_TEXT} Rain is due on Monday.")
    seen = desk.seen_before([c.id for c in repeats])
    assert len(seen) == 1
    [(claim_id, mark)] = seen.items()
    assert mark.earlier.id == rated and mark.score >= 0.6
    today = short_date(desk.verdicts(rated)[-1].at)
    assert mark.describe() == f"seen before: rated False by Ana on {today}; 2 appearances"
    # A third appearance is counted on every repeat.
    third = _import(desk, "third.txt", f"Again: {RATED_TEXT}")
    assert desk.seen_before([c.id for c in third])
    assert desk.seen_before([claim_id])[claim_id].describe().endswith("; 3 appearances")
    # A claim that repeats nothing rated is not marked.
    plain = _import(desk, "plain.txt", "The bridge cost 40 million pounds in 2019.")
    assert desk.seen_before([c.id for c in plain]) == {}


def test_nothing_is_marked_before_anything_is_rated(desk):
    _import(desk, "first.txt", f"A report. {RATED_TEXT}")
    again = _import(desk, "second.txt", f"Again. {RATED_TEXT}")
    assert desk.seen_before([c.id for c in again]) == {}


def test_taking_the_earlier_verdict_is_a_new_verdict_citing_it(desk):
    rated = _rated_desk(desk)
    repeats = _import(desk, "second.txt", f"Council news. {RATED_TEXT}")
    repeat = next(iter(desk.seen_before([c.id for c in repeats])))
    verdict = desk.take_earlier_verdict(repeat, reviewer="Bo").made
    assert (verdict.rating, verdict.reviewer) == ("False", "Bo")
    assert rated in verdict.summary and "Repeats a claim rated False" in verdict.summary
    assert desk.claim(repeat).verdict == "False"
    assert len(desk.verdicts(rated)) == 1  # the earlier claim's history is untouched
    desk.remove_verdict(verdict.id)  # (the app's undo)
    assert desk.claim(repeat).verdict is None


def test_taking_a_verdict_for_a_claim_not_seen_before_changes_nothing(desk):
    _rated_desk(desk)
    [plain] = _import(desk, "plain.txt", "The bridge cost 40 million pounds in 2019.")
    with pytest.raises(BadInput, match="does not repeat a rated claim"):
        desk.take_earlier_verdict(plain.id)
    assert desk.verdicts(plain.id) == []


# --- saved lists --------------------------------------------------------------------


def test_saved_lists_are_kept_replaced_and_removed(db_path):
    with Desk(db_path) as desk:
        saved, replaced = desk.save_list(
            "  high score,  unrated ", ClaimFilter(min_score=0.5, verdict="", article_id="x"),
            days=7,
        ).made  # fmt: skip
        assert replaced is None and saved.name == "high score, unrated"
        desk.save_list("my claims in review", ClaimFilter(status="in review"), mine=True)
    with Desk(db_path) as desk:  # kept in the database
        names = [s.name for s in desk.saved_lists()]
        assert names == ["high score, unrated", "my claims in review"]
        kept = desk.saved_list("HIGH SCORE, UNRATED")
        assert (kept.filter.min_score, kept.filter.verdict, kept.filter.article_id) == (
            0.5, "", None)  # fmt: skip
        again, old = desk.save_list("high score, unrated", ClaimFilter(min_score=0.8)).made
        assert old is not None and old.filter.min_score == 0.5
        assert again.id == old.id and again.position == old.position
        assert desk.saved_lists()[0].name == "high score, unrated"
        gone = desk.remove_list("my claims in review").made
        assert [s.name for s in desk.saved_lists()] == ["high score, unrated"]
        desk.restore_list(gone)
        assert len(desk.saved_lists()) == 2


def test_bad_list_input_is_one_line_and_changes_nothing(desk):
    with pytest.raises(BadInput, match="needs a name"):
        desk.save_list("   ", ClaimFilter())
    with pytest.raises(BadInput, match="at most 80 characters"):
        desk.save_list("x" * 81, ClaimFilter())
    with pytest.raises(BadInput, match="between 1 and 3660"):
        desk.save_list("old", ClaimFilter(), days=0)
    with pytest.raises(NotFound, match="no saved list"):
        desk.remove_list("nope")
    assert desk.saved_lists() == []


def test_a_list_scope_is_resolved_when_opened(desk):
    desk.import_source(str(SAMPLE))
    claims = desk.claims()
    desk.set_setting("reviewer", "Ana")
    desk.update_claim(claims[0].id, assignee="Ana")
    desk.update_claim(claims[1].id, assignee="Bo")
    desk.save_list("mine", ClaimFilter(), mine=True)
    desk.save_list("this week", ClaimFilter(), days=7)
    assert [c.id for c in desk.claims(desk.list_filter("mine"))] == [claims[0].id]
    assert desk.count_claims(desk.list_filter("this week")) == len(claims)
    # Eight days on, nothing imported today is in "this week".
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=8)
    week = desk.saved_list("this week").resolved("Ana", now=later)
    assert desk.count_claims(week) == 0


def test_saved_lists_travel_in_a_whole_desk_bundle_and_the_later_edit_wins(tmp_path):
    with Desk(tmp_path / "a.db") as a, Desk(tmp_path / "b.db") as b:
        a.import_source(str(SAMPLE))
        a.save_list("rated", ClaimFilter(verdict="False"))
        b.save_list("rated", ClaimFilter(verdict="True"))  # the same name, saved later
        b.save_list("only on b", ClaimFilter(kind="other"))
        a.export_bundle(tmp_path / "a.bundle")
        b.export_bundle(tmp_path / "b.bundle")
        article = a.articles()[0]
        a.export_bundle(tmp_path / "one.bundle", article_id=article.id)
        a.import_bundle(tmp_path / "b.bundle")
        b.import_bundle(tmp_path / "a.bundle")
        for desk in (a, b):
            lists = {s.name: s.filter for s in desk.saved_lists()}
            assert lists == {"rated": ClaimFilter(verdict="True"),
                             "only on b": ClaimFilter(kind="other")}  # fmt: skip
    lines = (tmp_path / "one.bundle").read_bytes()
    assert b"saved_lists" not in lines  # an article's bundle carries no desk lists


# --- statistics ---------------------------------------------------------------------


def test_statistics_from_history_rows():
    verdicts = [
        ("2026-11-23T10:00:00+00:00", "Ana", "False"),
        ("2026-11-24T10:00:00+00:00", "Ana", "True"),
        ("2026-12-01T10:00:00+00:00", None, "False"),
    ]
    waits = [
        ("2026-11-23T08:00:00+00:00", "2026-11-23T10:00:00+00:00"),  # 2 h
        ("2026-11-23T08:00:00+00:00", "2026-11-24T10:00:00+00:00"),  # 26 h
        ("2026-12-01T04:00:00+00:00", "2026-12-01T10:00:00+00:00"),  # 6 h
    ]
    figures = compute_statistics(verdicts, {"new": 4, "researching": 1}, waits, 8)
    assert figures.verdicts_per_week == [("2026-W48", 2), ("2026-W49", 1)]
    assert figures.verdicts_per_checker == [("Ana", 2), ("(nobody)", 1)]
    assert figures.median_hours_to_verdict == 6.0
    assert figures.as_json()["backlog_by_status"] == {"new": 4, "researching": 1}
    assert compute_statistics([], {}, [], 0).median_hours_to_verdict is None


def test_desk_statistics_count_what_is_stored(desk):
    rated = _rated_desk(desk)
    _import(desk, "second.txt", "The bridge cost 40 million pounds in 2019. It opened late.")
    figures = desk.statistics()
    verdict_at = desk.verdicts(rated)[-1].at
    assert figures.verdicts_per_week == [(iso_week(verdict_at), 1)]
    assert figures.verdicts_per_checker == [("Ana", 1)]
    assert figures.rated_claims == 1
    assert sum(figures.backlog_by_status.values()) == desk.count_claims(ClaimFilter(verdict=""))
    assert figures.median_hours_to_verdict is not None and figures.median_hours_to_verdict < 1


# --- the CLI, as a program ----------------------------------------------------------


def _factdesk(db, *args: str, code: int = 0) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "factdesk", "--db", str(db), *args],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == code, done.stderr
    assert "Traceback" not in done.stderr
    return done.stdout if code == 0 else done.stderr


def test_cli_shows_seen_before_saves_lists_and_prints_statistics(db_path, tmp_path):
    with Desk(db_path) as desk:
        rated = _rated_desk(desk)
        day = short_date(desk.verdicts(rated)[-1].at)
    repeat = tmp_path / "repeat.txt"
    repeat.write_text(f"Council news. {RATED_TEXT}")
    _factdesk(db_path, "import", "--quiet", str(repeat))
    table = _factdesk(db_path, "claims")
    assert f"seen before: rated False by Ana on {day}; 2 appearances" in table
    rows = json.loads(_factdesk(db_path, "claims", "--format", "json"))
    marked = [r for r in rows if r["seen_before"]]
    assert [r["seen_before_claim"] for r in marked] == [rated]

    out = _factdesk(db_path, "lists", "save", "unrated", "--verdict", "", "--days", "7")
    assert "saved list 'unrated'" in out and "last 7 days" in out
    listed = json.loads(_factdesk(db_path, "lists", "list", "--format", "json"))
    unrated = [r["id"] for r in rows if r["verdict"] is None]
    assert marked[0]["id"] in unrated
    assert listed == [
        {"name": "unrated", "shows": "verdict='', last 7 days", "claims": len(unrated)}
    ]
    shown = json.loads(_factdesk(db_path, "lists", "show", "unrated", "--format", "json"))
    assert [r["id"] for r in shown] == unrated
    assert "no saved list" in _factdesk(db_path, "lists", "show", "nope", code=2)
    _factdesk(db_path, "lists", "rm", "unrated")
    assert "(none)" in _factdesk(db_path, "lists")

    figures = json.loads(_factdesk(db_path, "stats", "--format", "json"))
    assert figures["verdicts_per_checker"] == [{"checker": "Ana", "verdicts": 1}]
    assert figures["rated_claims"] == 1 and figures["claims"] == len(rows)
    assert figures["backlog_by_status"] == {"new": len(unrated)}
