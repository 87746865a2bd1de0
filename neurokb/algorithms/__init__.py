"""Reference implementations of algorithms from the NeuroAI literature (one module each).

Each module registers one algorithm named after itself (see :mod:`neurokb.algorithms.base`),
so the names are known from this folder alone: checking the ``implementations`` of every
entry imports neither NumPy nor any module here.
"""

from __future__ import annotations

import os


def name_of(module: str) -> str:
    """``feedback_alignment`` -> ``feedback-alignment``."""
    return module.replace("_", "-")


def modules() -> list[str]:
    """The algorithm modules of this package, sorted, from its folder (nothing is imported)."""
    return sorted(
        name[:-3]
        for name in os.listdir(os.path.dirname(__file__))
        if name.endswith(".py") and name != "base.py" and not name.startswith("_")
    )


def names() -> list[str]:
    """The names of all algorithms, sorted, without importing their modules (or NumPy)."""
    return sorted(name_of(module) for module in modules())
