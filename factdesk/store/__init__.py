"""The only code that talks to SQLite. Everything else goes through factdesk.desk.Desk."""

from factdesk.store.db import connect

__all__ = ["connect"]
