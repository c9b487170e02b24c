"""Learn reporting verbs from news text: the words that stand where "said" stands.

    PYTHONPATH=. python scripts/learn_reporting_verbs.py [--aeb ../shared/data/aeb] [--write]

Reads the English AEB pages (through factdesk's extraction) and the NewsClaims news
sentences (../shared/data/checkworthy_more/newsclaims.train.jsonl), and counts the word
right after a closed quotation and its speaker ('…,” Noem tweeted', '…!” an officer
shouted', '…,” she recalled') and right before an inverted speaker ('…,” responded Jim
Bridenstine'). A word is kept when it has a verb's ending (-ed or -s) and MIN_LENGTH
letters, stands there (in any of its forms: one stem) in at least MIN_DOCUMENTS documents
(one: the corpus is small, and the place is telling), and is not on the short list of
words that stand there without reporting anything ("was", "is"). The pages of the first
held-out speaker labels (tests/claims/data/speakers_aeb_heldout.jsonl) are left out.

--write rewrites factdesk/claims/learned_verbs.py.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

import snowballstemmer  # noqa: E402

from factdesk.ingest.extract import extract_article  # noqa: E402

MIN_DOCUMENTS = 1
MIN_LENGTH = 5  # "as", "is": too short to be told from other words by their ending
HELD_OUT = ROOT / "tests" / "claims" / "data" / "speakers_aeb_heldout.jsonl"
NEWSCLAIMS = Path("checkworthy_more") / "newsclaims.train.jsonl"
OUT = ROOT / "factdesk" / "claims" / "learned_verbs.py"
# Words that stand after a quotation and a name without reporting: "…,” she was told".
NOT_REPORTING = frozenset(
    ["was", "is", "has", "does", "goes", "gets", "seems", "appears", "remains"]
)
NOT_REPORTING |= {"conditions", "released"}  # a noun; "released" takes a report, not words

_SPEAKER = (
    r"(?:he|she|they|(?:an?|the|one)\s+(?:[a-z-]+\s+)?[a-z]+"
    r"|(?:[A-Z][\w’'.-]+\s+){0,3}[A-Z][\w’'.-]+)"
)
_AFTER_SPEAKER = re.compile(rf"[,!?—–][”\"]\s+{_SPEAKER}\s+(?:\w+ly\s+)?(?P<verb>[a-z]+(?:ed|s))\b")
_INVERTED = re.compile(r"[,!?—–][”\"]\s+(?P<verb>[a-z]+(?:ed|s))\s+(?:[A-Z]|the\s|an?\s)")


def documents(data: Path):
    held_out = {json.loads(line)["page"] for line in HELD_OUT.open(encoding="utf-8")}
    for path in sorted((data / "aeb" / "html").glob("*.html.gz")):
        if path.name[:16] in held_out:
            continue
        article = extract_article(gzip.decompress(path.read_bytes()), source=path.name)
        if (article.language or "en")[:2] == "en":
            yield path.name[:16], article.text
    by_doc: dict[str, list[str]] = defaultdict(list)
    newsclaims = data / NEWSCLAIMS
    if newsclaims.exists():
        for line in newsclaims.open(encoding="utf-8"):
            row = json.loads(line)
            by_doc[f"newsclaims-{row['doc']}"].append(row["text"])
    yield from ((doc, " ".join(texts)) for doc, texts in by_doc.items())


def learn(data: Path) -> dict[str, set[str]]:
    seen: dict[str, set[str]] = defaultdict(set)
    for doc, text in documents(data):
        for pattern in (_AFTER_SPEAKER, _INVERTED):
            for match in pattern.finditer(text):
                seen[match["verb"]].add(doc)
    return seen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("/work/shared/data"))
    parser.add_argument("--write", action="store_true", help="rewrite learned_verbs.py")
    args = parser.parse_args()
    seen = learn(args.data)
    # Forms of one verb count together ("explains" on one page, "explained" on another).
    stemmer = snowballstemmer.stemmer("english")
    by_stem: dict[str, set[str]] = defaultdict(set)
    for verb, docs in seen.items():
        by_stem[stemmer.stemWord(verb)] |= docs
    kept = sorted(
        verb
        for verb in seen
        if len(by_stem[stemmer.stemWord(verb)]) >= MIN_DOCUMENTS
        and len(verb) >= MIN_LENGTH
        and verb not in NOT_REPORTING
    )
    for verb in sorted(seen, key=lambda v: -len(by_stem[stemmer.stemWord(v)])):
        documents_seen = len(by_stem[stemmer.stemWord(verb)])
        print(f"{documents_seen:4d} {verb}{'' if verb in kept else '  (left out)'}")
    if args.write:
        body = "\n".join(f"        {verb!r}," for verb in kept)
        OUT.write_text(
            '"""Reporting verbs learnt from news text by scripts/learn_reporting_verbs.py '
            '(generated:\ndo not edit; rerun the script)."""\n\n'
            f"LEARNED_REPORTING_VERBS = frozenset(\n    {{\n{body}\n    }}\n)\n",
            encoding="utf-8",
        )
        print(f"wrote {OUT} ({len(kept)} verbs)")


if __name__ == "__main__":
    main()
