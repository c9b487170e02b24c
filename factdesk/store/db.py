"""Opening the database file, and the one way to write to it.

Every write goes through `Store.write()`: a transaction that begins IMMEDIATE, so a
second writer waits for the first (up to the busy timeout) instead of failing when
its read turns into a write. Outside `write()` the connection is query-only, so a
write that bypasses it fails loudly in development instead of racing in the field.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from urllib.parse import quote

from sqlite_utils import Database

from factdesk import outputs
from factdesk.errors import (
    BadInput,
    DatabaseBusy,
    DatabaseFilesReplaced,
    DatabaseProblem,
    FactdeskError,
    NotFound,
)
from factdesk.store import factcheck_claims as _0020  # noqa: F401 (registers migration 0020)
from factdesk.store import integrity
from factdesk.store import provisional as _0021  # noqa: F401 (registers migration 0021)
from factdesk.store.migrations import MIGRATIONS, schema_problem

BUSY_TIMEOUT_MS = 5000


class DamagedData(Exception):
    """A value stored in the database cannot be read back (a gzipped page whose bytes were
    damaged inside the file: PRAGMA quick_check sees the pages' structure, not this)."""


class Store(Database):
    """A factdesk database: sqlite-utils' Database, writable only inside `write()`."""

    def __init__(self, conn: sqlite3.Connection, path: Path, *, read_only: str | None = None):
        # No sqlite-utils plugins: factdesk uses none, and finding them reads every
        # installed package's metadata (0.1 s of each start).
        super().__init__(conn, execute_plugins=False)
        self.path = path
        # Why this connection never writes (the file cannot be written, or a reader was
        # asked for), or None.
        self.read_only = read_only
        # (device, inode) of the database and its -wal and -shm files as this connection
        # opened them; set once the connection is ready (see _check_files).
        self.files: tuple | None = None
        self._untrack: Callable[[], None] | None = None

    def track_open(self) -> None:
        """Count this connection as this process's hold on the file (see integrity.py)."""
        self._untrack = integrity.track(self, self.path)

    def close(self) -> None:
        super().close()
        if self._untrack is not None:
            self._untrack()

    def _files_now(self) -> tuple:
        found: list[tuple[int, int] | None] = []
        for suffix in ("", "-wal", "-shm"):
            try:
                stat = os.stat(f"{self.path}{suffix}")
                found.append((stat.st_dev, stat.st_ino))
            except OSError:
                found.append(None)
        return tuple(found)

    def _check_files(self, *, committed: bool = False) -> None:
        """Make sure the files this connection writes are still the database's files.

        On POSIX, closing any descriptor of a file drops all of a process's locks on it
        (something in the app opening the database to show an icon is enough). Another
        program then thinks it is alone: when it closes, it checkpoints the -wal into
        the database and deletes the -wal and -shm files, while this connection keeps
        writing into the deleted ones, where nobody else will ever read (issue 10).

        What is safe to do then: every transaction committed before the deletion is in
        the database file (the other program checkpointed it, through the -shm it then
        shared with us). Nothing may be written through this connection any more, and
        what it reads may be stale. So: open a fresh connection first (while it holds its
        lock, SQLite will not checkpoint or delete anything when the stale one closes),
        then close the stale one, and tell the user plainly: the change being made was
        not made (or, found just after a commit, may not have been saved) and should be
        checked and made again with the up-to-date data on screen.
        """
        if self.files is None or self._files_now() == self.files:
            return
        if self._files_now()[0] is None:
            raise DatabaseFilesReplaced(
                f"{self.path}: the database file was removed while factdesk had it open; "
                "nothing more can be saved to it: restore it from a backup or a bundle"
            )
        stale = self.conn
        fresh = connect(self.path)
        self.conn, self.files = fresh.conn, fresh.files
        stale.close()
        outcome = (
            "the change just made may not have been saved"
            if committed
            else "the change being made was not made"
        )
        raise DatabaseFilesReplaced(
            f"{self.path}: another program removed the database's working files (-wal, "
            f"-shm) while factdesk had it open; factdesk reopened it, and {outcome}: check "
            "it and make it again (everything saved before is kept)"
        )

    @contextmanager
    def write(self, *, small: bool = False) -> Iterator[Store]:
        """One write transaction (BEGIN IMMEDIATE); nested calls become savepoints.

        Waits up to the busy timeout for another writer; if it still holds the lock,
        raises DatabaseBusy naming it when it can be found. Rolls back on any error;
        a problem with the file (read-only, full disk, damaged) becomes one plain line.

        small=True: a transaction whose every statement changes a bounded number of
        pages (one article's import): SQLite keeps its statement journals in memory. A
        statement with triggers saves the pages it changes in one, so it can be undone
        alone; past 64 KiB (an article's row reusing free pages, a claim's insert
        through its indexes) the journal spills to a temporary file, written a page at a
        time: about 680 writes an import, 0.7 ms of its CPU (bench/RESULTS.md, issue 22).
        Not for merges and migrations, whose statements change any number of pages.
        """
        if self.conn.in_transaction:
            with super().atomic():
                yield self
            return
        if self.read_only:
            raise DatabaseProblem(f"{self.path}: {self.read_only}")
        self._check_files()
        self.conn.execute("PRAGMA query_only = OFF")
        if small:  # (read as the transaction begins; factdesk makes no TEMP tables, which
            # a change of temp_store would drop)
            self.conn.execute("PRAGMA temp_store = MEMORY")
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            yield self
            self.conn.execute("COMMIT")
            self._check_files(committed=True)
        except BaseException as error:
            with suppress(sqlite3.Error):
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
            if isinstance(error, sqlite3.Error):
                raise explain(error, self.path) or error from None
            raise
        finally:
            with suppress(sqlite3.Error):
                if small:
                    self.conn.execute("PRAGMA temp_store = DEFAULT")
                self.conn.execute("PRAGMA query_only = ON")

    @contextmanager
    def atomic(self) -> Iterator[Store]:
        """sqlite-utils calls this around its own writes: only allowed inside write()."""
        if not self.conn.in_transaction:
            raise RuntimeError("factdesk writes go through Store.write(), not atomic()")
        with super().atomic():
            yield self


def explain(error: sqlite3.Error, path: Path) -> FactdeskError | None:
    """What a database error means for the user, in one line saying what to do; None
    when it is not about the file (a bug, to be reported as one)."""
    message = str(error).lower()
    code = getattr(error, "sqlite_errorname", "") or ""
    if "locked" in message or "busy" in message:
        holders = lock_holders(path)
        who = f"another program ({', '.join(holders)})" if holders else "another program"
        return DatabaseBusy(
            f"{path}: {who} has held the database locked for more than "
            f"{BUSY_TIMEOUT_MS // 1000} s; nothing was changed: try again when it has "
            "finished, or close it"
        )
    if "readonly" in message or code.startswith("SQLITE_READONLY"):
        return DatabaseProblem(f"{path}: {_read_only_words(path)}")
    io_error = "disk i/o error" in message or code.startswith("SQLITE_IOERR")
    if "disk is full" in message or code == "SQLITE_FULL" or (io_error and _disk_is_full(path)):
        return DatabaseProblem(
            f"{path}: the disk is full; nothing was changed: free some space and try again"
        )
    damaged_text = "could not decode to utf-8" in message  # text bytes damaged in the file
    if damaged_text:  # (the driver's message quotes the whole damaged text: not shown)
        column = re.search(r"column '([^']*)'", str(error))
        where = f" in column {column.group(1)!r}" if column else ""
        detail = f"text{where} is not valid UTF-8 any more"
        return DatabaseProblem(f"{path}: {_damaged_words(path, detail)}")
    if "malformed" in message or code.startswith("SQLITE_CORRUPT"):
        return DatabaseProblem(f"{path}: {_damaged_words(path, str(error))}")
    if "not a database" in message or code == "SQLITE_NOTADB":
        return BadInput(f"{path}: not a factdesk database ({error})")
    if "unable to open" in message or code.startswith("SQLITE_CANTOPEN"):
        return BadInput(
            f"{path}: cannot open or create the database file here ({_why_not_writable(path)});"
            " choose another --db, or fix the folder's permissions"
        )
    if io_error:
        return DatabaseProblem(
            f"{path}: the disk failed to read or write the database (I/O error); nothing was "
            "changed: check that the disk is connected and not full, then try again"
        )
    return None


def _disk_is_full(path: Path) -> bool:
    """Whether the database's disk has (next to) no room left: SQLite reports that as an
    I/O error when it cannot even grow its -shm file."""
    try:
        disk = os.statvfs(path.parent)
    except OSError:
        return False
    return disk.f_bavail * disk.f_frsize < 256 * 1024


def _why_not_writable(path: Path) -> str:
    folder = path.parent
    with suppress(OSError):
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return "it is on a read-only disk"
    if path.exists() and not os.access(path, os.W_OK):
        return "the file is read-only"
    if not os.access(folder, os.W_OK):
        return f"the folder {folder} is not writable"
    return "no permission"


def _read_only_words(path: Path) -> str:
    """Why the database cannot be written here, and what to do (after "path: ")."""
    why = _why_not_writable(path)
    if why == "no permission":
        why = "it cannot be written"
    elif why.startswith("the folder"):
        why += " (SQLite keeps its -wal and -shm files beside the database)"
    return (
        f"the database is read-only here: {why}; nothing was changed: make it writable, "
        "or copy it to a folder you can write to and open the copy"
    )


def _damaged_words(path: Path, detail: str) -> str:
    return (
        f"the database file is damaged ({detail}); nothing was changed: restore it from a "
        "backup (factdesk backup makes one) or import your latest bundle into a new "
        f"database; `sqlite3 {path.name} .recover` may save what is left"
    )


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
        holder, inode = fields[4], fields[5]
        if inode in inodes and holder.isdigit() and int(holder) != os.getpid():
            pids.add(int(holder))
    holders = []
    for pid in sorted(pids):
        try:
            name = Path(f"/proc/{pid}/comm").read_text().strip()
        except OSError:
            name = "a program"
        holders.append(f"{name}, pid {pid}")
    return holders


def connect(path: str | Path, *, read_only: bool = False, create: bool = True) -> Store:
    """Open (creating if needed) a factdesk database and bring its schema up to date.

    A file that cannot be written (read-only file, folder or disk) is opened read-only:
    reading works, writing says why it cannot. With read_only=True the connection never
    writes either (the GUI's reader thread), and the schema must be up to date already (a
    writer opened the file first). Every problem with the file is one plain line
    (BadInput for a path that cannot be a database, DatabaseProblem otherwise), and
    nothing is written: when something may have damaged the file since it was last
    closed (integrity.py), it is checked (PRAGMA quick_check) before anything else.
    """
    path = Path(path)
    _check_path(path, create=create and not read_only)
    existed = path.is_file() and path.stat().st_size > 0
    why_read_only = None
    if read_only:
        why_read_only = "this connection is read-only (a reader beside the one writer)"
    try:
        conn = _open(path, read_only=False)
    except sqlite3.Error as error:
        if not path.is_file() or not _is_not_writable(error):
            raise explain(error, path) or error from None
        try:  # a file we may read but not write: open it for reading only
            conn, why_read_only = _open_read_only(path), _read_only_words(path)
        except sqlite3.Error as error:
            raise explain(error, path) or error from None
    read_only = why_read_only is not None
    db = Store(conn, path, read_only=why_read_only)
    reason = None
    try:
        problem = schema_problem(db)
        if problem:
            error_type = BadInput if "not a factdesk database" in problem else FactdeskError
            raise error_type(f"{path}: {problem}")
        if existed and (reason := integrity.reason_to_check(path)):
            _quick_check(conn, path)
        pragmas = ["synchronous=NORMAL", "foreign_keys=ON", f"busy_timeout={BUSY_TIMEOUT_MS}"]
        if not read_only:
            pragmas.insert(0, "journal_mode=WAL")
        for pragma in [*pragmas, "query_only=ON"]:
            conn.execute(f"PRAGMA {pragma}")
        if MIGRATIONS.pending(db):
            if read_only:
                raise DatabaseProblem(
                    f"{path}: this database needs updating for this version of factdesk, "
                    f"but {db.read_only}"
                )
            with db.write():  # pending again inside: another process may have just migrated it
                MIGRATIONS.apply(db)
        if not read_only:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # -wal, -shm made
            db.files = db._files_now()
    except BaseException as error:
        conn.close()
        if isinstance(error, sqlite3.Error):
            raise explain(error, path) or error from None
        raise
    integrity.opened(path, checked=reason is not None or not existed)
    db.track_open()
    return db


def _check_path(path: Path, *, create: bool = True) -> None:
    """Refuse a path that cannot be a database file, before SQLite makes anything; with
    create=False (a command that only reads), also a file that is not there."""
    try:
        is_folder, exists = path.is_dir(), path.exists()
    except OSError as error:  # a folder on the way that we may not enter
        raise BadInput(
            f"{path}: cannot reach it ({error.strerror}: {_blocked_folder(path)}); choose "
            "another --db, or fix the folder's permissions"
        ) from None
    if not str(path).strip() or is_folder:
        raise BadInput(f"{path}: is a folder, not a database file; give a file name, e.g. desk.db")
    blocking = next((p for p in path.parents if p.is_file()), None) if not exists else None
    if blocking is not None:
        raise BadInput(
            f"{path}: {blocking} is a file, not a folder; choose a database path in a folder"
        )
    if not exists and not create:
        raise NotFound(
            f"{path}: no such database file (nothing was created): check --db or FACTDESK_DB; "
            "importing an article starts a new database"
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        blocking = next((p for p in path.parents if p.is_file()), path.parent)
        raise BadInput(
            f"{path}: {blocking} is a file, not a folder; choose a database path in a folder"
        ) from None
    except OSError as error:
        raise BadInput(
            f"{path}: cannot make its folder {path.parent} ({error.strerror}); choose another --db"
        ) from None


def _blocked_folder(path: Path) -> str:
    """The first folder on the way to `path` that may not be entered or read."""
    for folder in reversed(path.absolute().parents):
        if folder.is_dir() and not os.access(folder, os.X_OK):
            return f"the folder {folder} may not be entered"
    return "a folder on the way may not be read"


def _open(path: Path, *, read_only: bool, immutable: bool = False) -> sqlite3.Connection:
    # isolation_level=None: the driver never opens a (deferred) transaction on its own;
    # Store.write() opens every one, IMMEDIATE.
    target = str(path)
    if read_only:
        target = f"file:{quote(str(path.absolute()))}?mode=ro" + ("&immutable=1" * immutable)
    conn = sqlite3.connect(
        target, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, uri=read_only
    )
    try:
        # Reading the schema first tells a non-database file apart before we write anything.
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except BaseException:
        conn.close()
        raise
    return conn


def _open_read_only(path: Path) -> sqlite3.Connection:
    """Open a database we may not write. SQLite reads a WAL database through its -shm
    file; where that cannot be made (a read-only folder or disk) and there is no -wal
    file (so nobody can be writing: a writer needs one there), the file cannot change
    under us and is read as immutable."""
    try:
        return _open(path, read_only=True)
    except sqlite3.OperationalError:
        if Path(f"{path}-wal").exists():
            raise
        return _open(path, read_only=True, immutable=True)


def _is_not_writable(error: sqlite3.Error) -> bool:
    message = str(error).lower()
    return "readonly" in message or "unable to open" in message


def _quick_check(conn: sqlite3.Connection, path: Path) -> None:
    """PRAGMA quick_check: a damaged database is refused before it is written to (writes
    would spread the damage)."""
    problems = [row[0] for row in conn.execute("PRAGMA quick_check(5)")]
    if problems != ["ok"]:
        raise DatabaseProblem(f"{path}: {_damaged_words(path, problems[0])}")


def database_problem(error: BaseException, path: Path) -> FactdeskError | None:
    """explain() for any exception: None unless it is an SQLite error about the file, or
    a stored value that cannot be read back."""
    if isinstance(error, DamagedData):
        return DatabaseProblem(f"{path}: {_damaged_words(path, str(error))}")
    return explain(error, path) if isinstance(error, sqlite3.Error) else None


def is_database_file(db_path: Path, other: Path) -> bool:
    """Whether `other` is the database or one of SQLite's files beside it (-wal, -shm,
    -journal), by name or by inode (a link, another path to the same file). Writing
    one of those from outside SQLite would damage the database."""
    own = [db_path, *(Path(f"{db_path}{suffix}") for suffix in ("-wal", "-shm", "-journal"))]
    other_resolved = other.expanduser().resolve()
    for path in own:
        if path.resolve() == other_resolved:
            return True
        with suppress(OSError):
            if os.path.samefile(path, other):
                return True
    return False


def backup(db: Store, target: Path) -> None:
    """A consistent copy of the whole database at `target` (`-`: to standard output), made
    with SQLite's online backup API (in one step: one snapshot, while other programs go
    on writing). The file appears whole or not at all (outputs.py: a symlink is written
    through, a folder or a device refused)."""
    if outputs.is_stdout(target):
        with tempfile.TemporaryDirectory(prefix="factdesk-backup-") as folder:
            whole = Path(folder) / "backup.db"
            backup(db, whole)
            with whole.open("rb") as data:
                shutil.copyfileobj(data, sys.stdout.buffer)
            sys.stdout.buffer.flush()
        return
    final = outputs.output_target(target)
    tmp = outputs.new_part(final)
    try:
        Path(f"{tmp}-journal").unlink(missing_ok=True)
        copy = sqlite3.connect(tmp, isolation_level=None)
        try:
            db.conn.backup(copy)
        finally:
            copy.close()
        outputs.finish(tmp, final)
    except (OSError, sqlite3.Error) as error:
        for leftover in (tmp, Path(f"{tmp}-journal")):
            with suppress(OSError):
                leftover.unlink(missing_ok=True)
        if isinstance(error, sqlite3.Error) and (explained := explain(error, target)):
            raise explained from None
        reason = getattr(error, "strerror", None) or error
        raise BadInput(f"{target}: cannot write the backup ({reason})") from None
    except BaseException:
        for leftover in (tmp, Path(f"{tmp}-journal")):
            with suppress(OSError):
                leftover.unlink(missing_ok=True)
        raise
