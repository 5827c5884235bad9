"""A reading limit that stops a run names the setting and where its value came from: the
config file it is set in, or the default (and the file that leaves it so). Each limit is
lowered in a tiny config and the run refused through the command line."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
import xlsxwriter
from typer.testing import CliRunner

from reconcile import decisions
from reconcile.cli import app
from reconcile.read import files
from tests.zipparts import rewrite

runner = CliRunner()


def config_with(sample: Path, folder: Path, limits: str) -> Path:
    """The sample's audit.toml, saved as audit.toml in ``folder`` with a [limits] table."""
    text = (sample / "audit.toml").read_text(encoding="utf-8")
    path = folder / "audit.toml"
    path.write_text(f"{text}\n[limits]\n{limits}\n", encoding="utf-8")
    return path


def refused(sample: Path, out: Path, config: Path, *extra: str, prison: Path | None = None) -> str:
    prison = prison or sample / "prison_extract.xlsx"
    args = ["run", str(prison), str(sample / "ind_extract.xlsx"), "--config", str(config)]
    result = runner.invoke(app, [*args, "-o", str(out), *extra])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    return " ".join(result.output.split())


def test_a_cell_over_max_cell_chars_names_the_config_file(sample: Path, tmp_path: Path) -> None:
    config = config_with(sample, tmp_path, "max_cell_chars = 5")
    said = refused(sample, tmp_path / "out", config)
    assert re.search(
        r"prison_extract\.xlsx, sheet 'FNP discharges', row \d+, column [A-Z]+: a cell holds "
        r"\d+ characters, more than the limit of 5 \(\[limits\] max_cell_chars in "
        r"audit\.toml\); the file is damaged or not an extract; check that cell",
        said,
    ), said


def test_a_cell_over_the_default_max_cell_chars_says_it_is_the_default(
    sample: Path, tmp_path: Path
) -> None:
    source = tmp_path / "source.xlsx"
    book = xlsxwriter.Workbook(str(source))  # which writes no cell over Excel's limit
    sheet = book.add_worksheet("FNP discharges")
    sheet.write_row(0, 0, ["NOMS No", "Surname", "Date of Birth"])
    sheet.write_row(1, 0, ["A1234BC", "BIG", "01/01/1970"])
    book.close()

    def enlarge(name: str, data: bytes) -> bytes:
        return (
            data.replace(b">BIG<", b">" + b"x" * 32_768 + b"<") if "sharedStrings" in name else data
        )

    prison = rewrite(source, tmp_path / "prison.xlsx", enlarge)
    config = config_with(sample, tmp_path, "max_cells = 60_000_000")
    said = refused(sample, tmp_path / "out", config, prison=prison)
    assert (
        "prison.xlsx, sheet 'FNP discharges', row 2, column B: a cell holds 32,768 characters, "
        "more than the limit of 32,767 ([limits] max_cell_chars, the default, as audit.toml "
        "does not change it)"
    ) in said, said


def _sleeping(*_args: object) -> None:
    time.sleep(30)


def test_a_reader_over_reader_timeout_s_names_the_config_file(
    sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reader that never finishes (the forked reader runs this process's code, so the
    stand-in for a parser stuck on a crafted file reaches it) is stopped after the limit."""
    monkeypatch.setattr(files, "_extract_workbook", _sleeping)
    config = config_with(sample, tmp_path, "reader_timeout_s = 1")
    start = time.monotonic()
    said = refused(sample, tmp_path / "out", config)
    assert time.monotonic() - start < 20
    assert (
        "reading took longer than the limit of 1 second ([limits] reader_timeout_s in "
        "audit.toml) and was stopped; the file may be damaged or crafted; open it in Excel, "
        "save it again as .xlsx and retry, or raise the limit if you trust it"
    ) in said, said


def _greedy(*_args: object) -> int:
    return len(bytearray(2_000 * 1024 * 1024))


def test_a_reader_over_reader_memory_mb_names_the_config_file(
    sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(files, "_extract_workbook", _greedy)
    config = config_with(sample, tmp_path, "reader_memory_mb = 256")
    said = refused(sample, tmp_path / "out", config)
    assert (
        "reading this file needed more than the memory limit of 256 MB ([limits] "
        "reader_memory_mb in audit.toml); the file may be damaged or crafted; open it in "
        "Excel, save it again as .xlsx and retry, or raise the limit if you trust it"
    ) in said, said


def test_a_parser_that_aborts_names_the_memory_limit_and_the_config_file(
    sample: Path, tmp_path: Path
) -> None:
    """A sheet with cells at A1 and XFD1048576 and no <dimension>: the native parser tries to
    allocate the whole range and the reader process dies."""
    source = tmp_path / "source.xlsx"
    book = xlsxwriter.Workbook(str(source))
    sheet = book.add_worksheet("FNP discharges")
    sheet.write_row(0, 0, ["NOMS No", "Surname", "Date of Birth"])
    sheet.write(1_048_575, 16_383, "x")
    book.close()

    def drop_dimension(name: str, data: bytes) -> bytes:
        return re.sub(rb"<dimension[^>]*/>", b"", data) if "worksheets" in name else data

    prison = rewrite(source, tmp_path / "prison.xlsx", drop_dimension)
    config = config_with(sample, tmp_path, "reader_memory_mb = 300")
    said = refused(sample, tmp_path / "out", config, prison=prison)
    assert re.search(
        r"prison\.xlsx: the spreadsheet reader failed on this file \(it stopped with SIG[A-Z]+, "
        r"most likely by needing more than the memory limit of 300 MB \(\[limits\] "
        r"reader_memory_mb in audit\.toml\)\); the file may be damaged or crafted; open it in "
        r"Excel, save it again as \.xlsx and retry, or raise the limit if you trust it",
        said,
    ), said


def test_a_decisions_file_over_the_size_limit_names_the_config_file(
    sample: Path, tmp_path: Path
) -> None:
    config = config_with(sample, tmp_path, "max_uncompressed_mb = 1")
    reviewed = tmp_path / "decisions.csv"
    line = "P-000001,I-000001,accept,checked by hand\n"
    reviewed.write_text("prison_key,ind_key,Decision,Note\n" + line * 40_000, encoding="utf-8")
    said = refused(sample, tmp_path / "out", config, "--decisions", str(reviewed))
    assert (
        "decisions.csv: the decisions file is larger than the limit of 1 MB ([limits] "
        "max_uncompressed_mb in audit.toml)"
    ) in said, said


def test_a_decisions_workbook_over_reader_timeout_s_names_the_config_file(
    sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(decisions, "_workbook_tables", _sleeping)
    config = config_with(sample, tmp_path, "reader_timeout_s = 1")
    reviewed = tmp_path / "reviewed.xlsx"
    book = xlsxwriter.Workbook(str(reviewed))
    book.add_worksheet("Needs review").write_row(0, 0, ["prison_key", "ind_key", "Decision"])
    book.close()
    said = refused(sample, tmp_path / "out", config, "--decisions", str(reviewed))
    assert (
        "reviewed.xlsx: reading took longer than the limit of 1 second ([limits] "
        "reader_timeout_s in audit.toml) and was stopped"
    ) in said, said
