"""The registry's cheap name list agrees with what the modules register when imported."""

from __future__ import annotations

import subprocess
import sys

import pytest

from neurokb.algorithms import base, names
from neurokb.algorithms.base import Param, Result, register, registry


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


def test_defaults_are_written_once(monkeypatch) -> None:
    """``run`` may not repeat the defaults of its ``Param``s; the wrapper fills them in."""
    monkeypatch.setattr(base, "_REGISTRY", {})  # keep the test algorithms out of the real one

    def repeats(seed: int, eta: float = 0.1) -> Result:
        return Result({"eta": eta})

    repeats.__module__ = "tests.algorithms.elsewhere"
    with pytest.raises(RuntimeError, match="write them once"):
        register(name="t-repeats", title="", papers=[], topic="", claim="",
                 params=[Param("eta", 0.1, "rate")])(repeats)  # fmt: skip

    def once(seed: int, eta: float) -> Result:
        return Result({"eta": eta, "seed": seed})

    once.__module__ = "tests.algorithms.elsewhere"
    wrapped = register(name="t-once", title="", papers=[], topic="", claim="",
                       params=[Param("eta", 0.1, "rate")])(once)  # fmt: skip
    assert wrapped().metrics == {"eta": 0.1, "seed": 0}
    assert wrapped(seed=2, eta=0.3).metrics == {"eta": 0.3, "seed": 2}
    with pytest.raises(ValueError, match="no parameter"):
        wrapped(gamma=1.0)


def test_run_arguments_must_match_the_params(monkeypatch) -> None:
    monkeypatch.setattr(base, "_REGISTRY", {})

    def extra(seed: int, eta: float, gamma: float) -> Result:
        return Result({})

    extra.__module__ = "tests.algorithms.elsewhere"
    with pytest.raises(RuntimeError, match="seed \\+ params declare"):
        register(name="t-extra", title="", papers=[], topic="", claim="",
                 params=[Param("eta", 0.1, "rate")])(extra)  # fmt: skip
