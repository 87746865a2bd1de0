"""A newcomer's path through CONTRIBUTING.md, in a temporary git repository.

Scaffold a paper with ``neurokb new paper``, fill it in, ``fmt``, ``validate``, commit on a
branch and ``review`` it against ``main``; a broken entry gives a GitHub annotation on the right
file and line. Each step runs the real command line, as a contributor would.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from gitfixtures import commit_all, git, init_repo

# The importers' recorded-answer server (tests/importers/conftest.py), reused rather than copied.
from importers.conftest import recorded_server, services  # noqa: F401
from kbfixtures import finish_import, mini_kb
from typer.testing import CliRunner

from neurokb.cli.app import app

runner = CliRunner()


def neurokb(root: Path, *args: str):
    return runner.invoke(app, ["--kb", str(root), *args])


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A tiny knowledge base in canonical form, committed on ``main``."""
    root = mini_kb(tmp_path / "kb")
    assert neurokb(root, "fmt").exit_code == 0
    return init_repo(root)


def fill(text: str) -> str:
    """What the contributor types into the template (Gerstner & Kistler's textbook)."""
    replacements = {
        "title:\n": 'title: "Spiking neuron models: Single neurons, populations, plasticity"\n',
        "authors:\n  -\n": "authors:\n  - Gerstner, Wulfram\n  - Kistler, Werner M.\n",
        "year:\n": "year: 2002\n",
        "type: article\n": "type: book\n",
        "# publisher: MIT Press\n": "publisher: Cambridge University Press\n",
        "topics: []\n": ("topics:\n  - spiking-neural-networks\n  - neuron-level\n"),
        "# cites:\n#   - vanrossum2001novel\n": "cites:\n  - hebb1949organization\n",
        "summary: |\n": (
            "summary: |\n  A textbook that builds from single spiking neurons to populations\n"
            "  and synaptic plasticity.\n"
        ),
    }
    for old, new in replacements.items():
        assert old in text, old
        text = text.replace(old, new)
    return "\n".join(line for line in text.splitlines() if not line.startswith("## ")) + "\n"


def test_scaffold_fill_format_validate_review(repo: Path) -> None:
    git(repo, "switch", "--quiet", "--create", "add-gerstner2002spiking")
    created = neurokb(repo, "new", "paper", "gerstner2002spiking")
    assert created.exit_code == 0, created.stderr
    path = repo / created.stdout.strip()

    unfilled = neurokb(repo, "validate", str(path))
    assert unfilled.exit_code == 1  # the empty required fields are pointed at

    path.write_text(fill(path.read_text()))
    assert neurokb(repo, "fmt", "--check", str(path)).exit_code == 1  # topics not sorted yet
    formatted = neurokb(repo, "fmt", str(path))
    assert formatted.exit_code == 0
    assert formatted.stdout == "reformatted entries/papers/gerstner2002spiking.yaml\n"
    assert "# month: 6\n" in path.read_text()  # the template's commented fields are kept
    assert neurokb(repo, "fmt", "--check").exit_code == 0
    valid = neurokb(repo, "validate", str(path))
    assert valid.exit_code == 0, valid.stdout

    commit_all(repo, "Add gerstner2002spiking")
    review = neurokb(repo, "review")
    assert review.exit_code == 0, review.stderr
    text = review.stdout
    assert "Compared with `main`" in text
    assert "1 new paper, 0 new topics, 0 changed entries, 0 removed" in text
    assert "#### `gerstner2002spiking`" in text
    assert "> `Gerstner, W., & Kistler, W. M. (2002)." in text
    assert "- `gerstner2002spiking` cites `hebb1949organization`" in text
    assert "- `gerstner2002spiking` about `neuron-level`" in text
    assert "✅ validates" in text
    assert "### Warnings" not in text


