"""``[@key]`` citations in hand-written pages."""

from __future__ import annotations

import pytest
from kbfixtures import load, mini_kb

from neurokb.core.kb import KnowledgeBase
from neurokb.site.citations import process_citations


@pytest.fixture
def kb(tmp_path) -> KnowledgeBase:
    return load(mini_kb(tmp_path))


def test_citation_links_the_paper_and_adds_a_bibliography(kb: KnowledgeBase) -> None:
    done = process_citations("Hebb said so [@hebb1949organization].\n", kb, "about.md")
    first = done.markdown.splitlines()[0]
    assert first.startswith("Hebb said so ([") and "](papers/hebb1949organization.md))" in first
    assert "1949" in first
    assert done.markdown.count("## References") == 1
    assert "(papers/hebb1949organization.md" in done.markdown.split("## References")[1]
    assert done.cited == ("hebb1949organization",) and not done.problems


def test_groups_prefixes_and_locators(kb: KnowledgeBase) -> None:
    text = "[see @oja1982simplified, p. 3; @hebb1949organization]\n"
    done = process_citations(text, kb, "sub/page.md")
    line = done.markdown.splitlines()[0]
    assert line.startswith("(see [") and ", p. 3; [" in line
    assert "](../papers/oja1982simplified.md)" in line
    assert done.cited == ("oja1982simplified", "hebb1949organization")


def test_code_links_and_emails_are_not_citations(kb: KnowledgeBase) -> None:
    text = (
        "Write `[@hebb1949organization]` to cite.\n\n"
        "```\n[@hebb1949organization]\n```\n\n"
        "[mail us](mailto:a@b.org) or [write to a@b.org]\n"
    )
    done = process_citations(text, kb, "page.md")
    assert done.markdown == text and not done.cited and not done.problems


def test_unknown_key_is_a_problem_with_line_and_suggestion(kb: KnowledgeBase) -> None:
    done = process_citations("Intro.\n\nAs shown [@heb1949organization].\n", kb, "page.md")
    (problem,) = done.problems
    assert problem.line == 3 and problem.key == "heb1949organization"
    assert "hebb1949organization" in problem.suggestions
    assert problem.message("kb/page.md").startswith("kb/page.md:3: unknown citation key")


def test_page_without_citations_is_unchanged(kb: KnowledgeBase) -> None:
    text = "Nothing to cite here; an email a@b.org is fine.\n"
    assert process_citations(text, kb, "page.md").markdown == text
