"""PNC IDs and CRO numbers: reading them (forms, check letters, findings), comparing them,
and what they do to the links."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from reconcile.link import LinkerConfig, link_records
from reconcile.link.compare import compare_one
from reconcile.model import IndRecord, LinkStatus, PrisonRecord, Role
from reconcile.normalise.police_ids import (
    BAD_CHECK,
    NOT_CRO,
    NOT_PNC,
    ZERO_SERIAL,
    check_letter,
    cro_and_problem,
    pnc_and_problem,
)
from reconcile.normalise.records import build_ind_records, build_prison_records
from reconcile.read import load_table
from reconcile.settings import Config
from tests.test_link_decisions import build
from tests.test_link_levels import ind, prison


def pnc(year: int, serial: int) -> str:
    """A valid PNC ID with a two-digit year."""
    yy, digits = f"{year % 100:02d}", f"{serial:07d}"
    return f"{yy}/{digits}{check_letter(yy, digits)}"


def cro(serial: int, year: int) -> str:
    yy, digits = f"{year % 100:02d}", f"{serial:06d}"
    return f"{digits}/{yy}{check_letter(yy, digits)}"


@pytest.mark.parametrize(
    ("cell", "canonical", "problem"),
    [
        ("2008/0056560Z", "08/0056560Z", None),  # the Police National Computer's own examples
        ("81/34U", "81/0000034U", None),
        ("20080056560Z", "08/0056560Z", None),  # no slash
        ("2008/56560Z", "08/0056560Z", None),  # serial not zero-padded
        (" 81 / 34u ", "81/0000034U", None),  # spaces, lower case
        ("2004/0712343H", "04/0712343H", BAD_CHECK),  # kept: a digit mistyped, probably
        ("NK", None, None),
        ("N/A", None, None),
        ("", None, None),
        (None, None, None),
        ("ABC123", None, NOT_PNC),
        ("2008/12345678Z", None, NOT_PNC),  # eight serial digits
        (20080056560, None, NOT_PNC),  # a number cell has no check letter
        ("9" * 5000, None, NOT_PNC),
        ("00/0000000Z", None, ZERO_SERIAL),  # passes the check, names nobody
        ("2001/0000000Z", None, ZERO_SERIAL),
    ],
)
def test_pnc_forms(cell: object, canonical: str | None, problem: str | None) -> None:
    assert pnc_and_problem(cell) == (canonical, problem)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("cell", "canonical", "problem"),
    [
        (cro(12345, 2008), cro(12345, 2008), None),
        ("12345/08" + check_letter("08", "012345"), cro(12345, 2008), None),
        ("SF08/123456" + check_letter("08", "123456"), "SF08/123456T", None),
        ("sf 08/123456t", "SF08/123456T", None),
        ("012345/08A", "012345/08A", BAD_CHECK),
        ("Not known", None, None),
        ("1234567/08A", None, NOT_CRO),
        ("08/012345A", None, NOT_CRO),
        ("000000/00Z", None, ZERO_SERIAL),
    ],
)
def test_cro_forms(cell: object, canonical: str | None, problem: str | None) -> None:
    assert cro_and_problem(cell) == (canonical, problem)  # type: ignore[arg-type]


@given(
    st.integers(0, 99),
    st.integers(1, 9_999_999),
    st.integers(0, 6),
    st.integers(1, 9),
)
def test_one_digit_changed_always_breaks_the_check_letter(
    year: int, serial: int, position: int, shift: int
) -> None:
    """Two valid PNC IDs never differ in one character only, so a pair one character apart
    means one of them was mistyped (the level "one character different" rests on it)."""
    right = pnc(year, serial)
    digits = list(right[3:10])
    digits[position] = str((int(digits[position]) + shift) % 10)
    typo = right[:3] + "".join(digits) + right[10]
    assume(typo[3:10].strip("0"))  # a serial of zeros is a placeholder (tested above)
    assert pnc_and_problem(typo) == (typo, BAD_CHECK)
    assert pnc_and_problem(right) == (right, None)


def _with(record: PrisonRecord | IndRecord, **ids: str | None) -> PrisonRecord | IndRecord:
    return replace(record, **ids)  # type: ignore[type-var]


@pytest.mark.parametrize(
    ("left", "right", "level"),
    [
        ({"pnc": pnc(1981, 34)}, {"pnc": pnc(1981, 34)}, "same"),
        ({"pnc": pnc(1981, 34)}, {"pnc": "81/0000043U"}, "one character different or two swapped"),
        ({"pnc": pnc(1981, 34)}, {"pnc": "81/0000035U"}, "one character different or two swapped"),
        ({"pnc": pnc(1981, 34)}, {"pnc": pnc(1990, 777)}, "different"),
        ({"pnc": pnc(1981, 34)}, {}, "missing"),
        ({"cro": cro(12345, 2008)}, {"cro": cro(12345, 2008)}, "same"),
        # Each kind is compared with its own: a PNC ID and a CRO number never meet.
        ({"pnc": pnc(1981, 34)}, {"cro": cro(12345, 2008)}, "missing"),
        # The better of the two counts.
        (
            {"pnc": pnc(1981, 34), "cro": cro(12345, 2008)},
            {"pnc": pnc(1990, 777), "cro": cro(12345, 2008)},
            "same",
        ),
    ],
)
def test_police_id_levels(left: dict, right: dict, level: str) -> None:
    assert compare_one(_with(prison(), **left), _with(ind(), **right))["police_id"] == level


def _csv(path: Path, rows: list[list[str]]) -> Path:
    path.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_read_with_findings_naming_the_column(tmp_path: Path) -> None:
    good, bad = pnc(2001, 4321), "2004/0712343H"
    path = _csv(
        tmp_path / "prison.csv",
        [
            ["Surname", "Forename", "DOB", "Nationality", "Release date", "Sentence", "PNC ID",
             "CRO No"],
            ["SMITH", "JOHN", "01/02/1970", "JM", "01/01/2005", "12", good, cro(12345, 1998)],
            ["JONES", "MARK", "03/04/1971", "JM", "01/01/2005", "12", bad, "CRO unknown"],
            ["BROWN", "ALI", "05/06/1972", "JM", "01/01/2005", "12", "NK", ""],
        ],
    )  # fmt: skip
    prison_table, _ = load_table(path, Role.PRISON, Config())
    records, findings = build_prison_records(prison_table)
    assert [r.pnc for r in records] == [good, "04/0712343H", None]
    assert [r.cro for r in records] == [cro(12345, 1998), None, None]
    by_column = {(f.row, f.column): f for f in findings}
    check = by_column[(3, "PNC ID")]
    assert check.problem == f"PNC ID '{bad}' {BAD_CHECK}"
    assert check.consequence.startswith("kept as given")
    unread = by_column[(3, "CRO No")]
    assert unread.problem == f"CRO number 'CRO unknown' {NOT_CRO}"
    assert unread.consequence == "not compared"
    assert records[1].unreadable == {"cro": "CRO unknown"}
    path = _csv(
        tmp_path / "ind.csv",
        [
            ["Surname", "Forename", "DOB", "Referral date", "Date considered", "PNC number"],
            ["SMITH", "J", "01/02/1970", "", "", "2001/4321" + good[-1]],
        ],
    )
    ind_table, _ = load_table(path, Role.IND, Config())
    assert build_ind_records(ind_table)[0][0].pnc == good


def _run(prison_rows: list[PrisonRecord], ind_rows: list[IndRecord]):  # type: ignore[no-untyped-def]
    return link_records(prison_rows, ind_rows, LinkerConfig(), seed=2006)


def _numbered(
    prison_rows: list[PrisonRecord], ind_rows: list[IndRecord]
) -> tuple[list[PrisonRecord], list[IndRecord]]:
    """Every person without a PNC ID given one, the same in both files (a person here is a
    name and a date of birth)."""
    serials: dict[tuple[str, str, date | None], int] = {}

    def number(r: PrisonRecord | IndRecord) -> str:
        return r.pnc or pnc(1990, serials.setdefault((r.surname, r.forenames, r.dob), len(serials)))

    return (
        [replace(r, pnc=number(r)) for r in prison_rows],
        [replace(r, pnc=number(r)) for r in ind_rows],
    )


def test_the_same_pnc_settles_two_look_alikes() -> None:
    """Two IND records as alike to the prisoner as each other (review without numbers): the
    one with the prisoner's PNC ID is linked, and the reason says so."""
    prison_rows, ind_rows = build(
        [("QURESHI", "NAVEED", date(1970, 2, 3), None)],
        [
            ("QURESHI", "NAVEED", date(1971, 2, 3), None),
            ("QURESHI", "NAVEED", date(1970, 2, 13), None),
        ],
    )
    assert _run(prison_rows, ind_rows).decisions[0].status == LinkStatus.REVIEW
    prison_rows[0] = replace(prison_rows[0], pnc=pnc(1988, 5))
    ind_rows[1] = replace(ind_rows[1], pnc=pnc(1988, 5))
    ind_rows[0] = replace(ind_rows[0], pnc=pnc(1993, 6))
    decision = _run(*_numbered(prison_rows, ind_rows)).decisions[0]
    assert decision.status == LinkStatus.LINKED and decision.ind_idxs == (1,)
    assert "PNC / CRO number: same (+" in decision.reason


