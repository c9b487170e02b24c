"""The real app in its own process on a real X server (Xvfb), driven by keys with xdotool,
and `factdesk` commands run beside it: what a fact-checker's desktop does.

Tests start Xvfb on a free display themselves and stop it after."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "seeds" / "000_ea872c36249f8574.txt"


def needs_x() -> None:
    """Skip (fail in CI) without Xvfb and xdotool."""
    missing = [tool for tool in ("Xvfb", "xdotool") if shutil.which(tool) is None]
    if missing:
        message = f"needs {' and '.join(missing)} (apt-get install xvfb xdotool)"
        if os.environ.get("FACTDESK_CI_STRICT") == "1":
            pytest.fail(message)
        pytest.skip(message)


def _free_display() -> int:
    for number in range(140, 400):
        if (
            not Path(f"/tmp/.X{number}-lock").exists()
            and not Path(f"/tmp/.X11-unix/X{number}").exists()
        ):
            return number
    raise RuntimeError("no free X display number")


@contextlib.contextmanager
def xvfb(screen: str = "1600x1000") -> Iterator[str]:
    """An X server of our own (a screen of `screen` pixels); yields its DISPLAY."""
    needs_x()
    for _attempt in range(5):
        number = _free_display()
        server = subprocess.Popen(
            ["Xvfb", f":{number}", "-screen", "0", f"{screen}x24", "-nolisten", "tcp"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and server.poll() is None:
            if Path(f"/tmp/.X11-unix/X{number}").exists():
                break
            time.sleep(0.05)
        if server.poll() is None:
            break
    else:
        raise RuntimeError("Xvfb did not start")
    try:
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(10)


def factdesk(db: Path, *args: str, env: dict | None = None, check: bool = True) -> str:
    """Run a `factdesk` command (a separate process) on `db`; its output."""
    done = subprocess.run(
        [sys.executable, "-m", "factdesk", "--db", str(db), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        cwd=REPO,
    )
    if check and done.returncode != 0:
        raise AssertionError(f"factdesk {' '.join(args)} failed: {done.stderr}")
    return done.stdout


def _setting(db: Path, key: str) -> str:
    """A setting's value as `factdesk settings KEY` prints it ("" when unset)."""
    line = factdesk(db, "settings", key).strip()
    return line.partition("=")[2].partition("#")[0].strip()


