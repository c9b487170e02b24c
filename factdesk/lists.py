"""Saved lists and the desk's statistics (issue 23).

A saved list is a named claim filter plus its scope: "mine" (the claims the desk's
reviewer has taken) and "the last N days" (claims imported since), resolved when the
list is opened, so "high score, unrated, this week" stays this week. Statistics are
counted from the verdict and status history each time, never stored.

A claim family's appearances over time (issue 23 item 3): its first appearance, and how
many of its claims appeared in each week (each month when they span more than half a year,
each year beyond ten), every period from the first to the last counted, the empty ones
too, so a chart's gaps are the gaps in time. The Desk reads the appearances
(memory.appearances), the GUI draws them, the CLI prints them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Protocol

from factdesk.errors import BadInput
from factdesk.model import ClaimFilter, Verdict, new_id, now_iso

MAX_NAME_CHARS = 80
_FILTER_FIELDS = {f.name: f for f in dataclasses.fields(ClaimFilter)}


@dataclass
class SavedList:
    name: str
    filter: ClaimFilter
    mine: bool = False  # only the claims the desk's reviewer has taken
    days: int | None = None  # only claims imported in the last `days` days
    id: str = field(default_factory=new_id)
    position: int = 0
    created_at: str = field(default_factory=now_iso)
    updated_at: str = field(default_factory=now_iso)

    def row(self) -> dict:
        chosen = {
            k: v
            for k, v in dataclasses.asdict(self.filter).items()
            if v != _FILTER_FIELDS[k].default and k != "created_since"
        }
        scope = {"mine": self.mine, "days": self.days}
        return {
            "id": self.id,
            "name": self.name,
            "filter": json.dumps(chosen, sort_keys=True),
            "scope": json.dumps(scope, sort_keys=True),
            "position": self.position,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
        }

    @classmethod
    def from_row(cls, row: dict) -> SavedList:
        stored = _json_object(row["filter"])
        scope = _json_object(row["scope"])
        kept = {k: v for k, v in stored.items() if k in _FILTER_FIELDS and k != "created_since"}
        days = scope.get("days")
        return cls(
            name=row["name"],
            filter=ClaimFilter(**kept),
            mine=bool(scope.get("mine")),
            days=days if isinstance(days, int) and days > 0 else None,
            id=row["id"],
            position=row["position"],
            created_at=row["created_at"],
            updated_at=row["updated_at"],
        )

    def describe(self) -> str:
        """The list's conditions in words, for `factdesk lists` and the sidebar's tooltip."""
        parts = [
            f"{k}={v!r}"
            for k, v in dataclasses.asdict(self.filter).items()
            if v != _FILTER_FIELDS[k].default and k not in ("sort", "descending", "created_since")
        ]
        if self.mine:
            parts.append("mine")
        if self.days:
            parts.append(f"last {self.days} days")
        return ", ".join(parts) or "all claims"

    def resolved(self, reviewer: str | None, now: dt.datetime | None = None) -> ClaimFilter:
        """The filter to show now: the scope turned into conditions."""
        flt = dataclasses.replace(self.filter)
        if self.mine:
            # With no reviewer name set, "mine" is the claims nobody has taken.
            flt.assignee = reviewer or ""
        if self.days:
            since = (now or dt.datetime.now(dt.UTC)) - dt.timedelta(days=self.days)
            flt.created_since = since.isoformat(timespec="microseconds")
        return flt


def _json_object(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def checked_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise BadInput("a saved list needs a name")
    if len(cleaned) > MAX_NAME_CHARS:
        raise BadInput(f"{cleaned[:30]}...: a list name is at most {MAX_NAME_CHARS} characters")
    return cleaned


def checked_days(days: int | None) -> int | None:
    if days is not None and not 1 <= days <= 3660:
        raise BadInput(f"{days}: the number of days must be between 1 and 3660")
    return days


# --- statistics ---------------------------------------------------------------------


@dataclass
class Statistics:
    verdicts_per_week: list[tuple[str, int]]  # ("2026-W49", count), oldest first
    verdicts_per_checker: list[tuple[str, int]]  # most first; "(nobody)" for no name
    backlog_by_status: dict[str, int]  # claims without a verdict, per status
    median_hours_to_verdict: float | None  # import to first verdict, claims rated now
    rated_claims: int
    claims: int

    def as_json(self) -> dict[str, Any]:
        return {
            "claims": self.claims,
            "rated_claims": self.rated_claims,
            "verdicts_per_week": [{"week": w, "verdicts": n} for w, n in self.verdicts_per_week],
            "verdicts_per_checker": [
                {"checker": c, "verdicts": n} for c, n in self.verdicts_per_checker
            ],
            "backlog_by_status": self.backlog_by_status,
            "median_hours_to_verdict": self.median_hours_to_verdict,
        }


def iso_week(at: str) -> str:
    year, week, _day = dt.datetime.fromisoformat(at).isocalendar()
    return f"{year}-W{week:02d}"


def _hours_between(start: str, end: str) -> float:
    elapsed = dt.datetime.fromisoformat(end) - dt.datetime.fromisoformat(start)
    return elapsed.total_seconds() / 3600


def compute_statistics(
    verdicts: list[tuple[str, str | None, str | None]],
    backlog: dict[str, int],
    import_and_verdict_times: list[tuple[str, str]],
    claims: int,
) -> Statistics:
    """The figures from the history rows: verdicts (at, reviewer, rating), the backlog,
    and (created_at, first verdict at) for each claim rated now."""
    weeks = Counter(iso_week(at) for at, _reviewer, _rating in verdicts)
    checkers = Counter((reviewer or "(nobody)") for _at, reviewer, _rating in verdicts)
    waits = [max(0.0, _hours_between(a, b)) for a, b in import_and_verdict_times]
    return Statistics(
        verdicts_per_week=sorted(weeks.items()),
        verdicts_per_checker=sorted(checkers.items(), key=lambda item: (-item[1], item[0])),
        backlog_by_status=dict(sorted(backlog.items())),
        median_hours_to_verdict=round(statistics.median(waits), 2) if waits else None,
        rated_claims=len(import_and_verdict_times),
        claims=claims,
    )


# --- a claim family's appearances over time ------------------------------------------------

FAMILY_WEEKS = 26  # a family's appearances: beyond half a year of weeks, months
FAMILY_MONTHS = 120  # beyond ten years of months, years


class Appearance(Protocol):
    """Where a family's claim appeared (report.factcheck.Appearance, read by the Desk)."""

    claim_id: str
    date: str | None
    imported_at: str
    url: str | None
    title: str | None


