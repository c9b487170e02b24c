"""A real PostgreSQL server for the tests: initdb and pg_ctl from Debian's postgresql
package, in a temporary folder, listening on 127.0.0.1 and a Unix socket.

initdb refuses to run as root, so as root the server's folder belongs to the
`postgres` user and its programs run as that user (runuser); as anyone else they run
as the current user. The socket accepts everyone without a password (trust: the
admin's way in, and a "hub that needs no password"); TCP asks for a password
(scram-sha-256), over TLS when the client asks for it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import ipaddress
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pytest

PG_BIN_DIRS = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)


def pg_bin() -> Path | None:
    """The newest PostgreSQL (15 or later) server programs on this machine, or None."""
    for folder in PG_BIN_DIRS:
        if (folder / "initdb").exists() and int(folder.parent.name) >= 15:
            return folder
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgresServer:
    """One server for the whole test session; each test makes its own databases."""

    def __init__(self, bin_dir: Path):
        self.bin = bin_dir
        self.as_postgres = os.geteuid() == 0
        # Not under pytest's tmp folder: as root that is 0700 and the postgres user
        # could not reach it.
        self.root = Path(tempfile.mkdtemp(prefix="factdesk-pg-"))
        self.data = self.root / "data"
        self.socket_dir = self.root
        self.port = _free_port()
        self.log = self.root / "server.log"
        self.ca_cert = self.root / "ca.pem"
        self._databases = 0
        if self.as_postgres:
            shutil.chown(self.root, "postgres", "postgres")
        os.chmod(self.root, 0o755)

    # --- running its programs -------------------------------------------------

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        command = [str(self.bin / args[0]), *args[1:]]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, check=check, capture_output=True, text=True)

    def _write(self, path: Path, text: str | bytes, mode: int = 0o644) -> None:
        if isinstance(text, str):
            path.write_text(text)
        else:
            path.write_bytes(text)
        os.chmod(path, mode)
        if self.as_postgres:
            shutil.chown(path, "postgres", "postgres")

    def init(self) -> None:
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres",
                  "-E", "UTF8", "--locale=C", "--no-sync")  # fmt: skip
        self._write(
            self.data / "pg_hba.conf",
            "local all all trust\nhost all all 127.0.0.1/32 scram-sha-256\n",
            0o600,
        )
        self._make_certificates()
        self.start()

    def _make_certificates(self) -> None:
        """A CA of the test's own and a server certificate for localhost signed by it."""
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.x509.oid import NameOID

        now = dt.datetime.now(dt.UTC)
        ca_key = ec.generate_private_key(ec.SECP256R1())
        ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "factdesk test CA")])
        ca = (
            x509.CertificateBuilder()
            .subject_name(ca_name)
            .issuer_name(ca_name)
            .public_key(ca_key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=30))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(ca_key, hashes.SHA256())
        )
        key = ec.generate_private_key(ec.SECP256R1())
        names = [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
        cert = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
            .issuer_name(ca_name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=30))
            .add_extension(x509.SubjectAlternativeName(names), critical=False)
            .sign(ca_key, hashes.SHA256())
        )
        pem = serialization.Encoding.PEM
        self._write(self.ca_cert, ca.public_bytes(pem))
        self._write(self.data / "server.crt", cert.public_bytes(pem))
        key_pem = key.private_bytes(
            pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        self._write(self.data / "server.key", key_pem, 0o600)

    def start(self) -> None:
        # fsync off: a stopped or killed server keeps its files in the OS cache (only an
        # OS crash would lose them); synchronous_commit stays on, so a server stopped
        # "immediate" keeps every transaction it said was committed, as a real one does.
        options = (
            f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.socket_dir} "
            "-c fsync=off -c full_page_writes=off "
            "-c ssl=on -c ssl_cert_file=server.crt -c ssl_key_file=server.key "
            "-c max_connections=60 -c shared_buffers=64MB"
        )
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options,
                  "-w", "-t", "60", "start")  # fmt: skip

    def stop(self, mode: str = "immediate") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop", check=False)

    def destroy(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    # --- addresses -------------------------------------------------------------

    def socket_url(self, database: str = "postgres", user: str = "postgres") -> str:
        """Through the Unix socket: no password asked (trust)."""
        return f"postgresql://{quote(user)}@/{database}?host={self.socket_dir}&port={self.port}"

    def tcp_url(self, database: str, user: str, **params: str) -> str:
        """Over TCP on 127.0.0.1: a password is asked (from the keyring)."""
        query = "".join(f"&{k}={v}" for k, v in params.items())
        return (
            f"postgresql://{quote(user)}@127.0.0.1:{self.port}/{database}?connect_timeout=5{query}"
        )

    def new_database(self, prefix: str = "hub") -> str:
        """An empty database of its own for one test."""
        import psycopg

        self._databases += 1
        name = f"{prefix}_{os.getpid()}_{self._databases}"
        with psycopg.connect(self.socket_url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return name

    def drop_database(self, name: str) -> None:
        import psycopg

        with (
            contextlib.suppress(psycopg.Error),
            psycopg.connect(self.socket_url(), autocommit=True) as conn,
        ):
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- fixtures (registered for every test in tests/conftest.py) -----------------

_names = itertools.count(1)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    bin_dir = pg_bin()
    if bin_dir is None:
        if os.environ.get("FACTDESK_CI_STRICT") == "1":
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

    def add_checker(
        self, name: str, *, editor: bool = False, org: str = "default", display_name: str = ""
    ) -> str:
        """A checker (role names are per server, so each test's are its own); returns
        the URL a laptop syncs with (through the socket: no password asked)."""
        from factdesk.hub import add_checker, parse_hub_url

        role = f"{name}_{next(_names)}"
        add_checker(
            parse_hub_url(self.admin_url), role, editor=editor, org=org,
            display_name=display_name or None,
        )  # fmt: skip
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
