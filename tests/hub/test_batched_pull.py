"""A pull in committed batches (store/replication.py WINDOW): a laptop joining a team
holds one batch at a time, gets the parents a batch's rows name from the hub when they
come later (an article changed after its claims), and a pull cut off half-way resumes
after the last batch merged, ending exactly where an uncut pull ends."""

from __future__ import annotations

import pytest

import factdesk.store.replication as replication
from factdesk.hub import HubError
from factdesk.hub.sync import HubTransport
from factdesk.model import Article, Post
from tests.hub.dumps import hub_dump, laptop_dump
from tests.hub.test_sync import OTHER, THIRD, add, offline_work
from tests.test_desk import TEXT, sentence_split

POST = Post(author="Ms Rusk", handle="@rusk", date=None, url=None, text="Ms Rusk said so.",
            start=41, end=57)  # fmt: skip


def _team_work(hub, laptop) -> None:
    url_a = hub.add_checker("alice")
    a = laptop("alice")
    a.import_article(Article(source="a.txt", text=TEXT, posts=[POST]), split=sentence_split)
    rated = []
    for n, text in enumerate((OTHER, THIRD)):
        article = add(a, text, source=f"{n}.txt")
        rated.append(offline_work(a, article, "False", f"https://example.org/{n}")[0])
    a.sync(url_a)
    # Rated claims edited later: their change numbers now come after their verdicts' and
    # evidence's, so a batch holds work whose claim is not in it (nor yet on the laptop).
    for claim in rated:
        a.update_claim(claim.id, speaker="The minister")
    a.import_article(
        Article(source="a.txt", text=TEXT, posts=[POST]), split=sentence_split, replace=True
    )
    a.sync(url_a)


def test_a_first_sync_in_batches_cut_off_resumes_to_the_same_result(hub, laptop, monkeypatch):
    _team_work(hub, laptop)
    url_r, url_c = hub.add_checker("reference"), hub.add_checker("carol")
    monkeypatch.setattr(replication, "WINDOW", 3)
    starts: list[int] = []
    pull = HubTransport.pull

    def counted(self, after, *, most=None):
        starts.append(after)
        return pull(self, after, most=most)

    monkeypatch.setattr(HubTransport, "pull", counted)
    reference = laptop("reference")
    report = reference.sync(url_r)
    assert len(starts) > 6  # many batches, each committed on its own
    # A claim merged before its verdicts (a later batch) is not sent back for that.
    assert sum(report.sent.values()) == 0 and report.refused == []
    expected = laptop_dump(reference.path)
    assert expected == hub_dump(hub, reference.path)
    assert [p.id for a in reference.articles() for p in reference.article(a.id).posts] == [POST.id]

    # Carol's first sync is cut off at its fifth batch ...
    starts.clear()

    def cut(self, after, *, most=None):
        starts.append(after)
        if len(starts) == 5:
            raise HubError("hub went away")
        return pull(self, after, most=most)

    monkeypatch.setattr(HubTransport, "pull", cut)
    carol = laptop("carol")
    with pytest.raises(HubError, match="hub went away"):
        carol.sync(url_c)
    kept = carol.hub_state().pulled_seq
    assert kept == starts[-1] > 0  # four batches merged and kept
    assert 0 < len(carol.claims()) < len(reference.claims())

    # ... and the next one goes on from there, to the same result.
    starts.clear()
    monkeypatch.setattr(HubTransport, "pull", counted)
    carol.sync(url_c)
    assert starts[0] == kept
    assert laptop_dump(carol.path) == expected
