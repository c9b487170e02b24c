"""Reaching a hub: its URL, the password from the OS keyring, and failures in one line.

The password lives only in the keyring (`factdesk secrets set hub-password`): a URL
holding one is refused, so it never lands in settings, a log or a process list. A
hub that asks for no password (a local one with trust authentication) needs no
keyring. Errors name the hub as user@host/database, never with a password.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg.conninfo import conninfo_to_dict

from factdesk.errors import BadInput, FactdeskError, NoKeyring

CONNECT_TIMEOUT_S = 10
# A lock held by a vanished laptop is released by the server within this (the
# checkers' roles get idle_in_transaction_session_timeout); we wait no longer for one.
LOCK_TIMEOUT = "90s"


class HubError(FactdeskError):
    """The hub refused or failed something; the message is one line naming the hub."""


class HubUnreachable(HubError):
    """The hub cannot be reached now (stopped, no network): try again later."""


@dataclass(frozen=True)
class HubAddress:
    url: str
    params: dict[str, Any]

    @property
    def label(self) -> str:
        """user@host:port/database, to name the hub in messages (never a password)."""
        user = self.params.get("user") or "(your login)"
        host = str(self.params.get("host") or "localhost")
        where = host if host.startswith("/") else f"{host}:{self.params.get('port') or 5432}"
        return f"{user}@{where}/{self.params.get('dbname') or '?'}"

    @property
    def database(self) -> str:
        return str(self.params.get("dbname") or "")

    @property
    def user(self) -> str | None:
        return self.params.get("user")


def parse_hub_url(url: str) -> HubAddress:
    """Check a hub URL (postgresql://user@host:port/database?sslmode=...)."""
    url = (url or "").strip()
    if not url.startswith(("postgresql://", "postgres://")):
        raise BadInput(f"{url or '(empty)'}: not a hub URL (postgresql://user@host:port/database)")
    try:
        params = conninfo_to_dict(url)
    except psycopg.Error as error:
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise BadInput(f"hub URL: cannot be read ({_without_url(reason, url)})") from None
    if params.get("password"):
        raise BadInput(
            "hub URL: it holds a password; give the URL without it and keep the password "
            "in the OS keyring (`factdesk secrets set hub-password`)"
        )
    if not params.get("dbname"):
        raise BadInput(f"{url}: names no database (postgresql://user@host/DATABASE)")
    return HubAddress(url, params)


def hub_password() -> str | None:
    """The hub password from the OS keyring; None when none is stored or there is no
    keyring (a hub with trust authentication needs none)."""
    from factdesk import secrets

    try:
        return secrets.get_secret("hub-password")
    except NoKeyring:
        return None


def connect(address: HubAddress, *, autocommit: bool = True) -> psycopg.Connection:
    """A connection to the hub, or HubError/HubUnreachable saying why not, in one line."""
    options: dict[str, Any] = {
        "connect_timeout": CONNECT_TIMEOUT_S,
        "application_name": "factdesk",
        # A network that vanishes mid-sync is noticed within about half a minute.
        "keepalives": 1,
        "keepalives_idle": 10,
        "keepalives_interval": 5,
        "keepalives_count": 3,
        **address.params,
    }
    password = hub_password()
    if password:
        options["password"] = password
    try:
        conn = psycopg.connect(autocommit=autocommit, **options)
        conn.execute(f"SET lock_timeout = '{LOCK_TIMEOUT}'")
    except psycopg.Error as error:
        raise explain(error, address, had_password=bool(password)) from None
    return conn


# What libpq and the server say (a piece of the message, and another it must also hold),
# what it means for the user, and whether it is the hub being out of reach (try later)
# rather than something to put right.
_REASONS = (
    ("password authentication failed", "", False,
     "the hub refused the password (check the one stored with "
     "`factdesk secrets set hub-password`)"),
    ("no password supplied", "", False,
     "the hub asks for a password: store it with `factdesk secrets set hub-password`"),
    ("certificate verify failed", "", False,
     "its TLS certificate is not signed by the CA given (sslrootcert); not connected"),
    ("does not match host name", "", False,
     "its TLS certificate is for another host name; not connected"),
    ("root certificate file", "", False, "the CA file given as sslrootcert cannot be read"),
    ("does not exist", "database", False, "no such database on that server"),
    ("does not exist", "role", False, "the server knows no such user (ask the hub's "
     "administrator for `factdesk hub add-checker NAME`)"),
    ("not permitted to log in", "", False, "this checker's login was revoked"),
    ("permission denied for database", "", False, "this login is not one of the hub's "
     "checkers (its administrator runs `factdesk hub add-checker NAME`)"),
    ("Connection refused", "", True, "cannot reach the hub (connection refused: is "
     "PostgreSQL running there, and the address right?)"),
    ("No such file or directory", "", True, "cannot reach the hub (no server at that socket)"),
    ("timeout expired", "", True, "the hub did not answer in time (network down?)"),
    ("could not translate host name", "", True,
     "cannot find the hub's host name (network down, or a typing error?)"),
    ("Network is unreachable", "", True, "cannot reach the hub (network unreachable)"),
    ("No route to host", "", True, "cannot reach the hub (no route to host)"),
    ("the database system is shutting down", "", True, "the hub is shutting down"),
    ("the database system is starting up", "", True, "the hub is starting up; try again"),
    ("terminating connection", "", True, "the hub closed the connection (server stopped?)"),
    ("server closed the connection", "", True,
     "the hub closed the connection (server stopped?)"),
    ("connection is lost", "", True, "the connection to the hub was lost"),
    ("consuming input failed", "", True, "the connection to the hub was lost"),
    ("SSL SYSCALL", "", True, "the connection to the hub was lost"),
    ("EOF detected", "", True, "the connection to the hub was lost"),
    ("lock timeout", "", True, "another laptop has been syncing for too long; try again"),
)  # fmt: skip


def explain(error: Exception, address: HubAddress, *, had_password: bool = True) -> HubError:
    """One line saying what went wrong with the hub (never a password or the URL)."""
    text = " ".join(str(error).split())
    for needle, also, unreachable, message in _REASONS:
        if needle.lower() in text.lower() and also in text:
            if needle == "no password supplied" and not had_password:
                from factdesk import secrets

                problem = secrets.keyring_problem()
                message += f" ({problem})" if problem else ""
            kind = HubUnreachable if unreachable else HubError
            return kind(f"hub {address.label}: {message}")
    primary = getattr(getattr(error, "diag", None), "message_primary", None) or text
    sqlstate = getattr(error, "sqlstate", None) or ""
    # Connection exceptions (08...) and a server shutting down (57P...), or a failure
    # before the server said anything.
    lost = sqlstate.startswith(("08", "57P")) or (
        isinstance(error, psycopg.OperationalError) and not sqlstate
    )
    kind = HubUnreachable if lost else HubError
    return kind(f"hub {address.label}: {_without_url(primary, address.url)}")


def _without_url(text: str, url: str) -> str:
    return re.sub(r"postgres(ql)?://\S+", "(the hub URL)", text.replace(url, "(the hub URL)"))
