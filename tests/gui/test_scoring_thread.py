"""The app never scores on its GUI thread: an import stores its claims with provisional
scores at once, and the sentence encoder (the costly part of scoring, issue 24) runs
after it on the network pool (the Refiner, issue 22 item 8); the claims table then shows
the final scores and kinds."""

from __future__ import annotations

import threading

from factdesk.claims import checkworthy, split_claims
from factdesk.ingest import read_source
from tests.conftest import SAMPLE


def test_an_import_scores_off_the_gui_thread(make_window, qtbot, monkeypatch):
    threads: list[threading.Thread] = []
    real_embed = checkworthy.embed

    def recording_embed(texts):
        threads.append(threading.current_thread())
        return real_embed(texts)

    monkeypatch.setattr(checkworthy, "embed", recording_embed)
    window = make_window()
    with qtbot.waitSignal(window.refiner.refined, timeout=60_000) as refined:
        with qtbot.waitSignal(window.importer.imported, timeout=60_000) as blocker:
            window.importer.load_sample()
        results, errors = blocker.args
        assert not errors and results[0].claim_count > 0
    assert refined.args == [results[0].article.id]
    assert threads, "the import scored nothing"
    assert all(thread is not threading.main_thread() for thread in threads)
    # The claims table shows the refined kinds once they land.
    model = window.claims.model
    full = split_claims(read_source(str(SAMPLE)))
    qtbot.waitUntil(
        lambda: (
            model.rowCount() == len(full)
            and all(model.claim_at(row).kind for row in range(model.rowCount()))
        ),
        timeout=20_000,
    )
    shown = sorted(
        (model.claim_at(r).text, model.claim_at(r).kind) for r in range(model.rowCount())
    )
    assert shown == sorted((c.text, c.kind) for c in full)
