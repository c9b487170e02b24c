"""The README's picture of the fact-check editor (F7): the sample's Tory-activist claim,
its findings in Markdown beside the live preview, in review. Run it when the editor's
looks change:

    QT_QPA_PLATFORM=offscreen python -m tests.gui.make_factcheck_editor_screenshot
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path


def main(target: str) -> None:
    from factdesk.gui.app import make_app
    from factdesk.gui.factcheck_editor import FactCheckEditor
    from factdesk.gui.operations import DeskSession
    from tests.report.sample_desk import build_sample_desk
    from tests.report.test_factcheck import FINDINGS, TORY

    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "sample.db"
        desk = build_sample_desk(db)
        claim_id = next(c.id for c in desk.claims() if c.text.startswith(TORY))
        desk.save_factcheck(claim_id, findings=FINDINGS)
        desk.submit_factcheck(claim_id)
        factcheck = desk.factcheck(claim_id)
        desk.close()
        app = make_app()
        session = DeskSession(db)
        editor = FactCheckEditor(session, factcheck)
        editor.resize(1280, 760)
        editor.editor_name.setText("Grace Hopper")
        editor.show()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and "What we found" not in editor.preview.toPlainText():
            app.processEvents()
            time.sleep(0.02)
        for _ in range(20):
            app.processEvents()
            time.sleep(0.02)
        editor.grab().save(target)
        editor.close()
        session.close()
    print(target)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "docs/factcheck-editor.png")
