"""Stored text, compressed: what keeps the index within twice the size of the YAML.

An entry's JSON (about 1.4 kB) is stored as a Zstandard frame, a third of its size or less.
One row is too short for a compressor to learn much from, so both sides share a dictionary
(``entries.zdict`` beside this module) trained on the stored JSON of the shipped entries: the
field names, empty values and common words every entry repeats. The frames carry no magic
number, checksum or dictionary id (SQLite checks nothing either, and the index is rebuilt from
the YAML when in doubt): 9 bytes a row less.

Why Zstandard and not the standard library's zlib: with a dictionary, zlib's deflate took about
26 µs an entry, because most of its cost is fixed per stream (priming the dictionary, building
a block for 1.4 kB); a first index build at 100k spent 3 s of CPU in it. A reused Zstandard
context with a digested dictionary packs an entry in about 5 µs and unpacks it in 2 µs, to
four fifths of deflate's size (41.6 MB against 52.0 MB for the 100k synthetic library).

The dictionary is part of the format: changing it changes the code fingerprint, so an index
packed with another dictionary is rebuilt, never misread (:func:`neurokb.cache.db.connect`).
Retrain it (rarely: it only needs the shape of entries) with
``python -m neurokb.cache.packing train``. This module imports nothing heavy: the fast read
paths unpack entries without the models, and ``zstandard`` is imported on first use.
"""

from __future__ import annotations

import threading
from functools import cache
from pathlib import Path
from typing import Any

DICTIONARY = Path(__file__).with_name("entries.zdict")
"""The shared dictionary (trained by :func:`train`; package data)."""

DICTIONARY_SIZE = 32 * 1024
"""Large enough for every field name and the common words; the sizes 16, 32 and 64 KiB packed
the 100k library to 43.5, 42.1 and 41.2 MB."""

_LEVEL = 3
"""Zstandard's default level: levels 1, 2 and 4 made larger rows here, and 5 or more are
slower for the same size."""

_OPENINGS = ('{"key":', '{"id":')  # a paper's and a topic's first field: the file's key

_local = threading.local()  # a compression context serves one thread at a time


def pack(text: str, key: str = "") -> bytes:
    """``text`` as a Zstandard frame made with :data:`DICTIONARY`.

    An entry's JSON opens with its key, which its file's name already gives: stored without it
    (``{"key":,...``, which no JSON writer makes), :func:`unpack` puts back the key it is given.
    """
    for opening in _OPENINGS:
        if key and text.startswith(f'{opening}"{key}",'):
            text = opening + text[len(opening) + len(key) + 2 :]
            break
    try:
        packer = _local.packer
    except AttributeError:
        packer = _local.packer = _contexts()[0]
    return packer.compress(text.encode())


def unpack(data: bytes | None, name: str = "") -> str | None:
    """The text :func:`pack` was given, for the file ``name`` ("papers/<key>": the key left
    out); None stays None (an invalid file has no entry)."""
    if data is None:
        return None
    try:
        unpacker = _local.unpacker
    except AttributeError:
        unpacker = _local.unpacker = _contexts()[1]
    text = unpacker.decompress(data).decode()
    for opening in _OPENINGS:
        if text.startswith(f"{opening},"):
            return f'{opening}"{name.partition("/")[2]}"{text[len(opening) :]}'
    return text


def _contexts() -> tuple[Any, Any]:
    """A compressor and a decompressor for this thread, sharing the loaded dictionary."""
    import zstandard

    shared = _dictionary()
    params = zstandard.ZstdCompressionParameters.from_level(
        _LEVEL,
        source_size=1500,  # a typical entry: the parameters are chosen for that size
        dict_size=len(shared.as_bytes()),
        format=zstandard.FORMAT_ZSTD1_MAGICLESS,
        write_checksum=0,
        write_dict_id=0,
        write_content_size=1,  # what lets unpack allocate the text in one go
    )
    packer = zstandard.ZstdCompressor(dict_data=shared, compression_params=params)
    unpacker = zstandard.ZstdDecompressor(dict_data=shared, format=zstandard.FORMAT_ZSTD1_MAGICLESS)
    return packer, unpacker


@cache
def _dictionary() -> Any:
    """The loaded dictionary, once per process (threads share it: it is read only)."""
    import zstandard

    return zstandard.ZstdCompressionDict(DICTIONARY.read_bytes())


def train(texts: list[str]) -> bytes:
    """A dictionary of :data:`DICTIONARY_SIZE` bytes trained on ``texts`` (entries' JSON, keys
    left out as :func:`pack` leaves them out). Deterministic for the same texts."""
    import zstandard

    samples = []
    for text in texts:
        for opening in _OPENINGS:
            if text.startswith(opening + '"'):
                end = text.index('",', len(opening)) + 2
                text = opening + text[end:]
                break
        samples.append(text.encode())
    return zstandard.train_dictionary(DICTIONARY_SIZE, samples).as_bytes()


def _main(argv: list[str]) -> int:
    """``python -m neurokb.cache.packing train [KB [OUT]]``: retrain the dictionary from a KB's
    entries (the current folder's by default) and write it to ``OUT`` (by default beside this
    module, where the index reads it)."""
    if not 1 <= len(argv) <= 3 or argv[0] != "train":
        print("usage: python -m neurokb.cache.packing train [KB folder [output file]]")
        return 2
    from neurokb.load.loader import load_kb

    kb = load_kb(Path(argv[1] if len(argv) > 1 else "."))
    entries = [*kb.papers.values(), *kb.topics.values()]
    if len(entries) < 100:
        print(f"only {len(entries)} valid entries: too few to train a dictionary on")
        return 1
    out = Path(argv[2]) if len(argv) > 2 else DICTIONARY
    out.write_bytes(train([entry.model_dump_json() for entry in entries]))
    print(f"wrote {out} from {len(entries)} entries")
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(_main(sys.argv[1:]))
