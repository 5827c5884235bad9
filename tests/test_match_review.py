"""`reconcile match` as an analyst uses it: every row of both lists accounted for (the links
file and --unlinked), numbers a reader takes at a glance, one list given twice."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from typer.testing import CliRunner

from reconcile.cli import app
from reconcile.write.links_csv import NOT_COMPARED
from tests.test_match_cli import PEOPLE, write_list

runner = CliRunner()


def match(*args: object) -> tuple[int, str]:
    result = runner.invoke(app, ["match", *(str(a) for a in args)])
    return result.exit_code, result.output


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_numbers_are_plain_decimals_never_in_exponent_form(tmp_path: Path) -> None:
    """A small probability reads 0.000011, as a reader and a spreadsheet take it, not
    1.1e-05; a weight of nought is 0, not -0."""
    from reconcile.write.links_csv import write_links_csv

    out = tmp_path / "links.csv"
    numbers = [(-13.978, 1.1e-05), (-0.0, 1e-06), (37.952, 0.999999), (16.5, 0.5)]
    rows = [
        (("a.csv", k), ("b.csv", k), pair, ("exact", "no_link"), None)
        for k, pair in enumerate(numbers)
    ]
    write_links_csv(out, ["l", "lr", "r", "rr", "weight", "probability", "n", "s", "e"], rows)
    got = [(r["weight"], r["probability"]) for r in read_csv(out)]
    assert got == [
        ("-13.978", "0.000011"),
        ("0", "0.000001"),
        ("37.952", "0.999999"),
        ("16.5", "0.5"),
    ]


def test_unlinked_accounts_for_every_row_of_both_lists_not_in_the_links(tmp_path: Path) -> None:
    """With --unlinked, each row read of either list is in the links file or in the file of
    rows not linked, never both: a row held for review with its best candidate, a row that
    shares nothing with the other list as having no candidate."""
    left = write_list(tmp_path / "left.csv", ["NOWAK,Jan,,,Poland", *PEOPLE[1:]])
    right = write_list(
        tmp_path / "right.csv",
        [
            "NOWAK,Jan,01/02/1980,,Poland",
            "NOWAK,Jan,03/04/1970,,Poland",
            *PEOPLE[1:3],
            "ZHANG,Wei,05/05/1985,,China",
        ],
    )
    out, rest = tmp_path / "links.csv", tmp_path / "unlinked.csv"
    code, output = match(left, right, "-o", out, "--unlinked", rest)
    assert code == 0, output
    links, unlinked = read_csv(out), read_csv(rest)
    said = re.search(
        r"^([\d,]+) rows? not linked \(of either list\) written to (.+)$", output, re.M
    )
    assert said and int(said.group(1)) == len(unlinked) and said.group(2) == str(rest)
    for side, n_rows in (("first", 5), ("second", 5)):
        prefix = "left" if side == "first" else "right"
        in_links = {int(r[f"{prefix}_row"]) for r in links}
        apart = [int(r["row"]) for r in unlinked if r["list"] == side]
        assert len(apart) == len(set(apart))
        assert not in_links & set(apart), side
        assert in_links | set(apart) == set(range(2, 2 + n_rows)), side
    by = {(r["list"], r["surname"], r["row"]): r for r in unlinked}
    nowak = by[("first", "NOWAK", "2")]
    assert nowak["status"] == "needs_review"
    assert nowak["best_candidate_file"] == "right.csv"
    assert nowak["best_candidate_row"] in ("2", "3")
    assert 0 < float(nowak["best_candidate_probability"]) < 1
    assert nowak["explanation"].startswith("starting weight ")
    assert {by[("second", "NOWAK", r)]["status"] for r in ("2", "3")} == {"needs_review"}
    zhang = by[("second", "ZHANG", "6")]
    assert zhang["status"] == "no_candidate" and zhang["best_candidate_row"] == ""
    assert "no row of the first list" in zhang["explanation"]
    sahin = next(r for r in unlinked if r["surname"] == "SAHIN")
    assert sahin["list"] == "first" and sahin["prison_number"] == "G1234HJ"


def test_unlinked_is_refused_on_the_links_file_or_an_existing_file(tmp_path: Path) -> None:
    left = write_list(tmp_path / "left.csv", PEOPLE)
    right = write_list(tmp_path / "right.csv", PEOPLE[:3])
    out = tmp_path / "links.csv"
    code, output = match(left, right, "-o", out, "--unlinked", out)
    assert code == 2 and "is the links file too (-o)" in output and "--unlinked" in output
    assert not out.exists()
    rest = tmp_path / "unlinked.csv"
    rest.write_text("keep", encoding="utf-8")
    code, output = match(left, right, "-o", out, "--unlinked", rest)
    assert code == 2 and "already exists; use --force" in output
    assert rest.read_text(encoding="utf-8") == "keep" and not out.exists()
    code, output = match(left, right, "-o", out, "--unlinked", rest, "--force")
    assert code == 0, output
    assert {r["surname"] for r in read_csv(rest)} == {"SAHIN", "OKAFOR"}


def test_one_list_given_twice_says_only_links_between_different_rows_mean_anything(
    tmp_path: Path,
) -> None:
    """Every row links to itself; the summary says so and counts the pairs of different rows
    linked (the list's duplicates), as the links file holds them."""
    people = write_list(
        tmp_path / "people.csv",
        [*PEOPLE, "HALL,Kirk,17/11/1977,,Jamaica", "BROWN,Amy,31/02/1980,,"],
    )
    out = tmp_path / "links.csv"
    code, output = match(people, people, "-o", out)
    assert code == 0, output
    pairs = {
        frozenset((r["left_row"], r["right_row"]))
        for r in read_csv(out)
        if r["left_row"] != r["right_row"]
    }
    assert pairs == {frozenset(("3", "7"))}  # the two HALL rows
    assert "Both lists are the same file: every row is linked to itself" in output
    assert "1 pair of different rows is linked" in output
    # The unreadable date of birth is one finding of each list, not two of one file name.
    assert re.search(r"^  first list, people\.csv, Date of birth: 1;", output, re.M), output
    assert re.search(r"^  second list, people\.csv, Date of birth: 1;", output, re.M), output
    copy = tmp_path / "copy.csv"
    copy.write_bytes(people.read_bytes())
    code, output = match(people, copy, "-o", out, "--force")
    assert code == 0 and "(copy.csv is a copy of people.csv)" in output


def test_two_different_lists_say_nothing_of_a_list_given_twice(tmp_path: Path) -> None:
    left = write_list(tmp_path / "left.csv", PEOPLE)
    right = write_list(tmp_path / "right.csv", PEOPLE[:3])
    code, output = match(left, right, "-o", tmp_path / "links.csv")
    assert code == 0 and "same file" not in output


def count(output: str, label: str) -> int:
    """The number on the summary line that starts with ``label`` (after its indent)."""
    found = re.search(rf"^\s*{re.escape(label)}\s+([\d,]+)$", output, re.MULTILINE)
    assert found, f"no line {label!r} in:\n{output}"
    return int(found.group(1).replace(",", ""))


def test_with_all_candidates_the_summary_agrees_with_the_rows_not_linked(tmp_path: Path) -> None:
    """On the bundled samples some rows' best candidate is the pair of another record of the
    same person, not a pair of their own: the summary counts them by the linker's decision,
    as --unlinked lists them (it counted them among rows with no candidate, 3 rows off), and
    the file says whose pair it shows."""
    samples = Path(__file__).resolve().parent.parent / "samples"
    out, rest = tmp_path / "pairs.csv", tmp_path / "unlinked.csv"
    code, output = match(
        samples / "prison_extract.xlsx",
        samples / "ind_extract.xlsx",
        "-o",
        out,
        "--unlinked",
        rest,
        "--all-candidates",
    )
    assert code == 0, output
    first = [r for r in read_csv(rest) if r["list"] == "first"]
    by_status = {s: sum(1 for r in first if r["status"] == s) for s in ("needs_review", "no_link")}
    assert count(output, "held for review as doubtful (needs_review)") == by_status["needs_review"]
    assert (
        count(output, "not linked, best candidate not good enough (no_link)")
        == by_status["no_link"]
    )
    assert count(output, "not linked, no candidate near enough to weigh") == sum(
        1 for r in first if r["status"] == "no_candidate"
    )
    assert count(output, "linked") + len(first) == count(output, "rows read")
    through = [r for r in first if r["explanation"].startswith("weighed through row ")]
    assert through and all(
        "another record of the person: starting weight" in r["explanation"] for r in through
    )


def test_a_bad_unlinked_path_is_refused_naming_unlinked_not_o(tmp_path: Path) -> None:
    """The messages about the --unlinked file say what to give to --unlinked."""
    left = write_list(tmp_path / "left.csv", PEOPLE)
    right = write_list(tmp_path / "right.csv", PEOPLE[:3])
    out = tmp_path / "links.csv"
    code, output = match(left, right, "-o", out, "--unlinked", tmp_path / "rest.xlsx")
    assert code == 2, output
    assert "the rows not linked are written as CSV" in output
    assert f"e.g. --unlinked {tmp_path / 'rest.csv'}" in output
    code, output = match(left, right, "-o", out, "--unlinked", left)
    assert code == 2 and "choose another output file with --unlinked" in output, output
    code, output = match(left, right, "-o", out, "--unlinked", tmp_path)
    assert code == 2 and f"e.g. --unlinked {tmp_path / 'unlinked.csv'}" in output, output
    assert not out.exists()


def test_all_candidates_holds_every_link_even_one_not_compared_itself(tmp_path: Path) -> None:
    """A row of the second list that shares its case reference with the row linked, with no
    name or date of birth of its own, is linked without being compared: --all-candidates
    writes it too, so its links are the links file's and its summary counts the same."""
    left = write_list(tmp_path / "left.csv", PEOPLE)
    right = tmp_path / "right.csv"
    right.write_text(
        "Case reference,Surname,Forenames,Date of birth,Nationality,Date referral received\n"
        "M1234567,MALIK,Muhammed,23/07/1972,Pakistan,\n"
        "H7654321,HALL,Kirk,17/11/1977,Jamaica,\n"
        "H7654321,,,,,01/02/2004\n"
        "K1111111,KOLA,Artan,23/12/1977,Albania,\n",
        encoding="utf-8",
    )
    outputs, files = [], []
    for extra in ([], ["--all-candidates"]):
        out = tmp_path / f"links{len(extra)}.csv"
        code, output = match(left, right, "-o", out, *extra)
        assert code == 0, output
        outputs.append(output)
        files.append(read_csv(out))
    links, pairs = files

    def linked(rows: list[dict[str, str]]) -> list[tuple[str, str, str]]:
        return [
            (r["left_row"], r["right_row"], r["explanation"])
            for r in rows
            if r["status"] == "linked"
        ]

    assert ("3", "4", NOT_COMPARED) in linked(links)
    assert linked(pairs) == linked(links)
    for label in ("linked", "linked to a row of the first list", "not linked"):
        assert count(outputs[1], label) == count(outputs[0], label), label


def test_links_and_rows_not_linked_give_the_name_as_each_list_gives_it(tmp_path: Path) -> None:
    """Names are compared in capitals, accents dropped; the files give beside them the name as
    the list gives it, where that differs other than by capitals, so a row can be found by
    its name in the list itself."""
    left = write_list(tmp_path / "left.csv", ["YILDIZ,Ömer,01/02/1980,,Turkey", *PEOPLE[1:3]])
    right = write_list(
        tmp_path / "right.csv",
        ["Yıldız,Ömer,01/02/1980,,Turkey", *PEOPLE[1:2], "ZHANG,Wei,05/05/1985,,China"],
    )
    out, rest = tmp_path / "links.csv", tmp_path / "unlinked.csv"
    code, output = match(left, right, "-o", out, "--unlinked", rest)
    assert code == 0, output
    links = {r["left_surname"]: r for r in read_csv(out)}
    assert links["YILDIZ"]["left_name_as_given"] == "YILDIZ, Ömer"
    assert links["YILDIZ"]["right_name_as_given"] == "Yıldız, Ömer"
    assert links["HALL"]["left_name_as_given"] == links["HALL"]["right_name_as_given"] == ""
    unlinked = {r["surname"]: r for r in read_csv(rest)}
    assert unlinked["ZHANG"]["name_as_given"] == ""
    assert unlinked["KOLA"]["name_as_given"] == ""
