"""One extract kept on several sheets (one per year, or rows beyond one sheet's limit), read as
one with the sheet setting '*': every row read once, each row's place naming its own sheet."""

from __future__ import annotations

import csv
import dataclasses
import re
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from reconcile.cli import app
from reconcile.errors import InputError
from reconcile.model import Provenance, Role
from reconcile.normalise.records import build_prison_records
from reconcile.read import inspect_file, load_table, render_inspection
from reconcile.read.extract import _common_start
from reconcile.settings import Config
from tests.test_read_corpus import (
    IND_HEADER,
    IND_ROWS,
    PRISON_HEADER,
    PRISON_ROWS,
    Rows,
    prison_sheet,
    write_xlsx,
)


def _all(role: Role = Role.PRISON) -> Config:
    key = "prison_sheet" if role is Role.PRISON else "ind_sheet"
    return Config(input=dataclasses.replace(Config().input, **{key: "*"}))


def _refusal(path: Path, config: Config | None = None) -> str:
    """The message of the InputError that reading the prison extract raises."""
    with pytest.raises(InputError) as caught:
        load_table(path, Role.PRISON, config or _all())
    return str(caught.value)


def _years(tmp_path: Path) -> Path:
    """Two years of one extract, a summary sheet between them; the second year's header in
    row 1, with one row of its own and a total row set aside."""
    second = [PRISON_HEADER, ["B7654DC", "ADEYEMI", "Tunde", date(1979, 5, 6), "Nigeria", 30,
                              "Fraud", date(2006, 1, 9), "N"], ["Total", 1]]  # fmt: skip
    sheets = {"2004-05": prison_sheet(), "Summary": [["Total", 4]], "2005-06": second}
    return write_xlsx(tmp_path / "prison.xlsx", sheets)


def test_every_sheet_holding_the_extract_is_read_in_order(tmp_path: Path) -> None:
    table, findings = load_table(_years(tmp_path), Role.PRISON, _all())
    src = table.source
    assert src.sheets == ("2004-05", "2005-06")
    assert src.sheet == "2004-05 + 2005-06"
    assert src.place == "prison.xlsx, sheets '2004-05', '2005-06'"
    assert src.rows == len(table) == len(PRISON_ROWS) + 1
    assert table.parts == (("2004-05", len(PRISON_ROWS)), ("2005-06", 1))
    assert table.row_sheets() == [("2004-05", [5, 6, 7]), ("2005-06", [2])]
    assert src.sheet_choice == (
        "every sheet holding the whole prison extract, read as one (prison_sheet = '*'): "
        "'2004-05' (header in row 4, 3 rows), '2005-06' (header in row 1, 1 rows)"
    )
    # Dates and numbers of the later sheet keep their places once the columns are joined.
    assert table.columns["dob"][-1] == date(1979, 5, 6)
    assert table.columns["dob"][0] == PRISON_ROWS[0][3]
    assert table.columns["sentence"][-1] == 30
    # Each set-aside total row is found on its own sheet.
    skipped = sorted((f.sheet, f.row) for f in findings if "not a record" in f.problem)
    assert skipped == [("2004-05", 9), ("2005-06", 3)]
    assert src.skipped_sheets == ("2004-05", "2005-06")


def test_each_record_names_its_own_sheet_and_rows_refer_to_it(tmp_path: Path) -> None:
    table, _ = load_table(_years(tmp_path), Role.PRISON, _all())
    records, _ = build_prison_records(table, reference=date(2006, 4, 1))
    places = [(r.prov.sheet, r.prov.row) for r in records]
    assert places == [("2004-05", 5), ("2004-05", 6), ("2004-05", 7), ("2005-06", 2)]
    assert records[-1].prov.ref == "row 2 of sheet '2005-06'"
    assert str(records[-1].prov) == "prison.xlsx, sheet '2005-06', row 2"


@pytest.mark.parametrize(
    ("prov", "ref"),
    [
        (Provenance("p.xlsx", "Extract", 12), "row 12"),
        (Provenance("p.csv", "", 3), "row 3"),
        (Provenance("p.xlsx", "2005-06", 2, several=True), "row 2 of sheet '2005-06'"),
    ],
)
def test_a_row_reference_names_the_sheet_only_when_there_are_several(
    prov: Provenance, ref: str
) -> None:
    assert prov.ref == ref


