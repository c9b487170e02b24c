"""The app never scores on its GUI thread: the sentence encoder (the costly part of
scoring) runs on the import's worker thread (issue 24)."""

from __future__ import annotations

import threading

from factdesk.claims import checkworthy


def test_an_import_scores_off_the_gui_thread(make_window, qtbot, monkeypatch):
    threads: list[threading.Thread] = []
    real_embed = checkworthy.embed

    def recording_embed(texts):
        threads.append(threading.current_thread())
        return real_embed(texts)

    monkeypatch.setattr(checkworthy, "embed", recording_embed)
    window = make_window()
    with qtbot.waitSignal(window.imported, timeout=60_000) as blocker:
        window.importer.load_sample()
    results, errors = blocker.args
    assert not errors and results[0].claim_count > 0
    assert threads, "the import scored nothing"
    assert all(thread is not threading.main_thread() for thread in threads)
