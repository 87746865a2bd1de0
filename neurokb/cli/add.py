"""``neurokb add``: new entries from a .bib or CSL-JSON file, a DOI, an arXiv id or a PubMed id."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from neurokb.cli.common import Exit, JsonOption, echo, kb_root, open_kb, print_json, say, stderr


def _read(path: str) -> tuple[str, str]:
    """The text of FILE (or stdin for "-") and the name to report it by."""
    if path == "-":
        return sys.stdin.read(), "<stdin>"
    from neurokb.errors import NeuroKBError

    try:
        return Path(path).read_text(encoding="utf-8-sig"), path
    except (OSError, UnicodeDecodeError) as exc:
        raise NeuroKBError(f"cannot read {path}: {exc}", "give the path of a UTF-8 file") from None


def add(
    bibtex: Annotated[
        str | None, typer.Option("--bibtex", "-b", help="A .bib file (BibTeX/BibLaTeX), or -.")
    ] = None,
    csl_json: Annotated[
        str | None, typer.Option("--csl-json", help="A CSL-JSON file (Zotero, pandoc), or -.")
    ] = None,
    doi: Annotated[list[str] | None, typer.Option("--doi", help="A DOI (Crossref).")] = None,
    arxiv: Annotated[list[str] | None, typer.Option("--arxiv", help="An arXiv id.")] = None,
    pmid: Annotated[list[str] | None, typer.Option("--pmid", help="A PubMed id.")] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", "-n", help="Show what would be written; write nothing.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Create entries from bibliographic metadata, each with a proposed key.

    Duplicates of existing entries (same DOI, arXiv id, PubMed id or nearly the same title) are
    reported and skipped. New entries have no summary yet: their notes say so. If a DOI, arXiv
    or PubMed lookup fails nothing is written. Exit 1 when any record was skipped as invalid.
    """
    from neurokb.importers import bibtex as bib_source
    from neurokb.importers import csljson, fetch_record
    from neurokb.importers.plan import Status, plan, write

    sources = [bibtex, csl_json, *(doi or []), *(arxiv or []), *(pmid or [])]
    if not any(sources):
        say("error:", "nothing to add")
        say("hint:", "give --bibtex FILE, --csl-json FILE, --doi, --arxiv or --pmid")
        raise typer.Exit(int(Exit.USAGE))
    records, problems = [], []
    for path, parser in ((bibtex, bib_source.parse), (csl_json, csljson.parse)):
        if path:
            text, name = _read(path)
            found, bad = parser(text, name)
            records += found
            problems += bad
    # Every lookup happens before anything is written: a failure leaves the KB untouched.
    records += [fetch_record(doi=value) for value in doi or []]
    records += [fetch_record(arxiv=value) for value in arxiv or []]
    records += [fetch_record(pmid=value) for value in pmid or []]
    kb_root()  # fail early, with the usual hint, outside a knowledge base
    planned = plan(records, open_kb(quiet=True))
    written = [] if dry_run else write(planned)
    invalid = [p for p in planned if p.status is Status.INVALID]
    if as_json:
        print_json({
            "dry_run": dry_run,
            "written": [str(path) for path in written],
            "entries": [p.to_dict() for p in planned],
            "problems": [{"where": p.where, "message": p.message} for p in problems],
        })  # fmt: skip
    else:
        _report(planned, problems, dry_run)
    if invalid or problems:
        raise typer.Exit(int(Exit.DATA))


def _report(planned: list, problems: list, dry_run: bool) -> None:
    from neurokb.importers.plan import Status

    for problem in problems:
        say("error:", f"{problem.where}: {problem.message}")
    for item in planned:
        where = item.record.where
        if item.status is Status.DUPLICATE:
            stderr.print(f"skipped {where}: duplicate ({'; '.join(item.reasons)})")
        elif item.status is Status.INVALID:
            say("error:", f"{where}: not added: {'; '.join(item.reasons)}")
        elif dry_run:
            stderr.print(f"would write {item.path} ({where})")
            echo(f"# --- {item.path}\n{item.text}", nl=False, exact=True)
        else:
            stderr.print(f"wrote {item.path} ({where})")
            echo(str(item.path))
    if not planned and not problems:
        stderr.print("no entries found")


def register(app: typer.Typer) -> None:
    app.command("add")(add)
