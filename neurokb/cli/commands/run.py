"""``neurokb run``: run a reference implementation, print its metrics, draw its figure."""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from neurokb.algorithms.base import Algorithm, ParamValue, registry
from neurokb.cli.common import Exit, JsonOption, fail, print_json, stderr, stdout
from neurokb.cli.terminal import styled
from neurokb.core.errors import did_you_mean


def _lookup(name: str) -> Algorithm:
    algs = registry()
    if name not in algs:
        guesses = did_you_mean(name, list(algs))
        hint = f"did you mean {', '.join(guesses)}?" if guesses else "see `neurokb algorithms`"
        raise fail(f"no algorithm named '{name}'", hint)
    return algs[name]


def _parse_params(alg: Algorithm, pairs: list[str]) -> dict[str, ParamValue]:
    values: dict[str, ParamValue] = {}
    names = [p.name for p in alg.params]
    for pair in pairs:
        name, sep, text = pair.partition("=")
        if not sep:
            raise fail(f"--param expects NAME=VALUE, got '{pair}'", code=Exit.USAGE)
        spec = alg.param(name.strip())
        if spec is None:
            guesses = did_you_mean(name, names)
            hint = f"did you mean '{guesses[0]}'?" if guesses else f"parameters: {', '.join(names)}"
            raise fail(f"{alg.name} has no parameter '{name}'", hint)
        try:
            values[spec.name] = spec.parse(text)
        except ValueError as exc:
            raise fail(str(exc)) from None
    return values


class _Spinner:
    """A spinner on stderr that appears only when a run takes longer than a second."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.status: Any = None
        self.timer = threading.Timer(1.0, self._start)

    def _start(self) -> None:
        self.status = stderr.status(self.label)
        self.status.start()

    def __enter__(self) -> _Spinner:
        if sys.stderr.isatty():
            self.timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.timer.cancel()
        if self.status is not None:
            self.status.stop()


def run(
    name: Annotated[str, typer.Argument(help="Algorithm name (see `neurokb algorithms`).")],
    seed: Annotated[int, typer.Option("--seed", help="Random seed; runs are deterministic.")] = 0,
    param: Annotated[
        list[str] | None, typer.Option("--param", "-p", help="Override a parameter: NAME=VALUE.")
    ] = None,
    plot: Annotated[
        Path | None,
        typer.Option("--plot", help="Save the figure to this PNG file.", dir_okay=False),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Run one reference implementation and print its metrics."""
    alg = _lookup(name)
    params = _parse_params(alg, param or [])
    started = time.perf_counter()
    with _Spinner(f"running {alg.name} (seed {seed})"):
        result = alg.run(seed=seed, **params)
    seconds = time.perf_counter() - started
    if plot is not None:
        from neurokb.core.atomic import atomic_write_bytes

        fig = alg.figure(result)
        import io

        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=120)
        atomic_write_bytes(plot, buffer.getvalue())
    if as_json:
        print_json(
            {
                "name": alg.name,
                "seed": seed,
                "params": {**alg.defaults(), **params},
                "metrics": result.metrics,
                "seconds": round(seconds, 3),
                "plot": str(plot) if plot else None,
            }
        )
        return
    table = Table(title=f"{alg.title} (seed {seed}, {seconds:.1f}s)")
    table.add_column("metric", style="bold cyan")
    table.add_column("value", justify="right")
    for key, value in result.metrics.items():
        table.add_row(key, f"{value:.4g}" if isinstance(value, float) else str(value))
    stdout.print(table)
    stdout.print(styled(("claim:", "dim"), f" {alg.claim}"))
    if plot is not None:
        stderr.print(f"figure written to {plot}")


def register(app: typer.Typer) -> None:
    app.command("run")(run)
