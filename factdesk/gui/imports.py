"""Importing: articles (URLs, files, folders, pasted text, drops, the sample) and published
fact-checks. Each is the CLI's own flow in two steps: read on the network pool (many local
files in worker processes, as the CLI does), then store on the writer thread. Nothing that
is factdesk's own database is ever read (see files.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QInputDialog, QWidget

from factdesk import paths
from factdesk.desk import (
    Changes,
    ImportResult,
    article_files,
    read_and_split,
    read_and_split_many,
    read_claimreview,
    refined_split,
)
from factdesk.errors import FactdeskError
from factdesk.model import Article, Claim

from . import files
from .operations import DeskOp, DeskSession, NetworkOp, QueryOp
from .tasks import Task, TaskContext

IMPORTABLE_SUFFIXES = (".html", ".htm", ".html.gz", ".txt", ".md")
# This many local files or more are read in worker processes (like `factdesk import`): two
# cores instead of one, once the workers' start (seconds: each loads the extractor) is paid
# back. Fewer are read on a pool thread; the window stays responsive either way (see
# bench/bench_gui.py: both keep GUI stalls under 50 ms for 200 articles).
PROCESSES_FROM = 400


def expand(sources: list[str], db_path: Path) -> tuple[list[str], list[str]]:
    """Folders replaced by the article files in them (sub-folders too, hidden ones
    skipped), and any of factdesk's own database files left out: (sources, problems)."""
    found: list[str] = []
    problems: list[str] = []
    for source in sources:
        if source == "-" or "://" in source or not Path(source).is_dir():
            found.append(source)
            continue
        try:
            listed = [str(p) for p in article_files(Path(source))]
        except FactdeskError as error:
            listed = []
            problems.append(str(error))
        if not listed:
            problems.append(f"{source}: no articles here ({', '.join(IMPORTABLE_SUFFIXES)} files)")
        found.extend(listed)
    refused = {s: p for s in found if (p := files.database_file_problem(s, db_path))}
    return [s for s in found if s not in refused], problems + list(refused.values())


def read_sources(
    sources: list[str], stdin_text: str | None, fetcher: Any, ctx: TaskContext, db_path: Path
) -> list[tuple[Article, list[Claim]] | str]:
    """The network step of an import: each source read and split, or its one-line error."""
    sources, problems = expand(sources, db_path)
    local = [s for s in sources if s != "-" and "://" not in s]
    results: list[tuple[Article, list[Claim]] | str] = list(problems)
    if len(local) >= PROCESSES_FROM:
        remote = [s for s in sources if s not in set(local)]
        with fetcher:
            results += [_as_result(read_and_split(s, fetcher=fetcher)) for s in remote]
        done = len(results)
        with _closing(read_and_split_many(local, workers=2)) as each:
            for source, outcome in each:
                ctx.check()
                done += 1
                ctx.progress(done, len(sources), f"Read {Path(source).name}")
                results.append(_as_result(outcome))
        return results
    with fetcher:
        for done, source in enumerate(sources):
            ctx.check()
            ctx.progress(done, len(sources), f"Reading {source if source != '-' else 'text'} …")
            results.append(
                _as_result(read_and_split(source, fetcher=fetcher, stdin_text=stdin_text))
            )
    return results


def _as_result(outcome: Any) -> tuple[Article, list[Claim]] | str:
    return str(outcome) if isinstance(outcome, FactdeskError) else outcome


class _closing:
    def __init__(self, iterator: Any):
        self.iterator = iterator

    def __enter__(self) -> Any:
        return self.iterator

    def __exit__(self, *exc: object) -> None:
        self.iterator.close()


def store_articles(read: list[tuple[Article, list[Claim]]]):
    """The store step of an import (on the writer): each article in its own transaction."""

    def store(desk, ctx: TaskContext) -> list[ImportResult]:
        results = []
        for done, (article, claims) in enumerate(read):
            ctx.check()  # between articles: a cancelled import keeps the ones already stored
            ctx.progress(done, len(read), f"Storing {article.title or article.source} …")
            split = lambda _a, claims=claims: claims  # noqa: E731 (read and split on the pool)
            # Stored with provisional scores: the Refiner gives them their final ones.
            results.append(
                desk.import_article(article, split=split, provisional=True, refine=False)
            )
        return results

    return store


