"""Is the preview port free? Asked before building, so a taken port costs no build.

``mkdocs serve`` builds the whole site and only then binds its port, so a port already in use
(another preview still running) used to end a minute-long build with a 30-line traceback.
``make serve`` runs ``python -m neurokb.site.portcheck HOST PORT`` first, and the plugin asks
the same question when ``mkdocs serve`` starts; either way the answer is one line.
"""

from __future__ import annotations

import errno
import socket
import sys


def port_problem(host: str, port: int) -> str | None:
    """Why ``host:port`` cannot be served on, in one line, or None when it can."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server will
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return (
                    f"port {port} on {host} is already in use (another preview still "
                    f"running?): stop it, or choose another port, e.g. make serve PORT={port + 1}"
                )
            return f"cannot serve on {host}:{port}: {exc.strerror or exc}"
    return None


def main(argv: list[str]) -> int:
    """``portcheck HOST PORT``: exit 0 when free, else print the reason and exit 1."""
    if len(argv) != 2 or not argv[1].isdigit() or not 0 < int(argv[1]) < 65536:
        print("usage: python -m neurokb.site.portcheck HOST PORT (PORT: 1-65535)", file=sys.stderr)
        return 2
    problem = port_problem(argv[0], int(argv[1]))
    if problem:
        print(f"neurokb: {problem}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
