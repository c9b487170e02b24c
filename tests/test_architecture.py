"""The import rules of docs/ARCHITECTURE.md, kept true by a test (as qutebrowser does).

Four rules, each with a test on the real package and a test that plants a violation in a
made-up package and sees it caught (a rule that cannot fail is no rule):

1. Every third-party library has one home: the rooms that may import it.
2. The package's own arrows point down: each room imports only the rooms listed for it,
   whether by `import`, `from . import`, a lazy import inside a function or `importlib`.
3. No circles between modules (type-only imports count: they are a circle for a reader).
4. SQL only in store/ (SQLite) and hub/ (PostgreSQL), in any case and across string joins.

And no module is longer than MAX_LINES: a longer one is split by area (as desk/ and cli/ are).
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "factdesk"

# --- 1. one home per library --------------------------------------------------------------

# top-level module of a third-party library -> the rooms (folders or modules) that may use it
LIBRARY_HOMES: dict[str, set[str]] = {
    "PySide6": {"gui"},
    "shiboken6": {"gui"},
    "sqlite3": {"store"},  # in the standard library, but the database is store/'s alone
    "sqlite_utils": {"store"},
    # the stored page as fetched, gzipped (store/queries.py compress)
    "isal": {"store"},
    "requests": {"web"},
    "urllib3": {"web"},
    "charset_normalizer": {"web"},
    "bs4": {"ingest"},
    "lxml": {"ingest"},
    "lxml_html_clean": {"ingest"},
    "trafilatura": {"ingest"},
    "htmldate": {"ingest"},
    "weasyprint": {"report"},
    # the report's PDF (report/pdf.py): Typst lays it out, pikepdf joins a long one's chunks
    "typst": {"report"},
    "pikepdf": {"report"},
    "jinja2": {"report"},
    "markupsafe": {"report"},
    # fact-check findings: Markdown rendered, then sanitised (factdesk/report/factcheck.py)
    "markdown_it": {"report"},
    "nh3": {"report"},
    "psycopg": {"hub"},
    "keyring": {"secrets"},
    "platformdirs": {"paths"},
    "numpy": {"claims", "memory"},
    # the sentence encoder (claims/encoder.py) runs its ONNX model with these
    "onnxruntime": {"claims"},
    "tokenizers": {"claims"},
    "snowballstemmer": {"evidence"},
    "tqdm": {"cli"},
    "tabulate": {"cli"},
    "feedparser": {"ingest"},
}

# --- 2. the package's own arrows ----------------------------------------------------------

# Plain common modules everyone may use; they use nothing but each other.
COMMON = {
    "__init__",
    "model",
    "errors",
    "lists",
    "outputs",
    "paths",
    "scales",
    "secrets",
    "untrusted",
}
MIDDLE = {"ingest", "claims", "evidence", "report"}
ARROWS: dict[str, set[str]] = {
    **{room: COMMON for room in COMMON},
    "store": COMMON,
    # The one HTTP layer (requests, retries, address checks) under ingest and evidence.
    "web": COMMON,
    # Pure work on text and the network, side by side: none imports another.
    "ingest": COMMON | {"web"},
    "evidence": COMMON | {"web"},
    "claims": COMMON,
    "report": COMMON,
    "desk": COMMON | MIDDLE | {"store", "hub", "web", "watch", "memory"},
    # Claim memory: the paraphrase look-ups, glue of claims/ (the encoder), evidence/ (the
    # matcher) and store/ (the vectors kept); the Desk hands its database over.
    "memory": COMMON | MIDDLE | {"store"},
    # Watching sources: a part of the Desk's work in its own module (the Desk hands
    # itself over; watch never imports desk).
    "watch": COMMON | MIDDLE | {"store", "web"},
    # The team hub (PostgreSQL): merges pulled rows into the laptop's database through
    # store/, like a bundle; only the Desk reaches it.
    "hub": COMMON | {"store"},
    # The GUI runs exports in a child process whose entry point is export_job.
    "gui": COMMON | {"desk", "export_job"},
    # An export in a child process: a front end of its own on a read-only Desk.
    "export_job": COMMON | {"desk"},
    # Writes the desktop menu entry for a pipx install (files only, no database).
    "desktop_entry": COMMON,
    # A front end like the GUI, which also offers the pure tools (extract, split, score)
    # that need no database, and starts the GUI (the one import of gui from outside it).
    # The hub administrator's commands (hub init, add-checker) need no laptop database.
    "cli": COMMON | MIDDLE | {"desk", "gui", "hub", "web", "desktop_entry"},
    "__main__": {"cli"},
}
# Imports that break an arrow today, each with why and what ends it. The test fails when
# one is no longer there, so the list only shrinks.
KNOWN_EXCEPTIONS: dict[tuple[str, str], str] = {}

# --- 3. circles ---------------------------------------------------------------------------

# Module circles that exist today, each a sorted tuple of its modules: none (keep it so).
KNOWN_CIRCLES: set[tuple[str, ...]] = set()

# --- 4. SQL -------------------------------------------------------------------------------

_SQL_STATEMENT = re.compile(
    r"\b(select\s[\s\S]*?\bfrom\s+[\w\".]+|insert\s+(or\s+\w+\s+)?into\s+[\w\".]+"
    r"|update\s+[\w\".]+\s+set\s+\w+|delete\s+from\s+[\w\".]+"
    r"|create\s+(temp\w*\s+|unique\s+)?(table|index|trigger|virtual\s+table|view)\b"
    r"|drop\s+(table|index|trigger|view)\b|pragma\s+\w+|begin\s+(immediate|exclusive|deferred)\b"
    r"|alter\s+table\s+\w+)",
    re.IGNORECASE,
)
# Upper-case keywords alone say SQL; lower-case text must also look like SQL, not prose
# ("Select the claims, then Delete from the menu").
_SQL_SHAPE = re.compile(
    r"\?|:\w+|\s=\s|\bwhere\b|\bjoin\b|\bvalues\b|\border\s+by\b|\bgroup\s+by\b|\blimit\b"
    r"|\bset\s+\w+\s*=|;\s*$|\bfrom\s+\w+\s*$|^\s*(pragma|begin|create|drop|alter)\b",
    re.IGNORECASE,
)
_UPPER_KEYWORD = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|PRAGMA|BEGIN|ALTER)\b")


# --- 5. length -----------------------------------------------------------------------------

MAX_LINES = 600
# Modules longer today, each with what ends it; the list only shrinks.
LONG_MODULES: dict[str, str] = {}  # modules excused from the length rule: none (keep it so)


def _long_modules(package: Path) -> dict[str, int]:
    found = {}
    for path in sorted(package.rglob("*.py")):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_LINES:
            found[path.relative_to(package).as_posix()] = lines
    return found


# --- reading the code ---------------------------------------------------------------------


def _module_name(path: Path, package: Path) -> str:
    parts = list(path.relative_to(package.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path, package: Path = PACKAGE) -> set[str]:
    """Every module `path` imports: top-level or lazy (inside a function), absolute or
    relative (resolved), `from x import name` (as x and x.name, since name may be a module),
    and importlib.import_module / __import__ with a literal name. A computed name cannot be
    checked, so it is reported as the module `<computed>`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    this = _module_name(path, package)
    here = this if path.name == "__init__.py" else this.rpartition(".")[0]
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = here.split(".")[: len(here.split(".")) - (node.level - 1)]
                base = ".".join(parent + ([node.module] if node.module else []))
            names.add(base)
            names |= {f"{base}.{alias.name}" for alias in node.names if alias.name != "*"}
        elif isinstance(node, ast.Call) and _is_dynamic_import(node.func):
            first = node.args[0] if node.args else None
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                names.add(first.value)
            else:
                names.add("<computed>")
    return names


