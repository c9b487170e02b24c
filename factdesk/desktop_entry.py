"""`factdesk --install-desktop`: put factdesk in the desktop's menu for this user, as a
pipx (or pip) install needs, since a wheel cannot install files outside its folder.

Writes the desktop entry, the icon and the AppStream metainfo under $XDG_DATA_HOME
(~/.local/share by default), with Exec= the absolute path of the program that ran this,
so the menu starts the same factdesk even when ~/.local/bin is not on the desktop's PATH.
The .deb installs the same files system-wide (scripts/build_deb.sh).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from factdesk.errors import BadInput
from factdesk.paths import resource

APP_ID = "org.factdesk.factdesk"


def data_home() -> Path:
    """$XDG_DATA_HOME, or ~/.local/share (the XDG Base Directory default)."""
    configured = os.environ.get("XDG_DATA_HOME", "")
    return Path(configured) if os.path.isabs(configured) else Path.home() / ".local/share"


def program() -> list[str]:
    """How to start this factdesk again: the frozen program, the `factdesk` script that ran
    (pipx's ~/.local/bin/factdesk), or this Python with -m factdesk."""
    if getattr(sys, "frozen", False):
        return [str(Path(sys.executable).resolve())]
    script = Path(sys.argv[0])
    if script.name == "factdesk" and script.exists():
        return [str(script.absolute())]
    return [str(Path(sys.executable).absolute()), "-m", "factdesk"]


def exec_line(argv: list[str]) -> str:
    """argv as a desktop entry's Exec= value: each argument quoted when it must be, with
    the characters the specification reserves inside quotes escaped."""
    quoted = []
    for argument in argv:
        if "\n" in argument or "\t" in argument:
            raise BadInput(f"{argument!r}: a program path a desktop entry cannot hold")
        if any(c in argument for c in " \"'\\><~|&;$*?#()`="):
            escaped = "".join("\\" + c if c in '"`$\\' else c for c in argument)
            argument = f'"{escaped}"'
        quoted.append(argument.replace("%", "%%"))
    # The desktop-entry format escapes a backslash once more in every string value.
    return " ".join(quoted).replace("\\", "\\\\")


def install_desktop_entry(argv: list[str] | None = None) -> list[Path]:
    """Write the desktop entry, icon and metainfo for this user; returns the files written."""
    home = data_home()
    entry = resource("factdesk.desktop").read_text(encoding="utf-8")
    lines = [
        f"Exec={exec_line(argv or program())}" if line.startswith("Exec=") else line
        for line in entry.splitlines()
    ]
    shipped = (resource("icons/factdesk.svg"), resource(f"{APP_ID}.metainfo.xml"))
    targets = {
        home / "applications" / "factdesk.desktop": "\n".join(lines) + "\n",
        home / "icons/hicolor/scalable/apps/factdesk.svg": shipped[0].read_text("utf-8"),
        home / "metainfo" / f"{APP_ID}.metainfo.xml": shipped[1].read_text("utf-8"),
    }
    written = []
    for path, text in targets.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.part")
        partial.write_text(text, encoding="utf-8")
        partial.replace(path)
        written.append(path)
    # The menu reads a cache where there is one; refresh it if the tool is here (optional).
    updater = shutil.which("update-desktop-database")
    if updater:
        subprocess.run([updater, "-q", str(home / "applications")], check=False)
    return written
