"""The toolkit must not leak references to None (PySide6-Essentials 6.12.0 on Python 3.11
does, on every Qt call that returns nothing, and the app aborts with "none_dealloc" after a
few thousand). The reader's re-render makes hundreds of such calls, so re-rendering it a few
thousand times shows a bad release at once. It runs in a child process: a bad release makes
this test fail instead of aborting pytest."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
RENDERS = 3000

SCRIPT = """
import sys
from PySide6.QtWidgets import QApplication
from factdesk.claims import split_claims
from factdesk.gui.reader import ArticleReader
from factdesk.ingest import read_source

app = QApplication(sys.argv[:1])
article = read_source(sys.argv[1])
claims = split_claims(article)
assert claims and article.posts, "the sample should have claims and embedded posts"
reader = ArticleReader()
reader.resize(800, 600)
reader.show_article(article, claims, {})
reader.set_current_claim(claims[0].id)
before = sys.getrefcount(None)
for n in range(int(sys.argv[2])):
    reader.show_article(article, claims, {})
    reader.set_current_claim(claims[n % len(claims)].id, scroll=False)
print(before, sys.getrefcount(None), flush=True)
"""


def test_rerendering_the_reader_keeps_references_to_none():
    sample = REPO / "seeds" / "000_ea872c36249f8574.txt"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(sample), str(RENDERS)],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=240,
    )
    assert done.returncode == 0, (
        f"the reader crashed after re-rendering (exit {done.returncode}): {done.stderr[-2000:]}"
    )
    before, after = (int(n) for n in done.stdout.split())
    assert after >= before, (
        f"sys.getrefcount(None) fell from {before} to {after} over {RENDERS} re-renders: "
        "this PySide6 release leaks references to None; keep it out of pyproject.toml"
    )
