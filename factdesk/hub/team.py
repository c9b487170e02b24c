"""Asking the hub about teammates' work (network only: no local database here, so a
GUI can run these on its network pool)."""

from __future__ import annotations

from dataclasses import dataclass

import psycopg

from factdesk.hub.admin import Checker, hub_info, list_checkers
from factdesk.hub.connect import HubAddress, connect, explain


@dataclass(frozen=True)
class TeammateVerdict:
    claim_id: str
    rating: str | None
    summary: str
    reviewer: str | None
    recorded_by: str
    at: str

    def notice(self) -> str:
        """The line a claim panel shows before I rate the claim."""
        said = self.rating or f"concluded: {self.summary}"
        who = self.reviewer or self.recorded_by  # the name the hub registered for them
        return (
            f"{who} rated this claim {said} at {self.at[:16].replace('T', ' ')} "
            "UTC, since your last sync: sync to see it before rating"
        )


def teammate_verdicts(
    address: HubAddress, claim_id: str, *, after_seq: int
) -> list[TeammateVerdict]:
    """Verdicts other checkers gave `claim_id` on the hub after change `after_seq`
    (my last sync), newest first."""
    with connect(address) as conn:
        hub_info(conn, address)
        try:
            rows = conn.execute(
                """SELECT claim_id, rating, summary, reviewer, recorded_by, at
                   FROM factdesk.teammate_verdicts(%s, %s)""",
                [claim_id, after_seq],
            ).fetchall()
        except psycopg.Error as error:
            raise explain(error, address) from None
    return [TeammateVerdict(*row) for row in rows]


def hub_checkers(address: HubAddress) -> list[Checker]:
    with connect(address) as conn:
        hub_info(conn, address)
        try:
            return list_checkers(conn)
        except psycopg.Error as error:
            raise explain(error, address) from None
