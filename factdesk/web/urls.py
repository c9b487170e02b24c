"""The one URL validator: what factdesk fetches (http and https only), and which
addresses are on the public internet."""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit, urlunsplit

from factdesk.errors import BadInput
from factdesk.untrusted import has_credentials, without_credentials


def check_url(url: str, *, credentials: bool = True) -> str:
    """`url` as a normalised http(s) URL (scheme and host lower-cased, no fragment);
    BadInput for anything else. A user name and password in it are kept for fetching
    (never stored: see `without_credentials`), or refused with credentials=False."""
    url = (url or "").strip()
    if not credentials and has_credentials(url):
        raise BadInput(
            f"{without_credentials(url)}: the link holds a user name or password, which would "
            "be stored and published with it; give the address without them"
        )
    if not url:
        raise BadInput("(empty): no URL given")
    shown = without_credentials(url)  # a password never shows in a message
    try:
        parts = urlsplit(url)
        port = parts.port  # raises ValueError for a bad port
    except ValueError as exc:
        raise BadInput(f"{shown}: not a valid URL ({exc})") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        if not scheme:
            raise BadInput(
                f"{shown}: not a URL (only http and https: it should start with http:// or "
                "https://)"
            )
        raise BadInput(f"{shown}: {scheme}: URLs are not supported, only http and https")
    if re.search(r"\s", url):
        raise BadInput(f"{shown}: a URL cannot contain spaces")
    if not parts.hostname:
        raise BadInput(f"{shown}: the URL has no host name")
    host = parts.hostname  # lower-cased by urlsplit
    host_port = f"[{host}]" if ":" in host else host
    if port is not None:
        host_port += f":{port}"
    userinfo = parts.netloc.rpartition("@")[0] if "@" in parts.netloc else ""
    netloc = f"{userinfo}@{host_port}" if userinfo else host_port
    return urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))


def is_public_address(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Whether `address` is on the public internet: not private (10.x, 192.168.x, fc00::),
    loopback, link-local (169.254.x, where cloud metadata services live), shared,
    reserved or multicast."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    return address.is_global and not address.is_multicast
