"""``[@key]`` citations in entry text: where they are, and how the terminal shows them."""

from __future__ import annotations

import pytest
from kbfixtures import load, mini_kb

from neurokb.core.kb import KnowledgeBase
from neurokb.core.textcites import cited_keys, plain_citations


@pytest.fixture
def kb(tmp_path) -> KnowledgeBase:
    return load(mini_kb(tmp_path))


def test_cited_keys_with_their_lines() -> None:
    text = "Hebb first [@hebb1949organization].\n\nThen [see @oja1982simplified, p. 3;\n  @x1]."
    assert cited_keys(text) == [
        (1, "hebb1949organization"), (3, "oja1982simplified"), (3, "x1"),
    ]  # fmt: skip


def test_code_links_emails_and_paragraph_breaks_are_not_citations() -> None:
    text = (
        "Write `[@hebb1949organization]` to cite.\n"
        "```\n[@oja1982simplified]\n```\n"
        "[a link](https://example.org/@user) or [write to a@b.org]\n"
        "[first paragraph\n\nsecond @hebb1949organization]\n"
    )
    assert cited_keys(text) == []


def test_plain_citations_use_author_year_labels(kb: KnowledgeBase) -> None:
    text = (
        "One author [@hebb1949organization], two [@zenke2018superspike],\n"
        "three [see @zenke2015diverse, p. 2; @miconi2018differentiable]."
    )
    assert plain_citations(text, kb.papers) == (
        "One author (Hebb 1949), two (Zenke & Ganguli 2018),\n"
        "three (see Zenke et al. 2015, p. 2; Miconi et al. 2018)."
    )


def test_a_group_with_an_unknown_key_stays_as_written(kb: KnowledgeBase) -> None:
    text = "Known [@hebb1949organization] and not [@hebb1949organisation; @oja1982simplified]."
    assert plain_citations(text, kb.papers) == (
        "Known (Hebb 1949) and not [@hebb1949organisation; @oja1982simplified]."
    )


@pytest.mark.parametrize("cache", [[], ["--no-cache"]])
def test_show_prints_citations_as_author_year(tmp_path, cache: list[str]) -> None:
    from kbfixtures import write_paper, write_topic
    from typer.testing import CliRunner

    from neurokb.cli.app import app

    mini_kb(tmp_path)
    write_topic(
        tmp_path, "memory", summary="Attractors [@hopfield1982neural; @zenke2018superspike]."
    )
    write_paper(tmp_path, "doe2020x", topics=["memory"], summary="After [@hebb1949organization].")
    for key, expected in (
        ("memory", "Attractors (Hopfield 1982; Zenke & Ganguli 2018)."),
        ("doe2020x", "After (Hebb 1949)."),
    ):
        result = CliRunner().invoke(app, ["--kb", str(tmp_path), *cache, "show", key])
        assert result.exit_code == 0, result.output
        assert expected in result.stdout and "[@" not in result.stdout


def test_year_only_citations_when_the_sentence_names_the_author(kb: KnowledgeBase) -> None:
    from neurokb.site.citations import process_citations

    text = "Hebb [-@hebb1949organization] proposed it; Oja [-@oja1982simplified, eq. 3] bounded it."
    assert cited_keys(text) == [(1, "hebb1949organization"), (1, "oja1982simplified")]
    assert (
        plain_citations(text, kb.papers) == "Hebb (1949) proposed it; Oja (1982, eq. 3) bounded it."
    )
    linked = process_citations(text, kb, "topics/t.md", references=False).markdown
    assert linked == (
        "Hebb ([1949](../papers/hebb1949organization.md)) proposed it; "
        "Oja ([1982](../papers/oja1982simplified.md), eq. 3) bounded it."
    )
