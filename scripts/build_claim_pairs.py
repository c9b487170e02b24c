"""Build tests/data/claim_pairs.jsonl, the labelled claim pairs of the claim memory's
matcher (issue 23): for each anchor claim (from ../shared/data's debates and news, the
sample, and claims written here in the way fact-checked claims are usually worded) a
paraphrase, a claim on the same topic that says something else, the opposite claim, and
an unrelated claim (another anchor's paraphrase, never on the same topic).

    python scripts/build_claim_pairs.py      # rewrites tests/data/claim_pairs.jsonl
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from claim_pairs_source import ANCHORS

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "claim_pairs.jsonl"
# Anchors about the pandemic: an 'unrelated' partner of one is never another of them.
PANDEMIC = re.compile(
    r"covid|coronavirus|virus|vaccin|jab|who\b|sweden|mask|flu\b|hydroxy|cdc|wuhan|bleach|5g|"
    r"pfizer|antibod|mosquito|mortality|deaths a day|new york|bats?\b|herd|symptom|vitamin|"
    r"outer space",
    re.IGNORECASE,
)


def main() -> None:
    chooser = random.Random(23)
    topics = [bool(PANDEMIC.search(" ".join(anchor[:2]))) for anchor in ANCHORS]
    rows = []
    for anchor, paraphrase, same_topic, opposite, source in ANCHORS:
        for b, relation in ((paraphrase, "paraphrase"), (same_topic, "same_topic"),
                            (opposite, "opposite")):  # fmt: skip
            rows.append({"a": anchor, "b": b, "relation": relation, "source": source})
    for i, (anchor, *_rest, source) in enumerate(ANCHORS):
        partners = [
            j for j in range(len(ANCHORS))
            if ANCHORS[j][0] != anchor and not (topics[i] and topics[j])
            and ANCHORS[j][0][:20] != anchor[:20]
        ]  # fmt: skip
        other = ANCHORS[chooser.choice(partners)]
        rows.append({"a": anchor, "b": other[1], "relation": "unrelated", "source": source})
    OUT.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    print(f"{len(rows)} pairs written to {OUT}")


if __name__ == "__main__":
    main()
