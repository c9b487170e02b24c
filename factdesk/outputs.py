"""Writing an output file (a report, a bundle, a backup) safely, or to standard output.

- `-` is standard output: the data streams there and no file is made.
- A symlink is written through: its target is replaced, the link stays a link.
- A folder, a device, a pipe or a socket is refused in one line (`-o /dev/stdout` once
  replaced the machine's /dev/stdout with a file, issue 22).
- The file appears whole or not at all: it is written as `NAME.part` beside its target,
  then renamed over it; that rename only ever replaces a regular file. A `NAME.part`
  left behind (a file, or a symlink planted there) is removed, never written through.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import BinaryIO

from factdesk.errors import BadInput

STDOUT = "-"


def is_stdout(path: str | Path) -> bool:
    return str(path) == STDOUT


def shown_name(path: str | Path) -> str:
    """How a status line names the output."""
    return "standard output" if is_stdout(path) else str(path)


def output_target(path: str | Path) -> Path:
    """The regular file that writing `path` replaces or makes (a symlink's target), or
    BadInput saying why `path` cannot be written."""
    path = Path(path)
    if not str(path).strip():
        raise BadInput("the output path is empty; give a file name, or - for standard output")
    # Through any symlinks: the file that would be replaced.
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        if not target.parent.is_dir():
            raise BadInput(
                f"{path}: cannot write there: the folder {target.parent} does not exist"
            ) from None
        return target
    except OSError as error:
        raise BadInput(f"{path}: cannot write there ({error.strerror})") from None
    if stat.S_ISDIR(mode):
        raise BadInput(f"{path}: is a folder; give a file name in it, or - for standard output")
    if not stat.S_ISREG(mode):
        raise BadInput(
            f"{path}: is {_special_kind(mode)}, not a regular file; nothing was written: "
            "give a file name, or - for standard output"
        )
    return target


def _special_kind(mode: int) -> str:
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def new_part(target: Path) -> Path:
    """Make `TARGET.part`, empty and new: whatever had that name (a file left by a crash, a
    symlink someone planted) is removed first, and the new one is made exclusively, so
    nothing is ever written through a link."""
    part = target.with_name(target.name + ".part")
    try:
        if part.is_symlink() or part.is_file():
            part.unlink()
        elif part.exists():
            raise BadInput(f"{part}: is in the way (not a file); remove it and try again")
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        os.close(os.open(part, flags, 0o666))
    except OSError as error:
        raise BadInput(f"{target}: cannot write ({error.strerror or error})") from None
    return part


def finish(part: Path, target: Path) -> None:
    """Rename the finished `part` over `target`, which must still be a regular file (or
    nothing); an existing file's permissions are kept."""
    try:
        existing = os.lstat(target)
    except FileNotFoundError:
        existing = None
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        part.unlink(missing_ok=True)
        raise BadInput(f"{target}: is no longer a regular file; nothing was written")
    with suppress(OSError):
        if existing is not None:
            os.chmod(part, stat.S_IMODE(existing.st_mode))
    os.replace(part, target)


@contextmanager
def atomic_output(path: str | Path) -> Iterator[BinaryIO]:
    """A binary stream to write the output to; on success it becomes `path` (or went to
    standard output for `-`); on any failure no file is left and `path` is untouched."""
    if is_stdout(path):
        stream = sys.stdout.buffer
        yield stream
        stream.flush()
        return
    target = output_target(path)
    part = new_part(target)
    try:
        with open(part, "wb") as stream:
            yield stream
        finish(part, target)
    except OSError as error:
        part.unlink(missing_ok=True)
        raise BadInput(f"{path}: cannot write ({error.strerror or error})") from None
    except BaseException:  # an interrupted export leaves nothing behind
        part.unlink(missing_ok=True)
        raise


class Written(str):
    """The line saying what was written, and the same as figures (`details`: the output,
    counts) for a script asking for JSON."""

    details: dict

    def __new__(cls, line: str, **details: object) -> Written:
        written = super().__new__(cls, line)
        written.details = details
        return written