def _is_dynamic_import(func: ast.expr) -> bool:
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    return name in ("import_module", "__import__")


def _room(path: Path, package: Path = PACKAGE) -> str:
    return path.relative_to(package).parts[0].removesuffix(".py")


def _target_room(name: str, package_name: str = "factdesk") -> str | None:
    parts = name.split(".")
    if parts[0] != package_name:
        return None
    target = parts[1] if len(parts) > 1 else "__init__"
    return "__init__" if target == "__version__" else target


def _library_homes_broken(package: Path) -> list[str]:
    """One line per file and library it may not use (or that has no home)."""
    broken: dict[tuple[Path, str], str] = {}
    local = {package.name} | set(sys.stdlib_module_names) - {"sqlite3"}
    for path in sorted(package.rglob("*.py")):
        room = _room(path, package)
        for name in _imports(path, package):
            top = name.split(".")[0]
            shown = path.relative_to(package.parent)
            if name == "<computed>":
                broken[path, top] = f"{shown} imports a computed name (cannot be checked)"
            elif top in local or top == "__future__" or (path, top) in broken:
                continue
            elif top not in LIBRARY_HOMES:
                broken[path, top] = f"{shown} imports {top}, which has no home in LIBRARY_HOMES"
            elif room not in LIBRARY_HOMES[top]:
                homes = ", ".join(sorted(LIBRARY_HOMES[top]))
                broken[path, top] = f"{shown} imports {top} (its home: {homes})"
    return sorted(broken.values())


