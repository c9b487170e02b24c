"""Saved lists (named filters of the sidebar) and statistics (factdesk.lists)."""

from __future__ import annotations

import dataclasses

from factdesk.errors import NotFound
from factdesk.lists import SavedList, Statistics, checked_days, checked_name, compute_statistics
from factdesk.model import ClaimFilter
from factdesk.store import saved

from .core import Part
from .records import Changes


class SavedLists(Part):
    def saved_lists(self) -> list[SavedList]:
        return [SavedList.from_row(row) for row in saved.saved_lists(self.db)]

    def saved_list(self, name: str) -> SavedList:
        row = saved.saved_list_by_name(self.db, " ".join(name.split()))
        if row is None:
            raise NotFound(f"{name}: no saved list of that name (see `factdesk lists`)")
        return SavedList.from_row(row)

    def save_list(
        self, name: str, flt: ClaimFilter, *, mine: bool = False, days: int | None = None
    ) -> Changes[tuple[SavedList, SavedList | None]]:
        """Save a filter as a named list (the same name again replaces it, in its place).
        Returns the list and the one it replaced, if any (for undo)."""
        name, days = checked_name(name), checked_days(days)
        flt = dataclasses.replace(flt, article_id=None, created_since=None)
        with self.db.write():
            old_row = saved.saved_list_by_name(self.db, name)
            old = SavedList.from_row(old_row) if old_row else None
            fresh = SavedList(name, flt, mine=mine, days=days)
            if old is not None:
                fresh.id, fresh.position, fresh.created_at = old.id, old.position, old.created_at
            else:
                fresh.position = saved.next_list_position(self.db)
            saved.put_saved_list(self.db, fresh.row())
        return Changes(saved_lists=True, row=(fresh, old))

    def remove_list(self, name: str) -> Changes[SavedList]:
        gone = self.saved_list(name)
        with self.db.write():
            saved.delete_saved_list(self.db, gone.id)
        return Changes(saved_lists=True, row=gone)

    def restore_list(self, saved_list: SavedList) -> Changes:
        """Put a saved list back as it was (undo of a save or a removal)."""
        with self.db.write():
            saved.put_saved_list(self.db, saved_list.row())
        return Changes(saved_lists=True)

    def list_filter(self, name: str) -> ClaimFilter:
        """The filter a saved list shows now (its scope resolved)."""
        return self.saved_list(name).resolved(self.core.setting("reviewer"))

    def statistics(self) -> Statistics:
        """Verdicts per week and per checker, the backlog, time from import to verdict:
        counted from the history each time."""
        return compute_statistics(
            saved.verdict_rows(self.db),
            saved.backlog_by_status(self.db),
            saved.import_to_first_verdict(self.db),
            saved.claim_total(self.db),
        )
