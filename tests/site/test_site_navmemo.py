"""Pages that share a place (neurokb/site/navmemo.py) get the same relative links to every
target, as MkDocs makes them; whole sites with and without the kept navigation are compared
in tests/site/test_site_convert.py."""

from __future__ import annotations

import random

from mkdocs.utils import get_relative_url

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
    targets = ["papers/", "papers/a/"]
    assert place("papers/a/", targets) != place("papers/b/", targets)
    assert place("papers/b/", targets) == place("papers/c/", targets)
    assert place("papers/a/", ["topics/"]) == place("papers/b/", ["topics/"])
    assert place("a/../b/", targets) is None
