"""LaTeX in .bib field values to entry text, keeping what matters and never failing.

pylatexenc turns accents and escapes into Unicode, but used on a whole field it fails on
macros it half-knows (``\\href{..}{..}`` raised IndexError and aborted a whole file) and drops
the braces that protect capitals. So the value is parsed into nodes and each node converted on
its own:

- a brace group not starting with a command protects capitals (``{Bayesian}``, ``{V1}``); in
  titles it is kept as a ``{...}`` span of :mod:`neurokb.core.titlemarkup`, elsewhere dropped;
  ``{\\"u}`` is an accent, not a protection;
- ``$...$`` math is kept verbatim; ``\\emph``/``\\textit`` become ``<i>`` in titles;
- a command pylatexenc cannot convert, or does not know, is kept as written and reported
  (the caller names the entry and field).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pylatexenc import latexwalker as lw
from pylatexenc.latex2text import LatexNodes2Text, get_default_latex_context_db
from pylatexenc.macrospec import MacroSpec

from neurokb.core.normalize import squash_whitespace

_ITALIC = {"emph", "textit", "textsl", "mkbibemph", "mkbibitalic", "it", "em", "itshape"}
_TRANSPARENT = {"textbf", "textsc", "textrm", "textsf", "texttt", "textup", "textnormal", "mbox",
                "text", "NoCaseChange", "nocase", "mkbibbold", "bf", "sc", "rm", "sf", "tt",
                "textmd", "ensuremath", "relax"}  # fmt: skip
_VERBATIM_ARG = {"url", "path", "nolinkurl"}
_WALKER_DB = lw.get_default_latex_context_db().filter_context(keep_categories=None)
_WALKER_DB.add_context_category(
    "neurokb-bib", prepend=True,
    macros=[MacroSpec("href", "{{"), MacroSpec("url", "{"), MacroSpec("doi", "{"),
            MacroSpec("mkbibemph", "{"), MacroSpec("mkbibitalic", "{"), MacroSpec("mkbibbold", "{"),
            MacroSpec("NoCaseChange", "{"), MacroSpec("nocase", "{"), MacroSpec("mbox", "{"),
            MacroSpec("textsc", "{")],
)  # fmt: skip
_TEXT_DB = get_default_latex_context_db()
_TO_TEXT = LatexNodes2Text(latex_context=_TEXT_DB, math_mode="verbatim", strict_latex_spaces=True)


@dataclass
class Decoded:
    """The text, and the LaTeX that was kept as written because it could not be converted."""

    text: str
    kept: list[str] = field(default_factory=list)


def decode(value: str, *, title: bool = False) -> Decoded:
    """A field value as entry text; ``title=True`` keeps protected spans and italics as markup."""
    if not value:
        return Decoded("")
    if (
        "\\" not in value
        and "{" not in value
        and "$" not in value
        and "~" not in value
        and ("--" not in value and "%" not in value)
    ):
        return Decoded(squash_whitespace(value))
    # BibTeX values have no comments: a '%' is a character (URLs hold %20)
    value = value.replace("\\%", "%").replace("%", "\\%")
    walker = lw.LatexWalker(value, latex_context=_WALKER_DB, tolerant_parsing=True)
    try:
        nodes, _, _ = walker.get_latex_nodes()
    except Exception:
        return Decoded(squash_whitespace(value), [value])
    out = Decoded("")
    if title:
        nodes = _unwrap_whole(nodes)
    out.text = squash_whitespace(_walk(nodes, out, title, protected=False))
    return out


def _unwrap_whole(nodes: list) -> list:
    """``{{A Title In Braces}}``: a whole title in braces says "do not touch", not "proper noun"."""
    solid = [n for n in nodes if not (n.isNodeType(lw.LatexCharsNode) and not n.chars.strip())]
    if len(solid) == 1 and solid[0].isNodeType(lw.LatexGroupNode) and not _is_special(solid[0]):
        return solid[0].nodelist
    return nodes


def _is_special(group: lw.LatexGroupNode) -> bool:
    """A brace group that starts with a command (``{\\"u}``, ``{\\em x}``) protects nothing."""
    first = next((n for n in group.nodelist if not (n.isNodeType(lw.LatexCharsNode)
                                                    and not n.chars.strip())), None)  # fmt: skip
    return first is not None and first.isNodeType(lw.LatexMacroNode)


def _escape(text: str, title: bool) -> str:
    """Literal ``$``, ``{`` and ``}`` in a title are escaped so they are not markup."""
    if not title:
        return text
    return text.replace("{", "\\{").replace("}", "\\}").replace("$", "\\$")


def _walk(nodes: list | None, out: Decoded, title: bool, protected: bool) -> str:
    parts, kept_before = [], len(out.kept)
    for node in nodes or []:
        if (
            node.isNodeType(lw.LatexGroupNode)
            and parts
            and len(out.kept) > kept_before
            and (out.kept[-1] == parts[-1].replace("\\{", "{").replace("\\}", "}"))
        ):  # the argument of a command kept as written stays with it: \foo{bar}
            verbatim = node.latex_verbatim().replace("\\%", "%")
            out.kept[-1] += verbatim
            parts.append(_escape(verbatim, title))
            continue
        parts.append(_node(node, out, title, protected))
    return "".join(parts)


def _args(node: lw.LatexMacroNode) -> list:
    return [arg for arg in (node.nodeargd.argnlist if node.nodeargd else []) if arg is not None]


def _node(node: lw.LatexNode, out: Decoded, title: bool, protected: bool) -> str:
    if node.isNodeType(lw.LatexCharsNode):
        return _escape(node.chars, title)
    if node.isNodeType(lw.LatexCommentNode):  # '%' is not a comment in BibTeX (URLs: %20)
        return _escape(node.latex_verbatim(), title)
    if node.isNodeType(lw.LatexMathNode):
        body = _walk_verbatim(node.nodelist)
        return f"${body}$"
    if node.isNodeType(lw.LatexGroupNode):
        if _is_special(node):
            return _declaration(node, out, title, protected)
        inner = _walk(node.nodelist, out, title, True)
        return "{" + inner + "}" if title and not protected and inner.strip() else inner
    if node.isNodeType(lw.LatexMacroNode):
        return _macro(node, out, title, protected)
    return _convert(node, out, title)


def _declaration(group: lw.LatexGroupNode, out: Decoded, title: bool, protected: bool) -> str:
    """``{\\em text}``, ``{\\bf text}`` (old-style switches), or an accent group ``{\\"u}``."""
    nodes = [n for n in group.nodelist if not (n.isNodeType(lw.LatexCharsNode)
                                                and not n.chars.strip())]  # fmt: skip
    first = nodes[0]
    rest = group.nodelist[group.nodelist.index(first) + 1 :]
    if first.macroname in _ITALIC and not _args(first):
        inner = _walk(rest, out, title, True).strip()
        return f"<i>{inner}</i>" if title and inner else inner
    if first.macroname in _TRANSPARENT and not _args(first):
        return _walk(rest, out, title, protected).strip()
    return _walk(group.nodelist, out, title, protected)


def _walk_verbatim(nodes: list | None) -> str:
    return "".join(node.latex_verbatim() for node in nodes or []).replace("\\%", "%")


def _macro(node: lw.LatexMacroNode, out: Decoded, title: bool, protected: bool) -> str:
    name = node.macroname
    args = _args(node)
    if name in _ITALIC and args:
        inner = "".join(_walk(arg.nodelist, out, title, protected) if arg.isNodeType(
            lw.LatexGroupNode) else _node(arg, out, title, protected) for arg in args)  # fmt: skip
        return f"<i>{inner}</i>" if title and inner else inner
    if name in _TRANSPARENT and args:
        return "".join(_walk(arg.nodelist, out, title, protected) if arg.isNodeType(
            lw.LatexGroupNode) else _node(arg, out, title, protected) for arg in args)  # fmt: skip
    if name in _VERBATIM_ARG and args:
        return _escape(_walk_verbatim(getattr(args[-1], "nodelist", None) or [args[-1]]), title)
    return _convert(node, out, title)


def _convert(node: lw.LatexNode, out: Decoded, title: bool) -> str:
    """One node through pylatexenc; what it cannot convert or does not know is kept as is."""
    verbatim = node.latex_verbatim()
    if node.isNodeType(lw.LatexMacroNode) and _TEXT_DB.get_macro_spec(node.macroname) is None:
        out.kept.append(verbatim)
        return _escape(verbatim, title)
    try:
        text = _TO_TEXT.nodelist_to_text([node])
    except Exception:
        out.kept.append(verbatim)
        return _escape(verbatim, title)
    return _escape(text, title)
