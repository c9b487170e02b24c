"""Laptops for the hub tests (the PostgreSQL server and hub fixtures are in
tests/pgserver.py, shared by every test through tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest


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
