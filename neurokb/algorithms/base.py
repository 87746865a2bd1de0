"""The contract every reference implementation follows, and the registry that lists them.

Each algorithm lives in one module of this package and registers itself with
:func:`register`.  The registry is what the CLI (``neurokb algorithms`` / ``neurokb run``),
the loader (``implementations:`` in a paper entry must name a registered algorithm), the
graph (``implements`` edges) and the site (one page per algorithm) all read, so the
metadata here is the single source of truth about an implementation.

Why a registry of plain dataclasses rather than classes to subclass: an algorithm is a
pure function ``run(seed, **params) -> Result`` plus facts about it.  Keeping the facts
declarative lets the rest of neurokb list, validate and document algorithms without
running them.

An algorithm's name is its module's name with ``-`` for ``_`` (``feedback_alignment.py``
registers ``feedback-alignment``; :func:`register` refuses any other). So
:func:`~neurokb.algorithms.names` answers from the file names alone: checking
``implementations:`` in every entry then costs a directory listing, not NumPy and eleven
modules (most of ``neurokb validate``'s start-up). This module imports no NumPy either.
"""

from __future__ import annotations

import functools
import importlib
import inspect
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from neurokb.algorithms import modules, name_of, names

if TYPE_CHECKING:
    import numpy as np

__all__ = ["Algorithm", "Param", "Result", "names", "register", "registry"]

ParamValue = int | float | bool | str


@dataclass(frozen=True)
class Param:
    """One tunable parameter of an algorithm, typed and bounded so that CLI input can be checked."""

    name: str
    default: ParamValue
    help: str
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()

    @property
    def type(self) -> type:
        return type(self.default)

    def parse(self, text: str) -> ParamValue:
        """Turn a ``k=v`` string from the command line into a checked value, or raise ValueError."""
        kind = self.type
        if kind is bool:
            lowered = text.strip().lower()
            if lowered in {"1", "true", "yes", "on"}:
                return True
            if lowered in {"0", "false", "no", "off"}:
                return False
            raise ValueError(f"{self.name} expects true or false, got {text!r}")
        try:
            value = kind(text)
        except ValueError:
            raise ValueError(f"{self.name} expects {kind.__name__}, got {text!r}") from None
        self.check(value)
        return value

    def check(self, value: ParamValue) -> None:
        """Raise ValueError when ``value`` is outside the declared bounds or choices."""
        if self.choices and value not in self.choices:
            raise ValueError(f"{self.name} must be one of {', '.join(self.choices)}, got {value!r}")
        if isinstance(value, bool) or not isinstance(value, int | float):
            return
        if self.minimum is not None and value < self.minimum:
            raise ValueError(f"{self.name} must be >= {self.minimum}, got {value}")
        if self.maximum is not None and value > self.maximum:
            raise ValueError(f"{self.name} must be <= {self.maximum}, got {value}")


Metric = int | float | bool | str


@dataclass
class Result:
    """What ``run`` returns: scalar metrics for tables/JSON and arrays for the figure."""

    metrics: dict[str, Metric]
    arrays: dict[str, np.ndarray] = field(default_factory=dict)


