"""Issue 5 end to end, from the CLI: evidence with an offline copy, verdict history, a
claim recognised in a second article, prior fact-checks and web archiving against local
stand-ins for the two services, and no secret anywhere it should not be."""

from __future__ import annotations

import gzip
import json
import logging
import uuid

import pytest

from factdesk import secrets
from factdesk.cli import main
from tests.conftest import SAMPLE
from tests.evidence.conftest import LocalServer, Reply
from tests.test_secrets import test_service  # noqa: F401  (a fixture)

EVIDENCE_PAGE = """<!doctype html><html lang="en"><head>
<title>Chief Rabbi's party membership: what the record shows</title>
<meta property="og:site_name" content="Register Watch">
<meta property="article:published_time" content="2019-11-27T09:00:00Z">
</head><body><nav>Home | News</nav><article><h1>What the record shows</h1>
<p>The Chief Rabbi is not a member of any political party, according to the register of
members kept by the party and statements from his office.</p>
<p>His office said he had never campaigned for the Conservatives and that the claim
circulating on social media was false.</p></article><footer>Contact us</footer></body></html>"""


def cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def services(monkeypatch):
    server = LocalServer()
    server.route("GET", "/evidence.html", Reply(200, EVIDENCE_PAGE))
    server.route("GET", "/wayback/available", Reply(200, {"archived_snapshots": {}}))
    server.route("POST", "/save", Reply(200, {"url": "x", "job_id": "spn2-abc"}))
    server.route(
        "GET",
        "/save/status/spn2-abc",
        Reply(200, {"status": "success", "timestamp": "20261128120000"}),
    )
    sample = {
        "claims": [{
            "text": "Chief Rabbi Mirvis is a Conservative party activist",
            "claimant": "Social media users",
            "claimDate": "2019-11-26T00:00:00Z",
            "claimReview": [{
                "publisher": {"name": "Full Fact", "site": "fullfact.org"},
                "url": "https://fullfact.org/online/chief-rabbi-not-tory/",
                "title": "The Chief Rabbi is not a Tory activist",
                "reviewDate": "2019-11-28T00:00:00Z",
                "textualRating": "False",
                "languageCode": "en",
            }],
        }]
    }  # fmt: skip
    server.route("GET", "/v1alpha1/claims:search", Reply(200, sample))
    server.start()
    monkeypatch.setenv("FACTDESK_WAYBACK_URL", server.base_url)
    monkeypatch.setenv("FACTDESK_SAVE_PAGE_URL", server.base_url)
    monkeypatch.setenv("FACTDESK_FACTCHECK_URL", server.base_url)
    yield server
    server.stop()


def test_review_workflow_from_the_cli(db_path, capsys, caplog, services, test_service):  # noqa: F811
    db = ["--db", str(db_path)]
    caplog.set_level(logging.DEBUG)  # every log line, urllib3's requests included
    keys = {name: f"{name}-{uuid.uuid4().hex}" for name in secrets.SECRETS}
    for name, value in keys.items():
        secrets.set_secret(name, value)

    assert cli(capsys, *db, "import", str(SAMPLE))[0] == 0
    claims = json.loads(cli(capsys, *db, "claims", "--format", "json")[1])
    tory = next(c for c in claims if c["text"].startswith("Chief Rabbi Mirvis is a Tory activist"))

    # Evidence: fetched for its title and an offline copy.
    url = f"{services.base_url}/evidence.html"
    code, out, err = cli(capsys, *db, "evidence", "add", tory["id"], url, "--stance", "refutes",
                         "--quote", "not a member of any political party")  # fmt: skip
    assert code == 0, err
    assert "what the record shows" in out.lower()
    evidence_id = out.split()[0]

    # Archive it: not archived yet, so Save Page Now captures it (with the keys).
    code, out, _ = cli(capsys, *db, "archive", evidence_id, "--save")
    assert code == 0 and f"https://web.archive.org/web/20261128120000/{url}" in out
    save = next(r for r in services.requests if r.path == "/save")
    assert save.headers["authorization"] == (
        f"LOW {keys['archive-access-key']}:{keys['archive-secret-key']}"
    )

    # Prior fact-checks, kept for offline reading.
    code, out, _ = cli(capsys, *db, "lookup", tory["id"], "--format", "json")
    checks = json.loads(out)
    assert code == 0 and checks[0]["publisher"] == "Full Fact" and checks[0]["rating"] == "False"
    search = next(r for r in services.requests if r.path == "/v1alpha1/claims:search")
    assert search.query["key"] == [keys["factcheck-api-key"]]

    services.stop()  # from here on, no network: everything is read from the database
    code, out, _ = cli(capsys, *db, "evidence", "list", tory["id"], "--format", "json")
    (evidence,) = json.loads(out)
    assert "not a member of any political party" in evidence["snapshot_text"]
    assert "what the record shows" in evidence["title"].lower()
    assert evidence["publisher"] == "Register Watch"
    assert evidence["archived_url"].startswith("https://web.archive.org/web/20261128120000/")
    assert "Contact us" not in evidence["snapshot_text"]  # extracted, not the whole page

    # Two verdicts, both in the history; the latest is current.
    assert cli(capsys, *db, "verdict", tory["id"], "Mostly False")[0] == 0
    assert cli(capsys, *db, "verdict", tory["id"], "False", "--summary", "Not a party member.",
               "--reviewer", "Sam")[0] == 0  # fmt: skip
    history = json.loads(cli(capsys, *db, "history", tory["id"], "--format", "json")[1])
    assert [h["rating"] for h in history if h["type"] == "verdict"] == ["Mostly False", "False"]
    claims = json.loads(cli(capsys, *db, "claims", "--format", "json")[1])
    assert next(c for c in claims if c["id"] == tory["id"])["verdict"] == "False"

    # The claim comes back in a second article and is recognised.
    second = db_path.parent / "second.txt"
    second.write_text(
        "Rumours spread online again this week.\n\n"
        "A viral post claimed that the Chief Rabbi Mirvis is a Tory activist.\n",
        encoding="utf-8",
    )
    assert cli(capsys, *db, "import", str(second))[0] == 0
    claims = json.loads(cli(capsys, *db, "claims", "--format", "json")[1])
    repeat = next(c for c in claims if "viral post" in c["sentence"])
    similar = json.loads(cli(capsys, *db, "similar", repeat["id"], "--format", "json")[1])
    assert similar[0]["id"] == tory["id"]
    assert similar[0]["seen_before"].startswith("Seen before: rated False on ")

    # No secret reached the database, its journal, an export or anything printed.
    printed = ""
    for fmt in ("html", "md", "csv", "json", "claimreview", "bundle"):
        code, out, err = cli(capsys, *db, "export", "--format", fmt, "-o",
                             str(db_path.parent / f"export.{fmt}"))  # fmt: skip
        assert code == 0, err
        printed += out + err
    code, out, err = cli(capsys, *db, "secrets", "status")
    printed += out + err + caplog.text
    assert "factcheck-api-key: set" in out
    written = b"".join(p.read_bytes() for p in db_path.parent.iterdir() if p.is_file())
    written += gzip.decompress((db_path.parent / "export.bundle").read_bytes())
    for value in keys.values():
        assert value.encode() not in written
        assert value not in printed