def test_one_sheet_holding_the_extract_is_read_as_it_is(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "prison.xlsx", {"Notes": [["About"]], "X": prison_sheet()})
    table, _ = load_table(path, Role.PRISON, _all())
    assert (table.source.sheet, table.source.sheets, table.parts) == ("X", (), ())
    assert len(table) == len(PRISON_ROWS)


def test_sheets_that_map_other_columns_are_refused(tmp_path: Path) -> None:
    """A part without a column the first part has would leave the field empty for its rows
    without a word. (A sheet without a column the extract needs: below.)"""
    narrow = [[h for h in PRISON_HEADER if h != "Offence"]]
    narrow += [[v for v, h in zip(row, PRISON_HEADER, strict=True) if h != "Offence"]
               for row in PRISON_ROWS]  # fmt: skip
    path = write_xlsx(tmp_path / "prison.xlsx", {"A": prison_sheet(), "B": narrow})
    message = _refusal(path)
    assert message.startswith("prison.xlsx, sheet 'B': the sheets read as one prison extract")
    assert "does not match sheet 'A' (it has no column for offence)" in message
    assert "--prison-sheet NAME" in message


def _renamed(old: str, new: str) -> Rows:
    """The extract's header and rows with one header renamed."""
    return [[new if h == old else h for h in PRISON_HEADER], *PRISON_ROWS]


def test_a_sheet_that_looks_like_a_part_but_lacks_a_column_is_refused(tmp_path: Path) -> None:
    """Passed over, a year whose release-date header was typed differently would lose its
    rows from the run without a word."""
    path = write_xlsx(
        tmp_path / "prison.xlsx",
        {"2004-05": prison_sheet(), "2005-06": _renamed("Release date", "Date went out")},
    )
    message = _refusal(path)
    assert message.startswith("prison.xlsx, sheet '2005-06': no column for release date")
    assert "(columns not used: 'Date went out')" in message
    assert "This sheet has 3 rows under a header (row 1) naming 4 of the 5 columns" in message
    assert "left out, its rows would be missing from the run" in message
    assert message.endswith(
        "To read it, give the column the header the other sheets use (add it if it is "
        "missing); if it is not part of the extract, name the extract's sheets by a pattern "
        "that leaves it out (--prison-sheet 'FNP*', say) or give a copy of the workbook "
        "without it; or read one sheet (--prison-sheet NAME)"
    )


def test_when_every_sheet_lacks_the_column_mapping_it_is_the_fix(tmp_path: Path) -> None:
    renamed = _renamed("Release date", "Date went out")
    path = write_xlsx(tmp_path / "prison.xlsx", {"2004-05": renamed, "2005-06": renamed})
    message = _refusal(path)
    assert message.startswith("prison.xlsx, sheet '2004-05': no column for release date")
    assert "rename the column, or map it in the config under [columns.prison]" in message
    # Mapped, both sheets are read.
    config = dataclasses.replace(_all().input, prison_columns={"release_date": "Date went out"})
    table, _ = load_table(path, Role.PRISON, Config(input=config))
    assert table.parts == (("2004-05", 3), ("2005-06", 3))


def test_a_sheet_lacking_a_configured_header_is_refused_when_it_looks_like_a_part(
    tmp_path: Path,
) -> None:
    path = write_xlsx(
        tmp_path / "prison.xlsx",
        {"A": _renamed("Release date", "Date out")[:1] + PRISON_ROWS, "B": _renamed("", "")},
    )
    config = dataclasses.replace(_all().input, prison_columns={"release_date": "Date out"})
    message = _refusal(path, Config(input=config))
    assert message.startswith(
        "prison.xlsx, sheet 'B': the config maps release_date to the header 'Date out'"
    )
    assert "naming 5 of the 5 columns the prison extract needs" in message


