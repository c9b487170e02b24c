"""A service may quote the key it was sent in a long error message: the key is masked
before the message is cut to length, so no piece of it can show."""

from __future__ import annotations

import pytest
import requests

from factdesk.errors import NetworkError
from factdesk.evidence.factcheck import FactCheckClient
from factdesk.evidence.wayback import WaybackClient

from .conftest import Reply

ACCESS = "acc-KEY-0f9e8d7c"
SECRET = "sec-KEY-6b5a4e39d2c1"
API_KEY = "AIzaSy-TEST-KEY_0123456789abcdef"


def _quoting(key: str) -> str:
    """A message of 260 characters quoting `key` across the 200th character."""
    return "x" * 190 + f" key {key} was refused " + "y" * 40


def _no_piece_of(key: str, message: str) -> None:
    pieces = {key[i : i + 6] for i in range(len(key) - 5)}
    shown = [piece for piece in pieces if piece in message]
    assert not shown, f"{shown} of the key shows in {message!r}"


@pytest.mark.parametrize("where", ["refusal", "error_status"])
def test_archive_messages_are_masked_before_they_are_cut(server, where):
    if where == "refusal":
        reply = Reply(
            body={"status": "error", "status_ext": "error:bad", "message": _quoting(SECRET)}
        )
    else:
        reply = Reply(500, {"message": _quoting(SECRET)})
    server.route("POST", "/save", reply)
    client = WaybackClient(requests.Session(), save_base=server.base_url, poll_interval=0)
    with pytest.raises(NetworkError) as error:
        client.save("https://news.example/a", access_key=ACCESS, secret_key=SECRET)
    assert "***" in str(error.value)
    _no_piece_of(SECRET, str(error.value))


def test_fact_check_error_is_masked_before_it_is_cut(server):
    server.route(
        "GET", "/v1alpha1/claims:search", Reply(400, {"error": {"message": _quoting(API_KEY)}})
    )
    client = FactCheckClient(requests.Session(), base_url=server.base_url)
    with pytest.raises(NetworkError) as error:
        client.search("Unemployment fell", api_key=API_KEY)
    _no_piece_of(API_KEY, str(error.value))