def test_a_different_pnc_counts_against() -> None:
    """A namesake born on the same day with another PNC ID: the numbers weigh heavily against
    the pair, though an exact name and date of birth can still outweigh them."""
    born = date(1983, 6, 21)
    prison_rows, ind_rows = build(
        [("ADEYEMI", "TUNDE", born, None)], [("ADEYEMI", "TUNDE", born, None)]
    )
    same = _run(*_numbered(prison_rows, ind_rows)).decisions[0]
    prison_rows[0] = replace(prison_rows[0], pnc=pnc(1999, 11))
    ind_rows[0] = replace(ind_rows[0], pnc=pnc(2002, 12))
    other = _run(*_numbered(prison_rows, ind_rows)).decisions[0]
    assert same.best is not None and other.best is not None
    police = {f.field: f for f in other.best.fields}["police_id"]
    assert police.level == "different" and police.weight < -4
    assert other.best.weight < same.best.weight - 10


def test_a_pnc_links_where_the_name_was_rewritten() -> None:
    """A record whose name and date of birth were both keyed differently is found by its
    PNC ID (a blocking key of its own) and linked."""
    prison_rows, ind_rows = build(
        [("OGUNLEYE", "BABATUNDE", date(1979, 4, 8), None)],
        [("OGUNLEYI", "TUNDE", date(1979, 8, 4), None)],
    )
    prison_rows[0] = replace(prison_rows[0], pnc=pnc(1997, 808))
    ind_rows[0] = replace(ind_rows[0], pnc=pnc(1997, 808))
    decision = _run(*_numbered(prison_rows, ind_rows)).decisions[0]
    assert decision.status == LinkStatus.LINKED and decision.ind_idxs == (0,)