def appeared_on(appearance: Appearance) -> dt.date:
    """When it appeared: said or published, else imported (a date a source got wrong,
    such as "sometime in May", falls back to the import too)."""
    for at in (appearance.date, appearance.imported_at):
        try:
            return dt.date.fromisoformat((at or "")[:10])
        except ValueError:
            continue
    return dt.date.min


def _week(day: dt.date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


@dataclass
class FamilyTimeline:
    claim_id: str  # the claim it was asked for
    appearances: list[Any]  # Appearance, first first (memory.appearances)
    texts: dict[str, str] = field(default_factory=dict)  # member claim id -> its wording
    verdict: Verdict | None = None  # the latest verdict of any member (the family's)

    @property
    def first(self) -> Appearance | None:
        return self.appearances[0] if self.appearances else None

    def unit(self) -> str:
        """ "week", "month" or "year": what one bar of the chart counts."""
        days = [appeared_on(a) for a in self.appearances]
        if not days:
            return "week"
        first, last = min(days), max(days)
        if (last - first).days <= FAMILY_WEEKS * 7:
            return "week"
        months = (last.year - first.year) * 12 + last.month - first.month
        return "month" if months <= FAMILY_MONTHS else "year"

    def period_of(self, day: dt.date, unit: str | None = None) -> str:
        unit = unit or self.unit()
        if unit == "week":
            return _week(day)
        return f"{day:%Y-%m}" if unit == "month" else f"{day:%Y}"

    def periods(self) -> list[tuple[str, int]]:
        """(period, appearances in it), every period from the first appearance's to the
        last's, oldest first."""
        unit = self.unit()
        days = sorted(appeared_on(a) for a in self.appearances)
        if not days:
            return []
        counts: dict[str, int] = {}
        for day in days:
            counts[self.period_of(day, unit)] = counts.get(self.period_of(day, unit), 0) + 1
        labels, day = [], days[0]
        if unit == "week":
            day -= dt.timedelta(days=day.weekday())
        else:
            day = day.replace(day=1, month=1 if unit == "year" else day.month)
        while day <= days[-1]:
            labels.append(self.period_of(day, unit))
            if unit == "week":
                day += dt.timedelta(days=7)
            elif unit == "month":
                day = day.replace(year=day.year + day.month // 12, month=day.month % 12 + 1)
            else:
                day = day.replace(year=day.year + 1)
        return [(label, counts.get(label, 0)) for label in labels]

    def first_period(self) -> str | None:
        first = self.first
        return self.period_of(appeared_on(first)) if first else None

    def as_json(self) -> dict[str, Any]:
        first = self.first
        return {
            "claim": self.claim_id,
            "members": len(self.appearances),
            "first_appearance": None if first is None else _appearance_json(first),
            "verdict": None
            if self.verdict is None
            else {
                "claim": self.verdict.claim_id,
                "rating": self.verdict.rating,
                "reviewer": self.verdict.reviewer,
                "at": self.verdict.at,
            },
            "unit": self.unit(),
            "periods": [{"period": p, "appearances": n} for p, n in self.periods()],
            "appearances": [_appearance_json(a) for a in self.appearances],
        }


def _appearance_json(appearance: Appearance) -> dict[str, Any]:
    return {
        "claim": appearance.claim_id,
        "date": appeared_on(appearance).isoformat(),
        "url": appearance.url,
        "title": appearance.title,
    }
