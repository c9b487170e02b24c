"""What a desktop sees of factdesk: the desktop entry (claiming only what factdesk opens),
the AppStream metainfo, and `factdesk --install-desktop` for a pipx or pip user, checked
with the freedesktop tools (desktop-file-validate, appstreamcli)."""

from __future__ import annotations

import configparser
import shutil
import subprocess

import pytest

from factdesk.cli import main
from factdesk.desktop_entry import APP_ID, exec_line
from tests.conftest import REPO, strict_ci


def tool(name: str, package: str) -> str:
    found = shutil.which(name)
    if found is None:
        if strict_ci():
            pytest.fail(f"{name} ({package}) is not installed", pytrace=False)
        pytest.skip(f"{name} ({package}) is not installed")
    return found


def desktop_entry(path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def exec_arguments(value: str) -> list[str]:
    """An Exec= value split as the Desktop Entry Specification says: the string value's
    escapes undone (\\\\ is \\), then arguments split at spaces, a quoted one taken
    whole with \\", \\`, \\$ and \\\\ inside it meaning the character."""
    value = value.replace("\\\\", "\\")
    arguments, current, quoted, index = [], "", False, 0
    while index < len(value):
        char = value[index]
        if quoted and char == "\\" and value[index + 1] in '"`$\\':
            current += value[index + 1]
            index += 1
        elif char == '"':
            quoted = not quoted
        elif char == " " and not quoted:
            arguments.append(current)
            current = ""
        else:
            current += char
        index += 1
    return [*arguments, current]


def test_the_desktop_entry_claims_only_what_factdesk_opens():
    """factdesk opens no file or URL given on its command line: the entry must not offer it
    for web pages, text files or links (the desktop would list it as a web browser)."""
    path = REPO / "resources" / "factdesk.desktop"
    subprocess.run([tool("desktop-file-validate", "desktop-file-utils"), str(path)], check=True)
    entry = desktop_entry(path)
    assert "MimeType" not in entry
    assert entry["Exec"] == "factdesk" and "%" not in entry["Exec"]
    assert entry["Icon"] == "factdesk" and entry["Terminal"] == "false"


def test_the_metainfo_is_valid_appstream():
    path = REPO / "resources" / f"{APP_ID}.metainfo.xml"
    result = subprocess.run(
        [tool("appstreamcli", "appstream"), "validate", "--no-net", "--pedantic", str(path)],
        capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert '<launchable type="desktop-id">factdesk.desktop</launchable>' in path.read_text()


def test_install_desktop_puts_factdesk_in_this_users_menu(tmp_path, monkeypatch, capsys):
    home = tmp_path / "data home"
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    assert main(["--install-desktop"]) == 0
    out, err = capsys.readouterr()
    written = out.splitlines()
    entry_path = home / "applications" / "factdesk.desktop"
    assert written == [
        str(entry_path),
        str(home / "icons/hicolor/scalable/apps/factdesk.svg"),
        str(home / "metainfo" / f"{APP_ID}.metainfo.xml"),
    ]
    assert "desktop menu" in err
    subprocess.run([tool("desktop-file-validate", "desktop-file-utils"), str(entry_path)],
                   check=True)  # fmt: skip
    command = exec_arguments(desktop_entry(entry_path)["Exec"])
    assert command[0].startswith("/")  # the program that ran, wherever PATH points
    version = subprocess.run([*command, "--version"], capture_output=True, text=True)
    assert version.stdout.startswith("factdesk ")
    assert (home / "icons/hicolor/scalable/apps/factdesk.svg").read_text().startswith("<svg")
    assert main(["--install-desktop"]) == 0  # twice is once: the same files, replaced


@pytest.mark.parametrize(
    "path",
    ["/opt/factdesk/factdesk", "/home/ada b/.local/bin/factdesk", '/srv/a"b$c`d\\e/factdesk'],
)
def test_exec_lines_quote_what_the_specification_reserves(path, tmp_path):
    """Paths with spaces and reserved characters survive the desktop's own parsing."""
    line = exec_line([path, "-m", "factdesk"])
    entry = tmp_path / "x.desktop"
    entry.write_text(f"[Desktop Entry]\nType=Application\nName=x\nExec={line}\n", encoding="utf-8")
    subprocess.run([tool("desktop-file-validate", "desktop-file-utils"), str(entry)], check=True)
    assert exec_arguments(line) == [path, "-m", "factdesk"]
