"""``neurokb add``: new entries from a .bib, RIS or CSL-JSON file, a DOI, an arXiv or PubMed id."""

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
    from neurokb.core.errors import NeuroKBError

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
    ris: Annotated[
        str | None, typer.Option("--ris", help="A RIS file (Zotero, EndNote, Mendeley), or -.")
    ] = None,
    doi: Annotated[list[str] | None, typer.Option("--doi", help="A DOI (Crossref).")] = None,
    arxiv: Annotated[list[str] | None, typer.Option("--arxiv", help="An arXiv id.")] = None,
    pmid: Annotated[list[str] | None, typer.Option("--pmid", help="A PubMed id.")] = None,
    rekey: Annotated[
        bool,
        typer.Option(
            "--rekey",
            help="Give new entries neurokb keys (authorYEARword) instead of "
            "the file's own keys; the file's keys are still kept as aliases.",
        ),
    ] = False,
    merge: Annotated[
        bool,
        typer.Option(
            "--merge",
            help="Fill an existing entry's missing fields from a duplicate "
            "record (never overwriting a set field) and record its key as an alias.",
        ),
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", "-n", help="Show what would be written; write nothing.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Create entries from bibliographic metadata, keeping each file's own citation keys.

    A key is kept as it is when valid, else ASCII-folded and lower-cased (Montavon2018 ->
    montavon2018) with the original kept as an alias in `ids`, so `\\cite{Montavon2018}` keeps
    working. A key used by a different work stops that record (exit 1); nothing is renamed.
    Duplicates of existing entries (same DOI, arXiv id, PubMed id, or nearly the same title with
    the same first author and a year at most one apart) are reported and skipped, or merged with
    --merge. New entries have no summary yet: their notes say so. If a DOI, arXiv or PubMed
    lookup fails nothing is written. Exit 1 when any record was skipped as invalid.
    """
    from neurokb.edit.plan import Status, plan, write
    from neurokb.importers import bibtex as bib_source
    from neurokb.importers import csljson, fetch_record
    from neurokb.importers import ris as ris_source

    sources = [bibtex, csl_json, ris, *(doi or []), *(arxiv or []), *(pmid or [])]
    if not any(sources):
        say("error:", "nothing to add")
        say("hint:", "give --bibtex FILE, --ris FILE, --csl-json FILE, --doi, --arxiv or --pmid")
        raise typer.Exit(int(Exit.USAGE))
    records, problems = [], []
    files = ((bibtex, bib_source.parse), (csl_json, csljson.parse), (ris, ris_source.parse))
    for path, parser in files:
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
    planned = plan(records, open_kb(quiet=True), rekey=rekey, merge=merge)
    written = [] if dry_run else write(planned)
    invalid = [p for p in planned if p.status is Status.INVALID]
    if as_json:
        print_json({
            "dry_run": dry_run,
            "written": [str(path) for path in written],
            "entries": [p.to_dict() for p in planned],
            "problems": [{"where": p.where, "message": p.message} for p in problems],
            "warnings": [w for r in records for w in r.warnings],
        })  # fmt: skip
    else:
        _report(planned, problems, dry_run)
    if invalid or problems:
        raise typer.Exit(int(Exit.DATA))


def _report(planned: list, problems: list, dry_run: bool) -> None:
    from neurokb.edit.plan import Status

    for problem in problems:
        say("error:", f"{problem.where}: {problem.message}")
    for item in planned:
        for warning in item.record.warnings:
            say("warning:", warning)
    for item in planned:
        where = item.record.where
        if item.status is Status.DUPLICATE:
            stderr.print(f"skipped {where}: duplicate ({'; '.join(item.reasons)})")
            if item.filled:
                say("hint:", f"--merge would fill {', '.join(item.filled)} of '{item.existing}'")
        elif item.status is Status.MERGED:
            verb = "would merge" if dry_run else "merged"
            stderr.print(f"{verb} {where} into {item.path}: {', '.join(item.filled)}")
            if dry_run:
                echo(f"# --- {item.path}\n{item.text}", nl=False, exact=True)
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
