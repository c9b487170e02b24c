"""The team hub: a shared PostgreSQL database that laptops sync through (the only
code that imports psycopg). desk.py -> hub/ -> store/."""

from factdesk.hub.admin import Checker, add_checker, init_hub, remove_checker
from factdesk.hub.connect import HubAddress, HubError, HubUnreachable, parse_hub_url
from factdesk.hub.sync import SyncReport, sync
from factdesk.hub.team import TeammateVerdict, hub_checkers, teammate_verdicts

__all__ = ["Checker", "HubAddress", "HubError", "HubUnreachable", "SyncReport",
           "TeammateVerdict", "add_checker", "hub_checkers", "init_hub", "parse_hub_url",
           "remove_checker", "sync", "teammate_verdicts"]  # fmt: skip
