"""The site search index: papers first, math as text, keys and DOIs to jump to."""

from __future__ import annotations

import json
from pathlib import Path

from neurokb.site import search_index
from neurokb.site.context import SiteContext


def test_tex_becomes_readable_text() -> None:
    assert search_index.tex_to_text(r"\Delta w_{ij} = \eta\, x_i\, x_j .") == "Δ w_ij = η x_i x_j ."
    assert search_index.tex_to_text(r"\frac{\partial E}{\partial w}") == "(∂ E)/(∂ w)"
    assert search_index.tex_to_text(r"\sum_j \mathrm{ReLU}(x)") == "∑_j ReLU(x)"


def test_improve_ranks_papers_and_strips_math(mini_ctx: SiteContext) -> None:
    index = {
        "config": {"lang": ["en"]},
        "docs": [
            {"location": "papers/oja1982simplified.html", "title": "A simplified neuron model",
             "text": r"<p>rule \(\Delta w = \eta y x\)</p> \[ y = w^T x \]"},
            {"location": "papers/oja1982simplified.html#summary", "title": "Summary", "text": "x"},
            {"location": "rules.html", "title": r"Rule \(x\)", "text": "Oja"},
        ],
    }  # fmt: skip
    records = search_index.paper_records(mini_ctx.kb, use_directory_urls=False)
    docs = search_index.improve(index, records)["docs"]
    page, section, other = docs
    assert page["title"] == "A simplified neuron model — Oja 1982"
    assert page["tags"] == ["oja1982simplified"] and page["boost"] > 1
    assert page["text"] == "<p>rule Δ w = η y x</p> y = w^T x"
    assert section["boost"] == page["boost"] and "tags" not in section
    assert "boost" not in other and other["title"] == "Rule x"


def test_rewrite_updates_the_json_and_the_offline_script(tmp_path: Path, mini_ctx) -> None:
    folder = tmp_path / "search"
    folder.mkdir()
    index = {"docs": [{"location": "a.html", "title": r"\(x\)", "text": ""}]}
    (folder / "search_index.json").write_text(json.dumps(index))
    (folder / "search_index.js").write_text("var __index = {}")
    assert search_index.rewrite(tmp_path, [])
    data = json.loads((folder / "search_index.json").read_text())
    assert data["docs"][0]["title"] == "x"
    assert (folder / "search_index.js").read_text() == "var __index = " + json.dumps(
        data, ensure_ascii=False
    )
    assert not search_index.rewrite(tmp_path / "nothing", [])


def test_key_script_maps_keys_and_dois_to_pages(mini_ctx: SiteContext) -> None:
    script = search_index.key_script(mini_ctx.kb, use_directory_urls=False)
    table = json.loads(script.removeprefix("window.NeuroKBKeys = ").rstrip(";\n"))
    for paper in mini_ctx.kb.papers.values():
        assert table[paper.key] == f"papers/{paper.key}.html"
        if paper.doi:
            assert table[paper.doi.lower()] == f"papers/{paper.key}.html"


def test_a_label_is_text_in_the_index() -> None:
    record = search_index.PaperRecord(
        "papers/x.html", "<img src=x onerror=alert(1)> & Co 2020", "x"
    )
    index = {"docs": [{"location": "papers/x.html", "title": "T", "text": ""}]}
    title = search_index.improve(index, [record])["docs"][0]["title"]
    assert title == "T — &lt;img src=x onerror=alert(1)&gt; &amp; Co 2020"
