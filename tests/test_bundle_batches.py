"""A bundle is merged in committed batches of whole articles (store/bundle_merge.py): the
same data as one merge of everything, a damaged line anywhere still changes nothing, and
an import killed half-way leaves whole articles, finished by importing the bundle again."""

from __future__ import annotations

import gzip
import json
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from factdesk.desk import Desk
from factdesk.errors import BadInput
from factdesk.model import Article
from factdesk.store.bundle_merge import merge_bundle
from tests.conftest import dump
from tests.report.big_desk import build_big_desk
from tests.test_desk import sentence_split
from tests.test_merge_properties import (
    TEXTS,
    base,  # noqa: F401 (the fixture: the common ancestor)
    diverged,
    ops,
    table_rows,
)

ARTICLES = 60  # of 20 claims, each with a verdict and a piece of evidence


@pytest.fixture(scope="module")
def teammate(tmp_path_factory) -> Path:
    """A teammate's bundle: ARTICLES articles of 20 rated claims with evidence."""
    folder = tmp_path_factory.mktemp("teammate")
    with Desk(build_big_desk(folder / "teammate.db", ARTICLES * 20)) as desk:
        desk.export_bundle(folder / "work.bundle")
    return folder / "work.bundle"


def merge_into(copy_of: Path, target: Path, bundle: Path, batch_rows: int) -> Path:
    shutil.copy(copy_of, target)
    with Desk(target) as desk:
        merge_bundle(desk.db, bundle, accept_deletions=True, batch_rows=batch_rows)
    return target


@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(steps=ops)
def test_batches_of_one_row_merge_what_one_batch_merges(base, tmp_path_factory, steps):  # noqa: F811
    tmp = tmp_path_factory.mktemp("batches")
    diverged(base, tmp, steps)
    for into, other in (("A", "B"), ("B", "A")):
        small = merge_into(tmp / f"{into}.db", tmp / "small.db", tmp / f"{other}.bundle", 1)
        whole = merge_into(tmp / f"{into}.db", tmp / "whole.db", tmp / f"{other}.bundle", 10**9)
        assert table_rows(small) == table_rows(whole)
        before = dump(small)
        with Desk(small) as desk:  # merging again, in batches, changes nothing
            merge_bundle(desk.db, tmp / f"{other}.bundle", accept_deletions=True, batch_rows=1)
        assert dump(small) == before


def test_a_bad_last_line_changes_nothing_though_batches_came_before(teammate, tmp_path):
    with gzip.open(teammate, "rt", encoding="utf-8") as f:
        lines = f.read().splitlines()
    bad_verdict = json.loads(next(line for line in lines if '"verdicts"' in line[:20]))
    bad_verdict["row"]["id"] = "another-verdict"
    bad_verdict["row"]["claim_id"] = "no-such-claim"
    bad = tmp_path / "bad.bundle"
    with gzip.open(bad, "wt", encoding="utf-8") as f:
        f.write("\n".join([*lines, json.dumps(bad_verdict)]) + "\n")
    with Desk(tmp_path / "mine.db") as desk:
        desk.import_article(Article(source="s.txt", text=TEXTS[0]), split=sentence_split)
        before = dump(desk.path)
        with pytest.raises(BadInput, match=rf"bad\.bundle: line {len(lines) + 1}: verdicts"):
            merge_bundle(desk.db, bad, batch_rows=20)
        assert dump(desk.path) == before


CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from factdesk.desk import Desk
    from factdesk.store.bundle_merge import merge_bundle

    def progress(done, total, text):
        print(done, total, text, flush=True)

    with Desk(Path(sys.argv[1])) as desk:
        merge_bundle(desk.db, Path(sys.argv[2]), progress=progress, batch_rows=40)
    print("finished", flush=True)
    """
)


def per_article(path: Path) -> dict[str, tuple[int, int, int, int]]:
    """Each article's claims, verdicts, pieces of evidence and stored claim count."""
    conn = sqlite3.connect(path)
    try:
        return {
            row[0]: row[1:]
            for row in conn.execute(
                """SELECT a.id,
                     (SELECT count(*) FROM claims c WHERE c.article_id = a.id),
                     (SELECT count(*) FROM verdicts v JOIN claims c ON c.id = v.claim_id
                      WHERE c.article_id = a.id),
                     (SELECT count(*) FROM evidence e JOIN claims c ON c.id = e.claim_id
                      WHERE c.article_id = a.id),
                     (SELECT claim_count FROM article_stats s WHERE s.article_id = a.id)
                   FROM articles a"""
            )
        }
    finally:
        conn.close()


def test_an_import_killed_half_way_keeps_whole_articles_and_finishes_when_run_again(
    teammate, tmp_path
):
    target = tmp_path / "mine.db"
    Desk(target).close()
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(target), str(teammate)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    merged_batches = 0
    for line in child.stdout:
        if " merged" in line:
            merged_batches += 1
        if merged_batches == 3:  # a few batches in: the child is inside the next one
            child.send_signal(signal.SIGKILL)
            break
    assert child.wait(timeout=60) == -signal.SIGKILL, "the merge ended before it was killed"

    cut = per_article(target)
    assert 0 < len(cut) < ARTICLES
    assert all(counts == (20, 20, 20, 20) for counts in cut.values()), cut
    conn = sqlite3.connect(target)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    conn.close()

    with Desk(target) as desk:  # the same bundle again finishes the rest
        counts = desk.import_bundle(teammate)
    assert counts["articles"] == ARTICLES - len(cut)
    empty = tmp_path / "empty.db"
    Desk(empty).close()
    once = merge_into(empty, tmp_path / "once.db", teammate, 10**9)  # one batch, not cut off
    assert per_article(target) == per_article(once)
    assert table_rows(target) == table_rows(once)
