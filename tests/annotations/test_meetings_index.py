"""`kg meetings`: the meeting ids in the annotations, filtered, to reuse one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg.annotations import load_corpus
from kg.annotations.dates import parse_date
from tests.conftest import CORPUS, run_kg

_ID_LINE = re.compile(r"^(\S+)  ")


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(CORPUS)


def _listed(*args: str) -> list[str]:
    result = run_kg("meetings", "--seeds", str(CORPUS), *args)
    assert result.exit_code == 0, result.output
    return [m.group(1) for line in result.output.splitlines() if (m := _ID_LINE.match(line))]


def _meetings(corpus):
    return [(doc, m) for doc in corpus.documents for m in doc.meetings]


def test_lists_every_meeting_id_once_with_its_articles(corpus):
    listed = _listed()
    assert sorted(listed) == sorted(corpus.meeting_ids())
    result = run_kg("meetings", "--seeds", str(CORPUS))
    assert f"{len(listed)} of {len(listed)} meetings" in result.output
    # The Istanbul talks are reported by two articles: one entry, both articles named.
    block = result.output.split("2023-09-17-istanbul-talks  ", 1)[1].split("\n")
    assert block[0].startswith("2023-09-17  Istanbul  occurred")
    assert block[2] == "    in: 000_6b8423f8f78a3c41, 002_5e2404ba774d2ddf"


@pytest.mark.parametrize("name", ["sergei-lavrov", "Lavrov", "LAVROV", "Сергей Лавров"])
def test_actor_is_matched_by_id_name_or_alias_in_any_case(corpus, name):
    expected = {m.id for _, m in _meetings(corpus)
                if any(p.actor == "sergei-lavrov" for p in m.participants)}
    assert expected and set(_listed("--actor", name)) == expected


def test_actor_also_matches_the_side_a_participant_acted_for(corpus):
    expected = {m.id for _, m in _meetings(corpus)
                if any("tur" in (p.actor, p.on_behalf_of) for p in m.participants)}
    assert expected and set(_listed("--actor", "Turkey")) == expected


@pytest.mark.parametrize("day", ["2020", "2020-10", "2020-10-21", "2023-09-17"])
def test_date_matches_meetings_whose_interval_overlaps_it(corpus, day):
    wanted = parse_date(day)
    expected = {m.id for _, m in _meetings(corpus) if m.date and
                m.date.interval.start <= wanted.end and wanted.start <= m.date.interval.end}
    assert expected and set(_listed("--date", day)) == expected


def test_a_two_day_meeting_is_found_by_its_second_day():
    assert "2020-10-20-lavrov-bayramov-moscow" in _listed("--date", "2020-10-21")


def test_place_matches_the_place_and_what_lies_inside_it(corpus):
    in_turkey = {m.id for _, m in _meetings(corpus) if m.place and
                 corpus.registry.places[m.place].within == "tur"}
    assert in_turkey and set(_listed("--place", "Turkey")) == in_turkey
    assert set(_listed("--place", "istanbul")) == {m.id for _, m in _meetings(corpus)
                                                  if m.place == "istanbul"}


def test_unknown_actor_is_exit_2_with_did_you_mean():
    result = run_kg("meetings", "--seeds", str(CORPUS), "--actor", "Lavrof")
    assert result.exit_code == 2
    assert "error: --actor: no actor is called 'Lavrof' (did you mean \"lavrov\"?)" \
        in result.output


def test_bad_date_is_exit_2():
    result = run_kg("meetings", "--seeds", str(CORPUS), "--date", "2020-13")
    assert result.exit_code == 2 and "there is no month 13" in result.output


def test_an_annotation_being_written_is_skipped_with_a_note(mini_copy: Path):
    (mini_copy / "draft.txt").write_text("Lavrov met nobody.\n", encoding="utf-8")
    (mini_copy / "draft.yaml").write_text("document: draft\n", encoding="utf-8")
    result = run_kg("meetings", "--seeds", "seeds", cwd=mini_copy.parent)
    assert result.exit_code == 0, result.output
    assert "2 of 2 meetings" in result.output
    assert "note: skipped seeds/draft.yaml (" in result.output
