"""Algorithm figures for the site: run each algorithm once, draw it, cache the PNG on disk.

Some reference implementations take seconds to run, which would make every ``mkdocs serve``
rebuild slow. A figure depends only on code (runs are seeded): the algorithm's module, every
neurokb module it imports, directly or not (``algorithms/base.py``, helpers), this module's
drawing, and NumPy and matplotlib. Hashing the module's own source missed edits to what it
imports, so the key hashes that whole import closure, read from the source files, with the
library versions, the algorithm name, seed and resolution. Why not the whole package tree,
as the index does: every figure runs an algorithm (seconds to a minute each), and an edit to
a citation style or a CLI command cannot change one. The cache folder is git-ignored
and safe to delete. This is the one place in :mod:`neurokb.site` that touches files.
"""

from __future__ import annotations

import ast
import contextlib
import functools
import hashlib
import io
import json
import multiprocessing
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from neurokb.algorithms.base import Algorithm, Metric
from neurokb.core.fingerprint import FIGURE_LIBRARIES, PACKAGE, versions

SEED = 0
DPI = 110


@dataclass(frozen=True)
class Figure:
    """A rendered figure and the metrics of the run it shows."""

    png: bytes
    metrics: dict[str, Metric]
    cached: bool = False


def _source_file(package: Path, module: str) -> Path | None:
    """The file of ``neurokb.<...>`` module ``module`` in the package tree at ``package``."""
    parts = module.split(".")[1:]
    for path in (
        package.joinpath(*parts).with_suffix(".py"),
        package.joinpath(*parts, "__init__.py"),
    ):
        if parts and path.is_file():
            return path
    return package / "__init__.py" if not parts else None


def import_closure(module: str, package: Path = PACKAGE) -> dict[str, Path]:
    """``module`` and every neurokb module it imports (at any depth, lazily or not), with the
    ``__init__`` of each package on the way: module name -> file."""
    found: dict[str, Path] = {}
    pending = [module]
    while pending:
        name = pending.pop()
        path = None if name in found else _source_file(package, name)
        if path is None:
            continue
        found[name] = path
        pending += [".".join(name.split(".")[:i]) for i in range(1, name.count(".") + 1)]
        pending += _imports(path.read_bytes())
    return found


@functools.lru_cache(maxsize=1024)
def _imports(source: bytes) -> tuple[str, ...]:
    """The neurokb modules a source imports (by its bytes, so an edit is a new entry): every
    build asks this of the same few dozen files for each of its figures."""
    out: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            out += [a.name for a in node.names if a.name.split(".")[0] == "neurokb"]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "neurokb":
            out.append(node.module)  # type: ignore[arg-type]
            out += [f"{node.module}.{a.name}" for a in node.names]  # submodules
    return tuple(out)


def cache_key(alg: Algorithm, package: Path = PACKAGE) -> str:
    """The key of ``alg``'s figure as the package tree at ``package`` would draw it."""
    digest = hashlib.sha256()
    closure = import_closure(alg.module, package) | import_closure(__name__, package)
    for part in (alg.name, versions(FIGURE_LIBRARIES), str(SEED), str(DPI), *sorted(closure)):
        digest.update(part.encode())
        digest.update(b"\0")
    for name in sorted(closure):
        digest.update(closure[name].read_bytes())
    return digest.hexdigest()[:20]


def draw(alg: Algorithm) -> Figure:
    """Run ``alg`` at the site's seed and draw its figure to PNG bytes (Agg, no display)."""
    result = alg.run(seed=SEED)
    fig = alg.figure(result)  # a matplotlib.figure.Figure: renders with Agg, no pyplot state
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return Figure(buffer.getvalue(), dict(result.metrics))


