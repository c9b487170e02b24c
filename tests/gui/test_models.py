"""The item models: Qt's model tester, paging, sorting and filtering in SQL, every page
read on the session's reader thread."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt

from factdesk.gui.delegates import COLOUR_ROLE
from factdesk.gui.models import CLAIM_ID_ROLE, ArticleListModel, ClaimTableModel
from factdesk.gui.operations import DeskSession
from factdesk.model import Article, Claim, ClaimFilter

SPEAKERS = ["Ada Lovelace", "Grace Hopper", None]


def _fill(desk, articles: int = 2, per_article: int = 260) -> list[str]:
    """Articles with many claims (more than two pages), stored through the Desk."""
    ids = []
    for a in range(articles):
        sentences = [f"Claim number {a}-{i} says unemployment rose {i} percent." for i in
                     range(per_article)]  # fmt: skip
        text = "\n".join(sentences)

        def split(article: Article, sentences=sentences) -> list[Claim]:
            claims, offset = [], 0
            for i, sentence in enumerate(sentences):
                claims.append(
                    Claim(
                        text=sentence,
                        sentence=sentence,
                        start=offset,
                        end=offset + len(sentence),
                        score=(i % 100) / 100,
                        speaker=SPEAKERS[i % 3],
                        kind="quantity" if i % 2 else "other",
                    )
                )
                offset += len(sentence) + 1
            return claims

        result = desk.import_article(
            Article(source=f"a{a}.txt", text=text, title=f"Article {a}"), split=split
        )
        ids.append(result.article.id)
    return ids


@pytest.fixture
def session(desk, qapp):
    """The GUI's session on the test's database (the test fills it through `desk`)."""
    opened = DeskSession(desk.path)
    yield opened
    opened.close()


def _loaded(qtbot, session, model) -> None:
    qtbot.waitUntil(lambda: session.idle() and not model.busy(), timeout=10_000)


def claim_model(qtbot, session, flt=None) -> ClaimTableModel:
    model = ClaimTableModel(session, flt=flt)
    _loaded(qtbot, session, model)
    return model


def test_claim_model_passes_the_model_tester(desk, session, qtbot, qtmodeltester):
    _fill(desk)
    model = claim_model(qtbot, session)
    # The tester stays connected: it also checks the signals of every change below.
    qtmodeltester.check(model, force_py=True)
    model.fetchMore()
    _loaded(qtbot, session, model)
    model.set_filter(ClaimFilter(text="unemployment", speaker="Ada"))
    _loaded(qtbot, session, model)
    model.sort(3, Qt.SortOrder.DescendingOrder)
    _loaded(qtbot, session, model)
    model.refresh_claims({model.claim_at(0).id})
    _loaded(qtbot, session, model)
    assert model.rowCount() > 0


def test_article_model_passes_the_model_tester(desk, session, qtbot, qtmodeltester):
    _fill(desk, articles=3, per_article=5)
    model = ArticleListModel(session)
    qtbot.waitUntil(session.idle)
    qtmodeltester.check(model, force_py=True)
    model.set_search("Article")
    model.sort(0, Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(session.idle)
    assert model.rowCount() == 3


def test_claims_arrive_a_page_at_a_time(desk, session, qtbot):
    _fill(desk)  # 520 claims
    model = claim_model(qtbot, session)
    assert model.rowCount() == ClaimTableModel.PAGE
    assert model.canFetchMore()
    model.fetchMore()
    assert not model.canFetchMore()  # (one page at a time: the next is on its way)
    _loaded(qtbot, session, model)
    assert model.rowCount() == 2 * ClaimTableModel.PAGE
    model.fetchMore()
    _loaded(qtbot, session, model)
    assert model.rowCount() == 520
    assert not model.canFetchMore()
    ids = [model.data(model.index(r, 0), CLAIM_ID_ROLE) for r in range(model.rowCount())]
    assert len(set(ids)) == 520


def test_sorting_and_filters_are_done_in_sql(desk, session, qtbot):
    article_ids = _fill(desk)
    model = claim_model(qtbot, session)

    def apply(change, *args) -> None:
        change(*args)
        _loaded(qtbot, session, model)

    apply(model.sort, 3, Qt.SortOrder.DescendingOrder)  # score
    assert model.index(0, 3).data() == "0.99"
    apply(model.sort, 3, Qt.SortOrder.AscendingOrder)
    assert model.index(0, 3).data() == "0.00"

    apply(model.set_filter, ClaimFilter(article_id=article_ids[1], speaker="grace"))
    rows = [model.claim_at(r) for r in range(model.rowCount())]
    assert rows and all(c.speaker == "Grace Hopper" and c.article_id == article_ids[1]
                        for c in rows)  # fmt: skip
    assert model.rowCount() == desk.count_claims(
        ClaimFilter(article_id=article_ids[1], speaker="grace")
    )
    apply(model.set_filter, ClaimFilter(text="1-25 says", kind="quantity"))
    numbers = [model.claim_at(r).text.split()[2] for r in range(model.rowCount())]
    # Every word as a prefix ("25" finds 251...), and only odd numbers are "quantity".
    assert numbers == ["1-25", "1-251", "1-253", "1-255", "1-257", "1-259"]
    apply(model.set_filter, ClaimFilter(min_score=0.98))
    assert {model.claim_at(r).score for r in range(model.rowCount())} == {0.98, 0.99}


def test_changed_claims_are_refreshed_in_place(desk, session, qtbot):
    _fill(desk, articles=1, per_article=10)
    model = claim_model(qtbot, session)
    claim = model.claim_at(4)
    desk.set_verdict(claim.id, "1")
    with qtbot.assertNotEmitted(model.modelReset):
        model.refresh_claims({claim.id})
        _loaded(qtbot, session, model)
    assert model.index(4, 6).data() == desk.scale().levels[0].label
    assert model.index(4, 6).data(COLOUR_ROLE) == desk.scale().levels[0].colour
    desk.delete_claims([claim.id])
    with qtbot.waitSignal(model.loaded):  # gone: the model reloads
        model.refresh_claims({claim.id})
    assert model.rowCount() == 9


def test_article_model_counts_and_sorts(desk, session, qtbot):
    ids = _fill(desk, articles=3, per_article=4)
    model = ArticleListModel(session)
    qtbot.waitUntil(session.idle)
    assert model.rowCount() == 3
    assert model.index(0, 1).data() == "4"
    desk.set_verdict(desk.claims(ClaimFilter(article_id=ids[0]))[0].id, "2")
    model.reload()
    qtbot.waitUntil(session.idle)
    row = model.row_of(ids[0])
    assert model.index(row, 2).data() == "1"
    model.sort(0, Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(session.idle)
    assert [model.index(r, 0).data() for r in range(3)] == ["Article 0", "Article 1", "Article 2"]
    model.sort(0, Qt.SortOrder.DescendingOrder)
    qtbot.waitUntil(session.idle)
    assert model.index(0, 0).data() == "Article 2"
    assert model.rowCount(model.index(0, 0)) == 0
    assert model.rowCount(QModelIndex()) == 3


def test_claims_fetched_later_know_their_article_too(desk, session, qtbot):
    _fill(desk, articles=2, per_article=260)
    model = claim_model(qtbot, session, ClaimFilter())
    for _page in range(10):  # 3 pages; bounded, whatever has_more() says
        if not model.has_more():
            break
        model.fetchMore(QModelIndex())
        _loaded(qtbot, session, model)
    assert model.rowCount() == 520
    column = ClaimTableModel.ARTICLE_COLUMN
    titles = [model.index(row, column).data() for row in range(model.rowCount())]
    assert all(titles) and len(set(titles)) == 2
