"""The trash: nothing deleted is gone for good until it is emptied (by hand, or on its
own after trash_days)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from factdesk.errors import BadInput, NotFound
from factdesk.model import new_id, now_iso, short_id
from factdesk.store import edits
from factdesk.store import trash as trashed

from .core import Part
from .records import Changes, TrashItem
from .settings import TRASH_DAYS


class Trash(Part):
    def trash_article(self, article_id: str) -> Changes[TrashItem]:
        """Move an article with its claims and all their work to the trash."""
        with self.db.write():
            self.empty_expired_trash()
            payload = trashed.article_payload(self.db, article_id)
            if payload is None:
                raise NotFound(f"{article_id}: no such article")
            article = payload["article"]
            claims = payload["claims"]
            rated = sum(1 for c in claims if c["row"]["verdict"] is not None)
            detail = f"{_count(len(claims), 'claim')}, {rated} with a verdict"
            return self._to_trash("article", payload, article["title"] or article["source"],
                                  detail)  # fmt: skip

    def trash_claims(self, claim_ids: Iterable[str]) -> Changes[TrashItem]:
        """Move claims with their evidence and history to the trash (one entry)."""
        claim_ids = [self.core.claim(claim_id).id for claim_id in claim_ids]
        if not claim_ids:
            raise BadInput("no claims to delete")
        with self.db.write():
            self.empty_expired_trash()
            payload = trashed.claims_payload(self.db, claim_ids)
            if not payload["claims"]:
                raise NotFound(f"{claim_ids[0]}: no such claim")
            first = payload["claims"][0]["row"]
            label = first["text"]
            if len(payload["claims"]) > 1:
                label = f"{_count(len(payload['claims']), 'claim')}: {label}"
            titles = self.core.article_titles([first["article_id"]])
            detail = f"in {titles.get(first['article_id'], first['article_id'])!r}"
            return self._to_trash("claims", payload, label, detail)

    def trash_evidence(self, evidence_id: str) -> Changes[TrashItem]:
        """Move an evidence link to the trash (the claim's history says it was removed)."""
        evidence_id = self.core.resolve("evidence", evidence_id, "evidence")
        with self.db.write():
            self.empty_expired_trash()
            payload = trashed.evidence_payload(self.db, evidence_id)
            if payload is None:
                raise NotFound(f"{evidence_id}: no such evidence")
            row = payload["evidence"][0]
            self.core.evidence_event(row, "removed")
            detail = f"evidence of claim {short_id(row['claim_id'])}"
            return self._to_trash("evidence", payload, row["title"] or row["url"], detail)

    def _to_trash(self, kind: str, payload: dict, label: str, detail: str) -> Changes[TrashItem]:
        label = " ".join(str(label).split())
        item = TrashItem(id=new_id(), kind=kind, label=label, detail=detail,
                         trashed_at=now_iso(), by=self.core.setting("reviewer"))  # fmt: skip
        trashed.put_in_trash(self.db, item.id, kind, payload, label=item.label,
                             detail=detail, at=item.trashed_at, by=item.by)  # fmt: skip
        item.changes = _payload_changes(payload)
        return Changes(item.changes.articles, item.changes.claims, row=item)

    def trash(self) -> list[TrashItem]:
        """What is in the trash, newest first."""
        return [TrashItem(**row) for row in trashed.entries(self.db)]

    def resolve_trash_id(self, given: str) -> str:
        """A trash entry's id from its id, a prefix of it, or its short id."""
        given = (given or "").strip()
        found = trashed.entry_ids_starting_with(self.db, given) if len(given) >= 4 else []
        if len(found) != 1:
            what = "no such entry in the trash" if not found else "more than one trash entry"
            raise NotFound(f"{given or '(empty)'}: {what} (see factdesk trash list)")
        return found[0]

    def restore_from_trash(self, entry_id: str) -> Changes:
        """Put a trash entry back where it was, with all its work. What a merge brought
        back meanwhile (part of an article, a claim under a new id) is kept; the rest is
        put back, so nothing fails on a duplicate."""
        with self.db.write():
            taken = trashed.take_out(self.db, entry_id)
            if taken is None:
                raise NotFound(f"{entry_id}: not in the trash (restored or emptied already)")
            entry, payload = taken
            articles, claims = trashed.put_back(self.db, payload, now_iso())
            if entry["kind"] == "evidence":
                for row in payload["evidence"]:
                    edits.take_back_removal(self.db, row["id"])
        return Changes(articles=frozenset(articles), claims=frozenset(claims))

    def empty_trash(self, entry_ids: Iterable[str] | None = None) -> int:
        """Delete trash entries for good (all of them by default). Their deletions then
        reach bundles and the team hub. Returns how many entries went."""
        with self.db.write():
            ids = [e["id"] for e in trashed.entries(self.db)] if entry_ids is None else entry_ids
            return trashed.empty(self.db, ids)

    def empty_expired_trash(self) -> int:
        """Empty what has been in the trash longer than the trash_days setting."""
        days = self.core.setting("trash_days", TRASH_DAYS)
        try:
            days = max(1, int(days))
        except (TypeError, ValueError):  # edited by hand: the default
            days = TRASH_DAYS
        cutoff = (dt.datetime.now(dt.UTC) - dt.timedelta(days=days)).isoformat()
        old = trashed.expired(self.db, cutoff)
        if not old or self.db.read_only:
            return 0
        with self.db.write():
            return trashed.empty(self.db, old)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _payload_changes(payload: dict) -> Changes:
    """What taking the rows of a trash entry out (or putting them back) changes."""
    claims = [c["row"] for c in payload.get("claims", [])]
    articles = {c["article_id"] for c in claims}
    if payload.get("article"):
        articles.add(payload["article"]["id"])
    claim_ids = {c["id"] for c in claims} | {e["claim_id"] for e in payload.get("evidence", [])}
    return Changes(articles=frozenset(articles), claims=frozenset(claim_ids))
