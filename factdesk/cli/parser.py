"""The command line's arguments: one subcommand per command."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from factdesk import __version__
from factdesk.model import STANCES

if TYPE_CHECKING:  # the Desk loads when a command needs it (a fast start for the rest)
    pass
from .commands import (
    cmd_archive,
    cmd_articles,
    cmd_claimreview,
    cmd_claims,
    cmd_evidence,
    cmd_family,
    cmd_history,
    cmd_hub,
    cmd_lists,
    cmd_lookup,
    cmd_scales,
    cmd_search,
    cmd_secrets,
    cmd_settings,
    cmd_similar,
    cmd_speakers,
    cmd_stats,
    cmd_status,
    cmd_sync,
    cmd_trash,
    cmd_verdict,
    cmd_watch,
)
from .common import PAGE_FORMATS, _add_claim_filters
from .exports import _add_factcheck, cmd_backup, cmd_export
from .importing import cmd_extract, cmd_import, cmd_refine, cmd_score, cmd_split

# --- argument parsing ---------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="factdesk",
        description="A desktop workbench for fact-checkers. With no command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"factdesk {__version__}")
    parser.add_argument(
        "--db", metavar="PATH", help="database file (default: $FACTDESK_DB or the user data folder)"
    )
    parser.add_argument("--self-test", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "--install-desktop",
        action="store_true",
        help="add factdesk to this user's desktop menu (entry, icon; under $XDG_DATA_HOME)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, handler: Callable, help: str, **kw: Any) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, description=help, **kw)
        p.set_defaults(handler=handler)
        return p

    def with_format(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument("--format", choices=("table", "json"), default="table")
        return p

    def changing(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        """A command that changes something: --format json prints what it did as one
        JSON object (new ids, counts) on stdout, for scripts."""
        p.add_argument(
            "--format", choices=("text", "json"), default="text",
            help="json: what was done, as one JSON object on stdout (ids, counts)",
        )  # fmt: skip
        return p

    p = changing(
        command("import", cmd_import, "import articles: URLs, files, folders, bundles, - for stdin")
    )
    p.add_argument("sources", nargs="+", metavar="SOURCE")
    p.add_argument("--replace", action="store_true", help="re-split articles imported before")
    p.add_argument("--accept-deletions", action="store_true",
                   help="let a bundle delete work recorded here too")  # fmt: skip
    p.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument(
        "--no-refine", action="store_true",
        help="store the claims with their provisional scores (n-gram model, no kinds) and "
        "stop: `factdesk refine` or the app gives them their final ones later",
    )  # fmt: skip

    p = changing(
        command(
            "refine", cmd_refine,
            "give the claims of articles imported with --no-refine (or cut short) their final "
            "scores and kinds",
        )
    )  # fmt: skip
    p.add_argument("--quiet", action="store_true", help="no progress bar")

    p = command("extract", cmd_extract, "print articles' text and metadata, without a database")
    p.add_argument("sources", nargs="+", metavar="SOURCE")
    p.add_argument("--format", choices=("json", "jsonl"), default="json")

    p = command("split", cmd_split, "print an article's claims, without a database")
    p.add_argument("source", metavar="SOURCE")
    p.add_argument("--format", choices=("table", "json"), default="table")

    p = command("score", cmd_score, "score sentences for check-worthiness, one per line")
    p.add_argument("file", nargs="?", metavar="FILE|-")
    p.add_argument(
        "--genre",
        choices=("article", "quote", "post"),
        default="article",
        help="where the sentences stand: the article's own voice (default), someone's quoted "
        'words, a social post; a JSON line {"text": ..., "genre": ...} gives its own',
    )

    with_format(command("speakers", cmd_speakers, "list speakers, one per person"))
    p = with_format(command("articles", cmd_articles, "list imported articles, or remove one"))
    rm = p.add_subparsers(dest="action", metavar="[rm]").add_parser(
        "rm", help="move an article with its claims and their work to the trash"
    )
    rm.add_argument("id", metavar="ID")
    rm.add_argument("--yes", action="store_true", help=argparse.SUPPRESS)  # it never asks now
    changing(rm)
    p.add_argument("--search", metavar="QUERY")
    p.add_argument("--sort", choices=("imported", "published", "title"), default="imported")

    p = with_format(command("claims", cmd_claims, "list claims"))
    p.add_argument("--article", metavar="ID")
    p.add_argument("--min-score", type=float)
    p.add_argument("--kind")
    p.add_argument("--status")
    p.add_argument("--verdict")
    p.add_argument("--speaker")
    p.add_argument(
        "--sort", choices=("position", "score", "said_on", "speaker"), default="position"
    )
    p.add_argument("--limit", type=int)

    p.add_argument("--assignee", metavar="NAME", help="claims assigned to NAME ('' for nobody)")
    p.add_argument("--mine", action="store_true", help="claims assigned to me on the team hub")
    p.add_argument("--list", metavar="NAME", help="the claims a saved list shows")

    p = command("lists", cmd_lists, "saved lists: named claim filters (list, save, show, rm)")
    lists = p.add_subparsers(dest="action", metavar="ACTION")
    with_format(lists.add_parser("list", help="the saved lists and how many claims each shows"))
    a = lists.add_parser("save", help="save a filter as a named list (the same name replaces)")
    a.add_argument("name")
    for option in ("--text", "--status", "--verdict", "--speaker", "--kind"):
        a.add_argument(option)
    a.add_argument("--min-score", type=float)
    a.add_argument("--assignee", metavar="NAME", help="claims assigned to NAME ('' for nobody)")
    a.add_argument("--mine", action="store_true", help="claims the desk's reviewer has taken")
    a.add_argument("--days", type=int, help="claims imported in the last DAYS days")
    a.add_argument("--sort", choices=("position", "score", "said_on", "speaker"),
                   default="position")  # fmt: skip
    s = with_format(lists.add_parser("show", help="the claims a saved list shows now"))
    s.add_argument("name")
    s.add_argument("--limit", type=int)
    lists.add_parser("rm", help="remove a saved list").add_argument("name")
    p.set_defaults(format="table")

    p = command("stats", cmd_stats, "statistics: verdicts per week and checker, backlog, speed")
    p.add_argument("--format", choices=("text", "json"), default="text")

    p = with_format(command("search", cmd_search, "full-text search over claims"))
    p.add_argument("query")
    p.add_argument("--limit", type=int, default=50)

    p = command("evidence", cmd_evidence, "add, list, refetch or remove evidence links")
    ev = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    a = changing(ev.add_parser("add", help="attach a link to a claim (fetches an offline copy)"))
    a.add_argument("claim")
    a.add_argument("url")
    a.add_argument("--stance", default="unclear", choices=STANCES)
    a.add_argument("--quote")
    a.add_argument("--note")
    a.add_argument("--no-fetch", action="store_true", help="add the link offline, without fetching")
    with_format(ev.add_parser("list", help="a claim's evidence")).add_argument("claim")
    changing(ev.add_parser("remove", help="move an evidence link to the trash")).add_argument("id")
    changing(ev.add_parser("refetch", help="fetch an evidence page again")).add_argument("id")

    p = command("trash", cmd_trash, "list, restore or empty the trash (what was deleted)")
    trash = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    with_format(trash.add_parser("list", help="what is in the trash, newest first"))
    restore = trash.add_parser("restore", help="put an entry back with all its work")
    changing(restore).add_argument("id")
    a = changing(trash.add_parser("empty", help="delete for good (all, or one entry); this is "
                                  "when a deletion reaches bundles and the team hub"))  # fmt: skip
    a.add_argument("id", nargs="?")

    p = changing(command("verdict", cmd_verdict, "record a verdict (appends to the history)"))
    p.add_argument("claim")
    p.add_argument("rating", help="a label or number on the scale (or the conclusion)")
    p.add_argument("--scale")
    p.add_argument("--summary")
    p.add_argument("--reviewer")

    with_format(
        command(
            "history",
            cmd_history,
            "a claim's verdicts, status changes and evidence added or removed",
        )
    ).add_argument("claim")

    p = changing(command("status", cmd_status, "set a claim's workflow status"))
    p.add_argument("claim")
    p.add_argument(
        "state", help="new, researching, rated, 'in review', published or 'not checking'"
    )
    p.add_argument("--assignee")

    p = with_format(command("similar", cmd_similar, "claims like this one, with their verdicts"))
    p.add_argument("claim")
    p.add_argument("--limit", type=int, default=10)

    p = with_format(command("family", cmd_family, "a claim's family: its appearances over time"))
    p.add_argument("claim")

    p = command("watch", cmd_watch, "feeds and pages to watch, and what they brought in")
    watch = p.add_subparsers(dest="action", metavar="ACTION")
    a = changing(watch.add_parser("add", help="watch an RSS or Atom feed (or a page: --kind page)"))
    a.add_argument("url")
    a.add_argument("--every", type=int, default=60, metavar="MINUTES", help="poll interval")
    a.add_argument("--kind", choices=("feed", "page"), default="feed")
    changing(watch.add_parser("rm", help="stop watching a source")).add_argument("source")
    r = with_format(watch.add_parser("run", help="poll the sources that are due (for cron)"))
    r.add_argument("--all", action="store_true", help="poll every source, due or not")
    r.add_argument("--quiet", action="store_true", help="no progress on stderr")
    n = with_format(watch.add_parser("new", help="claims brought in lately, repeats first"))
    n.add_argument("--hours", type=float, default=24, help="how far back (default: 24)")
    n.add_argument("--limit", type=int, default=200)
    with_format(watch.add_parser("list", help="the watched sources and their last poll"))
    p.set_defaults(format="table")

    p = with_format(command("lookup", cmd_lookup, "search published fact-checks for a claim"))
    p.add_argument("claim")
    p.add_argument("--language", default="en")
    p.add_argument("--offline", action="store_true", help="only those already found or imported")

    p = changing(
        command(
            "claimreview", cmd_claimreview, "import published fact-checks (ClaimReview JSON-LD)"
        )
    )
    p.add_argument("sources", nargs="+", metavar="FILE|URL")

    p = changing(
        command("archive", cmd_archive, "find (or --save) a web archive copy of an evidence link")
    )
    p.add_argument("id", metavar="EVIDENCE_ID")
    p.add_argument("--save", action="store_true", help="capture it with Save Page Now")

    p = with_format(command("scales", cmd_scales, "list rating scales, or add your own"))
    p.add_argument("action", nargs="?", choices=("list", "add"), default="list")
    p.add_argument("file", nargs="?", help="a scale's JSON file (with add)")

    p = changing(
        command("settings", cmd_settings, "show or change settings (reviewer, organisation, ...)")
    )
    p.add_argument("key", nargs="?")
    p.add_argument("value", nargs="?")

    p = command("secrets", cmd_secrets, "API keys in the OS keyring (never shown)")
    p.add_argument("action", choices=("set", "delete", "status"))
    p.add_argument("name", nargs="?")

    p = changing(
        command("sync", cmd_sync, "sync with the team hub: send my work, receive the team's")
    )
    p.add_argument("--hub", metavar="URL", help="postgresql://USER@HOST/DATABASE (default: "
                   "the hub-url setting); the password comes from the OS keyring")  # fmt: skip
    p.add_argument("--quiet", action="store_true", help="no progress, only the outcome")
    p.add_argument(
        "--progress", action="store_true", help="each step on stderr, even off a terminal"
    )

    p = command("hub", cmd_hub, "set up a team hub (PostgreSQL) and its checkers")
    hub = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    a = hub.add_parser("init", help="create or upgrade the hub's schema (as its owner)")
    a.add_argument("url", metavar="URL")
    a = hub.add_parser("add-checker", help="a login for a checker (the password is shown once)")
    a.add_argument("name")
    a.add_argument("--editor", action="store_true", help="may also delete articles")
    a.add_argument("--org", default="default", help="the checker's organisation")
    a.add_argument("--name", dest="display_name", metavar="DISPLAY NAME",
                   help="the name shown with their verdicts (default: the login)")  # fmt: skip
    a.add_argument("--hub", metavar="URL")
    a = hub.add_parser("remove-checker", help="revoke a checker's login")
    a.add_argument("name")
    a.add_argument("--hub", metavar="URL")
    a = with_format(hub.add_parser("checkers", help="list the hub's checkers"))
    a.add_argument("--hub", metavar="URL")

    _add_export(sub, command)
    _add_factcheck(command)
    p = changing(
        command("backup", cmd_backup, "copy the whole database, safely while the app runs")
    )
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="a file, or - (stdout)")
    p.add_argument("--quiet", action="store_true", help="no status line")
    return parser


def _add_export(sub: Any, command: Callable) -> None:
    p = command(
        "export",
        cmd_export,
        "export a verdict report, fact-check pages, ClaimReview or a bundle "
        "(rated claims unless --all)",
    )
    p.add_argument(
        "--format",
        required=True,
        choices=("html", "pdf", "md", "csv", "json", "claimreview", "bundle", *PAGE_FORMATS),
        help="a report (html ... claimreview); fact-check pages: page (HTML with ClaimReview),"
        " page-pdf, page-md, page-fragment (for a CMS)",
    )
    p.add_argument("--article", metavar="ID")
    p.add_argument("--claims", metavar="ID,...")
    p.add_argument("--claim", action="append", default=[], metavar="ID", help="(repeatable)")
    _add_claim_filters(p)
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="a file, or - (stdout)")
    p.add_argument("--json", action="store_true", help="what was written, as JSON on stdout")
    p.add_argument("--quiet", action="store_true", help="no progress and no status line")
    scope = p.add_mutually_exclusive_group()
    scope.add_argument(
        "--rated-only",
        action="store_true",
        help="only claims with a verdict, ready to publish (the default, as in the app)",
    )
    scope.add_argument("--all", action="store_true", help="unrated claims too")
    p.add_argument(
        "--skip-incomplete",
        action="store_true",
        help="leave out rated claims that have no summary or no evidence",
    )
