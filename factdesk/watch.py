"""Watching sources: the RSS and Atom feeds (and pages) a desk follows, polled on a
schedule while the app runs and by `factdesk watch run` (cron, a systemd timer), their new
articles imported with their claims; and what came in since yesterday, the repeats of
rated claims first, then by check-worthiness.

Polite: a conditional request (ETag, Last-Modified) for each feed, robots.txt obeyed, at
most one request a second to any one site, a poll missed while nothing ran caught up at
once. A feed that fails is one line in its row and never stops the others; an item that
fails is kept with its error and not fetched again (until the feed is removed and added
again).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import urlsplit

from factdesk.errors import BadInput, FactdeskError
from factdesk.ingest.feeds import FEED_TYPES, parse_feed
from factdesk.model import Claim, ClaimFilter, new_id, now_iso
from factdesk.store import watched
from factdesk.store.watched import WatchedSource
from factdesk.web.http import Fetcher
from factdesk.web.robots import RobotsRules
from factdesk.web.urls import check_url

DEFAULT_INTERVAL_MINUTES = 60
MAX_NEW_ITEMS_PER_POLL = 100  # a feed that floods is read over several polls
SECONDS_BETWEEN_REQUESTS_TO_A_SITE = 1.0


class _Desk(Protocol):
    """What watching needs of the Desk (it never imports it: the Desk hands itself over)."""

    db: Any

    def fetcher(self) -> Fetcher: ...

    def import_source(self, source: str, *, fetcher: Any = None) -> Any: ...

    def claims(
        self, flt: ClaimFilter | None = None, *, limit: int | None = None
    ) -> list[Claim]: ...

    def seen_before(self, claim_ids: Iterable[str]) -> dict[str, Any]: ...

    def repeated_rated(self, claims: list[Claim]) -> dict[str, tuple[str, float]]: ...


@dataclass
class PollReport:
    """What one poll did: sources polled, articles imported, problems (one line each)."""

    polled: int = 0
    unchanged: int = 0
    imported: list[str] = field(default_factory=list)  # article ids
    problems: list[str] = field(default_factory=list)


@dataclass
class NewClaim:
    """A claim a watched source brought in, with the rated claim it repeats, if any."""

    claim: Claim
    source_url: str
    repeats: tuple[str, str, float] | None = None  # (rated claim id, its verdict, score)


def add_source(desk: _Desk, url: str, *, interval_minutes: int = DEFAULT_INTERVAL_MINUTES,
               kind: str = "feed") -> WatchedSource:  # fmt: skip
    """Watch a feed (or a page); BadInput for a URL that is not http(s) or already watched."""
    url = check_url(url, credentials=False)
    if kind not in ("feed", "page"):
        raise BadInput(f"{kind}: a watched source is a feed or a page")
    if not 5 <= interval_minutes <= 7 * 24 * 60:
        raise BadInput(f"{interval_minutes}: poll every 5 minutes to 7 days (in minutes)")
    if watched.source_by_url(desk.db, url):
        raise BadInput(f"{url}: already watched")
    source = WatchedSource(new_id(), url, kind, None, interval_minutes, now_iso())
    with desk.db.write():
        watched.add_source(desk.db, source)
    return source


def remove_source(desk: _Desk, source_id_or_url: str) -> WatchedSource:
    for source in watched.sources(desk.db):
        if source_id_or_url in (source.id, source.url):
            with desk.db.write():
                watched.remove_source(desk.db, source.id)
            return source
    raise BadInput(f"{source_id_or_url}: no watched source by that id or URL")


def sources(desk: _Desk) -> list[WatchedSource]:
    return watched.sources(desk.db)


class _Pacer:
    """At most one request a second to any one site, however many feeds share it."""

    def __init__(self, gap: float, sleep: Callable[[float], None]) -> None:
        self.gap, self.sleep = gap, sleep
        self._last: dict[str, float] = {}

    def wait(self, url: str) -> None:
        site = urlsplit(url).netloc
        last = self._last.get(site)
        if last is not None:
            self.sleep(max(0.0, self.gap - (time.monotonic() - last)))
        self._last[site] = time.monotonic()


def poll(
    desk: _Desk,
    *,
    everything: bool = False,
    progress: Callable[[str], None] | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    gap: float = SECONDS_BETWEEN_REQUESTS_TO_A_SITE,
    sleep: Callable[[float], None] = time.sleep,
) -> PollReport:
    """Poll the sources that are due (or all), importing their new items."""
    report = PollReport()
    now = now_iso()
    due = watched.sources(desk.db) if everything else watched.due_sources(desk.db, now)
    fetcher = desk.fetcher()
    robots = RobotsRules(fetcher)
    pacer = _Pacer(gap, sleep)
    for source in due:
        if cancelled():
            break
        if progress:
            progress(f"{source.title or source.url}")
        report.polled += 1
        source.polled_at = now_iso()
        try:
            new_items = _poll_source(desk, source, fetcher, robots, pacer, report, cancelled)
            source.ok_at, source.error = source.polled_at, None
            if new_items == 0:
                report.unchanged += 1
        except FactdeskError as error:
            source.error = str(error).splitlines()[0][:300]
            report.problems.append(source.error)
        with desk.db.write():
            watched.record_poll(desk.db, source)
    return report


def _poll_source(
    desk: _Desk,
    source: WatchedSource,
    fetcher: Fetcher,
    robots: RobotsRules,
    pacer: _Pacer,
    report: PollReport,
    cancelled: Callable[[], bool],
) -> int:
    if not robots.allows(source.url):
        raise BadInput(f"{source.url}: the site's robots.txt asks robots not to fetch it")
    pacer.wait(source.url)
    if source.kind == "page":
        return _import_item(desk, source, source.url, None, None, fetcher, report)
    page = fetcher.get(
        source.url, accept=FEED_TYPES, etag=source.etag, last_modified=source.last_modified
    )
    source.etag, source.last_modified = page.etag, page.last_modified
    if page.not_modified:
        return 0
    feed = parse_feed(page.body, source=source.url)
    source.title = feed.title or source.title
    known = watched.known_items(desk.db, source.id)
    new = [item for item in feed.items if item.url not in known][:MAX_NEW_ITEMS_PER_POLL]
    for item in new:
        if cancelled():
            break
        if not robots.allows(item.url):
            _record(desk, source, item.url, item.title, item.published, None,
                    f"{item.url}: the site's robots.txt asks robots not to fetch it")  # fmt: skip
            continue
        pacer.wait(item.url)
        _import_item(desk, source, item.url, item.title, item.published, fetcher, report)
    return len(new)


def _import_item(desk, source, url, title, published, fetcher, report) -> int:
    try:
        result = desk.import_source(url, fetcher=fetcher)
    except FactdeskError as error:
        line = str(error).splitlines()[0][:300]
        report.problems.append(line)
        _record(desk, source, url, title, published, None, line)
        return 1
    article_id = result.article.id
    _record(desk, source, url, title, published, article_id, None)
    if result.outcome != "unchanged":
        report.imported.append(article_id)
        return 1
    return 0


def _record(desk, source, url, title, published, article_id, error) -> None:
    with desk.db.write():
        watched.record_item(
            desk.db, source.id, url, title=title, published=published, found_at=now_iso(),
            article_id=article_id, error=error,
        )  # fmt: skip


def new_claims(desk: _Desk, since: str, *, limit: int = 200) -> list[NewClaim]:
    """Claims that watched sources brought in since `since` (ISO time): repeats of rated
    claims first (closest repeat first), then the rest by check-worthiness."""
    found = watched.articles_found_since(desk.db, since)
    verdicts = {claim_id: verdict for claim_id, _text, verdict in watched.rated_claims(desk.db)}
    came: list[tuple[Claim, str]] = []
    for article_id, source_url in found.items():
        claims = desk.claims(ClaimFilter(article_id=article_id))
        came += [(claim, source_url) for claim in claims if claim.status != "not checking"]
    # Marked at import by the paraphrase matcher (factdesk/memory.py); a claim rated since
    # its import is found by the same matcher now.
    marks = desk.seen_before([claim.id for claim, _url in came])
    rated_at_import = {cid for cid, mark in marks.items() if mark.verdict is not None}
    later = desk.repeated_rated([c for c, _url in came if c.id not in rated_at_import])
    listed = []
    for claim, source_url in came:
        if claim.id in rated_at_import:
            mark = marks[claim.id]
            rating = verdicts.get(mark.earlier.id) or mark.verdict.rating or ""
            listed.append(NewClaim(claim, source_url, (mark.earlier.id, rating, mark.score)))
        elif claim.id in later:
            earlier_id, score = later[claim.id]
            rating = verdicts.get(earlier_id, "")
            listed.append(NewClaim(claim, source_url, (earlier_id, rating, score)))
        else:
            listed.append(NewClaim(claim, source_url, None))
    listed.sort(
        key=lambda new: (
            new.repeats is None,
            -(new.repeats[2] if new.repeats else 0.0),
            -(new.claim.score or 0.0),
        )
    )
    return listed[:limit]
