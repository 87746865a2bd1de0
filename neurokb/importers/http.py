"""The one HTTP client of the importers: timeouts, polite retries, an identifying User-Agent.

Crossref asks API users to identify themselves with a contact address in the User-Agent
("polite pool"), and NCBI and arXiv ask clients to back off when throttled; we do both. Base
URLs come from environment variables so that tests (and mirrors) can point the importers at
another server: ``NEUROKB_CROSSREF_URL``, ``NEUROKB_ARXIV_URL``, ``NEUROKB_PUBMED_URL``.
Failures become one :class:`~neurokb.importers.records.ImportFailed` with a message a user can
act on; nothing is retried after a 4xx other than 429.
"""

from __future__ import annotations

import os
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from neurokb import __version__
from neurokb.importers.records import ImportFailed

USER_AGENT = (
    f"neurokb/{__version__} (https://github.com/neurokb/neurokb; "
    "mailto:neurokb@users.noreply.github.com)"
)
DEFAULT_URLS = {
    "crossref": "https://api.crossref.org",
    "arxiv": "https://export.arxiv.org/api",
    "pubmed": "https://eutils.ncbi.nlm.nih.gov/entrez/eutils",
}
_RETRY_STATUS = {429, 500, 502, 503, 504}


def base_url(service: str) -> str:
    """The service's base URL: ``NEUROKB_<SERVICE>_URL`` if set, else the public API."""
    return os.environ.get(f"NEUROKB_{service.upper()}_URL", DEFAULT_URLS[service]).rstrip("/")


@dataclass(frozen=True)
class Client:
    """Settings of one fetch; the defaults suit interactive use, tests shorten them."""

    timeout: float = float(os.environ.get("NEUROKB_HTTP_TIMEOUT", "20"))
    retries: int = 3
    backoff: float = 1.0  # seconds before the first retry; doubles each time

    def get(self, url: str, params: dict[str, str] | None = None, what: str = "") -> bytes:
        """The body of a GET request, or ImportFailed naming ``what`` was looked up."""
        if params:
            url = f"{url}?{urllib.parse.urlencode(params)}"
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
        what = what or url
        delay = self.backoff
        for attempt in range(self.retries + 1):
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    return response.read()
            except urllib.error.HTTPError as exc:
                if exc.code == 404:
                    raise ImportFailed(f"{what} was not found (HTTP 404)", _check(what)) from None
                if exc.code not in _RETRY_STATUS or attempt == self.retries:
                    raise ImportFailed(
                        f"{what}: the server answered HTTP {exc.code} {exc.reason}",
                        "try again later",
                    ) from None
                delay = max(delay, _retry_after(exc))
            except TimeoutError:
                if attempt == self.retries:
                    raise ImportFailed(
                        f"{what}: no answer within {self.timeout:g} s", "try again later"
                    ) from None
            except urllib.error.URLError as exc:
                if attempt == self.retries:
                    raise ImportFailed(
                        f"{what}: cannot reach {urllib.parse.urlsplit(url).netloc} ({exc.reason})",
                        "check your network connection",
                    ) from None
            time.sleep(delay)
            delay *= 2
        raise AssertionError("unreachable")  # pragma: no cover


def _retry_after(exc: urllib.error.HTTPError) -> float:
    value = exc.headers.get("Retry-After", "") if exc.headers else ""
    return min(float(value), 30.0) if value.isdigit() else 0.0


def _check(what: str) -> str:
    return f"check the identifier in '{what}'"
