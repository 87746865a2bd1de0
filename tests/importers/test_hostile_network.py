"""Importers against a server that misbehaves (issue 21, "Importers").

A local server on 127.0.0.1 answers each path with one kind of trouble: a connection reset
mid-body, a truncated body, a body dripped a byte at a time, an oversized answer, a 429 with a
long ``Retry-After``, a redirect to ``ftp:``, or well-formed HTTP carrying malformed data
(Crossref authors as plain strings, arXiv Atom without ``<published>``, PubMed XML without
``MedlineCitation``). Every case must end in one ImportFailed message (one ``error:`` line from
the CLI), within its time limit, with nothing written. Waits are counted on an injected clock,
so no test sleeps for a ``Retry-After``.
"""

from __future__ import annotations

import contextlib
import json
import socket
import socketserver
import struct
import threading
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
from clicheck import entry_tree, invoke

from neurokb.importers import Client, ImportFailed, fetch_record
from neurokb.importers.http import _retry_after

REPO = Path(__file__).parents[2]
RECORDED = REPO / "tests" / "data" / "recorded"
DOI = "10.1162/neco_a_01086"
WORK = (RECORDED / "crossref" / "10.1162_neco_a_01086.json").read_text(encoding="utf-8")


def _crossref_with_string_authors() -> bytes:
    data = json.loads(WORK)
    data["message"]["author"] = ["Friedemann Zenke", "Surya Ganguli"]
    return json.dumps(data).encode()


ATOM_WITHOUT_PUBLISHED = b"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <entry>
    <id>http://arxiv.org/abs/1705.11146v2</id>
    <title>SuperSpike</title>
    <author><name>Friedemann Zenke</name></author>
  </entry>
</feed>
"""
PUBMED_WITHOUT_MEDLINE = b"""<?xml version="1.0"?>
<PubmedArticleSet><PubmedArticle><PubmedData><ArticleIdList>
<ArticleId IdType="pubmed">29652587</ArticleId></ArticleIdList></PubmedData></PubmedArticle>
</PubmedArticleSet>
"""


def _head(status: str, length: int | None, extra: str = "") -> bytes:
    size = f"Content-Length: {length}\r\n" if length is not None else ""
    return f"HTTP/1.1 {status}\r\n{size}{extra}Connection: close\r\n\r\n".encode()


class _Handler(socketserver.BaseRequestHandler):
    """Reads one request line and headers, then misbehaves as the path says."""

    def handle(self) -> None:
        conn: socket.socket = self.request
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(4096)
            if not chunk:
                return
            data += chunk
        path = data.split(b" ", 2)[1].decode()
        kind = urllib.parse.urlsplit(path).path.strip("/").split("/")[0]
        self.server.hits.append(kind)  # type: ignore[attr-defined]
        with contextlib.suppress(OSError):  # the client gave up, as it should
            getattr(self, f"do_{kind.replace('-', '_')}")(conn)

    def _ok(self, conn: socket.socket, body: bytes) -> None:
        conn.sendall(_head("200 OK", len(body)) + body)

    def do_reset(self, conn: socket.socket) -> None:
        conn.sendall(_head("200 OK", 5000) + WORK.encode()[:200])
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        conn.close()  # with linger 0: a TCP reset mid-body

    def do_truncated(self, conn: socket.socket) -> None:
        conn.sendall(_head("200 OK", 5000) + WORK.encode()[:200])

    def do_drip(self, conn: socket.socket) -> None:
        conn.sendall(_head("200 OK", 10_000))
        for _ in range(10_000):
            conn.sendall(b" ")
            time.sleep(0.02)  # each byte well within the read timeout

    def do_drip_headers(self, conn: socket.socket) -> None:
        for byte in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 10_000:
            conn.sendall(bytes([byte]))
            time.sleep(0.02)

    def do_big(self, conn: socket.socket) -> None:
        conn.sendall(_head("200 OK", 50_000_000) + b"{" * 1000)

    def do_endless(self, conn: socket.socket) -> None:
        conn.sendall(_head("200 OK", None))  # no length: read until closed
        for _ in range(2000):
            conn.sendall(b"x" * 4096)

    def do_busy(self, conn: socket.socket) -> None:
        conn.sendall(_head("429 Too Many Requests", 4, "Retry-After: 3600\r\n") + b"busy")

    def do_busy_briefly(self, conn: socket.socket) -> None:
        if self.server.hits.count("busy-briefly") == 1:  # type: ignore[attr-defined]
            conn.sendall(_head("429 Too Many Requests", 4, "Retry-After: 7\r\n") + b"busy")
        else:
            self._ok(conn, WORK.encode())

    def do_ftp(self, conn: socket.socket) -> None:
        conn.sendall(_head("302 Found", 0, "Location: ftp://127.0.0.1/etc/passwd\r\n"))

    def do_garbage(self, conn: socket.socket) -> None:
        conn.sendall(b"HELLO THERE\r\n\r\n")

    def do_strings(self, conn: socket.socket) -> None:
        self._ok(conn, _crossref_with_string_authors())

    def do_notjson(self, conn: socket.socket) -> None:
        self._ok(conn, b'{"message": ')

    def do_atom(self, conn: socket.socket) -> None:
        self._ok(conn, ATOM_WITHOUT_PUBLISHED)

    def do_pubmed(self, conn: socket.socket) -> None:
        self._ok(conn, PUBMED_WITHOUT_MEDLINE)


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


@pytest.fixture(scope="module")
def hostile() -> Iterator[_Server]:
    server = _Server(("127.0.0.1", 0), _Handler)
    server.hits = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


class FakeTime:
    """A clock that moves only when slept on: waits are recorded, not spent."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def _point(monkeypatch: pytest.MonkeyPatch, server: _Server, service: str, kind: str) -> None:
    port = server.server_address[1]
    monkeypatch.setenv(f"NEUROKB_{service.upper()}_URL", f"http://127.0.0.1:{port}/{kind}")


