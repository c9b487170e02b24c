"""Every CLI subcommand, with each of its input forms (files, folders, URLs, stdin, bundles)
and each of its options, run as a user runs it against a real database and a local HTTP
server. A last test checks the table below covers every subcommand and option the parser
has, so a new one cannot ship untested."""

from __future__ import annotations

import argparse
import gzip
import io
import json
import shutil
import sys
from types import SimpleNamespace

import pytest

from factdesk import secrets
from factdesk.cli import build_parser, main
from factdesk.desk import Desk
from factdesk.model import ClaimFilter, PriorCheck
from tests.conftest import MIRVIS_REVIEW, SAMPLE
from tests.localserver import LocalServer, Reply
from tests.test_secrets import test_service  # noqa: F401  (a fixture)

PAGE = """<!doctype html><html lang="en"><head><title>Bridge costs | The Gazette</title>
<link rel="canonical" href="https://gazette.example/bridge"></head>
<body><article><h1>The bridge cost twice the estimate</h1>
<p>The new river bridge cost 48 million pounds, twice the council's estimate.</p>
<p>Traffic on the old crossing fell by 30 per cent in the first month.</p></article>
</body></html>"""
SCALE = {
    "id": "traffic-light",
    "name": "Traffic light",
    "levels": [{"label": "Green", "value": 3}, {"label": "Red", "value": 1}],
}


