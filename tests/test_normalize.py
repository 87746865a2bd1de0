"""Canonical identifier forms: what is accepted, what it becomes, what is refused."""

from __future__ import annotations

import pytest

from neurokb.core import normalize


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("10.1162/neco_a_01086", "10.1162/neco_a_01086"),
        ("https://doi.org/10.1162/NECO_a_01086", "10.1162/neco_a_01086"),
        ("http://dx.doi.org/10.1073/pnas.79.8.2554", "10.1073/pnas.79.8.2554"),
        ("doi: 10.7554/eLife.21492", "10.7554/elife.21492"),
    ],
)
def test_doi(raw: str, canonical: str) -> None:
    assert normalize.normalize_doi(raw) == canonical


@pytest.mark.parametrize("bad", ["10.1/x", "doi.org/abc", "11.1234/abc", "10.1234/has space"])
def test_bad_doi(bad: str) -> None:
    with pytest.raises(ValueError, match="not a DOI"):
        normalize.normalize_doi(bad)


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("1705.11146", "1705.11146"),
        ("arXiv:1705.11146v2", "1705.11146"),
        ("https://arxiv.org/abs/1911.09451v1", "1911.09451"),
        ("https://arxiv.org/pdf/1804.02464.pdf", "1804.02464"),
        ("q-bio/0401001v1", "q-bio/0401001"),
        ("math.GT/0309136", "math.GT/0309136"),
        ("0704.0001", "0704.0001"),
    ],
)
def test_arxiv(raw: str, canonical: str) -> None:
    assert normalize.normalize_arxiv(raw) == canonical


@pytest.mark.parametrize("bad", ["1713.11146", "17.05", "arxiv", "1705.111"])
def test_bad_arxiv(bad: str) -> None:
    with pytest.raises(ValueError):
        normalize.normalize_arxiv(bad)


def test_pmid_and_orcid() -> None:
    assert normalize.normalize_pmid("https://pubmed.ncbi.nlm.nih.gov/31942076/") == "31942076"
    assert normalize.normalize_pmid(22015923) == "22015923"
    with pytest.raises(ValueError):
        normalize.normalize_pmid("PMC123")
    assert (
        normalize.normalize_orcid("https://orcid.org/0000-0002-1825-0097") == "0000-0002-1825-0097"
    )
    assert normalize.normalize_orcid("0000-0002-1694-233X") == "0000-0002-1694-233X"
    with pytest.raises(ValueError, match="checksum"):
        normalize.normalize_orcid("0000-0002-1825-0098")


def test_fingerprint_and_folding() -> None:
    assert normalize.ascii_fold("Müller Łukasz Æsop") == "Muller Lukasz AEsop"
    assert normalize.title_fingerprint("SuperSpike:  Supervised   learning!") == (
        "superspike supervised learning"
    )
