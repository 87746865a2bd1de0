"""The commands: one module per command, named after it (``reading-list`` is
``reading_list.py``). :mod:`neurokb.cli.root` lists them from the file names, so the list
of commands is never kept by hand; each module's ``register(app)`` adds its command.

``neurokb --help`` lists every command with its one-line help without importing any of these
modules (importing them all costs more than the help is allowed to take), so the one-line
helps are kept here: :data:`SUMMARIES` holds the first sentence of each command's docstring,
as Click's ``get_short_help_str`` gives it. ``tests/test_cli_help.py`` compares it with the real commands
and prints the table to paste when a docstring changes.
"""

SUMMARIES: dict[str, str] = {
    "add": "Create entries from bibliographic metadata, keeping each file's own citation keys.",
    "algorithms": "List the reference implementations, the papers they implement and the claim "
    "each reproduces.",
    "cite": "Print references for KEYS in a citation style (or as BibTeX, RIS, CSL-JSON ...).",
    "export": "Export the whole knowledge base, or a selection, for LaTeX, pandoc or Zotero.",
    "fmt": "Put entries in canonical form: field order, quoting, indentation, sorted topic lists.",
    "graph": "The concept graph of papers, topics, authors, venues and algorithms.",
    "list": "List papers, filtered and sorted.",
    "new": "Create a new entry from a commented template (never overwrites an entry).",
    "path": "The shortest meaningful chain of relations between two papers, topics or other nodes.",
    "reading-list": "A topic's papers in reading order: what a paper builds on comes first.",
    "related": "Papers related to one paper, best first, each with its reasons.",
    "review": "Summarise new papers (with their citation), new topics, changed fields, new graph "
    "links and warnings such as likely duplicates, against BASE.",
    "run": "Run one reference implementation and print its metrics.",
    "schema": "Print the JSON Schema of a paper or topic file (for editors and other tools).",
    "search": "Full-text search over titles, authors, topics, venues, summaries and abstracts.",
    "show": "Show one paper or topic.",
    "stats": "Counts, papers per year and per topic, citation links per paper, the share of "
    "papers with a DOI, arXiv or PubMed id, top topics and authors, and the most central papers.",
    "validate": "Check every entry (or FILES) and report all problems in one pass.",
}
