"""Write the input of the blind labelling pass: only `id` and `text` of every sentence
`draw_sample.py` draws, in an order shuffled with random.Random(2024), so the second
annotator sees neither the first pass's labels nor the sentences' sources or order.

    PYTHONPATH=. python scripts/kinds/draw_sample.py > sample.jsonl
    python scripts/kinds/blind_input.py sample.jsonl > scripts/kinds/blind_pass_input.jsonl
"""

from __future__ import annotations

import json
import random
import sys


def main(path: str) -> None:
    with open(path, encoding="utf-8") as rows:
        sentences = [json.loads(line) for line in rows if line.strip()]
    random.Random(2024).shuffle(sentences)
    for row in sentences:
        blind = {"id": row["id"], "text": row["text"]}
        sys.stdout.write(json.dumps(blind, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
