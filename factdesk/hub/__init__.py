"""The team hub: a shared PostgreSQL database that laptops sync through (the only
code that imports psycopg). desk.py -> hub/ -> store/ (the table registry and the
transport's plain data only: the sync driver is store/replication.py)."""

from factdesk.hub.admin import Checker, add_checker, init_hub, remove_checker
from factdesk.hub.connect import HubAddress, HubError, HubUnreachable, parse_hub_url
from factdesk.hub.sync import HubTransport, SyncReport, open_hub
from factdesk.hub.team import TeammateVerdict, hub_checkers, teammate_verdicts

__all__ = ["Checker", "HubAddress", "HubError", "HubTransport", "HubUnreachable", "SyncReport",
           "TeammateVerdict", "add_checker", "hub_checkers", "init_hub", "open_hub",
           "parse_hub_url", "remove_checker", "teammate_verdicts"]  # fmt: skip
