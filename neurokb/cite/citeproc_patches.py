"""Changes to citeproc-py, installed by the renderer before it runs: three corrections of its
CSL behaviour, and what lets one parsed style serve many runs.

The corrections make citeproc-py follow the CSL 1.0.2 specification where it departs from it
(and where citeproc-js, the reference processor, follows it):

- a ``<label>`` is rendered only when its variable has a value (spec, "Label"); citeproc-py
  rendered e.g. Chicago's "Edition" label for articles without an edition;
- ``initialize="false"`` on a name turns initialisation off (Chicago prints "Friedemann
  Zenke", not "F. Zenke"); citeproc-py ignored the attribute;
- title case leaves the specification's stop words lower case ("Wrapped around Entire Mouse
  Brain"); citeproc-py's list lacks many of them.

The rest is for speed only and acts only on a style passed to :func:`memoise`, one that
:func:`neurokb.cite.render.load_style` keeps for the whole process; a style parsed for one
run (:func:`neurokb.cite.render.slow_path`, the reference it is tested against) gets
citeproc-py as it is. In a kept tree the answers below cannot change, so each is kept on the
tree's root:

- ``xpath_search``: citeproc-py finds a macro, a parent or a sibling with an XPath query each
  time it needs one, about 400 queries per reference, over half the time of a run;
- ``calls_variable`` (does this element, or a macro it calls, name a variable?), asked again
  for each child of each ``<group>`` rendered, walking whole macros;
- the locale's terms and options (``get_term``, ``get_locale_option``);
- whether an element has font or alignment attributes: ``format`` without any returns the
  text as it is, without asking for the formatter five times;
- a ``<sort>`` of a single item returns it without rendering its sort keys.

citeproc-py changes the tree in one place: a ``<names>`` without a ``<name>`` gets a default
``Name()`` inserted on every render (and never found again, as it lacks the CSL namespace).
In a kept style that would grow without end, so the inserted element is taken out again after
the render, which leaves the tree as it was parsed.

Labels' ``text-case="title"`` is handled on each freshly loaded style tree in
:mod:`neurokb.cite.render` instead.

They replace private methods, so citeproc-py is pinned to one minor version in
pyproject.toml; :func:`apply` is called by :func:`neurokb.cite.render.load_style`, never on
import, so importing neurokb changes no other code's citeproc-py.
"""

from __future__ import annotations

from typing import Any

from citeproc import model
from citeproc.model import VariableError

# Single-word stop words of the CSL 1.0.2 specification ("Title case conversion"); the first
# words of its multi-word entries ("due to", "prior to") are left out, as alone they are not.
CSL_STOP_WORDS = (
    "a", "across", "afore", "after", "against", "along", "alongside", "amid", "amidst", "among",
    "amongst", "an", "and", "anenst", "apropos", "apud", "around", "as", "astride", "at",
    "athwart", "atop", "barring", "before", "behind", "below", "beneath", "beside", "besides",
    "between", "beyond", "but", "by", "c", "ca", "circa", "d", "de", "despite", "down", "during",
    "et", "except", "for", "from", "given", "in", "inside", "into", "like", "mid", "minus",
    "near", "nor", "notwithstanding", "of", "off", "on", "onto", "opposite", "or", "out",
    "outside", "over", "past", "per", "plus", "pro", "qua", "re", "regarding", "respecting",
    "round", "sans", "save", "since", "so", "than", "that", "the", "through", "throughout",
    "thru", "thruout", "till", "times", "to", "toward", "towards", "under", "underneath",
    "unlike", "until", "unto", "up", "upon", "v", "versus", "via", "vs", "when", "with", "within",
    "without", "worth", "yet",
)  # fmt: skip

_original_label_process = model.Label.process
_original_xpath_search = model.CitationStylesElement.xpath_search
_original_names_process = model.Names.process
_original_parent_calls_variable = model.Parent.calls_variable
_original_text_calls_variable = model.Text.calls_variable
_original_sort = model.Sort.sort
_original_format = model.Formatted.format
_original_get_term = model.CitationStylesElement.get_term
_original_get_locale_option = model.CitationStylesElement.get_locale_option
# The memo's keys for what is not an XPath query start with a character no XPath has.
_CALLS_VARIABLE = "\0calls-variable"
_FORMATS = "\0formats"
_FORMATTING = ("font-style", "font-variant", "font-weight", "text-decoration", "vertical-align")


def _label_process(self: Any, item: Any, variable: Any = None, *args: Any, **kwargs: Any) -> Any:
    name = variable or self.get("variable")
    if name and name != "locator" and variable is None:
        try:
            value = item.reference[name.replace("-", "_")]
        except VariableError:
            return None
        if not value:
            return None
    return _original_label_process(self, item, variable, *args, **kwargs)


