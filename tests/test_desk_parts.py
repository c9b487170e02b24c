"""The Desk's shape (docs/ARCHITECTURE.md): a facade whose methods each hand the call to
the part of its area (factdesk/desk/*.py), parts that never reach back up to the facade,
and every operation that writes saying what it changed: annotated `-> Changes[...]`, so
mypy checks what callers do with it. Each rule is also tested on a planted violation."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from factdesk.desk import Desk, _Handed

PARTS = Path(__file__).resolve().parent.parent / "factdesk" / "desk"

# Operations that write but return something other than Changes, each with why. The test
# fails when one returns Changes after all, so the list only shrinks.
NOT_YET_CHANGES = {
    "Articles.import_source": "ImportResult, made in worker processes too; it carries .changes",
    "Articles.import_article": "ImportResult (the outcome and counts); it carries .changes",
    "EvidenceArea.save_prior_checks": "how many were new; views reload the prior checks",
    "EvidenceArea.import_claimreview": "how many were new (save_prior_checks)",
    "Trash.empty_trash": "how many entries went; nothing shown but the trash changes",
    "Trash.empty_expired_trash": "how many entries went (at start, before any view)",
    "Settings.ensure_builtin_scales": "runs when a Desk opens, before any view",
}


def _writing_methods(folder: Path) -> dict[str, str]:
    """Each public method of a class in `folder` that opens a write transaction
    (`....write()`), or calls a method of its class that does, with its return annotation."""
    found = {}
    for path in sorted(folder.glob("*.py")):
        for cls in ast.parse(path.read_text(encoding="utf-8")).body:
            if not isinstance(cls, ast.ClassDef):
                continue
            methods = {fn.name: fn for fn in cls.body if isinstance(fn, ast.FunctionDef)}
            calls = {
                name: {
                    n.func.attr
                    for n in ast.walk(fn)
                    if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
                }
                for name, fn in methods.items()
            }
            writing = {name for name, called in calls.items() if "write" in called}
            while True:  # and those calling them, in turn
                more = {name for name, called in calls.items() if called & writing} - writing
                if not more:
                    break
                writing |= more
            for name in sorted(writing - {"write"}):
                fn = methods[name]
                if not name.startswith("_"):
                    found[f"{cls.name}.{name}"] = ast.unparse(fn.returns) if fn.returns else ""
    return found


def _without_changes(folder: Path, core: str = "Core") -> set[str]:
    return {
        name
        for name, returns in _writing_methods(folder).items()
        if not returns.startswith("Changes") and not name.startswith(core + ".")
    }


def _imports_of_the_facade(folder: Path) -> list[str]:
    """Parts (every module but __init__) that import the facade, factdesk.desk itself."""
    found = []
    siblings = {path.stem for path in folder.glob("*.py")}
    for path in sorted(folder.glob("*.py")):
        if path.name == "__init__.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (
                (
                    node.level == 1
                    and node.module is None
                    and any(alias.name not in siblings for alias in node.names)
                )
                or (node.level == 0 and node.module == "factdesk.desk")
                or (node.level == 2 and node.module == "desk")
            ):
                found.append(path.name)
            if isinstance(node, ast.Import) and any(a.name == "factdesk.desk" for a in node.names):
                found.append(path.name)
    return found


def test_every_writing_operation_returns_changes():
    missing = _without_changes(PARTS) - set(NOT_YET_CHANGES)
    assert not missing, f"these write but do not return Changes[...]: {sorted(missing)}"
    done = set(NOT_YET_CHANGES) - _without_changes(PARTS)
    assert not done, f"these return Changes now, remove from NOT_YET_CHANGES: {sorted(done)}"
    assert len(_writing_methods(PARTS)) > 30  # the checker does see the writes


def test_the_parts_never_import_the_facade():
    assert _imports_of_the_facade(PARTS) == []


def test_every_desk_method_reaches_its_part(tmp_path):
    handed = {name: attr for name, attr in vars(Desk).items() if isinstance(attr, _Handed)}
    assert len(handed) > 80
    with Desk(tmp_path / "desk.db") as desk:
        for name, attr in handed.items():
            method = getattr(desk, name)
            assert method.__self__ is getattr(desk, attr.part), name
            assert method.__doc__ == getattr(Desk, name).__doc__, name


def test_a_handed_method_can_be_patched_on_the_class(tmp_path, monkeypatch):
    """Tests replace a Desk method on the class (monkeypatch.setattr(Desk, "sync", f))."""
    monkeypatch.setattr(Desk, "scales", lambda desk: ["patched", desk.path.name])
    with Desk(tmp_path / "desk.db") as desk:
        assert desk.scales() == ["patched", "desk.db"]


@pytest.mark.parametrize(
    "code, expected",
    [
        (
            "class Review(Part):\n"
            "    def set_verdict(self) -> Verdict:\n"
            "        with self.db.write():\n            pass\n",
            {"Review.set_verdict"},
        ),
        (
            "class Review(Part):\n    def set_verdict(self):\n        self.db.write()\n",
            {"Review.set_verdict"},
        ),
        (
            "class Review(Part):\n"
            "    def set_verdict(self) -> Changes[Verdict]:\n"
            "        with self.db.write():\n            pass\n"
            "    def _helper(self) -> int:\n        self.db.write()\n",
            set(),
        ),
    ],
)
def test_the_changes_rule_fails_on_a_planted_violation(tmp_path, code, expected):
    (tmp_path / "review.py").write_text(code)
    assert _without_changes(tmp_path) == expected


@pytest.mark.parametrize(
    "code", ["from . import Desk\n", "from factdesk.desk import Desk\n", "import factdesk.desk\n"]
)
def test_the_facade_rule_fails_on_a_planted_import(tmp_path, code):
    (tmp_path / "review.py").write_text("from . import core\n" + code)  # a sibling is fine
    (tmp_path / "core.py").write_text("")
    (tmp_path / "__init__.py").write_text("from .review import Review\n")
    assert _imports_of_the_facade(tmp_path) == ["review.py"]
