"""Page renderers on the mini KB: what each generated page links to and shows."""

from __future__ import annotations

import re

from sitehelpers import render_markdown

from neurokb.graph import author_index
from neurokb.site import urls
from neurokb.site.algorithm_page import render_algorithm_index, render_algorithm_page
from neurokb.site.author_page import render_author_index, render_author_page
from neurokb.site.build import generate
from neurokb.site.context import SiteContext
from neurokb.site.figures import Figure
from neurokb.site.listings import render_timeline
from neurokb.site.paper_page import render_paper_page
from neurokb.site.topic_page import render_topic_index, render_topic_page


def _links(page: str) -> list[str]:
    return re.findall(r"\]\(([^) ]+)", page)


def test_paper_page_has_facts_links_and_citations(mini_ctx: SiteContext) -> None:
    kb = mini_ctx.kb
    paper = kb.papers["zenke2018superspike"]
    page = render_paper_page(paper, mini_ctx)
    assert page.startswith("---\ntitle: ")
    assert "https://doi.org/10.1234/test.superspike" in page
    zenke = author_index(kb).id_of(paper.authors[0])
    assert f"../authors/{zenke}.md" in _links(page)
    assert "vanrossum2001novel.md" in _links(page)  # what it cites, as a sibling page
    assert "```bibtex\n" in page and "@article{zenke2018superspike" in page.replace(" ", "")
    assert "../downloads/papers/zenke2018superspike.bib" in _links(page)
    for topic in paper.topics:
        assert f"../topics/{topic}.md" in _links(page)


def test_cited_paper_lists_its_citers(mini_ctx: SiteContext) -> None:
    page = render_paper_page(mini_ctx.kb.papers["hebb1949organization"], mini_ctx)
    cited_by = page.split("## Cited by", 1)[1].split("\n## ", 1)[0]
    for key in ("hopfield1982neural", "oja1982simplified", "zenke2015diverse"):
        assert f"({key}.md)" in cited_by


def test_paper_page_links_its_implementation(mini_ctx: SiteContext) -> None:
    page = render_paper_page(mini_ctx.kb.papers["hopfield1982neural"], mini_ctx)
    assert "../algorithms/hopfield.md" in _links(page)


def test_paper_page_renders_to_html_with_math(mini_ctx: SiteContext) -> None:
    for paper in mini_ctx.kb.papers.values():
        html = render_markdown(render_paper_page(paper, mini_ctx))
        assert "<h1" in html
        if paper.equations:
            assert 'class="arithmatex nkb-display"' in html


def test_topic_page_shows_tree_reading_list_and_download(mini_ctx: SiteContext) -> None:
    topic = mini_ctx.kb.topics["synaptic-plasticity"]
    page = render_topic_page(topic, mini_ctx)
    assert "hebbian-learning.md" in _links(page)  # subtopic
    assert "neuron-level.md" in _links(page)  # parent
    reading = page.split("## Reading list", 1)[1].split("\n## ", 1)[0]
    order = re.findall(r"\(\.\./papers/([a-z0-9_-]+)\.md\)", reading)
    assert order.index("hebb1949organization") < order.index("oja1982simplified")
    assert "../downloads/topics/synaptic-plasticity.bib" in _links(page)
    assert 'class="nkb-graph"' in page and "data-graph=" in page


def test_topic_index_nests_subtopics(mini_ctx: SiteContext) -> None:
    page = render_topic_index(mini_ctx)
    lines = page.splitlines()
    parent = next(i for i, line in enumerate(lines) if "(synaptic-plasticity.md)" in line)
    child = next(i for i, line in enumerate(lines) if "(hebbian-learning.md)" in line)
    assert child > parent
    assert len(lines[child]) - len(lines[child].lstrip()) > len(lines[parent]) - len(
        lines[parent].lstrip()
    )


def test_author_spellings_share_one_page(mini_ctx: SiteContext) -> None:
    index = author_index(mini_ctx.kb)
    zenke = index.authors[index.id_of(mini_ctx.kb.papers["zenke2018superspike"].authors[0])]
    page = render_author_page(zenke, mini_ctx)
    assert "../papers/zenke2015diverse.md" in _links(page)
    assert "../papers/zenke2018superspike.md" in _links(page)
    assert f"({urls.relative(urls.AUTHOR_INDEX, urls.author(zenke.id))})" in render_author_index(
        mini_ctx
    )


