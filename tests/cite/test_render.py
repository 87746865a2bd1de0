"""The fixes on top of citeproc-py, each shown on its own, and the Markdown output."""

from __future__ import annotations

import pytest

from neurokb.cite import format_reference, format_references, in_text
from neurokb.cite.fixups import mixed_case_words, no_doubled_period, punctuation_in_quote
from neurokb.core.errors import NeuroKBError
from neurokb.core.models import Paper


def _paper(key: str, title: str, **extra: object) -> Paper:
    return Paper(key=key, title=title, authors=["Schmidhuber, Jürgen"], year=2015, **extra)


def test_year_suffixes_in_entries_and_labels() -> None:
    a = _paper("b2015", "On learning to think", type="preprint", arxiv="1511.09249")
    b = _paper("a2015", "Deep learning in neural networks", venue="Neural Networks")
    assert in_text([a, b], "apa") == ["(Schmidhuber, 2015b)", "(Schmidhuber, 2015a)"]
    refs = format_references([a, b], "apa")
    assert "(2015b)" in refs[0] and "(2015a)" in refs[1]
    assert refs[0].endswith("(arXiv:1511.09249). arXiv. https://arxiv.org/abs/1511.09249")


def test_no_period_after_question_mark() -> None:
    paper = _paper("q", "Could a neuroscientist understand a microprocessor?", venue="PLOS")
    assert "microprocessor? PLOS" in format_reference(paper, "apa")
    assert no_doubled_period("<i>Why?</i>. Next") == "<i>Why?</i> Next"
    assert no_doubled_period("Richards <i>et al.</i>. A") == "Richards <i>et al.</i> A"
    assert punctuation_in_quote("“Title”, Journal") == "“Title,” Journal"


def test_servers_keep_their_spelling() -> None:
    paper = _paper("x", "A preprint", venue="bioRxiv", type="preprint")
    assert mixed_case_words("Preprint, BioRxiv. ArXiv", paper) == "Preprint, bioRxiv. arXiv"


def test_markdown_output() -> None:
    paper = _paper("m", "Deep learning in neural networks: An overview", venue="Neural Networks",
                   volume="61", pages="85-117", doi="10.1016/j.neunet.2014.09.003")  # fmt: skip
    assert format_reference(paper, "apa", "markdown") == (
        "Schmidhuber, J. (2015). Deep learning in neural networks: An overview. "
        "*Neural Networks*, *61*, 85–117. https://doi.org/10.1016/j.neunet.2014.09.003"
    )


def test_unknown_output() -> None:
    with pytest.raises(NeuroKBError, match="unknown output"):
        format_references([_paper("x", "T")], "apa", "pdf")
