"""Search: tokenizing, the query language, BM25 ranking, prefixes, phrases, filters, listing."""

from __future__ import annotations

from pathlib import Path

import pytest
from kbfixtures import load, mini_kb, write_paper, write_topic

from neurokb.core.errors import NeuroKBError
from neurokb.core.kb import KnowledgeBase
from neurokb.core.models import PaperType
from neurokb.search import (
    Filters,
    SortBy,
    YearRange,
    list_papers,
    paper_index,
    parse_query,
    parse_years,
    search,
)
from neurokb.search.bm25 import BM25Index
from neurokb.search.text import tokenize


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    return load(mini_kb(tmp_path_factory.mktemp("mini")))


def keys(kb: KnowledgeBase, query: str) -> list[str]:
    return [hit.key for hit in search(kb, query)]


# -- text and query language -------------------------------------------------------------------
def test_tokenize_folds_case_accents_and_punctuation() -> None:
    assert tokenize("Müller's Free-energy PRINCIPLE, 2010!") == [
        "muller", "s", "free", "energy", "principle", "2010",
    ]  # fmt: skip


def test_parse_query_separates_words_phrases_and_filters() -> None:
    query = parse_query('spiking "surrogate gradient" plastic* author:"van rossum" year:2016..')
    assert [(w.text, w.prefix) for w in query.words] == [("spiking", False), ("plastic", True)]
    assert query.phrases == (("surrogate", "gradient"),)
    assert query.filters.authors == ("van rossum",)
    assert query.filters.years == YearRange(2016, None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2016", YearRange(2016, 2016)), ("2016..2018", YearRange(2016, 2018)),
     ("2016-2018", YearRange(2016, 2018)), ("..1990", YearRange(None, 1990)),
     ("2016..", YearRange(2016, None))],
)  # fmt: skip
def test_year_ranges(text: str, expected: YearRange) -> None:
    assert parse_years(text) == expected


@pytest.mark.parametrize(
    ("query", "message", "hint"),
    [
        ("year:abc", "'abc' is not a year", "2016..2018"),
        ("year:2020..2010", "is empty", "2010..2020"),
        ("type:journal", "unknown type 'journal'", "article"),
        ("autor:zenke", "unknown search field 'autor:'", "did you mean author:?"),
        ("doi:nonsense", "is not a DOI", "doi:10."),
        ("  ", "no words to search for", "author:zenke"),
        ("topic:", "'topic:' needs a value", "topic:spiking-neural-networks"),
    ],
)
def test_malformed_queries_say_how_to_fix_them(
    kb: KnowledgeBase, query: str, message: str, hint: str
) -> None:
    with pytest.raises(NeuroKBError) as info:
        search(kb, query)
    assert message in str(info.value)
    assert hint in info.value.hint


def test_a_colon_followed_by_a_space_is_text(kb: KnowledgeBase) -> None:
    assert keys(kb, "SuperSpike: supervised")[0] == "zenke2018superspike"


# -- ranking ---------------------------------------------------------------------------------------
def test_exact_title_comes_first_in_the_mini_kb(kb: KnowledgeBase) -> None:
    for paper in kb.papers.values():
        assert keys(kb, paper.title)[0] == paper.key, paper.title


def test_exact_title_comes_first_in_the_shipped_kb(shipped_kb: KnowledgeBase) -> None:
    for paper in shipped_kb.papers.values():
        hits = search(shipped_kb, paper.title, limit=1)
        assert hits and hits[0].key == paper.key, paper.title


def test_key_finds_its_paper(kb: KnowledgeBase) -> None:
    assert keys(kb, "oja1982simplified") == ["oja1982simplified"]


def test_title_words_outrank_summary_words(kb: KnowledgeBase) -> None:
    # "spike" is in vanrossum2001novel's title; the surrogate-gradient paper only says "spiking"
    hits = search(kb, "spike")
    assert hits[0].key == "vanrossum2001novel"
    assert "title" in hits[0].matched


def test_every_word_must_match(kb: KnowledgeBase) -> None:
    assert keys(kb, "hebbian decay") == ["oja1982simplified"]


def test_no_paper_has_every_word_so_any_word_counts(kb: KnowledgeBase) -> None:
    found = keys(kb, "hopfeld attractors")  # misspelt name: fall back to either word
    assert found == ["hopfield1982neural"]


def test_results_are_ordered_by_score_then_year(kb: KnowledgeBase) -> None:
    hits = search(kb, "plasticity")
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)


def test_limit(kb: KnowledgeBase) -> None:
    assert len(search(kb, "plasticity", limit=2)) == 2


# -- prefixes, phrases, folding --------------------------------------------------------------------
def test_plain_partial_words_match_at_lower_weight(kb: KnowledgeBase) -> None:
    plain = {h.key: h.score for h in search(kb, "plastic")}
    starred = {h.key: h.score for h in search(kb, "plastic*")}
    assert "zenke2015diverse" in plain  # only says "plasticity"
    assert plain.keys() == starred.keys()
    assert plain["zenke2015diverse"] < starred["zenke2015diverse"]
    assert next(iter(plain)) == "miconi2018differentiable"  # "plastic" itself, in the title


def test_short_words_are_not_expanded(kb: KnowledgeBase) -> None:
    assert "muller2020model" not in keys(kb, "mo")  # would expand to "model", "memories"...


def test_phrases_need_the_words_together(kb: KnowledgeBase) -> None:
    assert keys(kb, '"spike distance"') == ["vanrossum2001novel"]
    with pytest.raises(AssertionError):
        assert keys(kb, '"distance spike"')