@pytest.mark.parametrize(
    "other",
    [
        [["Nationality", "Count"], ["Jamaica", 1], ["Ireland", 1], ["Viet Nam", 1]],
        [["Surname", "DOB"], ["SMITH", date(1970, 1, 2)]],  # two of five: not a part
        [[h for h in PRISON_HEADER if h != "Release date"]],  # a header and no rows
    ],
    ids=["totals by nationality", "a list of names", "a header alone"],
)
def test_sheets_naming_few_of_the_columns_or_holding_no_rows_are_passed_over(
    tmp_path: Path, other: Rows
) -> None:
    path = write_xlsx(tmp_path / "prison.xlsx", {"A": prison_sheet(), "Other": other})
    table, _ = load_table(path, Role.PRISON, _all())
    assert (table.source.sheet, len(table)) == ("A", len(PRISON_ROWS))


def test_no_sheet_holding_the_extract_is_an_error_that_lists_the_sheets(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "prison.xlsx", {"Notes": [["About"]], "Odd": [["Surname"]]})
    message = _refusal(path)
    assert "no such sheet's header names all the columns it needs" in message
    assert "'Notes' (0 columns named), 'Odd' (1 columns named)" in message


def test_the_refusal_to_read_one_of_several_says_how_to_read_them_all(tmp_path: Path) -> None:
    assert "--prison-sheet '*'" in _refusal(_years(tmp_path), Config())


def test_inspect_reads_every_sheet_when_asked(tmp_path: Path) -> None:
    config = Config(input=dataclasses.replace(Config().input, prison_sheet="*", ind_sheet="*"))
    ins = inspect_file(_years(tmp_path), None, config)
    assert ins.problems == []
    shown = render_inspection(ins)
    assert "every sheet holding the whole prison extract, read as one" in shown
    table = shown.split("Sheets\n")[1].split("\n\n")[0].splitlines()[2:]
    marks = {line.split()[0]: line.split()[-1] for line in table}
    assert marks == {"2004-05": "read", "2005-06": "read", "Summary": "0"}


runner = CliRunner()


def _split(source: Path, target: Path) -> tuple[str, int]:
    """The sample's prison extract with its data rows split over two sheets (the second with
    its own header in row 1) and a notes sheet; returns the first sheet's name and rows."""
    book = openpyxl.load_workbook(source)
    sheet = book.worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    header_at = next(i for i, r in enumerate(rows) if r and "NOMS No" in r)
    data = rows[header_at + 1 :]
    half = len(data) // 2
    sheet.delete_rows(header_at + 2 + half, len(data) - half)
    second = book.create_sheet("Later")
    for row in [rows[header_at], *data[half:]]:
        second.append(row)
    book.create_sheet("Notes").append(["Split in two for the test"])
    book.save(target)
    return sheet.title, header_at + 1 + half


def _as_one(text: str, last_row_of_first: int, first_sheet: str) -> str:
    """A reason's references to rows of either sheet, as the one-sheet run words them."""
    text = text.replace(f" of sheet {first_sheet!r}", "")
    text = re.sub(
        r"row (\d+) of sheet 'Later'",
        lambda m: f"row {int(m[1]) + last_row_of_first - 1}",
        text,
    )
    return re.sub(r"prison row (\d+) and row (\d+)", r"prison rows \1 and \2", text)


