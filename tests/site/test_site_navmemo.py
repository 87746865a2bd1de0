"""Pages that share a place (neurokb/site/navmemo.py) get the same relative links to every
target, as MkDocs makes them; whole sites with and without the kept navigation are compared
in tests/site/test_site_convert.py."""

from __future__ import annotations

import random

import jinja2
from mkdocs.utils import get_relative_url

from neurokb.site import navmemo
from neurokb.site.navmemo import place

PARTS = ["papers", "authors", "topics", "a", "ab", "b", "index.html", "x.html", "years"]


def _url(rng: random.Random) -> str:
    parts = [rng.choice(PARTS) for _ in range(rng.randint(0, 4))]
    return "/".join(parts) + rng.choice(["/", "", ""])


def test_pages_of_one_place_link_every_target_alike() -> None:
    rng = random.Random(19)
    for _ in range(300):
        targets = [_url(rng) for _ in range(rng.randint(1, 12))]
        by_place: dict[object, tuple[str, ...]] = {}
        for _ in range(60):
            url = _url(rng)
            key = place(url, targets)
            if key is None:
                continue
            links = (get_relative_url(".", url), *(get_relative_url(t, url) for t in targets))
            assert by_place.setdefault(key, links) == links, (url, targets)


def test_a_target_inside_a_folder_keeps_its_pages_apart() -> None:
    targets = ["papers/", "papers/k1/"]
    assert place("papers/k1/", targets) != place("papers/k2/", targets)
    assert place("papers/k2/", targets) == place("papers/c/", targets)
    assert place("papers/k1/", ["topics/"]) == place("papers/k2/", ["topics/"])
    assert place("a/../b/", targets) is None


class _File:
    def __init__(self, src_uri: str) -> None:
        self.src_uri = src_uri


class _Page:
    def __init__(self, url: str, parent: object = None) -> None:
        self.url, self.parent, self.file = url, parent, _File(url + "index.md")


class _Nav:
    def __init__(self, pages: list[_Page]) -> None:
        self.pages = self.items = pages
        self.homepage = pages[0]


def test_an_included_partial_renders_once_per_place() -> None:
    renders: list[str] = []

    def seen(page: _Page) -> str:
        renders.append(page.url)
        return f"nav seen from {page.url}"

    env = jinja2.Environment(
        loader=jinja2.DictLoader(
            {
                "main.html": "<{% include 'partials/nav.html' %}>",
                "partials/nav.html": "{{ seen(page) }}",
            }
        )
    )
    env.globals["seen"] = seen
    home, section = _Page(""), _Page("topics/")
    navmemo.install(env, _Nav([home, section]), {})
    main = env.get_template("main.html")
    out = [main.render(page=page) for page in (_Page("papers/k1/"), _Page("papers/k2/"), section)]
    assert out == [
        "<nav seen from papers/k1/>",
        "<nav seen from papers/k1/>",
        "<nav seen from topics/>",
    ]
    assert renders == ["papers/k1/", "topics/"]  # a page in the nav is always rendered


def test_a_fixed_block_renders_once_per_place() -> None:
    renders: list[str] = []
    env = jinja2.Environment(
        loader=jinja2.DictLoader(
            {
                "base.html": "[{% block config %}{{ seen(page) }}{% endblock %}|{{ page.url }}]",
                "main.html": "{% extends 'base.html' %}",
            }
        )
    )
    env.globals["seen"] = lambda page: renders.append(page.url) or "fixed"
    navmemo.install(env, _Nav([_Page("")]), {})
    main = env.get_template("main.html")
    out = [main.render(page=_Page(url)) for url in ("papers/k1/", "papers/k2/", "k1/")]
    assert out == ["[fixed|papers/k1/]", "[fixed|papers/k2/]", "[fixed|k1/]"]
    assert renders == ["papers/k1/", "k1/"]
