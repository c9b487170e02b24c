"""An export in a process of its own: what the window's File > Export runs, so that laying
out a long PDF never holds the window's interpreter (Typst and WeasyPrint before it hold the
GIL for seconds), and Cancel can end it at once by ending the process.

The process reads the database through a read-only Desk, writes the export to the file
it is given (the window puts it in place when it is done), and tells the window how far it
is through a pipe: ("progress", done, total, text), then ("done", message) or
("failed", message). It leads a process group of its own, so ending the group also ends
the processes a large PDF lays its chunks out in; its temporary files live in a folder the
window gives it and removes, so nothing is left behind whatever happens.

Merging a bundle runs the same way (run_bundle_import): its progress in rows read, then
merged; Cancel while it reads merges nothing, and while it merges keeps the batches of whole
articles already committed (store/bundle_merge.py).

No Qt here: the child process must start quickly (see gui/export_runner.py for the window's
side).
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
import traceback
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from factdesk.errors import FactdeskError

NICENESS = 10


def run_export(
    db_path: str, fmt: str, target: str, scope: dict[str, Any], work_dir: str, pipe: Connection
) -> None:
    """The child process: export `fmt` of `scope` from the database at `db_path` to
    `target`, with temporary files only under `work_dir`; report through `pipe`."""

    def export(desk: Any, progress: Any) -> str:
        return str(desk.export(fmt, Path(target), progress=progress, **scope))

    _run_in_child(db_path, work_dir, pipe, export, read_only=True)


def run_bundle_import(db_path: str, bundle: str, work_dir: str, pipe: Connection) -> None:
    """The child process: merge the bundle at `bundle` into the database at `db_path` (in
    committed batches of whole articles: a child ended by Cancel leaves whole articles)."""

    def merge(desk: Any, progress: Any) -> str:
        counts = desk.import_bundle(Path(bundle), progress=progress)
        return bundle_words(Path(bundle), counts)

    _run_in_child(db_path, work_dir, pipe, merge, read_only=False)


def bundle_words(path: Path, counts: dict[str, int]) -> str:
    """One line saying what merging a bundle did."""
    done = ", ".join(f"{n:,} {what}" for what, n in counts.items() if n) or "nothing new"
    return f"{path.name}: merged ({done})"


def _run_in_child(
    db_path: str, work_dir: str, pipe: Connection, work: Any, *, read_only: bool
) -> None:
    # A session of its own, so a process group of its own: Cancel ends it with any chunk
    # worker. And where Linux shares the CPU between sessions first (autogroup, on by
    # default), a CPU share of its own: in the window's session, the child's CPU time was
    # charged to the window's, which then waited behind every other session each time it
    # woke (stalls of 100-200 ms while an export ran, at load 11). The session's share is
    # left as any session's: lowered too, a busy machine starved the export (20 s).
    try:
        os.setsid()
    except OSError:  # (already a group leader)
        with contextlib.suppress(OSError):
            os.setpgid(0, 0)
    # Below the window's priority where processes share the CPU directly (no autogroup):
    # on a busy machine the window still gets the CPU first (Typst lays pages out on
    # every core).
    with contextlib.suppress(OSError):  # (the window may have lowered it already)
        os.setpriority(os.PRIO_PROCESS, 0, max(NICENESS, os.getpriority(os.PRIO_PROCESS, 0)))
    os.environ["TMPDIR"] = work_dir  # for the chunk workers it starts
    tempfile.tempdir = work_dir

    def progress(done: int, total: int, text: str) -> None:
        pipe.send(("progress", done, total, text))

    from factdesk.desk import Desk

    try:
        with Desk(Path(db_path), read_only=read_only) as desk:
            message = work(desk, progress)
    except FactdeskError as error:
        pipe.send(("failed", str(error)))
    except BaseException as error:  # a bug: its traceback on stderr, one line for the user
        traceback.print_exc(file=sys.stderr)
        pipe.send(("failed", f"Something went wrong ({type(error).__name__}: {error})"))
    else:
        pipe.send(("done", message))
    finally:
        pipe.close()