def test_without_numbers_the_field_is_not_shown() -> None:
    prison_rows, ind_rows = build([], [])
    result = _run(prison_rows, ind_rows)
    assert "PNC" not in result.decisions[0].reason
    assert result.parameters["model"]["m_source"]["police_id"].startswith("not weighed")
    # One file holding the numbers is not enough to weigh them across the files.
    only_prison = [replace(r, pnc=pnc(1990, 1000 + r.idx)) for r in prison_rows]
    assert "PNC" not in _run(only_prison, ind_rows).decisions[0].reason


def test_a_pnc_in_the_prison_file_alone_joins_custody_episodes() -> None:
    """Two custody episodes under two prison numbers with a birth date keyed a digit out are
    not surely one person on their own; the same PNC ID makes them so, though the IND file
    holds no PNC IDs (the numbers' u then comes from the prison file's own rows)."""
    prison_rows, ind_rows = build(
        [
            ("BALOGUN", "OLUMIDE", date(1969, 8, 12), "AB1234"),
            ("BALOGUN", "OLUMIDE", date(1969, 8, 13), "CD5678"),
        ],
        [],
    )
    apart = _run(prison_rows, ind_rows)
    assert apart.prison_person[0] != apart.prison_person[1]
    numbered, _ = _numbered(prison_rows, [])
    numbered[1] = replace(numbered[1], pnc=numbered[0].pnc)
    result = _run(numbered, ind_rows)
    assert result.prison_person[0] == result.prison_person[1]
    source = result.parameters["model"]["m_source"]["police_id"]
    assert source.startswith("within the prison list only (the IND list has no PNC ID or CRO")
    assert "PNC" not in result.decisions[2].reason  # not weighed across the files


