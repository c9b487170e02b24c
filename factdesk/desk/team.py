"""The team: syncing with the hub (a shared PostgreSQL, factdesk/hub) and moving work
between laptops in bundles; what this laptop knows of the hub and its checkers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from factdesk.errors import BadInput, FactdeskError

from .articles import Articles
from .core import Core, Part


class Team(Part):
    def __init__(self, core: Core, articles: Articles) -> None:
        super().__init__(core)
        self.articles = articles

    def export_bundle(
        self,
        path: Path,
        *,
        article_id: str | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> dict[str, int]:
        from factdesk.store.bundle import write_bundle

        self.core.refuse_database_file(Path(path), "write")
        if article_id:
            article_id = self.core.resolve_article_id(article_id)
        if not self.db.read_only:
            self.articles.refine_pending()  # a provisional score never leaves this laptop
        return dict(write_bundle(self.db, Path(path), article_id=article_id, progress=progress))

    def import_bundle(
        self,
        path: Path,
        *,
        accept_deletions: bool = False,
        progress: Callable[[int, int, str], None] | None = None,
    ) -> dict[str, int]:
        """Merge a bundle into this database: no duplicates, no history lost; twice = once.
        Checked whole first, then merged in committed batches of whole articles (memory
        flat; cut off, it keeps whole articles and the same bundle again adds the rest).
        Its deletions of work recorded here are refused (counted) unless accepted.
        `progress(done, total, text)` hears the rows read (total 0: not known ahead)."""
        from factdesk.store.bundle_merge import merge_bundle

        self.core.refuse_database_file(Path(path), "import")
        counts = merge_bundle(
            self.db, Path(path), accept_deletions=accept_deletions, progress=progress
        )
        self.core.forget_scales()
        return dict(counts)

    def hub_address(self, hub_url: str | None = None) -> Any:
        """The hub to sync with: `hub_url`, else the hub-url setting."""
        from factdesk.hub import parse_hub_url

        url = hub_url or self.core.setting("hub-url")
        if not url:
            raise BadInput(
                "no hub to sync with: give --hub URL, or set it once with "
                "`factdesk settings hub-url postgresql://USER@HOST/DATABASE`"
            )
        return parse_hub_url(url)

    def sync(
        self, hub_url: str | None = None, *, progress: Callable[[str], None] | None = None
    ) -> Any:
        """Pull what teammates pushed to the hub, merge it, push what changed here
        (store/replication.py, through hub/sync.py's transport). Returns a SyncReport;
        raises HubError in one line."""
        from factdesk.hub import open_hub
        from factdesk.store.replication import sync

        self.articles.refine_pending()  # a provisional score never reaches the hub
        with open_hub(self.hub_address(hub_url), progress=progress) as hub:
            report = sync(self.db, hub, progress=progress)
        self.core.forget_scales()
        return report

    def hub_identity(self) -> tuple[str | None, list[str]]:
        """Who I am on the hub last synced with, and its checkers (known offline)."""
        from factdesk.store.outbox import hub_state

        state = hub_state(self.db)
        if state is None:
            return None, []
        return state.role, [c["name"] for c in state.checkers]

    def changes_to_send(self) -> int:
        """How many changes made here the hub does not have yet (every one before the first
        sync), counted as the checker made them: a verdict, status change or piece of
        evidence (with the claim row it updates), an edited or new claim, article or scale
        (with its posts or levels), a deletion."""
        from factdesk.store.outbox import REPLACED_WITH_PARENT, hub_state, outbox

        state = hub_state(self.db)
        box = outbox(self.db, state.pushed_seq if state else 0)
        with_history = {row["claim_id"] for table in ("verdicts", "status_changes", "evidence")
                        for row in box.rows.get(table, [])}  # fmt: skip
        count = 0
        for table, rows in box.rows.items():
            if table == "claims":
                count += sum(1 for row in rows if row["id"] not in with_history)
            elif table not in (*REPLACED_WITH_PARENT, "tombstones"):  # counted with another
                count += len(rows)
        for table, keys in [*box.deleted.items(), *box.duplicates.items()]:
            if table not in REPLACED_WITH_PARENT:
                count += len(keys)
        return count

    def teammate_verdicts(self, claim_id: str, *, hub_url: str | None = None) -> list[Any]:
        """Verdicts teammates gave this claim on the hub since my last sync (asks the hub:
        raises HubUnreachable when it cannot be reached)."""
        from factdesk.hub import teammate_verdicts

        state = self.core.hub_state()
        return teammate_verdicts(
            self.hub_address(hub_url), claim_id, after_seq=state.pulled_seq if state else 0
        )


def hub_unreachable(error: BaseException) -> bool:
    """Whether `error` says the team hub is out of reach (try again later), rather than
    something for the user to put right."""
    from factdesk.hub import HubUnreachable

    return isinstance(error, HubUnreachable)


def hub_answers(hub_url: str) -> str:
    """The network step before a sync: why the hub is out of reach (one line), or "" when
    it answers (other problems, a refused password say, are the sync's to report)."""
    from factdesk.hub import HubUnreachable, parse_hub_url
    from factdesk.hub.connect import connect

    try:
        connect(parse_hub_url(hub_url)).close()
    except HubUnreachable as error:
        return str(error)
    except FactdeskError:
        return ""
    return ""


def try_hub(hub_url: str, password: str | None = None) -> tuple[str, bool]:
    """Network only: log in to the hub at `hub_url` as a sync would, with `password` (typed,
    not kept yet) when given. ("", False) when it takes us as a checker; else why not, in one
    line, and whether the hub is only out of reach (rather than refusing us)."""
    from factdesk import secrets
    from factdesk.hub import HubUnreachable, parse_hub_url
    from factdesk.hub.admin import hub_info
    from factdesk.hub.connect import connect

    try:
        address = parse_hub_url(hub_url)
        with secrets.trying("hub-password", password or None), connect(address) as conn:
            hub_info(conn, address)
    except HubUnreachable as error:
        return str(error), True
    except FactdeskError as error:
        return str(error), False
    return "", False


def teammates_since_sync(hub_url: str, claim_id: str, after_seq: int) -> list[Any]:
    """Network only (for the GUI's pool): teammates' verdicts on `claim_id` since change
    `after_seq` (my last sync), newest first; none when the hub cannot be asked."""
    from factdesk.hub import parse_hub_url, teammate_verdicts

    try:
        return teammate_verdicts(parse_hub_url(hub_url), claim_id, after_seq=after_seq)
    except FactdeskError:
        return []
