"""Opening the database file: pragmas, migrations, and clear words when the file is wrong."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database

from factdesk.errors import BadInput, FactdeskError
from factdesk.store.migrations import MIGRATIONS, schema_problem

BUSY_TIMEOUT_MS = 5000


def connect(path: str | Path, *, read_only: bool = False) -> Database:
    """Open (creating if needed) a factdesk database and bring its schema up to date.

    Raises BadInput when the file is not a factdesk database, and FactdeskError
    when it was written by a newer factdesk; in both cases nothing is written.
    With read_only=True the connection refuses every write (query_only), and the
    schema must already be up to date (a writer opened the file first).
    """
    path = Path(path)
    if path.is_dir():
        raise BadInput(f"{path}: is a folder, not a database file")
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)
        # Reading the schema first tells a non-database file apart before we write anything.
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as error:
        raise BadInput(f"{path}: not a factdesk database ({error})") from None
    db = Database(conn)
    problem = schema_problem(db)
    if problem:
        conn.close()
        error_type = BadInput if "not a factdesk database" in problem else FactdeskError
        raise error_type(f"{path}: {problem}")
    for pragma in (
        "journal_mode=WAL",
        "synchronous=NORMAL",
        "foreign_keys=ON",
        f"busy_timeout={BUSY_TIMEOUT_MS}",
    ):
        conn.execute(f"PRAGMA {pragma}")
    if read_only:
        conn.execute("PRAGMA query_only = ON")
    else:
        MIGRATIONS.apply(db)
    return db
