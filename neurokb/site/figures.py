"""Algorithm figures for the site: run each algorithm once, draw it, cache the PNG on disk.

Some reference implementations take seconds to run, which would make every ``mkdocs serve``
rebuild slow. A figure depends only on the algorithm's code (runs are seeded), so it is cached
under a key made of the module's source text, the algorithm name and the matplotlib version;
editing the module, or upgrading matplotlib, draws it again. The cache folder is git-ignored
and safe to delete. This is the one place in :mod:`neurokb.site` that touches files.
"""

from __future__ import annotations

import contextlib
import hashlib
import inspect
import io
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import matplotlib

from neurokb.algorithms.base import Algorithm, Metric

SEED = 0
DPI = 110


@dataclass(frozen=True)
class Figure:
    """A rendered figure and the metrics of the run it shows."""

    png: bytes
    metrics: dict[str, Metric]
    cached: bool = False


def module_source(alg: Algorithm) -> str:
    """The full source text of the module that implements ``alg``."""
    return inspect.getsource(sys.modules[alg.module])


def cache_key(alg: Algorithm) -> str:
    digest = hashlib.sha256()
    for part in (alg.name, module_source(alg), matplotlib.__version__, str(SEED), str(DPI)):
        digest.update(part.encode())
        digest.update(b"\0")
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
