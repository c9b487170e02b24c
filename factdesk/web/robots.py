"""robots.txt, as a polite robot reads it: one fetch per site and run, with the standard
library's parser. A site without one (404), or one that cannot be reached, allows all;
one that refuses access to it (401, 403) is read as disallowing all, as Google does."""

from __future__ import annotations

from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from factdesk.errors import BadInput, NetworkError
from factdesk.web.http import USER_AGENT, Fetcher
from factdesk.web.problems import HTTPError

ROBOTS_TYPES = ("text/plain", "text/html")  # servers mislabel it
_AGENT = USER_AGENT.split("/")[0]  # "factdesk": the token robots.txt names


class RobotsRules:
    """Whether factdesk may fetch a URL, by each site's robots.txt (read once per site)."""

    def __init__(self, fetcher: Fetcher) -> None:
        self.fetcher = fetcher
        self._sites: dict[str, RobotFileParser] = {}

    def allows(self, url: str) -> bool:
        parts = urlsplit(url)
        site = f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}"
        if site not in self._sites:
            self._sites[site] = self._read(site)
        return self._sites[site].can_fetch(_AGENT, url)

    def _read(self, site: str) -> RobotFileParser:
        rules = RobotFileParser(f"{site}/robots.txt")
        try:
            page = self.fetcher.get(f"{site}/robots.txt", accept=ROBOTS_TYPES)
        except HTTPError as error:
            refused = error.status in (401, 403)
            rules.parse(["User-agent: *", "Disallow: /"] if refused else [])
            return rules
        except (NetworkError, BadInput):
            rules.parse([])  # no answer is no rule; the fetch itself will say more
            return rules
        rules.parse(page.text.splitlines())
        return rules
