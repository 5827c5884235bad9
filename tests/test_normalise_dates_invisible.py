"""Date cells holding a character that shows nothing (a zero-width space, a byte order mark)
or a no-break space are read as the date they show, with the finding on characters that
show nothing; they count when a column's day/month order is judged, and a year of birth
given alone with one is that year (reconcile.normalise.dates)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reconcile.errors import InputError
from reconcile.invisible import has_invisible
from reconcile.model import Role
from reconcile.normalise.records import build_prison_records
from reconcile.read import load_table
from reconcile.settings import Config

HEADER = "Prison number,Surname,Forenames,DOB,Nationality,Sentence,Offence,Release date,Court rec\n"
ZWSP, NBSP, BOM = "\u200b", "\u00a0", "\ufeff"


def _prison(tmp_path: Path, rows: list[str]) -> tuple[list[object], list[object]]:
    path = tmp_path / "prison.csv"
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    table, _ = load_table(path, Role.PRISON, Config())
    return build_prison_records(table)  # type: ignore[return-value]


@pytest.mark.parametrize("char", [ZWSP, NBSP, BOM])
@pytest.mark.parametrize("at", ["before", "after"])
def test_a_date_with_a_character_that_shows_nothing_is_the_date_it_shows(
    tmp_path: Path, char: str, at: str
) -> None:
    """In a date of birth and a release date; the cell is named in a finding when the
    character is one that shows nothing (a no-break space shows as a space, as one typed)."""

    def put(text: str) -> str:
        return char + text if at == "before" else text + char

    row = f"A1234BC,SMITH,John,{put('12/03/1985')},Greek,12,Arson,{put('14/03/2005')},N\n"
    records, findings = _prison(tmp_path, [row])
    assert (str(records[0].dob), str(records[0].release_date)) == ("1985-03-12", "2005-03-14")
    said = sorted(f.field for f in findings if "shows nothing" in f.problem)
    assert said == ([] if char == NBSP else ["dob", "release_date"])
    assert not [f for f in findings if "not a date" in f.problem]


def test_month_first_dates_with_a_zero_width_space_stop_the_run(tmp_path: Path) -> None:
    """US-style dates each pasted with a zero-width space were not counted when the column's
    order was judged: the run went on reading 07/04/1970 as 7 April, and 12/31/1975 as not a
    date. They count now, and the run stops as it does for the same dates without it."""
    dates = ["12/31/1975", "11/25/1980", "03/14/1969", "07/04/1970"]
    rows = [
        f"A{i}234BC,SMITH,John,{d}{ZWSP},Greek,12,Arson,1/1/05,N\n" for i, d in enumerate(dates)
    ]
    with pytest.raises(InputError) as caught:
        _prison(tmp_path, rows)
    assert str(caught.value).startswith(
        "prison.csv, column 'DOB': the dates are written month first (US style): 3 different "
        "values such as '03/14/1969' can only be read that way"
    )
    assert not has_invisible(str(caught.value))


@pytest.mark.parametrize(
    ("cell", "year"), [(f"1975{ZWSP}", 1975), (f"c. 1976{ZWSP}", 1976), (f"{BOM}07/1977", 1977)]
)
def test_a_year_of_birth_alone_with_a_character_that_shows_nothing(
    tmp_path: Path, cell: str, year: int
) -> None:
    """Read as the year alone, as without the character (it was a date of birth missing)."""
    records, findings = _prison(tmp_path, [f"A1234BC,SMITH,John,{cell},Greek,12,Arson,1/1/05,N\n"])
    assert (records[0].dob, records[0].birth_year) == (None, year)
    assert [f.consequence for f in findings if f.field == "dob" and "year" in f.problem] == [
        "compared by the year alone"
    ]
