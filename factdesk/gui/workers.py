"""The jobs the window hands to the task runner (plain functions, no widgets).

Reading sources (files, URLs) runs on the network pool and never touches the
database; storing runs on the database thread with that thread's own Desk.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from factdesk.errors import FactdeskError
from factdesk.model import Article

from .tasks import TaskContext

IMPORTABLE_SUFFIXES = (".html", ".htm", ".html.gz", ".txt", ".md")


def sources_in_folder(folder: Path) -> list[str]:
    """The article files a folder import reads (sub-folders too, hidden ones skipped)."""
    from factdesk.ingest import supported_files

    try:
        return [str(p) for p in supported_files(folder)]
    except FactdeskError:
        return []


def read_sources_job(sources: list[str], stdin_text: str | None, network: dict | None = None):
    """A network-pool job: read each source into an Article (or a one-line error)."""

    def job(ctx: TaskContext) -> list[Article | str]:
        from factdesk.ingest import read_source
        from factdesk.ingest.fetch import Fetcher

        results: list[Article | str] = []
        with Fetcher(**(network or {})) as fetcher:
            for done, source in enumerate(sources):
                ctx.check()
                ctx.progress(done, len(sources), f"Reading {source if source != '-' else 'text'} …")
                try:
                    article = read_source(source, fetcher=fetcher, stdin_text=stdin_text)
                except FactdeskError as error:
                    results.append(str(error))
                    continue
                if not article.title and source == "-":
                    article.title = opening_words(article.text)
                results.append(article)
        return results

    return job


def opening_words(text: str, words: int = 10) -> str | None:
    """A title for pasted text that has none: its first words (the list needs a name)."""
    first = text.split()[:words]
    if not first:
        return None
    return " ".join(first) + ("…" if len(text.split()) > words else "")


def import_articles_job(articles: list[Article]):
    """A database-thread job: store articles (each in its own transaction) with progress."""

    def job(desk, ctx: TaskContext) -> list[Any]:
        results = []
        for done, article in enumerate(articles):
            ctx.check()  # between articles: a cancelled import keeps the ones already stored
            ctx.progress(
                done, len(articles), f"Finding claims in {article.title or article.source} …"
            )
            results.append(desk.import_article(article))
        return results

    return job


def fetch_page(url: str, network: dict) -> Any:
    """Fetch a page for an evidence link; a network failure is returned, not raised,
    so the link is still saved (with the error) as the Desk does."""
    from factdesk.ingest.fetch import Fetcher

    with Fetcher(**network) as fetcher:
        try:
            return fetcher.get(url)
        except FactdeskError as error:
            return error


class Prefetched:
    """A stand-in fetcher that hands the Desk a page fetched earlier on the pool."""

    def __init__(self, page_or_error: Any):
        self._result = page_or_error

    def get(self, url: str, **_kw: Any) -> Any:
        if isinstance(self._result, BaseException):
            raise self._result
        return self._result
