"""API keys in the OS keyring (Secret Service, KWallet, macOS Keychain, Windows Credential Locker).

Secrets never go anywhere else: not the database, not exports, not logs, not error
messages. On a computer without a keyring, the team hub's password may be kept in this
process's memory for the session only (keep_for_session), never on disk. Nothing in this
module prints, logs or puts a secret's value in an exception.

The keyring service name is "factdesk"; tests point it elsewhere with the environment
variable FACTDESK_KEYRING_SERVICE so they never touch a real user's entries.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import keyring
import keyring.errors
from keyring.backends import fail

from factdesk.errors import BadInput, FactdeskError, NoKeyring

SECRETS: dict[str, str] = {
    "factcheck-api-key": "Google Fact Check Tools API key",
    "archive-access-key": "Internet Archive S3 access key",
    "archive-secret-key": "Internet Archive S3 secret key",
    "hub-password": "password of your login on the team hub (PostgreSQL)",
}

DEFAULT_SERVICE = "factdesk"

# Secrets kept in this process's memory only, never written anywhere: the hub password on a
# computer without a keyring ("for this session"), and one being tried before it is kept.
_session: dict[str, str] = {}
_trying = threading.local()


def keyring_service() -> str:
    """The service name entries are stored under (FACTDESK_KEYRING_SERVICE or "factdesk")."""
    return os.environ.get("FACTDESK_KEYRING_SERVICE") or DEFAULT_SERVICE


def keyring_problem() -> str | None:
    """None when a usable keyring backend exists, else one sentence saying what to install."""
    try:
        backend = keyring.get_keyring()
        usable = not isinstance(backend, fail.Keyring) and backend.priority >= 1
    except Exception:  # a broken backend configuration is the same as none for the user
        usable = False
    if usable:
        return None
    if sys.platform.startswith("linux") or "bsd" in sys.platform:
        return (
            "No OS keyring is available to keep API keys: install and start a Secret Service"
            " provider (gnome-keyring, or KeePassXC with Secret Service enabled) or KWallet,"
            " then try again."
        )
    return (
        "No OS keyring is available to keep API keys: check that the system keychain"
        " (macOS Keychain or Windows Credential Manager) is enabled for your account."
    )


def get_secret(name: str) -> str | None:
    """The value of secret `name` (one being tried in this thread, one kept for the session,
    else the keyring's), or None when it is not set."""
    _check_name(name)
    trial = getattr(_trying, "values", {}).get(name)
    if trial is not None:
        return trial
    if name in _session:
        return _session[name]
    return _call(keyring.get_password, name)


def keep_for_session(name: str, value: str) -> None:
    """Keep `value` as secret `name` in memory until the program ends (never on disk): for
    a computer with no keyring."""
    _check_name(name)
    _session[name] = _cleaned(name, value)


def kept_for_session(name: str) -> bool:
    return name in _session


@contextmanager
def trying(name: str, value: str | None) -> Iterator[None]:
    """Within the block, in this thread only, `value` is secret `name` (a password typed in
    Settings, tested before it is kept); None changes nothing."""
    _check_name(name)
    values = getattr(_trying, "values", None)
    if values is None:
        values = _trying.values = {}
    before = values.get(name)
    if value is not None:
        values[name] = _cleaned(name, value)
    try:
        yield
    finally:
        if before is None:
            values.pop(name, None)
        else:
            values[name] = before


def require_secret(name: str) -> str:
    """The value of secret `name`; if unset, FactdeskError says which key and how to set it."""
    value = get_secret(name)
    if value is None:
        raise FactdeskError(
            f"{name} is not set: it is your {SECRETS[name]};"
            f" store it with `factdesk secrets set {name}`"
        )
    return value


def set_secret(name: str, value: str) -> None:
    """Store `value` (surrounding whitespace removed, e.g. a pasted newline) as secret `name`."""
    _check_name(name)
    _call(keyring.set_password, name, _cleaned(name, value))
    _session.pop(name, None)  # the keyring's is the one now


def _cleaned(name: str, value: str) -> str:
    cleaned = value.strip() if isinstance(value, str) else ""
    if not cleaned:
        raise BadInput(f"{name}: the value is empty; nothing was stored")
    if any(ord(char) < 32 for char in cleaned):
        raise BadInput(f"{name}: the value contains control characters; nothing was stored")
    return cleaned


def delete_secret(name: str) -> bool:
    """Remove secret `name`; True if it was set, False if there was nothing to delete."""
    _check_name(name)
    if _session.pop(name, None) is not None and keyring_problem():
        return True
    if _call(keyring.get_password, name) is None:
        return False
    try:
        _call(keyring.delete_password, name)
    except _AlreadyGone:
        return False
    return True


def secret_status() -> dict[str, bool]:
    """For each known secret, whether it is set. Never the values."""
    return {name: _call(keyring.get_password, name) is not None for name in SECRETS}


class _AlreadyGone(Exception):
    pass


def _check_name(name: str) -> None:
    if name not in SECRETS:
        raise BadInput(f"{name}: not a known secret (known: {', '.join(SECRETS)})")


def _call(operation, name: str, *value: str):
    """Run a keyring operation on `name`, turning keyring failures into NoKeyring.

    The error message is built from our own words only: keyring's exceptions are not
    shown or chained, so no value can leak through them.
    """
    problem = keyring_problem()
    if problem:
        raise NoKeyring(problem)
    failure = None
    try:
        return operation(keyring_service(), name, *value)
    except keyring.errors.PasswordDeleteError:
        failure = "gone"
    except keyring.errors.KeyringLocked:
        failure = f"{name}: the OS keyring is locked; unlock it (log in to the desktop) and retry"
    except keyring.errors.NoKeyringError:
        failure = keyring_problem() or "No OS keyring is available to keep API keys."
    except keyring.errors.KeyringError as exc:
        failure = f"{name}: the OS keyring failed ({type(exc).__name__})"
    # Raised here, outside the except blocks, so the keyring exception is not chained.
    if failure == "gone":
        raise _AlreadyGone
    raise NoKeyring(failure)
