"""The only code that talks to SQLite. Everything else goes through factdesk.desk.Desk."""

from factdesk.store.db import Store, connect

__all__ = ["Store", "connect"]
