"""The loader's process-level helpers (the rule codes are in test_loader_codes.py)."""

from __future__ import annotations

import gc
from pathlib import Path

from kbfixtures import mini_kb

from neurokb.load.loader import gc_paused, load_kb


def test_gc_paused_turns_the_collector_off_and_back_on() -> None:
    # Other tests may have run `validate`, which freezes; a frozen object of theirs may be
    # freed meanwhile (the count falls), but a pause without freeze=True never adds to it.
    frozen = gc.get_freeze_count()
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():  # nested: the inner block must not switch it back on early
            pass
        assert not gc.isenabled()
    assert gc.isenabled()
    assert gc.get_freeze_count() <= frozen


def test_gc_paused_can_freeze_what_the_block_made() -> None:
    frozen = gc.get_freeze_count()
    with gc_paused(freeze=True):
        kept = [[index] for index in range(100)]
    assert gc.isenabled()
    assert gc.get_freeze_count() >= frozen + len(kept)


def test_load_kb_leaves_the_collector_as_it_found_it(tmp_path: Path) -> None:
    root = mini_kb(tmp_path)
    assert load_kb(root).papers and gc.isenabled()
    gc.disable()
    try:
        load_kb(root)
        assert not gc.isenabled()
    finally:
        gc.enable()
