"""The sample report: the sample article imported into a real database and reviewed as a
fact-checker would (settings filled in, verdicts with summaries, evidence with quotes,
one verdict not ready to publish). The page-by-page tests export it; run this file to
remake the README's page image:

    python -m tests.report.sample_desk docs/report-page1.png
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from factdesk.desk import Desk

SAMPLE = Path(__file__).resolve().parents[2] / "seeds" / "000_ea872c36249f8574.txt"

SETTINGS = {
    "organisation": "Example Checks",
    "organisation_url": "https://checks.example.org/",
    "reviewer": "Ada Lovelace",
    "methodology": (
        "We check claims that are specific, significant and widely shared, against primary"
        " sources, and rate them on PolitiFact's Truth-O-Meter."
    ),
}

# (start of the claim's text, rating, summary, [(url, stance, quote)])
REVIEWS = [
    (
        "The hashtag Jews4Labour is trending",
        "True",
        "An archive of the UK trending list taken on the afternoon of 26 November 2019 shows"
        " #Jews4Labour in first place, hours after the Times published the Chief Rabbi's"
        " article.",
        [
            (
                "https://archive.example.org/trends/uk/2019-11-26",
                "supports",
                "1. #Jews4Labour · 2. #GE2019 · 3. Chief Rabbi — UK trends, 26 November 2019,"
                " 15:40 GMT.",
            ),
            (
                "https://news.example.org/2019/11/26/chief-rabbi-times-article",
                "context",
                "The Chief Rabbi's article appeared in the Times on the morning of 26 November.",
            ),
        ],
    ),
    (
        "Fantastic to see Jews4Labour trending at no.1",
        "Mostly True",
        "The hashtag did reach first place in the UK list, but held it for about three hours,"
        " not the whole day as later posts suggested.",
        [
            (
                "https://archive.example.org/trends/uk/2019-11-26T18",
                "supports",
                "By 18:00 GMT #Jews4Labour had fallen to fourth place in the UK list.",
            ),
        ],
    ),
    (
        "Chief Rabbi Mirvis is a Tory activist",
        "False",
        "Party records and the Chief Rabbi's office show no membership of the Conservative"
        " Party or any other. He has spoken at events held by several parties.\n\n"
        "The post offers no source for the claim, and its author did not reply when asked"
        " for one.",
        [
            (
                "https://register.example.org/members/search?q=Mirvis",
                "refutes",
                "No record of membership was found for Ephraim Mirvis in the register of party"
                " members held on 1 November 2019. The register covers every member who joined"
                " since 1998 and is checked each quarter against the party's own lists; a"
                " member who left would still appear, marked as lapsed.",
            ),
            (
                "https://news.example.org/2019/11/27/chief-rabbi-party-events",
                "context",
                "The Chief Rabbi addressed the Labour Friends of Israel reception in 2018 and"
                " a Conservative conference fringe meeting in 2019.",
            ),
        ],
    ),
    # Rated, with a summary, but with no evidence yet: not ready to publish.
    (
        "Yet these voices of Jews4Labour",
        "Half True",
        "Some outlets did report the hashtag; most led with the Chief Rabbi's article.",
        [],
    ),
]


def build_sample_desk(path: Path) -> Desk:
    """A database at `path` holding the reviewed sample article."""
    desk = Desk(path)
    desk.set_settings(SETTINGS)
    desk.import_source(str(SAMPLE))
    claims = desk.claims()
    for start, rating, summary, evidence in REVIEWS:
        claim = next(c for c in claims if c.text.startswith(start))
        for url, stance, quote in evidence:
            desk.add_evidence(claim.id, url, stance=stance, quote=quote, fetch=False)
        desk.set_verdict(claim.id, rating, summary=summary, reviewer=SETTINGS["reviewer"])
    return desk


def main(target: str) -> None:
    """Write page 1 of the sample report's PDF as a PNG at `target`."""
    with tempfile.TemporaryDirectory() as folder:
        desk = build_sample_desk(Path(folder) / "sample.db")
        pdf = Path(folder) / "report.pdf"
        desk.export("pdf", pdf)
        desk.close()
        subprocess.run(
            ["pdftoppm", "-png", "-r", "110", "-f", "1", "-l", "1", "-singlefile", str(pdf),
             str(Path(target).with_suffix(""))],
            check=True,
        )  # fmt: skip
    print(target)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "docs/report-page1.png")
