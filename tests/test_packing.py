"""The index's stored entries: Zstandard frames with a dictionary trained on the shipped KB."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest

from neurokb.cache import packing
from neurokb.load.loader import load_kb

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def shipped_texts() -> list[tuple[str, str]]:
    kb = load_kb(REPO)
    papers = [(f"papers/{p.key}", p.model_dump_json()) for p in kb.papers.values()]
    topics = [(f"topics/{t.id}", t.model_dump_json()) for t in kb.topics.values()]
    assert len(papers) > 200 and len(topics) > 20
    return papers + topics


def test_every_shipped_entry_comes_back_unchanged_and_small(shipped_texts) -> None:
    packed_total = text_total = 0
    for name, text in shipped_texts:
        packed = packing.pack(text, name.partition("/")[2])
        assert packing.unpack(packed, name) == text
        packed_total += len(packed)
        text_total += len(text.encode())
    # deflate with the old hand-made dictionary packed them to 0.39 of their size
    assert packed_total / text_total < 0.34


def test_frames_carry_no_magic_number_checksum_or_dictionary_id() -> None:
    import zstandard

    text = '{"key":"k","title":"A title, as short entries have"}'
    packed = packing.pack(text, "k")
    assert not packed.startswith(b"\x28\xb5\x2f\xfd")  # Zstandard's magic number
    shared = zstandard.ZstdCompressionDict(packing.DICTIONARY.read_bytes())
    standard = zstandard.ZstdCompressor(
        level=3, dict_data=shared, write_checksum=True, write_dict_id=True
    ).compress(b'{"key":,"title":"A title, as short entries have"}')
    assert len(packed) <= len(standard) - 9


def test_unicode_and_odd_text_round_trip() -> None:
    for text in ["", "{}", '{"id":"x","name":"Ünïcödé ✓ 𝔼 — \\u0000"}', "a" * 100_000]:
        assert packing.unpack(packing.pack(text), "topics/x") == text
    assert packing.unpack(None) is None


def test_threads_each_use_their_own_context(shipped_texts) -> None:
    """A Zstandard context serves one thread at a time; each thread gets its own."""
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for name, text in shipped_texts[:150]:
                key = name.partition("/")[2]
                assert packing.unpack(packing.pack(text, key), name) == text
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


def test_training_is_deterministic_and_sized(shipped_texts) -> None:
    texts = [text for _, text in shipped_texts]
    first = packing.train(texts)
    assert first == packing.train(texts)
    assert len(first) == packing.DICTIONARY_SIZE
    assert len(packing.DICTIONARY.read_bytes()) == packing.DICTIONARY_SIZE


def test_the_train_command_writes_where_it_is_told(tmp_path: Path) -> None:
    out = tmp_path / "entries.zdict"
    done = subprocess.run(
        [sys.executable, "-m", "neurokb.cache.packing", "train", str(REPO), str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert out.stat().st_size == packing.DICTIONARY_SIZE
    usage = subprocess.run(
        [sys.executable, "-m", "neurokb.cache.packing", "nonsense"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert usage.returncode == 2 and "usage" in usage.stdout


def test_the_dictionary_is_package_data_and_in_the_fingerprint() -> None:
    from neurokb.core.fingerprint import INDEX_LIBRARIES, package_files

    assert packing.DICTIONARY in package_files()
    assert "zstandard" in INDEX_LIBRARIES
    pyproject = (REPO / "pyproject.toml").read_text()
    assert '"cache/*.zdict"' in pyproject
