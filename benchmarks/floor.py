"""The floor of a cold load: read every paper file and parse it with libyaml, nothing else.

    python benchmarks/floor.py KB_DIR [--processes N]

``yaml.load`` with ``CSafeLoader`` is what any Python tool reading these files pays at least.
``neurokb validate`` also checks positions, validates and runs the cross-entry checks, and it
spreads the files over one process per usable CPU. A parallel load is only compared with a
floor given the same number of processes: with ``--processes N`` the files are shared the way
neurokb shares them (small batches claimed one at a time from a pipe, so a process on a busy
core claims fewer), with N - 1 forked children and the parent each parsing batches. The
floor's processes send nothing back, so it is a lower bound on any parallel load.
"""

from __future__ import annotations

import argparse
import os
import sys

import yaml

BATCH = 32  # files per claim, as neurokb's loader uses
_TICKET = 4  # bytes of one batch number in the claim pipe


def parse(paths: list[str]) -> None:
    for path in paths:
        with open(path, "rb") as handle:
            yaml.load(handle.read(), Loader=yaml.CSafeLoader)


def parse_parallel(paths: list[str], processes: int) -> None:
    """Parse ``paths`` in batches claimed from a pipe by ``processes`` processes in all."""
    batches = [paths[i : i + BATCH] for i in range(0, len(paths), BATCH)]
    claims, tickets = os.pipe()
    os.write(tickets, b"".join(i.to_bytes(_TICKET, "little") for i in range(len(batches))))
    os.close(tickets)  # once every ticket is read, a claim reads end-of-file
    children = []
    for _ in range(processes - 1):
        pid = os.fork()
        if pid == 0:  # a child: claim and parse until the pipe is empty, then leave
            code = 1
            try:
                _claim_all(claims, batches)
                code = 0
            finally:  # never return into the caller's code, even on an error
                os._exit(code)
        children.append(pid)
    _claim_all(claims, batches)
    for pid in children:
        _, status = os.waitpid(pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"floor: a worker failed (status {status})")


def _claim_all(claims: int, batches: list[list[str]]) -> None:
    while ticket := os.read(claims, _TICKET):
        parse(batches[int.from_bytes(ticket, "little")])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", help="a knowledge base folder (holding entries/papers/)")
    parser.add_argument("--processes", type=int, default=1, help="processes in all (default 1)")
    args = parser.parse_args(argv)
    folder = os.path.join(args.root, "entries", "papers")
    paths = [os.path.join(folder, name) for name in os.listdir(folder)]
    if args.processes > 1:
        parse_parallel(paths, args.processes)
    else:
        parse(paths)
    return 0


if __name__ == "__main__":
    sys.exit(main())
