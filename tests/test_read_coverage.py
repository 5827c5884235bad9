"""Notes for optional columns an extract lacks: what the run then rests on, as a table and
through the CLI."""

from __future__ import annotations

import csv
import dataclasses
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reconcile.cli import app
from reconcile.model import Role, SourceInfo
from reconcile.read.coverage import missing_column_notes
from tests.test_normalise_records import table

runner = CliRunner()


def source(role: Role, mapping: dict[str, str], unused: tuple[str, ...] = ()) -> SourceInfo:
    """A read extract (file x.csv) with this mapping and these columns nothing took."""
    made = table(role, {}).source
    return dataclasses.replace(made, file="x.csv", mapping=mapping, unused_columns=unused)


PRISON_ALL = {"prison_number": "NOMS No", "court_recommended": "Court Rec"}


@pytest.mark.parametrize(
    ("role", "mapping", "unused", "notes"),
    [
        (Role.PRISON, PRISON_ALL, (), []),
        (Role.IND, {"prison_number": "Prison No"}, (), []),
        (
            Role.IND,
            {},
            ("NOMSNUM", "Fee"),
            [
                "The IND extract (x.csv) has no prison number column: links rest on names, dates "
                "of birth and nationality; if one of the columns not used ('NOMSNUM', 'Fee') holds "
                "it, map it under [columns.ind] in the config."
            ],
        ),
        (
            Role.PRISON,
            {"prison_number": "NOMS No"},
            (),
            [
                "The prison extract (x.csv) has no court recommendation column: scope rests on "
                "nationality and sentence length alone, so a prisoner a court recommended for "
                "deportation on a shorter sentence is counted out of scope."
            ],
        ),
    ],
)
def test_missing_column_notes(
    role: Role, mapping: dict[str, str], unused: tuple[str, ...], notes: list[str]
) -> None:
    assert missing_column_notes(source(role, mapping, unused)) == notes


def test_the_run_says_when_the_ind_extract_has_no_prison_number(tmp_path: Path) -> None:
    """A header nothing recognises leaves the column unused; the summary says what that costs
    and names the column."""
    folder = tmp_path / "sample"
    made = runner.invoke(app, ["sample", "-o", str(folder), "--people", "150", "--seed", "3"])
    assert made.exit_code == 0, made.output
    ind = folder / "ind_extract.csv"
    _as_csv(folder / "ind_extract.xlsx", ind, rename={"Prison No": "Custody ref (local)"})
    out = tmp_path / "out"
    done = runner.invoke(
        app,
        ["run", str(folder / "prison_extract.xlsx"), str(ind), "--as-of", "2006-03-31",
         "-o", str(out)],
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    assert (
        "Note: The IND extract (ind_extract.csv) has no prison number column: links rest on "
        "names, dates of birth and nationality; if one of the columns not used ("
    ) in done.output
    assert "'Custody ref (local)'" in done.output


def _as_csv(xlsx: Path, target: Path, rename: dict[str, str]) -> None:
    """The workbook's first sheet as CSV, some headers renamed."""
    import openpyxl

    sheet = openpyxl.load_workbook(xlsx, read_only=True).worksheets[0]
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        for n, row in enumerate(sheet.iter_rows(values_only=True)):
            cells = ["" if v is None else str(v) for v in row]
            writer.writerow([rename.get(c, c) for c in cells] if n == 0 else cells)
