"""The only code that talks to SQLite. Everything else goes through factdesk.desk.Desk."""

import sys


def _load_sqlite_utils() -> None:
    """Import sqlite-utils without numpy and pandas: it loads them (when installed) only to
    map their number types to column types, which factdesk never stores, and that took
    0.2-0.4 s of every command's start. Once loaded, they import as usual elsewhere."""
    hidden = [name for name in ("numpy", "pandas") if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # import fails: skipped
    try:
        import sqlite_utils  # noqa: F401
    finally:
        for name in hidden:
            if sys.modules.get(name) is None:
                del sys.modules[name]


_load_sqlite_utils()

# (below the loader above on purpose)

from factdesk.store.db import (  # noqa: E402
    Store,
    backup,
    connect,
    database_problem,
    is_database_file,
)

__all__ = ["Store", "backup", "connect", "database_problem", "is_database_file"]
