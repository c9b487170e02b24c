"""The GUI's network actions against local stand-ins that speak the real services'
formats: archiving evidence (Wayback Machine) and looking up published fact-checks."""

from __future__ import annotations

from factdesk import secrets
from tests.gui.helpers import settle, stored
from tests.localserver import LocalServer, Reply
from tests.test_secrets import test_service  # noqa: F401  (a fixture)

FACT_CHECKS = {
    "claims": [{
        "text": "Jewish people are pledging support to Labour",
        "claimant": "Social media users",
        "claimReview": [{
            "publisher": {"name": "Full Fact", "site": "fullfact.org"},
            "url": "https://fullfact.org/online/labour-support/",
            "title": "What polls say about Jewish voters",
            "reviewDate": "2019-11-28T00:00:00Z",
            "textualRating": "Missing context",
            "languageCode": "en",
        }],
    }]
}  # fmt: skip


def test_archive_button_records_the_wayback_link_and_undoes(sample_window, qtbot, monkeypatch):
    server = LocalServer()
    server.route(
        "GET",
        "/wayback/available",
        Reply(200, {"archived_snapshots": {"closest": {
            "available": True, "status": "200", "timestamp": "20191127093000",
            "url": "http://web.archive.org/web/20191127093000/https://example.org/report"}}}),
    )  # fmt: skip
    server.start()
    monkeypatch.setenv("FACTDESK_WAYBACK_URL", server.base_url)
    try:
        window = sample_window
        window.claims.set_current_row(0)
        claim = window.panel.claim
        window.review.add_evidence(claim.id, "https://example.org/report")
        settle(qtbot, window)
        with stored(window) as desk:
            evidence = desk.evidence(claim.id)[0]
        window.panel.archiveRequested.emit(evidence)
        settle(qtbot, window)
    finally:
        server.stop()
    archived = "https://web.archive.org/web/20191127093000/https://example.org/report"
    with stored(window) as desk:
        assert desk.evidence_item(evidence.id).archived_url == archived
    assert "Archived" in window.statusBar().currentMessage()
    window.editor.undo()
    settle(qtbot, window)
    with stored(window) as desk:
        assert desk.evidence_item(evidence.id).archived_url is None


def test_look_up_keeps_published_fact_checks(sample_window, qtbot, monkeypatch, test_service):  # noqa: F811
    secrets.set_secret("factcheck-api-key", "gui-test-key")
    server = LocalServer()
    server.route("GET", "/v1alpha1/claims:search", Reply(200, FACT_CHECKS))
    server.start()
    monkeypatch.setenv("FACTDESK_FACTCHECK_URL", server.base_url)
    try:
        window = sample_window
        window.claims.set_current_row(3)
        claim = window.panel.claim
        window.review.lookup_prior_checks()
        prior_list = window.panel.related.prior_list
        qtbot.waitUntil(lambda: prior_list.topLevelItemCount() == 1, timeout=15_000)
    finally:
        server.stop()
    (request,) = server.requests
    assert request.query["query"] == [claim.text] and request.query["key"] == ["gui-test-key"]
    row = prior_list.topLevelItem(0)
    assert "Full Fact" in row.text(0) and row.text(1) == "Missing context"
    # Kept in the database: readable offline.
    with stored(window) as desk:
        assert [c.rating for c in desk.prior_checks(claim.id)] == ["Missing context"]


def test_look_up_without_a_key_says_which_key(sample_window, qtbot, test_service):  # noqa: F811
    window = sample_window
    window.claims.set_current_row(0)
    window.review.lookup_prior_checks()
    qtbot.waitUntil(
        lambda: "factcheck-api-key" in window.statusBar().currentMessage(), timeout=15_000
    )


def test_imported_claimreview_shows_under_seen_before(sample_window, qtbot, tmp_path):
    import json

    review = {
        "@context": "https://schema.org", "@type": "ClaimReview",
        "url": "https://checks.example.org/mirvis-tory",
        "claimReviewed": "Chief Rabbi Mirvis is a Tory party activist",
        "author": {"@type": "Organization", "name": "Example Checks"},
        "reviewRating": {"@type": "Rating", "alternateName": "False"},
    }  # fmt: skip
    path = tmp_path / "review.jsonld"
    path.write_text(json.dumps(review))
    window = sample_window
    with stored(window) as desk:
        tory = desk.search("Tory activist")[0]
    window.claims.select_claim(tory.id)
    window.importer.import_claimreview([str(path)])
    prior_list = window.panel.related.prior_list
    qtbot.waitUntil(lambda: prior_list.topLevelItemCount() == 1, timeout=15_000)
    assert "Example Checks" in prior_list.topLevelItem(0).text(0)
