"""Setting up a hub and its checkers (the hub administrator's commands), and what a
laptop checks about a hub before it syncs with it."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

import psycopg
from psycopg import sql

from factdesk.errors import BadInput
from factdesk.hub.access import CONNECTION_LIMIT, ROLE_SETTINGS
from factdesk.hub.connect import HubAddress, HubError, connect, explain
from factdesk.hub.schema import LATEST, MIGRATIONS, Roles

ROLE_NAME = re.compile(r"[a-z][a-z0-9_]{0,47}")


@dataclass(frozen=True)
class HubInfo:
    hub_id: str
    version: int
    role: str  # who we are connected as
    org: str
    editor: bool
    name: str = ""  # the name the administrator registered for us


@dataclass(frozen=True)
class Checker:
    name: str  # the login
    org: str
    editor: bool
    active: bool
    display_name: str = ""  # as the administrator registered it (add-checker --name)

    @property
    def shown(self) -> str:
        return self.display_name or self.name


def schema_version(conn: psycopg.Connection) -> int | None:
    """The hub schema's version, or None when the database holds no factdesk hub."""
    found = conn.execute(
        """SELECT to_regprocedure('factdesk.hub_version()') IS NOT NULL,
                  to_regclass('factdesk.migrations') IS NOT NULL"""
    ).fetchone()
    if not found or not (found[0] or found[1]):
        return None
    if found[0]:  # version 2 on: checkers read no table, they ask
        row = conn.execute("SELECT factdesk.hub_version()").fetchone()
    else:
        row = conn.execute("SELECT max(version) FROM factdesk.migrations").fetchone()
    return int(row[0] or 0) if row else 0


def _newer(address: HubAddress, version: int) -> HubError:
    return HubError(
        f"hub {address.label}: its schema is version {version}, newer than this factdesk "
        f"knows ({LATEST}); update factdesk — nothing was changed"
    )


def init_hub(address: HubAddress) -> str:
    """Create the hub's schema and roles, or bring an older one up to date."""
    roles = Roles.for_database(address.database)
    with connect(address, autocommit=False) as conn:
        try:
            # One hub administrator at a time (roles and schema change together).
            conn.execute("SELECT pg_advisory_xact_lock(1)")
            version = schema_version(conn) or 0
            if version > LATEST:
                raise _newer(address, version)
            if version == LATEST:
                return f"hub {address.label}: schema version {LATEST}, up to date"
            for name in (roles.checkers, roles.editors):
                exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [name])
                if exists.fetchone() is None:
                    conn.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(name)))
            conn.execute(
                sql.SQL("GRANT {} TO {}").format(
                    sql.Identifier(roles.checkers), sql.Identifier(roles.editors)
                )
            )
            for migration in MIGRATIONS:
                if migration.version <= version:
                    continue
                for statement in migration.statements(roles):
                    conn.execute(statement.encode())
                conn.execute(
                    "INSERT INTO factdesk.migrations (version, name) VALUES (%s, %s)",
                    [migration.version, migration.name],
                )
            if version == 0:
                conn.execute(
                    "INSERT INTO factdesk.hub (checkers_role, editors_role) VALUES (%s, %s)",
                    [roles.checkers, roles.editors],
                )
            conn.commit()
        except psycopg.Error as error:
            conn.rollback()
            raise _admin_error(error, address) from None
    done = "created" if version == 0 else f"upgraded from version {version}"
    return f"hub {address.label}: {done} (schema version {LATEST})"


def hub_info(conn: psycopg.Connection, address: HubAddress) -> HubInfo:
    """Who we are on this hub; refuses a database that is not a hub, or whose schema
    this factdesk does not know."""
    try:
        version = schema_version(conn)
        if version is None:
            raise HubError(
                f"hub {address.label}: not a factdesk hub (its administrator runs "
                "`factdesk hub init URL` first)"
            )
        if version > LATEST:
            raise _newer(address, version)
        if version < LATEST:
            raise HubError(
                f"hub {address.label}: its schema is version {version}, older than this "
                f"factdesk's ({LATEST}); its administrator runs `factdesk hub init URL`"
            )
        row = conn.execute(
            "SELECT hub_id, role, org, editor, name FROM factdesk.whoami()"
        ).fetchone()
    except psycopg.errors.InsufficientPrivilege:
        raise HubError(
            f"hub {address.label}: this login is not one of the hub's checkers (its "
            "administrator runs `factdesk hub add-checker NAME`)"
        ) from None
    except psycopg.Error as error:
        raise explain(error, address) from None
    if row is None:
        raise HubError(f"hub {address.label}: not set up completely (run `factdesk hub init`)")
    return HubInfo(row[0], version, row[1], row[2], bool(row[3]), row[4] or row[1])


def _admin_conn(address: HubAddress) -> tuple[psycopg.Connection, Roles]:
    conn = connect(address, autocommit=False)
    try:
        version = schema_version(conn)
        if version is None:
            raise HubError(f"hub {address.label}: not a factdesk hub (run `factdesk hub init URL`)")
        if version > LATEST:
            raise _newer(address, version)
        row = conn.execute("SELECT checkers_role, editors_role FROM factdesk.hub").fetchone()
    except psycopg.Error as error:
        conn.close()
        raise _admin_error(error, address) from None
    except BaseException:
        conn.close()
        raise
    assert row is not None
    return conn, Roles(row[0], row[1])


