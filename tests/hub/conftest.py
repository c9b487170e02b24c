"""A real PostgreSQL server, started once per test session; every test gets a hub
database of its own, initialised by `factdesk hub init`, and checkers on it."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.conftest import strict_ci
from tests.pgserver import PostgresServer, pg_bin

_names = itertools.count(1)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    bin_dir = pg_bin()
    if bin_dir is None:
        if strict_ci():
            pytest.fail("FACTDESK_CI_STRICT=1 but PostgreSQL 15+ is not installed")
        pytest.skip("PostgreSQL 15+ server programs are not installed here")
    server = PostgresServer(bin_dir)
    server.init()
    yield server
    server.destroy()


@dataclass
class Hub:
    """One hub database on the test server, with helpers to reach it."""

    server: PostgresServer
    database: str
    checkers: dict[str, str] = field(default_factory=dict)  # short name -> role

    @property
    def admin_url(self) -> str:
        return self.server.socket_url(self.database)

    def add_checker(self, name: str, *, editor: bool = False, org: str = "default") -> str:
        """A checker (role names are per server, so each test's are its own); returns
        the URL a laptop syncs with (through the socket: no password asked)."""
        from factdesk.hub import add_checker, parse_hub_url

        role = f"{name}_{next(_names)}"
        add_checker(parse_hub_url(self.admin_url), role, editor=editor, org=org)
        self.checkers[name] = role
        return self.url(name)

    def url(self, name: str) -> str:
        return self.server.socket_url(self.database, self.checkers[name])

    def connect(self, name: str | None = None):
        """A plain psycopg connection (as the admin, or as a checker)."""
        import psycopg

        user = self.checkers[name] if name else "postgres"
        return psycopg.connect(self.server.socket_url(self.database, user), autocommit=True)


@pytest.fixture
def hub(pg_server: PostgresServer) -> Iterator[Hub]:
    from factdesk.hub import init_hub, parse_hub_url

    database = pg_server.new_database()
    init_hub(parse_hub_url(pg_server.socket_url(database)))
    yield Hub(pg_server, database)
    pg_server.drop_database(database)


@pytest.fixture
def laptop(tmp_path: Path):
    """Makes laptops: Desks on SQLite files of their own, closed at the end."""
    from factdesk.desk import Desk

    made: list[Desk] = []

    def make(name: str) -> Desk:
        desk = Desk(tmp_path / f"{name}.db")
        desk.set_setting("reviewer", name.capitalize())
        made.append(desk)
        return desk

    yield make
    for desk in made:
        desk.close()
