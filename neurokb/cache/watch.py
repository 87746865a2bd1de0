"""Asking the KB's watcher (:mod:`neurokb.cache.watcher`) which entry files changed.

A warm query at 100,000 files cannot afford a ``stat`` of every file (0.3-0.4 s of CPU), so
:func:`~neurokb.cache.sync.refresh` first asks the watcher, over its Unix socket, for the
names changed since the token its index recorded. The answer is exact (see the watcher's
docstring), so the query re-checks only those files. Whenever the watcher cannot be asked
(not Linux, none running yet, its socket dead, it refused to start, ``NEUROKB_WATCH=0``) the
query does the full scan as before: correctness never depends on the watcher.

The first query of a large KB (:data:`WATCH_FROM` files, ``NEUROKB_WATCH_FROM``) starts one
in the background; it answers from the next query on. A small KB is scanned fully in a few
milliseconds and gets no background process.
"""

from __future__ import annotations

import _socket  # the C module: ``socket``'s wrappers cost a warm query ~2 ms to import
import contextlib
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from neurokb.cache.db import CACHE_DIR

WATCH_FROM = int(os.environ.get("NEUROKB_WATCH_FROM", "5000"))
TIMEOUT = 2.0  # seconds to wait for an answer before scanning fully instead
RETRY = 600.0  # seconds before trying again to start a watcher that could not start
SOCKET = "watch.sock"  # in .neurokb-cache/
LOCK = "watch.lock"  # held by the running watcher for its whole life
OFF = "watch.off"  # why the last watcher could not start


def socket_address(cache: Path) -> tuple[str, int | None]:
    """The socket's path, and a folder descriptor to close once it is used.

    A socket path is limited to ~107 bytes; a longer one is reached through the open folder
    (``/proc/self/fd/N/watch.sock``), which Linux resolves like any path.
    """
    path = os.path.join(cache, SOCKET)
    if len(os.fsencode(path)) < 100:
        return path, None
    fd = os.open(cache, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    return f"/proc/self/fd/{fd}/{SOCKET}", fd


@dataclass(frozen=True)
class Answer:
    """What the watcher said: the token to record once the rows agree with the files, and
    the changed names (``papers/x.yaml``), or None for "look at everything"."""

    token: str
    names: list[str] | None


def enabled() -> bool:
    return sys.platform.startswith("linux") and os.environ.get("NEUROKB_WATCH", "1") != "0"


def ask(root: Path, token: str | None, may_start: Callable[[], bool]) -> Answer | None:
    """The watcher's answer since ``token``; None when there is none to ask (then one is
    started in the background if ``may_start()`` says the KB is worth it)."""
    if not enabled():
        return None
    cache = root / CACHE_DIR
    try:
        address, dir_fd = socket_address(cache)
    except OSError:
        return None
    sock = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    try:
        sock.settimeout(TIMEOUT)
        sock.connect(address)
        sock.sendall(f"{token or '-'}\n".encode())
        chunks = []
        while chunk := sock.recv(1 << 16):
            chunks.append(chunk)
    except (FileNotFoundError, ConnectionRefusedError):
        if may_start():
            start(root)
        return None
    except OSError:  # a timeout, a permission problem: scan this time
        return None
    finally:
        sock.close()
        if dir_fd is not None:
            os.close(dir_fd)
    return parse(b"".join(chunks))


def parse(data: bytes) -> Answer | None:
    """The watcher's reply (``ID SEQ full`` or ``ID SEQ names COUNT``, then the names);
    None when it is cut short or garbled (a watcher that died while answering)."""
    head, _, rest = data.partition(b"\n")
    parts = head.decode("ascii", "replace").split()
    if len(parts) == 3 and parts[2] == "full":
        return Answer(f"{parts[0]} {parts[1]}", None)
    if len(parts) != 4 or parts[2] != "names" or not parts[3].isdigit():
        return None
    names = [os.fsdecode(name) for name in rest.split(b"\0")] if rest else []
    if len(names) != int(parts[3]):
        return None
    return Answer(f"{parts[0]} {parts[1]}", names)


def start(root: Path) -> None:
    """Start a watcher for ``root`` in the background, unless one runs or is starting, or the
    last one could not start less than :data:`RETRY` seconds ago."""
    import fcntl

    cache = root / CACHE_DIR
    try:
        if time.time() - os.stat(cache / OFF).st_mtime < RETRY:
            return
    except OSError:
        pass
    try:
        probe = os.open(cache / LOCK, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError:
        return
    try:
        fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return  # a watcher holds it: it is running, or starting and not listening yet
    finally:
        os.close(probe)  # releases the probe's lock
    package_parent = str(Path(__file__).resolve().parents[2])  # the code running now
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, (package_parent, env.get("PYTHONPATH"))))
    null = os.devnull
    with contextlib.suppress(OSError):  # no watcher this time: the queries scan
        os.posix_spawn(
            sys.executable,
            [sys.executable, "-m", "neurokb.cache.watcher", str(root)],
            env,
            file_actions=[
                (os.POSIX_SPAWN_OPEN, 0, null, os.O_RDONLY, 0),
                (os.POSIX_SPAWN_OPEN, 1, null, os.O_WRONLY, 0),
                (os.POSIX_SPAWN_OPEN, 2, null, os.O_WRONLY, 0),
            ],
            setsid=True,  # its own session: no terminal's Ctrl-C or hang-up reaches it
        )


def stop(root: Path) -> bool:
    """Ask the watcher of ``root`` to stop; whether one was there to ask."""
    address, dir_fd = socket_address(root / CACHE_DIR)
    sock = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    try:
        sock.settimeout(TIMEOUT)
        sock.connect(address)
        sock.sendall(b"stop\n")
        sock.recv(16)  # closed once the watcher took the request
    except OSError:
        return False
    finally:
        sock.close()
        if dir_fd is not None:
            os.close(dir_fd)
    return True
