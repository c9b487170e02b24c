"""Page furniture among the claims of the 181 AEB pages, and what finding it costs.

    PYTHONPATH=. python bench/bench_furniture.py [--list]

Each page of ../shared/data/aeb/html is extracted and split into claims through the real
pipeline (factdesk.ingest.extract, factdesk.claims.split_claims, scored by the shipped
model). A claim is furniture when its line is labelled furniture in
tests/claims/data/furniture_aeb_labelled.jsonl (every line that gave a claim before the
furniture model, labelled by hand: see scripts/train_furniture.py), or, for a line the
labels do not cover, when it matches the rules below (headings, calls to act, related
links, stamps, credits, captions). The page's title is not counted: it is a claim when it
states something checkable (factdesk.claims.pipeline, by design). Prints the count,
and with --list each one.

Speed: the CPU time of finding the furniture of every page, beside the CPU time of the
whole split (extraction excluded) in the same run.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from factdesk.claims import split_claims  # noqa: E402
from factdesk.claims.furniture import furniture_lines  # noqa: E402
from factdesk.ingest.extract import extract_article  # noqa: E402

LABELS = HERE.parent / "tests" / "claims" / "data" / "furniture_aeb_labelled.jsonl"
AEB = (
    next(
        (p for p in (HERE.parent.parent / "shared", Path("/work/shared")) if p.is_dir()),
        HERE.parent.parent / "shared",
    )
    / "data"
    / "aeb"
    / "html"
)

# Furniture by rule, for lines the labels do not cover.
RULES = re.compile(
    r"^(?:related|read more|see more|also on|more from|you may also like|most read|"
    r"updated|published|posted|by [A-Z][\w.]+ [A-Z]|reporting by|additional reporting|"
    r"editing by|source:|photo:|image:|main image|credit:|click here|subscribe|sign up|"
    r"follow us|share this|copyright|©|\(reporting by)"
    r"|\b(?:contributed (?:to )?(?:this )?report|all rights reserved|click here|"
    r"newsletter|download the app|\[(?:VIDEO|INSIGHT|NEWS|REACTION|WARNING)\])",
    re.IGNORECASE,
)


def line_sha1(line: str) -> str:
    return hashlib.sha1(line.encode("utf-8")).hexdigest()[:16]


def is_heading(line: str) -> bool:
    """A short line with no end mark and no clause: a heading or a label."""
    words = line.split()
    return 0 < len(words) <= 8 and not re.search(r"[.!?…:;\"”’')]\s*$", line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list", action="store_true", help="print each furniture claim")
    args = parser.parse_args()
    labels = {}
    for line in LABELS.open(encoding="utf-8"):
        row = json.loads(line)
        labels[(row["page"], row["line_no"])] = (row["furniture"], row["sha1"])
    pages = sorted(AEB.glob("*.html.gz"))
    furniture_cpu = split_cpu = 0.0
    claims = found = by_rule = 0
    for path in pages:
        page = path.name[:16]
        article = extract_article(gzip.decompress(path.read_bytes()), source=path.name)
        started = time.process_time()
        furniture_lines(article.text)
        furniture_cpu += time.process_time() - started
        started = time.process_time()
        page_claims = split_claims(article)
        split_cpu += time.process_time() - started
        lines = article.text.split("\n")
        for claim in page_claims:
            claims += 1
            if claim.attribution == "headline":
                continue  # the page's title: a claim by design when it states a fact
            line_no = article.text.count("\n", 0, claim.start)
            line = lines[line_no]
            label = labels.get((page, line_no))
            if label is not None and line_sha1(line) == label[1]:
                bad = label[0]
            else:
                bad = bool(RULES.search(line.strip())) or is_heading(line.strip())
                by_rule += bad
            if bad:
                found += 1
                if args.list:
                    print(f"  {page} line {line_no}: {line.strip()[:110]!r}")
    print(f"{len(pages)} AEB pages, {claims} claims: {found} of them page furniture "
          f"({by_rule} by the rules, on lines the labels do not cover)")  # fmt: skip
    print(f"CPU: finding furniture {1000 * furniture_cpu / len(pages):.1f} ms a page, "
          f"the whole split with it {1000 * split_cpu / len(pages):.1f} ms a page "
          f"(ratio {furniture_cpu / split_cpu:.3f})")  # fmt: skip


if __name__ == "__main__":
    main()
