"""A forked helper process that does MkDocs' per-page work from the last page backwards.

MkDocs converts every page, then renders every page's template, one page after another in
one process: on a 2-core machine half the CPU sits idle through most of a cold build. The
build cache (:mod:`neurokb.site.buildcache`) already lets a page skip its conversion or its
template when a value for the same inputs is stored. A :class:`Helper` fills it from a
second process: forked when the loop starts (so it has the same pages, nav and plugins in
memory), it works through the pages from the end, and sends the values it made back through
a pipe. The parent runs MkDocs' loop as before, from the start; when it reaches a page the
helper has taken, it waits for that page's values and finds them in the cache. The two meet
in the middle. The parent claims a page in its first plugin event for the page
(``on_pre_page`` in the first loop, ``on_page_context`` in the second), so the claim does not
depend on how the page is then converted.

A helper is worth its fork only when there is work to share: it is not forked for fewer than
:data:`MIN_PAGES` pages, and it stops after :data:`WARM_STREAK` pages in a row that stored
nothing (a warm build, where the parent finds every value itself just as fast).

Who takes a page is one byte per page in shared memory. A page both take at the same moment
is done twice, with the same result; a page the helper took but could not finish (a warning,
an error, a crash) simply finds nothing in the cache and is done by the parent, which then
logs what it logs. So the output is the one-process output by construction: the helper only
ever adds cache values, each under the hash of all its inputs.

Forking is only safe in a process without other threads (see :mod:`neurokb.load.parallel`),
so the plugin asks for a helper in ``mkdocs build`` only, never in ``mkdocs serve`` (whose
server and watcher are threads); with one core, or threads, or not on Linux, nothing is forked
and the build runs as before.
"""

from __future__ import annotations

import gc
import logging
import mmap
import os
import pickle
import select
import sys
from collections.abc import Callable, Sequence
from typing import Any

from neurokb.load.parallel import can_fork, cpu_workers, other_threads
from neurokb.site.buildcache import BuildCache

_FREE, _PARENT, _HELPER = 0, 1, 2
MIN_PAGES = (
    100  # ~1 s of conversions (~10 ms each): fewer save less than a fork and its copies cost
)
WARM_STREAK = 20  # pages in a row that stored nothing: the cache has them, the helper stops


class Helper:
    """One helper process for the pages ``pages``; ``work(page)`` is what the parent would
    do to each (its results must reach the cache, the only thing sent back)."""

    def __init__(self, cache: BuildCache, pages: Sequence[Any], work: Callable[[Any], None]):
        self.cache = cache
        self.index = {id(page): i for i, page in enumerate(pages)}
        self.pid = 0
        self.owner = os.getpid()
        self._receive: int | None = None
        self._buffer = bytearray()
        self._delivered: set[int] = set()
        self._flags: mmap.mmap | None = None
        if len(pages) < MIN_PAGES or cpu_workers() < 2 or not can_fork() or other_threads():
            return
        if cache.path is None:  # no cache: nothing could carry the results back
            return
        self._flags = mmap.mmap(-1, len(pages))
        freeze()
        receive, send = os.pipe()
        _enlarge(send)
        for stream in (sys.stdout, sys.stderr):  # or the child flushes the parent's output
            stream.flush()
        try:
            pid = os.fork()
        except OSError:  # cannot fork (process limit, memory): the parent does every page
            os.close(receive)
            os.close(send)
            self._flags = None
            return
        if pid == 0:  # the helper: never returns
            os.close(receive)
            _serve(cache, pages, work, self._flags, send)
        os.close(send)
        self.pid = pid
        self._receive = receive

    def claim(self, page: Any) -> None:
        """Called by the parent before it does ``page``: takes it, or waits for the helper's
        values of it (or for the helper to end) when the helper took it first."""
        i = self.index.get(id(page))
        if self._flags is None or i is None or os.getpid() != self.owner:  # not in the helper
            return
        if self._flags[i] == _FREE:
            self._flags[i] = _PARENT
        self._pump(wait=False)  # keep the helper's pipe from filling up
        if self._flags[i] == _HELPER:
            while i not in self._delivered and self._pump(wait=True):
                pass

    def close(self) -> None:
        """Stop the helper (it may still be working towards the parent) and reap it."""
        if os.getpid() != self.owner:
            return
        if self._flags is not None:
            self._flags[:] = bytes([_PARENT]) * len(self._flags)  # nothing more to take
        while self._pump(wait=True):  # to its end: the helper must never block on a full pipe
            pass
        if self.pid:
            os.waitpid(self.pid, 0)
            self.pid = 0
        if self._flags is not None:
            self._flags.close()
            self._flags = None

    def _pump(self, *, wait: bool) -> bool:
        """Read what the helper has sent (waiting for more with ``wait``) and put each whole
        message's values in the cache; False once the pipe has ended."""
        if self._receive is None:
            return False
        if not wait and not select.select([self._receive], [], [], 0)[0]:
            return True
        chunk = os.read(self._receive, 1 << 20)
        if not chunk:  # the helper ended (a message it died in the middle of is dropped)
            os.close(self._receive)
            self._receive = None
            return False
        self._buffer += chunk
        while len(self._buffer) >= 8:
            size = int.from_bytes(self._buffer[:8], "little")
            if len(self._buffer) < 8 + size:
                break
            index, made = pickle.loads(self._buffer[8 : 8 + size])
            del self._buffer[: 8 + size]
            self.cache.merge(made)
            self._delivered.add(index)
        return True


