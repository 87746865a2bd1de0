"""Named checks across entries: references resolve, identifiers are unique, no cycles.

Each check is a plain function ``(papers, topics, sources, context) -> problems`` registered in
:data:`CHECKS`, so a new rule is one function and one row in the code table, and a test can run
a single check. Entries with reference problems stay in the knowledge base (a dangling ``cites``
item is dropped from the graph, not the paper); ``neurokb validate`` still fails on them.

The :class:`Context` carries what a single check cannot see in the entries: the reference
fields of files that did not validate (so their unknown topics and cites are reported in the
same run as their field errors, not one fix later) and the papers named on the command line
(a duplicate is reported on the named, new file, whichever key sorts first).
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, KeysView
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from neurokb.core.errors import Problem, did_you_mean
from neurokb.core.ids import EntryId
from neurokb.core.kb import Source
from neurokb.core.models import Paper, Topic
from neurokb.core.normalize import title_fingerprint
from neurokb.core.textcites import cited_keys
from neurokb.core.titles import is_title_case

REFERENCE_FIELDS = {"papers": ("topics", "cites"), "topics": ("parents", "related")}


@dataclass(frozen=True)
class Context:
    """What the checks know beyond the valid entries (see the module docstring).

    ``unloaded`` maps ``"papers/<key>"`` of a file that did not validate to its reference
    fields that are lists of text, minus the items its own problems already name; ``prefer``
    holds the paper keys on which a duplicate is reported when it has a choice;
    ``implementations`` are the names an ``implementations`` item may take (by default the
    algorithms of :mod:`neurokb.algorithms`, read from its file names: nothing is imported).
    """

    unloaded: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    prefer: frozenset[str] = frozenset()
    implementations: frozenset[str] = field(default_factory=lambda: _registered())


def _registered() -> frozenset[str]:
    from neurokb.algorithms import names

    return frozenset(names())


def unloaded_references(kind: str, data: Any, problems: Iterable[Problem]) -> dict[str, list[str]]:
    """The reference fields of an entry that did not validate, as far as they can be read.

    A field that is not a list is skipped (its field error says why), and so is an item that is
    not text or that a problem already points at (``topics[2]``): nothing is reported twice.
    """
    if not isinstance(data, dict):
        return {}
    named = {p.field for p in problems}
    out = {}
    for name in REFERENCE_FIELDS[kind]:
        items = data.get(name)
        if name in named or not isinstance(items, list):
            continue
        out[name] = [
            item if isinstance(item, str) and f"{name}[{i}]" not in named else ""
            for i, item in enumerate(items)
        ]
    return out


Check = Callable[
    [dict[str, Paper], dict[str, Topic], dict[str, Source], Context], Iterable[Problem]
]


def _at(sources: dict[str, Source], name: str, *path: str | int) -> tuple[str, int, int]:
    source = sources[name]
    return source.path, *source.position(*path)


class _Pool:
    """The names a reference may use, with did-you-mean hints worked out once per unknown name.

    A hint compares the name with every known one (at 100k papers, a tenth of a second), so a
    name misspelt alike in many entries, as after a bad import, is compared only once.
    """

    def __init__(self, names: KeysView[str] | set[str]) -> None:
        self.names = names  # a set or a dict's keys: `in` and `>=` answer in C
        self._hints: dict[str, str] = {}

    def hint(self, item: str) -> str:
        if item not in self._hints:
            guesses = did_you_mean(item, list(self.names))
            self._hints[item] = f"did you mean '{guesses[0]}'?" if guesses else ""
        return self._hints[item]


def _refs(
    sources: dict[str, Source],
    name: str,
    field: str,
    items: list[str],
    pool: _Pool,
    code: str,
    what: str,
    self_key: str,
) -> Iterable[Problem]:
    if not items:
        return ()
    distinct = set(items)
    if len(distinct) == len(items) and self_key not in distinct and pool.names >= distinct:
        return ()  # the common case, in a few set operations: no position, no file re-read
    return _ref_problems(sources, name, field, items, pool, code, what, self_key)


def _ref_problems(
    sources: dict[str, Source],
    name: str,
    field: str,
    items: list[str],
    pool: _Pool,
    code: str,
    what: str,
    self_key: str,
) -> Iterable[Problem]:
    seen: set[str] = set()
    for index, item in enumerate(items):
        if not item:  # an item of an unloaded entry that already has its own problem
            continue
        if item != self_key and item in pool.names and item not in seen:
            seen.add(item)
            continue
        # Positions only for problems: looking one up may re-read the file (see Source).
        path, line, column = _at(sources, name, field, index)
        where = f"{field}[{index}]"
        if item == self_key:
            yield Problem(
                "NKB027", f"'{field}' lists the entry's own key '{item}'", path, line, column, where
            )
        elif item not in pool.names:
            yield Problem(
                code, f"unknown {what} '{item}' in '{field}'", path, line, column, where,
                pool.hint(item),
            )  # fmt: skip
        else:
            yield Problem(
                "NKB019", f"'{item}' is listed twice in '{field}'", path, line, column, where
            )
        seen.add(item)


def check_references(papers, topics, sources, context=Context()) -> Iterable[Problem]:
    """Topics, cites, parents and related name entries that exist (NKB020, NKB021, NKB027).

    Files that did not validate are checked too, from what could be read of them.
    """
    paper_keys, topic_ids = _Pool(papers.keys()), _Pool(topics.keys())
    targets = {"topics": (topic_ids, "NKB020", "topic"), "cites": (paper_keys, "NKB021", "paper"),
               "parents": (topic_ids, "NKB020", "topic"), "related": (topic_ids, "NKB020", "topic")}  # fmt: skip
    for name, fields in context.unloaded.items():
        own = name.split("/", 1)[1]
        for field_name, items in fields.items():
            pool, code, what = targets[field_name]
            self_key = "" if field_name == "topics" else own
            yield from _refs(sources, name, field_name, items, pool, code, what, self_key)
    for key, paper in papers.items():
        name = f"papers/{key}"  # EntryId.paper(key).name, without an object per paper
        yield from _refs(sources, name, "topics", paper.topics, topic_ids, "NKB020", "topic", "")
        yield from _refs(sources, name, "cites", paper.cites, paper_keys, "NKB021", "paper", key)
    for topic_id, topic in topics.items():
        name = f"topics/{topic_id}"
        yield from _refs(
            sources, name, "parents", topic.parents, topic_ids, "NKB020", "topic", topic_id
        )
        yield from _refs(
            sources, name, "related", topic.related, topic_ids, "NKB020", "topic", topic_id
        )


def check_implementations(papers, topics, sources, context=Context()) -> Iterable[Problem]:
    """Every ``implementations`` item names a registered reference implementation (NKB025)."""
    registered = _Pool(set(context.implementations))
    for key, paper in papers.items():
        yield from _refs(
            sources, f"papers/{key}", "implementations", paper.implementations, registered,
            "NKB025", "implementation", "",
        )  # fmt: skip


def _duplicates(papers, sources, attr: str, code: str, label: str, prefer) -> Iterable[Problem]:
    first: dict[str, str] = {}  # value -> first paper with it; a list only for shared values
    shared: dict[str, list[str]] = {}
    for key, paper in papers.items():
        value = getattr(paper, attr)
        if not value:
            continue
        if value in first:
            shared.setdefault(value, [first[value]]).append(key)
        else:
            first[value] = key
    for value in [value for value in first if value in shared]:  # in order of first use
        # keys[0] is kept (named in the message) and the others are reported. Preferred (named)
        # keys sort last, so one of them is kept only when every key sharing the value is named.
        keys = sorted(shared[value], key=lambda key: (key in prefer, key))
        for key in keys[1:]:
            path, line, column = _at(sources, EntryId.paper(key).name, attr)
            yield Problem(
                code, f"{label} {value} is also used by '{keys[0]}'", path, line, column, attr,
                f"'{key}' and '{keys[0]}' describe the same work: keep one and delete the other",
            )  # fmt: skip


def check_identifiers(papers, topics, sources, context=Context()) -> Iterable[Problem]:
    """No two papers share a DOI, arXiv id or PubMed id (NKB022, NKB023, NKB029).

    The problem goes on the later key, unless only the earlier one is preferred (named on the
    command line: the new file of a pull request).
    """
    prefer = context.prefer
    yield from _duplicates(papers, sources, "doi", "NKB022", "DOI", prefer)
    yield from _duplicates(papers, sources, "arxiv", "NKB023", "arXiv id", prefer)
    yield from _duplicates(papers, sources, "pmid", "NKB029", "PubMed id", prefer)


def check_titles(papers, topics, sources, context=Context()) -> Iterable[Problem]:
    """Warn about near-identical titles (NKB024) — likely the same work entered twice.

    Titles are compared within blocks sharing their first two words, which keeps the check
    linear in practice at 100k entries while catching re-typed titles and small edits. Within a
    block only titles of similar length are paired, and a cheap upper bound on difflib's ratio
    (the character multiset overlap, difflib's own ``quick_ratio``) rules most pairs out before
    the quadratic matcher runs.
    """
    blocks: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    for key, paper in papers.items():
        fingerprint = title_fingerprint(paper.title)
        blocks[" ".join(fingerprint.split()[:2])].append((len(fingerprint), key, fingerprint))
    pairs: list[tuple[str, str]] = []
    for members in blocks.values():
        if len(members) < 2 or len(members) > 200:
            continue
        members.sort()  # by length, so similar lengths are neighbours
        # A title's letter counts are made when it is first compared: most titles never are.
        counts: list[Counter[str] | None] = [None] * len(members)
        for j, (size_b, key_b, _) in enumerate(members):
            i = j - 1
            while i >= 0 and size_b - members[i][0] < _MAX_LENGTH_GAP:
                # difflib's ratio is not symmetric: compare in key order, as reports are made
                first, second = (i, j) if members[i][1] < key_b else (j, i)
                for index in (first, second):
                    if counts[index] is None:
                        counts[index] = Counter(members[index][2])
                if _near(members[first][2], members[second][2], counts[first], counts[second]):  # type: ignore[arg-type]
                    pairs.append((members[first][1], members[second][1]))
                i -= 1
    for key_a, key_b in sorted(pairs):
        if _distinct_ids(papers[key_a], papers[key_b]):
            continue
        if key_a in context.prefer and key_b not in context.prefer:
            key_a, key_b = key_b, key_a  # report it on the named (new) file
        path, line, column = _at(sources, EntryId.paper(key_b).name, "title")
        yield Problem(
            "NKB024", f"title is nearly identical to that of '{key_a}'", path, line, column, "title",
            f"if '{key_b}' and '{key_a}' are the same work, keep one; if not, ignore this warning",
        )  # fmt: skip


_MAX_LENGTH_GAP = 8  # characters; titles further apart in length are never near-identical
_SIMILAR = 0.93  # difflib ratio above which two titles count as the same


def same_title(a: str, b: str) -> bool:
    """Near-identical titles by the NKB024 measure, for one pair (``neurokb add`` asks it of
    each record it imports, against the existing entries)."""
    fp_a, fp_b = title_fingerprint(a), title_fingerprint(b)
    if abs(len(fp_a) - len(fp_b)) >= _MAX_LENGTH_GAP:
        return False
    return _near(fp_a, fp_b, Counter(fp_a), Counter(fp_b))


def family_key(family: str) -> str:
    """A first author's family name in the form two spellings of it share.

    The last word, ASCII-folded, letters only, with German ``ue``/``oe``/``ae`` read as the
    umlaut: "van Rossum" and "Rossum", "Müller" and "Mueller", "LeCun" and "Lecun" agree.
    """
    words = title_fingerprint(family).split()
    last = words[-1] if words else ""
    return last.replace("ue", "u").replace("oe", "o").replace("ae", "a")


def same_work(
    title_a: str, family_a: str, year_a: int | None, title_b: str, family_b: str,
    year_b: int | None,
) -> bool:  # fmt: skip
    """The fuzzy rule of ``neurokb add``: a near-identical title (:func:`same_title`), a
    compatible first-author family name (:func:`family_key`) and years at most one apart
    (a preprint and its journal version). Bolt 1980 "Put-That-There" and Billinghurst 1998
    "Put That Where?" are different works."""
    if family_key(family_a) != family_key(family_b):
        return False
    if year_a and year_b and abs(year_a - year_b) > 1:
        return False
    return same_title(title_a, title_b)


class TitleIndex:
    """Titles to find near-identical ones among (``neurokb add``), without comparing every pair.

    Asking each imported record against every title seen so far made ``add --bibtex``
    quadratic (4,000 records took 18 s). Here a title is compared only with titles that share
    its first two or its last two words (a retyped title keeps at least one end) and whose
    length is within the NKB024 gap, at most :attr:`LIMIT` of them per end, nearest in length
    first; identical titles are found by a dictionary. So each question costs a bounded number
    of comparisons plus a logarithmic search, whatever the titles. ``comparisons`` counts the
    pairs compared, for tests.
    """

    LIMIT = 64

    def __init__(self) -> None:
        self._exact: dict[str, list[int]] = {}  # fingerprint -> ids
        self._blocks: dict[tuple[str, str], list[tuple[int, int]]] = {}  # -> sorted (len, id)
        self._items: list[tuple[str, Counter[str]]] = []  # id -> fingerprint, its letters
        self.comparisons = 0

    @staticmethod
    def _ends(fingerprint: str) -> list[tuple[str, str]]:
        words = fingerprint.split()
        return [("first", " ".join(words[:2])), ("last", " ".join(words[-2:]))]

    def add(self, title: str) -> int:
        """Index ``title``; returns its id (ids count up from 0 in the order of adding)."""
        fingerprint = title_fingerprint(title)
        number = len(self._items)
        self._items.append((fingerprint, Counter(fingerprint)))
        self._exact.setdefault(fingerprint, []).append(number)
        for end in self._ends(fingerprint):
            bisect.insort(self._blocks.setdefault(end, []), (len(fingerprint), number))
        return number

    def near(self, title: str) -> list[int]:
        """Ids of the indexed titles near-identical to ``title`` (by :func:`same_title`), in
        the order they were added."""
        fingerprint = title_fingerprint(title)
        found = set(self._exact.get(fingerprint, ()))
        counts: Counter[str] | None = None
        size = len(fingerprint)
        for end in self._ends(fingerprint):
            block = self._blocks.get(end, [])
            low = bisect.bisect_left(block, (size - _MAX_LENGTH_GAP + 1, -1))
            high = bisect.bisect_left(block, (size + _MAX_LENGTH_GAP, -1))
            # Nearest in length first: walk outwards from where this length would go.
            right = bisect.bisect_left(block, (size, -1), low, high)
            left = right - 1
            for _ in range(self.LIMIT):
                if right < high and (left < low or block[right][0] - size <= size - block[left][0]):
                    number, right = block[right][1], right + 1
                elif left >= low:
                    number, left = block[left][1], left - 1
                else:
                    break
                if number in found:
                    continue
                other, other_counts = self._items[number]
                counts = counts or Counter(fingerprint)
                self.comparisons += 1
                if _near(fingerprint, other, counts, other_counts):
                    found.add(number)
        return sorted(found)


def _near(fp_a: str, fp_b: str, count_a: Counter[str], count_b: Counter[str]) -> bool:
    if fp_a == fp_b:
        return True
    # quick_ratio() = 2 * shared / (len_a + len_b), where shared = len_a - missing and missing
    # counts the characters of a that b lacks; stop adding as soon as the bound is out of reach.
    allowed = len(fp_a) - _SIMILAR * (len(fp_a) + len(fp_b)) / 2
    missing = 0
    for char, count in count_a.items():
        other = count_b.get(char, 0)
        if count > other:
            missing += count - other
            if missing >= allowed:  # ratio() <= quick_ratio() <= _SIMILAR
                return False
    return difflib.SequenceMatcher(None, fp_a, fp_b).ratio() > _SIMILAR


def _distinct_ids(a: Paper, b: Paper) -> bool:
    """Two entries with different DOIs are different works (e.g. a corrigendum), not duplicates."""
    return bool(a.doi and b.doi and a.doi != b.doi)


def check_topic_cycles(papers, topics, sources, context=Context()) -> Iterable[Problem]:
    """The ``parents`` links form a hierarchy without cycles (NKB026).

    A depth-first walk with its own stack, not recursion: a chain of a thousand topics (which a
    pull request can add) must not exhaust Python's call stack.
    """
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    for start in sorted(topics):
        if start in state:
            continue
        state[start] = 1
        stack = [(start, iter(topics[start].parents))]
        while stack:
            topic_id, parents = stack[-1]
            for parent in parents:
                if parent not in topics:
                    continue
                if state.get(parent) == 1:
                    trail = [on_path for on_path, _ in stack[:-1]]
                    cycle = (
                        [*trail[trail.index(parent) :], topic_id, parent]
                        if parent in trail
                        else [topic_id, parent]
                    )
                    path, line, column = _at(sources, EntryId.topic(topic_id).name, "parents")
                    yield Problem(
                        "NKB026",
                        "topic hierarchy has a cycle: " + _chain(cycle),
                        path,
                        line,
                        column,
                        "parents",
                    )
                elif state.get(parent) is None:
                    state[parent] = 1
                    stack.append((parent, iter(topics[parent].parents)))
                    break
            else:  # every parent done
                state[topic_id] = 2
                stack.pop()


def _chain(cycle: list[str]) -> str:
    """``a -> b -> a``; a long cycle shows its two ends, so the message stays one short line."""
    if len(cycle) <= 12:
        return " -> ".join(cycle)
    return f"{' -> '.join(cycle[:5])} -> ... -> {' -> '.join(cycle[-5:])} ({len(cycle) - 1} topics)"


# Entry text that may cite papers as [@key]: topic narratives, paper summaries and notes.
CITING_FIELDS = {"papers": ("summary", "notes"), "topics": ("summary",)}


def check_text_citations(papers, topics, sources, context=Context()) -> Iterable[Problem]:
    """Every ``[@key]`` in a narrative, summary or notes names a paper (NKB050).

    The problem points at the line of the citation inside the text, so that an editor jumps to
    it: in a block scalar (``summary: |``) text line *n* is file line *n* after the indicator.
    """
    pool = _Pool(papers.keys())
    for kind, entries in (("papers", papers), ("topics", topics)):
        for key, entry in entries.items():
            for text_field in CITING_FIELDS[kind]:
                text = getattr(entry, text_field) or ""
                for line, cited in cited_keys(text):
                    if cited in pool.names:
                        continue
                    path, row, column = _text_position(sources[f"{kind}/{key}"], text_field, line)
                    yield Problem(
                        "NKB050", f"unknown paper key '@{cited}' cited in '{text_field}'", path, row,
                        column, text_field, pool.hint(cited),
                    )  # fmt: skip


def _text_position(source: Source, text_field: str, line: int) -> tuple[str, int, int]:
    """File position of ``line`` (from 1) of the text in top-level ``text_field``."""
    row, column = source.position(text_field)
    node = _value_node(source, text_field)
    if node is not None and node.style in ("|", ">"):
        return source.path, row + line, 3  # next line on; `neurokb fmt` indents by two spaces
    return source.path, row + line - 1, column if line == 1 else 1


def _value_node(source: Source, text_field: str):  # -> yaml.Node | None
    doc = source.document
    root = doc.node if doc is not None else None
    for key_node, value_node in getattr(root, "value", None) or ():
        if getattr(key_node, "value", None) == text_field:
            return value_node
    return None


def check_title_case(papers, topics, sources, context=Context()) -> Iterable[Problem]:
    """Warn about a title stored in Title Case (NKB051): titles are kept in sentence case."""
    for key, paper in papers.items():
        if is_title_case(paper.title):
            path, line, column = _at(sources, f"papers/{key}", "title")
            yield Problem(
                "NKB051", "title is in Title Case", path, line, column, "title",
                "write it in sentence case: capitals only for the first word, the first word after "
                "a colon, proper nouns and acronyms",
            )  # fmt: skip


TODO = re.compile(r"\bTODO\b")  # the marker `neurokb add` leaves where text is still to write


def check_content(papers, topics, sources, context=Context()) -> Iterable[Problem]:
    """A paper has topics (NKB052) and a summary (NKB053), and no text still says TODO (NKB054).

    Loading keeps such a paper (an imported entry is work in progress), but ``validate`` fails
    until a curator has filed it under a topic and said in their own words what it found.
    """
    for key, paper in papers.items():
        name = f"papers/{key}"
        if not paper.topics:
            path, line, column = _at(sources, name, "topics")
            yield Problem(
                "NKB052", "paper has no topics", path, line, column, "topics",
                "add `topics:` with at least one id of a file in entries/topics/ "
                "(`neurokb list topics` has them)",
            )  # fmt: skip
        if not paper.summary:
            path, line, column = _at(sources, name, "summary")
            yield Problem("NKB053", "paper has no summary", path, line, column, "summary")
        yield from _todos(sources[name], paper, CITING_FIELDS["papers"])
    for topic_id, topic in topics.items():
        yield from _todos(sources[f"topics/{topic_id}"], topic, CITING_FIELDS["topics"])


def _todos(source: Source, entry: Paper | Topic, fields: tuple[str, ...]) -> Iterable[Problem]:
    for text_field in fields:
        text = getattr(entry, text_field) or ""
        if "TODO" not in text:
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            if TODO.search(line):
                path, row, column = _text_position(source, text_field, number)
                yield Problem(
                    "NKB054", f"'{text_field}' is not finished: {line.strip()[:80]}", path, row,
                    column, text_field,
                    f"write what the TODO asks for in '{text_field}' and delete the TODO marker",
                )  # fmt: skip


def check_aliases(papers, topics, sources, context=Context()) -> Iterable[Problem]:
    """Every alias (``ids``) names one work: not a paper's key, not two papers (NKB031)."""
    claims: dict[str, list[str]] = defaultdict(list)
    for key, paper in papers.items():
        for alias in paper.ids:
            claims[alias].append(key)
    for alias, keys in sorted(claims.items()):
        if len(keys) == 1 and alias not in papers:
            continue
        for key in keys:
            if alias == key:
                message = f"alias '{alias}' is the entry's own key"
            else:
                rivals = [f"'{other}'" for other in sorted(set(keys) - {key})]
                if alias in papers:
                    rivals.append(f"the entry '{alias}'")
                message = f"alias '{alias}' also names {' and '.join(rivals)}"
            path, line, column = _at(sources, f"papers/{key}", "ids")
            yield Problem(
                "NKB031", message, path, line, column, "ids",
                "keep the alias on the one entry a manuscript means by it; remove it elsewhere",
            )  # fmt: skip


CHECKS: dict[str, Check] = {
    "references": check_references,
    "aliases": check_aliases,
    "implementations": check_implementations,
    "identifiers": check_identifiers,
    "titles": check_titles,
    "topic-cycles": check_topic_cycles,
    "text-citations": check_text_citations,
    "content": check_content,
    "title-case": check_title_case,
}


# The checks a second process runs when they are split (see run_checks): about half of the
# time of all of them at 100k papers. Below SPLIT_FROM papers a fork costs more than it saves.
BESIDE = ("titles", "title-case", "text-citations", "content")
SPLIT_FROM = 5_000


def run_checks(
    papers, topics, sources, context: Context | None = None, *, workers: int = 1
) -> list[Problem]:
    """Every check's problems, check by check in the order of :data:`CHECKS`.

    ``workers`` above 1 lets the checks in :data:`BESIDE` run in a forked process at the same
    time as the others (:func:`~neurokb.load.parallel.run_beside`), from :data:`SPLIT_FROM`
    papers on: only a one-shot command that runs no threads asks (``validate``).
    """
    context = context or Context()

    def run(names: Iterable[str]) -> dict[str, list[Problem]]:
        return {name: list(CHECKS[name](papers, topics, sources, context)) for name in names}

    if workers > 1 and len(papers) >= SPLIT_FROM:
        from neurokb.load.parallel import run_beside

        here = [name for name in CHECKS if name not in BESIDE]
        found, there = run_beside(partial(run, here), partial(run, BESIDE))
        found.update(there)
    else:
        found = run(CHECKS)
    return [problem for name in CHECKS for problem in found[name]]
