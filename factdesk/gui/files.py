"""Keeping the database's files away from everything in the process but SQLite.

On POSIX, closing *any* file descriptor of a file drops all of the process's locks on it
(sqlite.org, "How To Corrupt An SQLite Database File", 2.2). Once the app's locks on the
database, its -wal or its -shm are gone, a `factdesk` command run meanwhile deletes the WAL
the app still writes to, and the app's later work is lost. So nothing here may open those
files, not even to read a byte:

- file dialogs: Qt's own dialog (never the platform's, which runs in this process and reads
  files for thumbnails), with an icon provider that names and draws files from their names
  alone (Qt's default reads each file's first bytes to guess its type);
- files dropped on the window, chosen to import or typed in the URL field, and export
  targets: refused when they are the database or one of its companion files;
- text views: widgets.TextView never loads a local file an <img> or link names.

The store layer also checks the WAL before every write, for a path not yet found here.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QFileInfo
from PySide6.QtGui import QAbstractFileIconProvider, QIcon
from PySide6.QtWidgets import QFileDialog, QFileIconProvider, QWidget

# SQLite's companion files: the write-ahead log, its index, a rollback journal.
COMPANION_SUFFIXES = ("", "-wal", "-shm", "-journal")


class NameOnlyIconProvider(QFileIconProvider):
    """Icons and type names from a file's name and kind, never from its contents."""

    def icon(self, what: QFileInfo | QAbstractFileIconProvider.IconType) -> QIcon:
        if isinstance(what, QFileInfo):
            kind = QAbstractFileIconProvider.IconType
            what = kind.Folder if what.isDir() else kind.File
        return super().icon(what)

    def type(self, info: QFileInfo) -> str:
        if info.isDir():
            return "Folder"
        suffix = info.suffix()
        return f"{suffix.upper()} file" if suffix else "File"


def _dialog(parent: QWidget | None, caption: str, folder: str, filters: str) -> QFileDialog:
    dialog = QFileDialog(parent, caption, folder, filters)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setIconProvider(NameOnlyIconProvider())
    return dialog


def open_file_names(parent: QWidget | None, caption: str, folder: str, filters: str) -> list[str]:
    """Files to open, chosen in a dialog that never reads the files it lists."""
    dialog = _dialog(parent, caption, folder, filters)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
    return dialog.selectedFiles() if dialog.exec() else []


def existing_directory(parent: QWidget | None, caption: str, folder: str) -> str | None:
    dialog = _dialog(parent, caption, folder, "")
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    return dialog.selectedFiles()[0] if dialog.exec() and dialog.selectedFiles() else None


def save_file_name(parent: QWidget | None, caption: str, path: str, filters: str) -> str | None:
    dialog = _dialog(parent, caption, str(Path(path).parent), filters)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.selectFile(Path(path).name)
    return dialog.selectedFiles()[0] if dialog.exec() and dialog.selectedFiles() else None


def database_file_problem(path: str | Path, db_path: Path) -> str | None:
    """Why `path` must not be read or written by the app (it is the database or one of its
    companion files, under any name: a link, another spelling), or None. Only stat() is
    used: it opens nothing."""
    try:
        wanted = os.stat(path)
    except OSError:
        wanted = None
    for suffix in COMPANION_SUFFIXES:
        companion = Path(f"{db_path}{suffix}")
        same = Path(os.path.abspath(path)) == Path(os.path.abspath(companion))
        if not same and wanted is not None:
            try:
                found = os.stat(companion)
            except OSError:
                continue
            same = (found.st_dev, found.st_ino) == (wanted.st_dev, wanted.st_ino)
        if same:
            what = (
                "factdesk's database" if not suffix else f"a file of factdesk's database ({suffix})"
            )
            return f"{path}: this is {what}, which factdesk keeps open; it cannot be used here"
    return None