class Refiner(QObject):
    """Gives the claims of provisionally imported articles their final scores and kinds,
    one article at a time, off the GUI thread: the next article is read on the reader
    thread, the sentence encoder runs on the network pool (refined_split), and the
    writer stores the result (Desk.refine), whose desk_changed refreshes the claims
    table. It starts with the window (what a crash left provisional) and whenever a
    change touches articles (an import, a restore from the trash, a merge)."""

    refined = Signal(str)  # an article's id, once its claims are refined

    def __init__(self, session: DeskSession, parent: QObject | None = None):
        super().__init__(parent)
        self.session = session
        self.running = False
        self.again = False
        # The article refined last, and how often in a row (a re-import while it was being
        # refined brings it back once; a third time means something is wrong: stop).
        self.last: tuple[str | None, int] = (None, 0)
        session.desk_changed.connect(self._changed)

    def _changed(self, changes: Changes, origin: object) -> None:
        if changes.articles and origin is not self:
            self.kick()

    def kick(self) -> None:
        """Refine whatever is provisional (again when the current round ends, if busy)."""
        if self.running:
            self.again = True
            return
        self.running, self.again = True, False
        QueryOp(self.session, _next_provisional, label="Looking for scores to refine").success(
            self._refine
        ).failure(self._failed).run()

    def _refine(self, article: Article | None) -> None:
        last, times = self.last
        self.last = (
            article.id if article else None,
            times + 1 if article and article.id == last else 1,
        )
        if article is None or self.last[1] > 2:
            self._stop()
            return
        NetworkOp(self.session, lambda: refined_split(article), label="Refining scores").success(
            lambda claims: self._store(article, claims)
        ).failure(self._failed).run()

    def _store(self, article: Article, claims: list[Claim]) -> None:
        # (if the article changed since it was read, Desk.refine leaves it to the next round)
        DeskOp(self.session, lambda desk: desk.refine(article.id, claims, split_of=article),
               label="Storing refined scores", origin=self).success(
            lambda _changes: self._next(article.id)
        ).failure(self._failed).run()  # fmt: skip

    def _next(self, article_id: str) -> None:
        self.refined.emit(article_id)
        self.running = False
        self.kick()

    def _stop(self) -> None:
        self.running = False
        if self.again:
            self.kick()

    def _failed(self, message: str) -> None:
        self.running = self.again = False
        if message:
            self.session.report_error(message)


def _next_provisional(desk: Any) -> Article | None:
    pending = desk.provisional_articles(limit=1)
    return desk.article(pending[0], with_raw=False) if pending else None


