"""WaybackClient against a local server speaking the availability API and Save Page Now 2."""

from __future__ import annotations

import pytest

from factdesk.errors import BadInput, NetworkError
from factdesk.evidence._http import Cancelled, RateLimited
from factdesk.evidence.wayback import Snapshot, WaybackClient

from .conftest import Reply, Request

ACCESS = "acc-KEY-0f9e8d7c"
SECRET = "sec/KEY+6b5a4=39"  # characters that change when URL-encoded
PAGE = "https://news.example/2019/rabbi"


class FakeWayback:
    """Availability API plus SPN2 with job polling, on the shared local server."""

    def __init__(self, server, *, pending_polls: int = 2):
        self.archived = {PAGE: "20191127093000"}
        self.pending_polls = pending_polls
        self.polls = 0
        server.route("GET", "/wayback/available", self.available)
        server.route("POST", "/save", self.save)
        server.route("GET", "/save/status/spn2-abc123", self.status)

    def available(self, request: Request) -> Reply:
        url = request.query["url"][0]
        if url not in self.archived:
            return Reply(body={"url": url, "archived_snapshots": {}})
        stamp = self.archived[url]
        closest = {
            "available": True,
            "url": f"http://web.archive.org/web/{stamp}/{url}",
            "timestamp": stamp,
            "status": "200",
        }
        return Reply(body={"url": url, "archived_snapshots": {"closest": closest}})

    def save(self, request: Request) -> Reply:
        if request.headers.get("authorization") != f"LOW {ACCESS}:{SECRET}":
            return Reply(401, {"message": "You need to be logged in to use Save Page Now."})
        if request.headers.get("accept") != "application/json":
            return Reply(200, "<html>captured</html>")
        return Reply(body={"url": request.form["url"][0], "job_id": "spn2-abc123"})

    def status(self, request: Request) -> Reply:
        self.polls += 1
        if self.polls <= self.pending_polls:
            return Reply(body={"status": "pending", "job_id": "spn2-abc123"})
        return Reply(
            body={
                "status": "success",
                "job_id": "spn2-abc123",
                "original_url": PAGE,
                "timestamp": "20261104120000",
                "duration_sec": 6.1,
            }
        )


@pytest.fixture
def client(server, session):
    return WaybackClient(
        session,
        availability_base=server.base_url,
        save_base=server.base_url,
        timeout=(2, 0.5),
        poll_interval=3.0,
        max_wait=30.0,
    )


def _assert_clean(error: Exception) -> None:
    """No key in the message, the repr, or a chained exception."""
    for text in (str(error), repr(error), repr(error.args)):
        for key in (ACCESS, SECRET, "KEY"):
            assert key not in text
    assert "\n" not in str(error)
    assert error.__cause__ is None and error.__context__ is None


def test_snapshot_builds_the_archived_url():
    snapshot = Snapshot("https://a.example/x?y=1", "20200101000000")
    assert (
        snapshot.archived_url
        == "https://web.archive.org/web/20200101000000/https://a.example/x?y=1"
    )


def test_lookup_finds_the_closest_snapshot(server, client):
    FakeWayback(server)
    snapshot = client.lookup(PAGE)
    assert snapshot == Snapshot(PAGE, "20191127093000")
    assert snapshot.archived_url == f"https://web.archive.org/web/20191127093000/{PAGE}"
    assert server.requests[0].query["url"] == [PAGE]


def test_lookup_of_a_page_never_archived_is_none(server, client):
    FakeWayback(server)
    assert client.lookup("https://never.example/") is None


def _closest_reply(closest: dict) -> Reply:
    return Reply(body={"archived_snapshots": {"closest": closest}})


def test_lookup_skips_unavailable_or_error_captures(server, client):
    closest = {"available": False, "url": "", "timestamp": "20200101000000", "status": "200"}
    server.route(
        "GET", "/wayback/available", Reply(body={"archived_snapshots": {"closest": closest}})
    )
    assert client.lookup(PAGE) is None
    closest = {"available": True, "url": "x", "timestamp": "20200101000000", "status": "404"}
    server.route(
        "GET", "/wayback/available", Reply(body={"archived_snapshots": {"closest": closest}})
    )
    assert client.lookup(PAGE) is None


