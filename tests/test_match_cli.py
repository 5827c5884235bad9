"""`reconcile match` as a user meets it, through typer's CliRunner: the summary's control
totals, where the links file may be written, the options the error messages name, the help."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reconcile.cli import app

runner = CliRunner()

HEADER = "Surname,Forenames,Date of birth,Prison number,Nationality\n"
PEOPLE = [
    "MALIK,Muhammed,23/07/1972,A8484RL,Pakistan",
    "HALL,Kirk,17/11/1977,F4105EK,Jamaica",
    "KOLA,Artan,23/12/1977,D3542XV,Albania",
    "SAHIN,Erdal,30/03/1972,G1234HJ,Turkey",
    "OKAFOR,Chinedu,02/02/1980,H2345JK,Nigeria",
]


def write_list(path: Path, rows: list[str], header: str = HEADER) -> Path:
    path.write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def lists(tmp_path: Path) -> tuple[Path, Path]:
    left = write_list(tmp_path / "left.csv", PEOPLE)
    right = write_list(tmp_path / "right.csv", [*PEOPLE[:3], "ZHANG,Wei,05/05/1985,,China"])
    return left, right


def match(*args: object) -> tuple[int, str]:
    result = runner.invoke(app, ["match", *(str(a) for a in args)])
    return result.exit_code, result.output


def count(output: str, label: str) -> int:
    """The number on the summary line that starts with ``label`` (after its indent)."""
    found = re.search(rf"^\s*{re.escape(label)}\s+([\d,]+)$", output, re.MULTILINE)
    assert found, f"no line {label!r} in:\n{output}"
    return int(found.group(1).replace(",", ""))


def test_the_summary_accounts_for_every_row_of_both_lists(
    lists: tuple[Path, Path], tmp_path: Path
) -> None:
    left, right = lists
    out = tmp_path / "links.csv"
    code, output = match(left, right, "-o", out)
    assert code == 0, output
    links = list(csv.DictReader(out.open(encoding="utf-8")))
    assert output.startswith(f"{len(links)} links written to {out}\n")
    assert "First list: left.csv" in output and "Second list: right.csv" in output
    linked = count(output, "linked")
    assert linked == len({r["left_row"] for r in links}) == 3
    assert count(output, "rows read") == 5
    review = count(output, "held for review as doubtful (not in the file)")
    assert linked + review + count(output, "not linked, no candidate good enough") == 5
    assert count(output, "linked to a row of the first list") == 3
    assert "--all-candidates writes every candidate pair" in output


def test_with_all_candidates_the_summary_splits_the_rows_not_linked(
    lists: tuple[Path, Path], tmp_path: Path
) -> None:
    left, right = lists
    out = tmp_path / "pairs.csv"
    code, output = match(left, right, "-o", out, "--all-candidates")
    assert code == 0, output
    pairs = list(csv.DictReader(out.open(encoding="utf-8")))
    assert output.startswith(f"{len(pairs)} candidate pairs written to {out}\n")
    parts = [
        "linked",
        "held for review as doubtful (needs_review)",
        "not linked, best candidate not good enough (no_link)",
        "not linked, no candidate near enough to weigh",
    ]
    assert sum(count(output, p) for p in parts) == count(output, "rows read") == 5
    assert count(output, "linked") == len({r["left_row"] for r in pairs if r["status"] == "linked"})


def test_the_summary_counts_rows_set_aside_and_says_one_link(tmp_path: Path) -> None:
    left = write_list(tmp_path / "left.csv", [PEOPLE[0], "", "TOTAL,,,,", "Total rows: 1,,,,"])
    right = write_list(tmp_path / "right.csv", [PEOPLE[0]])
    code, output = match(left, right, "-o", tmp_path / "links.csv")
    assert code == 0, output
    assert output.startswith("1 link written to ")
    aside = count(output, "set aside (not people: totals, notes, headings, repeated headers)")
    assert aside >= 1
    assert count(output, "data rows found") == 1 + aside


def test_a_missing_output_folder_is_created_as_run_creates_its_own(
    lists: tuple[Path, Path], tmp_path: Path
) -> None:
    out = tmp_path / "new" / "folder" / "links.csv"
    code, output = match(*lists, "-o", out)
    assert code == 0, output
    assert out.is_file()


def test_an_output_that_cannot_be_written_is_refused_before_the_lists_are_read(
    tmp_path: Path,
) -> None:
    # The first list is no spreadsheet at all: the output's problem is said first.
    left = tmp_path / "left.csv"
    left.write_bytes(b"\x00\x01\x02 not a list")
    right = write_list(tmp_path / "right.csv", PEOPLE)
    code, output = match(left, right, "-o", right / "links.csv")
    assert code == 2
    assert output.strip() == (
        f"error: {right}: is a file, not a folder, so links.csv cannot be written in it; "
        "choose another output file with -o"
    )


def test_an_existing_output_is_named_and_replaced_only_with_force(
    lists: tuple[Path, Path], tmp_path: Path
) -> None:
    out = tmp_path / "links.csv"
    out.write_text("old", encoding="utf-8")
    code, output = match(*lists, "-o", out)
    assert code == 2
    assert output.strip() == (
        f"error: {out}: already exists; use --force to replace it or -o to write elsewhere"
    )
    assert out.read_text(encoding="utf-8") == "old"
    code, output = match(*lists, "-o", out, "--force")
    assert code == 0, output
    assert out.read_text(encoding="utf-8").startswith("left_file,")


def test_an_output_on_an_input_a_folder_or_a_workbook_name_is_refused(
    lists: tuple[Path, Path], tmp_path: Path
) -> None:
    left, right = lists
    code, output = match(left, right, "-o", right, "--force")
    assert code == 2
    assert output.strip() == (
        f"error: {right}: this output would overwrite the input file {right}; "
        "choose another output file with -o"
    )
    folder = tmp_path / "links"
    folder.mkdir()
    code, output = match(left, right, "-o", folder)
    assert code == 2
    assert output.strip() == (
        f"error: {folder}: is a folder; give the CSV file to write, e.g. -o {folder / 'links.csv'}"
    )
    code, output = match(left, right, "-o", tmp_path / "links.xlsx")
    assert code == 2
    assert "give a name ending .csv" in output
    assert not (tmp_path / "links.xlsx").exists()


def test_the_sheet_options_the_messages_name_are_options_of_match(tmp_path: Path) -> None:
    """The reader's message for a sheet not found names --prison-sheet: match takes it (and
    --left-sheet, --right-sheet, --ind-sheet)."""
    from openpyxl import Workbook

    book = Workbook()
    notes = book.active
    notes.title = "Notes"
    notes.append(["Extract taken 3 April 2006"])
    people = book.create_sheet("People")
    people.append(["Surname", "Forenames", "Date of birth"])
    people.append(["HALL", "Kirk", "17/11/1977"])
    path = tmp_path / "people.xlsx"
    book.save(path)
    config = tmp_path / "audit.toml"
    config.write_text('[input]\nprison_sheet = "FNP"\nind_sheet = "FNP"\n', encoding="utf-8")
    code, output = match(path, path, "-c", config, "-o", tmp_path / "a.csv")
    assert code == 2
    assert "--prison-sheet" in output
    for left_opt, right_opt in (
        ("--prison-sheet", "--ind-sheet"),
        ("--left-sheet", "--right-sheet"),
    ):
        out = tmp_path / f"{left_opt}.csv"
        args = [left_opt, "People", right_opt, "People"]
        code, output = match(path, path, "-c", config, "-o", out, *args)
        assert code == 0, output
        assert "First list: people.xlsx, sheet 'People'" in output
    code, output = match(path, path, "-o", tmp_path / "b.csv", "--encoding", "klingon")
    assert code == 2
    assert "klingon" in output


def test_two_digit_birth_years_are_read_against_the_audit_date_as_run_reads_them(
    tmp_path: Path,
) -> None:
    rows = ["HALL,Kirk,17/11/04,,Jamaica"]
    left = write_list(tmp_path / "left.csv", rows)
    right = write_list(tmp_path / "right.csv", rows)
    config = tmp_path / "audit.toml"
    config.write_text("[audit]\nas_of = 2003-03-31\n", encoding="utf-8")
    out = tmp_path / "links.csv"
    code, output = match(left, right, "-c", config, "-o", out)
    assert code == 0, output
    (link,) = list(csv.DictReader(out.open(encoding="utf-8")))
    assert link["left_dob"] == link["right_dob"] == "1904-11-17"


def test_the_help_says_what_is_written_and_how_the_lists_are_read() -> None:
    result = runner.invoke(app, ["match", "--help"], terminal_width=200)
    assert result.exit_code == 0
    text = " ".join(result.output.split())
    for words in (
        "one row per link",
        "[columns.prison]",
        "[columns.ind]",
        "needs_review",
        "no_link",
        "--prison-sheet",
        "held for review as doubtful is not a link",
    ):
        assert words in text, words


def test_the_summary_names_the_values_that_could_not_be_read(tmp_path: Path) -> None:
    left = write_list(tmp_path / "left.csv", [*PEOPLE[:2], "KOLA,Artan,31/02/1977,D3542XV,Albania"])
    right = write_list(tmp_path / "right.csv", PEOPLE[:3])
    out = tmp_path / "links.csv"
    code, output = match(left, right, "-o", out)
    assert code == 0, output
    assert "Data-quality findings: 1 " in output
    assert "  left.csv, Date of birth: 1; e.g. row 4: date of birth '31/02/1977'" in output
    rows = {r["left_row"]: r for r in csv.DictReader(out.open(encoding="utf-8"))}
    assert "4" not in rows or rows["4"]["left_dob"] == ""


def test_every_link_says_in_words_why_with_each_fields_weight(
    tmp_path: Path, lists: tuple[Path, Path]
) -> None:
    """The explanation column gives the starting weight, each field's level and weight and
    the total, agreeing with the weight and level columns; the records' numbers are there
    to look them up by."""
    left, right = lists
    out = tmp_path / "links.csv"
    for extra in ([], ["--all-candidates"]):
        code, output = match(left, right, "-o", out, "--force", *extra)
        assert code == 0, output
        with out.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        assert rows
        for row in rows:
            words = row["explanation"]
            assert words.startswith("starting weight "), words
            weight = float(row["weight"])
            total = "0" if abs(weight) < 0.05 else f"{weight:+.1f}"
            assert words.endswith(f"; total {total}"), (words, weight)
            assert f"name: {row['name_level']} (" in words
            assert f"date of birth: {row['dob_level']} (" in words
            assert 0 < float(row["probability"]) < 1, row["probability"]  # never a certain 1
        kola = next(r for r in rows if r["left_surname"] == "KOLA" and r["status"] == "linked")
        assert kola["left_prison_number"] == "D3542XV" == kola["right_prison_number"]
        assert kola["right_case_ref"] == ""


def test_a_record_linked_without_being_compared_says_so(tmp_path: Path) -> None:
    from reconcile.write.links_csv import NOT_COMPARED, write_links_csv

    out = tmp_path / "links.csv"
    parts = (("a.csv", 2), ("b.csv", 3), (None, None), ("not compared", "linked"), None)
    assert write_links_csv(out, ["l", "ll", "r", "rr", "w", "p", "n", "s", "e"], [parts]) == 1
    line = out.read_text(encoding="utf-8").splitlines()[1]
    assert line == f"a.csv,2,b.csv,3,,,not compared,linked,{NOT_COMPARED}"


def test_without_all_candidates_rows_held_for_review_are_counted_apart(tmp_path: Path) -> None:
    """A row without a date of birth whose name two people of the second list share: held
    for review, not linked, and the summary counts it apart from the rows not linked."""
    left = write_list(tmp_path / "left.csv", ["NOWAK,Jan,,,Poland", *PEOPLE[1:]])
    right = write_list(
        tmp_path / "right.csv",
        ["NOWAK,Jan,01/02/1980,,Poland", "NOWAK,Jan,03/04/1970,,Poland", *PEOPLE[1:]],
    )
    out = tmp_path / "links.csv"
    code, output = match(left, right, "-o", out)
    assert code == 0, output
    _, everything = match(left, right, "-o", tmp_path / "all.csv", "--all-candidates")
    with (tmp_path / "all.csv").open(encoding="utf-8", newline="") as handle:
        held = {r["left_row"] for r in csv.DictReader(handle) if r["status"] == "needs_review"}
    assert len(held) == 1
    assert count(output, "held for review as doubtful (not in the file)") == 1
    assert count(everything, "held for review as doubtful (needs_review)") == len(held)
    assert count(output, "linked") + len(held) + count(
        output, "not linked, no candidate good enough"
    ) == count(output, "rows read")
