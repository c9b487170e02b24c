"""Secrets in the real OS keyring (a gnome-keyring daemon in CI), under a test-only service.

Run locally as CI does (see ENVIRONMENT.md):
    dbus-run-session -- bash -c 'export HOME=$(mktemp -d); mkdir -p $HOME/.local/share/keyrings;
      eval "$(printf pw | gnome-keyring-daemon --unlock --components=secrets)";
      FACTDESK_CI_STRICT=1 python -m pytest tests/test_secrets.py'
Without a keyring backend these tests skip, unless FACTDESK_CI_STRICT=1, when they fail.
"""

from __future__ import annotations

import contextlib
import os
import uuid

import keyring
import pytest
from keyring.backends import fail

from factdesk import secrets
from factdesk.errors import BadInput, FactdeskError, NoKeyring

SECRET_VALUE = "s3cr3t-" + uuid.uuid4().hex


@pytest.fixture
def test_service(monkeypatch):
    """A throwaway keyring service name; every entry made under it is removed afterwards."""
    problem = secrets.keyring_problem()
    if problem:
        if os.environ.get("FACTDESK_CI_STRICT") == "1":
            pytest.fail(f"FACTDESK_CI_STRICT=1 but no keyring backend: {problem}")
        pytest.skip(f"no keyring backend here: {problem}")
    service = f"factdesk-test-{uuid.uuid4().hex}"
    monkeypatch.setenv("FACTDESK_KEYRING_SERVICE", service)
    yield service
    for name in secrets.SECRETS:
        with contextlib.suppress(keyring.errors.PasswordDeleteError):
            keyring.delete_password(service, name)


@pytest.fixture
def no_backend():
    """keyring's own 'no backend' keyring, as on a machine without any keyring daemon."""
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


def test_set_get_delete_round_trip_in_the_real_keyring(test_service):
    assert secrets.get_secret("factcheck-api-key") is None
    secrets.set_secret("factcheck-api-key", SECRET_VALUE + "\n")  # a pasted newline is dropped
    assert secrets.get_secret("factcheck-api-key") == SECRET_VALUE
    # Stored under the test service, read back through keyring itself.
    assert keyring.get_password(test_service, "factcheck-api-key") == SECRET_VALUE
    assert keyring.get_password("factdesk", "factcheck-api-key") != SECRET_VALUE

    assert secrets.delete_secret("factcheck-api-key") is True
    assert secrets.get_secret("factcheck-api-key") is None
    assert secrets.delete_secret("factcheck-api-key") is False


def test_status_says_which_are_set_and_never_the_values(test_service):
    assert secrets.secret_status() == dict.fromkeys(secrets.SECRETS, False)
    secrets.set_secret("archive-access-key", SECRET_VALUE)
    status = secrets.secret_status()
    assert status == {
        "factcheck-api-key": False,
        "archive-access-key": True,
        "archive-secret-key": False,
        "hub-password": False,
    }
    assert SECRET_VALUE not in repr(status)


def test_service_name_defaults_to_factdesk(monkeypatch):
    monkeypatch.delenv("FACTDESK_KEYRING_SERVICE", raising=False)
    assert secrets.keyring_service() == "factdesk"
    monkeypatch.setenv("FACTDESK_KEYRING_SERVICE", "factdesk-other")
    assert secrets.keyring_service() == "factdesk-other"


@pytest.mark.parametrize(
    "call",
    [
        lambda: secrets.get_secret("password"),
        lambda: secrets.set_secret("password", SECRET_VALUE),
        lambda: secrets.delete_secret("password"),
    ],
)
def test_unknown_names_are_bad_input_without_the_value(call):
    with pytest.raises(BadInput) as caught:
        call()
    assert "password: not a known secret" in str(caught.value)
    assert "factcheck-api-key" in str(caught.value)
    assert SECRET_VALUE not in str(caught.value)


def test_empty_or_control_character_values_are_refused(test_service):
    with pytest.raises(BadInput, match="empty"):
        secrets.set_secret("archive-secret-key", "  \n")
    with pytest.raises(BadInput, match="control characters") as caught:
        secrets.set_secret("archive-secret-key", SECRET_VALUE + "\x00x")
    assert SECRET_VALUE not in str(caught.value)
    assert secrets.get_secret("archive-secret-key") is None


def test_without_a_backend_every_operation_says_what_to_install(no_backend):
    problem = secrets.keyring_problem()
    assert problem is not None
    assert "gnome-keyring" in problem and "KWallet" in problem
    assert "\n" not in problem
    for call in (
        lambda: secrets.get_secret("factcheck-api-key"),
        lambda: secrets.set_secret("factcheck-api-key", SECRET_VALUE),
        lambda: secrets.delete_secret("factcheck-api-key"),
        secrets.secret_status,
    ):
        with pytest.raises(NoKeyring) as caught:
            call()
        assert str(caught.value) == problem
        assert SECRET_VALUE not in str(caught.value)
        assert caught.value.__cause__ is None and caught.value.__context__ is None


def test_require_secret_names_the_missing_key_and_how_to_set_it(test_service):
    with pytest.raises(FactdeskError) as caught:
        secrets.require_secret("archive-secret-key")
    assert str(caught.value) == (
        "archive-secret-key is not set: it is your Internet Archive S3 secret key;"
        " store it with `factdesk secrets set archive-secret-key`"
    )
    secrets.set_secret("archive-secret-key", SECRET_VALUE)
    assert secrets.require_secret("archive-secret-key") == SECRET_VALUE


def test_without_a_backend_a_secret_can_be_kept_for_the_session_only(no_backend, monkeypatch):
    import threading

    monkeypatch.setattr(secrets, "_session", {})
    assert secrets.keyring_problem() is not None
    secrets.keep_for_session("hub-password", f"  {SECRET_VALUE}\n")
    assert secrets.kept_for_session("hub-password")
    assert secrets.get_secret("hub-password") == SECRET_VALUE
    with pytest.raises(BadInput, match="empty"):
        secrets.keep_for_session("hub-password", " ")
    # Tried in one thread (a password typed in Settings): no other thread sees it.
    seen: list[str | None] = []
    with secrets.trying("hub-password", "being-tried"):
        assert secrets.get_secret("hub-password") == "being-tried"
        other = threading.Thread(target=lambda: seen.append(secrets.get_secret("hub-password")))
        other.start()
        other.join()
    assert seen == [SECRET_VALUE]
    assert secrets.get_secret("hub-password") == SECRET_VALUE
    assert secrets.delete_secret("hub-password") is True
    assert not secrets.kept_for_session("hub-password")


def test_a_secret_stored_in_the_keyring_replaces_the_session_one(test_service, monkeypatch):
    monkeypatch.setattr(secrets, "_session", {"hub-password": "older"})
    secrets.set_secret("hub-password", SECRET_VALUE)
    assert not secrets.kept_for_session("hub-password")
    assert secrets.get_secret("hub-password") == SECRET_VALUE
