"""The Desk's core: its database and the look-ups every area of its work shares (a claim
or article by id, a setting, my name, the scales), with the few writes several areas
make (a status change, an evidence event). Each area (`Part`) gets this one core."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from factdesk import store
from factdesk.errors import BadInput, NotFound
from factdesk.model import (
    Article,
    Claim,
    Evidence,
    EvidenceEvent,
    RatingScale,
    StatusChange,
    short_id,
)
from factdesk.store import Store, aliases, edits
from factdesk.store import factcheck_claims as fcc
from factdesk.store import factchecks as fcs
from factdesk.store import queries as q

from .records import ClaimRecord

if TYPE_CHECKING:
    from factdesk.memory import ClaimMemory

DEFAULT_SCALE = "politifact"


class Core:
    def __init__(self, db: Store, path: Path, *, read_only: bool) -> None:
        self.db, self.path, self.read_only = db, path, read_only
        self._scales: dict[str, RatingScale] | None = None
        # Claim memory's indexes of stored vectors (seen before, similar claims), built on
        # first use and refreshed from the database (factdesk/memory.py).
        self._memory: ClaimMemory | None = None

    def claim_memory(self) -> ClaimMemory:
        """This Desk's claim memory (its indexes are loaded once, then kept up to date)."""
        from factdesk.memory import ClaimMemory  # (numpy and the encoder: not at start)

        if self._memory is None:
            self._memory = ClaimMemory()
        return self._memory

    def claim(self, claim_id: str) -> Claim:
        """A claim by id; an id a merge changed finds the claim under its new one."""
        found = q.get_claims(self.db, [claim_id]) or q.get_claims(self.db, [self.renamed(claim_id)])
        if not found:
            raise NotFound(f"{claim_id}: no such claim")
        return found[0]

    def renamed(self, claim_id: str) -> str:
        """The id a claim goes by now (a merge may have given it the other laptop's)."""
        return aliases.current_id(self.db, "claims", claim_id)

    def resolve_claim_id(self, prefix: str) -> str:
        return self.resolve("claims", prefix, "claim")

    def article(self, article_id: str, *, with_raw: bool = True) -> Article:
        """An article with its text and posts (and the page as fetched, unless with_raw=False)."""
        article = q.get_article(self.db, article_id, with_raw=with_raw)
        if article is None:
            raise NotFound(f"{article_id}: no such article")
        return article

    def article_titles(self, article_ids: Iterable[str]) -> dict[str, str]:
        """Titles (or sources) of articles by id, without reading their text."""
        return q.article_titles(self.db, article_ids)

    def resolve_article_id(self, prefix: str) -> str:
        return self.resolve("articles", prefix, "article")

    def evidence_item(self, evidence_id: str) -> Evidence:
        found = q.get_evidence(self.db, self.resolve("evidence", evidence_id, "evidence"))
        assert found is not None  # _resolve found it
        return found

    def setting(self, key: str, default: Any = None) -> Any:
        value = q.setting_json(self.db, key)
        try:
            return default if value is None else json.loads(value)
        except (TypeError, json.JSONDecodeError):  # edited by hand: not ours to trust
            return default

    def my_name(self) -> str | None:
        """The name recorded with my verdicts and status changes: on a team hub, the one
        its administrator registered for my login (the hub stamps it anyway); without a
        hub, the reviewer name typed in the settings."""
        state = self.hub_state()
        if state is not None and state.role:
            for checker in state.checkers:
                if checker.get("name") == state.role:
                    return str(checker.get("display_name") or state.role)
        return self.setting("reviewer")

    def hub_state(self) -> Any:
        """What this laptop knows of the hub it last synced with (None: never synced)."""
        from factdesk.store.outbox import hub_state

        return hub_state(self.db)

    def scales(self) -> list[RatingScale]:
        # A read-only Desk never hears of the writer's changes: it reads them every time.
        if self._scales is None or self.read_only:
            self._scales = {s.id: s for s in q.load_scales(self.db)}
        return list(self._scales.values())

    def scale(self, scale_id: str | None = None) -> RatingScale:
        """A scale by id or name (case-insensitive); the user's current scale when None."""
        wanted = (scale_id or self.setting("scale", DEFAULT_SCALE)).casefold()
        for scale in self.scales():
            if wanted in (scale.id.casefold(), scale.name.casefold()):
                return scale
        names = ", ".join(s.id for s in self.scales())
        raise NotFound(f"{scale_id}: no such rating scale (known: {names})")

    def forget_scales(self) -> None:
        """The scales changed (saved, merged in): read them again when next asked."""
        self._scales = None

    def is_database_file(self, path: Path) -> bool:
        return store.is_database_file(self.path, Path(path))

    def refuse_database_file(self, path: Path, action: str) -> None:
        """Refuse to read or write the database's own files from outside SQLite: opening
        and closing them here would drop this process's locks (POSIX), so another
        program could remove the -wal file this one still writes to."""
        if self.is_database_file(path):
            raise BadInput(
                f"{path}: that is this database's own file; {action} another file "
                f"(to copy the database, use factdesk backup)"
            )

    def record_status(
        self, claim_id: str, status: str, assignee: str | None, by: str | None
    ) -> StatusChange:
        change = StatusChange(
            claim_id=claim_id,
            status=status,
            assignee=(assignee or "").strip() or None,
            by=by or self.my_name(),
        )
        edits.add_history(self.db, "status_changes", change, change.at)
        return change

    def evidence_event(self, evidence: Evidence | dict, action: str) -> None:
        """Evidence added or removed: an entry of the claim's history (who and when)."""
        row = evidence if isinstance(evidence, dict) else vars(evidence)
        edits.record_evidence_event(
            self.db,
            EvidenceEvent(
                claim_id=row["claim_id"], evidence_id=row["id"], action=action,
                url=row["url"], title=row.get("title"), stance=row.get("stance"),
                quote=row.get("quote"), by=self.my_name(),
            ),
        )  # fmt: skip

    def claim_record(self, claim_id: str) -> ClaimRecord:
        return self.stored_claim_record(self.claim(claim_id).id)

    def stored_claim_record(self, claim_id: str) -> ClaimRecord:
        return ClaimRecord(
            claim=self.claim(claim_id),
            evidence_rows=q.evidence_rows(self.db, claim_id),
            verdicts=q.verdict_history(self.db, claim_id),
            status_changes=q.status_history(self.db, claim_id),
            prior_checks=q.prior_checks(self.db, claim_id),
            field_times=q.claim_field_times(self.db, claim_id),
            factcheck=fcs.factchecks_for(self.db, [claim_id]).get(claim_id),
            factcheck_claims=fcc.register_rows(self.db, claim_id),
        )

    def resolve(self, table: str, given: str, what: str) -> str:
        """A full id from the id, its short id (the random tail: 6 or more of its last
        characters, as shown), or a unique prefix of it (ULIDs are long to type). An id a
        merge changed gives the new one. Ambiguity is an error listing the candidates."""
        given = (given or "").strip()
        if not re.fullmatch(r"[0-9A-Za-z]{4,26}", given):
            raise NotFound(f"{given or '(empty)'}: not a {what} id")
        found = q.ids_matching(self.db, table, given)
        if not found and table in ("claims", "articles"):
            renamed = aliases.current_id(self.db, table, given.upper())
            if renamed != given.upper():
                found = [renamed]
        if not found:
            raise NotFound(f"{given}: no such {what}")
        if len(found) > 1:
            shown = "; ".join(f"{short_id(i)} ({i}{_gist(self, table, i)})" for i in found[:5])
            more = f" and {len(found) - 5} more" if len(found) > 5 else ""
            raise BadInput(
                f"{given}: more than one {what} matches: {shown}{more}; give more of the id"
            )
        return found[0]


class Part:
    """One area of the Desk's work (like an Anki collection's managers): it shares the
    Desk's core, and so its one database connection."""

    def __init__(self, core: Core) -> None:
        self.core = core
        self.db = core.db


def _gist(desk: Core, table: str, row_id: str) -> str:
    """A few words saying which row an id is (for a list of ambiguous candidates)."""
    if table == "claims":
        text = desk.claim(row_id).text
    elif table == "articles":
        text = desk.article_titles([row_id]).get(row_id, "")
    else:
        text = desk.evidence_item(row_id).url
    text = " ".join(text.split())
    return f": {text[:40]}…" if len(text) > 40 else f": {text}" if text else ""


def article_id_of(claim: Claim) -> str:
    """A stored claim's article (always set once stored)."""
    assert claim.article_id is not None
    return claim.article_id