def _arrows_broken(package: Path) -> tuple[list[str], set[tuple[str, str]]]:
    """One line per file and room it may not import; and the known exceptions used."""
    broken: dict[tuple[Path, str], str] = {}
    excused = set()
    for path in sorted(package.rglob("*.py")):
        room = _room(path, package)
        for name in _imports(path, package):
            target = _target_room(name, package.name)
            if target is None or target == room or target in ARROWS.get(room, set()):
                continue
            if (room, target) in KNOWN_EXCEPTIONS:
                excused.add((room, target))
                continue
            shown = f"{path.relative_to(package.parent)} ({room}) imports factdesk.{target}"
            broken.setdefault((path, target), shown)
    return sorted(broken.values()), excused


def _module_graph(package: Path) -> dict[str, set[str]]:
    modules = {_module_name(path, package): path for path in package.rglob("*.py")}
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for imported in _imports(path, package):
            # `from factdesk.x import y`: y is a module if such a file exists, else a name in x
            while imported and imported not in modules:
                imported = imported.rpartition(".")[0]
            # a package's __init__ is not a circle with its own modules (it is how a
            # package re-exports them)
            if imported and imported != name and not name.startswith(imported + "."):
                graph[name].add(imported)
    return graph


def _circles(package: Path) -> set[tuple[str, ...]]:
    """Strongly connected components of more than one module (Tarjan's algorithm)."""
    graph = _module_graph(package)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: set[tuple[str, ...]] = set()

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.add(tuple(sorted(component)))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _string_value(node: ast.AST) -> str | None:
    """The text of a string expression: a literal, an f-string (its values as "x"), a
    `+` or `%` of them, or `"sep".join([...literals])`; None for anything else."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(_string_value(v) or "x" for v in node.values)
    if isinstance(node, ast.FormattedValue):
        return "x"
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _string_value(node.left), _string_value(node.right)
        if left is not None or right is not None:
            return (left or "x") + (right or "x")
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        return _string_value(node.left)
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "join"
        and node.args
        and isinstance(node.args[0], ast.List | ast.Tuple)
    ):
        separator = _string_value(node.func.value)
        pieces = [_string_value(e) for e in node.args[0].elts]
        if separator is not None and any(p is not None for p in pieces):
            return separator.join(p or "x" for p in pieces)
    return None


def _strings(tree: ast.AST) -> list[tuple[int, str]]:
    """Every string expression, largest first, plus each variable's strings joined in the
    order they are written (`sql = "SELECT a"; sql += " FROM t"`) within one function."""
    found = []
    for node in ast.walk(tree):
        text = _string_value(node)
        if text is not None:
            found.append((getattr(node, "lineno", 0), text))
    scopes = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.Module)]
    for scope in scopes:
        built: dict[str, list[tuple[int, str]]] = {}
        for node in ast.walk(scope):
            if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                text = _string_value(node.value) if node.value is not None else None
                for target in targets:
                    if isinstance(target, ast.Name) and text is not None:
                        built.setdefault(target.id, []).append((node.lineno, text))
        for pieces in built.values():
            if len(pieces) > 1:
                pieces.sort()
                found.append((pieces[0][0], " ".join(text for _line, text in pieces)))
    return found


def _looks_like_sql(text: str) -> bool:
    match = _SQL_STATEMENT.search(text)
    if not match:
        return False
    return bool(_UPPER_KEYWORD.match(match.group(0))) or bool(_SQL_SHAPE.search(text))


def _sql_strings(path: Path) -> list[str]:
    """Strings (and strings joined up) in a file that read as SQL statements."""
    found = set()
    for line, text in _strings(ast.parse(path.read_text(encoding="utf-8"))):
        if _looks_like_sql(text):
            found.add(f"{path.name}:{line}: {text.strip()[:60]!r}")
    return sorted(found)


def _sql_outside_the_database_rooms(package: Path) -> list[str]:
    return [
        hit
        for path in sorted(package.rglob("*.py"))
        if _room(path, package) not in ("store", "hub")
        for hit in _sql_strings(path)
    ]


# --- the rules on the real package ----------------------------------------------------------


def test_every_library_has_one_home():
    broken = _library_homes_broken(PACKAGE)
    assert not broken, "\n".join(broken)


def test_the_package_arrows():
    broken, excused = _arrows_broken(PACKAGE)
    assert not broken, "\n".join(broken)
    unused = set(KNOWN_EXCEPTIONS) - excused
    assert not unused, f"no longer needed, remove from KNOWN_EXCEPTIONS: {sorted(unused)}"


def test_no_circles_between_modules():
    circles = _circles(PACKAGE)
    new = circles - KNOWN_CIRCLES
    assert not new, "import circles:\n" + "\n".join(" -> ".join(c) for c in sorted(new))
    gone = KNOWN_CIRCLES - circles
    assert not gone, f"no longer there, remove from KNOWN_CIRCLES: {sorted(gone)}"


# What hub/ may use of store/: the table registry and the transport's plain data. The
# sync driver, the merge and SQLite stay in store/: hub/ never reaches the laptop's file.
HUB_USES_OF_STORE = ("tables", "transport")


def _hub_reaching_into_store(package: Path) -> list[str]:
    store = f"{package.name}.store"
    allowed = [f"{store}.{module}" for module in HUB_USES_OF_STORE]
    broken = []
    for path in sorted((package / "hub").rglob("*.py")):
        # (`from x import name` reads as x and x.name: name the module, once)
        modules = {".".join(n.split(".")[:3]) for n in _imports(path, package)}
        for name in sorted(modules):
            if name.startswith(store + ".") and name not in allowed:
                broken.append(f"{path.relative_to(package.parent)} imports {name}")
    return broken


def test_the_hub_uses_only_the_registry_and_the_transport_of_store():
    broken = _hub_reaching_into_store(PACKAGE)
    assert not broken, "\n".join(broken)


@pytest.mark.parametrize(
    "code",
    [
        "from factdesk.store.merge import Merge\n",
        "from ..store import outbox\n",
        "def later():\n    import factdesk.store.db\n",
    ],
)
def test_the_hub_rule_fails_on_a_planted_reach_into_store(made_up_package, code):
    package = made_up_package("hub/a.py", code)
    made_up_package("hub/b.py", "from factdesk.store.tables import TABLES\n")
    assert len(_hub_reaching_into_store(package)) == 1


def test_sql_strings_live_only_in_store_and_hub():
    found = _sql_outside_the_database_rooms(PACKAGE)
    assert not found, "\n".join(found)
    in_store = [hit for path in (PACKAGE / "store").rglob("*.py") for hit in _sql_strings(path)]
    assert len(in_store) > 20  # the checker does see SQL where it is


def test_no_module_is_too_long():
    long = _long_modules(PACKAGE)
    new = {name: lines for name, lines in long.items() if name not in LONG_MODULES}
    assert not new, f"over {MAX_LINES} lines, split by area: {new}"
    gone = set(LONG_MODULES) - set(long)
    assert not gone, f"short enough now, remove from LONG_MODULES: {sorted(gone)}"


# --- each rule fails on a planted violation ------------------------------------------------


@pytest.fixture
def made_up_package(tmp_path: Path):
    """A package shaped like factdesk whose files a test writes: `write("gui/x.py", code)`."""
    package = tmp_path / "factdesk"
    for room in ("gui", "store", "claims", "ingest", "evidence", "report", "hub", "web"):
        (package / room).mkdir(parents=True)
        (package / room / "__init__.py").write_text("")
    (package / "__init__.py").write_text("")

    def write(relative: str, code: str) -> Path:
        path = package / relative
        path.write_text(code)
        return package

    return write


@pytest.mark.parametrize(
    "relative, code, expected",
    [
        ("gui/a.py", "import sqlite3\n", "sqlite3"),
        ("gui/a.py", "from bs4 import BeautifulSoup\n", "bs4"),
        ("gui/a.py", "def f():\n    import weasyprint\n", "weasyprint"),
        ("gui/a.py", "import keyring.backends\n", "keyring"),
        ("claims/a.py", "import requests\n", "requests"),
        ("ingest/a.py", "import psycopg\n", "psycopg"),
        ("store/a.py", "from PySide6.QtCore import Qt\n", "PySide6"),
        ("gui/a.py", "import importlib\nm = importlib.import_module('sqlite3')\n", "sqlite3"),
        ("gui/a.py", "m = __import__('requests')\n", "requests"),
        ("gui/a.py", "import importlib\nname = 'x'\nimportlib.import_module(name)\n", "computed"),
        ("claims/a.py", "import left_pad\n", "no home"),
    ],
)
def test_the_home_rule_fails_on_a_planted_violation(made_up_package, relative, code, expected):
    broken = _library_homes_broken(made_up_package(relative, code))
    assert len(broken) == 1 and expected in broken[0], broken


@pytest.mark.parametrize(
    "relative, code",
    [
        ("store/a.py", "from factdesk.desk import Desk\n"),
        ("claims/a.py", "from factdesk import store\n"),
        ("claims/a.py", "import factdesk.gui\n"),
        ("gui/a.py", "from ..store import queries\n"),  # relative, to a room it may not use
        ("gui/a.py", "def later():\n    from ..hub import sync\n"),  # lazy
        ("claims/a.py", "from ..evidence import similar\n"),  # sideways in the middle
        ("report/a.py", "from factdesk.ingest import fetch\n"),
        ("ingest/a.py", "import importlib\nimportlib.import_module('factdesk.store.db')\n"),
    ],
)
def test_the_arrow_rule_fails_on_a_planted_violation(made_up_package, relative, code):
    broken, _ = _arrows_broken(made_up_package(relative, code))
    assert len(broken) == 1, broken


def test_the_arrow_rule_lets_a_room_import_itself_and_what_is_below(made_up_package):
    made_up_package("gui/b.py", "from . import c\nfrom .c import x\nfrom factdesk.model import A\n")
    package = made_up_package("ingest/b.py", "from ..web import http\nfrom .. import errors\n")
    assert _arrows_broken(package)[0] == []


def test_the_circle_rule_fails_on_a_planted_circle(made_up_package):
    made_up_package("claims/a.py", "from . import b\n")
    package = made_up_package(
        "claims/b.py",
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from factdesk.claims.a import A\n",
    )
    assert _circles(package) == {("factdesk.claims.a", "factdesk.claims.b")}


def test_a_package_init_is_no_circle_with_its_modules(made_up_package):
    made_up_package("claims/__init__.py", "from .a import split\n")
    package = made_up_package("claims/a.py", "from factdesk.claims.b import x\n")
    made_up_package("claims/b.py", "x = 1\n")
    assert _circles(package) == set()


@pytest.mark.parametrize(
    "code",
    [
        'a = "SELECT id FROM claims WHERE x = ?"\n',
        'a = "select id from claims where x = ?"\n',  # lower case
        'b = f"update {table} set x = 1"\n',
        'd = """Insert Or Ignore Into t VALUES (1)"""\n',
        'e = "SELECT id " + "FROM claims"\n',  # split over two strings
        'def f():\n    sql = "select id, text"\n    sql += " from claims where id = ?"\n',
        'g = " ".join(["select id", "from claims", "where id = ?"])\n',
        'h = "pragma quick_check"\n',
        'i = "delete from claims where id = :id"\n',
    ],
)
def test_the_sql_rule_fails_on_planted_sql(made_up_package, code):
    package = made_up_package("gui/a.py", code)
    assert len(_sql_outside_the_database_rooms(package)) == 1


@pytest.mark.parametrize(
    "prose",
    [
        "Select the claims you want, then press Delete from the menu.",
        "Update the claim's status: select from the list.",
        "Create a table of claims? Not yet.",
        "moved to the trash: Ctrl+Z or Trash to restore",
    ],
)
def test_the_sql_rule_leaves_prose_alone(made_up_package, prose):
    package = made_up_package("gui/a.py", f"a = {prose!r}\n")
    assert _sql_outside_the_database_rooms(package) == []


def test_the_type_checker_catches_a_name_a_module_does_not_have(tmp_path):
    """The first release's `factdesk score FILE` imported read_text_file from
    factdesk.ingest, which has none: mypy, as configured for CI, must say so."""
    import shutil
    import subprocess

    if not shutil.which("mypy", path=str(Path(sys.executable).parent)):
        pytest.skip("mypy is not installed (pip install -e '.[test]')")
    code = tmp_path / "probe.py"
    code.write_text(
        "from pathlib import Path\n\n\n"
        "def score(name: str) -> str:\n"
        "    from factdesk.ingest import read_text_file\n\n"
        "    return read_text_file(Path(name))\n"
    )
    result = subprocess.run(
        [str(Path(sys.executable).parent / "mypy"), "--config-file",
         str(PACKAGE.parent / "pyproject.toml"), str(code)],
        capture_output=True, text=True, cwd=PACKAGE.parent,
    )  # fmt: skip
    assert result.returncode == 1
    assert 'has no attribute "read_text_file"' in result.stdout


def test_the_length_rule_fails_on_a_planted_long_module(made_up_package):
    made_up_package("claims/short.py", "x = 1\n" * MAX_LINES)
    package = made_up_package("claims/long.py", "x = 1\n" * (MAX_LINES + 1))
    assert _long_modules(package) == {"claims/long.py": MAX_LINES + 1}
