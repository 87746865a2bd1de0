"""`make serve` / `mkdocs serve` on a port that is taken: one line, before any build."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator

import pytest
from sitehelpers import REPO

from neurokb.site import portcheck


@pytest.fixture
def busy_port() -> Iterator[int]:
    """A port on 127.0.0.1 that another program listens on."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        yield server.getsockname()[1]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=120
    )


def test_portcheck_says_in_one_line_that_the_port_is_taken(busy_port: int) -> None:
    done = _run("-m", "neurokb.site.portcheck", "127.0.0.1", str(busy_port))
    assert done.returncode == 1 and done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert f"port {busy_port} on 127.0.0.1 is already in use" in lines[0]
    assert f"PORT={busy_port + 1}" in lines[0]


def test_portcheck_passes_a_free_port_and_rejects_a_bad_one() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        free = probe.getsockname()[1]
    assert portcheck.port_problem("127.0.0.1", free) is None
    assert portcheck.main(["127.0.0.1", "http"]) == 2


def test_make_serve_checks_the_port_first_and_takes_port() -> None:
    recipe = (REPO / "Makefile").read_text().split("\nserve:", 1)[1].split("\n\n", 1)[0]
    steps = [line.strip() for line in recipe.splitlines()[1:]]
    assert "neurokb.site.portcheck $(HOST) $(PORT)" in steps[0]
    assert steps[-1].endswith("mkdocs serve --dev-addr $(HOST):$(PORT)")


def test_mkdocs_serve_on_a_taken_port_stops_before_building(busy_port: int) -> None:
    done = _run(
        "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{busy_port}", "--no-livereload"
    )  # fmt: skip
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert f"port {busy_port} on 127.0.0.1 is already in use" in done.stderr
    errors = [line for line in done.stderr.splitlines() if "ERROR" in line]
    assert len(errors) == 1, done.stderr  # one line says it all
    assert "Documentation built" not in done.stderr  # stopped before building any page
