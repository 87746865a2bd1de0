"""Mutants of Hopfield (1982) fail its claim test.

Each mutant is selected through a documented parameter of ``run`` (see the module docstring):
clipped synapses (sign of T_ij) and +/-1 units (the AGS convention, not Hopfield's 0/1).
"""

from __future__ import annotations

import pytest

from neurokb.algorithms.hopfield import run


@pytest.mark.parametrize("mutant", [{"synapses": "clipped"}, {"units": "spin"}])
def test_mutant_fails_the_claim(mutant: dict) -> None:
    result = run(seed=0, **mutant)
    assert result.metrics["claim_holds"] is False, (mutant, result.metrics)
