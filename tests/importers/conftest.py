"""A local HTTP server replaying recorded API answers, and a small knowledge base to add to.

The server listens on 127.0.0.1 on a free port and answers like the real services for the
recordings in tests/data/recorded/ (see its README): Crossref ``/crossref/works/{doi}``, arXiv
``/arxiv/query?id_list=``, PubMed ``/pubmed/efetch.fcgi?id=``; anything else is a 404.
``/slow/...`` never answers in time and ``/flaky/...`` fails with 503 once, then answers.
"""

from __future__ import annotations

import threading
import time
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from kbfixtures import copy_topics

from neurokb.core.kb import KnowledgeBase
from neurokb.edit.writer import entry_text

REPO = Path(__file__).parents[2]
RECORDED = REPO / "tests" / "data" / "recorded"


class _Handler(BaseHTTPRequestHandler):
    flaky_seen: set[str] = set()  # noqa: RUF012 - shared across requests on purpose

    def log_message(self, *args: object) -> None:  # keep test output quiet
        pass

    def do_GET(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(url.query)
        service, _, rest = url.path.lstrip("/").partition("/")
        self.server.requests.append((self.path, self.headers.get("User-Agent", "")))  # type: ignore[attr-defined]
        if service == "slow":
            time.sleep(1.0)
            return self._send(200, b"{}")
        if service == "flaky" and self.path not in self.flaky_seen:
            self.flaky_seen.add(self.path)
            return self._send(503, b"busy")
        if service == "flaky":
            service, _, rest = rest.partition("/")
        body = self._recording(service, rest, query)
        self._send(200, body) if body is not None else self._send(404, b"not found")

    def _recording(self, service: str, rest: str, query: dict[str, list[str]]) -> bytes | None:
        if service == "crossref" and rest.startswith("works/"):
            path = RECORDED / "crossref" / (rest.removeprefix("works/").replace("/", "_") + ".json")
        elif service == "arxiv" and rest == "query":
            path = RECORDED / "arxiv" / f"{query['id_list'][0]}.xml"
            path = path if path.is_file() else RECORDED / "arxiv" / "unknown.xml"
        elif service == "pubmed" and rest == "efetch.fcgi":
            path = RECORDED / "pubmed" / f"{query['id'][0]}.xml"
            path = path if path.is_file() else RECORDED / "pubmed" / "empty.xml"
        else:
            return None
        return path.read_bytes() if path.is_file() else None

    def _send(self, status: int, body: bytes) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout test)
            pass


@pytest.fixture(scope="session")
def recorded_server() -> Iterator[ThreadingHTTPServer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.requests = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def services(recorded_server: ThreadingHTTPServer, monkeypatch: pytest.MonkeyPatch) -> str:
    """Point the importers at the local server; returns its base URL."""
    base = f"http://127.0.0.1:{recorded_server.server_address[1]}"
    for service in ("crossref", "arxiv", "pubmed"):
        monkeypatch.setenv(f"NEUROKB_{service.upper()}_URL", f"{base}/{service}")
    return base


@pytest.fixture
def small_kb(tmp_path: Path, shipped_kb: KnowledgeBase) -> Path:
    """A knowledge base with all topics and two shipped papers (their ``cites`` dropped; the
    topic narratives' ``[@key]`` citations, of papers not copied, made plain text)."""
    copy_topics(REPO, tmp_path)
    papers = tmp_path / "entries" / "papers"
    papers.mkdir(parents=True)
    for key in ("hopfield1982neural", "jonas2017neuroscientist"):
        paper = shipped_kb.paper(key).model_copy(update={"cites": []})
        (papers / f"{key}.yaml").write_text(entry_text(paper), encoding="utf-8")
    return tmp_path
