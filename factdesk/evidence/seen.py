"""Seen before (issue 23): a claim imported that repeats a rated claim is marked with it,
so the desk says at once "seen before: rated False by Ana on 26 Nov; 3 appearances" and
can take that verdict in one step (a new verdict citing the earlier one). The marks are
found by claim memory's paraphrase matcher over the rated claims' vectors (memory.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from factdesk.model import Claim, Verdict


@dataclass
class SeenBefore:
    claim_id: str
    earlier: Claim
    verdict: Verdict | None  # the earlier claim's current verdict (None: taken back since)
    score: float
    appearances: int  # the earlier claim and every claim marked as repeating it
    # In the claim's family (confirmed by a checker, issue 23 item 3): `earlier` is the
    # member with the latest verdict, `appearances` the family's members.
    family: bool = False

    def describe(self) -> str:
        if self.verdict is None:
            rated = "rated earlier, verdict since taken back"
        else:
            label = self.verdict.rating or f"concluded {self.verdict.summary[:60]!r}"
            by = f" by {self.verdict.reviewer}" if self.verdict.reviewer else ""
            rated = f"rated {label}{by} on {short_date(self.verdict.at)}"
        seen = "its family" if self.family else "seen before"
        return f"{seen}: {rated}; {self.appearances} appearances"

    def citation(self) -> str:
        """The summary of a verdict taken from the earlier claim: it cites that claim."""
        assert self.verdict is not None
        said = self.verdict.summary.strip()
        what = "In one family with a claim" if self.family else "Repeats a claim"
        cited = (
            f"{what} rated {self.verdict.rating or 'earlier'} on"
            f" {self.verdict.at[:10]} (claim {self.earlier.id}: {self.earlier.text[:120]!r})."
        )
        return f"{cited} {said}" if said else cited


def short_date(at: str) -> str:
    day = dt.datetime.fromisoformat(at)
    return f"{day.day} {day:%b}"
