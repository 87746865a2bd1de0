"""CPU time of the citeproc work in a cold site build (issue 19, "a 10k build in 2 minutes").

Formats every paper of a library the way the site's generated pages do, with no build cache:
the reference on each paper page (``references([paper], style, "text")``) and the in-text
labels of the citations in each paper's summary, abstract and notes and in each topic's
summary (``cited_labels``). Identical label requests are made once, as the build cache
would within one cold build. Only the citeproc calls are timed (process CPU time), not
loading the library.

    python benchmarks/citeproc_site.py --library /work/scratch/me/kb10k
    python benchmarks/citeproc_site.py --library DIR --styles apa,ieee --limit 1000
    python benchmarks/citeproc_site.py --library DIR --profile out.prof
    python benchmarks/citeproc_site.py --library DIR --slow   # as before the speed-ups
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import time
from pathlib import Path

from neurokb.cite.render import slow_path
from neurokb.cite.styles import SHIPPED
from neurokb.core.kb import KnowledgeBase
from neurokb.core.textcites import cited_keys
from neurokb.load.loader import load_kb
from neurokb.site.citations import cited_labels, references


def work(kb: KnowledgeBase, style: str, limit: int | None) -> tuple[int, int]:
    """Format what a cold build formats in ``style``; returns (references, label runs)."""
    papers = list(kb.papers.values())[:limit]
    texts = [t for p in papers for t in (p.summary, p.abstract, p.notes) if t]
    texts += [t.summary for t in kb.topics.values() if t.summary]
    asked: set[tuple[str, ...]] = set()
    for paper in papers:
        references([paper], style, "text")
    for text in texts:
        keys = tuple(dict.fromkeys(k for _, k in cited_keys(text) if k in kb.papers))
        if keys not in asked:
            asked.add(keys)
            cited_labels([kb.papers[k] for k in keys], style)
    return len(papers), len(asked)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--library", type=Path, required=True, help="folder holding entries/")
    parser.add_argument(
        "--styles", default="apa", help=f"comma list or 'all' ({', '.join(SHIPPED)})"
    )
    parser.add_argument("--limit", type=int, default=None, help="only the first N papers")
    parser.add_argument("--profile", type=Path, default=None, help="write a cProfile here")
    parser.add_argument(
        "--slow", action="store_true", help="every run as before the speed-ups (slow_path)"
    )
    args = parser.parse_args()
    styles = list(SHIPPED) if args.styles == "all" else args.styles.split(",")
    kb = load_kb(args.library)
    # CPU time, not wall: the machine is shared, and waiting for a core is not our cost
    profiler = cProfile.Profile(time.process_time) if args.profile else None
    total = 0.0
    for style in styles:
        start = time.process_time()
        if profiler:
            profiler.enable()
        with slow_path() if args.slow else contextlib.nullcontext():
            refs, runs = work(kb, style, args.limit)
        if profiler:
            profiler.disable()
        spent = time.process_time() - start
        total += spent
        print(f"{style}: {refs} references, {runs} label runs: {spent:.2f} s CPU")
    print(f"total: {total:.2f} s CPU")
    if profiler and args.profile:
        profiler.dump_stats(str(args.profile))


if __name__ == "__main__":
    main()
