"""Make the site search find papers: rank paper pages first, show math as text, jump to a key.

Material's search ranks a hand-written page whose heading says "Hopfield" above the Hopfield
paper itself, whose title does not, and its snippets show the TeX source of equations. This
module rewrites the index that Material writes (after it is written, so Material's own code
is untouched):

- each paper page's record gets the short label ("Hopfield 1982") after its title, its key
  as a tag (Material weighs tags highest and shows them as a chip), and a boost, so a search
  by first author, key or title words finds the paper before pages that mention it;
- math in titles and snippets becomes plain text (``\\Delta w_{ij}`` -> ``Δ w_ij``).

:func:`key_script` writes the table that ``search-keys.js`` reads to open a paper straight
away when its exact key or DOI is typed into the search box.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from neurokb.core.kb import KnowledgeBase
from neurokb.site import urls
from neurokb.site.topic_map import data_script

PAPER_BOOST = 2.0  # a paper page's records weigh this many times a hand-written page's
KEYS = f"{urls.ASSETS}/neurokb/paper-keys.js"  # key/DOI -> page URL, for search-keys.js

_GREEK = [
    "alpha",
    "beta",
    "gamma",
    "delta",
    "epsilon",
    "zeta",
    "eta",
    "theta",
    "iota",
    "kappa",
    "lambda",
    "mu",
    "nu",
    "xi",
    "pi",
    "rho",
    "sigma",
    "tau",
    "upsilon",
    "phi",
    "chi",
    "psi",
    "omega",
]
_SYMBOLS = {
    **{name: chr(0x3B1 + i + (i >= 17)) for i, name in enumerate(_GREEK)},
    **{name.capitalize(): chr(0x391 + i + (i >= 17)) for i, name in enumerate(_GREEK)},
    "varepsilon": "ε", "vartheta": "ϑ", "varphi": "φ", "ell": "ℓ",
    "sum": "∑", "prod": "∏", "int": "∫", "partial": "∂", "nabla": "∇", "infty": "∞",
    "cdot": "·", "times": "×", "leq": "≤", "le": "≤", "geq": "≥", "ge": "≥", "neq": "≠",
    "approx": "≈", "sim": "∼", "propto": "∝", "to": "→", "rightarrow": "→", "leftarrow": "←",
    "mapsto": "↦", "pm": "±", "in": "∈", "langle": "⟨", "rangle": "⟩", "log": "log",
    "exp": "exp", "max": "max", "min": "min", "tanh": "tanh", "sin": "sin", "cos": "cos",
}  # fmt: skip
_MATH = re.compile(r"\\\((.+?)\\\)|\\\[(.+?)\\\]", re.S)
_FRAC = re.compile(r"\\[dt]?frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}")
_WRAPPER = re.compile(r"\\(?:mathrm|mathbf|mathit|mathcal|mathbb|boldsymbol|text|operatorname)\s*")
_COMMAND = re.compile(r"\\([A-Za-z]+)\s?")


def tex_to_text(tex: str) -> str:
    """Readable plain text for a TeX formula, for snippets (not a renderer: sub- and
    superscripts stay as ``_`` and ``^``, unknown commands lose their backslash)."""
    text = _FRAC.sub(r"(\1)/(\2)", tex)
    text = _WRAPPER.sub("", text)
    text = re.sub(r"\\(?:left|right|big|Big|bigg|Bigg)\b\s*", "", text)
    text = re.sub(r"\\[,;:! ]|\\q?quad\b|~", " ", text)
    text = _COMMAND.sub(lambda m: _SYMBOLS.get(m.group(1), m.group(1)) + " ", text)
    text = text.replace("{", "").replace("}", "").replace("\\", "")
    return re.sub(r"\s+([_^])", r"\1", re.sub(r"\s+", " ", text)).strip()


def plain_math(text: str) -> str:
    """``text`` with every ``\\(...\\)`` and ``\\[...\\]`` formula as plain text."""
    return _MATH.sub(lambda m: tex_to_text(m.group(1) or m.group(2) or ""), text)


@dataclass(frozen=True)
class PaperRecord:
    """What a paper page's search record adds: its label and key."""

    location: str  # the page's URL in the index: "papers/hopfield1982neural.html"
    label: str
    key: str


def paper_records(kb: KnowledgeBase, use_directory_urls: bool) -> list[PaperRecord]:
    return [
        PaperRecord(urls.page_url(urls.paper(p.key), use_directory_urls), p.label, p.key)
        for p in kb.papers.values()
    ]


def improve(index: dict[str, Any], papers: Iterable[PaperRecord]) -> dict[str, Any]:
    """A copy of Material's ``search_index.json`` content with papers first and math as text."""
    by_location = {p.location: p for p in papers}
    docs = []
    for doc in index.get("docs", []):
        doc = dict(doc)
        doc["title"] = plain_math(doc.get("title", ""))
        doc["text"] = plain_math(doc.get("text", ""))
        page = doc["location"].split("#", 1)[0]
        paper = by_location.get(page)
        if paper is not None:
            doc["boost"] = PAPER_BOOST
            if doc["location"] == page:  # the page's own record, not one of its sections
                # The index holds HTML (Material shows titles as markup): the label is text.
                doc["title"] = f"{doc['title']} — {html.escape(paper.label, quote=False)}"
                doc["tags"] = [paper.key]
        docs.append(doc)
    return {**index, "docs": docs}


def rewrite(site_dir: Path, papers: list[PaperRecord]) -> bool:
    """Rewrite ``search/search_index.json`` (and the offline plugin's ``search_index.js``)
    in ``site_dir``; False when there is no index (search plugin off)."""
    folder = site_dir / "search"
    path = folder / "search_index.json"
    if not path.is_file():
        return False
    data = json.dumps(improve(json.loads(path.read_text("utf-8")), papers), ensure_ascii=False)
    path.write_text(data, "utf-8")
    script = folder / "search_index.js"
    if script.is_file():
        script.write_text(f"var __index = {data}", "utf-8")
    return True


def key_script(kb: KnowledgeBase, use_directory_urls: bool) -> str:
    """``window.NeuroKBKeys = {"zenke2018superspike": "papers/...html", "10.1162/...": ...}``:
    every key and (lower-case) DOI with its page, for the search box's exact jumps."""
    table: dict[str, str] = {}
    for paper in sorted(kb.papers.values(), key=lambda p: p.key):
        url = urls.page_url(urls.paper(paper.key), use_directory_urls)
        table[paper.key.lower()] = url
        if paper.doi:
            table.setdefault(paper.doi.lower(), url)
    return data_script("NeuroKBKeys", table)
