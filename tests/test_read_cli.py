"""`reconcile inspect` over the corpus: every format shown, every broken file one exact line."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reconcile.cli import app
from tests.test_read_corpus import (
    IND_HEADER,
    IND_ROWS,
    PRISON_HEADER,
    PRISON_ROWS,
    make_xlsm,
    prison_sheet,
    write_csv,
    write_ods,
    write_xlsx,
    xls_file,  # noqa: F401  (a fixture)
)

runner = CliRunner()


def _corpus(folder: Path) -> dict[str, Path]:
    xlsx = write_xlsx(folder / "prison.xlsx", {"Extract": prison_sheet()})
    return {
        "xlsx": xlsx,
        "xlsm": make_xlsm(xlsx, folder / "prison.xlsm"),
        "ods": write_ods(folder / "prison.ods", {"Extract": prison_sheet()}),
        "csv": write_csv(folder / "prison.csv", [PRISON_HEADER, *PRISON_ROWS, ["Total", 3]]),
        "tsv": write_csv(folder / "prison.tsv", [PRISON_HEADER, *PRISON_ROWS], delimiter="\t"),
    }


@pytest.mark.parametrize("fmt", ["xlsx", "xlsm", "ods", "csv", "tsv"])
def test_inspect_each_format(tmp_path: Path, fmt: str) -> None:
    path = _corpus(tmp_path)[fmt]
    result = runner.invoke(app, ["inspect", str(path), "--role", "prison"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert f"File          prison.{fmt}" in lines
    assert any(line.startswith(f"Format        {fmt}") for line in lines)
    assert "Records read  3" in lines
    assert any(line.startswith("court recommendation  Court rec") for line in lines)


def test_inspect_xls(xls_file: Path) -> None:  # noqa: F811
    result = runner.invoke(app, ["inspect", str(xls_file)])
    assert result.exit_code == 0, result.output
    assert "Format        xls" in result.output.splitlines()
    assert "Header row    4" in result.output.splitlines()


def test_inspect_sheet_option(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "ind.xlsx", {"Cases": [IND_HEADER, *IND_ROWS], "Old": [["x"]]})
    result = runner.invoke(app, ["inspect", str(path), "--sheet", "cases"])
    assert result.exit_code == 0, result.output
    assert "Sheet         Cases: named in the settings (prison_sheet)" in result.output
    assert "Extract       ind (guessed: the header names 3 prison-extract, 7 IND-extract" in (
        result.output
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("prison.xls", b"<html><table><tr><td>x</td></tr></table></html>",
         "error: prison.xls: this file is a web page (HTML) saved with an .xls name; open it in "
         "Excel and save it as .xlsx, or export it as CSV"),
        ("prison.xlsx", b"",
         "error: prison.xlsx: the file is empty (0 bytes); ask for the extract to be sent again"),
        ("prison.csv", b"Surname,DOB\nSM\x81TH,1/1/70\n",
         "error: prison.csv: the text cannot be read as UTF-8 or Windows-1252 (byte 0x81 at "
         "position 14); save it again as 'CSV UTF-8' from Excel, or set the encoding under "
         "[input]"),
        ("prison.csv", b"a,b\n1,2\n",
         "error: prison.csv: no header row found in the first 400 rows (no cell names a known "
         "column such as 'Surname', 'Date of birth', 'Prison number', 'Case reference'); check "
         "that this is the right file, or map the columns in the config under [columns.prison]"),
    ],
)  # fmt: skip
def test_inspect_broken_files(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    result = runner.invoke(app, ["inspect", str(path)])
    assert result.exit_code == 2
    assert result.output.strip() == message


def test_run_reports_a_missing_column(tmp_path: Path) -> None:
    prison = write_xlsx(
        tmp_path / "prison.xlsx", {"Extract": [PRISON_HEADER[:3], ["A1", "B", "C"]]}
    )
    ind = write_xlsx(tmp_path / "ind.xlsx", {"Cases": [IND_HEADER, *IND_ROWS]})
    result = runner.invoke(app, ["run", str(prison), str(ind), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert result.output.strip() == (
        "error: prison.xlsx, sheet 'Extract': no column for date of birth (looked for 'DOB', "
        "'Date of birth', ...) nor for nationality (looked for 'Nationality', 'Nationality "
        "code', ...) nor for release date (looked for 'Release date', 'Date released', ...) nor "
        "for sentence length (looked for 'Sentence (months)', 'Sentence', ...); rename the "
        'columns or map them in the config under [columns.prison], e.g. dob = "<header>"'
    )
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_inspect_encrypted_copy(tmp_path: Path) -> None:
    path = tmp_path / "ind.xlsx"
    path.write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2000 + "EncryptedPackage".encode("utf-16-le")
    )
    shutil.copy(path, tmp_path / "copy.xlsx")
    result = runner.invoke(app, ["inspect", str(tmp_path / "copy.xlsx")])
    assert result.exit_code == 2
    assert result.output.strip() == (
        "error: copy.xlsx: this workbook is encrypted (password-protected); open it in Excel, "
        "remove the password (File > Info > Protect Workbook) and save it again"
    )


def test_inspect_counts_the_rows_as_the_run_does(sample: Path, tmp_path: Path) -> None:
    """The rows found below the header, those set aside and the records: inspect's figures
    are the run's control totals."""
    prison = sample / "prison_extract.xlsx"
    shown = runner.invoke(app, ["inspect", str(prison), "--config", str(sample / "audit.toml")])
    assert shown.exit_code == 0, shown.output
    found, aside, records = (
        int(re.search(rf"^{label} +([\d,]+)", shown.output, re.M)[1].replace(",", ""))  # type: ignore[index]
        for label in ("Rows found", "Set aside", "Records read")
    )
    run = runner.invoke(
        app,
        ["run", str(prison), str(sample / "ind_extract.xlsx"), "--config",
         str(sample / "audit.toml"), "-o", str(tmp_path / "out")],
    )  # fmt: skip
    assert run.exit_code == 0, run.output
    totals = {
        line.rsplit(None, 1)[0].strip(): int(line.rsplit(None, 1)[1].replace(",", ""))
        for line in run.output.split("Control totals")[1].split("IND extract:")[0].splitlines()
        if line.strip() and line.strip()[-1].isdigit()
    }
    assert totals["Prison extract: data rows found"] == found
    assert totals["set aside (not records: totals, notes, headings, repeated headers)"] == aside
    assert totals["prison rows read as records"] == records
    assert aside > 0 and found == aside + records  # the sample has rows set aside


def test_inspect_reads_a_csv_in_the_encoding_given(tmp_path: Path) -> None:
    """A Polish export in cp1250 is read as cp1252 unless told (ś is byte 0x9C, œ in cp1252):
    inspect takes --encoding as run does, so the user can see the names right before a run."""
    path = tmp_path / "polish.csv"
    text = "Prison number,Surname,Forenames,Date of birth\nA1234BC,Wiśniewski,Jan,01/02/1980\n"
    path.write_bytes(text.encode("cp1250"))
    plain = runner.invoke(app, ["inspect", str(path), "--role", "prison"])
    assert plain.exit_code == 0, plain.output
    assert "Wiœniewski" in plain.output
    given = runner.invoke(app, ["inspect", str(path), "--role", "prison", "--encoding", "cp1250"])
    assert given.exit_code == 0, given.output
    assert "csv, cp1250" in given.output
    assert "Wiśniewski" in given.output
