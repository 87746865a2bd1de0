"""Memoising derived views (graph, search index, author index) on the KnowledgeBase itself.

A derived view is a pure function of one immutable :class:`~neurokb.core.kb.KnowledgeBase`, so it is
computed once and stored *on that instance*, exactly as :func:`functools.cached_property` does
for ``kb.cited_by``. The cache therefore dies with the KB: a rebuilt KB (``mkdocs serve`` after
an edit, a test's fresh fixture) starts empty and can never see stale state. The alternatives
are worse: ``functools.cache`` keyed on ``id(kb)`` returns a dead KB's graph when CPython reuses
the id, and a ``WeakKeyDictionary`` needs a hashable KB, which a dataclass of dicts is not.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from neurokb.core.kb import KnowledgeBase

T = TypeVar("T")


def per_kb(func: Callable[[KnowledgeBase], T]) -> Callable[[KnowledgeBase], T]:
    """Decorate ``func(kb)`` so that it runs once per KnowledgeBase instance.

    Callers share the returned value, so it must be treated as read-only (copy a graph before
    changing it).
    """
    slot = f"_memo:{func.__module__}.{func.__qualname__}"

    @functools.wraps(func)
    def wrapper(kb: KnowledgeBase) -> T:
        store = vars(kb)  # the frozen dataclass forbids setattr, not its __dict__
        if slot not in store:
            store[slot] = func(kb)
        return store[slot]

    return wrapper


def per_kb_and(func: Callable[..., T]) -> Callable[..., T]:
    """:func:`per_kb` for ``func(kb, *args)`` whose further, hashable, arguments are data a view
    is given (the algorithm catalogue): one value per KB and arguments."""
    slot = f"_memo:{func.__module__}.{func.__qualname__}"

    @functools.wraps(func)
    def wrapper(kb: KnowledgeBase, *args: Any) -> T:
        store = vars(kb).setdefault(slot, {})
        if args not in store:
            store[args] = func(kb, *args)
        return store[args]  # type: ignore[no-any-return]

    return wrapper
