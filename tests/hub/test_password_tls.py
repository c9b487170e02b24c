"""A hub over TCP that asks for a password (from the OS keyring, never anywhere else),
and over TLS with sslmode=verify-full and the hub's CA (the test's own CA and server
certificate, made by tests/pgserver.py). Needs a real keyring (gnome-keyring in CI)."""

from __future__ import annotations

import contextlib

import keyring
import pytest

from factdesk import secrets
from factdesk.cli import main
from factdesk.hub import HubError, add_checker, parse_hub_url
from tests.conftest import dump, strict_ci
from tests.hub.test_faults import fill


@pytest.fixture
def keyring_service(monkeypatch):
    problem = secrets.keyring_problem()
    if problem:
        if strict_ci():
            pytest.fail(f"FACTDESK_CI_STRICT=1 but no keyring backend: {problem}")
        pytest.skip(f"no keyring backend here: {problem}")
    service = "factdesk-test-hub"
    monkeypatch.setenv("FACTDESK_KEYRING_SERVICE", service)
    yield service
    with contextlib.suppress(keyring.errors.PasswordDeleteError):
        keyring.delete_password(service, "hub-password")


@pytest.fixture
def checker_with_password(hub):
    role = f"pat_{hub.database}"
    password = add_checker(parse_hub_url(hub.admin_url), role)
    yield role, password
    with hub.connect() as admin:
        admin.execute(f'DROP OWNED BY "{role}"')
        admin.execute(f'DROP ROLE "{role}"')


def test_a_password_from_the_keyring_and_nowhere_else(
    hub, laptop, tmp_path, keyring_service, checker_with_password, capsys
):
    role, password = checker_with_password
    url = hub.server.tcp_url(hub.database, role)
    a = laptop("a")
    fill(a, 2, "a")
    before = dump(a.path)
    a.close()
    db = str(tmp_path / "a.db")
    # No password stored: one line saying where to put it; nothing changed.
    assert main(["--db", db, "sync", "--quiet", "--hub", url]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "the hub asks for a password: store it with `factdesk secrets set hub-password`" in err
    # A wrong one: refused in one line, nothing changed.
    secrets.set_secret("hub-password", "not-the-password")
    assert main(["--db", db, "sync", "--quiet", "--hub", url]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "the hub refused the password" in err
    assert dump(tmp_path / "a.db") == before
    # The right one: synced. The password is in no file, setting or output of ours.
    secrets.set_secret("hub-password", password)
    assert main(["--db", db, "settings", "hub-url", url]) == 0
    assert main(["--db", db, "sync"]) == 0
    out, err = capsys.readouterr()
    assert "sent 26 rows" in out
    assert password not in out + err
    for path in tmp_path.glob("a.db*"):
        assert password.encode() not in path.read_bytes()


def test_tls_with_verify_full_and_the_hubs_ca(
    hub, laptop, keyring_service, checker_with_password, tmp_path
):
    role, password = checker_with_password
    secrets.set_secret("hub-password", password)
    server = hub.server
    a = laptop("a")
    fill(a, 1, "a")
    tls = {"sslmode": "verify-full", "sslrootcert": str(server.ca_cert)}
    good = server.tcp_url(hub.database, role, **tls).replace("127.0.0.1", "localhost")
    seen_tls: list[bool] = []

    def progress(line: str) -> None:  # while the laptop is connected: is it over TLS?
        if line.startswith("sending"):
            with hub.connect() as admin:
                row = admin.execute(
                    "SELECT bool_and(ssl) FROM pg_stat_ssl JOIN pg_stat_activity USING (pid)"
                    " WHERE usename = %s",
                    [role],
                ).fetchone()
            seen_tls.append(bool(row and row[0]))

    report = a.sync(good, progress=progress)
    assert report.sent["claims"] == 4
    assert seen_tls == [True]
    # A CA that did not sign the hub's certificate: refused before anything is sent.
    stranger = tmp_path / "stranger.pem"
    _write_unrelated_ca(stranger)
    bad = good.replace(str(server.ca_cert), str(stranger))
    with pytest.raises(HubError, match="TLS certificate is not signed by the CA given"):
        a.sync(bad)
    # The right CA but another host name than the certificate's.
    wrong_name = server.tcp_url(hub.database, role, **tls).replace("127.0.0.1", "127.0.0.2")
    with pytest.raises(HubError):
        a.sync(wrong_name)


def _write_unrelated_ca(path) -> None:
    import datetime as dt

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "someone else's CA")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(1)
        .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )  # fmt: skip
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
