"""Fixtures for the evidence clients' tests."""

from __future__ import annotations

import pytest
import requests

from tests.localserver import LocalServer, Reply, Request

__all__ = ["LocalServer", "Reply", "Request"]


@pytest.fixture
def server():
    local = LocalServer().start()
    yield local
    local.stop()


@pytest.fixture
def session():
    with requests.Session() as http:
        yield http
