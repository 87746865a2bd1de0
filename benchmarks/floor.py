"""The floor of a cold load: read every paper file and parse it with libyaml, nothing else.

    python benchmarks/floor.py KB_DIR

``yaml.load`` with ``CSafeLoader`` is what any Python tool reading these files pays at least;
the target for ``neurokb validate`` (which also checks positions, validates and runs the
cross-entry checks) is at most twice this, both timed as whole processes.
"""

from __future__ import annotations

import os
import sys

import yaml


def main(root: str) -> int:
    folder = os.path.join(root, "entries", "papers")
    for name in os.listdir(folder):
        with open(os.path.join(folder, name), "rb") as handle:
            yaml.load(handle.read(), Loader=yaml.CSafeLoader)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