@dataclass(frozen=True)
class Algorithm:
    """A registered reference implementation: facts about it plus its run and plot functions."""

    name: str
    title: str
    papers: tuple[str, ...]
    topic: str
    claim: str
    params: tuple[Param, ...]
    run_fn: Callable[..., Result]
    plot_fn: Callable[[Result, Any], None] | None
    module: str
    summary: str = ""
    equations: tuple[str, ...] = ()  # TeX, one display equation each, as the code computes them
    reproduces: str = ""  # the published number the claim test checks, with its source
    limits: str = ""  # where the implementation falls short of the paper

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)

    def defaults(self) -> dict[str, ParamValue]:
        return {p.name: p.default for p in self.params}

    def run(self, seed: int = 0, **params: ParamValue) -> Result:
        """Run with defaults overridden by ``params``; unknown or out-of-range values raise ValueError."""
        values = self.defaults()
        for name, value in params.items():
            spec = self.param(name)
            if spec is None:
                raise ValueError(f"{self.name} has no parameter {name!r}")
            spec.check(value)
            values[name] = value
        return self.run_fn(seed=seed, **values)

    def figure(self, result: Result):
        """Draw the algorithm's figure for ``result`` on a new matplotlib Figure (Agg backend).

        matplotlib comes with the ``site`` extra: a core install queries and cites without it.
        """
        try:
            from matplotlib.figure import Figure
        except ImportError as exc:
            from neurokb.core.errors import NeuroKBError

            raise NeuroKBError(
                "drawing a figure needs matplotlib, which is not installed",
                hint="install the site extra: pip install 'neurokb[site]'",
            ) from exc

        fig = Figure(figsize=(8, 3.2), layout="constrained")
        if self.plot_fn is not None:
            self.plot_fn(result, fig)
        return fig


_REGISTRY: dict[str, Algorithm] = {}


def register(
    *,
    name: str,
    title: str,
    papers: list[str] | tuple[str, ...],
    topic: str,
    claim: str,
    params: list[Param] | tuple[Param, ...] = (),
    plot: Callable[[Result, Any], None] | None = None,
    summary: str = "",
    equations: Sequence[str] = (),
    reproduces: str = "",
    limits: str = "",
) -> Callable[[Callable[..., Result]], Callable[..., Result]]:
    """Decorator that records ``run`` under ``name``; the module docstring is the long description.

    Defaults are written once, in ``params``: ``run`` declares ``seed`` and every parameter
    without a default (anything else is refused), and the decorator returns a wrapper that
    fills them in, so ``run(seed=1, eta=0.1)`` works and cannot drift from the registry.
    ``equations`` are TeX lines (one display equation each) of what the code computes; the
    algorithm page renders them with KaTeX beside the source.
    """

    def decorate(run: Callable[..., Result]) -> Callable[..., Result]:
        package, _, module = run.__module__.rpartition(".")
        if package == __package__ and name != name_of(module):
            raise RuntimeError(
                f"{run.__module__} registers {name!r}: an algorithm is named after its module "
                f"({name_of(module)!r}), so that names() can list it without importing it"
            )
        if name in _REGISTRY and _REGISTRY[name].module != run.__module__:
            raise RuntimeError(f"algorithm {name!r} registered twice")
        _check_signature(name, run, params)
        _REGISTRY[name] = Algorithm(
            name=name,
            title=title,
            papers=tuple(papers),
            topic=topic,
            claim=claim,
            params=tuple(params),
            run_fn=run,
            plot_fn=plot,
            module=run.__module__,
            summary=summary,
            equations=tuple(equations),
            reproduces=reproduces,
            limits=limits,
        )
        algorithm = _REGISTRY[name]

        @functools.wraps(run)
        def with_defaults(seed: int = 0, **params: ParamValue) -> Result:
            return algorithm.run(seed, **params)

        return with_defaults

    return decorate


def _check_signature(name: str, run: Callable[..., Result], params: Sequence[Param]) -> None:
    """Refuse a ``run`` whose arguments differ from ``seed`` + ``params`` or carry defaults."""
    signature = inspect.signature(run)
    declared = [p.name for p in params]
    arguments = list(signature.parameters)
    if arguments != ["seed", *declared]:
        raise RuntimeError(
            f"{name}: run() takes {arguments}, but seed + params declare {['seed', *declared]}"
        )
    with_default = [a for a, p in signature.parameters.items() if p.default is not p.empty]
    if with_default:
        raise RuntimeError(
            f"{name}: run() gives defaults to {with_default}; write them once, in Param(...)"
        )


def registry() -> Mapping[str, Algorithm]:
    """All algorithms, importing every module of this package once so each can register."""
    for module in modules():
        importlib.import_module(f"{__package__}.{module}")
    return dict(sorted(_REGISTRY.items()))