def test_the_review_sheet_shows_the_numbers_when_they_were_compared() -> None:
    from reconcile.write.workbook_review import police_ids_text, review_columns

    keys = [c.key for c in review_columns(["name", "dob", "police_id"])]
    assert keys.index("police_ids") == keys.index("prison_number") + 1
    assert keys.index("ind_police_ids") == keys.index("ind_prison_number") + 1
    assert "police_id_level" in keys and "police_id_weight" in keys
    assert "police_ids" not in [c.key for c in review_columns(["name", "dob"])]
    both = replace(prison(), pnc=pnc(1981, 34), cro=cro(12345, 2008))
    assert police_ids_text(both) == f"{pnc(1981, 34)} / {cro(12345, 2008)}"
    assert police_ids_text(ind()) == ""


@pytest.mark.parametrize(
    ("source", "across"),
    [
        ("EM, 2 session(s)", True),
        ("prior", True),
        ("not weighed (neither file has a PNC ID or CRO number)", False),
        ("within the prison list only (the IND list has no PNC ID or CRO number): prior m", False),
        ("within each list only (the prison list has PNC IDs only and the IND list", False),
    ],
)
def test_weighed_across_the_files(source: str, across: bool) -> None:
    from reconcile.link.training import weighed_across

    assert weighed_across(source) is across


def test_the_evidence_packs_method_names_the_numbers_only_when_weighed(tmp_path: Path) -> None:
    from reconcile.app import build_settings
    from reconcile.pipeline import run
    from reconcile.write.evidence_method import method_section

    people = [("OKAFOR", "CHINEDU", "03/02/1970"), ("NOWAK", "PIOTR", "14/05/1981"),
              ("MENSAH", "KWAME", "21/09/1975"), ("TRAN", "TUAN", "30/11/1968")]  # fmt: skip
    prison_rows = [["Surname", "Forename", "DOB", "Nationality", "Sentence", "Release date", "PNC"]]
    ind_rows = [["Surname", "Forename", "DOB", "Referral date", "Date considered", "PNC"]]
    for k, (sur, fore, born) in enumerate(people):
        prison_rows.append([sur, fore, born, "Nigerian", "24", "01/02/2005", pnc(1990, k + 1)])
        ind_rows.append([sur, fore, born, "01/01/2004", "", pnc(1990, k + 1)])

    def texts(ind_pnc: bool) -> str:
        rows = ind_rows if ind_pnc else [r[:-1] for r in ind_rows]
        settings = build_settings(
            _csv(tmp_path / "prison.csv", prison_rows),
            _csv(tmp_path / "ind.csv", rows),
            outdir=tmp_path / "out",
            force=True,
        )
        flowables = method_section(run(settings), "4.")
        return " ".join(str(getattr(f, "text", "")) for f in flowables)

    # Neither list has prison numbers here: the numbers found and linked on are the PNC IDs
    # alone (tests/test_method_words.py has the lists with prison numbers too).
    assert "sharing its PNC ID or CRO number, or a word of its name" in texts(True)
    assert "or the PNC IDs or CRO numbers agree" in texts(True)
    assert "its PNC ID" not in texts(False).split("Field")[0]
    assert "PNC IDs or CRO numbers agree" not in texts(False)
    assert "prison number" not in texts(True).split("Field")[0]
