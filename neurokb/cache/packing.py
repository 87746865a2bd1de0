"""Stored text, compressed: what keeps the index within twice the size of the YAML.

An entry's JSON (about 1.4 kB) is stored deflated (a third of its size). One row is too short for deflate to learn much from, so both sides share a preset
dictionary (:data:`ZDICT`): the field names and empty values every stored entry repeats, and
common words of summaries. A raw stream (no zlib header or checksum) saves six bytes a
row; SQLite already checks nothing and the index is rebuilt from the YAML when in doubt.

The dictionary is part of the format: changing it changes the code fingerprint, so an index
packed with another dictionary is rebuilt, never misread (:func:`neurokb.cache.db.connect`).
This module imports nothing heavy: the fast read paths unpack entries without the models.
"""

from __future__ import annotations

import zlib

ZDICT = (
    b" the brain and of in that to a is for with neural networks learning model the authors"
    b" propose the paper results suggest experiments show network neurons cortex"
    b'"summary":"The authors propose '
    b'{"id":,"name":"","aliases":[],"parents":[],"related":[],"summary":"'
    b'"authors":[{"family":"","given":"","suffix":"","literal":"","orcid":null}],'
    b'"abstract":null,"notes":null,"corrections":[],"equations":[],"added":"20'
    b'"topics":[],"cites":[],"implementations":[],'
    b'"isbn":null,"doi":null,"arxiv":null,"pmid":null,"url":null,"urldate":null,'
    b'"language":null,"keywords":[],'
    b'"type":"article","genre":null,"venue":"","volume":"","issue":"","pages":"",'
    b'"publisher":null,"location":null,"edition":null,"series":null,"editors":[],'
    b'"doi":"10.'
    b'{"key":,"ids":[],"title":"","authors":[{"family":"","given":"","suffix":"",'
    b'"literal":"","orcid":null},{"family":"","given":"","suffix":"","literal":"",'
    b'"orcid":null}],"et_al":false,"year":20,"month":null,"type":"article",'
)
"""Preset dictionary; deflate favours its end, so the commonest strings come last."""

_LEVEL = 6
_WINDOW = -13
"""An 8 KiB window (raw stream): the dictionary and a typical entry (1.4 kB) fit in it, and a packer with
less window to set up packs an entry in about half the time of one with the default 32 KiB,
to the same bytes' length. :func:`unpack`'s 32 KiB window reads any smaller one."""


_OPENINGS = ('{"key":', '{"id":')  # a paper's and a topic's first field: the file's key


def pack(text: str, key: str = "") -> bytes:
    """``text`` as a raw deflate stream primed with :data:`ZDICT`.

    An entry's JSON opens with its key, which its file's name already gives: stored without it
    (``{"key":,...``, which no JSON writer makes), :func:`unpack` puts back the key it is given.
    """
    for opening in _OPENINGS:
        if key and text.startswith(f'{opening}"{key}",'):
            text = opening + text[len(opening) + len(key) + 2 :]
            break
    packer = zlib.compressobj(_LEVEL, zlib.DEFLATED, _WINDOW, 8, zlib.Z_DEFAULT_STRATEGY, ZDICT)
    return packer.compress(text.encode()) + packer.flush()


def unpack(data: bytes | None, name: str = "") -> str | None:
    """The text :func:`pack` was given, for the file ``name`` ("papers/<key>": the key left
    out); None stays None (an invalid file has no entry)."""
    if data is None:
        return None
    unpacker = zlib.decompressobj(-15, zdict=ZDICT)
    text = (unpacker.decompress(data) + unpacker.flush()).decode()
    for opening in _OPENINGS:
        if text.startswith(f"{opening},"):
            return f'{opening}"{name.partition("/")[2]}"{text[len(opening) :]}'
    return text
