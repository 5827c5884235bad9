"""`reconcile inspect` lists the findings in cells a run would give: a count per column and
kind in the run's words, the first cells of each kind (cell, row, value as given), every
cell with --all."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import xlsxwriter
from typer.testing import CliRunner

from reconcile.cli import app
from reconcile.extracts import read_records
from reconcile.model import Finding, Role
from reconcile.read.inspect import cell_kinds, inspect_file, render_inspection
from reconcile.settings import Config, load_config
from tests.test_read_corpus import PRISON_HEADER, write_xlsx

runner = CliRunner()

# Surname is column B: each kind of problem a name cell can hold, some several times.
SURNAMES: list[object] = [
    "SMITH",
    "12345",  # no letter
    "SM1TH",  # digits
    "JosÃ©",  # UTF-8 read as Windows text
    "AL\u202eIGE",  # a right-to-left override
    date(2001, 3, 4),  # a date in a name column
    "Smith 2",  # digits
    "NGUYEN",
]


def _messy(path: Path, rows: int = 24) -> Path:
    table: list[list[object]] = [PRISON_HEADER]
    for k in range(rows):
        table.append(
            [
                f"A{1000 + k}BD" if k % 10 else date(2002, 1, 1),  # column A: a date at k = 0, 10..
                SURNAMES[k % len(SURNAMES)],
                "John",
                date(1970, 1, 2),
                "Jamaica",
                18,
                "Drugs",
                date(2005, 6, 1),
                "N",
            ]
        )
    return write_xlsx(path, {"Extract": table})


def _run_cell_findings(prison: Path, ind: Path, config: Config) -> list[Finding]:
    """The findings in cells of the prison extract, as the run reads and builds it."""
    read = read_records(prison, ind, config, reference=config.audit.as_of)
    found = [*read.prison.read_findings, *read.prison.findings]
    return [f for f in found if f.row > 0 and f.field]


def _key(f: Finding) -> tuple[object, ...]:
    return (f.sheet, f.row, f.column, f.raw, f.problem, f.consequence)


def test_inspect_lists_the_findings_the_run_gives_on_the_sample(sample: Path) -> None:
    config = load_config(sample / "audit.toml")
    ins = inspect_file(sample / "prison_extract.xlsx", None, config)
    run = _run_cell_findings(sample / "prison_extract.xlsx", sample / "ind_extract.xlsx", config)
    assert run  # the sample has some
    assert sorted(map(_key, ins.cell_findings)) == sorted(map(_key, run))


def test_inspect_lists_the_findings_the_run_gives_on_a_messy_file(
    tmp_path: Path, sample: Path
) -> None:
    prison = _messy(tmp_path / "prison.xlsx")
    ins = inspect_file(prison, Role.PRISON, Config())
    run = _run_cell_findings(prison, sample / "ind_extract.xlsx", Config())
    assert sorted(map(_key, ins.cell_findings)) == sorted(map(_key, run))
    problems = {f.problem for f in ins.cell_findings}
    for said in (
        "surname '12345' holds no letter: not a name",
        "surname 'SM1TH' holds digits, which a name does not",
        "surname '2001-03-04' is a date, not a name",
        "the text reads as UTF-8 taken for Windows text: most likely 'José'",
    ):
        assert said in problems, sorted(problems)
    assert any("U+202E" in p for p in problems)


def test_a_1904_workbook_is_read_as_the_run_reads_it(tmp_path: Path, sample: Path) -> None:
    """A date of birth stored as a plain number in a 1904-based workbook counts from 1904
    (loader.from_1904): 22066 is a date in 1964 in the usual count, four years later in the
    workbook's, a year before the sentence began. The run finds that age, on the number moved
    to the usual count; so must inspect."""
    path = tmp_path / "prison.xlsx"
    book = xlsxwriter.Workbook(str(path), {"date_1904": True})
    sheet = book.add_worksheet("Extract")
    day = book.add_format({"num_format": "dd/mm/yyyy"})
    header = ["Prison No", "Surname", "DOB", "Sentence date", "Release date", "Sentence",
              "Nationality"]  # fmt: skip
    sheet.write_row(0, 0, header)
    for r in (1, 2):
        sheet.write_row(r, 0, [f"A123{r}BC", "SMITH", 22066, None, None, 12, "Jamaica"])
        sheet.write_datetime(r, 3, datetime(1966, 1, 1), day)
        sheet.write_datetime(r, 4, datetime(1967, 1, 1), day)
    book.close()
    ins = inspect_file(path, Role.PRISON, Config())
    run = _run_cell_findings(path, sample / "ind_extract.xlsx", Config())
    assert any(f.raw == str(22066 + 1462) and "age" in f.problem for f in run), run
    assert sorted(map(_key, ins.cell_findings)) == sorted(map(_key, run))


def test_the_cli_counts_each_kind_and_shows_its_first_cells(tmp_path: Path) -> None:
    prison = _messy(tmp_path / "prison.xlsx")
    shown = runner.invoke(app, ["inspect", str(prison), "--role", "prison"])
    assert shown.exit_code == 0, shown.output
    text = shown.output
    total = len(inspect_file(prison, Role.PRISON, Config()).cell_findings)
    assert f"Findings in cells: {total}, as the run gives them" in text
    # The count per column and kind, in the run's words less the value each quotes.
    assert re.search(r"^Surname +B +6 +surname holds digits, which a name does not$", text, re.M)
    assert re.search(r"^Prison No +A +3 +prison number is a date, not a prison number$", text, re.M)
    # Each kind's first 3 cells, with the cell, the row and the value as given.
    block = text.split("Surname (column B): surname holds digits, which a name does not: ")[1]
    assert block.startswith("6 cells, the first 3 (--all lists every one)\n")
    assert "What the run does: compared without them" in block.split("\n\n")[0]
    cells = re.findall(r"^(B\d+) +(\d+) +(.+?)$", block.split("\n\n")[0], re.M)
    assert cells == [("B4", "4", "SM1TH"), ("B8", "8", "Smith 2"), ("B12", "12", "SM1TH")]
    # A character that shows nothing is shown as its code, not acted on by the terminal.
    assert "AL<U+202E>IGE" in text and "\u202e" not in text


def test_all_lists_every_cell(tmp_path: Path) -> None:
    prison = _messy(tmp_path / "prison.xlsx")
    shown = runner.invoke(app, ["inspect", str(prison), "--role", "prison", "--all"])
    assert shown.exit_code == 0, shown.output
    block = shown.output.split("Surname (column B): surname holds digits, which a name does not: ")
    first = block[1].split("\n\n")[0]
    assert first.startswith("6 cells\n")
    cells = re.findall(r"^B(\d+) ", first, re.M)
    assert cells == ["4", "8", "12", "16", "20", "24"]
    assert "--all lists every one" not in shown.output


def test_findings_that_differ_in_detail_are_one_kind_each_cell_with_its_own_words() -> None:
    def nat(row: int, raw: str, named: str) -> Finding:
        return Finding(
            "p.xlsx", "S", row, "Nationality", "nationality", raw,
            f"nationality '{raw}' names more than one nationality ({named})", "read as British",
        )  # fmt: skip

    found = [
        nat(5, "British/Jamaican", "United Kingdom, Jamaica"),
        Finding("p.xlsx", "S", 6, "Wide", "surname", "SM1TH",
                "surname 'SM1TH' holds digits, which a name does not", "compared without them"),
        nat(7, "BRITISH/NIGERIAN", "United Kingdom, Nigeria"),
        nat(9, "British/Jamaican", "United Kingdom, Jamaica"),
    ]  # fmt: skip
    kinds = cell_kinds(found, {"Nationality": "E", "Wide": "AA"})
    assert [(k.column, k.letter, len(k.findings)) for k in kinds] == [
        ("Nationality", "E", 3),
        ("Wide", "AA", 1),  # B < Z < AA: by letter as the sheet orders them
    ]
    assert kinds[0].problem == "nationality names more than one nationality ..."
    assert kinds[0].consequence == "read as British"
    assert kinds[1].problem == "surname holds digits, which a name does not"


def test_a_file_the_run_would_refuse_is_not_searched_for_cell_findings(tmp_path: Path) -> None:
    table: list[list[object]] = [["Prison No", "DOB", "Nationality", "Sentence"]]
    table += [[f"A{1000 + k}BC", date(1970, 1, 2), "Jamaica", 12] for k in range(3)]
    path = write_xlsx(tmp_path / "prison.xlsx", {"Extract": table})
    ins = inspect_file(path, Role.PRISON, Config())
    assert ins.problems and not ins.cells_looked_at
    text = render_inspection(ins)
    assert "Findings in cells: not looked for; the run stops on the problems below" in text


def test_a_clean_file_says_none(tmp_path: Path) -> None:
    table: list[list[object]] = [PRISON_HEADER]
    table += [
        [f"A{1234 + k}RL", "SMITH", "John", date(1970, 1, 2), "Jamaica", 18, "Drugs",
         date(2005, 6, 1), "N"]
        for k in range(3)
    ]  # fmt: skip
    path = write_xlsx(tmp_path / "prison.xlsx", {"Extract": table})
    text = render_inspection(inspect_file(path, Role.PRISON, Config()))
    assert "Findings in cells: none" in text
