"""Opening the database file, and the one way to write to it.

Every write goes through `Store.write()`: a transaction that begins IMMEDIATE, so a
second writer waits for the first (up to the busy timeout) instead of failing when
its read turns into a write. Outside `write()` the connection is query-only, so a
write that bypasses it fails loudly in development instead of racing in the field.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

from factdesk.errors import BadInput, DatabaseBusy, FactdeskError
from factdesk.store.migrations import MIGRATIONS, schema_problem

BUSY_TIMEOUT_MS = 5000


class Store(Database):
    """A factdesk database: sqlite-utils' Database, writable only inside `write()`."""

    def __init__(self, conn: sqlite3.Connection, path: Path):
        super().__init__(conn)
        self.path = path

    @contextmanager
    def write(self) -> Iterator[Store]:
        """One write transaction (BEGIN IMMEDIATE); nested calls become savepoints.

        Waits up to the busy timeout for another writer; if it still holds the lock,
        raises DatabaseBusy naming it when it can be found. Rolls back on any error.
        """
        if self.conn.in_transaction:
            with super().atomic():
                yield self
            return
        self.conn.execute("PRAGMA query_only = OFF")
        try:
            try:
                self.conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as error:
                raise self._explained(error) from None
            try:
                yield self
                self.conn.execute("COMMIT")
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise
        finally:
            self.conn.execute("PRAGMA query_only = ON")

    @contextmanager
    def atomic(self) -> Iterator[Store]:
        """sqlite-utils calls this around its own writes: only allowed inside write()."""
        if not self.conn.in_transaction:
            raise RuntimeError("factdesk writes go through Store.write(), not atomic()")
        with super().atomic():
            yield self

    def _explained(self, error: sqlite3.OperationalError) -> Exception:
        if "locked" in str(error) or "busy" in str(error):
            holders = lock_holders(self.path)
            who = f"another program ({', '.join(holders)})" if holders else "another program"
            return DatabaseBusy(
                f"{self.path}: {who} has been writing to the database for more than "
                f"{BUSY_TIMEOUT_MS // 1000} s; nothing was changed: try again when it has "
                "finished, or close it"
            )
        return error


def lock_holders(path: Path) -> list[str]:
    """Other processes holding POSIX locks on the database or its -shm file, as
    "name (pid N)" (Linux /proc/locks; empty where that is not available)."""
    inodes = set()
    for name in (str(path), f"{path}-shm"):
        try:
            st = os.stat(name)
        except OSError:
            continue
        inodes.add(f"{os.major(st.st_dev):02x}:{os.minor(st.st_dev):02x}:{st.st_ino}")
    try:
        lines = Path("/proc/locks").read_text().splitlines()
    except OSError:
        return []
    pids = set()
    for line in lines:
        fields = line.split()
        # "1: POSIX  ADVISORY  WRITE 1234 fd:01:5678 0 EOF" (blocked waiters have "->")
        if "->" in fields or len(fields) < 6:
            continue
        pid, inode = fields[4], fields[5]
        if inode in inodes and pid.isdigit() and int(pid) != os.getpid():
            pids.add(int(pid))
    holders = []
    for pid in sorted(pids):
        try:
            name = Path(f"/proc/{pid}/comm").read_text().strip()
        except OSError:
            name = "a program"
        holders.append(f"{name}, pid {pid}")
    return holders


def connect(path: str | Path) -> Store:
    """Open (creating if needed) a factdesk database and bring its schema up to date.

    Raises BadInput when the file is not a factdesk database, and FactdeskError
    when it was written by a newer factdesk; in both cases nothing is written.
    """
    path = Path(path)
    if path.is_dir():
        raise BadInput(f"{path}: is a folder, not a database file")
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        # isolation_level=None: the driver never opens a (deferred) transaction on its own;
        # Store.write() opens every one, IMMEDIATE.
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        # Reading the schema first tells a non-database file apart before we write anything.
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as error:
        raise BadInput(f"{path}: not a factdesk database ({error})") from None
    db = Store(conn, path)
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
        "query_only=ON",
    ):
        conn.execute(f"PRAGMA {pragma}")
    if MIGRATIONS.pending(db):
        with db.write():  # pending again inside: another process may have just migrated it
            MIGRATIONS.apply(db)
    return db
