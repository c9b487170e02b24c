"""Claim families (issue 23): claims of several articles confirmed as one claim, with
their first appearance and appearances over time (factdesk/memory.py keeps the rows)."""

from __future__ import annotations

from typing import Any

from factdesk.errors import BadInput
from factdesk.lists import FamilyTimeline
from factdesk.model import new_id, now_iso
from factdesk.store import queries as q

from .core import Core, Part
from .evidence import EvidenceArea
from .records import Changes, SimilarClaim


class Families(Part):
    def __init__(self, core: Core, evidence: EvidenceArea) -> None:
        super().__init__(core)
        self.evidence = evidence

    def suggest_family(self, claim_id: str, *, limit: int = 8) -> list[SimilarClaim]:
        """Claims the paraphrase matcher would link with this one: its similar claims that
        are not in its family yet."""
        claim = self.core.claim(claim_id)
        family = set(self.claim_family(claim.id))
        similar = self.evidence.similar_claims(claim.id, limit=limit + len(family))
        return [s for s in similar if s.claim.id not in family][:limit]

    def link_claims(
        self, claim_id: str, other_id: str, *, by: str | None = None
    ) -> Changes[dict[str, str | None]]:
        """Confirm two claims as one claim: one family (joining their families if each has
        one). The changes' `made` is each touched claim's family before, which
        `restore_families` puts back (the undo)."""
        from factdesk import memory

        claim, other = self.core.claim(claim_id), self.core.claim(other_id)
        if claim.id == other.id:
            raise BadInput(f"{claim_id}: a claim is not linked with itself")
        with self.db.write():
            previous = memory.link(self.db, claim.id, other.id, new_id(), now_iso(), by)
        return Changes(claims=frozenset(previous), row=previous)

    def restore_families(self, previous: dict[str, str | None]) -> Changes[None]:
        """Put claims back in the families they were in (undoes `link_claims`)."""
        from factdesk import memory

        with self.db.write():
            memory.restore(self.db, previous, now_iso())
        return Changes(claims=frozenset(previous))

    def claim_family(self, claim_id: str) -> list[str]:
        """The ids of the claims in this claim's family, itself included (none: [])."""
        from factdesk import memory

        return memory.family_of(self.db, self.core.claim(claim_id).id)

    def claim_appearances(self, claim_id: str) -> list[Any]:
        """Where the claim's family appeared (report.factcheck.Appearance), first first:
        its first appearance and its appearances over time."""
        from factdesk import memory

        return memory.appearances(self.db, self.core.claim(claim_id).id)

    def family_timeline(self, claim_id: str) -> FamilyTimeline:
        """The claim's family as the family view shows it: its appearances (first first),
        each member's wording, and the family's verdict (its latest member's)."""
        from factdesk import memory

        claim = self.core.claim(claim_id)
        found = memory.appearances(self.db, claim.id)
        members = [a.claim_id for a in found]
        texts = {c.id: c.text for c in q.get_claims(self.db, set(members))}
        verdicts = q.current_verdicts(self.db, members).values()
        latest = max(verdicts, key=lambda v: (v.at, v.id), default=None)
        return FamilyTimeline(claim.id, found, texts, latest)