def test_broken_entry_is_annotated_on_its_line(repo: Path) -> None:
    broken = repo / "entries" / "papers" / "doe2020broken.yaml"
    broken.write_text(
        "# yaml-language-server: $schema=../../neurokb/schemas/paper.schema.json\n"
        'title: "A broken entry"\n'
        "authors:\n"
        "  - Doe, Jane\n"
        "year: twenty twenty\n"
    )
    result = neurokb(repo, "validate", "--format", "github", str(broken))
    assert result.exit_code == 1
    (annotation,) = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert annotation.startswith("::error file=entries/papers/doe2020broken.yaml,line=5,col=7,")
    assert "::NKB012 'year' must be a whole number" in annotation
    assert neurokb(repo, "fmt", str(broken)).exit_code == 1  # never rewritten while broken
    review = neurokb(repo, "review", "HEAD").stdout
    assert "`entries/papers/doe2020broken.yaml:5` error NKB012" in review


@pytest.mark.usefixtures("services")
def test_add_from_a_doi_gives_a_valid_formatted_entry(repo: Path) -> None:
    """CONTRIBUTING.md's first way: ``neurokb add --doi`` against recorded Crossref answers."""
    (repo / "entries" / "papers" / "zenke2018superspike.yaml").unlink()  # the work to add
    commit_all(repo, "Start without SuperSpike")
    git(repo, "switch", "--quiet", "--create", "add-superspike")

    added = neurokb(repo, "add", "--doi", "10.1162/neco_a_01086")
    assert added.exit_code == 0, added.stderr
    path = Path(added.stdout.strip())
    assert path == repo / "entries" / "papers" / "zenke2018superspike.yaml"
    assert neurokb(repo, "fmt", "--check").exit_code == 0  # written in canonical form
    text = path.read_text()
    # The title stays as Crossref gives it, with a TODO: only a curator knows the proper nouns.
    assert 'title: "SuperSpike: Supervised Learning in Multilayer Spiking Neural Networks"' in text
    assert "TODO: put the title in sentence case" in text
    todo = neurokb(repo, "validate")  # the entry says what is left, and validate points at it
    assert todo.exit_code == 1
    assert "zenke2018superspike.yaml:2:1: error: NKB052 paper has no topics" in todo.stdout
    assert todo.stdout.count("error: NKB054") == 3  # the summary, the record check, the title
    assert "'summary' is not finished: TODO: 3-8 sentences" in todo.stdout

    sentence = "SuperSpike: Supervised learning in multilayer spiking neural networks"
    path.write_text(finish_import(text, "spiking-neural-networks", sentence))  # the contributor
    assert neurokb(repo, "fmt", str(path)).exit_code == 0
    assert neurokb(repo, "fmt", "--check").exit_code == 0
    validate = neurokb(repo, "validate", "--format", "github")
    assert validate.exit_code == 0, validate.stdout
    assert "::" not in validate.stdout  # no annotation at all: clean

    commit_all(repo, "Add zenke2018superspike")
    review = neurokb(repo, "review").stdout
    assert "1 new paper" in review and "✅ validates; 0 likely duplicates." in review
    assert "> `Zenke, F., & Ganguli, S. (2018)." in review
    assert "### Warnings" not in review


@pytest.mark.usefixtures("services")
def test_new_paper_from_a_doi_fills_the_template(repo: Path) -> None:
    """CONTRIBUTING.md's second way with --doi: the record fills the template's fields."""
    (repo / "entries" / "papers" / "zenke2018superspike.yaml").unlink()
    created = neurokb(repo, "new", "paper", "--doi", "10.1162/neco_a_01086")
    assert created.exit_code == 0, created.stderr
    assert created.stdout == "entries/papers/zenke2018superspike.yaml\n"
    path = repo / created.stdout.strip()
    text = path.read_text()
    for line in ('volume: "30"', "doi: 10.1162/neco_a_01086", "  - Zenke, Friedemann"):
        assert f"\n{line}\n" in text, line
    assert neurokb(repo, "validate").exit_code == 1  # topics and the TODOs are still to do
    sentence = "SuperSpike: Supervised learning in multilayer spiking neural networks"
    path.write_text(finish_import(text, "spiking-neural-networks", sentence))
    assert neurokb(repo, "fmt", "--check", str(path)).exit_code == 0
    assert neurokb(repo, "validate").exit_code == 0
