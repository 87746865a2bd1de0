"""The one HTTP client of the importers: time limits, polite retries, an identifying User-Agent.

Crossref asks API users to identify themselves with a contact address in the User-Agent
("polite pool"), and NCBI and arXiv ask clients to back off when throttled; we do both. Base
URLs come from environment variables so that tests (and mirrors) can point the importers at
another server: ``NEUROKB_CROSSREF_URL``, ``NEUROKB_ARXIV_URL``, ``NEUROKB_PUBMED_URL``.

A server is a stranger too, so every way an answer can go wrong ends in one
:class:`~neurokb.importers.records.ImportFailed` with a message a user can act on, never a
traceback, and nothing waits without bound:

- each attempt has a total time limit (``timeout``), enforced by closing the socket when it
  passes: a per-read timeout alone let a server that drips a byte a second take 57 s against
  a 5 s timeout;
- the whole lookup, retries and waits included, has a ``deadline``;
- ``Retry-After`` is honoured up to ``max_wait`` seconds; a longer wait fails at once;
- an answer larger than ``max_bytes`` is refused (by its Content-Length, or while reading);
- a connection reset, a truncated body or a malformed response is retried, then reported.

Nothing is retried after a 4xx other than 429. Only ``http`` and ``https`` URLs are followed.
Time and sleep are injectable, so tests of the waits do not wait.
"""

from __future__ import annotations

import contextlib
import email.utils
import http.client
import os
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

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


def _env(name: str, default: float) -> Any:
    """A default read from the environment when a Client is made (a bad value is ignored)."""

    def read() -> float:
        try:
            value = float(os.environ.get(name, default))
        except ValueError:
            return default
        return value if value > 0 else default

    return field(default_factory=read)


@dataclass(frozen=True)
class Client:
    """Settings of one fetch; the defaults suit interactive use, tests shorten them.

    ``timeout`` bounds one attempt (connecting, headers and body together); ``deadline`` the
    whole lookup; ``max_wait`` the longest ``Retry-After`` honoured. Environment variables
    ``NEUROKB_HTTP_TIMEOUT``, ``NEUROKB_HTTP_DEADLINE``, ``NEUROKB_HTTP_MAX_WAIT`` and
    ``NEUROKB_HTTP_MAX_BYTES`` change the defaults.
    """

    timeout: float = _env("NEUROKB_HTTP_TIMEOUT", 20)
    retries: int = 3
    backoff: float = 1.0  # seconds before the first retry; doubles each time
    max_wait: float = _env("NEUROKB_HTTP_MAX_WAIT", 30)
    deadline: float = _env("NEUROKB_HTTP_DEADLINE", 60)
    max_bytes: int = _env("NEUROKB_HTTP_MAX_BYTES", 20 * 1024 * 1024)
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False, compare=False)
    clock: Callable[[], float] = field(default=time.monotonic, repr=False, compare=False)

    def get(self, url: str, params: dict[str, str] | None = None, what: str = "") -> bytes:
        """The body of a GET request, or ImportFailed naming ``what`` was looked up."""
        if params:
            url = f"{url}?{urllib.parse.urlencode(params)}"
        what = what or url
        if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
            raise ImportFailed(f"{what}: '{url}' is not an http(s) URL", "check NEUROKB_*_URL")
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
        end = self.clock() + self.deadline
        delay = self.backoff
        for attempt in range(self.retries + 1):
            budget = min(self.timeout, end - self.clock())
            if budget <= 0:
                raise ImportFailed(
                    f"{what}: no answer within {self.deadline:g} s", "try again later"
                )
            try:
                return _fetch(request, budget, int(self.max_bytes))
            except _Failure as failure:
                if not failure.retry or attempt == self.retries:
                    raise ImportFailed(f"{what}: {failure.message}", failure.hint) from None
                wait = max(delay, failure.retry_after)
                if failure.retry_after > self.max_wait:
                    raise ImportFailed(
                        f"{what}: {failure.message}; the server asks to wait "
                        f"{failure.retry_after:g} s, more than {self.max_wait:g} s",
                        "try again later",
                    ) from None
                if self.clock() + wait >= end:
                    raise ImportFailed(
                        f"{what}: {failure.message}; no time left to retry within "
                        f"{self.deadline:g} s",
                        "try again later",
                    ) from None
            except urllib.error.HTTPError:  # a 404, never retried (see _fetch)
                raise ImportFailed(f"{what} was not found (HTTP 404)", _check(what)) from None
            self.sleep(wait)
            delay *= 2
        raise AssertionError("unreachable")  # pragma: no cover


@dataclass
class _Failure(Exception):
    """Why one attempt failed, and whether another may succeed."""

    message: str
    hint: str = "try again later"
    retry: bool = True
    retry_after: float = 0.0


