"""Reporting verbs learnt from news text by scripts/learn_reporting_verbs.py (generated:
do not edit; rerun the script)."""

LEARNED_REPORTING_VERBS = frozenset(
    {
        "added",
        "argued",
        "asked",
        "assures",
        "comments",
        "concluded",
        "continued",
        "described",
        "explained",
        "explains",
        "ordered",
        "shouts",
        "stated",
        "tweeted",
        "warned",
        "weighed",
    }
)
