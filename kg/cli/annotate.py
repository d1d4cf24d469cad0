"""`kg find` and `kg meetings`: help while annotating, so that nobody counts by hand."""

from __future__ import annotations

import json
import re
from pathlib import Path

import click

from kg.annotations.dates import DateError, parse_date
from kg.annotations.find import find
from kg.annotations.meetings_index import display_name, index_meetings, select
from kg.characters import visible
from kg.cli.options import seeds_option
from kg.errors import display_path

NOT_FOUND = 1  # like grep: the quote is not in the body, which is an answer, not an error


@click.command("find")
@click.argument("doc")
@click.argument("quote")
@seeds_option
def find_command(doc: str, quote: str, seeds: Path) -> None:
    """Show every occurrence of QUOTE in the body of article DOC, with what to write
    to point at each: its `occurrence:` number, or a `near:` (words of its sentence
    that select it and no other; checked with the validator's own resolver).

    Also lists longer words of the body that start like a quoted word (inflected
    forms such as "Мирзояном" for "Мирзоян"): a quote must be written as the text
    has it. DOC is a document id (the file stem). Exits 1 when QUOTE does not occur.

    \b
    Example:
      kg find 000_6b8423f8f78a3c41 Peskov
    """
    found = find(seeds, doc, quote)
    where = display_path(found.text.path)
    if found.note:
        _say(f"note: {found.note}")
    total = len(found.occurrences)
    if total:
        _say(f'"{found.quote}" occurs {total} time{"s" if total > 1 else ""} in the '
             f"body of {where}:")
    for occ in found.occurrences:
        _say(f"  {occ.number}. line {occ.line}: {occ.context}")
        if total == 1:
            _say(f"     quote: {found.quote}   (unique: no occurrence or near needed)")
            continue
        quote = _yaml_plain(found.quote)
        anchors = f"{{quote: {quote}, occurrence: {occ.number}}}"
        if occ.near:
            anchors += f"  or  {{quote: {quote}, near: {_yaml_text(occ.near)}}}"
        else:
            anchors += "  (no near: its sentence has no words the others lack)"
        _say(f"     {anchors}")
    if not total:
        _say(f'"{found.quote}" does not occur in the body of {where}')
    for word, forms in found.forms.items():
        listed = ", ".join(f"{form} ({count})" if count > 1 else form
                           for form, count in forms.items())
        _say(f'longer forms of "{word}" in the body (quote them as written): {listed}')
    if not total:
        raise SystemExit(NOT_FOUND)


def _say(line: str) -> None:
    """Print a line holding the quote and the article's words: control characters in
    either (an escape sequence in a quote or a text) are shown, never sent to the terminal."""
    click.echo(visible(line))


def _yaml_text(text: str) -> str:
    """Double-quoted, so that commas and colons in the words stay inside the YAML value
    (a JSON string is a valid YAML one)."""
    return json.dumps(text, ensure_ascii=False)


def _yaml_plain(text: str) -> str:
    """As written when YAML would read it back unchanged inside {...}, else double-quoted
    ("October 14, 2022" has a comma, which would end the value)."""
    plain = re.fullmatch(r"[^\s,:{}\[\]#&*!|>'\"%@`?-][^,:{}\[\]#\"]*(?<!\s)", text)
    return text if plain and visible(text) == text else _yaml_text(text)


def _date(ctx, param, value: str | None):
    if value is None:
        return None
    try:
        return parse_date(value)
    except DateError as exc:
        raise click.BadParameter(str(exc)) from None


@click.command("meetings")
@click.option("--actor", "-a", "actors", multiple=True,
              help="Only meetings with this actor (id, name or alias, any case), as a "
                   "participant or as the side one acted for; repeat for several (all must be in).")
@click.option("--date", "-d", callback=_date,
              help="Only meetings whose date overlaps this day, month or year "
                   "(YYYY-MM-DD, YYYY-MM or YYYY).")
@click.option("--place", "-p", help="Only meetings held at this place (id, name or alias), "
                                    "or anywhere inside it (a state finds its cities).")
@seeds_option
def meetings_command(actors: tuple[str, ...], date, place: str | None, seeds: Path) -> None:
    """List the meeting ids already used in the annotations, with dates, places,
    statuses and participants, so that a new article about the same meeting reuses
    its id. Reads the YAML files, not the store; annotations that do not load yet
    are skipped with a note.

    \b
    Example:
      kg meetings --actor lavrov --date 2023-10
    """
    index = index_meetings(seeds)
    chosen = select(index, actors, date, place)
    registry = index.registry
    for m in chosen:
        dates = ", ".join(d.literal for d in m.dates) or "undated"
        places = ", ".join(display_name(registry, p) for p in m.places) or "place not given"
        click.echo(f"{m.id}  {dates}  {places}  {'/'.join(m.statuses)}")
        people = ", ".join(f"{display_name(registry, a)} ({'/'.join(roles)})"
                           for a, roles in m.participants.items())
        click.echo(f"    {people}")
        click.echo(f"    in: {', '.join(m.articles)}")
    click.echo(f"{len(chosen)} of {len(index.meetings)} meetings")
    for note in index.skipped:
        click.echo(f"note: skipped {note}", err=True)


COMMANDS = [find_command, meetings_command]
