"""The README's list of what a checker can and cannot do is exactly the list the hub
tests check: each line names the tests that prove it, and every test named exists."""

from __future__ import annotations

import importlib

from tests.conftest import REPO

# Each README line (its start) -> the tests (module.function) that check it.
RULES = {
    "can add articles, claims, evidence, verdicts": [
        "test_sync.test_two_laptops_and_a_hub_end_up_identical",
    ],
    "can correct any claim's speaker": [
        "test_security.test_a_claims_text_is_its_recorders_until_a_teammate_works_on_it",
    ],
    "can change or delete only the evidence, verdicts and status changes they recorded": [
        "test_security.test_a_checker_cannot_change_or_delete_another_checkers_history",
        "test_security.test_only_the_recorder_may_amend_a_verdicts_summary_and_nothing_else",
        "test_attacks.test_a_tombstone_from_the_future_for_a_teammates_rows_is_refused",
    ],
    "cannot change a teammate's article, rating scale or evidence": [
        "test_attacks.test_a_teammates_evidence_cannot_be_rewritten",
        "test_security.test_a_teammates_rating_scale_is_theirs",
        "test_attacks.test_drop_duplicate_never_moves_a_teammates_verdict",
    ],
    "cannot change a teammate's fact-check or saved list": [
        "test_factchecks_and_lists.test_a_fact_check_is_signed_off_by_an_editor_through_the_hub",
        "test_factchecks_and_lists.test_only_a_second_checker_with_the_editor_role_signs_off",
        "test_factchecks_and_lists.test_saved_lists_travel_and_stay_their_recorders",
    ],
    "cannot put claims in a teammate's fact-check": [
        "test_factcheck_claims_sync.test_a_fact_checks_claims_travel_and_only_its_writer_or_an_"
        "editor_changes_them",
    ],
    "cannot delete an article": ["test_security.test_only_an_editor_can_delete_an_article"],
    "cannot name who recorded a row": [
        "test_security.test_recorded_by_is_always_the_login_that_sent_the_row",
        "test_sync.test_one_identity_the_login_and_the_name_the_administrator_registered",
    ],
    "cannot date anything later than the hub's clock": [
        "test_attacks.test_a_forged_verdict_from_the_future_is_stamped_and_bounded",
    ],
    "cannot read or write another organisation's rows": [
        "test_security.test_another_organisations_rows_are_out_of_reach",
        "test_attacks.test_another_organisation_sees_nothing_even_through_joins",
    ],
    "cannot stop a teammate's sync": [
        "test_attacks.test_holding_the_change_lock_stops_nobody_for_long",
        "test_attacks.test_a_statement_that_sleeps_holding_the_lock_is_ended_too",
        "test_attacks.test_a_session_advisory_lock_or_a_table_lock_stops_nobody",
    ],
    "keeps no right after `factdesk hub remove-checker`": [
        "test_attacks.test_remove_checker_works_while_they_hold_a_session",
    ],
}


def readme_rules() -> list[str]:
    text = (REPO / "README.md").read_text()
    block = text.split("<!-- team-rules -->")[1].split("<!-- /team-rules -->")[0]
    return [line[2:] for line in block.strip().splitlines() if line.startswith("- ")]


def test_the_readme_lists_exactly_the_rules_the_tests_check():
    lines = readme_rules()
    assert len(lines) == len(RULES)
    for start in RULES:
        assert sum(line.startswith(start) for line in lines) == 1, start
    for tests in RULES.values():
        for name in tests:
            module, function = name.split(".")
            assert callable(getattr(importlib.import_module(f"tests.hub.{module}"), function))
