"""PageRank by power iteration in NumPy: which papers the KB's citations point at most.

NetworkX's own ``pagerank`` needs SciPy, which neurokb does not otherwise depend on; the method
is a dozen lines (Page, Brin, Motwani & Winograd 1999, "The PageRank citation ranking").
A random reader follows a citation with probability ``alpha`` and otherwise jumps to a random
paper; a paper that cites nothing in the KB sends its reader to a random paper. The stationary
distribution of that walk is the rank; it sums to 1. Tests compare it with the principal
eigenvector of the dense Google matrix.
"""

from __future__ import annotations

import itertools
from collections.abc import Hashable, Iterable, Sequence
from typing import TypeVar

import numpy as np

H = TypeVar("H", bound=Hashable)


def pagerank(
    nodes: Sequence[H],
    edges: Iterable[tuple[H, H]],
    alpha: float = 0.85,
    tol: float = 1e-12,
    max_iter: int = 500,
) -> dict[H, float]:
    """Stationary rank of each node for directed ``edges`` (source passes rank to target).

    Repeated edges count once; edges touching unknown nodes are ignored.
    """
    n = len(nodes)
    if n == 0:
        return {}
    index = {node: i for i, node in enumerate(nodes)}
    pairs = {(index[u], index[v]) for u, v in edges if u in index and v in index}
    return dict(zip(nodes, ranks(n, pairs, alpha, tol, max_iter).tolist(), strict=True))


def ranks(
    n: int,
    pairs: set[tuple[int, int]],
    alpha: float = 0.85,
    tol: float = 1e-12,
    max_iter: int = 500,
) -> np.ndarray:
    """:func:`pagerank` of nodes ``0 .. n-1`` and the edges ``pairs`` (a set: the sums are
    taken in its order, so equal sets built in the same order give equal floats)."""
    assert 0 < alpha < 1, f"alpha must be in (0, 1), got {alpha}"
    flat = np.fromiter(itertools.chain.from_iterable(pairs), dtype=np.int64, count=2 * len(pairs))
    src, dst = flat[0::2].copy(), flat[1::2].copy()  # (E,) each, in the set's order
    out_degree = np.bincount(src, minlength=n).astype(float)  # (N,)
    dangling = out_degree == 0
    safe_degree = np.where(dangling, 1.0, out_degree)
    rank = np.full(n, 1.0 / n)  # (N,)
    for _ in range(max_iter):
        flow = np.bincount(dst, weights=(rank / safe_degree)[src], minlength=n)
        new = alpha * (flow + rank[dangling].sum() / n) + (1 - alpha) / n
        done = np.abs(new - rank).sum() < tol * n
        rank = new
        if done:
            break
    rank /= rank.sum()
    return rank
