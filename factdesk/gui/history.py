"""A claim's history in words: verdicts with their summaries, status changes, evidence
added and removed, each with who and when, newest first."""

from __future__ import annotations

from html import escape
from typing import Any

from factdesk.model import EvidenceEvent, StatusChange, Verdict

from . import style


def history_lines(history: list[Any]) -> str:
    """Rich text for the History tab (entries as Desk.history gives them, oldest first)."""
    if not history:
        return f"<span style='color:{style.muted_text().name()}'>No changes yet.</span>"
    muted = style.muted_text().name()
    rows = []
    for entry in reversed(history):
        what, detail, who = describe(entry)
        when = str(getattr(entry, "at", "") or "")[:16].replace("T", " ")
        by = f" by {escape(who)}" if who else ""
        note = f"<br>{escape(detail)}" if detail else ""
        rows.append(
            f"<p style='margin:0 0 {style.GAP}px 0'><b>{escape(what)}</b>"
            f"<span style='color:{muted}'>{by} · {escape(when)}</span>{note}</p>"
        )
    return "".join(rows)


def describe(entry: Any) -> tuple[str, str, str]:
    """(what happened, its detail, who did it) for one history entry."""
    if isinstance(entry, Verdict):
        what = f"Rated {entry.rating}" if entry.rating else "Concluded"
        return what, entry.summary or "(no summary)", entry.reviewer or ""
    if isinstance(entry, StatusChange):
        detail = f"assigned to {entry.assignee}" if entry.assignee else ""
        return f"Status: {entry.status}", detail, entry.by or ""
    if isinstance(entry, EvidenceEvent):
        action = "Evidence removed" if entry.removed else "Evidence added"
        detail = f"{entry.stance or 'unclear'}: {entry.title or entry.url}"
        return action, detail + (f" — “{entry.quote}”" if entry.quote else ""), entry.by or ""
    return type(entry).__name__, "", ""
