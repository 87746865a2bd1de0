"""Algorithm figures for the site: run each algorithm once, draw it, cache the PNG on disk.

Some reference implementations take seconds to run, which would make every ``mkdocs serve``
rebuild slow. A figure depends only on code (runs are seeded): the algorithm's module, every
module it imports from (``algorithms/base.py``, helpers), and NumPy and matplotlib. Hashing
the module's own source missed edits to what it imports, so the key is the fingerprint of the
whole package tree (:mod:`neurokb.fingerprint`) with the NumPy and matplotlib versions, the
algorithm name, seed and resolution: any code edit or upgrade draws the figures again. The cache folder is git-ignored
and safe to delete. This is the one place in :mod:`neurokb.site` that touches files.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
from dataclasses import dataclass
from pathlib import Path

from neurokb.algorithms.base import Algorithm, Metric
from neurokb.fingerprint import FIGURE_LIBRARIES, PACKAGE, fingerprint

SEED = 0
DPI = 110


@dataclass(frozen=True)
class Figure:
    """A rendered figure and the metrics of the run it shows."""

    png: bytes
    metrics: dict[str, Metric]
    cached: bool = False


def cache_key(alg: Algorithm, package: Path = PACKAGE) -> str:
    """The key of ``alg``'s figure as drawn by the package tree at ``package``."""
    digest = hashlib.sha256()
    code = fingerprint(FIGURE_LIBRARIES, package)
    for part in (alg.name, code, str(SEED), str(DPI)):
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
