"""The search's field weights, apart from the engine: the index's table layout needs them
(one FTS column per field, in this order), and every warm query opens the index, while only
searches need the engine (:mod:`neurokb.search.engine`, ~9 ms to import)."""

from __future__ import annotations

# Field weights: a word in the title says more about a paper than one in its summary.
BOOSTS: dict[str, float] = {
    "title": 3.0,
    "key": 3.0,
    "authors": 2.0,
    "topics": 1.5,
    "venue": 1.0,
    "summary": 1.0,
    "abstract": 1.0,
}
