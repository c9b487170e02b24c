"""When a database is worth checking for damage (PRAGMA quick_check) as it opens.

quick_check reads the whole file (1.4-2.5 s at a million claims), and it can only find
damage after something went wrong: a process that had the file open and never closed
it (a crash, a kill, a power cut), another version of factdesk or SQLite writing it, or
another program changing it. So each open checks only then (issue 22):

- Each process with the database open leaves a marker file `open-PID-START` in the
  folder `<database>-factdesk` beside it, removed when it closes the database (or exits
  normally). A marker whose process is no longer running means an unclean shutdown.
- On a clean close, the stamp `checked` in that folder records the factdesk, schema and
  SQLite versions and the file's size and time as left. A different version, or a file
  changed while no factdesk had it open, means a check.
- No stamp (a database this code never opened, a copy, a read-only folder where no stamp
  can be made): a check, as before.

A check that passes leaves the stamp; one that fails leaves everything as it was, so the
next open checks again.
"""

from __future__ import annotations

import atexit
import json
import os
import sqlite3
import threading
import weakref
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import Any

from factdesk import __version__

STATE_SUFFIX = "-factdesk"
_LOCK = threading.Lock()
# Databases this process has open: resolved path -> number of connections.
_OPEN: dict[Path, int] = {}


def versions() -> str:
    from factdesk.store.migrations import MIGRATIONS

    schema = MIGRATIONS._migrations[-1].name  # the newest migration this code knows
    return f"factdesk {__version__}, schema {schema}, SQLite {sqlite3.sqlite_version}"


def state_folder(path: Path) -> Path:
    """`.desk.db-factdesk` beside `desk.db`: hidden, so file dialogs do not list it."""
    return path.with_name(f".{path.name}{STATE_SUFFIX}")


def _file_state(path: Path) -> list[int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return [stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns]


def _start_time(pid: int) -> str:
    """When process `pid` started (clock ticks since boot, Linux), so that a marker left by
    a crashed process is not mistaken for a new process given the same pid; "" elsewhere."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ""
    return stat.rsplit(")", 1)[-1].split()[19]


def _marker_name(pid: int) -> str:
    return f"open-{pid}-{_start_time(pid)}"


def _running(marker: Path) -> bool:
    try:
        pid = int(marker.name.split("-")[1])
    except (IndexError, ValueError):
        return False
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: running
        pass
    return _marker_name(pid) == marker.name or not _start_time(pid)


def reason_to_check(path: Path) -> str | None:
    """Why the database at `path` should be checked before use, or None."""
    key = path.resolve()
    with _LOCK:
        if _OPEN.get(key):
            return None  # open in this process already: checked then
    folder = state_folder(path)
    markers = list(folder.glob("open-*")) if folder.is_dir() else []
    if any(not _running(marker) for marker in markers):
        return "a program had it open and did not close it (a crash or power cut)"
    try:
        stamp = json.loads((folder / "checked").read_text())
    except (OSError, ValueError):
        return "not checked by this version of factdesk yet"
    if not isinstance(stamp, dict) or stamp.get("versions") != versions():
        return "last opened by another version of factdesk or SQLite"
    if not markers and stamp.get("file") != _file_state(path):
        return "changed by another program since factdesk last closed it"
    return None


def opened(path: Path, *, checked: bool) -> None:
    """Mark the database open by this process (the first connection makes the marker);
    `checked`: it has just passed a check, so markers of crashed processes go."""
    key = path.resolve()
    with _LOCK:
        count = _OPEN.get(key, 0)
        _OPEN[key] = count + 1
        if count:
            return
    folder = state_folder(path)
    with suppress(OSError):
        folder.mkdir(exist_ok=True)
        if checked:
            for marker in folder.glob("open-*"):
                if not _running(marker):
                    marker.unlink(missing_ok=True)
        (folder / _marker_name(os.getpid())).touch()
        _sync_folder(folder)  # the marker survives a power cut that follows


def closed(path: Path) -> None:
    """The connection is closed: the last one of this process stamps the file as left
    and removes the marker."""
    key = path.resolve()
    with _LOCK:
        count = _OPEN.get(key, 0) - 1
        if count > 0:
            _OPEN[key] = count
            return
        _OPEN.pop(key, None)
    folder = state_folder(path)
    with suppress(OSError):
        stamp = json.dumps({"versions": versions(), "file": _file_state(path)})
        part = folder / f"checked.{os.getpid()}.part"
        part.write_text(stamp)
        part.replace(folder / "checked")
        (folder / _marker_name(os.getpid())).unlink(missing_ok=True)


def _sync_folder(folder: Path) -> None:
    with suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


# Stores still open when the interpreter exits normally (a script that never closed its
# Desk): closed here, so that the file is stamped as left, not taken for a crash.
_STORES: weakref.WeakSet = weakref.WeakSet()


def track(store: Any, path: Path) -> Callable[[], None]:
    """Count `store` as open on `path` until the returned function is called (by its
    close(); if it is collected unclosed, then)."""
    with _LOCK:
        _STORES.add(store)
    done = weakref.finalize(store, closed, path)
    done.atexit = False  # at exit, _close_open_stores closes the connection first
    return done


@atexit.register
def _close_open_stores() -> None:
    with _LOCK:
        stores = list(_STORES)
    for store in stores:
        with suppress(Exception):  # a connection of another thread cannot be closed here
            store.close()
