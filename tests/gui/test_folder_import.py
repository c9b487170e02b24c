"""A folder imported from the window: its article files (sub-folders too, hidden ones and
other files skipped), read in worker processes once there are enough of them."""

from __future__ import annotations

from factdesk.gui import imports
from tests.gui.helpers import settle, stored

TEXT = (
    "{title}\n\nThe minister, Jane Harlow, said unemployment had fallen by {n}0 percent since"
    " 2019. Harlow said wages rose by {n} percent last year.\n"
)


def _folder(tmp_path):
    folder = tmp_path / "articles"
    (folder / "older").mkdir(parents=True)
    (folder / ".hidden").mkdir()
    (folder / "one.txt").write_text(TEXT.format(title="One", n=1), encoding="utf-8")
    (folder / "two.md").write_text(TEXT.format(title="Two", n=2), encoding="utf-8")
    (folder / "older" / "three.txt").write_text(TEXT.format(title="Three", n=3), encoding="utf-8")
    (folder / ".hidden" / "four.txt").write_text(TEXT.format(title="Four", n=4), encoding="utf-8")
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4 not an article")
    return folder


def test_a_folder_is_read_in_worker_processes_and_stored(make_window, qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(imports, "PROCESSES_FROM", 2)  # three files: the worker processes
    window = make_window()
    with qtbot.waitSignal(window.imported, timeout=120_000) as blocker:
        window.importer.import_folder(_folder(tmp_path))
    results, errors = blocker.args
    assert not errors
    assert sorted(r.article.title for r in results) == ["One", "Three", "Two"]
    assert all(r.claim_count > 0 for r in results)
    settle(qtbot, window)
    with stored(window) as desk:
        assert sorted(a.title for a in desk.articles()) == ["One", "Three", "Two"]


def test_a_folder_without_articles_says_so_and_stores_nothing(make_window, qtbot, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.pdf").write_bytes(b"%PDF-1.4 not an article")
    window = make_window()
    with qtbot.waitSignal(window.imported, timeout=30_000) as blocker:
        window.importer.import_folder(empty)
    results, errors = blocker.args
    assert results == []
    assert errors == [f"{empty}: no articles here (.html, .htm, .html.gz, .txt, .md files)"]
    with stored(window) as desk:
        assert desk.articles() == []
