"""Stopgaps for Desk operations the GUI needs that are not (yet) right on main.

Each is small, says what it works around, and goes away once the core is fixed.
"""

from __future__ import annotations


def ensure_ingest_exports() -> None:
    """Desk._snapshot imports `extract_article` from factdesk.ingest, which does not export
    it (yet): every evidence fetch would fail with ImportError. Re-export it."""
    import factdesk.ingest  # heavy (trafilatura): imported when first needed

    if not hasattr(factdesk.ingest, "extract_article"):
        from factdesk.ingest.extract import extract_article

        factdesk.ingest.extract_article = extract_article