def _fetch(request: urllib.request.Request, budget: float, max_bytes: int) -> bytes:
    """One attempt: the whole body within ``budget`` seconds and ``max_bytes`` bytes.

    Raises the HTTPError of a 404 (the caller words it), else :class:`_Failure`.
    """
    host = request.host or request.full_url
    watch = _Watch(budget)
    try:
        with _opener(watch).open(request, timeout=budget) as response:
            body = _read(response, max_bytes)
    except urllib.error.HTTPError as exc:
        exc.close()
        if exc.code == 404:
            raise
        raise _Failure(
            f"the server answered HTTP {exc.code} {_clean(exc.reason)}",
            retry=exc.code in _RETRY_STATUS,
            retry_after=_retry_after(exc.headers),
        ) from None
    except _Failure:
        raise
    except TimeoutError:
        raise _Failure(f"no answer within {budget:g} s") from None
    except urllib.error.URLError as exc:
        if watch.fired or isinstance(exc.reason, TimeoutError):
            raise _Failure(f"no answer within {budget:g} s") from None
        if isinstance(exc.reason, str) and exc.reason.startswith("unknown url type"):
            raise _Failure(f"refused to follow a redirect to a non-HTTP URL ({exc.reason})",
                           "the server's answer cannot be used", retry=False) from None  # fmt: skip
        raise _Failure(
            f"cannot reach {host} ({_clean(exc.reason)})", "check your network connection"
        ) from None
    except (http.client.HTTPException, OSError) as exc:  # reset, truncated, malformed
        if watch.fired:
            raise _Failure(f"no answer within {budget:g} s") from None
        reason = _clean(exc) or type(exc).__name__
        raise _Failure(f"the connection to {host} broke off ({reason})") from None
    finally:
        watch.stop()
    if watch.fired:
        raise _Failure(f"no answer within {budget:g} s")
    return body


def _read(response: Any, max_bytes: int) -> bytes:
    """The body, refused beyond ``max_bytes``, and checked to be complete."""
    length = response.headers.get("Content-Length", "")
    if length.isdigit() and int(length) > max_bytes:
        raise _Failure(
            f"the answer is {int(length):,} bytes, more than the limit of {max_bytes:,}",
            "raise NEUROKB_HTTP_MAX_BYTES if this is expected",
            retry=False,
        )
    chunks, size = [], 0
    while chunk := response.read1(65536):  # returns as soon as some bytes arrived
        size += len(chunk)
        if size > max_bytes:
            raise _Failure(
                f"the answer is more than the limit of {max_bytes:,} bytes",
                "raise NEUROKB_HTTP_MAX_BYTES if this is expected",
                retry=False,
            )
        chunks.append(chunk)
    if response.length:  # Content-Length promised more than arrived
        raise http.client.IncompleteRead(b"".join(chunks), response.length)
    return b"".join(chunks)


class _Watch:
    """Shuts a request's sockets down when its time is up.

    A blocked read then returns or fails at once, so the limit holds however slowly the server
    drips its answer (a socket timeout only bounds the wait for the next byte).
    """

    def __init__(self, seconds: float) -> None:
        self.fired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(max(seconds, 0.0), self._fire)
        self._timer.daemon = True
        self._timer.start()

    def add(self, sock: Any) -> Any:
        with self._lock:
            self._sockets.append(sock)
            if self.fired:
                _shutdown(sock)
        return sock

    def _fire(self) -> None:
        with self._lock:
            self.fired = True
            for sock in self._sockets:
                _shutdown(sock)

    def stop(self) -> None:
        self._timer.cancel()


def _shutdown(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed, or a socket TLS has taken over
        sock.shutdown(socket.SHUT_RDWR)


class _Watched:
    """An HTTP(S) connection whose sockets are handed to a :class:`_Watch`: the plain socket
    as soon as it connects (a TLS handshake can drip too), then the TLS one."""

    def __init__(self, *args: Any, watch: _Watch, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        self.watch = watch
        create = self._create_connection  # type: ignore[attr-defined]
        self._create_connection = lambda *a, **k: watch.add(create(*a, **k))

    def connect(self) -> None:
        super().connect()  # type: ignore[misc]
        self.watch.add(self.sock)  # type: ignore[attr-defined]


class _WatchedHTTP(_Watched, http.client.HTTPConnection):
    pass


class _WatchedHTTPS(_Watched, http.client.HTTPSConnection):
    pass


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, watch: _Watch) -> None:
        super().__init__()
        self.watch = watch

    def http_open(self, req: urllib.request.Request) -> Any:
        return self.do_open(_connection(_WatchedHTTP, self.watch), req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, watch: _Watch) -> None:
        super().__init__()
        self.watch = watch

    def do_open(self, http_class: Any, req: urllib.request.Request, **kwargs: Any) -> Any:
        return super().do_open(_connection(_WatchedHTTPS, self.watch), req, **kwargs)


def _connection(cls: type, watch: _Watch) -> Callable[..., Any]:
    return lambda *args, **kwargs: cls(*args, watch=watch, **kwargs)


def _opener(watch: _Watch) -> urllib.request.OpenerDirector:
    """urllib's usual handlers for HTTP(S) only: no file:, ftp: or data: URLs, even through a
    redirect (urllib follows redirects to ftp: by default)."""
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(),
        urllib.request.UnknownHandler(),
        _HTTPHandler(watch),
        _HTTPSHandler(watch),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPRedirectHandler(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener


def _retry_after(headers: Any) -> float:
    """Seconds from a ``Retry-After`` header (a number or an HTTP date); 0 if absent or bad."""
    value = (headers.get("Retry-After", "") if headers else "").strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return 0.0
    return max(0.0, when.timestamp() - time.time()) if when.tzinfo else 0.0


def _clean(text: object) -> str:
    """Server-supplied text (a reason phrase, a bad status line) as one short line."""
    line = " ".join(str(text).split())
    return line if len(line) <= 100 else line[:97] + "..."


def _check(what: str) -> str:
    return f"check the identifier in '{what}'"