def test_ascii_folding(kb: KnowledgeBase) -> None:
    assert keys(kb, "muller") == keys(kb, "Müller") == ["muller2020model"]


def test_topic_names_and_aliases_are_searchable(kb: KnowledgeBase) -> None:
    assert set(keys(kb, '"hebb s rule"')) == {
        "hebb1949organization", "oja1982simplified", "miconi2018differentiable",
    }  # fmt: skip


# -- filters ---------------------------------------------------------------------------------------
def test_author_filter_merges_spellings(kb: KnowledgeBase) -> None:
    assert keys(kb, "author:zenke") == ["zenke2015diverse", "zenke2018superspike"]
    assert keys(kb, "author:zenke-f") == ["zenke2015diverse", "zenke2018superspike"]
    assert keys(kb, 'author:"van rossum"') == ["vanrossum2001novel"]
    assert keys(kb, "author:zenke author:ganguli") == ["zenke2018superspike"]


def test_topic_filter_includes_subtopics(kb: KnowledgeBase) -> None:
    found = keys(kb, "topic:synaptic-plasticity")
    assert "oja1982simplified" in found  # about hebbian-learning, a subtopic
    assert "vanrossum2001novel" not in found
    assert keys(kb, "topic:hebbian-learning year:2018") == ["miconi2018differentiable"]


def test_filters_combine_with_words(kb: KnowledgeBase) -> None:
    assert keys(kb, "spiking year:2016..2020") == ["zenke2018superspike"]
    assert set(keys(kb, "spiking year:..2015")) == {"zenke2015diverse", "vanrossum2001novel"}


def test_venue_type_and_identifier_filters(kb: KnowledgeBase) -> None:
    assert keys(kb, "venue:nature") == ["zenke2015diverse", "alpha2019first", "beta2019second"]
    assert keys(kb, 'venue:"nature communications"') == ["zenke2015diverse"]
    assert keys(kb, "type:preprint") == ["muller2020model"]
    assert keys(kb, "type:book type:preprint") == ["hebb1949organization", "muller2020model"]
    assert keys(kb, "doi:https://doi.org/10.1234/TEST.superspike") == ["zenke2018superspike"]
    assert keys(kb, "arxiv:1804.02464v2") == ["miconi2018differentiable"]


def test_unknown_topic_and_author_suggest(kb: KnowledgeBase) -> None:
    with pytest.raises(NeuroKBError) as info:
        search(kb, "topic:hebbian-lerning")
    assert "hebbian-learning" in info.value.hint
    with pytest.raises(NeuroKBError) as info:
        search(kb, "author:zneke")
    assert "Zenke" in info.value.hint


def test_topic_filter_accepts_names_and_aliases(kb: KnowledgeBase) -> None:
    assert keys(kb, 'topic:"hebb\'s rule"') == keys(kb, "topic:hebbian-learning")


# -- list ------------------------------------------------------------------------------------------
def test_list_sorts(kb: KnowledgeBase) -> None:
    by_year = [p.key for p in list_papers(kb, Filters())]
    assert by_year[:3] == ["hebb1949organization", "hopfield1982neural", "oja1982simplified"]
    cited = list_papers(kb, Filters(), SortBy.CITED)
    assert cited[0].key == "hebb1949organization"
    titles = [p.title.lower() for p in list_papers(kb, Filters(), SortBy.TITLE)]
    assert titles == sorted(titles)
    assert [p.key for p in list_papers(kb, Filters(), reverse=True)] == by_year[::-1]


def test_list_filters(kb: KnowledgeBase) -> None:
    found = list_papers(kb, Filters(topics=("memory",), years=YearRange(2019, None)))
    assert [p.key for p in found] == ["alpha2019first", "beta2019second", "muller2020model"]
    found = list_papers(kb, Filters(types=(PaperType.INPROCEEDINGS,)))
    assert [p.key for p in found] == ["miconi2018differentiable"]


# -- the index -------------------------------------------------------------------------------------
def test_index_is_built_once_per_kb(kb: KnowledgeBase) -> None:
    assert paper_index(kb) is paper_index(kb)


def test_bm25_prefers_the_shorter_field_and_the_rarer_term() -> None:
    index = BM25Index(
        [{"t": "spike"}, {"t": "spike train analysis of many long recordings"}, {"t": "train"}],
        {"t": 1.0},
    )
    assert index.idf("spike") == index.idf("train")
    from neurokb.search.bm25 import Scores

    scores = Scores()
    index.add_term(scores, "spike")
    assert scores.score[0] > scores.score[1] > 0
    assert index.expand("sp") == ["spike"]


def test_new_entries_appear_in_a_new_kb(tmp_path: Path) -> None:
    write_topic(tmp_path, "t")
    write_paper(tmp_path, "a2020one", title="Dendritic computation", topics=["t"])
    assert keys(load(tmp_path), "dendritic") == ["a2020one"]
    write_paper(tmp_path, "b2021two", title="Dendritic spikes", topics=["t"])
    assert keys(load(tmp_path), "dendritic") == ["a2020one", "b2021two"]  # tie: older first


def test_misspelt_words_get_suggestions(kb: KnowledgeBase) -> None:
    from neurokb.search import misspelt

    assert misspelt(kb, "hopfeld network") == {"hopfeld": ["hopfield"]}
    assert misspelt(kb, "hopfield plastic the") == {}  # known, a prefix, a stop word
    assert misspelt(kb, "qqqq") == {"qqqq": []}
