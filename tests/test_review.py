"""``neurokb review``: what a change adds, compared with a git base, rendered as Markdown."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from gitfixtures import commit_all, git, init_repo
from kbfixtures import mini_kb, write_paper, write_topic
from typer.testing import CliRunner

from neurokb.cli.app import app
from neurokb.core.errors import NeuroKBError
from neurokb.review.changes import build_review
from neurokb.review.gitbase import default_base
from neurokb.review.markdown import HEADING, render_markdown

runner = CliRunner()


def fake_cite(paper) -> str:
    return f"CITATION OF {paper.key}"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "kb"
    root.mkdir()
    mini_kb(root)
    return init_repo(root)


def _review(root: Path, base: str = "main") -> str:
    return render_markdown(build_review(root, base, cite=fake_cite))


def test_no_changes(repo: Path) -> None:
    text = _review(repo, "HEAD")
    assert text.startswith(HEADING + "\n")
    assert "No entry files changed." in text


def test_new_paper_topic_fields_and_links(repo: Path) -> None:
    git(repo, "checkout", "--quiet", "-b", "contribution")
    write_paper(
        repo,
        "gerstner2002spiking",
        title="Spiking Neuron Models",
        authors=["Gerstner, Wulfram", "Kistler, Werner M."],
        year=2002,
        type="book",
        publisher="Cambridge University Press",
        topics=["spiking-neural-networks"],
        cites=["hebb1949organization"],
        summary="A textbook on single neurons and populations of spiking neurons.",
    )
    write_topic(repo, "working-memory", name="Working memory", parents=["memory"])
    write_paper(  # a changed field and a new link in an existing entry
        repo,
        "oja1982simplified",
        title="Simplified neuron model as a principal component analyzer",
        authors=["Oja, Erkki"],
        year=1982,
        venue="Journal of Mathematical Biology",
        topics=["hebbian-learning", "working-memory"],
        cites=["hebb1949organization"],
        summary="A Hebbian rule with decay finds the first principal component.",
        volume="15",
    )
    commit_all(repo, "Add Gerstner 2002")
    (repo / "entries" / "papers" / "muller2020model.yaml").unlink()  # uncommitted removal
    review = build_review(repo, "main", cite=fake_cite)
    assert [(c.key, c.status) for c in review.changes] == [
        ("gerstner2002spiking", "added"),
        ("muller2020model", "removed"),
        ("oja1982simplified", "modified"),
        ("working-memory", "added"),
    ]
    text = render_markdown(review)
    assert "1 new paper, 1 new topic, 1 changed entry, 1 removed" in text
    assert "> `CITATION OF gerstner2002spiking`" in text
    assert "#### `working-memory` — `Working memory`" in text
    assert "| volume |  | `15` |" in text
    assert "| topics |  | `added: working-memory` |" in text
    assert "- `gerstner2002spiking` cites `hebb1949organization`" in text
    assert "- `gerstner2002spiking` about `spiking-neural-networks`" in text
    assert "- `oja1982simplified` about `working-memory`" in text
    assert "- `working-memory` subtopic-of `memory`" in text
    assert "`muller2020model` is removed" in text
    assert (
        "is not in canonical form: run `neurokb fmt entries/papers/gerstner2002spiking.yaml`"
        in text
    )


def test_duplicate_and_broken_entries_are_warned_about(repo: Path) -> None:
    write_paper(
        repo,
        "zenke2018superspikeb",
        title="SuperSpike: Supervised learning in multilayer spiking neural networks",
        authors=["Zenke, Friedemann"],
        year=2018,
        doi="10.1234/test.superspike",
        topics=["spiking-neural-networks"],
    )
    broken = repo / "entries" / "papers" / "doe2020broken.yaml"
    broken.write_text("title: Broken\nauthors: ['Doe, Jane']\nyear: twenty\n")
    text = _review(repo)
    assert "❌ 2 validation errors; 2 likely duplicates." in text
    assert "**likely duplicate** `entries/papers/zenke2018superspikeb.yaml:" in text
    assert "NKB022" in text and "NKB024" in text
    assert "`entries/papers/doe2020broken.yaml:3` error NKB012" in text
    assert "does not validate yet" in text


def test_template_left_in_and_key_rule(repo: Path) -> None:
    from neurokb.edit.scaffold import paper_scaffold

    text = paper_scaffold({"title": "Hello world", "authors": ["Doe, Jane"], "year": 2020})
    text = text.replace("summary: |", "summary: |\n  A summary.")
    (repo / "entries" / "papers" / "jane2020hello.yaml").write_text(text)
    review = _review(repo)
    assert "`entries/papers/jane2020hello.yaml` still has the template's `##` help lines" in review
    assert "key `jane2020hello` does not follow the key rule (expected `doe2020hello`)" in review


def test_default_base_prefers_origin_main_then_main_then_previous_commit(repo: Path) -> None:
    with pytest.raises(NeuroKBError, match="no base revision"):
        default_base(repo)  # one commit, on main
    write_topic(repo, "attention", parents=["neuroai"])
    commit_all(repo, "Add attention")
    assert default_base(repo) == "HEAD~1"
    git(repo, "checkout", "--quiet", "-b", "feature")
    write_topic(repo, "reasoning", parents=["neuroai"])
    commit_all(repo, "Add reasoning")
    assert default_base(repo) == "main"
    git(repo, "update-ref", "refs/remotes/origin/main", "main")
    assert default_base(repo) == "origin/main"


def test_cli_prints_markdown_and_writes_file(repo: Path, tmp_path: Path) -> None:
    write_topic(repo, "attention", parents=["neuroai"])
    out = tmp_path / "review.md"
    result = runner.invoke(app, ["--kb", str(repo), "review", "HEAD", "--output", str(out)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(HEADING)
    assert "#### `attention`" in result.stdout
    assert out.read_text() == result.stdout


def test_cli_unknown_base_is_an_error(repo: Path) -> None:
    result = runner.invoke(app, ["--kb", str(repo), "review", "nope"])
    assert result.exit_code == 1
    assert "unknown revision 'nope'" in result.stderr


def test_real_citation_is_used_when_available(repo: Path) -> None:
    pytest.importorskip("neurokb.cite")
    write_paper(repo, "doe2020new", title="A new paper", authors=["Doe, Jane"], year=2020)
    review = build_review(repo, "HEAD")
    (change,) = review.changes
    assert "Doe" in change.citation and "2020" in change.citation


def test_entry_text_is_shown_as_code(repo: Path) -> None:
    """GitHub hides HTML in a comment: the reviewer must see the text as the site shows it."""
    write_paper(
        repo,
        "doe2020hostile",
        title="Evil <img src=x onerror=alert(1)>",
        authors=["Doe, Jane"],
        year=2020,
        url="https://example.org/a_(b)",
        summary="Text with `code` and ``` fences\nand a <b, shown as written",
    )
    write_paper(repo, "doe2020broken", summary="<script>alert(3)</script>")
    write_topic(repo, "evil", name="Evil <script>alert(2)</script>", parents=["neuroai"])
    text = render_markdown(build_review(repo, "main", cite=lambda p: p.title))
    assert "> `Evil <img src=x onerror=alert(1)>`" in text
    assert "#### `evil` — `Evil <script>alert(2)</script>`" in text
    assert "````text\nText with `code` and ``` fences\nand a <b, shown as written\n````" in text
    assert "`https://example.org/a_(b)`" in text
    assert "'summary': raw HTML '<script>' is not allowed" in text  # its problem, also as code
    outside = re.sub(r"(`{3,})[a-z]*\n.*?\n\1|(`+).*?\2", "", text, flags=re.S)
    assert "<script" not in outside and "<img" not in outside
