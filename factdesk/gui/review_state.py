"""What the review holds that is no widget's: a plain object (no Qt, no signals) that the
review owns and the claim panel shows. Widgets keep only what is on screen (the text in a
field); what the review is about lives here."""

from __future__ import annotations

from dataclasses import dataclass, field

from factdesk.model import Claim, Verdict


@dataclass
class ReviewState:
    claim: Claim | None = None  # the claim shown (a copy of it)
    verdict: Verdict | None = None  # its current verdict, once its details arrive
    visit: int = 0  # counts the claims shown: a summary merges with its level's undo step
    # only while the claim stays shown
    summary_drafts: dict[str, str] = field(default_factory=dict)  # by claim id: summaries
    # written before a level was picked (they wait for it)

    def claim_renamed(self, old: str, new: str) -> None:
        """A merge gave the claim a new id: its draft summary goes with it."""
        if old in self.summary_drafts:
            self.summary_drafts[new] = self.summary_drafts.pop(old)