class App:
    """The desktop app on `db`, in its own process, on `display`."""

    def __init__(
        self, db: Path, display: str, home: Path, code: Path = REPO, ask_name: bool = False
    ):
        """`code`: the checkout whose factdesk runs (another one shows a test's use).
        Unless `ask_name`, the database knows a reviewer's name (set with `factdesk
        settings` if it had none), so the app does not ask for it at start."""
        self.db, self.display = db, display
        home.mkdir(parents=True, exist_ok=True)
        if not ask_name and not _setting(db, "reviewer"):
            factdesk(db, "settings", "reviewer", "Test Reviewer")
        self.env = dict(
            os.environ,
            DISPLAY=display,
            QT_QPA_PLATFORM="xcb",
            HOME=str(home),
            FACTDESK_DATA_DIR=str(home / "factdesk"),
            XDG_CONFIG_HOME=str(home / ".config"),
            XDG_DATA_HOME=str(home / ".local" / "share"),
            XDG_CACHE_HOME=str(home / ".cache"),
        )
        self.env.pop("WAYLAND_DISPLAY", None)
        self.log = home / "app-stderr.txt"
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "factdesk", "--db", str(db)],
                stdout=subprocess.DEVNULL,
                stderr=log,
                env=self.env,
                cwd=code,
            )
        self.window = self._find_window()

    def xdotool(self, *args: str) -> str:
        done = subprocess.run(
            ["xdotool", *args], capture_output=True, text=True, env=self.env, timeout=120
        )
        return done.stdout.strip()

    def _find_window(self, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"the app exited: {self.stderr()}")
            found = self.xdotool("search", "--onlyvisible", "--name", f"factdesk — {self.db.name}")
            if found:
                return found.splitlines()[0]
            time.sleep(0.2)
        raise AssertionError(f"no window in {timeout} s: {self.stderr()}")

    def keys(self, *keys: str, delay_ms: int = 40) -> None:
        """Press keys (xdotool names: j, 5, ctrl+z, Escape, Return...) in the active window."""
        self.xdotool("key", "--delay", str(delay_ms), *keys)

    def focus(self) -> None:
        """Give the main window the keyboard focus back after a dialog closed, as a window
        manager would (Xvfb runs none)."""
        self.xdotool("windowfocus", "--sync", self.window)
        time.sleep(0.2)

    def type(self, text: str) -> None:
        self.xdotool("type", "--delay", "20", text)

    def wait_for_title(self, fragment: str, timeout: float = 15) -> str:
        """Wait for a window (a dialog) whose title holds `fragment`; its id."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.xdotool("search", "--onlyvisible", "--name", fragment)
            if found:
                return found.splitlines()[0]
            time.sleep(0.1)
        raise AssertionError(f"no window titled {fragment!r}: {self.stderr()}")

    def wait_gone(self, window: str, timeout: float = 10) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if window not in self.xdotool("search", "--onlyvisible", "--name", "."):
                return
            time.sleep(0.1)
        raise AssertionError(f"window {window} still open")

    def screenshot(self, path: Path) -> None:
        subprocess.run(
            ["import", "-window", "root", str(path)], env=self.env, timeout=60, check=False
        )

    def open_files(self) -> list[str]:
        """What the app process has open of the database's files (from /proc)."""
        found = []
        for fd in Path(f"/proc/{self.process.pid}/fd").iterdir():
            with contextlib.suppress(OSError):
                target = os.readlink(fd)
                if self.db.name in target:
                    found.append(target)
        return sorted(found)

    def wait_ready(self, count_verdicts) -> None:
        """Wait until the app shows its first claim: press 1 until a verdict is stored (the
        window shows before its first claim is read)."""
        wait_until(lambda: len(self.open_files()) >= 3, what="the app to open the database")
        for _attempt in range(10):
            self.keys("1")
            with contextlib.suppress(AssertionError):
                wait_until(lambda: count_verdicts() > 0, timeout=3, what="the first verdict")
                return
        raise AssertionError(f"the app never took a key: {self.stderr()}")

    def running(self) -> bool:
        return self.process.poll() is None

    def stderr(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def kill(self) -> None:
        """SIGKILL: a crash, a forced logout. Nothing gets to run after it."""
        if self.running():
            self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def close(self) -> None:
        if self.running():
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()


@contextlib.contextmanager
def app_on(
    db: Path, home: Path, code: Path = REPO, ask_name: bool = False, screen: str = "1600x1000"
) -> Iterator[App]:
    with xvfb(screen) as display:
        app = App(db, display, home, code, ask_name)
        try:
            yield app
        finally:
            app.kill()


DRIVER = """  # the app, offscreen, doing what its stdin says
import sys, time
from pathlib import Path
from PySide6.QtCore import QMimeData, QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from factdesk.gui.app import make_app
from factdesk.gui.main_window import MainWindow
from factdesk.gui.operations import DeskSession

app = make_app()
settings = QSettings(sys.argv[2], QSettings.Format.IniFormat)
session = DeskSession(sys.argv[1])
session.reviewer = session.reviewer or "Test Reviewer"  # not asked at start
window = MainWindow(session, settings)
window.show()
window.activateWindow()

def pump(seconds):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)

# Ready: the first claim shown, every read done, the keys in the claims table.
deadline = time.monotonic() + 30
while time.monotonic() < deadline and not (
    window.panel.claim is not None and window.session.idle()
    and QApplication.focusWidget() is window.claims.view
):
    pump(0.05)
print("ready", flush=True)
for line in sys.stdin:
    command, *args = line.split()
    if command == "drop":  # what Qt hands the window when files are dropped on it
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(arg) for arg in args])
        window.dropEvent(QDropEvent(QPointF(60, 60), Qt.DropAction.CopyAction, mime,
                                    Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier))
        pump(1.5)
        print("dropped", window.statusBar().currentMessage(), flush=True)
    elif command == "keys":
        for key in args:
            QTest.keyClick(QApplication.focusWidget() or window, getattr(Qt.Key, "Key_" + key))
            pump(0.2)
        pump(1)
        print("pressed", flush=True)
"""


class DrivenApp:
    """The app in its own process, offscreen, told what to do line by line on its stdin:
    "drop PATH..." (what Qt hands the window when files are dropped on it) or "keys J 5"
    (keys pressed where the focus is). Each answers with one line."""

    def __init__(self, db: Path, folder: Path):
        self.db = db
        self.log = folder / "driven-app-stderr.txt"
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", FACTDESK_DATA_DIR=str(folder / "data"))
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-c", DRIVER, str(db), str(folder / "window.ini")],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=log,
                text=True,
                env=env,
                cwd=REPO,
            )
        ready = self.process.stdout.readline().strip()
        if ready != "ready":
            self.kill()
            raise AssertionError(f"the app did not start: {self.stderr()}")

    def say(self, line: str) -> str:
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()
        return self.process.stdout.readline().strip()

    def stderr(self) -> str:
        return self.log.read_text(errors="replace")

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def __enter__(self) -> DrivenApp:
        return self

    def __exit__(self, *exc: object) -> None:
        self.kill()


def wait_until(condition, timeout: float = 15, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what or condition}")
