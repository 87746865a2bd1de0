"""The page of one reference implementation: claim, figure, equations, parameters, source."""

from __future__ import annotations

import inspect
import sys

from neurokb.algorithms.base import Algorithm, Param
from neurokb.site import md, urls
from neurokb.site.context import SiteContext
from neurokb.site.paper_page import equations_block, paper_link


def _range(param: Param) -> str:
    if param.choices:
        return ", ".join(f"`{c}`" for c in param.choices)
    low = "" if param.minimum is None else f"{param.minimum:g}"
    high = "" if param.maximum is None else f"{param.maximum:g}"
    return f"{low} … {high}" if low or high else ""


def params_table(alg: Algorithm) -> str:
    if not alg.params:
        return ""
    rows = ["| Parameter | Default | Range | Meaning |", "| --- | ---: | --- | --- |"]
    for p in alg.params:
        rows.append(f"| `{p.name}` | `{p.default}` | {_range(p)} | {md.text(p.help)} |")
    return "\n".join(rows)


def metrics_table(metrics: dict[str, object]) -> str:
    if not metrics:
        return ""
    rows = ["| Metric | Value |", "| --- | ---: |"]
    for name, value in metrics.items():
        shown = f"{value:.4g}" if isinstance(value, float) else str(value)
        rows.append(f"| `{name}` | {md.text(shown)} |")
    return "\n".join(rows)


def code_equations(alg: Algorithm) -> str:
    """The equations the code computes, as display math for KaTeX (``$$ ... $$``).

    They are TeX written by the module's author in ``register(equations=...)``, so they are
    trusted code, not entry text.
    """
    return "\n\n".join(f"$$\n{tex}\n$$" for tex in alg.equations)


def module_path(alg: Algorithm) -> str:
    return alg.module.replace(".", "/") + ".py"


def render_algorithm_page(alg: Algorithm, ctx: SiteContext) -> str:
    """The Markdown page of ``alg`` (at ``algorithms/<name>.md``); its figure sits beside it."""
    kb, src = ctx.kb, urls.algorithm(alg.name)
    module = sys.modules[alg.module]
    papers = [kb.papers[k] for k in alg.papers if k in kb.papers]
    implements = md.bullet_list(paper_link(p, src) for p in papers)
    topic = (
        f"**Topic:** {md.link(kb.topics[alg.topic].name, urls.relative(src, urls.topic(alg.topic)))}"
        if alg.topic in kb.topics
        else ""
    )
    figure = ctx.figures.get(alg.name)
    figure_md = ""
    if figure is not None:
        image = urls.relative(src, urls.algorithm_figure(alg.name))
        figure_md = (
            f"![Figure of {md.text(alg.title)}]({image}){{ .nkb-figure loading=lazy }}\n\n"
            f"Drawn when the site was built, from `neurokb run {alg.name} --seed 0`. "
            "Metrics of that run:\n\n" + metrics_table(figure.metrics)
        )
    equations = "\n\n".join(
        f"From {paper_link(p, src)}:\n\n{equations_block(p)}" for p in papers if p.equations
    )
    doc = inspect.getdoc(module) or ""
    source = md.fenced(inspect.getsource(module), "python", title=module_path(alg))
    parts = [
        md.front_matter(alg.title, alg.claim),
        f"# {md.text(alg.title)}\n",
        f'!!! abstract "Claim"\n\n{md.indent(md.text(alg.claim))}\n',
        f"{alg.summary}\n" if alg.summary else "",
        md.section("Implements", implements),
        f"**Reproduces:** {md.text(alg.reproduces)}\n" if alg.reproduces else "",
        f"**Falls short:** {md.text(alg.limits)}\n" if alg.limits else "",
        topic + "\n" if topic else "",
        f"Run it: `neurokb run {alg.name} --seed 0 --json`\n",
        md.section("Figure", figure_md),
        md.section("Equations of this implementation", code_equations(alg)),
        md.section("Equations from the papers", equations),
        md.section("How it works", doc),
        md.section("Parameters", params_table(alg)),
        md.section("Source", f'??? example "{module_path(alg)}"\n\n{md.indent(source)}'),
    ]
    return "\n".join(p for p in parts if p)


def render_algorithm_index(ctx: SiteContext) -> str:
    """All reference implementations with their claims."""
    src = urls.ALGORITHM_INDEX
    items = []
    for alg in ctx.algorithms.values():
        link = md.link(alg.title, urls.relative(src, urls.algorithm(alg.name)))
        item = f"- {link} (`{alg.name}`)  \n  {md.text(alg.claim)}"
        if alg.reproduces:
            item += f"  \n  *Reproduces:* {md.text(alg.reproduces)}"
        if alg.limits:
            item += f"  \n  *Falls short:* {md.text(alg.limits)}"
        items.append(item)
    return (
        md.front_matter("Algorithms", "Runnable reference implementations of NeuroAI algorithms")
        + "# Algorithms\n\nSmall NumPy implementations of key algorithms. Each states the "
        "published number or behaviour it reproduces (checked by a test over several seeds, "
        "and a mutation test shows the check fails for plausible wrong variants) and where it "
        "falls short of the paper. Run one with `neurokb run NAME`; each page shows the "
        "figure drawn when the site was built, the equations the code computes and the full "
        "source.\n\n" + "\n".join(items) + "\n"
    )
