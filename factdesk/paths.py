"""Where things live: the database, the data folder, the shipped resources.

One place for paths, so tests (and users) can point everything elsewhere with
`--db`, `FACTDESK_DB` or `--data-dir` / `FACTDESK_DATA_DIR`.
"""

from __future__ import annotations

import os
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import platformdirs

APP_NAME = "factdesk"
_REPO_ROOT = Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    override = os.environ.get("FACTDESK_DATA_DIR")
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_db_path() -> Path:
    override = os.environ.get("FACTDESK_DB")
    if override:
        return Path(override).expanduser()
    return data_dir() / "factdesk.db"


def _shipped(package: str, folder: str) -> Traversable:
    """A folder shipped in the wheel as `package`, or the repo folder in a source checkout."""
    try:
        return resources.files(package)
    except ModuleNotFoundError:
        return _REPO_ROOT / folder


def resource(name: str) -> Traversable:
    """A file under resources/, e.g. resource("scales/politifact.json")."""
    return _shipped("factdesk.resources", "resources").joinpath(name)


def seed_files() -> list[Traversable]:
    """The sample articles offered on first run."""
    folder = _shipped("factdesk.seeds", "seeds")
    return sorted(
        (f for f in folder.iterdir() if f.name.endswith((".txt", ".md", ".html"))),
        key=lambda f: f.name,
    )
