"""The Debian packages a PyInstaller folder needs from the system, for its .deb's Depends.

Every ELF file in the folder is read with ldd; a library the folder does not ship itself
(by file name: the bundle's loader finds its own copies first) is looked up with dpkg -S.
glibc gets the version the folder needs: the highest GLIBC_x.y symbol version any of its
files asks for (objdump -T). Prints one line, the Depends value; on stderr, the libraries
no installed package holds (a Qt plugin for a system this machine does not have, say).

    python3 scripts/deb_depends.py dist/factdesk
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

_LDD_LINE = re.compile(r"^\s*(\S+)\s+=>\s+(not found|\S+)")
_GLIBC = re.compile(r"GLIBC_(\d+)\.(\d+)")
# Packages glibc's own libraries come in (versioned by the symbols asked for).
_GLIBC_PACKAGES = {"libc6"}


def elf_files(folder: Path) -> list[Path]:
    found = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as file:
                if file.read(4) == b"\x7fELF":
                    found.append(path)
    return found


def package_of(library: str) -> str | None:
    """The installed package holding `library` (tried as given, resolved, and under /usr)."""
    real = os.path.realpath(library)
    candidates = [library, real]
    for path in (library, real):
        if path.startswith("/usr/"):
            candidates.append(path[4:])
        else:
            candidates.append("/usr" + path)
    for candidate in dict.fromkeys(candidates):
        result = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True)
        if result.returncode == 0:
            return result.stdout.split(":", 1)[0].split(",")[0].strip()
    return None


def main(folder: Path) -> int:
    files = elf_files(folder)
    shipped = {path.name for path in folder.rglob("*")}
    libraries: dict[str, str] = {}  # system path -> the first file that needs it
    missing: dict[str, str] = {}
    glibc = (2, 0)
    for path in files:
        ldd = subprocess.run(["ldd", str(path)], capture_output=True, text=True).stdout
        for line in ldd.splitlines():
            match = _LDD_LINE.match(line)
            if not match or match[1] in shipped:
                continue
            if match[2] == "not found":
                missing.setdefault(match[1], str(path.relative_to(folder)))
            elif not Path(match[2]).is_relative_to(folder.resolve()):
                libraries.setdefault(match[2], str(path.relative_to(folder)))
        symbols = subprocess.run(["objdump", "-T", str(path)], capture_output=True, text=True)
        for major, minor in _GLIBC.findall(symbols.stdout):
            glibc = max(glibc, (int(major), int(minor)))
    packages: set[str] = set()
    for library, needed_by in libraries.items():
        package = package_of(library)
        if package is None:
            missing.setdefault(library, needed_by)
        else:
            packages.add(package)
    for library, needed_by in sorted(missing.items()):
        print(f"deb_depends: {library} (needed by {needed_by}): in no installed package",
              file=sys.stderr)  # fmt: skip
    depends = [
        f"{name} (>= {glibc[0]}.{glibc[1]})" if name in _GLIBC_PACKAGES else name
        for name in sorted(packages)
    ]
    print(", ".join(depends))
    print(f"deb_depends: {len(files)} ELF files, {len(libraries)} system libraries in "
          f"{len(packages)} packages; glibc >= {glibc[0]}.{glibc[1]}", file=sys.stderr)  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