def _outcomes(folder: Path) -> list[dict[str, str]]:
    with (folder / "outcomes.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_a_run_over_two_sheets_gives_the_one_sheet_run_s_outcomes(tmp_path: Path) -> None:
    sample = tmp_path / "sample"
    made = runner.invoke(app, ["sample", "-o", str(sample), "--people", "150", "--seed", "5"])
    assert made.exit_code == 0, made.output
    config = tmp_path / "audit.toml"
    config.write_text(
        "\n".join(
            line
            for line in (sample / "audit.toml").read_text().splitlines()
            if not line.startswith("prison_sheet")
        )
    )
    split = tmp_path / "split.xlsx"
    first_sheet, last_row_of_first = _split(sample / "prison_extract.xlsx", split)
    ind = str(sample / "ind_extract.xlsx")
    one = runner.invoke(
        app,
        [
            "run",
            str(sample / "prison_extract.xlsx"),
            ind,
            "-c",
            str(config),
            "-o",
            str(tmp_path / "one"),
        ],
    )
    assert one.exit_code == 0, one.output
    refused = runner.invoke(
        app, ["run", str(split), ind, "-c", str(config), "-o", str(tmp_path / "no")]
    )
    assert refused.exit_code != 0 and "--prison-sheet '*'" in refused.output
    both = runner.invoke(
        app,
        [
            "run",
            str(split),
            ind,
            "-c",
            str(config),
            "--prison-sheet",
            "*",
            "-o",
            str(tmp_path / "both"),
        ],
    )
    assert both.exit_code == 0, both.output
    a, b = _outcomes(tmp_path / "one"), _outcomes(tmp_path / "both")
    assert len(a) == len(b)
    moved = 0
    for x, y in zip(a, b, strict=True):
        if y["source_sheet"] == first_sheet:
            assert y["source_row"] == x["source_row"]
        else:  # the second sheet's rows start under its own header, in row 2
            assert y["source_sheet"] == "Later"
            assert int(y["source_row"]) == int(x["source_row"]) - last_row_of_first + 1
            moved += 1
        same = {k: v for k, v in x.items() if k not in ("source_file", "source_sheet",
                                                          "source_row", "prison_key")}  # fmt: skip
        worded = {k: _as_one(y[k], last_row_of_first, first_sheet) for k in same}
        assert same == worded, x["source_row"]
    assert moved > 0


# A pattern in the sheet setting ('*' or '?': Excel allows neither in a sheet's name) reads
# the sheets named like it, so that another list beside the extract's sheets can be left out.


def _years_and_removals(tmp_path: Path) -> Path:
    """Two years of the extract and a list of removals that looks like a part of it (names,
    dates of birth, nationality and a release date, but no sentence)."""
    removals = [[h for h in PRISON_HEADER if h != "Sentence (months)"]]
    removals += [[v for v, h in zip(row, PRISON_HEADER, strict=True) if h != "Sentence (months)"]
                 for row in PRISON_ROWS]  # fmt: skip
    sheets = {"FNP 2004": prison_sheet(), "Removals": removals, "FNP 2005": prison_sheet()}
    return write_xlsx(tmp_path / "prison.xlsx", sheets)


def _sheets(pattern: str) -> Config:
    return Config(input=dataclasses.replace(Config().input, prison_sheet=pattern))


@pytest.mark.parametrize("pattern", ["FNP*", "fnp 200?", "  FNP *"])
def test_a_pattern_reads_the_sheets_named_like_it(tmp_path: Path, pattern: str) -> None:
    path = _years_and_removals(tmp_path)
    table, _ = load_table(path, Role.PRISON, _sheets(pattern))
    assert table.parts == (("FNP 2004", 3), ("FNP 2005", 3))
    assert table.source.sheet_choice.startswith(
        f"every sheet named like {pattern!r} holding the whole prison extract, read as one "
        f"(prison_sheet = '{pattern}'): 'FNP 2004' (header in row 4, 3 rows)"
    )


def test_every_sheet_would_take_in_the_list_that_looks_like_a_part(tmp_path: Path) -> None:
    message = _refusal(_years_and_removals(tmp_path))
    assert message.startswith("prison.xlsx, sheet 'Removals': no column for sentence length")
    assert "by a pattern that leaves it out (--prison-sheet 'FNP 200*')" in message


@pytest.mark.parametrize(
    ("names", "start"),
    [
        (["fnp 2004", "fnp 2005"], "fnp 200"),
        (["fnp", "fnp (2)"], "fnp"),
        (["2004", "1999"], ""),
        (["only"], "only"),
        ([], ""),
    ],
)
def test_common_start(names: list[str], start: str) -> None:
    assert _common_start(names) == start


def test_inspect_without_a_role_names_the_setting_that_gave_the_pattern(tmp_path: Path) -> None:
    """The IND setting's pattern names the sheets, but their headers are a prison extract's:
    read as the prison extract, and the text names ind_sheet, the setting that chose them."""
    config = Config(
        input=dataclasses.replace(Config().input, prison_sheet="FNP*", ind_sheet="cases*")
    )
    book = {"Cases 2004": prison_sheet(), "Cases 2005": prison_sheet()}
    ins = inspect_file(write_xlsx(tmp_path / "a.xlsx", book), None, config)
    assert ins.role is Role.PRISON
    assert "holding the whole prison extract, read as one (ind_sheet = 'cases*')" in (
        ins.sheet_choice
    )
    # A third sheet like them but lacking a column: the refusal names the same setting.
    short = [[c for k, c in enumerate(row) if k != 5] for row in prison_sheet()]
    book["Cases 2006"] = short
    with pytest.raises(InputError) as caught:
        inspect_file(write_xlsx(tmp_path / "b.xlsx", book), None, config)
    message = str(caught.value)
    assert "(ind_sheet = 'cases*')" in message
    assert "(--ind-sheet 'Cases 200*')" not in message  # 'Cases 2006' starts like the others
    assert "(--ind-sheet 'FNP*', say)" in message and "(--ind-sheet NAME)" in message
    assert "prison_sheet" not in message and "--prison-sheet" not in message


def test_inspect_under_a_pattern_shows_every_sheet_and_each_skipped_rows_sheet(
    tmp_path: Path,
) -> None:
    """The sheets the pattern leaves out are listed as such, and rows set aside on several
    sheets say which sheet they are on (a row number alone would be ambiguous)."""
    second = [PRISON_HEADER, ["B7654DC", "ADEYEMI", "Tunde", date(1979, 5, 6), "Nigeria", 30,
                              "Fraud", date(2006, 1, 9), "N"], ["Total", 1]]  # fmt: skip
    sheets = {"FNP 2004": prison_sheet(), "Notes": [["Read me"]], "FNP 2005": second}
    path = write_xlsx(tmp_path / "prison.xlsx", sheets)
    ins = inspect_file(path, Role.PRISON, _sheets("FNP*"))
    assert ins.unnamed == ("Notes",)
    assert ins.skipped_sheets == ("FNP 2004", "FNP 2005")
    shown = render_inspection(ins)
    table = shown.split("Sheets\n")[1].split("\n\n")[0].splitlines()
    assert [line.split()[-1] for line in table[2:]] == ["read", "read", "matched"]
    assert table[-1].split()[:4] == ["Notes", "-", "-", "-"]
    skipped = shown.split("Rows set aside\n")[1].split("\n\n")[0].splitlines()
    assert skipped[0].split()[:4] == ["sheet", "row", "why", "content"]
    assert [line.split()[:3] for line in skipped[2:]] == [
        ["FNP", "2004", "9"],
        ["FNP", "2005", "3"],
    ]


def test_inspect_of_one_sheet_shows_skipped_rows_without_a_sheet_column(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "prison.xlsx", {"FNP 2004": prison_sheet()})
    ins = inspect_file(path, Role.PRISON, Config())
    assert ins.skipped_sheets == () and ins.unnamed == ()
    skipped = render_inspection(ins).split("Rows set aside\n")[1].splitlines()
    assert skipped[0].split()[:3] == ["row", "why", "content"]
    assert "Sheets" not in render_inspection(ins)


def test_a_pattern_that_names_no_sheet_lists_the_sheets(tmp_path: Path) -> None:
    message = _refusal(_years_and_removals(tmp_path), _sheets("2004*"))
    assert message == (
        "prison.xlsx: no sheet's name matches '2004*'; the sheets are 'FNP 2004', 'Removals', "
        "'FNP 2005'; give a pattern that matches the extract's sheets ('*' for any characters, "
        "'?' for one), or one sheet's name (--prison-sheet, or prison_sheet under [input] in "
        "the config)"
    )


def test_a_pattern_naming_no_sheet_that_holds_the_extract_says_so(tmp_path: Path) -> None:
    message = _refusal(_years_and_removals(tmp_path), _sheets("Rem*"))
    assert message.startswith("prison.xlsx, sheet 'Removals': no column for sentence length")
    assert "read from every sheet named like 'Rem*' (prison_sheet = 'Rem*')" in message


def test_inspect_without_a_role_takes_the_setting_whose_pattern_names_a_sheet(
    tmp_path: Path,
) -> None:
    """One config for both extracts, inspecting the IND workbook: the prison setting's
    pattern names none of its sheets, the IND one's does."""
    book = {"Cases 2004": [IND_HEADER, *IND_ROWS], "Cases 2005": [IND_HEADER, *IND_ROWS]}
    path = write_xlsx(tmp_path / "ind.xlsx", book)
    config = Config(
        input=dataclasses.replace(Config().input, prison_sheet="FNP*", ind_sheet="cases*")
    )
    ins = inspect_file(path, None, config)
    assert ins.problems == []
    shown = render_inspection(ins)
    assert "every sheet named like 'cases*' holding the whole IND extract" in shown