class Importer(QObject):
    imported = Signal(list, list)  # ImportResults, error lines: after every import

    def __init__(
        self,
        session: DeskSession,
        parent: QWidget,
        settings: QSettings,
        progress: Callable[[int, int, str], None],
        say: Callable[[str, int], None],
    ):
        super().__init__(parent)
        self.session, self.parent_widget, self.settings = session, parent, settings
        self.progress, self.say = progress, say
        self.last_task: Task | None = None

    def refused(self, sources: list[str]) -> list[str]:
        """The sources minus any that is factdesk's own database, said plainly at once
        (the files found in a folder are checked as they are listed)."""
        db = self.session.path
        problems = {s: p for s in sources if (p := files.database_file_problem(s, db))}
        if problems:
            self.session.report_error("\n".join(problems.values()))
        return [s for s in sources if s not in problems]

    def import_sources(
        self, sources: list[str], *, stdin_text: str | None = None, label: str | None = None
    ) -> Task | None:
        """Read (network pool) then store (writer) articles, with progress and Cancel."""
        sources = self.refused(sources)
        if not sources:
            return None
        label = label or (sources[0] if len(sources) == 1 else f"{len(sources)} sources")
        self.say(f"Importing {label} …", 0)

        def store(read: list) -> None:
            articles = [r for r in read if not isinstance(r, str)]
            errors = [r for r in read if isinstance(r, str)]
            if not articles:
                self.imported.emit([], errors)
                return
            DeskOp(self.session, store_articles(articles), label=f"Storing {label}",
                   with_context=True, changes=_imported_changes).success(
                lambda results: self.imported.emit(results, errors)
            ).with_progress(self.progress).run()  # fmt: skip

        def read(fetcher) -> None:
            self.last_task = (
                NetworkOp(self.session,
                          lambda ctx: read_sources(sources, stdin_text, fetcher, ctx, db),
                          label=f"Reading {label}", with_context=True)
                .success(store).with_progress(self.progress).run()
            )  # fmt: skip

        db = self.session.path
        task = QueryOp(self.session, lambda desk: desk.fetcher(), label="Network settings")
        self.last_task = task.success(read).run()
        return self.last_task

    def import_text(self, text: str) -> Task | None:
        return self.import_sources(["-"], stdin_text=text)

    def load_sample(self) -> Task | None:
        seeds = paths.seed_files()
        if not seeds:
            self.session.report_error("No sample article is shipped with this copy of factdesk.")
            return None
        # Read through importlib.resources so it works from a wheel or a frozen build too.
        text = seeds[0].read_text(encoding="utf-8")
        return self.import_sources(["-"], stdin_text=text, label="the sample article")

    def paste(self) -> None:
        text = QGuiApplication.clipboard().text()
        if not text.strip():
            text, ok = QInputDialog.getMultiLineText(
                self.parent_widget, "Paste an article",
                "The clipboard is empty. Paste the article's text:",
            )  # fmt: skip
            if not ok or not text.strip():
                return
        self.import_text(text)

    def _folder(self) -> str:
        return str(self.settings.value("session/open_dir", str(Path.home())))

    def open_files(self) -> None:
        chosen = files.open_file_names(
            self.parent_widget,
            "Open articles",
            self._folder(),
            "Articles (*.html *.htm *.html.gz *.txt *.md);;All files (*)",
        )
        if chosen:
            self.settings.setValue("session/open_dir", str(Path(chosen[0]).parent))
            self.import_sources(chosen)

    def open_folder(self) -> None:
        folder = files.existing_directory(
            self.parent_widget, "Import a folder of articles", self._folder()
        )
        if folder:
            self.import_folder(folder)

    def import_folder(self, folder: str | Path) -> None:
        """The articles in a folder (listed on the network pool: a big folder takes time)."""
        self.import_sources([str(folder)], label=Path(folder).name)

    def import_dropped(self, local_paths: list[Path], urls: list[str], text: str) -> bool:
        """Files, folders, links or text dropped on the window; False if nothing to import."""
        sources = [str(path) for path in local_paths] + urls
        if sources:
            self.import_sources(sources)
        elif text.strip():
            text = text.strip()
            if text.startswith(("http://", "https://")) and " " not in text:
                self.import_sources([text])
            else:
                self.import_text(text)
        else:
            return False
        return True

    def open_claimreview(self) -> None:
        chosen = files.open_file_names(
            self.parent_widget, "Import published fact-checks", self._folder(),
            "ClaimReview (*.json *.jsonld *.html *.htm *.html.gz);;All files (*)",
        )  # fmt: skip
        if chosen:
            self.import_claimreview(chosen)

    def import_claimreview(self, sources: list[str]) -> None:
        """Keep the published fact-checks in ClaimReview files: read on the pool, kept on
        the writer; every claim they match shows them under Seen before."""
        sources = self.refused(sources)
        if not sources:
            return

        def read(fetcher, ctx: TaskContext) -> list:
            found = []
            with fetcher:
                for n, source in enumerate(sources):
                    ctx.check()
                    ctx.progress(n, len(sources), source)
                    found.extend(read_claimreview(source, fetcher))
            return found

        def save(checks: list) -> None:
            DeskOp(self.session, lambda desk: desk.save_prior_checks(None, checks),
                   label="Keeping fact-checks", changes=_prior_checks_changed).success(
                lambda added: self.say(f"{added} new published fact-checks kept.", 5000)
            ).run()  # fmt: skip

        QueryOp(self.session, lambda desk: desk.fetcher()).success(
            lambda fetcher: NetworkOp(self.session, lambda ctx: read(fetcher, ctx),
                                      label="Importing fact-checks", with_context=True)
            .success(save).with_progress(self.progress).run()
        ).run()  # fmt: skip


def _imported_changes(results: list[ImportResult]) -> Changes:
    changes: Changes = Changes()
    for result in results:
        changes |= result.changes
    return changes


def _prior_checks_changed(_added: int) -> Changes:
    return Changes(prior_checks=True)
