"""``neurokb export --cited-in``: exactly the entries a manuscript cites (.aux, .tex, .md)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from neurokb.cite.manuscript import cited_keys
from neurokb.cli.app import app
from neurokb.core.errors import NeuroKBError

runner = CliRunner()
REPO = Path(__file__).parents[2]

TEX = r"""
\documentclass{article}
% \cite{commented2000out}
\begin{document}
As shown \citep[see][p.~3]{hopfield1982neural, jonas2017neuroscientist} and
\textcite{hopfield1982neural}; also \parencites{jonas2017neuroscientist}[ch. 2]{zenke2018superspike}.
\nocite{hassabis2017neuroscience}
\end{document}
"""
AUX = r"""\relax
\citation{hopfield1982neural,jonas2017neuroscientist}
\abx@aux@cite{0}{zenke2018superspike}
\citation{hopfield1982neural}
"""
MARKDOWN = """
As @hopfield1982neural showed [see @jonas2017neuroscientist, p. 4; -@zenke2018superspike],
write to jane@example.org. `@notacitation` in code.

```
@alsonot
```
"""


@pytest.mark.parametrize(("name", "text", "expected"), [
    ("paper.tex", TEX, ["hopfield1982neural", "jonas2017neuroscientist",
                        "zenke2018superspike", "hassabis2017neuroscience"]),
    ("paper.aux", AUX, ["hopfield1982neural", "jonas2017neuroscientist", "zenke2018superspike"]),
    ("paper.md", MARKDOWN, ["hopfield1982neural", "jonas2017neuroscientist",
                            "zenke2018superspike"]),
])  # fmt: skip
def test_cited_keys(tmp_path: Path, name: str, text: str, expected: list[str]) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert cited_keys(path) == expected


def test_unknown_manuscript_kind(tmp_path: Path) -> None:
    path = tmp_path / "paper.docx"
    path.write_text("x")
    with pytest.raises(NeuroKBError, match="cannot tell which keys"):
        cited_keys(path)


def run(*args: str):
    return runner.invoke(app, ["--kb", str(REPO), "export", *args], catch_exceptions=False)


def test_export_writes_exactly_the_cited_entries(tmp_path: Path) -> None:
    aux = tmp_path / "paper.aux"
    aux.write_text(AUX, encoding="utf-8")
    out = tmp_path / "refs.bib"
    result = run("--cited-in", str(aux), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    keys = [line.split("{")[1].rstrip(",") for line in text.splitlines() if line.startswith("@")]
    assert keys == ["hopfield1982neural", "jonas2017neuroscientist", "zenke2018superspike"]


def test_unknown_keys_are_listed_with_suggestions_and_exit_1(tmp_path: Path) -> None:
    tex = tmp_path / "paper.tex"
    tex.write_text(r"\cite{hopfield1982neural,hopfield1982nueral,nobody1999nothing}")
    result = run("--cited-in", str(tex), "--format", "csl-json")
    assert result.exit_code == 1
    assert '"id": "hopfield1982neural"' in result.stdout
    assert "'hopfield1982nueral' is cited but not in the knowledge base (did you mean " \
           "hopfield1982neural" in result.stderr  # fmt: skip
    assert "'nobody1999nothing' is cited but not in the knowledge base" in result.stderr