def _serve(
    cache: BuildCache, pages: Sequence[Any], work: Callable[[Any], None], flags: Any, send: int
) -> None:
    """The helper's whole life: take free pages from the end, send each one's new cache
    values, and stop where the parent is. Its log is silent: the parent logs every page that
    warns, since such a page stores nothing and the parent does it again."""
    code = 0
    try:
        _silence()
        cache.reopen()
        cache.record()
        idle = 0
        with os.fdopen(send, "wb") as out:
            for i in range(len(pages) - 1, -1, -1):
                if flags[i] != _FREE:
                    break
                flags[i] = _HELPER
                values: dict[str, str] = {}
                try:
                    work(pages[i])
                except Exception:  # the parent does this page again and reports the error
                    pass
                else:
                    values, _ = cache.made()  # the parent reads every key it needs itself
                idle = 0 if values else idle + 1
                data = pickle.dumps((i, (values, [])), protocol=pickle.HIGHEST_PROTOCOL)
                out.write(len(data).to_bytes(8, "little") + data)
                out.flush()
                if idle >= WARM_STREAK:
                    break
    except BaseException:  # a closed pipe (the parent stopped), Ctrl-C: just end
        code = 1
    finally:
        os._exit(code)


def _silence() -> None:
    """No log output from the helper (the parent's own log stays as it is)."""
    for name in ("", "mkdocs"):
        logger = logging.getLogger(name)
        for handler in logger.handlers:
            handler.setLevel(logging.CRITICAL + 1)
    logging.getLogger("mkdocs").propagate = False
    logging.lastResort = None


def _enlarge(pipe: int) -> None:
    """A pipe big enough that the helper seldom waits for the parent to read (1 MiB)."""
    try:
        import fcntl

        fcntl.fcntl(pipe, fcntl.F_SETPIPE_SZ, 1 << 20)
    except (ImportError, AttributeError, OSError):  # a smaller pipe only makes it wait more
        pass


def freeze() -> None:
    """Move every object alive now out of the cycle collector's sight (:func:`gc.freeze`),
    just before a fork of a one-shot build.

    A forked process shares the parent's memory until one of them writes to it, and a full
    collection writes to the header of every object it walks: after a fork, each full pass in
    either process copies the memory of the whole KB and of every page made so far (and walks
    them again: at 10,000 papers the parent's full passes took several seconds). Frozen
    objects are never walked. Nothing made before the fork is garbage before the build ends,
    the end of the process: a long-lived one (``mkdocs serve``, which never forks) must not
    freeze, as a cycle frozen would never be freed.
    """
    gc.freeze()


def _nothing(page: Any) -> None:
    """The work of a helper that is never forked."""


def converting(cache: BuildCache, pages: Sequence[Any], config: Any, files: Any) -> Helper:
    """A helper that converts pages as MkDocs' first loop does (``_populate_page``: the
    plugins' page events and Python-Markdown); :class:`~neurokb.site.pagecache.CachedPage`
    stores each conversion, and the parent claims each page in its ``on_pre_page``."""
    try:  # MkDocs' own page step (private: a MkDocs without it builds on one core)
        from mkdocs.commands.build import _populate_page
    except ImportError:
        return Helper(cache, [], _nothing)
    return Helper(cache, pages, lambda page: _populate_page(page, config, files))


def rendering(cache: BuildCache, pages: Sequence[Any], config: Any, nav: Any, files: Any) -> Helper:
    """A helper that does MkDocs' second loop up to the template (``_build_page``: the
    context and the plugins' ``on_page_context``, where the search records and the page's
    output are made and stored, see :class:`~neurokb.site.pagecache.PageOutputs`); the
    parent claims each page in its own ``on_page_context`` and writes every file itself."""
    try:
        from mkdocs.commands.build import get_context
        from mkdocs.structure.files import InclusionLevel
    except ImportError:  # as in :func:`converting`
        return Helper(cache, [], _nothing)

    doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)

    def work(page: Any) -> None:
        config._current_page = page
        page.active = True
        try:
            context = get_context(nav, doc_files, config, page)
            config.plugins.on_page_context(context, page=page, config=config, nav=nav)
        finally:
            page.active = False
            config._current_page = None

    return Helper(cache, pages, work)
