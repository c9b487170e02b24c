"""Remake the README's picture of a published fact-check page (issue 20): the sample
article reviewed (tests/report/sample_desk.py), one claim's fact-check written, signed
off by a second checker and exported as a page, then shot by headless Chromium:

    python -m tests.report.make_factcheck_screenshot docs/factcheck-page.png
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.report.sample_desk import build_sample_desk
from tests.report.test_factcheck import FINDINGS, TORY


def main(target: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        desk = build_sample_desk(Path(folder) / "sample.db")
        desk.set_setting("corrections_policy", "Spotted a mistake? Write to us and we correct it.")
        claim_id = next(c.id for c in desk.claims() if c.text.startswith(TORY))
        desk.save_factcheck(claim_id, findings=FINDINGS, authors=["Ada Lovelace"])
        desk.submit_factcheck(claim_id)
        desk.sign_off_factcheck(claim_id, "Grace Hopper")
        page = Path(folder) / "page.html"
        desk.export("page", page, claims=[claim_id])
        desk.close()
        chromium = shutil.which("chromium") or "chromium"
        subprocess.run(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", f"--user-data-dir={folder}/profile",
             "--hide-scrollbars", "--window-size=1000,1400", f"--screenshot={target}",
             page.as_uri()],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip
    print(target)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "docs/factcheck-page.png")
