"""Watching sources: feeds served by a local server, polled by the Desk and by
`factdesk watch`, politely (ETag, robots.txt, one request a second to a site), a broken
feed one line that never stops the others, a missed poll caught up, and what came in
ranked with the repeats of rated claims first."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pytest

from factdesk import watch
from factdesk.errors import BadInput
from factdesk.model import ClaimFilter
from factdesk.store import watched
from tests.localserver import LocalServer, Reply

REPEAT = "Chief Rabbi Mirvis is a Tory activist"


def _article(number: int, repeat: bool) -> str:
    sentences = [
        f"The council said bridge {number} will cost {number + 3} million pounds to repair.",
        f"Residents of ward {number} waited 432 days for the work to begin, the mayor said.",
        f"Unemployment in the district fell to {number % 7 + 2}.5 per cent last year.",
        "Opposition councillors said the delay cost local shops thousands of pounds.",
        f"The repairs to bridge {number} were first promised in the spring of 2017.",
        "Traffic on the ring road has doubled since the bridge was closed to lorries.",
    ]
    if repeat:
        sentences.insert(1, f'"{REPEAT}," a councillor wrote on social media.')
    body = "".join(f"<p>{s}</p>" for s in sentences)
    return (
        f"<html><head><title>Story {number}</title></head><body><article>"
        f"<h1>Story {number}</h1>{body}</article></body></html>"
    )


def _feed(base: str, numbers: range, title: str = "Local news") -> str:
    items = "".join(
        f"<item><title>Story {n}</title><link>{base}/story/{n}</link>"
        f"<pubDate>Tue, 26 Nov 2019 {n % 24:02d}:00:00 GMT</pubDate></item>"
        for n in numbers
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>{items}'
        "</channel></rss>"
    )


@pytest.fixture
def site():
    server = LocalServer().start()
    yield server
    server.stop()


def _serve_feed(server: LocalServer, numbers: range, repeats: set[int], etag: str = '"v1"'):
    feed = _feed(server.base_url, numbers)

    def answer(request):
        if request.headers.get("if-none-match") == etag:
            return Reply(304, b"", headers={"ETag": etag})
        return Reply(200, feed, headers={"ETag": etag})

    server.route("GET", "/feed.xml", answer)
    for n in numbers:
        server.route("GET", f"/story/{n}", Reply(200, _article(n, n in repeats)))


def _rate_the_original(desk):
    result = desk.import_source("-", stdin_text=f"{REPEAT}.")
    (claim,) = desk.claims(ClaimFilter(article_id=result.article.id))
    desk.set_verdict(claim.id, "False", reviewer="Sam")
    return claim


def test_fifty_new_items_come_in_with_the_repeats_of_rated_claims_first(desk, site):
    original = _rate_the_original(desk)
    _serve_feed(site, range(1, 51), repeats={7, 33})
    desk.watch_source(f"{site.base_url}/feed.xml")
    report = watch.poll(desk, gap=0)
    assert (report.polled, len(report.imported), report.problems) == (1, 50, [])

    new = desk.new_from_watched("2000-01-01T00:00:00")
    assert len({n.claim.article_id for n in new}) == 50
    first_two = new[:2]
    assert all(n.repeats and n.repeats[0] == original.id for n in first_two)
    assert all("Tory activist" in n.claim.text for n in first_two)
    assert all(n.repeats is None for n in new[2:])
    scores = [n.claim.score or 0 for n in new[2:]]
    assert scores == sorted(scores, reverse=True)  # then by check-worthiness


def test_an_unchanged_feed_costs_one_conditional_request(desk, site):
    _serve_feed(site, range(1, 4), repeats=set())
    desk.watch_source(f"{site.base_url}/feed.xml")
    watch.poll(desk, gap=0)
    site.requests.clear()
    report = watch.poll(desk, everything=True, gap=0)
    assert (report.polled, report.unchanged, report.imported) == (1, 1, [])
    feed_requests = [r for r in site.requests if r.path != "/robots.txt"]
    assert [r.path for r in feed_requests] == ["/feed.xml"]
    assert feed_requests[0].headers["if-none-match"] == '"v1"'


def test_new_items_only_are_fetched_at_the_next_poll(desk, site):
    _serve_feed(site, range(1, 4), repeats=set())
    desk.watch_source(f"{site.base_url}/feed.xml")
    watch.poll(desk, gap=0)
    _serve_feed(site, range(1, 6), repeats=set(), etag='"v2"')
    site.requests.clear()
    report = watch.poll(desk, everything=True, gap=0)
    assert len(report.imported) == 2
    asked = sorted(r.path for r in site.requests if r.path != "/robots.txt")
    assert asked == ["/feed.xml", "/story/4", "/story/5"]


def test_a_broken_feed_is_one_line_and_never_stops_the_others(desk, site):
    _serve_feed(site, range(1, 3), repeats=set())
    site.route("GET", "/broken.xml", Reply(200, "this is no feed at all"))
    site.route("GET", "/gone.xml", Reply(404, "gone"))
    desk.watch_source(f"{site.base_url}/broken.xml")
    desk.watch_source(f"{site.base_url}/gone.xml")
    desk.watch_source(f"{site.base_url}/feed.xml")
    report = watch.poll(desk, gap=0)
    assert report.polled == 3 and len(report.imported) == 2
    assert len(report.problems) == 2
    assert all("\n" not in p for p in report.problems)
    by_url = {s.url.rsplit("/", 1)[1]: s for s in desk.watched_sources()}
    assert "not an RSS or Atom feed" in by_url["broken.xml"].error
    assert "HTTP 404" in by_url["gone.xml"].error
    assert by_url["feed.xml"].error is None and by_url["feed.xml"].ok_at


def test_robots_txt_is_obeyed(desk, site):
    _serve_feed(site, range(1, 3), repeats=set())
    site.route("GET", "/robots.txt", Reply(200, "User-agent: *\nDisallow: /story/2\n"))
    desk.watch_source(f"{site.base_url}/feed.xml")
    report = watch.poll(desk, gap=0)
    assert len(report.imported) == 1
    assert "/story/2" not in [r.path for r in site.requests]
    assert any("robots.txt" in p for p in report.problems) is False  # said in the item, quietly
    assert watched.known_items(desk.db, desk.watched_sources()[0].id) == {
        f"{site.base_url}/story/1",
        f"{site.base_url}/story/2",
    }


def test_a_missed_poll_is_caught_up_and_a_recent_one_waits(desk, site):
    _serve_feed(site, range(1, 2), repeats=set())
    source = desk.watch_source(f"{site.base_url}/feed.xml", interval_minutes=60)
    assert watch.poll(desk, gap=0).polled == 1
    assert watch.poll(desk, gap=0).polled == 0  # polled a moment ago: not due
    two_days_ago = (dt.datetime.now(dt.UTC) - dt.timedelta(days=2)).isoformat(timespec="seconds")
    with desk.db.write():
        desk.db.execute(
            "UPDATE watched_sources SET polled_at = ? WHERE id = ?", [two_days_ago, source.id]
        )
    assert watch.poll(desk, gap=0).polled == 1  # the app was closed: caught up at once


def test_requests_to_one_site_are_a_second_apart():
    waits = []
    pacer = watch._Pacer(1.0, waits.append)
    for url in ("http://a.test/feed", "http://a.test/1", "http://b.test/feed", "http://a.test/2"):
        pacer.wait(url)
    assert len(waits) == 2 and all(0.9 < w <= 1.0 for w in waits)


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("ftp://x.test/feed", "only http and https"),
        ("http://u:p@x.test/f", "user name or password"),
    ],
)
def test_a_bad_source_is_refused_in_words(desk, url, words):
    with pytest.raises(BadInput, match=words):
        desk.watch_source(url)
    assert desk.watched_sources() == []


def test_the_command_line_watches_runs_and_lists(tmp_path, site):
    _serve_feed(site, range(1, 4), repeats=set())
    db = str(tmp_path / "desk.db")

    def factdesk(*args):
        return subprocess.run(
            [sys.executable, "-m", "factdesk", "--db", db, *args],
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip

    assert factdesk("watch", "add", f"{site.base_url}/feed.xml", "--every", "30").returncode == 0
    run = factdesk("watch", "run", "--format", "json", "--quiet")
    assert run.returncode == 0, run.stderr
    assert len(json.loads(run.stdout)["imported"]) == 3
    listed = json.loads(factdesk("watch", "list", "--format", "json").stdout)
    assert listed[0]["interval_minutes"] == 30 and listed[0]["error"] is None
    new = json.loads(factdesk("watch", "new", "--format", "json").stdout)
    assert {row["source"] for row in new} == {f"{site.base_url}/feed.xml"}
    again = factdesk("watch", "add", f"{site.base_url}/feed.xml")
    assert again.returncode != 0 and "already watched" in again.stderr


# Rated claims, each repeated reworded in the feed (the lexical matcher scores two of the
# pairs under 0.4: only the paraphrase matcher finds those), and an opposite claim.
RATED = {
    "Chief Rabbi Mirvis is a Tory activist.": (
        "The Chief Rabbi is a Conservative Party activist, according to posts shared online.",
        None,
    ),
    "Immigrants commit more crimes than native-born citizens.": (
        "People born abroad are more likely to commit crimes than people born here, the post says.",
        "Immigrants commit fewer crimes than native-born citizens.",
    ),
    "The new coronavirus came from outer space.": (
        "A theory online says the coronavirus arrived from space.",
        None,
    ),
}


@pytest.mark.parametrize("rated_before", [True, False], ids=["rated-before", "rated-after"])
def test_fifty_new_items_since_yesterday_put_the_reworded_repeats_first(desk, site, rated_before):
    """Issue 23's "done when": a watched local feed of 50 new items puts the repeats of
    rated claims first in the list of what came in since yesterday: the claims rated
    before the poll (marked at import), or after it (found when the list is made)."""
    rated: dict[str, str] = {}

    def rate():
        for text in RATED:
            result = desk.import_source("-", stdin_text=text)
            (claim,) = desk.claims(ClaimFilter(article_id=result.article.id))
            desk.set_verdict(claim.id, "False", reviewer="Sam")
            rated[text] = claim.id

    if rated_before:
        rate()
    extra = {7: 0, 21: 1, 33: 2, 40: -1}  # item -> repeat (n) or opposite (-n)
    feed = _feed(site.base_url, range(1, 51))
    site.route("GET", "/feed.xml", Reply(200, feed))
    for n in range(1, 51):
        page = _article(n, repeat=False)
        if n in extra:
            repeat, opposite = list(RATED.values())[abs(extra[n])]
            page = page.replace("<p>", f"<p>{repeat if extra[n] >= 0 else opposite}</p><p>", 1)
        site.route("GET", f"/story/{n}", Reply(200, page))
    desk.watch_source(f"{site.base_url}/feed.xml")
    assert len(watch.poll(desk, gap=0).imported) == 50
    if not rated_before:
        rate()

    yesterday = (dt.datetime.now(dt.UTC) - dt.timedelta(days=1)).isoformat(timespec="seconds")
    new = desk.new_from_watched(yesterday, limit=1000)
    assert len({n.claim.article_id for n in new}) == 50
    repeats = [n for n in new if n.repeats]
    assert new[: len(repeats)] == repeats  # the repeats first
    assert {(n.claim.text, n.repeats[0]) for n in repeats} == {
        (repeat.rstrip("."), rated[text]) for text, (repeat, _opposite) in RATED.items()
    }
    assert all(n.repeats[1] == "False" for n in repeats)
    # The opposites are no repeats; the rest follow by check-worthiness, some of them
    # scored above a repeat (the repeats are first for being repeats).
    rest = new[len(repeats) :]
    opposites = {opposite.rstrip(".") for _repeat, opposite in RATED.values() if opposite}
    assert opposites <= {n.claim.text for n in rest}
    scores = [n.claim.score or 0 for n in rest]
    assert scores == sorted(scores, reverse=True)
    assert max(scores) > min(n.claim.score or 0 for n in repeats)
