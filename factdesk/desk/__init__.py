"""The Desk: the one owner of a factdesk database.

Every operation the app offers is a method of the Desk, used alike by the GUI, the CLI
and the tests (like Anki's Collection). The Desk is a facade: each area of the work is a
part in its own module (like the Collection's managers), and each Desk method below
hands the call to the part that carries it out:

    core.py         look-ups all parts share: a claim, an article, a setting, my name
    articles.py     importing and deleting articles
    claims.py       listing, editing, adding, splitting and merging claims; speakers
    review.py       verdicts, status changes, history, drafts
    evidence.py     evidence links, prior fact-checks, archive copies, similar claims
    reports.py      the claims of a report with their work
    factchecks.py   fact-check write-ups, their review and pages
    factcheck_groups.py  one fact-check for several claims on one point
    exports.py      exports and backups
    team.py         the team hub and bundles
    trash.py        the trash
    saved_lists.py  saved lists and statistics
    settings.py     settings and rating scales

A Desk belongs to the thread that made it: SQLite connections are never shared across
threads. Mutating operations run in one transaction each and say what they changed
(`Changes`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any, Concatenate, Generic, ParamSpec, TypeVar, overload

from factdesk import paths, store
from factdesk.errors import BadInput, FactdeskError
from factdesk.model import ClaimFilter, new_id

from .articles import (
    Articles,
    article_files,
    content_hash,
    headline_span,
    opening_words,
    provisional_split,
    read_and_refine,
    read_and_split,
    read_and_split_many,
    refined_split,
)
from .claims import KEPT_BY_SPLIT_AND_MERGE, Claims, checkworthy_threshold, merged_text
from .core import Core
from .evidence import (
    PRIOR_CHECK_CANDIDATES,
    EvidenceArea,
    EvidencePage,
    fetch_evidence_link,
    fetch_evidence_page,
    find_snapshot,
    read_claimreview,
    search_prior_checks,
)
from .exports import Exports
from .factcheck_groups import CoveredClaim, FactCheckGroups
from .factchecks import PAGE_FORMATS, FactChecks
from .families import Families
from .records import (
    ArticleRecord,
    Changes,
    ClaimRecord,
    ImportResult,
    SimilarClaim,
    SpeakerSummary,
    TrashItem,
)
from .reports import ReportPreview, Reports
from .review import Review
from .saved_lists import SavedLists
from .settings import SETTINGS, TRASH_DAYS, Settings
from .team import Team, hub_answers, hub_unreachable, teammates_since_sync, try_hub
from .trash import Trash

Args = ParamSpec("Args")
Result = TypeVar("Result")


class _Handed(Generic[Args, Result]):
    """A Desk method that one of its parts carries out: `set_verdict =
    _handed("review", Review.set_verdict)` makes `desk.set_verdict(...)` call
    `desk.review_part.set_verdict(...)`, with the part method's signature and docstring
    (mypy checks every call). On the class it is a plain function of the Desk, so
    `monkeypatch.setattr(Desk, "sync", ...)` and `inspect` see an ordinary method."""

    def __init__(self, part: str, method: Callable[Concatenate[Any, Args], Result]) -> None:
        self.part, self.name = part, method.__name__

        @functools.wraps(method)
        def on_the_desk(desk: Desk, *args: Args.args, **kwargs: Args.kwargs) -> Result:
            return getattr(getattr(desk, part), method.__name__)(*args, **kwargs)

        self.function = on_the_desk
        self.__doc__ = method.__doc__

    @overload
    def __get__(self, desk: None, owner: type) -> Callable[Concatenate[Any, Args], Result]: ...
    @overload
    def __get__(self, desk: object, owner: type) -> Callable[Args, Result]: ...
    def __get__(self, desk: object, owner: type) -> Callable[..., Result]:
        if desk is None:
            return self.function
        return getattr(getattr(desk, self.part), self.name)


def _handed(part: str, method: Callable[Concatenate[Any, Args], Result]) -> _Handed[Args, Result]:
    return _Handed(part, method)


class Desk:
    def __init__(
        self, path: str | Path | None = None, *, read_only: bool = False, create: bool = True
    ):
        """Open the database at `path`; read_only=True gives a Desk whose connection refuses
        every write (the GUI's reader thread), on a file a writer has opened before;
        create=False refuses a file that is not there (a command that only reads)."""
        if path is not None and not str(path).strip():
            raise BadInput("the database path is empty; give a file, e.g. --db desk.db")
        self.path = Path(path) if path is not None else paths.default_db_path()
        self.read_only = read_only
        self.db = store.connect(self.path, read_only=read_only, create=create)
        # The parts, each built on those below it (no part reaches up or sideways).
        self.core = core = Core(self.db, self.path, read_only=read_only)
        self.settings_part = Settings(core)
        self.claims_part = Claims(core)
        self.articles_part = Articles(core, self.claims_part)
        self.review_part = Review(core)
        self.evidence_part = EvidenceArea(core, self.settings_part, self.review_part)
        self.reports_part = Reports(core, self.claims_part)
        self.factchecks_part = FactChecks(core, self.review_part, self.reports_part)
        self.groups_part = FactCheckGroups(core, self.factchecks_part)
        self.team_part = Team(core, self.articles_part)
        self.exports_part = Exports(core, self.reports_part, self.factchecks_part, self.team_part)
        self.trash_part = Trash(core)
        self.lists_part = SavedLists(core)
        self.families_part = Families(core, self.evidence_part)
        if not read_only:
            self.settings_part.ensure_builtin_scales()
            if not self.db.read_only:
                self.empty_expired_trash()  # what was deleted over trash_days ago goes now

    # --- lifecycle ---------------------------------------------------------

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Desk:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- look-ups every part shares (core.py) ------------------------------------
    claim = _handed("core", Core.claim)
    claim_record = _handed("core", Core.claim_record)
    resolve_claim_id = _handed("core", Core.resolve_claim_id)
    article = _handed("core", Core.article)
    article_titles = _handed("core", Core.article_titles)
    resolve_article_id = _handed("core", Core.resolve_article_id)
    evidence_item = _handed("core", Core.evidence_item)
    setting = _handed("core", Core.setting)
    my_name = _handed("core", Core.my_name)
    hub_state = _handed("core", Core.hub_state)
    scales = _handed("core", Core.scales)
    scale = _handed("core", Core.scale)
    is_database_file = _handed("core", Core.is_database_file)
    refuse_database_file = _handed("core", Core.refuse_database_file)

    # --- articles (articles.py) ------------------------------------------------------
    import_source = _handed("articles_part", Articles.import_source)
    import_article = _handed("articles_part", Articles.import_article)
    refine = _handed("articles_part", Articles.refine)
    refine_pending = _handed("articles_part", Articles.refine_pending)
    provisional_articles = _handed("articles_part", Articles.provisional_articles)
    articles = _handed("articles_part", Articles.articles)
    delete_article = _handed("articles_part", Articles.delete_article)
    restore_article = _handed("articles_part", Articles.restore_article)

    # --- claims (claims.py) ------------------------------------------------------------
    claims = _handed("claims_part", Claims.claims)
    count_claims = _handed("claims_part", Claims.count_claims)
    search = _handed("claims_part", Claims.search)
    update_claim = _handed("claims_part", Claims.update_claim)
    add_claim = _handed("claims_part", Claims.add_claim)
    delete_claims = _handed("claims_part", Claims.delete_claims)
    restore_claims = _handed("claims_part", Claims.restore_claims)
    split_claim = _handed("claims_part", Claims.split_claim)
    merge_claims = _handed("claims_part", Claims.merge_claims)
    speakers = _handed("claims_part", Claims.speakers)

    # --- review: verdicts, statuses, history, drafts (review.py) -----------------------
    set_verdict = _handed("review_part", Review.set_verdict)
    remove_verdict = _handed("review_part", Review.remove_verdict)
    restore_verdict = _handed("review_part", Review.restore_verdict)
    amend_verdict_summary = _handed("review_part", Review.amend_verdict_summary)
    verdicts = _handed("review_part", Review.verdicts)
    current_verdict = _handed("review_part", Review.current_verdict)
    set_status = _handed("review_part", Review.set_status)
    move_status_on = _handed("review_part", Review.move_status_on)
    remove_status_change = _handed("review_part", Review.remove_status_change)
    restore_status_change = _handed("review_part", Review.restore_status_change)
    status_changes = _handed("review_part", Review.status_changes)
    history = _handed("review_part", Review.history)
    seen_before = _handed("review_part", Review.seen_before)
    take_earlier_verdict = _handed("review_part", Review.take_earlier_verdict)
    repeated_rated = _handed("review_part", Review.repeated_rated)
    save_drafts = _handed("review_part", Review.save_drafts)
    drafts = _handed("review_part", Review.drafts)

    # --- evidence, prior fact-checks, similar claims (evidence.py) ---------------------
    add_evidence = _handed("evidence_part", EvidenceArea.add_evidence)
    refetch_evidence = _handed("evidence_part", EvidenceArea.refetch_evidence)
    evidence = _handed("evidence_part", EvidenceArea.evidence)
    evidence_snapshot_html = _handed("evidence_part", EvidenceArea.evidence_snapshot_html)
    update_evidence = _handed("evidence_part", EvidenceArea.update_evidence)
    remove_evidence = _handed("evidence_part", EvidenceArea.remove_evidence)
    restore_evidence = _handed("evidence_part", EvidenceArea.restore_evidence)
    archive_evidence = _handed("evidence_part", EvidenceArea.archive_evidence)
    save_prior_checks = _handed("evidence_part", EvidenceArea.save_prior_checks)
    import_claimreview = _handed("evidence_part", EvidenceArea.import_claimreview)
    prior_checks_for = _handed("evidence_part", EvidenceArea.prior_checks_for)
    prior_checks = _handed("evidence_part", EvidenceArea.prior_checks)
    lookup_prior_checks = _handed("evidence_part", EvidenceArea.lookup_prior_checks)
    similar_claims = _handed("evidence_part", EvidenceArea.similar_claims)
    fetcher = _handed("evidence_part", EvidenceArea.fetcher)
    factcheck_client = _handed("evidence_part", EvidenceArea.factcheck_client)
    wayback_client = _handed("evidence_part", EvidenceArea.wayback_client)

    # --- claim families (families.py) --------------------------------------------------
    suggest_family = _handed("families_part", Families.suggest_family)
    link_claims = _handed("families_part", Families.link_claims)
    restore_families = _handed("families_part", Families.restore_families)
    claim_family = _handed("families_part", Families.claim_family)
    claim_appearances = _handed("families_part", Families.claim_appearances)
    family_timeline = _handed("families_part", Families.family_timeline)
    claim_memory = _handed("core", Core.claim_memory)

    # --- reports, fact-checks, exports (reports.py, factchecks.py, exports.py) ---------
    report = _handed("reports_part", Reports.report)
    incomplete_claims = _handed("reports_part", Reports.incomplete_claims)
    report_preview = _handed("reports_part", Reports.report_preview)
    factcheck = _handed("factchecks_part", FactChecks.factcheck)
    stored_factcheck = _handed("factchecks_part", FactChecks.stored_factcheck)
    save_factcheck = _handed("factchecks_part", FactChecks.save_factcheck)
    submit_factcheck = _handed("factchecks_part", FactChecks.submit_factcheck)
    sign_off_factcheck = _handed("factchecks_part", FactChecks.sign_off_factcheck)
    return_factcheck = _handed("factchecks_part", FactChecks.return_factcheck)
    factcheck_pages = _handed("factchecks_part", FactChecks.factcheck_pages)
    factcheck_preview = _handed("factchecks_part", FactChecks.factcheck_preview)
    publishing = _handed("factchecks_part", FactChecks.publishing)
    # One fact-check for several claims on one point (factcheck_groups.py).
    cover_claims = _handed("groups_part", FactCheckGroups.cover_claims)
    uncover_claims = _handed("groups_part", FactCheckGroups.uncover_claims)
    restore_factcheck_claims = _handed("groups_part", FactCheckGroups.restore_factcheck_claims)
    factcheck_claims = _handed("groups_part", FactCheckGroups.factcheck_claims)
    export = _handed("exports_part", Exports.export)
    backup = _handed("exports_part", Exports.backup)

    # --- the team hub and bundles (team.py) ----------------------------------------------
    export_bundle = _handed("team_part", Team.export_bundle)
    import_bundle = _handed("team_part", Team.import_bundle)
    hub_address = _handed("team_part", Team.hub_address)
    sync = _handed("team_part", Team.sync)
    hub_identity = _handed("team_part", Team.hub_identity)
    changes_to_send = _handed("team_part", Team.changes_to_send)
    teammate_verdicts = _handed("team_part", Team.teammate_verdicts)

    # --- the trash (trash.py) --------------------------------------------------------------
    trash_article = _handed("trash_part", Trash.trash_article)
    trash_claims = _handed("trash_part", Trash.trash_claims)
    trash_evidence = _handed("trash_part", Trash.trash_evidence)
    trash = _handed("trash_part", Trash.trash)
    resolve_trash_id = _handed("trash_part", Trash.resolve_trash_id)
    restore_from_trash = _handed("trash_part", Trash.restore_from_trash)
    empty_trash = _handed("trash_part", Trash.empty_trash)
    empty_expired_trash = _handed("trash_part", Trash.empty_expired_trash)

    # --- saved lists and statistics (saved_lists.py) -------------------------------------
    saved_lists = _handed("lists_part", SavedLists.saved_lists)
    saved_list = _handed("lists_part", SavedLists.saved_list)
    save_list = _handed("lists_part", SavedLists.save_list)
    remove_list = _handed("lists_part", SavedLists.remove_list)
    restore_list = _handed("lists_part", SavedLists.restore_list)
    list_filter = _handed("lists_part", SavedLists.list_filter)
    statistics = _handed("lists_part", SavedLists.statistics)

    # --- settings and rating scales (settings.py) ----------------------------------------
    set_setting = _handed("settings_part", Settings.set_setting)
    set_settings = _handed("settings_part", Settings.set_settings)
    network_settings = _handed("settings_part", Settings.network_settings)
    save_scale = _handed("settings_part", Settings.save_scale)

    def warm_up(self) -> None:
        """Import what imports, exports and look-ups need (the GUI does it on its reader
        thread at start, so the first of them does not make the GUI thread wait)."""
        import factdesk.claims
        import factdesk.evidence.similar
        import factdesk.ingest.bulk
        import factdesk.ingest.extract
        import factdesk.report
        import factdesk.web.http  # noqa: F401

    # --- watched sources (factdesk/watch.py does the work, handed the Desk itself) ------

    def watch_source(self, url: str, *, interval_minutes: int = 60, kind: str = "feed") -> Any:
        from factdesk import watch

        return watch.add_source(self, url, interval_minutes=interval_minutes, kind=kind)

    def unwatch_source(self, source_id_or_url: str) -> Any:
        from factdesk import watch

        return watch.remove_source(self, source_id_or_url)

    def watched_sources(self) -> list[Any]:
        from factdesk import watch

        return watch.sources(self)

    def poll_watched(
        self,
        *,
        everything: bool = False,
        progress: Callable[[str], None] | None = None,
        cancelled: Callable[[], bool] = lambda: False,
    ) -> Any:
        """Poll the watched sources that are due (or all), importing their new articles."""
        from factdesk import watch

        return watch.poll(self, everything=everything, progress=progress, cancelled=cancelled)

    def new_from_watched(self, since: str, *, limit: int = 200) -> list[Any]:
        """Claims watched sources brought in since `since`, repeats of rated claims first."""
        from factdesk import watch

        return watch.new_claims(self, since, limit=limit)


def database_problem(error: BaseException, path: str | Path | None) -> FactdeskError | None:
    """What an error met while using the database at `path` means, in words (or None)."""
    return store.database_problem(error, Path(path) if path else paths.default_db_path())


__all__ = [
    "KEPT_BY_SPLIT_AND_MERGE", "PAGE_FORMATS", "PRIOR_CHECK_CANDIDATES", "SETTINGS",
    "TRASH_DAYS", "ArticleRecord", "Changes", "ClaimFilter", "ClaimRecord", "CoveredClaim", "Desk",
    "EvidencePage", "ImportResult", "ReportPreview", "SimilarClaim", "SpeakerSummary",
    "TrashItem", "article_files", "checkworthy_threshold", "content_hash", "database_problem",
    "fetch_evidence_link", "fetch_evidence_page", "find_snapshot", "headline_span",
    "hub_answers", "hub_unreachable", "merged_text", "new_id", "opening_words",
    "provisional_split", "read_and_refine", "read_and_split", "read_and_split_many",
    "read_claimreview", "refined_split", "search_prior_checks",
    "teammates_since_sync", "try_hub",
]  # fmt: skip
