"""Claims: sentences, attribution, check-worthiness, and the pipeline that turns an
Article into attributed, scored Claims with offsets into the article text. Pure code."""

from factdesk.claims.pipeline import split_claims
from factdesk.claims.sentences import sentence_spans, split_sentences

__all__ = ["score_sentences", "sentence_spans", "split_claims", "split_sentences"]


def __getattr__(name: str):
    # score_sentences lives in factdesk.claims.checkworthy (its model loads on first use);
    # imported lazily so this package imports even before/without that module.
    if name == "score_sentences":
        from factdesk.claims.checkworthy import score_sentences

        return score_sentences
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