def test_timeline_is_newest_first_and_links_each_year_page(mini_ctx: SiteContext) -> None:
    page = render_timeline(mini_ctx)
    years = [int(y) for y in re.findall(r"^## \[(\d{4})\]\(years/\1\.md\)$", page, re.M)]
    assert years == sorted(years, reverse=True) and 1949 in years


def test_algorithm_page_shows_claim_figure_params_and_source(mini_ctx: SiteContext) -> None:
    alg = mini_ctx.algorithms["hopfield"]
    ctx = SiteContext(mini_ctx.kb, mini_ctx.algorithms, {"hopfield": Figure(b"png", {"m": 0.5})})
    page = render_algorithm_page(alg, ctx)
    assert alg.claim.split()[0] in page
    assert "(hopfield.png)" in page
    assert "| `N` |" in page  # parameters table
    assert 'title="neurokb/algorithms/hopfield.py"' in page
    assert "../papers/hopfield1982neural.md" in _links(page)
    assert "(hopfield.md)" in render_algorithm_index(ctx)


def test_algorithm_page_renders_the_codes_equations_as_katex_math(mini_ctx: SiteContext) -> None:
    """Display math (``$$ ... $$``, which arithmatex hands to KaTeX), plus what the
    implementation reproduces and where it falls short, on the page and in the index."""
    alg = mini_ctx.algorithms["hopfield"]
    page = render_algorithm_page(alg, mini_ctx)
    assert alg.equations and f"$$\n{alg.equations[0]}\n$$" in page
    assert "**Reproduces:**" in page and "**Falls short:**" in page
    index = render_algorithm_index(mini_ctx)
    assert "*Reproduces:*" in index and "*Falls short:*" in index
    assert "each reproducing a published result" not in index


def test_generate_makes_every_page_once_with_edit_paths(mini_ctx: SiteContext) -> None:
    files = generate(mini_ctx)
    srcs = [f.src_uri for f in files]
    assert len(srcs) == len(set(srcs))
    kb = mini_ctx.kb
    for key in kb.papers:
        assert urls.paper(key) in srcs and urls.paper_bib(key) in srcs
    for topic_id in kb.topics:
        assert urls.topic(topic_id) in srcs and urls.topic_bib(topic_id) in srcs
    for author_id in author_index(kb).authors:
        assert urls.author(author_id) in srcs
    edit = {f.src_uri: f.edit_path for f in files}
    assert edit[urls.paper("hebb1949organization")] == "entries/papers/hebb1949organization.yaml"
    assert edit[urls.topic("neuroai")] == "entries/topics/neuroai.yaml"
    for required in (
        urls.GRAPH,
        urls.GRAPH_DATA,
        urls.TIMELINE,
        urls.KB_BIB,
        urls.KB_CSL,
        urls.KB_RIS,
    ):
        assert required in srcs


def test_topic_narrative_links_its_citations_and_lists_the_cited_papers(tmp_path) -> None:
    from kbfixtures import load, mini_kb, write_topic

    from neurokb.algorithms.base import registry

    mini_kb(tmp_path)
    write_topic(
        tmp_path, "memory", parents=["neuroai"],
        summary="Memories as attractors [@hopfield1982neural] and\n"
        "cell assemblies [see @hebb1949organization, ch. 4].",
    )  # fmt: skip
    ctx = SiteContext(load(tmp_path), registry())
    page = render_topic_page(ctx.kb.topics["memory"], ctx)
    assert "[@" not in page
    assert "([Hopfield, 1982](../papers/hopfield1982neural.md))" in page
    assert "(see [Hebb, 1949](../papers/hebb1949organization.md), ch. 4)" in page
    listed = page.split("## Papers by year", 1)[1].split("\n## ", 1)[0]
    assert "(../papers/hebb1949organization.md)" in listed  # filed under hebbian-learning only
    assert "(../papers/hopfield1982neural.md)" in listed
    assert "## References" not in page  # the narrative's papers are in the list, not repeated


def test_paper_summary_and_notes_link_their_citations(tmp_path) -> None:
    from kbfixtures import load, mini_kb, write_paper

    from neurokb.algorithms.base import registry

    mini_kb(tmp_path)
    write_paper(
        tmp_path, "doe2020citing", topics=["memory"], summary="Extends [@hopfield1982neural].",
        notes="Year checked as in [@hebb1949organization].",
    )  # fmt: skip
    ctx = SiteContext(load(tmp_path), registry())
    page = render_paper_page(ctx.kb.papers["doe2020citing"], ctx)
    assert "Extends ([Hopfield, 1982](hopfield1982neural.md))." in page
    assert "as in ([Hebb, 1949](hebb1949organization.md))." in page


