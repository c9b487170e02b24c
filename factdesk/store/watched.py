"""The sources a desk watches and what each poll found (see migration 0010). Reads take
the Store; writes run inside the caller's `Store.write()` transaction."""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database


@dataclass
class WatchedSource:
    id: str
    url: str
    kind: str  # "feed" or "page"
    title: str | None
    interval_minutes: int
    added_at: str
    etag: str | None = None
    last_modified: str | None = None
    polled_at: str | None = None
    ok_at: str | None = None
    error: str | None = None


_COLUMNS = (
    "id, url, kind, title, interval_minutes, added_at, etag, last_modified, polled_at, ok_at, error"
)


def sources(db: Database) -> list[WatchedSource]:
    rows = db.execute(f"SELECT {_COLUMNS} FROM watched_sources ORDER BY added_at, url")
    return [WatchedSource(*row) for row in rows.fetchall()]


def source_by_url(db: Database, url: str) -> WatchedSource | None:
    row = db.execute(f"SELECT {_COLUMNS} FROM watched_sources WHERE url = ?", [url]).fetchone()
    return WatchedSource(*row) if row else None


def due_sources(db: Database, now: str) -> list[WatchedSource]:
    """Sources never polled, or whose interval has passed since their last poll (a poll
    missed while the app was closed is caught up at once)."""
    rows = db.execute(
        f"""SELECT {_COLUMNS} FROM watched_sources
            WHERE polled_at IS NULL
               OR julianday(polled_at) + interval_minutes / 1440.0 <= julianday(?)
            ORDER BY coalesce(polled_at, ''), added_at""",
        [now],
    )
    return [WatchedSource(*row) for row in rows.fetchall()]


def add_source(db: Database, source: WatchedSource) -> None:
    db.execute(
        "INSERT INTO watched_sources (id, url, kind, title, interval_minutes, added_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [source.id, source.url, source.kind, source.title, source.interval_minutes,
         source.added_at],
    )  # fmt: skip


def remove_source(db: Database, source_id: str) -> int:
    return db.execute("DELETE FROM watched_sources WHERE id = ?", [source_id]).rowcount


def record_poll(db: Database, source: WatchedSource) -> None:
    """Store how a poll went: validators, when, and the error (None when it went well)."""
    db.execute(
        "UPDATE watched_sources SET title = coalesce(?, title), etag = ?, last_modified = ?, "
        "polled_at = ?, ok_at = ?, error = ? WHERE id = ?",
        [source.title, source.etag, source.last_modified, source.polled_at, source.ok_at,
         source.error, source.id],
    )  # fmt: skip


def known_items(db: Database, source_id: str) -> set[str]:
    """Links of the source's items already fetched (or given up on)."""
    rows = db.execute(
        "SELECT url FROM watched_items WHERE source_id = ? AND (article_id IS NOT NULL "
        "OR error IS NOT NULL)",
        [source_id],
    )
    return {row[0] for row in rows.fetchall()}


def record_item(
    db: Database,
    source_id: str,
    url: str,
    *,
    title: str | None,
    published: str | None,
    found_at: str,
    article_id: str | None,
    error: str | None,
) -> None:
    db.execute(
        "INSERT INTO watched_items (source_id, url, title, published, found_at, article_id, "
        "error) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (source_id, url) DO UPDATE SET "
        "article_id = excluded.article_id, error = excluded.error",
        [source_id, url, title, published, found_at, article_id, error],
    )


def articles_found_since(db: Database, since: str) -> dict[str, str]:
    """Articles a watched source brought in since `since`: article id -> source url."""
    rows = db.execute(
        "SELECT i.article_id, s.url FROM watched_items i JOIN watched_sources s "
        "ON s.id = i.source_id WHERE i.article_id IS NOT NULL AND i.found_at >= ?",
        [since],
    )
    return {article_id: url for article_id, url in rows.fetchall()}


def rated_claims(db: Database) -> list[tuple[str, str, str]]:
    """Every claim with a current verdict: (id, text, verdict label)."""
    rows = db.execute("SELECT id, text, verdict FROM claims WHERE verdict IS NOT NULL")
    return [(row[0], row[1], row[2]) for row in rows.fetchall()]
