"""Claim memory's keys in the main window (issue 23): Ctrl+T takes the earlier verdict (a
claim seen before, or a member of a family with a verdict), Ctrl+Shift+F links the claim
with its closest repeat in another article, F9 shows the claim's family."""

from __future__ import annotations

from PySide6.QtCore import Qt

from .family_view import FamilyDialog
from .operations import QueryOp
from .saved_lists import LinkToFamily, TakeEarlierVerdict
from .window_view import WindowView


def take_earlier_verdict(window: WindowView) -> None:
    """Ctrl+T: a claim seen before takes the verdict of the claim it repeats; a claim
    without a verdict in a family with one, the family's (read afresh: a teammate's
    verdict on a member may have just come in)."""
    claim_id = window.claims.current_claim_id()
    if claim_id is None:
        return

    def take(offers: dict) -> None:
        offer = offers.get(claim_id)
        if offer is None or offer.verdict is None:
            window.say("This claim was not seen before (no ↺) and its family has no"
                     " verdict: there is no earlier verdict to take.", 6000)  # fmt: skip
            return
        command = TakeEarlierVerdict(window.editor, claim_id, window.session.reviewer,
                                     window.review.status_after_verdict())  # fmt: skip
        cited = "its family's" if offer.family else "the earlier claim"
        window.editor.execute(
            command,
            on_done=lambda _c: window.say(
                f"Rated {command.verdict.rating if command.verdict else ''} as before,"
                f" citing {cited}. Ctrl+Z undoes it.", 6000),
        )  # fmt: skip

    QueryOp(window.session, lambda desk: desk.seen_before([claim_id]),
            label="Reading the earlier verdict").success(take).run()  # fmt: skip


def show_family(window: WindowView) -> FamilyDialog | None:
    """F9: the claim's family, its first appearance and appearances over time. Closed,
    the keys are back in the claims table (the dialog is not a window of its own to a
    window manager that would leave the focus nowhere)."""
    claim_id = window.claims.current_claim_id()
    if claim_id is None:
        window.say("Select a claim first (J/K to move).", 4000)
        return None
    dialog = FamilyDialog(window.session, claim_id, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.claimActivated.connect(window.select_claim)
    dialog.finished.connect(lambda _result: keys_to_table(window))
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog


def keys_to_table(window: WindowView) -> None:
    window.activateWindow()
    window.claims.focus_table()


def link_to_family(window: WindowView) -> None:
    """Ctrl+Shift+F: the claim and the closest claim of another article (the paraphrase
    matcher's) are confirmed as one claim: one family. Ctrl+Z undoes it. With none
    found, the status bar says so (no dialog to dismiss)."""
    claim_id = window.claims.current_claim_id()
    if claim_id is None:
        return

    def link(suggested: list) -> None:
        if not suggested:
            window.say("No claim of another article says the same: nothing to link.", 6000)
            return
        other = suggested[0].claim
        gist = other.text if len(other.text) <= 60 else other.text[:59] + "…"
        command = LinkToFamily(window.editor, claim_id, other.id, window.session.reviewer)
        window.editor.execute(command, on_done=lambda _c: linked(gist))

    def linked(gist: str) -> None:
        """Said once linked: the family's verdict, if it has one for this claim."""

        def say(offers: dict) -> None:
            offer = offers.get(claim_id)
            rated = (f" The family is rated {offer.verdict.rating}: Ctrl+T takes it."
                     if offer and offer.family and offer.verdict else "")  # fmt: skip
            window.say(f"Linked with “{gist}”: one family.{rated} Ctrl+Z undoes it.", 8000)

        QueryOp(window.session, lambda desk: desk.seen_before([claim_id])).success(say).run()

    QueryOp(window.session, lambda desk: desk.suggest_family(claim_id, limit=1),
            label="Finding the claim's family").success(link).run()  # fmt: skip
