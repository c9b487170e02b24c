"""The reader pane: the article being read with its claims highlighted (the welcome page in
its place while the database has no articles)."""

from __future__ import annotations

from PySide6.QtCore import QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QStackedWidget, QWidget

from factdesk.desk import Changes
from factdesk.model import Article, Claim, ClaimFilter

from .operations import DeskSession, QueryOp
from .reader import ArticleReader
from .welcome import WelcomePage


class ReaderPane(QStackedWidget):
    claimClicked = Signal(str)
    shown = Signal(object)  # the Article, once it is drawn
    gone = Signal(str)  # the article shown was deleted (its id)

    def __init__(self, session: DeskSession, parent: QWidget | None = None):
        super().__init__(parent)
        self._session = session
        self.welcome = WelcomePage()
        self.reader = ArticleReader()
        self.reader.setObjectName("reader")
        self.reader.claimClicked.connect(self.claimClicked)
        self.reader.anchorClicked.connect(self._open_link)
        self.addWidget(self.welcome)
        self.addWidget(self.reader)
        self.article: Article | None = None
        self._claim_ids: set[str] = set()
        self._current_claim: str | None = None
        self._wanted: str | None = None
        session.desk_changed.connect(self._desk_changed)
        session.scales_changed.connect(self.refresh)

    def show_welcome(self) -> None:
        self.setCurrentWidget(self.welcome)

    def show_article(self, article_id: str) -> None:
        """Read the article and its claims (reader thread), then draw them."""
        self._wanted = article_id

        def read(desk) -> tuple[Article, list[Claim], dict[str, str]]:
            article = desk.article(article_id, with_raw=False)
            claims = desk.claims(ClaimFilter(article_id=article_id))
            seen = desk.seen_before([c.id for c in claims])
            return article, claims, {cid: s.describe() for cid, s in seen.items()}

        QueryOp(self._session, read, label="Reading the article", latest="reader").success(
            lambda loaded: self._draw(*loaded)
        ).failure(lambda message: self._failed(article_id, message)).run()

    def _failed(self, article_id: str, message: str) -> None:
        if article_id != self._wanted or not message:
            return
        if "no such article" in message:  # deleted meanwhile (here, or by another program)
            self._wanted, self.article, self._claim_ids = None, None, set()
            self.reader.show_article(None, [], {})
            self.gone.emit(article_id)
        else:
            self._session.report_error(message)

    def refresh(self) -> None:
        if self.article is not None:
            self.show_article(self.article.id)

    def set_current_claim(self, claim_id: str | None, scroll: bool = True) -> None:
        self._current_claim = claim_id
        if claim_id in self._claim_ids:
            self.reader.set_current_claim(claim_id, scroll=scroll)

    def article_id(self) -> str | None:
        """The article shown, or on its way."""
        return self._wanted

    def _draw(self, article: Article, claims: list[Claim], seen: dict[str, str]) -> None:
        if article.id != self._wanted:
            return
        self.reader.seen_before = seen
        self.article = article
        self._claim_ids = {c.id for c in claims}
        self.setCurrentWidget(self.reader)
        self.reader.show_article(article, claims, self._session.verdict_colours())
        if self._current_claim in self._claim_ids:
            self.reader.set_current_claim(self._current_claim)
        self.shown.emit(article)

    def _desk_changed(self, changes: Changes, _origin: object) -> None:
        if self.article is None:
            return
        if self.article.id in changes.articles or changes.claims & self._claim_ids:
            self.refresh()

    @Slot(QUrl)
    def _open_link(self, url: QUrl) -> None:
        if url.scheme() in ("http", "https"):
            QDesktopServices.openUrl(url)
