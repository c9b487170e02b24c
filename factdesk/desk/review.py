"""Review: verdicts and status changes (histories: the current one is recomputed from
them, never copied), a claim's history, verdicts taken from a claim it repeats, and the
drafts typed and not saved yet."""

from __future__ import annotations

from collections.abc import Iterable

from factdesk.errors import BadInput, NotFound
from factdesk.evidence.seen import SeenBefore
from factdesk.model import STATUSES, Claim, EvidenceEvent, StatusChange, Verdict, now_iso
from factdesk.store import edits, saved
from factdesk.store import families as store_families
from factdesk.store import queries as q

from .core import Part
from .records import Changes, claim_changed


class Review(Part):
    def set_verdict(
        self,
        claim_id: str,
        rating: str | None,
        *,
        scale: str | None = None,
        summary: str = "",
        reviewer: str | None = None,
    ) -> Changes[Verdict]:
        """Append a verdict to the claim's history; it becomes the current verdict.

        `rating` is a level's label or its 1-based number on the scale; on a scale
        without levels (a plain conclusion) the summary is the verdict.
        """
        claim = self.core.claim(claim_id)
        claim_id = claim.id
        chosen = self.core.scale(scale)
        if chosen.levels:
            level = chosen.level(rating or "")
            if level is None:
                labels = ", ".join(level.label for level in chosen.levels)
                raise BadInput(f"{rating}: not a rating on the {chosen.name} scale ({labels})")
            label = level.label
        else:
            if not summary.strip() and not (rating or "").strip():
                raise BadInput(f"the {chosen.name} scale needs a one-sentence conclusion")
            label, summary = None, summary or rating or ""
        verdict = Verdict(
            claim_id=claim_id,
            scale_id=chosen.id,
            rating=label,
            summary=summary,
            reviewer=reviewer or self.core.my_name(),
        )
        with self.db.write():
            edits.add_history(self.db, "verdicts", verdict, verdict.at)
        return claim_changed(claim, verdict)

    def remove_verdict(self, verdict_id: str) -> Changes:
        """Take back a verdict entry (undo of set_verdict)."""
        with self.db.write():
            claim_id = edits.remove_history(self.db, "verdicts", verdict_id, now_iso())
        if claim_id is None:
            raise NotFound(f"{verdict_id}: no such verdict")
        return Changes(claims=frozenset({claim_id}))

    def restore_verdict(self, verdict: Verdict) -> Changes:
        verdict.claim_id = self.core.claim(verdict.claim_id).id  # redo follows a renamed claim
        with self.db.write():
            edits.restore_history(self.db, "verdicts", verdict, now_iso())
        return Changes(claims=frozenset({verdict.claim_id}))

    def amend_verdict_summary(self, verdict_id: str, summary: str) -> Changes:
        """Change the summary of a verdict entry (written after its level was picked)."""
        with self.db.write():
            verdict = q.get_verdict(self.db, verdict_id)
            if verdict is None:
                raise NotFound(f"{verdict_id}: no such verdict")
            if verdict.rating is None and not summary.strip():
                raise BadInput("a conclusion (a verdict without a level) cannot be empty")
            edits.amend_verdict_summary(self.db, verdict_id, summary.strip(), now_iso())
        return Changes(claims=frozenset({verdict.claim_id}))

    def verdicts(self, claim_id: str) -> list[Verdict]:
        """The claim's verdict history, oldest first; the last is the current verdict."""
        return q.verdict_history(self.db, self.core.renamed(claim_id))

    def current_verdict(self, claim_id: str) -> Verdict | None:
        history = self.verdicts(claim_id)
        return history[-1] if history else None

    def set_status(
        self, claim_id: str, status: str, *, assignee: str | None = None, by: str | None = None
    ) -> Changes[StatusChange]:
        if status not in STATUSES:
            raise BadInput(f"{status}: not a status (one of: {', '.join(STATUSES)})")
        with self.db.write():
            claim = self.core.claim(claim_id)
            change = self.core.record_status(
                claim.id,
                status,
                # None keeps the assignee; "" clears it.
                claim.assignee if assignee is None else assignee,
                by,
            )
        return claim_changed(claim, change)

    def move_status_on(
        self, claim_id: str, status: str, *, by: str | None = None
    ) -> Changes[StatusChange]:
        """Move the claim on to `status` if it is at an earlier step of the workflow (a
        verdict moves it on; never back). Without a move, the Changes have no row."""
        if status not in STATUSES:
            raise BadInput(f"{status}: not a status (one of: {', '.join(STATUSES)})")
        with self.db.write():
            claim = self.core.claim(claim_id)
            if not moves_on(claim.status, status):
                return Changes()
            change = self.core.record_status(claim.id, status, claim.assignee, by)
        return claim_changed(claim, change)

    def remove_status_change(self, change_id: str) -> Changes:
        """Take back a status change (undo of set_status): the claim's status and assignee
        return to the latest remaining change, or to new and unassigned."""
        with self.db.write():
            claim_id = edits.remove_history(self.db, "status_changes", change_id, now_iso())
        if claim_id is None:
            raise NotFound(f"{change_id}: no such status change")
        return Changes(claims=frozenset({claim_id}))

    def restore_status_change(self, change: StatusChange) -> Changes:
        change.claim_id = self.core.claim(change.claim_id).id
        with self.db.write():
            edits.restore_history(self.db, "status_changes", change, now_iso())
        return Changes(claims=frozenset({change.claim_id}))

    def status_changes(self, claim_id: str) -> list[StatusChange]:
        return q.status_history(self.db, self.core.renamed(claim_id))

    def history(self, claim_id: str) -> list[Verdict | StatusChange | EvidenceEvent]:
        """Verdicts, status changes and evidence added or removed, oldest first."""
        claim_id = self.core.claim(claim_id).id
        entries: list[Verdict | StatusChange | EvidenceEvent] = [
            *self.verdicts(claim_id),
            *self.status_changes(claim_id),
            *q.evidence_history(self.db, claim_id),
        ]
        return sorted(entries, key=lambda e: (e.at, e.id))

    def seen_before(self, claim_ids: Iterable[str]) -> dict[str, SeenBefore]:
        """For those of the claims marked at import: the rated claim each repeats; for
        those without a verdict in a family with one: the family's (its latest member's
        verdict, which the checker confirmed as the same claim: it comes first)."""
        ids = list(claim_ids)
        marks = saved.seen_before(self.db, ids)
        offers = self._family_offers(ids)
        wanted = {e for e, _s in marks.values()} | {e for e, _n in offers.values()}
        earlier = {c.id: c for c in q.get_claims(self.db, wanted)}
        verdicts = q.current_verdicts(self.db, list(earlier))
        found = {}
        for claim_id, (earlier_id, score) in marks.items():
            if earlier_id in earlier:  # an earlier claim deleted since says nothing
                found[claim_id] = SeenBefore(
                    claim_id,
                    earlier[earlier_id],
                    verdicts.get(earlier_id),
                    score,
                    saved.appearances(self.db, earlier_id),
                )
        for claim_id, (earlier_id, members) in offers.items():
            if earlier_id in earlier and earlier_id in verdicts:
                found[claim_id] = SeenBefore(
                    claim_id, earlier[earlier_id], verdicts[earlier_id], 1.0, members, family=True
                )
        return found

    def _family_offers(self, claim_ids: list[str]) -> dict[str, tuple[str, int]]:
        """claim id -> (the member of its family with the latest verdict, how many members),
        for the claims without a verdict of their own in a family where one has one."""
        # Not through factdesk.memory: that brings numpy and the encoder (0.3 s) into
        # every command that lists claims.
        families = store_families.families_of(self.db, claim_ids)
        if not families:
            return {}
        every = {m for members in families.values() for m in members}
        verdicts = q.current_verdicts(self.db, list(every))
        offers = {}
        for claim_id, members in families.items():
            rated = [(verdicts[m].at, verdicts[m].id, m) for m in members if m in verdicts]
            if claim_id not in verdicts and rated:
                offers[claim_id] = (max(rated)[2], len(members))
        return offers

    def repeated_rated(self, claims: list[Claim]) -> dict[str, tuple[str, float]]:
        """For those of `claims` that repeat a rated claim of another article, however
        worded: (the rated claim's id, the score). What the marks at import say, for
        claims rated after these came in (factdesk/memory.py)."""
        return self.core.claim_memory().repeats(self.db, claims)

    def take_earlier_verdict(
        self, claim_id: str, *, reviewer: str | None = None
    ) -> Changes[Verdict]:
        """Rate a claim seen before as its earlier claim was rated: a new verdict entry on
        the same scale, its summary citing the earlier claim."""
        seen = self.seen_before([claim_id]).get(claim_id)
        if seen is None or seen.verdict is None:
            raise BadInput(f"{claim_id}: this claim does not repeat a rated claim")
        return self.set_verdict(
            claim_id,
            seen.verdict.rating,
            scale=seen.verdict.scale_id,
            summary=seen.citation(),
            reviewer=reviewer,
        )

    def save_drafts(self, claim_id: str, fields: dict[str, str | None]) -> Changes[None]:
        """Keep what is being typed for a claim (None or empty drops a field's draft).
        Synced to the disk before it returns (synchronous=FULL for this one commit): a
        power cut right after loses none of it. Changes nothing any pane shows."""
        from factdesk.store.drafts import keep_drafts

        keep_drafts(self.db, claim_id, fields, now_iso())
        return Changes()

    def drafts(self, claim_id: str) -> dict[str, str]:
        """The claim's drafts by field (text, summary, evidence_url, evidence_quote)."""
        from factdesk.store.drafts import drafts_of

        return drafts_of(self.db, claim_id)


def moves_on(status: str, target: str) -> bool:
    """Whether a verdict moves a claim at `status` on to `target`: from an earlier step of
    the workflow, or from "not checking" (it was checked after all); never back."""
    steps = [s for s in STATUSES if s != "not checking"]
    if status == "not checking" or status not in steps:
        return target != status
    return target in steps and steps.index(status) < steps.index(target)