def figure(alg: Algorithm, cache_dir: Path | None) -> Figure:
    """The figure of ``alg``, from ``cache_dir`` when its code has not changed since."""
    if cache_dir is None:
        return draw(alg)
    stem = cache_dir / f"{alg.name}-{cache_key(alg)}"
    png, meta = stem.with_suffix(".png"), stem.with_suffix(".json")
    if png.is_file() and meta.is_file():
        return Figure(png.read_bytes(), json.loads(meta.read_text("utf-8")), cached=True)
    made = draw(alg)
    with contextlib.suppress(OSError):  # a read-only or full cache folder: draw again next time
        cache_dir.mkdir(parents=True, exist_ok=True)
        for old in cache_dir.glob(f"{alg.name}-*"):
            old.unlink()
        png.write_bytes(made.png)
        meta.write_text(json.dumps(made.metrics, default=_plain), "utf-8")  # last: png complete
    return made


def _plain(value: object) -> object:
    """NumPy scalars in metrics become plain numbers in the cached JSON."""
    item = getattr(value, "item", None)
    if callable(item):
        return item()
    raise TypeError(f"metric of type {type(value).__name__} is not JSON-serialisable")


def is_cached(alg: Algorithm, cache_dir: Path | None) -> bool:
    """Whether :func:`figure` would read ``alg``'s figure from ``cache_dir`` (no drawing):
    the plugin says "drawing figure 3/11 …" only for the figures it really draws."""
    if cache_dir is None:
        return False
    stem = cache_dir / f"{alg.name}-{cache_key(alg)}"
    return stem.with_suffix(".png").is_file() and stem.with_suffix(".json").is_file()


class FigureError(Exception):
    """Drawing the figure of one algorithm failed; ``name`` says which."""

    def __init__(self, name: str, cause: BaseException) -> None:
        super().__init__(f"drawing the figure of algorithm '{name}' failed: {cause!r}")
        self.name = name


Drawn = Callable[[int, int, str], None]
"""Told ``(done, total, name)`` as each figure that had to be drawn is finished."""


def draw_all(
    algorithms: Mapping[str, Algorithm],
    cache_dir: Path | None,
    workers: int = 1,
    drawn: Drawn | None = None,
) -> dict[str, Figure]:
    """Every algorithm's figure, the uncached ones drawn on up to ``workers`` processes.

    A fresh clone has no figure cache, and drawing is most of its first build (tens of
    seconds of CPU on one core for the shipped algorithms), so the figures are independent
    jobs shared by the cores. The workers are spawned, not forked: ``mkdocs serve`` runs
    server threads, and a fork taken while another thread holds a lock can hang. A worker is
    given the algorithm's name and finds it in the registry itself, as an Algorithm object
    need not pickle. Results are the same as drawing in order, since every run is seeded.
    """
    todo = [name for name, alg in algorithms.items() if not is_cached(alg, cache_dir)]
    made = {name: figure(alg, cache_dir) for name, alg in algorithms.items() if name not in todo}
    if workers <= 1 or len(todo) <= 1:
        for done, name in enumerate(todo, 1):
            made[name] = _guarded(name, algorithms[name], cache_dir)
            if drawn is not None:
                drawn(done, len(todo), name)
        return {name: made[name] for name in algorithms}
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(min(workers, len(todo)), mp_context=context) as pool:
        jobs: dict[Future[Figure], str] = {
            pool.submit(_draw_named, name, cache_dir): name for name in todo
        }
        for done, job in enumerate(as_completed(jobs), 1):
            name = jobs[job]
            try:
                made[name] = job.result()
            except Exception as exc:
                raise FigureError(name, exc) from exc
            if drawn is not None:
                drawn(done, len(todo), name)
    return {name: made[name] for name in algorithms}


def _guarded(name: str, alg: Algorithm, cache_dir: Path | None) -> Figure:
    try:
        return figure(alg, cache_dir)
    except Exception as exc:  # an algorithm bug must name the algorithm, not just fail
        raise FigureError(name, exc) from exc


def _draw_named(name: str, cache_dir: Path | None) -> Figure:
    """In a worker process: draw (and cache) the figure of the registered algorithm ``name``."""
    from neurokb.algorithms.base import registry

    return figure(registry()[name], cache_dir)
