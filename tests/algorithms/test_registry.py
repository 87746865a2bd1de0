"""The registry's cheap name list agrees with what the modules register when imported."""

from __future__ import annotations

import subprocess
import sys

import pytest

from neurokb.algorithms import names
from neurokb.algorithms.base import Result, register, registry


def test_names_are_the_registered_algorithms() -> None:
    assert names() == list(registry())


def test_names_import_no_algorithm_module() -> None:
    code = (
        "import sys; from neurokb.algorithms import names; names(); "
        "print(sorted(m for m in sys.modules if m == 'numpy' or m.startswith('neurokb.algorithms.')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_an_algorithm_is_named_after_its_module() -> None:
    def run(seed: int = 0) -> Result:
        return Result({})

    run.__module__ = "neurokb.algorithms.feedback_alignment"
    with pytest.raises(RuntimeError, match="named after its module"):
        register(name="feedback-alignment-2", title="", papers=[], topic="", claim="")(run)
