"""Smoke test of bench/accuracy/aliases.py: a 300-people sample, some prisoners given a new
name with the old one as an alias, run end to end twice; the aliased rows still link. Then
some IND records given an assessed date of birth before the original ("01/01/1975; 12/03/1980"):
each such cell is read as several dates, and the prison rows they belong to still link. Then
some prison rows copied to new rows under another name, as NOMIS keeps an alias (the same
prison number and custody dates): each copy is read, and linked to a true IND record wherever
its source row was."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench" / "accuracy"
sys.path.insert(0, str(BENCH))

aliases = pytest.importorskip("aliases")


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One 300-people sample for all the tests."""
    return tmp_path_factory.mktemp("aliases")


def test_aliases_bench_runs_and_the_aliased_rows_link(cache: Path) -> None:
    m = aliases.measure(300, 7, 0.03, cache=cache)
    assert m.changes and len({c.row for c in m.changes}) == len(m.changes)
    assert all(c.form in aliases.MARKERS and c.before in c.after for c in m.changes)
    assert m.forms[-1][2] == len(m.changes) == m.forms[-1][3]  # every alias read as written
    original, aliased = m.runs
    assert original[0] == "original" and original[5] == len(m.changes)
    # Linked through the alias: every changed row still reaches its own IND record.
    assert aliased[0] == "aliased" and aliased[5] == len(m.changes)


def test_other_dates_of_birth_are_read_and_the_rows_still_link(cache: Path) -> None:
    b = aliases.measure_births(300, 7, 0.03, cache=cache)
    assert b.changes and len({c.row for c in b.changes}) == len(b.changes)
    assert all(c.separator in aliases.SEPARATORS for c in b.changes)
    assert all(c.after.endswith(c.separator + c.before) for c in b.changes)
    assert all(2 <= abs(c.years) <= 6 for c in b.changes)
    # Every changed cell read as several dates (a finding "gives 2 dates of birth" on it),
    # its record keeping both: the assessed one first, the original compared as well.
    assert b.several == {c.row for c in b.changes} == b.kept
    assert b.forms[-1][2:] == [len(b.changes)] * 3
    original, changed = b.runs
    assert original[0] == "original" and changed[0] == "other dates of birth"
    # Every affected prison row linked to a true IND record on the original files is so
    # still with the other dates of birth (at 300 people: all of them, both times).
    assert b.affected and original[5] == len(b.affected)
    assert changed[5] == original[5]


def test_alias_rows_are_read_and_take_their_source_rows_links(cache: Path) -> None:
    r = aliases.measure_rows(300, 7, 0.03, cache=cache)
    assert r.added and len({a.source for a in r.added}) == len(r.added)
    # Appended below every record, one after another, each under another surname (and the
    # forenames changed too where it says so).
    first = r.added[0].row
    assert [a.row for a in r.added] == list(range(first, first + len(r.added)))
    assert all(a.source < first for a in r.added)
    assert all(a.surname_after != a.surname_before for a in r.added)
    assert all(
        (a.forenames_after != a.forenames_before) == (a.changed == aliases.BOTH_NAMES)
        for a in r.added
    )
    assert r.read == {a.row for a in r.added}  # every appended row read as a prison record
    original, with_rows = r.runs
    assert original[0] == aliases.ORIGINAL and with_rows[0] == aliases.WITH_ROWS
    # Each appended row whose source row the original files linked to a true IND record is
    # linked to a true IND record too (at 300 people: every source row, every appended row).
    was_linked = r.source_linked[aliases.ORIGINAL]
    assert was_linked == {a.source for a in r.added}
    assert {a.row for a in r.added if a.source in was_linked} <= r.linked
