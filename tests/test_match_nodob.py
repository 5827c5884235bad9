"""`reconcile match` with a list that has no date-of-birth column: linked on names and
identifiers alone, and said so; `reconcile run` still refuses an IND extract without one."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reconcile.cli import app
from tests.factories import write_csv_table

runner = CliRunner()

SURNAMES = [
    "MALIK", "HALL", "KOLA", "SAHIN", "OKAFOR", "NOWAK", "PEREIRA", "MENSAH", "RAHMAN",
    "IVANOV", "KOWALSKI", "ADEYEMI", "FERREIRA", "HASSAN", "OKONKWO", "BALOGUN", "ROSSI",
    "SILVA", "KHAN", "NGUYEN", "MUSA", "OSEI", "DIALLO", "PETROV", "YILMAZ", "ALMEIDA",
    "BANDA", "CHOWDHURY", "DUBOIS", "ESPOSITO",
]  # fmt: skip
FORENAMES = [
    "Muhammed", "Kirk", "Artan", "Erdal", "Chinedu", "Jan", "Paulo", "Kwame", "Abdul",
    "Dmitri", "Piotr", "Tunde", "Rui", "Omar", "Emeka", "Segun", "Marco", "Carlos", "Imran",
    "Minh", "Ibrahim", "Kofi", "Mamadou", "Sergei", "Mehmet", "Joao", "Moses", "Rashid",
    "Luc", "Gianni",
]  # fmt: skip
# No B, I, O, S or U in the letters, as NOMS numbers are issued.
LETTERS = "ACDEFGHJKLMNPQRTVWXYZ"


def number(k: int) -> str:
    return f"A{1000 + 37 * k}{LETTERS[k % 21]}{LETTERS[(3 * k) % 21]}"


def dob(k: int) -> str:
    return f"{1 + k % 28:02d}/{1 + k % 12:02d}/{1960 + k % 30}"


def match(*args: object) -> tuple[int, str]:
    result = runner.invoke(app, ["match", *(str(a) for a in args)], terminal_width=400)
    return result.exit_code, result.output


def links_of(out: Path) -> list[dict[str, str]]:
    with out.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def made(tmp_path: Path) -> dict[str, object]:
    """A first list of 30 people (names, date of birth, prison number) and a second list
    without a date-of-birth column: 20 of those people (the first 12 with their prison
    number, a name spelt a little differently for two of them; the other 8 by name alone),
    and 4 people the first list does not hold, one of them with a first-list person's
    surname. Truth: second-list row -> first-list row."""
    left_rows = [[SURNAMES[k], FORENAMES[k], dob(k), number(k), "Nigeria"] for k in range(30)]
    right_rows: list[list[str]] = []
    truth: dict[int, int] = {}
    for k in range(20):
        surname = {3: "SAHIN", 7: "MENSA"}.get(k, SURNAMES[k])
        forenames = {3: "Erdall"}.get(k, FORENAMES[k])
        right_rows.append([surname, forenames, number(k) if k < 12 else "", "Nigeria"])
        truth[len(right_rows) + 1] = k + 2
    right_rows += [
        ["ZHANG", "Wei", "", "China"],
        ["OLIVEIRA", "Tiago", number(40), "Brazil"],
        ["HAMID", "Yusuf", "", "Sudan"],
        [SURNAMES[25], "Tiago", number(41), "Nigeria"],  # a surname in common, no more
    ]
    left = write_csv_table(
        tmp_path / "people.csv",
        ["Surname", "Forenames", "Date of birth", "Prison number", "Nationality"],
        left_rows,
    )
    right = write_csv_table(
        tmp_path / "names.csv", ["Surname", "Forenames", "Prison number", "Nationality"], right_rows
    )
    return {"left": left, "right": right, "truth": truth}


def test_a_list_without_dates_of_birth_is_linked_on_names_and_prison_numbers(
    made: dict[str, object], tmp_path: Path
) -> None:
    left, right, truth = made["left"], made["right"], made["truth"]
    out = tmp_path / "links.csv"
    code, output = match(left, right, "-o", out)
    assert code == 0, output
    links = links_of(out)
    found = {int(r["right_row"]): int(r["left_row"]) for r in links}
    assert found == truth
    for row in links:
        assert row["right_dob"] == ""
        assert row["left_dob"] != ""
        assert row["dob_level"] == (
            "not weighed: the second list has no date of birth, so names and identifiers "
            "alone decide"
        )
        assert "date of birth" not in row["explanation"], row["explanation"]
    by_number = [r for r in links if r["right_prison_number"]]
    assert by_number and all(r["prison_number_level"] == "exact" for r in by_number)


def test_the_summary_says_the_list_had_no_date_of_birth_column(
    made: dict[str, object], tmp_path: Path
) -> None:
    code, output = match(made["left"], made["right"], "-o", tmp_path / "links.csv")
    assert code == 0, output
    text = " ".join(output.split())
    assert "No date of birth in the second list (names.csv): it has no date of birth column." in (
        text
    )
    assert "Links rest on names and the prison number alone" in text
    assert "No date of birth in the first list" not in text


@pytest.mark.parametrize("side", ["first", "second", "both"])
def test_either_list_or_both_may_have_no_date_of_birth(side: str, tmp_path: Path) -> None:
    """The same people in both lists, each with a prison number; the list or lists named have
    no date-of-birth column: every row is linked to its own person."""
    people = [[SURNAMES[k], FORENAMES[k], dob(k), number(k)] for k in range(15)]
    with_dob = ["Surname", "Forenames", "Date of birth", "Prison number"]
    without = ["Surname", "Forenames", "Prison number"]
    short = [[s, f, n] for s, f, _, n in people]
    first = (without, short) if side in ("first", "both") else (with_dob, people)
    second = (without, short) if side in ("second", "both") else (with_dob, people)
    left = write_csv_table(tmp_path / "a.csv", *first)
    right = write_csv_table(tmp_path / "b.csv", *second)
    out = tmp_path / "links.csv"
    code, output = match(left, right, "-o", out)
    assert code == 0, output
    links = links_of(out)
    assert sorted((r["left_row"], r["right_row"]) for r in links) == sorted(
        (str(k), str(k)) for k in range(2, 17)
    )
    text = " ".join(output.split())
    lacking = {"first": ["first"], "second": ["second"], "both": ["first", "second"]}[side]
    for which, name in (("first", "a.csv"), ("second", "b.csv")):
        said = f"No date of birth in the {which} list ({name}): it has no date of birth column."
        assert (said in text) == (which in lacking), (which, output)
    words = "both lists have" if side == "both" else f"the {side} list has"
    assert {r["dob_level"] for r in links} == {
        f"not weighed: {words} no date of birth, so names and identifiers alone decide"
    }


def test_a_date_of_birth_column_holding_none_is_said_so(tmp_path: Path) -> None:
    people = [[SURNAMES[k], FORENAMES[k], dob(k), number(k)] for k in range(12)]
    left = write_csv_table(
        tmp_path / "a.csv", ["Surname", "Forenames", "DOB", "Prison number"], people
    )
    empty = [[s, f, "", n] for s, f, _, n in people]
    right = write_csv_table(
        tmp_path / "b.csv", ["Surname", "Forenames", "DOB", "Prison number"], empty
    )
    code, output = match(left, right, "-o", tmp_path / "links.csv")
    assert code == 0, output
    text = " ".join(output.split())
    assert (
        "No date of birth in the second list (b.csv): its date of birth column ('DOB') holds "
        "no date in any row." in text
    )


def test_with_dates_of_birth_in_both_lists_nothing_is_said(
    made: dict[str, object], tmp_path: Path
) -> None:
    code, output = match(made["left"], made["left"], "-o", tmp_path / "self.csv")
    assert code == 0, output
    assert "No date of birth" not in output
    assert {r["dob_level"] for r in links_of(tmp_path / "self.csv")} == {"exact"}


def test_names_alone_are_said_so_when_a_list_has_no_prison_number(tmp_path: Path) -> None:
    people = [[SURNAMES[k], FORENAMES[k], dob(k), number(k)] for k in range(10)]
    left = write_csv_table(
        tmp_path / "a.csv", ["Surname", "Forenames", "DOB", "Prison number"], people
    )
    right = write_csv_table(tmp_path / "b.csv", ["Surname", "Forenames"], [p[:2] for p in people])
    out = tmp_path / "links.csv"
    code, output = match(left, right, "-o", out)
    assert code == 0, output
    said = " ".join(output.split())
    assert "Links rest on names (the two lists do not both hold prison numbers) alone" in said


def test_run_still_refuses_an_ind_extract_without_a_date_of_birth_column(
    tmp_path: Path,
) -> None:
    """The IND extract's date of birth decides who is who in the audit: `run` stops, naming
    the file and what to do."""
    from openpyxl import load_workbook

    samples = Path(__file__).resolve().parents[1] / "samples"
    book = load_workbook(samples / "ind_extract.xlsx")
    book["CCT cases"].delete_cols(4)  # DOB
    ind = tmp_path / "ind.xlsx"
    book.save(ind)
    config = tmp_path / "audit.toml"
    text = (samples / "audit.toml").read_text(encoding="utf-8")
    config.write_text(re.sub(r'(?m)^dob = "DOB"\n', "", text), encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        ["run", str(samples / "prison_extract.xlsx"), str(ind), "-c", str(config), "-o", str(out)],
    )
    assert result.exit_code == 2, result.output
    assert (
        "ind.xlsx, sheet 'CCT cases': no column for date of birth (looked for 'DOB', "
        "'Date of birth', ...); rename the column or map it in the config under [columns.ind] "
        'as dob = "<header>"'
    ) in " ".join(result.output.split())
    assert not (out / "manifest.json").exists()


def test_training_weighs_a_date_of_birth_missing_from_a_whole_file_at_nothing(
    made: dict[str, object],
) -> None:
    """The model learnt when one file has no date of birth: the field's m and u are equal at
    every level (weight 0), its m_source says why, nothing is learnt of it from nothing; the
    names' m is learnt from pairs sharing a prison number."""
    from reconcile.extracts import read_records
    from reconcile.link.linker import link
    from reconcile.settings import Config

    config = Config()
    read = read_records(made["left"], made["right"], config, require=("name",))  # type: ignore[arg-type]
    linked = link(read.prison.records, read.ind.records, config.linker, 2006)
    model = linked.result.parameters["model"]
    assert model["m_source"]["dob"] == "not weighed: the IND list has no date of birth"
    assert "dob, year alone" not in model["m_source"]
    for level in model["levels"]["dob"].values():
        assert level["m"] == pytest.approx(level["u"], rel=1e-5)
    assert "sharing a prison number and nothing else" in model["m_source"]["name"]
    for score in (d.best for d in linked.result.decisions if d.best is not None):
        assert "date of birth" not in {f.field for f in score.fields}


