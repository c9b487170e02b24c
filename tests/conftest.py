"""Shared fixtures. Tests never touch the real home folder or the internet."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

import pytest

from tests.pgserver import hub, pg_server  # noqa: F401  (fixtures: a real PostgreSQL)

REPO = Path(__file__).resolve().parent.parent
SHARED_DATA = REPO.parent / "shared" / "data"
SAMPLE = REPO / "seeds" / "000_ea872c36249f8574.txt"
# Published fact-checks (schema.org ClaimReview) that several tests serve or import.
MIRVIS_REVIEW = {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    "url": "https://checks.example.org/mirvis-tory",
    "claimReviewed": "Chief Rabbi Mirvis is a Tory party activist",
    "author": {"@type": "Organization", "name": "Example Checks"},
    "reviewRating": {"@type": "Rating", "alternateName": "False"},
    "datePublished": "2019-11-29",
}
BRIDGE_REVIEW = {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    "url": "https://checks.example.org/bridge",
    "claimReviewed": "The bridge repairs will cost £4m",
    "reviewRating": {"@type": "Rating", "alternateName": "True"},
}

# Set before anything reads them: Qt offscreen, no real user folders.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REAL_HOME = Path(os.path.expanduser("~")).resolve()


@pytest.fixture(autouse=True)
def _guard_home(tmp_path_factory, monkeypatch):
    """Point HOME and the XDG folders at a throwaway folder, and fail any test that
    writes to the real home (keyring data lives under HOME too, so the real user's
    keyring is never touched)."""
    real_home = REAL_HOME
    fake_home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(fake_home))
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(var, str(fake_home / var.lower()))
    monkeypatch.setenv("FACTDESK_DATA_DIR", str(fake_home / "factdesk"))
    monkeypatch.delenv("FACTDESK_DB", raising=False)
    before = _snapshot(real_home)
    yield
    after = _snapshot(real_home)
    if after != before and real_home != fake_home:
        changed = sorted(set(after) ^ set(before))[:5]
        pytest.fail(f"test wrote to the real home folder {real_home}: {changed}")


def _snapshot(home: Path) -> set[str]:
    """Top-level entries of the home folder and of its usual data folders."""
    seen = set()
    folders = (home, home / ".local" / "share", home / ".config", home / ".cache")
    for folder in (*folders, home / ".local" / "share" / "factdesk"):
        with contextlib.suppress(OSError):
            seen |= {f"{folder}/{entry.name}" for entry in os.scandir(folder)}
    return seen


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "test.db"


@pytest.fixture
def desk(db_path):
    from factdesk.desk import Desk

    with Desk(db_path) as d:
        yield d


def dump(path) -> list[str]:
    """A database's whole content as SQL, to show that a failed command changed nothing."""
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def strict_ci() -> bool:
    """In CI, a missing system part (keyring daemon, chromium) fails instead of skipping."""
    return os.environ.get("FACTDESK_CI_STRICT") == "1"
