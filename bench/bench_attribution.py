"""Attribution on one huge "sentence": time for 55 KB, 220 KB and 5 MB of text with a
reporting verb every 40 characters, beside sentence splitting of the same text (a linear
peer) measured in the same run. Issue 12 measured 7.6 s and 104 s for the first two before
attribution was bounded (the 5 MB case did not finish in 300 s).

    PYTHONPATH=. python bench/bench_attribution.py
"""

from __future__ import annotations

import time

from factdesk.claims import sentence_spans, split_claims
from factdesk.model import Article

PIECE = "the minister said the plan was working and Ms Smith said costs rose by 5 per cent, "


def main() -> None:
    split_claims(Article(source="-", text="Warm up: the model loads on first use."))
    print("Attribution of one long sentence (split_claims), beside sentence splitting alone")
    for size in (55_000, 220_000, 5_000_000):
        text = "It began when " + PIECE * (size // len(PIECE)) + "and that was all."
        started = time.perf_counter()
        claims = split_claims(Article(source="-", text=text))
        elapsed = time.perf_counter() - started
        started = time.perf_counter()
        sentence_spans(text)
        peer = time.perf_counter() - started
        print(
            f"  {len(text) / 1000:>7,.0f} KB  split_claims {elapsed:6.2f} s ({len(claims)} claims)"
            f"  sentence_spans {peer:5.2f} s  ratio {elapsed / peer:5.1f}"
            f"  ({len(text) / elapsed / 1e6:.2f} M chars/s)"
        )


if __name__ == "__main__":
    main()