def _client(fake: FakeTime | None = None, **kwargs: float) -> Client:
    fake = fake or FakeTime()
    settings = {"timeout": 1.0, "retries": 1, "backoff": 0.5, **kwargs}
    return Client(**settings, sleep=fake.sleep, clock=fake.clock)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("reset", f"DOI {DOI} at Crossref: the connection to 127.0.0.1:"),
        ("truncated", f"DOI {DOI} at Crossref: the connection to 127.0.0.1:"),
        ("garbage", f"DOI {DOI} at Crossref: the connection to 127.0.0.1:"),
        ("big", f"DOI {DOI} at Crossref: the answer is 50,000,000 bytes, more than the limit "
                "of 1,000,000"),
        ("endless", f"DOI {DOI} at Crossref: the answer is more than the limit of 1,000,000 bytes"),
        ("ftp", f"DOI {DOI} at Crossref: refused to follow a redirect to a non-HTTP URL "
                "(unknown url type: ftp)"),
        ("strings", f"Crossref's answer for DOI {DOI} could not be read ('author' lists str "
                    "values, not people)"),
        ("notjson", f"Crossref's answer for DOI {DOI} could not be read (Expecting value: "
                    "line 1 column 13 (char 12))"),
    ],
)  # fmt: skip
def test_each_failure_is_one_message(
    hostile: _Server, monkeypatch: pytest.MonkeyPatch, kind: str, message: str
) -> None:
    _point(monkeypatch, hostile, "crossref", kind)
    with pytest.raises(ImportFailed) as caught:
        fetch_record(doi=DOI, client=_client(max_bytes=1_000_000))
    assert str(caught.value).startswith(message), str(caught.value)
    assert "\n" not in str(caught.value)


