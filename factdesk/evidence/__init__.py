"""Evidence for claims: web archive snapshots, prior fact-checks, similar-claim matching.

Clients take a `requests.Session` and base URLs (tests point them at local servers);
they raise factdesk.errors.NetworkError with one-line messages that never hold a key.
"""

from factdesk.evidence._http import Cancelled, RateLimited
from factdesk.evidence.factcheck import FactCheckClient
from factdesk.evidence.similar import (
    SIMILAR_THRESHOLD,
    best_matches,
    fts_query,
    normalise,
    similarity,
)
from factdesk.evidence.wayback import Snapshot, WaybackClient

__all__ = [
    "SIMILAR_THRESHOLD",
    "Cancelled",
    "FactCheckClient",
    "RateLimited",
    "Snapshot",
    "WaybackClient",
    "best_matches",
    "fts_query",
    "normalise",
    "similarity",
]
