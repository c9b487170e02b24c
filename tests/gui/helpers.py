"""What GUI tests share: waiting for the operations, reading what was stored, keys."""

from __future__ import annotations

import contextlib

from PySide6.QtCore import Qt


def settle(qtbot, window, timeout: int = 15_000) -> None:
    """Wait until every operation asked for is done and its callbacks have run."""
    qtbot.waitUntil(window.session.idle, timeout=timeout)


@contextlib.contextmanager
def stored(window):
    """A Desk of the test's own on the window's database: what a fresh reader sees."""
    from factdesk.desk import Desk

    with Desk(window.session.path, read_only=True) as desk:
        yield desk


def key(qtbot, window, key, modifier=Qt.KeyboardModifier.NoModifier, settle_after=True):
    """Press a key with the focus on the claims table, as a reviewer does."""
    window.claims.view.setFocus()
    qtbot.keyClick(window.claims.view, key, modifier)
    if settle_after:
        settle(qtbot, window)


def on_claim(qtbot, window, claim_id: str) -> None:
    """List every article's claims and make `claim_id` the current one."""
    window.claims.set_all_articles(True)
    settle(qtbot, window)
    assert window.claims.select_claim(claim_id)
    settle(qtbot, window)
