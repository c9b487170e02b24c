"""One fact-check for a group of claims on one point (issue 20): the same claim said by
several people, or in several articles, checked once. The fact-check belongs to its own
claim, whose verdict it gives every claim it covers; each claim keeps where it was said
(store/factcheck_claims.py keeps which fact-check covers which claim)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from factdesk.errors import BadInput
from factdesk.model import Correction, FactCheck, now_iso
from factdesk.store import factcheck_claims as fcc
from factdesk.store import factchecks as fcs
from factdesk.store import queries as q

from .core import Core, Part
from .factchecks import FactChecks
from .records import Changes

# What an undo of adding or taking out claims puts back: each claim's fact-check before
# ('' for none).
Registers = dict[str, str]


@dataclass(frozen=True)
class CoveredClaim:
    """One claim of a fact-check as its editor lists it: what was claimed, by whom, when
    and where, and its own verdict beside the fact-check's."""

    claim_id: str
    text: str
    speaker: str
    said_on: str | None
    link: str | None  # the original post or article
    source_title: str
    verdict: str  # its own verdict's label ("Not yet rated" …)
    own: bool  # the fact-check's own claim (its verdict is the group's)
    agrees: bool  # rated as the fact-check is, or not rated (it takes the fact-check's)


class FactCheckGroups(Part):
    def __init__(self, core: Core, factchecks: FactChecks) -> None:
        super().__init__(core)
        self.factchecks = factchecks

    def cover_claims(
        self,
        claim_id: str,
        other_ids: list[str],
        *,
        correction: str | None = None,
        by: str | None = None,
    ) -> Changes[Registers]:
        """Put other claims on the same point in the claim's fact-check (the one it is in;
        a new draft, stored now, if it has none): one fact-check for them all, rated with
        its verdict. A claim in another fact-check (its own, or one covering it) is refused
        and nothing changes: a claim is checked once; take it out of that one first. Once
        published, a change is a correction (`correction` says what readers are told).
        The changes' `made` is each added claim's register before (the undo's)."""
        now, me = now_iso(), by or self.core.my_name()
        with self.db.write():  # (read inside: what is checked is what is written to)
            factcheck = self.factchecks.factcheck(claim_id)
            stored = self.factchecks.stored_factcheck(factcheck.claim_id) is not None
            ids = [c for c in self._claim_ids(other_ids) if c not in factcheck.claim_ids]
            if not ids:
                raise BadInput("no claim to add: the claims chosen are in this fact-check already")
            for cid, other in fcs.factchecks_covering(self.db, ids).items():
                if other.claim_id == cid:
                    raise BadInput(
                        f"{self._words(cid)} has a fact-check of its own ({other.headline!r});"
                        " a claim is checked once: add the others to that one, or write it there"
                    )
                raise BadInput(
                    f"{self._words(cid)} is in the fact-check {other.headline!r} already; "
                    "take it out of that one first (a claim is checked once)"
                )
            note = self._correction(factcheck, correction)
            before = fcc.registers(self.db, ids)
            if not stored:
                fcs.save_factcheck(self.db, factcheck)
            for n, cid in enumerate(ids):  # (a microsecond apart: listed in the order given)
                fcc.set_cover(self.db, cid, factcheck.id, _later(now, n), me)
            self._corrected(factcheck, note, now, me)
        touched = frozenset([*factcheck.claim_ids, *ids])
        return Changes(claims=touched, row={cid: before.get(cid, "") for cid in ids})

    def uncover_claims(
        self, claim_ids: list[str], *, correction: str | None = None, by: str | None = None
    ) -> Changes[Registers]:
        """Take claims out of the fact-check covering them (each then has none; a
        fact-check's own claim stays in it). The changes' `made` is their registers
        before (the undo's)."""
        now, me = now_iso(), by or self.core.my_name()
        with self.db.write():  # (read inside: what is checked is what is written to)
            ids = self._claim_ids(claim_ids)
            covering = fcs.factchecks_covering(self.db, ids)
            notes: dict[str, tuple[FactCheck, str]] = {}
            for cid in ids:
                factcheck = covering.get(cid)
                if factcheck is None:
                    raise BadInput(f"{self._words(cid)} is in no fact-check: nothing to take out")
                if factcheck.claim_id == cid:
                    raise BadInput(
                        f"{self._words(cid)} is the fact-check's own claim: it cannot be taken "
                        "out (take the other claims out instead)"
                    )
                notes[factcheck.id] = (factcheck, self._correction(factcheck, correction))
            before = fcc.registers(self.db, ids)
            for cid in ids:
                fcc.set_cover(self.db, cid, "", now, me)
            for factcheck, note in notes.values():
                self._corrected(factcheck, note, now, me)
        touched = {c for f, _note in notes.values() for c in f.claim_ids}
        return Changes(claims=frozenset(touched), row={cid: before.get(cid, "") for cid in ids})

    def restore_factcheck_claims(self, before: Registers) -> Changes[None]:
        """Put claims back in the fact-checks they were in (the undo of cover_claims and
        uncover_claims; dated now, so it travels as the latest word)."""
        wanted = {self.core.renamed(cid): factcheck_id for cid, factcheck_id in before.items()}
        here = {claim.id for claim in q.get_claims(self.db, list(wanted))}
        now, me = now_iso(), self.core.my_name()
        with self.db.write():
            current = fcc.registers(self.db, list(here))
            for cid in here:
                if current.get(cid, "") != wanted[cid]:
                    fcc.set_cover(self.db, cid, wanted[cid], now, me)
        touched = set(here)
        named = {f for f in (*wanted.values(), *current.values()) if f}
        for factcheck in fcs.factchecks_by_id(self.db, named).values():
            touched |= set(factcheck.claim_ids)
        return Changes(claims=frozenset(touched))

    def factcheck_claims(self, claim_id: str) -> list[CoveredClaim]:
        """The claims of the claim's fact-check, its own first, each with what was claimed
        (words, speaker, date, link) and its verdict beside the fact-check's."""
        from factdesk.report.data import article_heading, date_part
        from factdesk.report.factcheck import original_url

        factcheck = self.factchecks.factcheck(claim_id)
        items = self.factchecks.items_of(factcheck)
        main = items[0].verdict if items else None
        return [
            CoveredClaim(
                claim_id=item.claim.id,
                text=item.claim.text,
                speaker=item.speaker_label,
                said_on=date_part(item.claim.said_on),
                link=original_url(item),
                source_title=article_heading(item.article),
                verdict=item.verdict_label,
                own=n == 0,
                agrees=item.verdict is None
                or main is None
                or (item.verdict.scale_id, item.verdict.rating) == (main.scale_id, main.rating),
            )
            for n, item in enumerate(items)
        ]

    # --- helpers ------------------------------------------------------------------------

    def _claim_ids(self, claim_ids: list[str]) -> list[str]:
        """The claims' ids as stored (each checked), once each, in the order given."""
        return list(dict.fromkeys(self.core.claim(c).id for c in claim_ids))

    def _words(self, claim_id: str) -> str:
        text = " ".join(self.core.claim(claim_id).text.split())
        return "“" + (text if len(text) <= 50 else text[:50].rsplit(" ", 1)[0] + "…") + "”"

    def _correction(self, factcheck: FactCheck, correction: str | None) -> str:
        """The correction note a change of a published fact-check's claims needs."""
        note = " ".join((correction or "").split())
        if factcheck.state == "published" and not note:
            raise BadInput(
                "this fact-check is published: a change of its claims is a correction; say "
                "what it corrects (a note readers will see, e.g. 'Added the same claim by X')"
            )
        return note

    def _corrected(self, factcheck: FactCheck, note: str, at: str, by: str | None) -> None:
        """Inside the write: a published fact-check records the correction."""
        if factcheck.state == "published" and note:
            factcheck.updated_at = at
            fcs.save_factcheck(self.db, factcheck)
            fcs.add_correction(self.db, Correction(factcheck.id, note, by=by, at=at))


def _later(at: str, microseconds: int) -> str:
    """An ISO time `microseconds` after `at`."""
    return (dt.datetime.fromisoformat(at) + dt.timedelta(microseconds=microseconds)).isoformat(
        timespec="microseconds"
    )
