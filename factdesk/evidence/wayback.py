"""The Internet Archive's Wayback Machine: look up a page's latest snapshot, or capture it now.

Look-ups use the availability API (no key). Captures use Save Page Now 2 with the
user's Internet Archive S3 keys ("LOW access:secret"); the keys go only into the
Authorization header and are scrubbed from every message.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from factdesk.errors import BadInput, NetworkError
from factdesk.evidence._http import (
    Cancelled,
    answer_error,
    excerpt,
    malformed,
    request_json,
    scrub,
)
from factdesk.web.http import Session
from factdesk.web.problems import retry_after_seconds
from factdesk.web.urls import check_url

_TIMESTAMP = re.compile(r"^\d{14}$")


@dataclass(frozen=True)
class Snapshot:
    """A capture of `url` in the Wayback Machine at `timestamp` (YYYYMMDDhhmmss, UTC)."""

    url: str
    timestamp: str
    archived_url: str = ""

    def __post_init__(self) -> None:
        if not self.archived_url:
            archived = f"https://web.archive.org/web/{self.timestamp}/{self.url}"
            object.__setattr__(self, "archived_url", archived)


class WaybackClient:
    """Client for the Wayback availability API and Save Page Now 2.

    The base URLs are configurable so tests (and mirrors) can stand in for archive.org.
    """

    def __init__(
        self,
        session: Session,
        *,
        availability_base: str = "https://archive.org",
        save_base: str = "https://web.archive.org",
        timeout: tuple[float, float] = (10, 30),
        poll_interval: float = 3.0,
        max_wait: float = 180.0,
    ):
        self.session = session
        self.availability_base = availability_base.rstrip("/")
        self.save_base = save_base.rstrip("/")
        self.timeout = timeout
        self.poll_interval = poll_interval
        self.max_wait = max_wait

    def lookup(self, url: str) -> Snapshot | None:
        """The closest existing snapshot of `url`, or None if the archive has none."""
        check_url(url)
        label = f"{url}: Wayback look-up"
        answer = request_json(
            self.session,
            "GET",
            f"{self.availability_base}/wayback/available",
            params={"url": url},
            label=label,
            timeout=self.timeout,
        )
        if answer.status != 200:
            raise answer_error(label, answer, _service_message(answer.data))
        if not answer.json_ok or not isinstance(answer.data, dict):
            raise malformed(label, "not a JSON object")
        snapshots = answer.data.get("archived_snapshots")
        if not isinstance(snapshots, dict):
            raise malformed(label, "no archived_snapshots")
        closest = snapshots.get("closest")
        if not closest:
            return None
        if not isinstance(closest, dict):
            raise malformed(label, "closest is not an object")
        if closest.get("available") is False:
            return None
        status = str(closest.get("status", "200"))
        if not status.startswith(("2", "3")):
            return None  # a capture of an error page is not a usable snapshot
        timestamp = str(closest.get("timestamp", ""))
        if not _TIMESTAMP.match(timestamp):
            raise malformed(label, f"bad timestamp {timestamp[:20]!r}")
        return Snapshot(url=url, timestamp=timestamp)

    def save(
        self,
        url: str,
        *,
        access_key: str,
        secret_key: str,
        if_not_archived_within: str | None = None,
        cancelled: Callable[[], bool] | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> Snapshot:
        """Capture `url` now with Save Page Now 2 and wait for the snapshot.

        `if_not_archived_within` (e.g. "1d", "3h") reuses a recent capture instead.
        `cancelled` is asked before each wait; when it returns True, Cancelled is raised
        (the capture may still complete at the archive). Waits at most `max_wait` seconds.
        """
        check_url(url)
        missing = [
            name
            for name, value in (
                ("archive-access-key", access_key),
                ("archive-secret-key", secret_key),
            )
            if not value
        ]
        if missing:
            raise BadInput(
                f"{url}: the Internet Archive key {' and '.join(missing)} is not set"
                f" (factdesk secrets set {missing[0]})"
            )
        keys = (access_key, secret_key)
        headers = {"Accept": "application/json", "Authorization": f"LOW {access_key}:{secret_key}"}
        label = f"{url}: Save Page Now"
        form = {"url": url}
        if if_not_archived_within:
            form["if_not_archived_within"] = if_not_archived_within

        answer = request_json(
            self.session,
            "POST",
            f"{self.save_base}/save",
            data=form,
            headers=headers,
            label=label,
            timeout=self.timeout,
            secrets=keys,
        )
        self._raise_for_status(label, answer, keys)
        data = answer.data
        if (
            isinstance(data, dict)
            and "job_id" not in data
            and _TIMESTAMP.match(str(data.get("timestamp", "")))
        ):
            return Snapshot(url=str(data.get("url") or url), timestamp=str(data["timestamp"]))
        if isinstance(data, dict) and (data.get("status_ext") or data.get("status") == "error"):
            raise NetworkError(scrub(f"{label}: refused ({_refusal(data, keys)})", keys))
        if not isinstance(data, dict) or not isinstance(data.get("job_id"), str):
            raise malformed(label, "no job_id", keys)
        return self._wait_for_job(url, data["job_id"], headers, keys, cancelled, sleep)

    def _wait_for_job(self, url, job_id, headers, keys, cancelled, sleep) -> Snapshot:
        label = f"{url}: Save Page Now"
        if not re.fullmatch(r"[A-Za-z0-9_.:-]{1,200}", job_id):
            raise malformed(label, "unexpected job_id", keys)
        waited = 0.0
        while True:
            if cancelled is not None and cancelled():
                raise Cancelled(f"{label}: cancelled; the capture may still finish (job {job_id})")
            if waited >= self.max_wait:
                raise NetworkError(
                    f"{label}: no snapshot after {self.max_wait:g} s (job {job_id} still pending)"
                )
            pause = self.poll_interval
            sleep(pause)
            waited += pause
            answer = request_json(
                self.session,
                "GET",
                f"{self.save_base}/save/status/{job_id}",
                headers=headers,
                label=label,
                timeout=self.timeout,
                secrets=keys,
            )
            if answer.status == 429:
                # Polling too fast: the capture goes on; wait as asked, within max_wait.
                asked = retry_after_seconds(answer.headers.get("Retry-After"))
                extra = max(0.0, (asked or self.poll_interval * 2) - self.poll_interval)
                if waited + extra < self.max_wait:
                    sleep(extra)
                    waited += extra
                    continue
            self._raise_for_status(label, answer, keys)
            data = answer.data
            if not isinstance(data, dict):
                raise malformed(label, "status is not a JSON object", keys)
            status = data.get("status")
            if status == "success":
                timestamp = str(data.get("timestamp", ""))
                if not _TIMESTAMP.match(timestamp):
                    raise malformed(label, f"bad timestamp {timestamp[:20]!r}", keys)
                return Snapshot(url=str(data.get("original_url") or url), timestamp=timestamp)
            if status == "error":
                raise NetworkError(scrub(f"{label}: capture failed ({_refusal(data, keys)})", keys))
            if status != "pending":
                raise malformed(label, f"unknown status {str(status)[:20]!r}", keys)

    @staticmethod
    def _raise_for_status(label: str, answer, keys) -> None:
        if answer.status in (401, 403):
            raise answer_error(
                label,
                answer,
                "the Internet Archive refused the keys archive-access-key / archive-secret-key",
                keys,
            )
        if answer.status != 200:
            raise answer_error(label, answer, _service_message(answer.data, keys), keys)
        if not answer.json_ok:
            raise malformed(label, "not JSON", keys)


def _refusal(data: dict, keys: Iterable[str] = ()) -> str:
    words = excerpt(str(data.get("message") or ""), keys)
    code = excerpt(str(data.get("status_ext") or ""), keys, limit=60)
    return "; ".join(part for part in (words, code) if part) or "no reason given"


def _service_message(data, keys: Iterable[str] = ()) -> str:
    if isinstance(data, dict):
        message = data.get("message") or data.get("error")
        if isinstance(message, str):
            return excerpt(message, keys)
    return ""
