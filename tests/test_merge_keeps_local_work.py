"""A merge that renames a claim (the same article imported on two laptops becomes one)
takes this laptop's own work on it along: its fact-check and the text being typed."""

from __future__ import annotations

from factdesk.desk import Desk
from tests.conftest import SAMPLE

TEXT = "Chief Rabbi Mirvis is a Tory activist"


def _the_claim(desk: Desk):
    return next(c for c in desk.search("Tory activist") if TEXT in c.text)


def test_a_renamed_claim_keeps_its_fact_check_and_draft(tmp_path):
    with Desk(tmp_path / "a.db") as a, Desk(tmp_path / "b.db") as b:
        a.import_source(str(SAMPLE))
        b.import_source(str(SAMPLE))
        # The merge keeps the smaller of two ids: the laptop whose id is larger is renamed.
        renamed, other = (a, b) if _the_claim(a).id > _the_claim(b).id else (b, a)
        mine, final = _the_claim(renamed).id, _the_claim(other).id
        renamed.save_factcheck(mine, headline="No, the Chief Rabbi is not a Tory activist",
                               findings="He has never held party office [1].")  # fmt: skip
        renamed.save_drafts(mine, {"summary": "He is not a party member"})
        other.export_bundle(tmp_path / "other.bundle")
        renamed.import_bundle(tmp_path / "other.bundle")
        assert _the_claim(renamed).id == final
        assert renamed.factcheck(final).headline == "No, the Chief Rabbi is not a Tory activist"
        assert renamed.drafts(final).get("summary") == "He is not a party member"