def test_names_alone_teach_no_share_of_matches(tmp_path: Path) -> None:
    """Two lists of names only (no date of birth, prison number or referral): EM over the
    pairs sharing a name has nothing to tell them apart by, so its starting share of matches
    is no estimate; the prior falls back to a share of matches per record."""
    from reconcile.extracts import read_records
    from reconcile.link.linker import link
    from reconcile.link.training import FALLBACK_MATCH_SHARE
    from reconcile.settings import Config

    names = [[s, f] for s in SURNAMES[:10] for f in FORENAMES[:10]]
    left = write_csv_table(tmp_path / "a.csv", ["Surname", "Forenames"], names)
    right = write_csv_table(tmp_path / "b.csv", ["Surname", "Forenames"], names[::-1])
    config = Config()
    read = read_records(left, right, config, require=("name",))
    linked = link(read.prison.records, read.ind.records, config.linker, 2006)
    model = linked.result.parameters["model"]
    assert model["m_source"]["prior"].startswith("fall-back"), model["m_source"]
    expected = FALLBACK_MATCH_SHARE * len(names) / len(names) ** 2
    assert model["lambda"] == pytest.approx(expected)


def test_the_help_says_a_list_may_have_no_date_of_birth() -> None:
    result = runner.invoke(app, ["match", "--help"], terminal_width=200)
    assert result.exit_code == 0
    text = " ".join(result.output.replace("│", " ").split())
    assert "one without a date of birth is linked on names and identifiers alone" in text


