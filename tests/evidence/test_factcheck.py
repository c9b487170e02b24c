"""FactCheckClient against a local server speaking the Fact Check Tools claims:search format."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from factdesk.errors import BadInput, NetworkError
from factdesk.evidence._http import RateLimited
from factdesk.evidence.factcheck import FactCheckClient

from .conftest import Reply, Request

API_KEY = "AIzaSy-TEST-KEY_0123456789abcdef"
SEARCH = "/v1alpha1/claims:search"
# A real claims:search response, copied from ../shared/data/claimreview/ (see its README).
SAMPLE_FILE = Path(__file__).parent / "data/factchecktools_api_claims_search.sample.json"


def _sample() -> dict:
    return json.loads(SAMPLE_FILE.read_text(encoding="utf-8"))


class FakeFactCheck:
    """claims:search with key checking and two pages split from the real sample."""

    def __init__(self, server):
        claims = _sample()["claims"]
        self.pages = {"": claims[:3], "page-2": claims[3:]}
        server.route("GET", SEARCH, self.search)

    def search(self, request: Request) -> Reply:
        if request.query.get("key") != [API_KEY]:
            error = {"code": 400, "message": "API key not valid. Please pass a valid API key.",
                     "status": "INVALID_ARGUMENT"}  # fmt: skip
            return Reply(400, {"error": error})
        token = request.query.get("pageToken", [""])[0]
        body: dict = {"claims": self.pages[token]}
        if token == "":
            body["nextPageToken"] = "page-2"
        return Reply(body=body)


@pytest.fixture
def client(server, session):
    return FactCheckClient(session, base_url=server.base_url, timeout=(2, 0.5))


def _assert_clean(error: Exception) -> None:
    for text in (str(error), repr(error), repr(error.args)):
        assert API_KEY not in text
        assert "TEST-KEY" not in text
    assert "\n" not in str(error)
    assert error.__cause__ is None and error.__context__ is None


def test_search_sends_the_documented_parameters(server, client):
    FakeFactCheck(server)
    client.search("  Silchar   flood jihad ", api_key=API_KEY, language="en", page_size=3)
    query = server.requests[0].query
    assert query == {
        "query": ["Silchar flood jihad"],
        "languageCode": ["en"],
        "pageSize": ["3"],
        "key": [API_KEY],
    }


def test_one_prior_check_per_claim_review(server, client):
    FakeFactCheck(server)
    checks = client.search("assam floods", api_key=API_KEY)
    first_page = _sample()["claims"][:3]
    assert len(checks) == sum(len(claim["claimReview"]) for claim in first_page)
    first = checks[0]
    assert first.claim_text == 'Silchar flooded due to "flood jihad"'
    assert first.claimant.startswith("NewsX, One India")
    assert first.claim_date == "2016-06-20T00:00:00Z"
    assert first.publisher == "Alt News"
    assert first.site == "altnews.in"
    assert first.url.startswith("https://www.altnews.in/flood-jihad")
    assert first.rating == "False"
    assert first.review_date == "2022-07-11T00:00:00Z"
    assert first.language == "en"
    assert first.claim_id is None
    assert checks[2].rating == "false"  # the publisher's own spelling is kept


def test_pages_are_followed_up_to_max_pages(server, client):
    FakeFactCheck(server)
    all_claims = _sample()["claims"]
    checks = client.search("assam floods", api_key=API_KEY, max_pages=5)
    assert len(checks) == sum(len(claim["claimReview"]) for claim in all_claims)
    assert [r.query.get("pageToken") for r in server.requests] == [None, ["page-2"]]


def test_no_claims_is_an_empty_list(server, client):
    server.route("GET", SEARCH, Reply(body={}))
    assert client.search("nothing like this was ever said", api_key=API_KEY) == []


def test_reviews_without_a_link_are_skipped_and_odd_fields_tolerated(server, client):
    claims = [
        {
            "text": "X",
            "claimant": 42,
            "claimReview": [
                {"publisher": "not an object", "url": "https://fc.example/1", "textualRating": ""},
                {"publisher": {"name": "No link"}, "textualRating": "False"},
            ],
        }
    ]
    server.route("GET", SEARCH, Reply(body={"claims": claims}))
    [check] = client.search("x", api_key=API_KEY)
    assert check.url == "https://fc.example/1"
    assert check.claimant is None and check.publisher is None and check.rating is None


def test_bad_key_is_reported_without_the_key(server, session):
    FakeFactCheck(server)
    wrong = "AIzaSy-WRONG-TEST-KEY"
    client = FactCheckClient(session, base_url=server.base_url)
    with pytest.raises(NetworkError) as caught:
        client.search("flood jihad", api_key=wrong)
    message = str(caught.value)
    assert message.startswith("Fact Check Tools search for 'flood jihad': HTTP 400 Bad Request")
    assert "factcheck-api-key was refused: API key not valid" in message
    assert wrong not in message and wrong not in repr(caught.value)


@pytest.mark.parametrize(
    ("reply", "words"),
    [
        (Reply(403, {"error": {"code": 403, "message": "Requests from this API key are blocked."}}),
         "HTTP 403 Forbidden (the API key factcheck-api-key was refused"),
        (Reply(429, {"error": {"message": "Quota exceeded"}}, headers={"Retry-After": "30"}),
         "HTTP 429 Too Many Requests (Quota exceeded); retry after 30 s"),
        (Reply(500, "<html>oops</html>"), "HTTP 500 Internal Server Error"),
        (Reply(503, {}), "HTTP 503 Service Unavailable"),
        (Reply(200, "{\"claims\": [tru"), "malformed answer (not a JSON object)"),
        (Reply(200, {"claims": {"text": "x"}}), "malformed answer (claims is not a list)"),
        (Reply(200, {"claims": []}, delay=1.5), "timed out"),
    ],
)  # fmt: skip
def test_errors_are_one_line_and_never_contain_the_key(server, client, reply, words):
    server.route("GET", SEARCH, reply)
    with pytest.raises(NetworkError) as caught:
        client.search("flood jihad", api_key=API_KEY)
    assert words in str(caught.value)
    _assert_clean(caught.value)


def test_rate_limit_is_its_own_error(server, client):
    server.route("GET", SEARCH, Reply(429, {}, headers={"Retry-After": "30"}))
    with pytest.raises(RateLimited) as caught:
        client.search("flood jihad", api_key=API_KEY)
    assert caught.value.retry_after == 30


def test_connection_failure_does_not_leak_the_key_from_the_url(session):
    # requests' own message for this failure contains the URL, key parameter included.
    client = FactCheckClient(session, base_url="http://127.0.0.1:9", timeout=(1, 1))
    with pytest.raises(NetworkError, match="could not connect") as caught:
        client.search("flood jihad", api_key=API_KEY)
    _assert_clean(caught.value)


def test_missing_key_or_empty_claim_is_bad_input(client):
    with pytest.raises(BadInput, match="factcheck-api-key is not set"):
        client.search("flood jihad", api_key="")
    with pytest.raises(BadInput, match="claim text is empty"):
        client.search("   ", api_key=API_KEY)


def test_debug_logging_of_requests_does_not_record_the_key(server, client, caplog):
    FakeFactCheck(server)
    with caplog.at_level(logging.DEBUG):
        client.search("flood jihad", api_key=API_KEY)
    requests_logged = [r for r in caplog.records if "claims:search" in r.getMessage()]
    assert requests_logged, "urllib3 should log the request line at DEBUG"
    assert all("key=***" in r.getMessage() for r in requests_logged)
    assert API_KEY not in caplog.text