def _check_name(name: str) -> str:
    if not ROLE_NAME.fullmatch(name or ""):
        raise BadInput(
            f"{name or '(empty)'}: not a checker name (lower-case letters, digits and _, "
            "starting with a letter, at most 48)"
        )
    return name


def add_checker(
    address: HubAddress,
    name: str,
    *,
    editor: bool = False,
    org: str = "default",
    display_name: str | None = None,
) -> str:
    """Create a login role for a checker; returns its new password (shown once).
    `display_name` is the name shown with their verdicts (default: the login)."""
    _check_name(name)
    if not org.strip():
        raise BadInput("--org: an organisation needs a name")
    shown = " ".join((display_name or "").split()) or None
    if shown and (len(shown) > 100 or not shown.isprintable()):
        raise BadInput("--name: a display name is one line of at most 100 characters")
    password = secrets.token_urlsafe(18)
    conn, roles = _admin_conn(address)
    with conn:
        try:
            if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [name]).fetchone():
                raise BadInput(
                    f"{name}: a role of that name already exists on this PostgreSQL server; "
                    "choose another name"
                )
            role = sql.Identifier(name)
            # The server stores only a SCRAM verifier made here: the password itself
            # never reaches it, nor its logs.
            conn.execute(
                sql.SQL("CREATE ROLE {} LOGIN PASSWORD {} CONNECTION LIMIT {} IN ROLE {}").format(
                    role,
                    sql.Literal(scram_verifier(password)),
                    sql.Literal(CONNECTION_LIMIT),
                    sql.Identifier(roles.checkers),
                )
            )
            # Limits for their sessions; and the owner (whose functions end a session
            # that holds the change lock too long) may end theirs.
            for setting, value in ROLE_SETTINGS.items():
                conn.execute(
                    sql.SQL("ALTER ROLE {} SET {} = {}").format(
                        role, sql.Identifier(setting), sql.Literal(value)
                    )
                )
            conn.execute(sql.SQL("GRANT {} TO CURRENT_USER").format(role))
            conn.execute(
                """INSERT INTO factdesk.members (role, org, editor, name) VALUES (%s, %s, %s, %s)
                   ON CONFLICT (role) DO UPDATE SET org = excluded.org,
                     editor = excluded.editor, name = excluded.name, active = true""",
                [name, org.strip(), editor, shown],
            )
            conn.commit()
        except psycopg.Error as error:
            conn.rollback()
            raise _admin_error(error, address) from None
    return password


def remove_checker(address: HubAddress, name: str) -> None:
    """Revoke a checker: no more logins, no more rights; their rows keep their name.
    Works while they are connected: their login is closed first, then their sessions
    ended, then their rights taken."""
    _check_name(name)
    conn, roles = _admin_conn(address)
    with conn:
        try:
            conn.execute("SET lock_timeout = '20s'")
            found = conn.execute(
                "SELECT 1 FROM factdesk.members WHERE role = %s AND active", [name]
            ).fetchone()
            if not found:
                raise BadInput(f"{name}: not a checker of this hub")
            role = sql.Identifier(name)
            # 1. No new session, and the functions refuse them from now on.
            conn.execute(sql.SQL("ALTER ROLE {} NOLOGIN").format(role))
            conn.execute("UPDATE factdesk.members SET active = false WHERE role = %s", [name])
            conn.commit()
            # 2. End the sessions they have open (whatever those hold).
            conn.execute(
                """SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity
                   WHERE usename = %s AND pid <> pg_backend_pid()""",
                [name],
            )
            conn.commit()
            # 3. No rights left.
            for group in (roles.checkers, roles.editors):
                conn.execute(sql.SQL("REVOKE {} FROM {}").format(sql.Identifier(group), role))
            conn.commit()
        except psycopg.Error as error:
            conn.rollback()
            raise _admin_error(error, address) from None


def list_checkers(conn: psycopg.Connection) -> list[Checker]:
    """The hub's checkers (of our organisation, for a checker; all, for its owner)."""
    rows = conn.execute("SELECT role, org, editor, active, name FROM factdesk.team()").fetchall()
    return [Checker(*row) for row in rows]


def scram_verifier(password: str, iterations: int = 4096) -> str:
    """The SCRAM-SHA-256 verifier PostgreSQL stores for a password (RFC 5802/7677)."""
    salt = secrets.token_bytes(16)
    salted = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, iterations)
    client_key = hmac.new(salted, b"Client Key", "sha256").digest()
    stored_key = hashlib.sha256(client_key).digest()
    server_key = hmac.new(salted, b"Server Key", "sha256").digest()

    def b64(data: bytes) -> str:
        return base64.b64encode(data).decode()

    return f"SCRAM-SHA-256${iterations}:{b64(salt)}${b64(stored_key)}:{b64(server_key)}"


def _admin_error(error: psycopg.Error, address: HubAddress) -> HubError:
    if isinstance(error, psycopg.errors.InsufficientPrivilege):
        message = error.diag.message_primary or "permission denied"
        return HubError(
            f"hub {address.label}: {message} (hub commands need the hub database's owner, "
            "with the right to create roles)"
        )
    return explain(error, address)
