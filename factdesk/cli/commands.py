"""The commands on a database: articles, claims, review, evidence, team, settings."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from factdesk.errors import BadInput

if TYPE_CHECKING:  # the Desk loads when a command needs it (a fast start for the rest)
    pass
from .common import (
    _answer,
    _claim_json,
    _emit,
    _err,
    _fields,
    _on_terminal,
    _open_desk,
    _status,
    _wants_json,
)


def cmd_articles(args: argparse.Namespace) -> int:
    desk = _open_desk(args)
    if args.action == "rm":
        return _remove_article(desk, args)
    rows = []
    for a in desk.articles(search=args.search, sort=args.sort):
        row = dict(vars(a))  # (not asdict: its deep copies took 0.5 s for 1,000 articles)
        for key in ("text", "raw", "posts", "content_hash"):
            row.pop(key)
        rows.append(row)
    _emit(rows, args.format, ("id", "title", "published", "claim_count", "verdict_count", "source"))
    return 0


def _remove_article(desk: Any, args: argparse.Namespace) -> int:
    """Move an article with its claims and their work to the trash (no question: `factdesk
    trash restore` brings it back)."""
    item = desk.trash_article(desk.resolve_article_id(args.id)).made
    line = (f"moved to the trash: {item.label}  ({item.detail}); "
            f"`factdesk trash restore {item.short_id}` brings it back")  # fmt: skip
    trashed = {"id": item.id, "short_id": item.short_id, "label": item.label}
    _answer(args, {"trashed": trashed}, line)
    return 0


def cmd_trash(args: argparse.Namespace) -> int:
    desk = _open_desk(args)
    if args.action == "restore":
        entry_id = desk.resolve_trash_id(args.id)
        label = next((t.label for t in desk.trash() if t.id == entry_id), entry_id)
        desk.restore_from_trash(entry_id)
        _answer(args, {"restored": {"id": entry_id, "label": label}}, f"restored: {label}")
        return 0
    if args.action == "empty":
        ids = [desk.resolve_trash_id(args.id)] if args.id else None
        count = desk.empty_trash(ids)
        line = f"{count} {'entry' if count == 1 else 'entries'} deleted for good"
        _answer(args, {"deleted_for_good": count}, line)
        return 0
    rows = []
    for item in desk.trash():
        row = {k: v for k, v in asdict(item).items() if k != "changes"}
        rows.append({"short_id": item.short_id, **row})
    _emit(rows, args.format, ("short_id", "kind", "trashed_at", "label", "detail"))
    return 0


def cmd_speakers(args: argparse.Namespace) -> int:
    rows = [asdict(speaker) for speaker in _open_desk(args).speakers()]
    for row in rows:
        row["aliases"] = ", ".join(row["aliases"]) if args.format != "json" else row["aliases"]
    _emit(rows, args.format, ("name", "claim_count", "article_count", "aliases"))
    return 0


def cmd_claims(args: argparse.Namespace) -> int:
    from factdesk.model import ClaimFilter

    desk = _open_desk(args)
    flt = ClaimFilter(
        article_id=desk.resolve_article_id(args.article) if args.article else None,
        min_score=args.min_score,
        kind=args.kind,
        status=args.status,
        verdict=args.verdict,
        speaker=args.speaker,
        assignee=_assignee(desk, args),
        sort=args.sort,
        descending=args.sort == "score",
    )
    if args.list:
        flt = desk.list_filter(args.list)
    _emit_claims(desk, desk.claims(flt, limit=args.limit), args.format)
    return 0


def _emit_claims(desk: Any, claims: list, fmt: str) -> None:
    """Claims as rows, each with what it repeats if it was seen before at import."""
    seen = desk.seen_before([c.id for c in claims])
    rows = []
    for claim in claims:
        row = _claim_json(claim)
        row["seen_before"] = seen[claim.id].describe() if claim.id in seen else None
        if claim.id in seen:
            row["seen_before_claim"] = seen[claim.id].earlier.id
        rows.append(row)
    columns = ["id", "score", "kind", "speaker", "status", "verdict", "text"]
    if seen:
        columns.insert(-1, "seen_before")
    _emit(rows, fmt, columns)


def cmd_lists(args: argparse.Namespace) -> int:
    from factdesk.model import ClaimFilter

    desk = _open_desk(args)
    if args.action == "save":
        flt = ClaimFilter(
            text=args.text, status=args.status, verdict=args.verdict, speaker=args.speaker,
            kind=args.kind, min_score=args.min_score, assignee=args.assignee,
            sort=args.sort, descending=args.sort == "score",
        )  # fmt: skip
        saved, old = desk.save_list(args.name, flt, mine=args.mine, days=args.days).made
        print(f"{'replaced' if old else 'saved'} list {saved.name!r}: {saved.describe()}")
    elif args.action == "rm":
        gone = desk.remove_list(args.name).made
        print(f"removed list {gone.name!r}", file=sys.stderr)
    elif args.action == "show":
        _emit_claims(desk, desk.claims(desk.list_filter(args.name), limit=args.limit), args.format)
    else:
        rows = [
            {"name": s.name, "shows": s.describe(), "claims": desk.count_claims(
                s.resolved(desk.setting("reviewer")))}
            for s in desk.saved_lists()
        ]  # fmt: skip
        _emit(rows, args.format, ("name", "claims", "shows"))
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    figures = _open_desk(args).statistics()
    if args.format == "json":
        print(json.dumps(figures.as_json(), indent=2))
        return 0
    hours = figures.median_hours_to_verdict
    print(f"claims: {figures.claims}, rated: {figures.rated_claims}, median time from import "
          f"to verdict: {'-' if hours is None else f'{hours:.1f} h'}")  # fmt: skip
    print("verdicts per week: " + (", ".join(f"{w} {n}" for w, n in figures.verdicts_per_week)
                                   or "none"))  # fmt: skip
    print("verdicts per checker: " + (", ".join(
        f"{c} {n}" for c, n in figures.verdicts_per_checker) or "none"))  # fmt: skip
    print("backlog by status: " + (", ".join(
        f"{s} {n}" for s, n in figures.backlog_by_status.items()) or "none"))  # fmt: skip
    return 0


def _assignee(desk: Any, args: argparse.Namespace) -> str | None:
    if not args.mine:
        return args.assignee
    me, _checkers = desk.hub_identity()
    if me is None:
        raise BadInput("--mine: this laptop has not synced with a team hub yet (factdesk sync)")
    return me


def cmd_search(args: argparse.Namespace) -> int:
    desk = _open_desk(args)
    rows = [_claim_json(c) for c in desk.search(args.query, limit=args.limit)]
    _emit(rows, args.format, ("id", "speaker", "verdict", "text"))
    return 0


def cmd_evidence(args: argparse.Namespace) -> int:
    desk = _open_desk(args)
    if args.action == "add":
        claim_id = desk.resolve_claim_id(args.claim)
        ev = desk.add_evidence(
            claim_id, args.url, stance=args.stance, quote=args.quote, note=args.note,
            fetch=not args.no_fetch,
        ).made  # fmt: skip
        state = f"fetch failed: {ev.fetch_error}" if ev.fetch_error else (ev.title or "")
        _answer(args, _evidence_json(ev), f"{ev.id}  {ev.url}  {state}".rstrip())
        return 0
    if args.action == "refetch":
        ev = desk.refetch_evidence(args.id).made
        line = f"{ev.id}  {ev.url}  {ev.fetch_error or ev.title or ''}".rstrip()
        _answer(args, _evidence_json(ev), line)
        return 1 if ev.fetch_error else 0
    if args.action == "remove":
        item = desk.trash_evidence(args.id).made
        line = (f"moved to the trash: {item.label}  ({item.detail}); "
                f"`factdesk trash restore {item.short_id}` brings it back")  # fmt: skip
        _answer(args, {"trashed": {"id": item.id, "short_id": item.short_id}}, line)
        return 0
    rows = [asdict(e) for e in desk.evidence(desk.resolve_claim_id(args.claim))]
    if args.format == "table":
        for row in rows:
            row["offline"] = "yes" if row.pop("snapshot_text") else "no"
    _emit(rows, args.format, ("id", "stance", "title", "url", "quote", "offline", "archived_url"))
    return 0


def _evidence_json(ev: Any) -> dict:
    names = ("id", "claim_id", "url", "stance", "title", "publisher", "archived_url")
    return _fields(ev, *names, "fetch_error") | {"offline": bool(ev.snapshot_text)}


def cmd_verdict(args: argparse.Namespace) -> int:
    desk = _open_desk(args)
    verdict = desk.set_verdict(
        desk.resolve_claim_id(args.claim), args.rating, scale=args.scale,
        summary=args.summary or "", reviewer=args.reviewer,
    ).made  # fmt: skip
    line = f"{verdict.claim_id}  {verdict.rating or verdict.summary}  ({verdict.scale_id})"
    _answer(args, asdict(verdict), line)
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    from factdesk.model import EvidenceEvent, Verdict

    desk = _open_desk(args)
    rows = []
    for entry in desk.history(desk.resolve_claim_id(args.claim)):
        row = asdict(entry)
        kind = "verdict" if isinstance(entry, Verdict) else "status"
        row["type"] = "evidence" if isinstance(entry, EvidenceEvent) else kind
        if args.format == "table":
            what = row.get("rating") or row.get("summary") if row["type"] == "verdict" else None
            row["what"] = what or row.get("status")
            row["who"] = row.get("reviewer") or row.get("by") or ""
            row["detail"] = row.get("summary") if row["type"] == "verdict" else row.get("assignee")
            if row["type"] == "evidence":
                row["what"] = f"{row['action']} ({row['stance']})"
                row["detail"] = row["url"]
        rows.append(row)
    _emit(rows, args.format, ("at", "type", "what", "who", "detail"))
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    desk = _open_desk(args)
    me, checkers = desk.hub_identity()
    if me is not None and args.assignee and args.assignee not in checkers:
        # On a team hub, work is assigned to its checkers (as the app's chooser offers).
        raise BadInput(
            f"{args.assignee}: not one of the team hub's checkers ({', '.join(checkers)}); "
            "`factdesk sync` brings the latest list"
        )
    claim_id = desk.resolve_claim_id(args.claim)
    change = desk.set_status(claim_id, args.state, assignee=args.assignee).made
    line = f"{change.claim_id}  {change.status}  {change.assignee or ''}".rstrip()
    _answer(args, asdict(change), line)
    return 0


def cmd_similar(args: argparse.Namespace) -> int:
    desk = _open_desk(args)
    rows = []
    for match in desk.similar_claims(desk.resolve_claim_id(args.claim), limit=args.limit):
        row = _claim_json(match.claim)
        row["similarity"] = round(match.similarity, 3)
        row["seen_before"] = match.seen_before
        rows.append(row)
    _emit(rows, args.format, ("id", "similarity", "verdict", "speaker", "text"))
    return 0


def cmd_family(args: argparse.Namespace) -> int:
    """The claim's family: its first appearance, the family's verdict, the appearances
    per week (or month) and each appearance."""
    desk = _open_desk(args)
    timeline = desk.family_timeline(desk.resolve_claim_id(args.claim))
    if args.format == "json":
        print(json.dumps(timeline.as_json(), ensure_ascii=False, indent=2))
        return 0
    found = timeline.as_json()
    if not timeline.appearances:
        print("(in no family: `Link to its family`, Ctrl+Shift+F in the app, makes one)")
        return 0
    first, verdict = found["first_appearance"], timeline.verdict
    print(f"{found['members']} appearances; first {first['date']}: {first['title'] or ''}"
          f" {first['url'] or ''}".rstrip())  # fmt: skip
    if verdict is not None:
        print(f"verdict: {verdict.rating or verdict.summary[:60]} by {verdict.reviewer or '?'}"
              f" on {verdict.at[:10]} (claim {verdict.claim_id})")  # fmt: skip
    for period, count in timeline.periods():
        print(f"  {period:>9}  {'#' * min(count, 60):<60} {count}")
    rows = [dict(a, text=timeline.texts.get(a["claim"], "")) for a in found["appearances"]]
    _emit(rows, "table", ("date", "claim", "title", "text"))
    return 0


def cmd_watch(args: argparse.Namespace) -> int:
    desk = _open_desk(args, create=args.action == "add")
    if args.action == "add":
        source = desk.watch_source(args.url, interval_minutes=args.every, kind=args.kind)
        line = f"{source.id}  watching {source.url} every {source.interval_minutes} min"
        _answer(args, _fields(source, "id", "url", "interval_minutes"), line)
    elif args.action == "rm":
        source = desk.unwatch_source(args.source)
        _status(args, f"no longer watching {source.url}")
        _answer(args, {"removed": _fields(source, "id", "url")}, None)
    elif args.action == "run":
        progress = (
            (lambda line: print(f"polling {line}", file=sys.stderr)) if not args.quiet else None
        )
        report = desk.poll_watched(everything=args.all, progress=progress)
        for problem in report.problems:
            print(f"factdesk: {problem}", file=sys.stderr)
        summary = {
            "polled": report.polled, "unchanged": report.unchanged,
            "imported": report.imported, "problems": report.problems,
        }  # fmt: skip
        if args.format == "json":
            print(json.dumps(summary, indent=2))
        else:
            print(f"{report.polled} sources polled, {len(report.imported)} new articles, "
                  f"{len(report.problems)} problems")  # fmt: skip
    elif args.action == "new":
        since = (dt.datetime.now(dt.UTC) - dt.timedelta(hours=args.hours)).isoformat(
            timespec="seconds"
        )
        rows = []
        for new in desk.new_from_watched(since, limit=args.limit):
            row = _claim_json(new.claim)
            row["source"] = new.source_url
            row["seen_before"] = (
                f"repeats a claim rated {new.repeats[1]} ({new.repeats[0]})"
                if new.repeats
                else None
            )
            rows.append(row)
        _emit(rows, args.format, ("id", "score", "seen_before", "speaker", "text"))
    else:
        rows = [asdict(source) for source in desk.watched_sources()]
        _emit(rows, args.format, ("id", "url", "interval_minutes", "ok_at", "error"))
    return 0


def cmd_lookup(args: argparse.Namespace) -> int:
    desk = _open_desk(args)
    claim_id = desk.resolve_claim_id(args.claim)
    if args.offline:
        checks = desk.prior_checks_for(claim_id)
    else:
        checks = desk.lookup_prior_checks(claim_id, language=args.language).made
    rows = [asdict(c) for c in checks]
    _emit(rows, args.format, ("publisher", "rating", "review_date", "claim_text", "url"))
    return 0


def cmd_claimreview(args: argparse.Namespace) -> int:
    desk = _open_desk(args, create=True)
    results = []
    for source in args.sources:
        added = desk.import_claimreview(source)
        results.append({"source": source, "added": added})
        if not _wants_json(args):
            print(f"{source}: {added} new published fact-checks")
    _answer(args, {"imported": results}, None)
    return 0


def cmd_archive(args: argparse.Namespace) -> int:
    desk = _open_desk(args)
    evidence = desk.archive_evidence(args.id, save=args.save).made
    if evidence.archived_url:
        _answer(args, _evidence_json(evidence), f"{evidence.id}  {evidence.archived_url}")
        return 0
    line = f"{evidence.id}  not archived yet (use --save to capture it)"
    _answer(args, _evidence_json(evidence), line)
    return 1


def cmd_scales(args: argparse.Namespace) -> int:
    desk = _open_desk(args, create=args.action == "add")
    if args.action == "add":
        from factdesk.scales import scale_from_json

        path = Path(args.file)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise BadInput(f"{path}: cannot read ({error})") from None
        scale = scale_from_json(text, source=str(path))
        desk.save_scale(scale)
        added = {"id": scale.id, "name": scale.name, "levels": len(scale.levels)}
        _answer(args, added, f"{scale.id}  {scale.name}  {len(scale.levels)} levels")
        return 0
    current = desk.scale().id
    rows = []
    for s in desk.scales():
        row = asdict(s)
        row["current"] = s.id == current
        row["labels"] = ", ".join(level.label for level in s.levels) or "(conclusion only)"
        rows.append(row)
    _emit(rows, args.format, ("id", "name", "current", "labels"))
    return 0


def cmd_settings(args: argparse.Namespace) -> int:
    desk = _open_desk(args, create=bool(args.key and args.value is not None))
    from factdesk.desk import SETTINGS

    if args.key and args.key not in SETTINGS:
        raise BadInput(f"{args.key}: not a setting (one of: {', '.join(SETTINGS)})")
    if args.key and args.value is not None:
        desk.set_setting(args.key, args.value)
    current = {"scale": desk.scale().id, "report_claim_types": "words", **desk.network_settings()}
    keys = [args.key] if args.key else list(SETTINGS)
    values = {key: desk.setting(key, current.get(key)) for key in keys}
    if _wants_json(args):
        _answer(args, values, None)
        return 0
    for key, value in values.items():
        if key == "logo" and value:  # a data: URI of the whole image: say what it is
            value = f"(an image, {len(str(value)) * 3 // 4 // 1024 + 1} KB)"
        elif key == "corrections_policy" and value:
            value = " ".join(str(value).split())
        print(f"{key} = {'' if value is None else value}    # {SETTINGS[key]}")
    return 0


def cmd_secrets(args: argparse.Namespace) -> int:
    from factdesk import secrets

    if args.action == "status":
        problem = secrets.keyring_problem()
        if problem:
            _err(problem)
            return 1
        for name, is_set in secrets.secret_status().items():
            print(f"{name}: {'set' if is_set else 'not set'}  ({secrets.SECRETS[name]})")
        return 0
    if args.name not in secrets.SECRETS:
        raise BadInput(f"{args.name}: not a known secret (one of: {', '.join(secrets.SECRETS)})")
    if args.action == "delete":
        secrets.delete_secret(args.name)
        print(f"{args.name}: deleted")
        return 0
    import getpass

    value = getpass.getpass(f"{secrets.SECRETS[args.name]}: ") if sys.stdin.isatty() else None
    if value is None:
        value = sys.stdin.readline().rstrip("\n")
    if not value.strip():
        raise BadInput(f"{args.name}: empty value, nothing stored")
    secrets.set_secret(args.name, value.strip())
    print(f"{args.name}: stored in the OS keyring")
    return 0


def cmd_sync(args: argparse.Namespace) -> int:
    desk = _open_desk(args, create=True)  # a new laptop's first sync fills a new database
    # Each step (with its counts) on a terminal; a script gets only the outcome.
    say = (lambda line: print(line, file=sys.stderr, flush=True)) if _on_terminal(args) else None
    report = desk.sync(args.hub, progress=say)
    result = _fields(report, "hub", "role") | {
        "received": dict(report.received),
        "sent": dict(report.sent),
        "refused": list(report.refused),
    }
    lines = [report.summary(), *(f"  kept on this laptop only: {line}" for line in report.refused)]
    _answer(args, result, "\n".join(lines))
    return 0


def cmd_hub(args: argparse.Namespace) -> int:
    from factdesk import hub

    if args.action == "init":
        print(hub.init_hub(hub.parse_hub_url(args.url)))
        return 0
    # An administrator may have no laptop database here: --hub needs none.
    address = hub.parse_hub_url(args.hub) if args.hub else _open_desk(args).hub_address()
    if args.action == "add-checker":
        password = hub.add_checker(
            address, args.name, editor=args.editor, org=args.org, display_name=args.display_name
        )
        role = "editor" if args.editor else "checker"
        print(f"{args.name}: {role} added to hub {address.label}")
        print(f"password (shown once; give it to {args.name} for `factdesk secrets set "
              f"hub-password`): {password}")  # fmt: skip
        return 0
    if args.action == "remove-checker":
        hub.remove_checker(address, args.name)
        print(f"{args.name}: removed from hub {address.label} (their work stays, under their name)")
        return 0
    rows = [vars(c) for c in hub.hub_checkers(address)]
    _emit(rows, args.format, ("name", "display_name", "org", "editor", "active"))
    return 0


def cmd_install_desktop(args: argparse.Namespace) -> int:
    from factdesk.desktop_entry import install_desktop_entry

    for path in install_desktop_entry():
        print(path)
    _err("factdesk is in your desktop menu (log out and in if it does not show yet)")
    return 0


def cmd_gui(args: argparse.Namespace) -> int:
    problem = _display_problem()
    if problem:
        _err(problem)
        return 1
    from factdesk.gui.app import run

    return run(db_path=args.db, self_test=getattr(args, "self_test", False))


def _display_problem() -> str | None:
    """Why the GUI cannot open here (instead of Qt's abort), or None."""
    if os.environ.get("QT_QPA_PLATFORM") or sys.platform in ("win32", "darwin"):
        return None
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    return (
        "no display to open the window on (DISPLAY and WAYLAND_DISPLAY are unset); "
        "run factdesk in a desktop session, or use the commands (factdesk --help), "
        "which work without one"
    )
