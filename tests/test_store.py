"""The database file: schema, migrations, refusal of wrong or newer files."""

from __future__ import annotations

import sqlite3

import pytest
from sqlite_utils import Database

from factdesk.errors import BadInput, FactdeskError
from factdesk.store import connect
from factdesk.store.migrations import MIGRATIONS


def test_new_database_has_wal_foreign_keys_and_fts(db_path):
    db = connect(db_path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
    assert db["claims"].detect_fts() == "claims_fts"
    assert db["articles"].detect_fts() == "articles_fts"
    names = {m.name for m in MIGRATIONS.applied(db)}
    assert names == {m.name for m in MIGRATIONS._migrations}


def _first_version_db(path):
    """A database as the first release wrote it: migration 0001 only, holding data."""
    db = Database(sqlite3.connect(path))
    MIGRATIONS.apply(db, stop_before="0002_full_text_search")
    now = "2026-01-01T00:00:00+00:00"
    with db.atomic():
        db["articles"].insert(
            {"id": "A1", "source": "old.txt", "imported_at": now, "updated_at": now,
             "text": "The leakage fell by half in 2019.", "content_hash": "h"}
        )  # fmt: skip
        db["claims"].insert(
            {"id": "C1", "article_id": "A1", "text": "The leakage fell by half in 2019.",
             "sentence": "The leakage fell by half in 2019.", "start": 0, "end": 33,
             "created_at": now, "updated_at": now, "verdict": "False"}
        )  # fmt: skip
        db["verdicts"].insert(
            {"id": "V1", "claim_id": "C1", "scale_id": "politifact", "rating": "False",
             "summary": "It rose.", "at": now}
        )  # fmt: skip
    db.close()


def test_upgrade_from_first_version_keeps_everything_and_indexes_it(db_path):
    _first_version_db(db_path)
    db = connect(db_path)
    assert db["articles"].get("A1")["text"] == "The leakage fell by half in 2019."
    assert db["claims"].get("C1")["verdict"] == "False"
    assert db["verdicts"].get("V1")["summary"] == "It rose."
    # Counts added by a later migration are filled in for the old rows.
    stats = db["article_stats"].get("A1")
    assert (stats["claim_count"], stats["verdict_count"]) == (1, 1)
    # The new full-text index covers rows written before it existed.
    assert [r["id"] for r in db["claims"].search("leakage")] == ["C1"]


def test_database_from_newer_factdesk_is_refused_and_left_alone(db_path):
    db = connect(db_path)
    with db.write():
        db["_sqlite_migrations"].insert(
            {"migration_set": "factdesk", "name": "9999_future", "applied_at": "2030-01-01"}
        )
    db.close()
    before = db_path.read_bytes()
    with pytest.raises(FactdeskError, match="newer factdesk"):
        connect(db_path)
    assert db_path.read_bytes() == before


def test_not_a_database_is_refused_and_left_alone(db_path):
    db_path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 2000)
    before = db_path.read_bytes()
    with pytest.raises(BadInput, match="not a factdesk database"):
        connect(db_path)
    assert db_path.read_bytes() == before


def test_other_apps_sqlite_database_is_refused(db_path):
    conn = sqlite3.connect(db_path)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(BadInput, match="recipes"):
        connect(db_path)
    assert sqlite3.connect(db_path).execute("SELECT name FROM sqlite_master").fetchall() == [
        ("recipes",)
    ]