_original_get_option = model.Name.get_option


def _name_get_option(self: Any, name: str, *args: Any, **kwargs: Any) -> Any:
    if name == "initialize-with" and self.get("initialize") == "false":
        return None
    return _original_get_option(self, name, *args, **kwargs)


def _kept(element: Any, question: str, original: Any, *args: Any) -> Any:
    """``original(element, *args)``, asked once per element of a kept style (its root holds
    the memo), every time elsewhere."""
    memo = element.get_root()._neurokb_memo
    if memo is None:  # a style parsed for one run: citeproc-py as it is
        return original(element, *args)
    answers = memo.get(element)
    if answers is None:
        answers = memo[element] = {}
    try:
        return answers[question]
    except KeyError:
        found = answers[question] = original(element, *args)
        return found


def _xpath_search(self: Any, expression: str) -> Any:
    return _kept(self, expression, _original_xpath_search, expression)


def _names_process(
    self: Any, item: Any, names_context: Any = None, *args: Any, **kwargs: Any
) -> Any:
    memo = self.get_root()._neurokb_memo
    if memo is None:
        return _original_names_process(self, item, names_context, *args, **kwargs)
    holder = self if names_context is None else names_context
    try:
        return _original_names_process(self, item, names_context, *args, **kwargs)
    finally:
        for inserted in holder.findall("Name"):  # citeproc-py's default, not in the namespace
            memo.pop(inserted, None)
            holder.remove(inserted)


def _kept_calls_variable(original: Any) -> Any:
    def calls_variable(self: Any) -> Any:
        return _kept(self, _CALLS_VARIABLE, original)

    return calls_variable


def _formats(element: Any) -> bool:
    return any(element.get(attribute) is not None for attribute in _FORMATTING)


def _format(self: Any, string: Any) -> Any:
    """An element without font or alignment attributes formats nothing: each of the five
    steps of ``format`` would look up the formatter and return the text as it is."""
    if self.get_root()._neurokb_memo is None or _kept(self, _FORMATS, _formats):
        return _original_format(self, string)
    return str(string) if isinstance(string, (int, float)) else string


def _get_term(
    self: Any, name: str, form: Any = None, fallback_locale: bool = True, zero_padded: bool = False
) -> Any:
    """A locale term (the element; the caller formats its text) depends only on the style's
    locales, which the original finds from ``self``'s root: asked once per kept style."""
    root = self.get_root()
    if root._neurokb_memo is None:
        return _original_get_term(self, name, form, fallback_locale, zero_padded)
    question = f"\0term {name} {form} {fallback_locale} {zero_padded}"
    return _kept(root, question, _original_get_term, name, form, fallback_locale, zero_padded)


def _get_locale_option(self: Any, name: str) -> Any:
    root = self.get_root()
    if root._neurokb_memo is None:
        return _original_get_locale_option(self, name)
    return _kept(root, f"\0locale-option {name}", _original_get_locale_option, name)


def _sort(self: Any, items: Any, context: Any) -> Any:
    """One item needs no sort keys: rendering them (macros) was a sixth of a paper page's run."""
    if len(items) < 2 and self.get_root()._neurokb_memo is not None:
        return list(items)
    return _original_sort(self, items, context)


def memoise(style: Any) -> None:
    """Keep the XPath answers of ``style`` (a ``CitationStylesStyle``) from now on: the
    caller promises to reuse it, and to change its tree no more."""
    apply()
    for root in (style.root, *style.root.locales):
        if root._neurokb_memo is None:
            root._neurokb_memo = {}


def apply() -> None:
    """Install the patches (idempotent)."""
    if getattr(model.Label.process, "_neurokb", False):
        return
    _label_process._neurokb = True  # type: ignore[attr-defined]
    model.Label.process = _label_process
    model.Name.get_option = _name_get_option
    model.CitationStylesElement._neurokb_memo = None  # no memo unless :func:`memoise` says so
    model.CitationStylesElement.xpath_search = _xpath_search
    model.Names.process = _names_process
    model.Parent.calls_variable = _kept_calls_variable(_original_parent_calls_variable)
    model.Text.calls_variable = _kept_calls_variable(_original_text_calls_variable)
    model.Sort.sort = _sort
    model.Formatted.format = _format
    model.CitationStylesElement.get_term = _get_term
    model.CitationStylesElement.get_locale_option = _get_locale_option
    model.TextCased._stop_words = sorted(set(model.TextCased._stop_words) | set(CSL_STOP_WORDS))
