"""The citation keys a manuscript uses: LaTeX ``.aux``/``.tex`` files and pandoc Markdown.

``neurokb export --cited-in paper.aux`` writes exactly the entries a manuscript cites, as
``bibexport`` does for BibTeX. Keys are read in order of first use:

- ``.aux``: ``\\citation{a,b}`` (BibTeX, natbib) and ``\\abx@aux@cite{0}{a}`` (biblatex);
- ``.tex``: every ``\\...cite...{a,b}`` command with optional ``[..]`` arguments
  (``\\cite``, ``\\citep``, ``\\parencite``, ``\\autocite*``, ``\\textcite``, ``\\nocite`` ...),
  comments skipped;
- ``.md`` (and ``.markdown``, ``.qmd``, ``.rmd``): pandoc citations ``@key``, ``[@key, p. 4]``,
  ``-@key``, ``@{key}``, code spans and blocks skipped, e-mail addresses not taken for keys.

``\\nocite{*}`` and ``@*`` mean "everything" and are reported as such, not as a key.
"""

from __future__ import annotations

import re
from pathlib import Path

from neurokb.core.errors import NeuroKBError

_AUX = re.compile(r"\\citation\{([^}]*)\}|\\abx@aux@cite\{[^}]*\}\{([^}]*)\}")
_TEX_COMMENT = re.compile(r"(?<!\\)%.*")
_TEX_CITE = re.compile(  # \parencites{a}[p. 3]{b} first, then \citep[..][..]{a,b}
    r"\\[A-Za-z]*cites\s*((?:(?:\[[^\]]*\]\s*){0,2}\{[^}]*\}\s*)+)"
    r"|\\[A-Za-z]*cite[A-Za-z]*\*?\s*(?:\[[^\]]*\]\s*){0,2}\{([^}]*)\}"
)
_CITES_GROUP = re.compile(r"\{([^}]*)\}")
_MD_CODE = re.compile(r"```.*?```|~~~.*?~~~|`[^`\n]*`", re.S)
# pandoc: '@' not preceded by a word character (so jane@example.org is no citation), then a
# key of letters, digits and internal punctuation :.#$%&-+?<>~/ , or any text in braces.
_MD_CITE = re.compile(r"(?<![\w@])-?@(?:\{([^}]+)\}|(\w(?:[\w:.#$%&+?<>~/-]*\w)?))")
MARKDOWN_SUFFIXES = {".md", ".markdown", ".qmd", ".rmd", ".txt"}


def cited_keys(path: Path) -> list[str]:
    """The keys ``path`` cites, in order of first citation, each once."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise NeuroKBError(f"cannot read {path}: {exc.strerror or exc}",
                           "give the path of a .aux, .tex or .md file") from None  # fmt: skip
    suffix = path.suffix.lower()
    if suffix == ".aux":
        keys = [k for m in _AUX.finditer(text) for k in (m.group(1) or m.group(2)).split(",")]
    elif suffix in {".tex", ".ltx", ".latex"}:
        keys = _tex_keys(_TEX_COMMENT.sub("", text))
    elif suffix in MARKDOWN_SUFFIXES:
        keys = _markdown_keys(text)
    else:
        raise NeuroKBError(
            f"{path}: cannot tell which keys a '{suffix or 'suffix-less'}' file cites",
            "give a LaTeX .aux or .tex file, or a pandoc Markdown .md file",
        )
    return list(dict.fromkeys(key.strip() for key in keys if key.strip()))


def _tex_keys(text: str) -> list[str]:
    keys: list[str] = []
    for match in _TEX_CITE.finditer(text):
        if match.group(2) is not None:
            keys += match.group(2).split(",")
        else:  # \parencites{a}{b}[p. 3]{c}
            keys += [k for group in _CITES_GROUP.findall(match.group(1)) for k in group.split(",")]
    return keys


def _markdown_keys(text: str) -> list[str]:
    text = _MD_CODE.sub("", text)
    return [m.group(1) or m.group(2) for m in _MD_CITE.finditer(text)]


def is_everything(key: str) -> bool:
    """``\\nocite{*}`` / ``@*``: cite every entry of the bibliography."""
    return key == "*"
