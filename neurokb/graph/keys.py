"""The typed vocabulary of the concept graph: node kinds, node keys and edge kinds.

Paper keys, topic ids, author ids and venue ids come from different namespaces and may collide
("hopfield" could be an algorithm and, one day, a topic), so a node is never a bare string: it
is a :class:`NodeKey` pairing a :class:`NodeKind` with an id. ``str(key)`` ("paper:hopfield1982neural")
exists only for display and export; code builds keys with the constructor, never by joining
strings, and reads text back with :meth:`NodeKey.parse`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from neurokb.core.errors import NeuroKBError


class NodeKind(StrEnum):
    PAPER = "paper"
    TOPIC = "topic"
    AUTHOR = "author"
    VENUE = "venue"
    ALGORITHM = "algorithm"


class EdgeKind(StrEnum):
    """Edge kinds, each with a fixed direction (source -> target)."""

    CITES = "cites"  # paper -> paper it cites
    ABOUT = "about"  # paper -> topic
    SUBTOPIC_OF = "subtopic-of"  # topic -> parent topic
    RELATED = "related"  # topic -> topic it lists as related
    AUTHORED_BY = "authored-by"  # paper -> author
    PUBLISHED_IN = "published-in"  # paper -> venue
    IMPLEMENTS = "implements"  # algorithm -> paper


@dataclass(frozen=True, order=True, slots=True)
class NodeKey:
    """One node of the graph: its kind and its id within that kind.

    NetworkX hashes and compares node keys several times per edge it adds, so the hash is
    computed once and equality short-cuts on it: this halves the time to build a graph of
    100k papers. The cached hash is never pickled (string hashes differ between processes).
    """

    kind: NodeKind
    id: str
    _hash: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_hash", hash((self.kind, self.id)))

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        if other.__class__ is not NodeKey:
            return NotImplemented
        return self._hash == other._hash and self.id == other.id and self.kind == other.kind  # type: ignore[attr-defined]

    def __reduce__(self) -> tuple[Any, ...]:
        return (NodeKey, (self.kind, self.id))

    def __str__(self) -> str:
        return f"{self.kind.value}:{self.id}"

    @classmethod
    def parse(cls, text: str) -> NodeKey:
        """``"paper:hopfield1982neural"`` -> ``NodeKey(NodeKind.PAPER, "hopfield1982neural")``."""
        kind, sep, ident = text.partition(":")
        if not sep or not ident:
            raise NeuroKBError(
                f"'{text}' is not a node key",
                f"write KIND:ID, where KIND is one of {', '.join(NodeKind)}",
            )
        try:
            return cls(NodeKind(kind), ident)
        except ValueError:
            raise NeuroKBError(
                f"unknown node kind '{kind}' in '{text}'",
                f"use one of {', '.join(NodeKind)}",
            ) from None

    @classmethod
    def paper(cls, key: str) -> NodeKey:
        return cls(NodeKind.PAPER, key)

    @classmethod
    def topic(cls, topic_id: str) -> NodeKey:
        return cls(NodeKind.TOPIC, topic_id)


@dataclass(frozen=True)
class AlgorithmNode:
    """What the graph needs of a reference implementation: its name, title and papers."""

    name: str
    title: str
    papers: tuple[str, ...] = ()


Algorithms = tuple[AlgorithmNode, ...]
"""The algorithm catalogue a graph is built with: data the caller passes in (the faces take
it from :func:`neurokb.algorithms.base.registry`), so the graph never imports the algorithms
and a test can give any catalogue."""


def algorithm_nodes(registry: Mapping[str, Any]) -> Algorithms:
    """The catalogue of a registry of :class:`~neurokb.algorithms.base.Algorithm` objects."""
    return tuple(
        AlgorithmNode(name, str(alg.title), tuple(alg.papers))
        for name, alg in sorted(registry.items())
    )