def test_a_sheet_without_a_date_of_birth_is_still_passed_over_for_one_with(
    tmp_path: Path,
) -> None:
    """A workbook with a list of people (names, dates of birth) and another sheet of names
    alone: the list is the sheet with dates of birth, as before, not a question of which."""
    from openpyxl import Workbook

    book = Workbook()
    people = book.active
    people.title = "People"
    people.append(["Surname", "Forenames", "Date of birth"])
    for k in range(3):
        people.append([SURNAMES[k], FORENAMES[k], dob(k)])
    contacts = book.create_sheet("Contacts")
    contacts.append(["Surname", "Forenames", "Phone"])
    contacts.append(["SMITH", "John", "0123"])
    path = tmp_path / "people.xlsx"
    book.save(path)
    code, output = match(path, path, "-o", tmp_path / "links.csv")
    assert code == 0, output
    assert "First list: people.xlsx, sheet 'People'" in output
    assert "No date of birth" not in output


def test_a_prison_number_column_holding_none_is_not_said_to_be_relied_on(tmp_path: Path) -> None:
    """Mapped but empty in both lists, the prison number weighs nothing (the summary's "not
    weighed" list says so), and the links are not said to rest on it; nor on nationality,
    which neither list gives."""
    people = [[SURNAMES[k], FORENAMES[k], ""] for k in range(12)]
    header = ["Surname", "Forenames", "Prison number"]
    left = write_csv_table(tmp_path / "a.csv", header, people)
    right = write_csv_table(tmp_path / "b.csv", header, people[::-1])
    code, output = match(left, right, "-o", tmp_path / "links.csv")
    assert code == 0, output
    said = " ".join(output.split())
    assert "prison number (not weighed: both lists have no prison number)" in said
    assert "Links rest on names (the two lists do not both hold prison numbers) alone:" in said
    assert "the prison number alone" not in said and "nationality where given" not in said
