"""The only code that talks to SQLite. Everything else goes through factdesk.desk.Desk."""

from factdesk.store.db import (
    Store,
    backup,
    connect,
    database_problem,
    is_database_file,
)

__all__ = ["Store", "backup", "connect", "database_problem", "is_database_file"]
