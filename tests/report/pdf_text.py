"""Read a PDF as a reader would: the text of each page (poppler's pdftotext -layout), and
pages as PNG images (pdftoppm). Skips without poppler-utils, fails in CI."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.conftest import strict_ci


def _need(tool: str) -> str:
    found = shutil.which(tool)
    if found is None:
        if strict_ci():
            pytest.fail(f"{tool} (poppler-utils) is not installed", pytrace=False)
        pytest.skip(f"{tool} (poppler-utils) is not installed")
    return found


def pdf_pages(pdf: bytes) -> list[str]:
    """The text of each page, laid out as on the page (pdftotext -layout)."""
    pdftotext = _need("pdftotext")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.pdf"
        path.write_bytes(pdf)
        text = subprocess.run(
            [pdftotext, "-layout", "-enc", "UTF-8", str(path), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    # pdftotext ends every page with a form feed.
    pages = text.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def flat(text: str) -> str:
    """Text with every run of whitespace made one space (lines joined), for finding phrases
    that wrap across lines."""
    return " ".join(text.split())


def page_images(pdf: bytes, folder: Path, *, resolution: int = 60) -> list[Path]:
    """Each page as a PNG in `folder` (pdftoppm), in page order."""
    pdftoppm = _need("pdftoppm")
    path = folder / "report.pdf"
    path.write_bytes(pdf)
    subprocess.run(
        [pdftoppm, "-r", str(resolution), "-png", str(path), str(folder / "page")], check=True
    )
    return sorted(folder.glob("page-*.png"), key=lambda p: int(re.findall(r"\d+", p.stem)[-1]))