def test_arxiv_without_published_and_pubmed_without_medline(
    hostile: _Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    _point(monkeypatch, hostile, "arxiv", "atom")
    with pytest.raises(ImportFailed) as caught:
        fetch_record(arxiv="1705.11146", client=_client())
    assert str(caught.value) == (
        "arXiv's answer for 1705.11146 could not be read (no publication date in <published> "
        "(got ''))"
    )
    _point(monkeypatch, hostile, "pubmed", "pubmed")
    with pytest.raises(ImportFailed) as caught:
        fetch_record(pmid="29652587", client=_client())
    assert str(caught.value) == (
        "PubMed's answer for 29652587 could not be read (no <MedlineCitation/Article> element)"
    )


@pytest.mark.parametrize("kind", ["drip", "drip-headers"])
def test_a_dripping_server_is_cut_off_at_the_time_limit(
    hostile: _Server, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    """Each byte comes well within the read timeout; the attempt still ends at its limit."""
    _point(monkeypatch, hostile, "crossref", kind)
    client = Client(timeout=0.5, retries=0)
    started = time.monotonic()
    with pytest.raises(ImportFailed) as caught:
        fetch_record(doi=DOI, client=client)
    assert time.monotonic() - started < 3.0  # 0.5 s, with room for a loaded machine
    assert str(caught.value) == f"DOI {DOI} at Crossref: no answer within 0.5 s"


def test_the_overall_deadline_covers_retries(
    hostile: _Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    _point(monkeypatch, hostile, "crossref", "truncated")
    fake = FakeTime()
    with pytest.raises(ImportFailed) as caught:
        fetch_record(doi=DOI, client=_client(fake, retries=10, backoff=4.0, deadline=10.0))
    assert "no time left to retry within 10 s" in str(caught.value)
    assert sum(fake.slept) <= 10.0 and fake.slept == [4.0]  # 4 s, then 8 s would pass it


def test_a_long_retry_after_fails_at_once(
    hostile: _Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    _point(monkeypatch, hostile, "crossref", "busy")
    fake = FakeTime()
    with pytest.raises(ImportFailed) as caught:
        fetch_record(doi=DOI, client=_client(fake, retries=3, max_wait=30.0))
    assert str(caught.value) == (
        f"DOI {DOI} at Crossref: the server answered HTTP 429 Too Many Requests; the server "
        "asks to wait 3600 s, more than 30 s"
    )
    assert fake.slept == []  # never waited


def test_a_short_retry_after_is_honoured(hostile: _Server, monkeypatch: pytest.MonkeyPatch) -> None:
    _point(monkeypatch, hostile, "crossref", "busy-briefly")
    fake = FakeTime()
    record = fetch_record(doi=DOI, client=_client(fake, retries=2, backoff=1.0, max_wait=30.0))
    assert record.data["doi"] == DOI
    assert fake.slept == [7.0]  # the server's Retry-After, not the 1 s backoff


def test_retry_after_as_an_http_date() -> None:
    when = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(time.time() + 20))
    assert 15 <= _retry_after({"Retry-After": when}) <= 20
    assert _retry_after({"Retry-After": "soon"}) == 0.0
    assert _retry_after({"Retry-After": "-5"}) == 0.0


def test_the_cli_prints_one_error_line_and_writes_nothing(
    hostile: _Server, monkeypatch: pytest.MonkeyPatch, small_kb: Path
) -> None:
    monkeypatch.setenv("NEUROKB_HTTP_TIMEOUT", "1")
    monkeypatch.setenv("NEUROKB_HTTP_DEADLINE", "1.5")  # one retry after the 1 s backoff
    for kind, service, option, value in (
        ("reset", "crossref", "--doi", DOI),
        ("strings", "crossref", "--doi", DOI),
        ("atom", "arxiv", "--arxiv", "1705.11146"),
        ("pubmed", "pubmed", "--pmid", "29652587"),
        ("big", "crossref", "--doi", DOI),
    ):
        _point(monkeypatch, hostile, service, kind)
        before = entry_tree(small_kb)
        result = invoke(small_kb, "add", option, value)
        assert entry_tree(small_kb) == before
        assert result.exit_code == 1, kind
        errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
        assert len(errors) == 1, result.stderr
        assert result.stdout == ""
