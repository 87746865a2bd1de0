"""Three corrections to citeproc-py's CSL behaviour, installed by the renderer before it runs.

Both make citeproc-py follow the CSL 1.0.2 specification where it departs from it (and where
citeproc-js, the reference processor, follows it); the patches change no API and keep no state:

- a ``<label>`` is rendered only when its variable has a value (spec, "Label"); citeproc-py
  rendered e.g. Chicago's "Edition" label for articles without an edition;
- ``initialize="false"`` on a name turns initialisation off (Chicago prints "Friedemann
  Zenke", not "F. Zenke"); citeproc-py ignored the attribute;
- title case leaves the specification's stop words lower case ("Wrapped around Entire Mouse
  Brain"); citeproc-py's list lacks many of them.

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


def apply() -> None:
    """Install the patches (idempotent)."""
    if getattr(model.Label.process, "_neurokb", False):
        return
    _label_process._neurokb = True  # type: ignore[attr-defined]
    model.Label.process = _label_process
    model.Name.get_option = _name_get_option
    model.TextCased._stop_words = sorted(set(model.TextCased._stop_words) | set(CSL_STOP_WORDS))
