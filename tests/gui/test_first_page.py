"""The first page of claims always comes (issue 22): the app launched again and again on a
large database, each time from the session the last one left (this article or all
articles, a search, a sort, a claim deep in the list), lists its claims every time.

Twice in about twelve launches on a million claims the window once showed no claim at all:
a session saved with "All articles" was restored with the list still on its first, empty
filter, and nothing ever asked for the rows."""

from __future__ import annotations

import itertools
import random
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from factdesk.desk import Desk
from factdesk.model import Article, Claim
from tests.gui.helpers import settle

ARTICLES, PER_ARTICLE = 25, 800  # 20,000 claims: pages matter, the test stays quick
WORDS = [
    "tax",
    "rose",
    "jobs",
    "fell",
    "schools",
    "budget",
    "deficit",
    "health",
    "oil",
    "wages",
    "rent",
]


@pytest.fixture(scope="module")
def large_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("large") / "large.db"
    rng = random.Random(22)
    with Desk(path) as desk:
        for a in range(ARTICLES):
            lines = [
                f"Claim {a}-{n}: the {' '.join(rng.sample(WORDS, 4))} by {n % 97}%."
                for n in range(PER_ARTICLE)
            ]

            def split(article: Article, lines: list[str] = lines) -> list[Claim]:
                claims, offset = [], 0
                for line in lines:
                    claims.append(Claim(text=line, sentence=line, start=offset,
                                        end=offset + len(line), score=rng.random()))  # fmt: skip
                    offset += len(line) + 1
                return claims

            text = "\n".join(lines)
            desk.import_article(Article(source=f"a{a}.txt", text=text, title=f"A{a}"), split=split)
    return path


# What the reviewer leaves behind as the window closes: the next launch starts there.
def _all_articles(window, qtbot) -> None:
    window.claims.scope.setCurrentIndex(1)


def _one_article(window, qtbot) -> None:
    window.claims.scope.setCurrentIndex(0)


def _deep_claim(window, qtbot) -> None:
    for _ in range(5):
        window.claims.move_claim(60)
        settle(qtbot, window)


def _searched(window, qtbot) -> None:
    window.claims.search.setText("budget")
    window.claims.apply_filters()


def _sorted_by_score(window, qtbot) -> None:
    window.claims.view.sortByColumn(3, Qt.SortOrder.DescendingOrder)


def _cleared(window, qtbot) -> None:
    window.claims.clear_filters()


LEAVINGS = [_all_articles, _deep_claim, _one_article, _searched, _all_articles, _sorted_by_score,
            _deep_claim, _cleared, _all_articles, _searched, _one_article, _deep_claim]  # fmt: skip


def test_every_launch_lists_its_first_page(make_window, large_db, tmp_path, qtbot):
    settings = tmp_path / "window.ini"  # one user: each launch restores the last session
    for _launch, leave in enumerate(itertools.islice(itertools.cycle(LEAVINGS), 14)):
        window = make_window(large_db, settings)
        listed = window.claims.model.rowCount
        qtbot.waitUntil(lambda listed=listed: listed() > 0, timeout=20_000)
        leave(window, qtbot)
        settle(qtbot, window)
        qtbot.waitUntil(lambda listed=listed: listed() > 0, timeout=20_000)
        window.memory.save_session()
        window.close()


LAUNCH = textwrap.dedent(
    """
    import sys, time
    from PySide6.QtCore import QSettings
    from factdesk.gui.app import make_app
    from factdesk.gui.main_window import MainWindow
    from factdesk.gui.operations import DeskSession
    app = make_app()
    settings = QSettings(sys.argv[2], QSettings.Format.IniFormat)
    window = MainWindow(DeskSession(sys.argv[1]), settings)
    window.show()
    deadline = time.monotonic() + 60
    while window.claims.model.rowCount() == 0 or not window.session.idle():
        if time.monotonic() > deadline:
            print("NO FIRST PAGE", flush=True)
            sys.exit(3)
        app.processEvents()
        time.sleep(0.002)
    print("ROWS", window.claims.model.rowCount(), flush=True)
    window.claims.scope.setCurrentIndex(int(sys.argv[3]))
    window.claims.move_claim(7)
    while not window.session.idle() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.002)
    window.memory.save_session()
    window.close()
    """
)


def test_launched_as_a_program_again_and_again(large_db, tmp_path):
    """The same through whole processes, as a person starts the app, alternating the scope
    the last one left behind."""
    settings = tmp_path / "launches.ini"
    env_scope = [1, 1, 0, 1, 0, 1]
    for launch, scope in enumerate(env_scope):
        result = subprocess.run(
            [sys.executable, "-c", LAUNCH, str(large_db), str(settings), str(scope)],
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert result.returncode == 0 and "ROWS" in result.stdout, (
            f"launch {launch}: {result.stdout}{result.stderr[-2000:]}"
        )
