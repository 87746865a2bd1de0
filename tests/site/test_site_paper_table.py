"""The papers table's data and page, and the pages per year."""

from __future__ import annotations

import json
import re

from sitehelpers import render_markdown

from neurokb.site import paper_table, urls
from neurokb.site.build import generate
from neurokb.site.context import SiteContext


def test_table_data_has_a_row_per_paper_newest_first(mini_ctx: SiteContext) -> None:
    data = paper_table.table_data(mini_ctx)
    rows = data["rows"]
    assert sorted(r[0] for r in rows) == sorted(mini_ctx.kb.papers)
    years = [r[1] for r in rows]
    assert years == sorted(years, reverse=True)
    oja = next(r for r in rows if r[0] == "oja1982simplified")
    topics = [t[0] for t in data["topics"]]
    assert [topics[i] for i in oja[6]] == mini_ctx.kb.papers["oja1982simplified"].topics
    assert oja[3] == "Oja" and "Oja" in oja[4]
    assert data["urls"]["paper"] == ["papers/", ".html"]


def test_index_page_loads_its_data_and_links_every_year(mini_ctx: SiteContext) -> None:
    page = paper_table.render_index(mini_ctx)
    assert 'data-source="NeuroKBPapers"' in page
    assert '<script src="../assets/neurokb/papers-data.js">' in page
    for year in {p.year for p in mini_ctx.kb.papers.values()}:
        assert f"](../years/{year}.md)" in page


def test_a_page_per_year_lists_that_years_papers(mini_ctx: SiteContext) -> None:
    srcs = {f.src_uri: f.content for f in generate(mini_ctx)}
    kb = mini_ctx.kb
    for year in {p.year for p in kb.papers.values()}:
        page = srcs[f"years/{year}.md"]
        keys = [p.key for p in kb.papers.values() if p.year == year]
        assert all(f"../papers/{k}.md" in page for k in keys)
        assert len(re.findall(r"\.\./papers/(?!index)", page)) == len(keys)
        assert "<table>" in render_markdown(page)
    script = srcs[paper_table.DATA]
    assert script.startswith("window.NeuroKBPapers = ")
    data = json.loads(script.removeprefix("window.NeuroKBPapers = ").rstrip(";\n"))
    assert len(data["rows"]) == len(kb.papers)
    assert urls.PAPER_INDEX in srcs


def test_hostile_title_stays_data(mini_ctx: SiteContext) -> None:
    paper = mini_ctx.kb.papers["oja1982simplified"]
    hostile = paper.model_copy(update={"title": "<img src=x onerror=alert(1)> *x*"})
    page = paper_table.render_year(mini_ctx, hostile.year, [hostile])
    html = render_markdown(page)
    assert "<img" not in html and "&lt;img" in html