@pytest.mark.parametrize("url", ["ftp://files.example/a", "file:///etc/passwd", "not a url"])
def test_only_http_urls_are_looked_up(client, url):
    with pytest.raises(BadInput, match="only http and https"):
        client.lookup(url)


@pytest.mark.parametrize(
    ("reply", "words"),
    [
        (Reply(503, "<h1>down</h1>"), "HTTP 503 Service Unavailable"),
        (Reply(200, "<html>not json</html>"), "malformed answer"),
        (Reply(200, {"archived_snapshots": []}), "malformed answer"),
        (
            Reply(200, {"archived_snapshots": {"closest": {"timestamp": "yesterday"}}}),
            "bad timestamp",
        ),
        (Reply(429, {}, headers={"Retry-After": "60"}), "HTTP 429 Too Many Requests"),
    ],
)
def test_lookup_errors_are_one_line_naming_the_url(server, client, reply, words):
    server.route("GET", "/wayback/available", reply)
    with pytest.raises(NetworkError) as caught:
        client.lookup(PAGE)
    assert str(caught.value).startswith(f"{PAGE}: Wayback look-up: ")
    assert words in str(caught.value)
    assert "\n" not in str(caught.value)


def test_lookup_rate_limit_carries_retry_after(server, client):
    server.route("GET", "/wayback/available", Reply(429, {}, headers={"Retry-After": "60"}))
    with pytest.raises(RateLimited) as caught:
        client.lookup(PAGE)
    assert caught.value.retry_after == 60
    assert "retry after 60 s" in str(caught.value)


def test_lookup_timeout_is_a_network_error(server, client):
    server.route("GET", "/wayback/available", Reply(body={"archived_snapshots": {}}, delay=1.5))
    with pytest.raises(NetworkError, match=r"timed out"):
        client.lookup(PAGE)


def test_lookup_with_nobody_listening_is_a_network_error(session):
    client = WaybackClient(session, availability_base="http://127.0.0.1:9", timeout=(1, 1))
    with pytest.raises(NetworkError, match="could not connect"):
        client.lookup(PAGE)


def test_save_posts_with_keys_and_polls_until_success(server, client):
    fake = FakeWayback(server, pending_polls=2)
    slept = []
    snapshot = client.save(
        PAGE, access_key=ACCESS, secret_key=SECRET, if_not_archived_within="1d", sleep=slept.append
    )
    assert snapshot == Snapshot(PAGE, "20261104120000")
    assert snapshot.archived_url == f"https://web.archive.org/web/20261104120000/{PAGE}"
    assert fake.polls == 3
    assert slept == [3.0, 3.0, 3.0]
    post = server.requests[0]
    assert post.method == "POST" and post.path == "/save"
    assert post.form == {"url": [PAGE], "if_not_archived_within": ["1d"]}
    assert post.headers["accept"] == "application/json"
    assert [r.path for r in server.requests[1:]] == ["/save/status/spn2-abc123"] * 3


def test_save_with_wrong_keys_says_so_without_the_keys(server, client):
    FakeWayback(server)
    with pytest.raises(NetworkError) as caught:
        client.save(PAGE, access_key="wrong-KEY", secret_key=SECRET, sleep=lambda _s: None)
    message = str(caught.value)
    assert message.startswith(f"{PAGE}: Save Page Now: HTTP 401")
    assert "archive-access-key" in message
    assert "wrong-KEY" not in message
    _assert_clean(caught.value)


def test_save_refusal_is_reported_in_the_services_words(server, client):
    refusal = {"status": "error", "status_ext": "error:too-many-daily-captures",
               "message": "This URL has been captured 10 times today."}  # fmt: skip
    server.route("POST", "/save", Reply(body=refusal))
    with pytest.raises(NetworkError) as caught:
        client.save(PAGE, access_key=ACCESS, secret_key=SECRET, sleep=lambda _s: None)
    assert "captured 10 times today" in str(caught.value)
    assert "error:too-many-daily-captures" in str(caught.value)
    _assert_clean(caught.value)