def test_home_page_coverage_comes_from_the_stats_core(mini_ctx: SiteContext) -> None:
    from neurokb.explore.stats import coverage
    from neurokb.site.home import MARKER, insert_coverage

    page = insert_coverage(f"# Home\n\n{MARKER}\n\nMore text.\n", mini_ctx.kb, "index.md")
    data = coverage(mini_ctx.kb)
    assert MARKER not in page and page.endswith("\n\nMore text.\n")
    assert f"**{data['papers']}** papers on **{len(mini_ctx.kb.topics)}** topics" in page
    assert "**9** `cites` links" in page and "(**0.90** per paper)" in page
    assert "**10%** of the papers have a DOI, **10%** an arXiv id and **0%** a PubMed id" in page
    assert "    | 1982 | 2 |" in page  # inside the collapsed "Papers per year" block
    assert "    | [Hebbian learning](topics/hebbian-learning.md) | 3 | 3 |" in page
    assert insert_coverage("# No marker\n", mini_ctx.kb, "index.md") == "# No marker\n"


def test_paper_page_shows_corrections_with_their_evidence(tmp_path) -> None:
    from kbfixtures import load, mini_kb, write_paper

    from neurokb.algorithms.base import registry

    mini_kb(tmp_path)
    write_paper(
        tmp_path, "doe2014fixed", topics=["memory"],
        corrections=[
            {"field": "volume", "source_value": "334", "value": "344", "source": "PMID 24876345",
             "note": "A reading list gives 334."},
            {"field": "venue", "source_value": "Cell", "value": "Neuron",
             "source": "doi:10.1016/j.neuron.2017.06.011"},
            {"field": "title", "source_value": "x | y", "value": "x",
             "source": "javascript:alert(1)"},
        ],
    )  # fmt: skip
    ctx = SiteContext(load(tmp_path), registry())
    page = render_paper_page(ctx.kb.papers["doe2014fixed"], ctx)
    table = page.split("## Corrections", 1)[1].split("\n## ", 1)[0]
    assert "| Field | The source said | Corrected to | Evidence |" in table
    assert (
        "| volume | 334 | 344 | [PMID 24876345](https://pubmed.ncbi.nlm.nih.gov/24876345/)"
        " — A reading list gives 334. |" in table
    )
    assert "(https://doi.org/10.1016/j.neuron.2017.06.011)" in table
    assert "| x \\| y | x | javascript\\:alert\\(1\\) |" in table  # text, never a link
    assert "## Corrections" not in render_paper_page(ctx.kb.papers["hebb1949organization"], ctx)


# ASCII stand-ins for math that must not survive in prose: a transpose, a power, a signed
# learning rate, a square root or a Greek letter spelled out next to an operator.
_ASCII_MATH = re.compile(
    r"\^T\b|\^-?\d|\b(?:alpha|sigma|eta|lambda|theta|delta|tau|beta|gamma)[-+^_]|sqrt\(|\|\|"
)


def _how_it_works_html(page: str) -> str:
    section = page.split("## How it works", 1)[1].split("\n## ", 1)[0]
    return render_markdown(section)


def test_algorithm_docstrings_render_their_math_with_katex(mini_ctx: SiteContext) -> None:
    """The "How it works" text of every algorithm writes its math as TeX that arithmatex hands
    to KaTeX, not as code or ASCII (``W^T``, ``alpha+``, ``sigma^2``), and no ``$`` is left
    for the reader to see."""
    for name, alg in mini_ctx.algorithms.items():
        html = _how_it_works_html(render_algorithm_page(alg, mini_ctx))
        assert 'class="arithmatex"' in html, name
        prose = re.sub(r'<(span|div) class="arithmatex">.*?</\1>', " ", html, flags=re.S)
        prose = re.sub(r"<code>.*?</code>", " ", prose, flags=re.S)
        assert "<pre>" not in prose, f"{name}: an equation left as a code block"
        assert "$" not in prose, f"{name}: a raw $ in the prose"
        found = _ASCII_MATH.findall(prose)
        assert not found, f"{name}: ASCII math outside $...$: {found}"
