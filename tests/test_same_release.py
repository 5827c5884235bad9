"""One release on two prison rows (two offences of one custody): each row keeps its outcome,
the row is reported, and the summary counts the release once."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from reconcile.cli import app

PRISON = (
    "Prison number,Surname,Forenames,Date of birth,Nationality,Sentence (months),Offence,"
    "Sentence date,Release date,Court recommended deportation\n"
    "AB1234,KOWALSKI,Jan,12/03/1970,Albanian,36,Robbery,01/02/2002,01/08/2004,N\n"
    "AB1234,KOWALSKI,Jan,12/03/1970,Albanian,36,Burglary,01/02/2002,01/08/2004,N\n"
    "CD5678,OKAFOR,Chinedu,05/06/1975,Nigerian,48,Drugs,01/03/2001,01/03/2004,Y\n"
)
IND = (
    "Case reference,Surname,Forenames,Date of birth,Nationality,Prison number,"
    "Date referral received,Date considered,Decision\n"
    "O2000002,OKAFOR,Chinedu,05/06/1975,Nigeria,CD5678,01/01/2003,01/02/2004,Deport\n"
)


def test_one_release_on_two_rows(tmp_path: Path) -> None:
    (tmp_path / "p.csv").write_text(PRISON, encoding="utf-8")
    (tmp_path / "i.csv").write_text(IND, encoding="utf-8")
    out = tmp_path / "out"
    args = ["run", str(tmp_path / "p.csv"), str(tmp_path / "i.csv"), "--out", str(out)]
    result = CliRunner().invoke(app, [*args, "--as-of", "2006-03-31"])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "Never referred 2" in text
    assert (
        "The 2 not considered before release are prison rows of 1 release of 1 person: 0 of them "
        "with more than one such release"
    ) in text
    assert "1 row repeats another row's person and release date" in text
    with (out / "outcomes.csv").open(encoding="utf-8", newline="") as fh:
        outcomes = [(row["source_row"], row["outcome"]) for row in csv.DictReader(fh)]
    assert outcomes[:2] == [("2", "never_referred"), ("3", "never_referred")]  # each its own
    book = openpyxl.load_workbook(out / "reconciliation.xlsx", read_only=True)
    quality = [r for r in book["Data quality"].iter_rows(values_only=True) if r[2] == 3]
    assert quality == [
        (
            "p.csv",
            None,
            3,
            "Release date",
            "2004-08-01",
            "appears to be the same person as row 2, released the same day (2004-08-01): one "
            "release on two rows (another offence or sentence?)",
            "treated as one person when linking; keeps its own outcome, and the summary counts "
            "the release once",
        )
    ]
    summary = {r[0]: r[1] for r in book["Summary"].iter_rows(values_only=True) if r and r[0]}
    book.close()
    assert (
        summary["Number of releases (a person's rows released on the same day count as one)"] == 1
    )
