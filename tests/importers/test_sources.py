"""Each source against its recorded answers: fields mapped, names split, failures explained."""

from __future__ import annotations

import pytest

from neurokb.importers import Client, ImportFailed, fetch_record
from neurokb.importers.authors import split
from neurokb.importers.http import USER_AGENT
from neurokb.importers.pubmed import expand_pages

# Answers from the local server: a generous timeout, so a loaded machine cannot fail them.
FAST = Client(timeout=10.0, retries=1, backoff=0.01)
SHORT = Client(timeout=0.3, retries=1, backoff=0.01)  # for the server that sleeps 1 s


def test_crossref_journal_article(services: str) -> None:
    record = fetch_record(doi="https://doi.org/10.1162/NECO_A_01086", client=FAST)
    assert record.data == {
        "title": "SuperSpike: Supervised Learning in Multilayer Spiking Neural Networks",
        "authors": ["Zenke, Friedemann", "Ganguli, Surya"],
        "year": 2018,
        "month": 6,
        "type": "article",
        "venue": "Neural Computation",
        "volume": "30",
        "issue": "6",
        "pages": "1514-1541",
        "doi": "10.1162/neco_a_01086",
    }


def test_crossref_book_chapter_uses_the_book_title(services: str) -> None:
    record = fetch_record(doi="10.1007/978-3-642-46466-9_18", client=FAST)
    assert record.data["type"] == "chapter"
    assert record.data["venue"] == "Competition and Cooperation in Neural Nets"
    assert record.data["publisher"] == "Springer Berlin Heidelberg"
    assert record.data["isbn"] == "9783540115740"


def test_arxiv_atom(services: str) -> None:
    record = fetch_record(arxiv="arXiv:1705.11146v2", client=FAST)
    assert (
        record.data["title"]
        == "SuperSpike: Supervised learning in multi-layer spiking neural networks"
    )
    assert record.data["authors"] == ["Zenke, Friedemann", "Ganguli, Surya"]
    assert (record.data["year"], record.data["month"]) == (2017, 5)
    assert record.data["type"] == "preprint" and record.data["venue"] == "arXiv"
    assert record.data["arxiv"] == "1705.11146"
    assert any("10.1162/neco_a_01086" in remark for remark in record.remarks)


def test_pubmed_efetch(services: str) -> None:
    record = fetch_record(pmid="29652587", client=FAST)
    assert (
        record.data["title"]
        == "SuperSpike: Supervised Learning in Multilayer Spiking Neural Networks"
    )
    assert record.data["authors"] == ["Zenke, Friedemann", "Ganguli, Surya"]
    assert record.data["venue"] == "Neural computation"
    assert record.data["doi"] == "10.1162/neco_a_01086"
    assert record.data["pmid"] == "29652587"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"doi": "10.1234/does-not-exist"}, "was not found"),
        ({"arxiv": "1712.99999"}, "arXiv has no paper 1712.99999"),
        ({"pmid": "1"}, "PubMed has no record 1"),
        ({"doi": "not a doi"}, "is not a DOI"),
    ],
)
def test_unknown_identifiers(services: str, kwargs: dict[str, str], message: str) -> None:
    with pytest.raises(ImportFailed, match=message):
        fetch_record(client=FAST, **kwargs)


def test_timeout_and_unreachable(services: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEUROKB_CROSSREF_URL", f"{services}/slow")
    with pytest.raises(ImportFailed, match=r"no answer within 0.3 s"):
        fetch_record(doi="10.1162/neco_a_01086", client=SHORT)
    monkeypatch.setenv("NEUROKB_CROSSREF_URL", "http://127.0.0.1:9")  # discard port: refused
    with pytest.raises(ImportFailed, match="cannot reach"):
        fetch_record(doi="10.1162/neco_a_01086", client=SHORT)


def test_retries_politely_with_user_agent(services: str, recorded_server, monkeypatch) -> None:
    monkeypatch.setenv("NEUROKB_CROSSREF_URL", f"{services}/flaky/crossref")
    record = fetch_record(doi="10.1162/neco_a_01086", client=FAST)
    assert record.data["doi"] == "10.1162/neco_a_01086"
    flaky = [ua for path, ua in recorded_server.requests if path.startswith("/flaky/")]
    assert len(flaky) == 2 and set(flaky) == {USER_AGENT}
    assert "mailto:" in USER_AGENT


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Mark C. W. van Rossum", "van Rossum, Mark C. W."),
        ("Friedemann Zenke", "Zenke, Friedemann"),
        ("Howard, III, Matthew A.", {"family": "Howard", "given": "Matthew A.", "suffix": "III"}),
        ("Plato", {"family": "Plato"}),
    ],
)
def test_name_splitting(name: str, expected: object) -> None:
    assert split(name) == expected


def test_medline_page_ranges_are_expanded() -> None:
    assert expand_pages("1514-41") == "1514-1541"
    assert expand_pages("e1005268") == "e1005268"
