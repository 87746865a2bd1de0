"""The typed id of an entry: its kind and key, and everything spelled from them.

An entry is named in several forms: ``papers/zenke2018superspike`` (the index's row, the KB's
source key, the checks' messages), ``entries/papers/zenke2018superspike.yaml`` (its file,
relative to the KB root) and "paper zenke2018superspike" (in prose). Spelling them with
f-strings in each place let the forms drift apart; :class:`EntryId` spells each once, as
:class:`neurokb.graph.keys.NodeKey` does for graph nodes. It imports nothing heavy: the
index's fast read paths use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    """The kinds of entry, valued by their folder under ``entries/``."""

    PAPER = "papers"
    TOPIC = "topics"

    @property
    def noun(self) -> str:
        return self.value[:-1]


@dataclass(frozen=True, slots=True)
class EntryId:
    kind: Kind
    key: str

    @classmethod
    def paper(cls, key: str) -> EntryId:
        return cls(Kind.PAPER, key)

    @classmethod
    def topic(cls, key: str) -> EntryId:
        return cls(Kind.TOPIC, key)

    @classmethod
    def parse(cls, name: str) -> EntryId:
        """The id of a :attr:`name` (``"papers/<key>"``); ValueError for anything else."""
        kind, slash, key = name.partition("/")
        if not slash or not key or kind not in Kind.__members__.values():
            raise ValueError(f"not an entry name: {name!r}")
        return cls(Kind(kind), key)

    @property
    def name(self) -> str:
        """``papers/<key>``: the index's row name and the KB's source key."""
        return f"{self.kind.value}/{self.key}"

    @property
    def file_name(self) -> str:
        return f"{self.key}.yaml"

    @property
    def path(self) -> str:
        """``entries/papers/<key>.yaml``: the file, relative to the KB root (POSIX form)."""
        return f"entries/{self.kind.value}/{self.key}.yaml"

    @property
    def display(self) -> str:
        """``paper <key>``: how prose names the entry."""
        return f"{self.kind.noun} {self.key}"

    def __str__(self) -> str:
        return self.name