@pytest.fixture(scope="module")
def server():
    server = LocalServer()
    server.route("GET", "/bridge.html", Reply(200, PAGE))
    server.route("GET", "/evidence.html", Reply(200, PAGE.replace("Bridge costs", "Evidence")))
    server.route(
        "GET",
        "/review.html",
        Reply(200, f'<script type="application/ld+json">{json.dumps(MIRVIS_REVIEW)}</script>'),
    )
    closest = {
        "available": True,
        "status": "200",
        "timestamp": "20200101000000",
        "url": "http://web.archive.org/web/20200101000000/x",
    }
    server.route(
        "GET", "/wayback/available", Reply(200, {"archived_snapshots": {"closest": closest}})
    )
    server.route("POST", "/save", Reply(200, {"job_id": "spn2-x"}))
    server.route(
        "GET",
        "/save/status/spn2-x",
        Reply(200, {"status": "success", "timestamp": "20261128120000"}),
    )
    server.route("GET", "/v1alpha1/claims:search", Reply(200, {"claims": []}))
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Gazette</title><item>'
        f"<title>Bridge</title><link>{server.base_url}/bridge.html</link></item></channel></rss>"
    )
    server.route("GET", "/feed.xml", Reply(200, feed))
    server.route("GET", "/other.xml", Reply(200, feed))
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def base(tmp_path_factory, server) -> SimpleNamespace:
    """A database with the sample article, a second one, evidence and a verdict; and the
    files the commands read."""
    folder = tmp_path_factory.mktemp("cli")
    db = folder / "base.db"
    with Desk(db) as desk:
        desk.import_source(str(SAMPLE))
        second = folder / "second.txt"
        second.write_text("A viral post claimed that the Chief Rabbi Mirvis is a Tory activist.")
        desk.import_source(str(second))
        tory = desk.search("Tory activist")[0]
        evidence = desk.add_evidence(
            tory.id, f"{server.base_url}/evidence.html", quote="never held party office",
            fetch=False,
        ).made  # fmt: skip
        desk.set_verdict(tory.id, "False", scale="politifact")
        desk.save_factcheck(tory.id, headline="False: no party record", findings="None [1].")
        desk.save_prior_checks(
            tory.id,
            [
                PriorCheck(
                    MIRVIS_REVIEW["claimReviewed"], MIRVIS_REVIEW["url"], publisher="Example Checks"
                )
            ],
        )
        article = next(a for a in desk.articles() if a.source == str(SAMPLE))
        trashed = folder / "trashed.txt"
        trashed.write_text("Trash me, said the article. It was said.")
        desk.import_source(str(trashed))
        in_trash = desk.trash_article(desk.articles(search="Trash")[0].id).made
        desk.export_bundle(folder / "work.bundle")
        other = next(c for c in desk.claims() if c.id != tory.id)
        desk.save_list("rated false", ClaimFilter(verdict="False"))
        desk.watch_source(f"{server.base_url}/feed.xml")
    texts = folder / "texts"
    texts.mkdir()
    for n in range(3):
        (texts / f"t{n}.txt").write_text(f"The toll rose by {n + 10}% in 2020. It was said.")
    (folder / "sentences.txt").write_text("Unemployment fell to 3.5% last year.\nHello there.\n")
    (folder / "review.jsonld").write_text(json.dumps(MIRVIS_REVIEW))
    (folder / "review.html.gz").write_bytes(
        gzip.compress(
            f'<script type="application/ld+json">{json.dumps(MIRVIS_REVIEW)}</script>'.encode()
        )
    )
    (folder / "scale.json").write_text(json.dumps(SCALE))
    (folder / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    (folder / "findings.md").write_text("The register [1].\n\nNo record [1].\n")
    return SimpleNamespace(
        folder=folder,
        db=db,
        claim=tory.id,
        other=other.id,
        article=article.id,
        article_short=article.id[-8:].lower(),
        trashed=in_trash.id,
        trashed_short=in_trash.short_id,
        evidence=evidence.id,
        url=server.base_url,
    )


# command -> [(form, argv template, stdin, exit code, words expected on stdout; "stderr:..."
# on stderr: a status line, where stdout carries only data)]
CASES: dict[str, list[tuple]] = {
    "import": [
        ("file", ["import", "{sample}"], None, 0, ["already imported"]),
        ("file, --replace", ["import", "--replace", "{sample}"], None, 0, ["replaced"]),
        ("folder, 2 workers, --quiet", ["import", "--quiet", "--workers", "2", "{folder}/texts"],
         None, 0, ["claims"]),
        ("folder, 1 worker", ["import", "--workers", "1", "{folder}/texts"], None, 0, ["claims"]),
        ("url", ["import", "{url}/bridge.html"], None, 0, ["bridge cost twice"]),
        ("stdin", ["import", "-"], b"The tax rose by 4% in 2021.", 0, ["claims"]),
        ("bundle", ["import", "{folder}/work.bundle"], None, 0, ["merged"]),
        ("bundle, --accept-deletions", ["import", "--accept-deletions", "{folder}/work.bundle"],
         None, 0, ["merged"]),
        ("as json", ["import", "--format", "json", "{sample}", "{folder}/work.bundle"], None, 0,
         ['"imported"', '"outcome"', '"merged"']),
        ("stdin, --no-refine", ["import", "--no-refine", "-"], b"The tax rose by 4% in 2021.", 0,
         ["claims"]),
    ],
    "refine": [
        ("nothing provisional", ["refine"], None, 0, ["stderr:0 articles refined"]),
        ("as json", ["refine", "--format", "json"], None, 0, ['"refined"']),
        ("--quiet", ["refine", "--quiet"], None, 0, []),
    ],
    "extract": [
        ("file", ["extract", "{sample}"], None, 0, ['"text"']),
        ("files as jsonl", ["extract", "--format", "jsonl", "{sample}", "{folder}/texts/t0.txt"],
         None, 0, ['"source"']),
        ("url", ["extract", "--format", "json", "{url}/bridge.html"], None, 0, ["48 million"]),
        ("stdin", ["extract", "-"], b"Plain text from a pipe.", 0, ["Plain text from a pipe"]),
    ],
    "split": [
        ("file", ["split", "{sample}"], None, 0, ["speaker"]),
        ("file as json", ["split", "--format", "json", "{sample}"], None, 0, ['"claims"']),
        ("stdin", ["split", "-"], b"The tax rose by 4% in 2021.", 0, ["4%"]),
    ],
    "score": [
        ("file", ["score", "{folder}/sentences.txt"], None, 0, ['"score"', "Unemployment"]),
        ("stdin", ["score", "-"], b"Crime fell by 12% last year.\n", 0, ['"checkworthy"']),
        ("stdin by default", ["score"], b"Crime fell by 12% last year.\n", 0, ['"kind"']),
        ("as posts", ["score", "--genre", "post", "-"], b"Crime fell by 12%.\n", 0, ['"score"']),
        ("JSON lines with a genre", ["score", "-"],
         b'{"text": "Crime fell by 12%.", "genre": "quote"}\n', 0, ['"Crime fell by 12%."']),
    ],
    "articles": [
        ("table", ["articles"], None, 0, ["claim_count"]),
        ("json, search, sort", ["articles", "--format", "json", "--search", "Mirvis", "--sort",
                                "title"], None, 0, ['"title"']),
        ("sorted by date", ["articles", "--sort", "published"], None, 0, ["claim_count"]),
        # rm moves to the trash without asking; --yes (it used to ask) is still accepted.
        ("rm", ["articles", "rm", "{article}"], None, 0, ["moved to the trash"]),
        ("rm --yes", ["articles", "rm", "--yes", "{article}"], None, 0, ["moved to the trash"]),
        ("rm by short id", ["articles", "rm", "{article_short}"], None, 0, ["44 claims"]),
        ("rm as json", ["articles", "rm", "{article}", "--format", "json"], None, 0,
         ['"trashed"']),
    ],
    "claims": [
        ("table", ["claims"], None, 0, ["score"]),
        ("json, filters", ["claims", "--format", "json", "--article", "{article}", "--min-score",
                           "0.1", "--kind", "other", "--status", "new", "--speaker", "a"],
         None, 0, ["["]),
        ("verdict, sort, limit", ["claims", "--verdict", "False", "--sort", "score", "--limit",
                                  "5"], None, 0, ["False"]),
        ("other sorts", ["claims", "--sort", "said_on"], None, 0, ["score"]),
        ("by speaker", ["claims", "--sort", "speaker"], None, 0, ["score"]),
        ("in position order", ["claims", "--sort", "position"], None, 0, ["score"]),
        ("assigned", ["claims", "--assignee", "Sam"], None, 0, ["(none)"]),
        ("mine, before any sync", ["claims", "--mine"], None, 2, []),
        ("a saved list", ["claims", "--list", "rated false"], None, 0, ["False"]),
        ("an unknown list", ["claims", "--list", "nope"], None, 2, []),
    ],
    "lists": [
        ("list", ["lists"], None, 0, ["rated false"]),
        ("list as json", ["lists", "list", "--format", "json"], None, 0, ['"claims": 1']),
        ("save every option", ["lists", "save", "mine this week", "--text", "rabbi", "--status",
                               "new", "--verdict", "", "--speaker", "a", "--kind", "other",
                               "--min-score", "0.3", "--assignee", "Sam", "--mine", "--days",
                               "7", "--sort", "score"], None, 0, ["saved list", "last 7 days"]),
        ("save, bad days", ["lists", "save", "x", "--days", "0"], None, 2, []),
        ("show", ["lists", "show", "rated false", "--format", "json", "--limit", "3"], None, 0,
         ['"verdict": "False"']),
        ("rm", ["lists", "rm", "rated false"], None, 0, []),
        ("rm unknown", ["lists", "rm", "nope"], None, 2, []),
    ],
    "stats": [
        ("text", ["stats"], None, 0, ["verdicts per week", "backlog by status"]),
        ("json", ["stats", "--format", "json"], None, 0, ['"median_hours_to_verdict"']),
    ],
    "speakers": [
        ("table", ["speakers"], None, 0, ["claim_count"]),
        ("json", ["speakers", "--format", "json"], None, 0, ['"aliases"']),
    ],
    "search": [
        ("query", ["search", "Tory activist"], None, 0, ["Tory"]),
        ("json, limit", ["search", "--format", "json", "--limit", "1", "Mirvis"], None, 0,
         ['"id"']),
    ],
    "evidence": [
        ("add offline", ["evidence", "add", "{claim}", "https://example.org/x", "--stance",
                         "refutes", "--quote", "q", "--note", "n", "--no-fetch"], None, 0,
         ["https://example.org/x"]),
        ("add, fetched", ["evidence", "add", "{claim}", "{url}/evidence.html"], None, 0,
         ["twice the estimate"]),
        ("list", ["evidence", "list", "{claim}"], None, 0, ["stance", "never held party office"]),
        ("list as json", ["evidence", "list", "--format", "json", "{claim}"], None, 0, ['"url"']),
        ("refetch", ["evidence", "refetch", "{evidence}"], None, 0, ["twice the estimate"]),
        ("remove", ["evidence", "remove", "{evidence}"], None, 0, ["moved to the trash"]),
        ("add as json", ["evidence", "add", "--format", "json", "{claim}", "https://e.org/y",
                         "--no-fetch"], None, 0, ['"id"', '"offline": false']),
        ("refetch as json", ["evidence", "refetch", "--format", "json", "{evidence}"], None, 0,
         ['"title"']),
        ("remove as json", ["evidence", "remove", "--format", "json", "{evidence}"], None, 0,
         ['"trashed"']),
    ],
    "trash": [
        ("list", ["trash", "list"], None, 0, ["kind", "Trash me"]),
        ("list as json", ["trash", "list", "--format", "json"], None, 0, ['"short_id"']),
        ("restore", ["trash", "restore", "{trashed}"], None, 0, ["restored: Trash me"]),
        ("restore by short id", ["trash", "restore", "{trashed_short}"], None, 0, ["restored"]),
        ("restore as json", ["trash", "restore", "--format", "json", "{trashed}"], None, 0,
         ['"restored"']),
        ("empty one", ["trash", "empty", "{trashed_short}"], None, 0, ["1 entry deleted"]),
        ("empty", ["trash", "empty"], None, 0, ["deleted for good"]),
        ("empty as json", ["trash", "empty", "--format", "json"], None, 0, ['"deleted_for_good"']),
    ],
    "verdict": [
        ("label", ["verdict", "{other}", "Half True"], None, 0, ["Half True"]),
        ("number, summary, reviewer", ["verdict", "{other}", "2", "--summary", "s", "--reviewer",
                                       "Sam"], None, 0, ["Mostly True"]),
        ("another scale", ["verdict", "{other}", "3", "--scale", "five-point"], None, 0,
         ["five-point"]),
        ("a conclusion", ["verdict", "{other}", "Not what the record shows", "--scale",
                          "conclusion"], None, 0, ["Not what the record shows"]),
        ("as json", ["verdict", "--format", "json", "{other}", "False"], None, 0,
         ['"id"', '"rating": "False"']),
    ],
    "history": [
        ("table", ["history", "{claim}"], None, 0, ["False"]),
        ("json", ["history", "--format", "json", "{claim}"], None, 0, ['"verdict"']),
    ],
    "status": [
        ("state", ["status", "{claim}", "researching"], None, 0, ["researching"]),
        ("with assignee", ["status", "{claim}", "in review", "--assignee", "Sam"], None, 0,
         ["Sam"]),
        ("as json", ["status", "--format", "json", "{claim}", "researching"], None, 0,
         ['"status": "researching"']),
    ],
    "similar": [
        ("claim", ["similar", "{claim}"], None, 0, ["similarity"]),
        ("json, limit", ["similar", "--format", "json", "--limit", "3", "{claim}"], None, 0,
         ["["]),
    ],
    "family": [
        ("in none", ["family", "{claim}"], None, 0, ["in no family"]),
        ("json", ["family", "--format", "json", "{claim}"], None, 0, ['"members": 0']),
        ("no such claim", ["family", "NOPE"], None, 2, ["stderr:NOPE: no such claim"]),
    ],
    "watch": [
        ("list", ["watch"], None, 0, ["feed.xml"]),
        ("list as json", ["watch", "list", "--format", "json"], None, 0, ['"interval_minutes"']),
        ("add", ["watch", "add", "{url}/other.xml", "--every", "30", "--kind", "feed"], None, 0,
         ["every 30 min"]),
        ("run", ["watch", "run"], None, 0, ["1 sources polled, 1 new articles, 0 problems"]),
        ("run all, quiet, json", ["watch", "run", "--all", "--quiet", "--format", "json"],
         None, 0, ['"imported"']),
        ("new", ["watch", "new", "--hours", "48", "--limit", "5", "--format", "json"], None, 0,
         ["["]),
        ("rm", ["watch", "rm", "{url}/feed.xml"], None, 0, ["stderr:no longer watching"]),
        ("add as json", ["watch", "add", "--format", "json", "{url}/third.xml"], None, 0,
         ['"interval_minutes": 60']),
        ("rm as json", ["watch", "rm", "--format", "json", "{url}/feed.xml"], None, 0,
         ['"removed"']),
    ],
    "lookup": [
        ("offline", ["lookup", "--offline", "{claim}"], None, 0, ["publisher"]),
        ("online (keyring)", ["lookup", "--language", "en", "--format", "json", "{claim}"],
         None, 0, ["Example Checks"]),
    ],
    "claimreview": [
        ("json-ld file", ["claimreview", "{folder}/review.jsonld"], None, 0, ["1 new"]),
        ("saved page", ["claimreview", "{folder}/review.html.gz"], None, 0, ["new"]),
        ("url", ["claimreview", "{url}/review.html"], None, 0, ["new"]),
        ("as json", ["claimreview", "--format", "json", "{folder}/review.jsonld"], None, 0,
         ['"added": 1']),
    ],
    "archive": [
        ("found", ["archive", "{evidence}"], None, 0, ["web.archive.org"]),
        ("--save (keyring)", ["archive", "--save", "{evidence}"], None, 0, ["web.archive.org"]),
        ("as json", ["archive", "--format", "json", "{evidence}"], None, 0, ['"archived_url"']),
    ],
    "scales": [
        ("list", ["scales"], None, 0, ["politifact"]),
        ("list as json", ["scales", "list", "--format", "json"], None, 0, ['"labels"']),
        ("add", ["scales", "add", "{folder}/scale.json"], None, 0, ["traffic-light"]),
    ],
    "settings": [
        ("all", ["settings"], None, 0, ["reviewer ="]),
        ("one", ["settings", "scale"], None, 0, ["scale = politifact"]),
        ("set", ["settings", "reviewer", "Sam Checker"], None, 0, ["Sam Checker"]),
        ("set, as json", ["settings", "--format", "json", "reviewer", "Sam"], None, 0,
         ['"reviewer": "Sam"']),
        ("a logo file", ["settings", "logo", "{folder}/logo.svg"], None, 0,
         ["logo = (an image, 1 KB)"]),
        ("a logo that is not an image", ["settings", "logo", "{folder}/findings.md"], None, 2,
         []),
    ],
    "secrets": [
        ("status (keyring)", ["secrets", "status"], None, 0, ["factcheck-api-key:"]),
        ("set from stdin (keyring)", ["secrets", "set", "archive-access-key"], b"k-1\n", 0,
         ["stored"]),
        ("delete (keyring)", ["secrets", "delete", "archive-access-key"], None, 0, ["deleted"]),
    ],
    "export": [
        *[(fmt, ["export", "--format", fmt, "-o", "{out}." + fmt], None, 0, [f"stderr:{fmt}"])
          for fmt in ("html", "md", "csv", "json", "claimreview", "pdf")],
        ("bundle of an article", ["export", "--format", "bundle", "--article", "{article}",
                                  "--output", "{out}.bundle"], None, 0,
         ["stderr:bundle of 1 articles"]),
        ("only what is ready to publish", ["export", "--format", "csv", "--skip-incomplete",
                                           "-o", "{out}.csv"], None, 0,
         ["stderr:incomplete left out"]),
        ("chosen claims, rated only", ["export", "--format", "md", "--claims",
                                       "{claim},{other}", "--rated-only", "-o", "{out}.md"],
         None, 0, ["stderr:(1 rated)"]),
        ("to stdout", ["export", "--format", "md", "-o", "-"], None, 0,
         ["# ", "stderr:standard output: md report"]),
        ("what was written, as json", ["export", "--format", "csv", "--json", "-o", "{out}.csv"],
         None, 0, ['"claims"', '"rated"']),
        ("quietly", ["export", "--format", "csv", "--quiet", "-o", "{out}.csv"], None, 0, []),
        ("unrated too", ["export", "--format", "csv", "--all", "-o", "{out}.csv"], None, 0,
         ["stderr:(1 rated)"]),
        ("the claims a filter lists", ["export", "--format", "md", "--verdict", "False",
                                       "--speaker", "James", "--kind", "other", "--status", "new",
                                       "--min-score", "0", "--assignee", "", "-o", "{out}.md"],
         None, 0, ["stderr:report of"]),
        *[(fmt + " of a claim", ["export", "--format", fmt, "--claim", "{claim}",
                                 "-o", "{out}." + fmt], None, 0,
           ["stderr:" + fmt + " of 1 fact-check"])
          for fmt in ("page", "page-pdf", "page-md", "page-fragment")],
    ],
    "factcheck": [
        ("show", ["factcheck", "show", "{claim}", "--format", "json"], None, 0, ['"draft"']),
        ("edit", ["factcheck", "edit", "{claim}", "--headline", "False: none", "--findings",
                  "{folder}/findings.md", "--authors", "Ada,Sam"], None, 0,
         ["draft: False: none", "by Ada, Sam"]),
        ("findings from stdin", ["factcheck", "edit", "{claim}", "--findings", "-"],
         b"Read [1].", 0, ["draft:"]),
        ("a correction note (kept for published ones)", ["factcheck", "edit", "{claim}",
                                                         "--correction", "n"], None, 0, ["draft:"]),
        ("add a claim on the same point", ["factcheck", "add", "{claim}", "--claims", "{other}"],
         None, 0, ["also covers"]),
        ("take out a claim in none", ["factcheck", "take-out", "{other}"], None, 2, []),
        ("submit", ["factcheck", "submit", "{claim}", "--by", "Sam"], None, 0, ["in review:"]),
        ("sign-off of a draft", ["factcheck", "sign-off", "{claim}", "--editor", "Grace"], None,
         2, []),
        ("return a draft", ["factcheck", "return", "{claim}", "--by", "Sam"], None, 2, []),
    ],
    "backup": [
        ("to a file", ["backup", "-o", "{out}.db"], None, 0, ["stderr:backup of"]),
        ("long option", ["backup", "--output", "{out}.db"], None, 0, ["stderr:backup of"]),
        ("as json, quietly", ["backup", "--format", "json", "--quiet", "-o", "{out}.db"], None,
         0, ['"claims"', '"bytes"']),
    ],
    # (hub): a real PostgreSQL hub (tests/pgserver.py) with a checker on it
    "sync": [
        ("--hub (hub)", ["sync", "--hub", "{hub_checker}"], None, 0, ["synced with hub"]),
        ("--quiet (hub)", ["sync", "--quiet", "--hub", "{hub_checker}"], None, 0, ["sent"]),
        ("--progress (hub)", ["sync", "--progress", "--hub", "{hub_checker}"], None, 0,
         ["sent", "stderr:connecting to hub"]),
        ("as json (hub)", ["sync", "--format", "json", "--hub", "{hub_checker}"], None, 0,
         ['"received"', '"sent"']),
        ("no hub set", ["sync"], None, 2, []),
    ],
    "hub": [
        ("init (hub)", ["hub", "init", "{hub_admin}"], None, 0, ["up to date"]),
        ("add-checker (hub)", ["hub", "add-checker", "{new_name}", "--hub", "{hub_admin}"], None,
         0, ["checker added", "password"]),
        ("add-checker --name (hub)", ["hub", "add-checker", "{new_name}", "--name", "Sam Okafor",
                                      "--hub", "{hub_admin}"], None, 0, ["checker added"]),
        ("add an editor (hub)", ["hub", "add-checker", "{new_name}", "--editor", "--org", "desk2",
                                 "--hub", "{hub_admin}"], None, 0, ["editor added"]),
        ("checkers (hub)", ["hub", "checkers", "--format", "json", "--hub", "{hub_admin}"], None,
         0, ['"active"']),
        ("remove-checker (hub)", ["hub", "remove-checker", "{checker}", "--hub", "{hub_admin}"],
         None, 0, ["removed"]),
    ],
}  # fmt: skip
NEEDS_KEYRING = "(keyring)"
CASE_IDS = [(command, form) for command, forms in CASES.items() for form, *_ in forms]


@pytest.mark.parametrize(("command", "form"), CASE_IDS, ids=[f"{c}: {f}" for c, f in CASE_IDS])
def test_every_command_with_every_input_form(
    base, tmp_path, monkeypatch, capsys, request, command, form
):
    (_, template, stdin, expected_code, words) = next(c for c in CASES[command] if c[0] == form)
    monkeypatch.setenv("FACTDESK_WAYBACK_URL", base.url)
    monkeypatch.setenv("FACTDESK_SAVE_PAGE_URL", base.url)
    monkeypatch.setenv("FACTDESK_FACTCHECK_URL", base.url)
    if NEEDS_KEYRING in form:
        request.getfixturevalue("test_service")  # a real keyring, or skip (fail in CI)
        for name in secrets.SECRETS:
            secrets.set_secret(name, f"{name}-value")
        if command == "lookup":  # the service finds the published review
            base_review = {
                "claims": [
                    {
                        "text": MIRVIS_REVIEW["claimReviewed"],
                        "claimReview": [
                            {
                                "publisher": {"name": "Example Checks"},
                                "url": MIRVIS_REVIEW["url"],
                                "textualRating": "False",
                            }
                        ],
                    }
                ]
            }
            server = request.getfixturevalue("server")
            server.route("GET", "/v1alpha1/claims:search", Reply(200, base_review))
    db = tmp_path / "desk.db"
    shutil.copy(base.db, db)
    values = {**vars(base), "sample": str(SAMPLE), "out": str(tmp_path / "out")}
    if "(hub)" in form:
        hub = request.getfixturevalue("hub")
        checker_url = hub.add_checker("cli")
        values |= {"hub_admin": hub.admin_url, "hub_checker": checker_url,
                   "checker": hub.checkers["cli"], "new_name": f"new_{hub.database}"}  # fmt: skip
    argv = ["--db", str(db), *(part.format(**values) for part in template)]
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
    code = main(argv)
    out, err = capsys.readouterr()
    assert code == expected_code, err
    assert "Traceback" not in err
    for word in words:
        if word.startswith("stderr:"):
            assert word.removeprefix("stderr:") in err, err
        else:
            assert word in out, out
    if ("--json" in template or ("json" in template and command != "export")) and code == 0:
        json.loads(out)  # one JSON document, nothing else on stdout


def _options(parser: argparse.ArgumentParser, prefix: str = "") -> dict[str, set[str]]:
    """Every (sub)command of the parser, with its optional arguments and choices of its
    positional `action` arguments."""
    found: dict[str, set[str]] = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found.update(_options(sub, f"{prefix}{name} "))
    if prefix:
        options = {o for a in parser._actions for o in a.option_strings}
        found[prefix.strip()] = options - {"-h", "--help"}
    return found


def test_the_table_covers_every_command_and_option():
    untested = []
    for command, options in _options(build_parser()).items():
        top = command.split()[0]
        if top == "gui":
            continue
        runs = [" ".join(argv) for _, argv, *_ in CASES.get(top, [])]
        if not any(run.startswith(command) for run in runs):
            untested.append(command)
        for option in options:
            if not any(run.startswith(command) and option in run.split() for run in runs):
                untested.append(f"{command} {option}")
    assert not untested, f"not run by any test: {untested}"


def test_commands_that_read_claims_leave_the_encoder_and_numpy_unloaded(tmp_path):
    """A script calling `factdesk claims` often pays each start: listing claims (their
    seen-before and family marks included) must not load numpy or the sentence encoder
    (0.3 s a command, whatever the database's size)."""
    import subprocess

    db = tmp_path / "read.db"
    with Desk(db) as desk:
        desk.import_source(str(SAMPLE))
        article = desk.articles()[0].id
    probe = (
        "import sys\nfrom factdesk.cli import main\n"
        "code = main(sys.argv[1:])\n"
        "print('LOADED', sorted(m for m in ('numpy', 'onnxruntime', 'factdesk.memory')"
        " if m in sys.modules))\n"
    )
    commands = [
        ["claims", "--limit", "50"],
        ["claims", "--article", article, "--format", "json"],
        ["articles"],
        ["search", "Tory"],
    ]
    for command in commands:
        done = subprocess.run(
            [sys.executable, "-c", probe, "--db", str(db), *command],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        assert done.stdout.splitlines()[-1] == "LOADED []", (command, done.stderr[-500:])