def test_failed_capture_is_reported(server, client):
    server.route("POST", "/save", Reply(body={"url": PAGE, "job_id": "spn2-abc123"}))
    failed = {"status": "error", "status_ext": "error:not-found", "message": "Page not found."}
    server.route("GET", "/save/status/spn2-abc123", Reply(body=failed))
    with pytest.raises(NetworkError, match=r"capture failed \(Page not found.; error:not-found\)"):
        client.save(PAGE, access_key=ACCESS, secret_key=SECRET, sleep=lambda _s: None)


def test_save_gives_up_after_max_wait(server, client):
    FakeWayback(server, pending_polls=1000)
    with pytest.raises(NetworkError, match=r"no snapshot after 30 s \(job spn2-abc123"):
        client.save(PAGE, access_key=ACCESS, secret_key=SECRET, sleep=lambda _s: None)


def test_save_can_be_cancelled_while_waiting(server, client):
    fake = FakeWayback(server, pending_polls=1000)
    with pytest.raises(Cancelled):
        client.save(
            PAGE,
            access_key=ACCESS,
            secret_key=SECRET,
            cancelled=lambda: fake.polls >= 2,
            sleep=lambda _s: None,
        )
    assert fake.polls == 2


def test_save_without_keys_names_the_missing_key(client):
    with pytest.raises(BadInput, match="archive-secret-key is not set"):
        client.save(PAGE, access_key=ACCESS, secret_key="")


@pytest.mark.parametrize(
    ("route", "reply", "words"),
    [
        (("POST", "/save"), Reply(429, {}, headers={"Retry-After": "120"}), "retry after 120 s"),
        (("POST", "/save"), Reply(502, "<h1>Bad gateway</h1>"), "HTTP 502 Bad Gateway"),
        (("POST", "/save"), Reply(200, "{not json"), "malformed answer"),
        (("POST", "/save"), Reply(200, {"url": PAGE}), "no job_id"),
        (("POST", "/save"), Reply(200, {}, delay=1.5), "timed out"),
        (("GET", "/save/status/spn2-abc123"), Reply(200, {"status": "weird"}), "unknown status"),
        (("GET", "/save/status/spn2-abc123"), Reply(500, {}), "HTTP 500"),
    ],
)
def test_save_errors_never_contain_the_keys(server, client, route, reply, words):
    FakeWayback(server)
    server.route(*route, reply)
    with pytest.raises(NetworkError) as caught:
        client.save(PAGE, access_key=ACCESS, secret_key=SECRET, sleep=lambda _s: None)
    assert words in str(caught.value)
    _assert_clean(caught.value)


def test_keys_that_reach_the_message_are_masked():
    from factdesk.evidence._http import scrub

    text = f"https://x.test/save?key=abc123&access_key={ACCESS} auth LOW {ACCESS}:{SECRET}"
    cleaned = scrub(text, [ACCESS, SECRET])
    assert ACCESS not in cleaned and SECRET not in cleaned and "abc123" not in cleaned
    assert "%2F" not in scrub("sec%2FKEY%2B6b5a4%3D39", [SECRET])


def test_save_waits_when_polling_is_rate_limited_and_goes_on(server, client):
    server.route("POST", "/save", Reply(body={"url": PAGE, "job_id": "spn2-abc123"}))
    answers = iter([
        Reply(429, {"message": "slow down"}, headers={"Retry-After": "10"}),
        Reply(body={"status": "success", "timestamp": "20261104120000"}),
    ])  # fmt: skip
    server.route("GET", "/save/status/spn2-abc123", lambda _request: next(answers))
    slept = []
    snapshot = client.save(PAGE, access_key=ACCESS, secret_key=SECRET, sleep=slept.append)
    assert snapshot.timestamp == "20261104120000"
    assert slept == [3.0, 7.0, 3.0]  # the poll interval, the rest of Retry-After, then on


def test_save_gives_up_when_rate_limited_past_its_patience(server, session):
    patient = WaybackClient(session, availability_base=server.base_url,
                            save_base=server.base_url, max_wait=20)  # fmt: skip
    server.route("POST", "/save", Reply(body={"url": PAGE, "job_id": "spn2-abc123"}))
    server.route("GET", "/save/status/spn2-abc123",
                 Reply(429, {}, headers={"Retry-After": "3600"}))  # fmt: skip
    with pytest.raises(NetworkError, match="429"):
        patient.save(PAGE, access_key=ACCESS, secret_key=SECRET, sleep=lambda _s: None)
