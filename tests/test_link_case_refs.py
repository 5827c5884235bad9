"""IND rows sharing a case reference: one case file, joined as one person unless the names and
dates of birth say otherwise; placeholders and contradictions reported."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from reconcile.link.case_refs import CASE_CAP, agrees, case_pairs
from reconcile.link.compare import DOB, NAME
from reconcile.link.features import Vocabulary, build_features, reference_key
from reconcile.model import Outcome
from reconcile.pipeline import run
from reconcile.result import RunResult
from reconcile.settings import Config, RunSettings
from tests.test_link_decisions import i as ind_record


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("K1000001", "K1000001"),
        (" k100 0001 ", "K1000001"),
        ("K-1000001", "K1000001"),
        ("1234", "1234"),
        ("N/A", ""),
        ("UNKNOWN", ""),
        ("TBC", ""),
        ("0000000", ""),
        ("A0000000", ""),
        ("123", ""),
        ("", ""),
        (None, ""),
    ],
)
def test_reference_key(raw: str | None, key: str) -> None:
    assert reference_key(raw) == key


@given(st.lists(st.text(alphabet="AK0019 -/\n", max_size=9), min_size=1, max_size=30))
def test_case_ids_are_the_reference_keys(refs: list[str]) -> None:
    """The features' case ids (found in bulk) are 0 exactly where reference_key is "", and
    equal exactly where the keys are."""
    records = [ind_record(k, "SMITH", "JOHN", None, ref=" ") for k in range(len(refs))]
    records = [dataclasses.replace(r, case_ref=ref) for r, ref in zip(records, refs, strict=True)]
    ids = build_features(records, Vocabulary()).case.tolist()
    keys = [reference_key(ref) for ref in refs]
    assert [x == 0 for x in ids] == [k == "" for k in keys]
    for a in range(len(refs)):
        for b in range(len(refs)):
            if keys[a] and keys[b]:
                assert (ids[a] == ids[b]) == (keys[a] == keys[b])


@pytest.mark.parametrize(
    ("case", "cap", "pairs", "placeholders"),
    [
        ([], CASE_CAP, [], ()),
        ([0, 0, 0], CASE_CAP, [], ()),
        ([0, 5, 5, 7, 5, 0, 7, 9], CASE_CAP, [(1, 2), (1, 4), (2, 4), (3, 6)], ()),
        ([5, 5, 5, 7, 7], 2, [(3, 4)], ((0, 3),)),
        ([7, 7, 5, 5, 5], 3, [(0, 1), (2, 3), (2, 4), (3, 4)], ()),
    ],
)
def test_case_pairs(
    case: list[int],
    cap: int,
    pairs: list[tuple[int, int]],
    placeholders: tuple[tuple[int, int], ...],
) -> None:
    a, b, over = case_pairs(np.array(case, dtype=np.int64), cap)
    assert sorted(zip(a.tolist(), b.tolist(), strict=True)) == pairs
    assert over == placeholders


@pytest.mark.parametrize(
    ("name", "dob", "joined"),
    [
        ("exact", "exact", True),
        ("exact", "different", True),  # a case may correct a date of birth
        ("forename and surname swapped", "missing", True),
        ("surname or forenames missing, the rest agrees", "different", True),
        ("very similar spelling", "year one off", True),
        ("similar spelling", "same year", True),
        ("similar spelling", "different", False),
        ("missing", "missing", True),  # an event row with the reference and a date only
        ("missing", "exact", True),
        ("missing", "different", False),
        ("one name in common", "exact", True),
        ("one name in common", "day and month swapped", True),
        ("one name in common", "missing", True),
        ("one name in common", "same year", False),
        ("one name in common", "different", False),
        ("different", "exact", False),
        ("different", "missing", False),
        ("different", "different", False),
    ],
)
def test_which_rows_sharing_a_reference_are_one_person(name: str, dob: str, joined: bool) -> None:
    levels = np.array([[NAME.labels.index(name), DOB.labels.index(dob), 0, 0, 0]], dtype=np.int8)
    assert agrees(levels).tolist() == [joined]


PRISON = (
    "Prison number,Surname,Forenames,Date of birth,Nationality,Sentence (months),Offence,"
    "Sentence date,Release date,Court recommended deportation\n"
    "AB1234,KOWALSKI,Jan,12/03/1970,Albanian,36,Robbery,01/02/2002,01/08/2004,N\n"
    "CD5678,OKAFOR,Chinedu,05/06/1975,Nigerian,48,Drugs,01/03/2001,01/03/2004,Y\n"
    "EF9012,HOXHA,Ilir,20/10/1980,Albanian,30,Theft,01/01/2003,01/05/2005,N\n"
)
IND_HEAD = (
    "Case reference,Surname,Forenames,Date of birth,Nationality,Prison number,"
    "Date referral received,Date considered,Decision\n"
)


def _run(tmp_path: Path, ind_rows: str) -> RunResult:
    (tmp_path / "p.csv").write_text(PRISON, encoding="utf-8")
    (tmp_path / "i.csv").write_text(IND_HEAD + ind_rows, encoding="utf-8")
    settings = RunSettings(
        tmp_path / "p.csv", tmp_path / "i.csv", tmp_path / "out", Config(), date(2006, 3, 31)
    )
    return run(settings)


def _outcomes(result: RunResult) -> dict[str, Outcome]:
    return {
        rec.surname: c.outcome for rec, c in zip(result.prison, result.classifications, strict=True)
    }


def test_a_case_on_two_rows_keeps_the_consideration_of_its_second_row(tmp_path: Path) -> None:
    """The referral on one row, the consideration on another keyed with the name misspelt and
    the year of birth off by one, or on a row holding the reference and the date only: the
    prisoner was considered before release, not "referred, not considered"."""
    result = _run(
        tmp_path,
        "K1000001,KOWALSKI,Jan,12/03/1970,Albanian,,01/01/2004,,\n"
        "K1000001,KOWALSKY,Jan,12/03/1971,Albanian,,,01/06/2004,Deport\n"
        "O2000002,OKAFOR,Chinedu,05/06/1975,Nigeria,CD5678,01/01/2003,,\n"
        "O2000002,,,,,,,01/02/2004,Deport\n"
        "H3000003,HOXHA,Ilir,20/10/1980,Albanian,,01/01/2005,,\n",
    )
    assert _outcomes(result) == {
        "KOWALSKI": Outcome.CONSIDERED_BEFORE_RELEASE,
        "OKAFOR": Outcome.CONSIDERED_BEFORE_RELEASE,
        "HOXHA": Outcome.REFERRED_NOT_CONSIDERED,
    }
    assert [d.ind_idxs for d in result.links.decisions] == [(0, 1), (2, 3), (4,)]
    shared = {(f.row, f.column, f.raw, f.problem) for f in result.findings}
    assert (
        3,
        "Case reference",
        "K1000001",
        "has the same case reference (K1000001) as row 2",
    ) in shared
    assert (
        5,
        "Case reference",
        "O2000002",
        "has the same case reference (O2000002) as row 4",
    ) in shared


def test_a_reference_on_another_persons_row_joins_nothing_and_is_reported(
    tmp_path: Path,
) -> None:
    result = _run(
        tmp_path,
        "K1000001,KOWALSKI,Jan,12/03/1970,Albanian,,01/01/2004,,\n"
        "K1000001,MBEKI,Thabo,01/07/1950,South African,,,01/06/2004,Deport\n",
    )
    assert _outcomes(result)["KOWALSKI"] is Outcome.REFERRED_NOT_CONSIDERED
    assert result.links.decisions[0].ind_idxs == (0,)
    (finding,) = [f for f in result.findings if f.row == 3]
    assert (finding.field, finding.column, finding.raw) == (
        "case_ref",
        "Case reference",
        "K1000001",
    )
    assert finding.problem == (
        "has the same case reference (K1000001) as row 2, but its name and date of birth do "
        "not agree with that row's (KOWALSKI, JAN, 1970-03-12)"
    )
    assert "check the case reference" in finding.consequence


def test_a_reference_on_many_rows_is_a_placeholder(tmp_path: Path) -> None:
    """A reference on more rows than CASE_CAP joins none of them, and is reported once."""
    rows = "".join(
        f"X1234567,PERSON{k:02d},Name,01/01/19{50 + k},Albanian,,,01/06/2004,Deport\n"
        for k in range(CASE_CAP + 1)
    )
    result = _run(tmp_path, "K1000001,KOWALSKI,Jan,12/03/1970,Albanian,,01/01/2004,,\n" + rows)
    assert _outcomes(result)["KOWALSKI"] is Outcome.REFERRED_NOT_CONSIDERED
    placeholder = [f for f in result.findings if "on 21 rows" in f.problem]
    assert [(f.row, f.problem) for f in placeholder] == [
        (3, "case reference X1234567 is on 21 rows")
    ]
    assert len(set(result.links.ind_person)) == len(result.ind)


def test_a_row_without_a_name_is_not_joined_to_two_people_sharing_its_reference(
    tmp_path: Path,
) -> None:
    """The reference's first row holds only a date; the next two rows are two different people
    under the same reference. Joined through the blank row, they would be one person; the blank
    row is joined to nobody, the two stay apart, and the disagreement is reported."""
    result = _run(
        tmp_path,
        "K1000001,,,,,,,01/06/2004,Deport\n"
        "K1000001,KOWALSKI,Jan,12/03/1970,Albanian,,01/01/2004,,\n"
        "K1000001,MBEKI,Thabo,01/07/1950,South African,,,01/05/2004,Deport\n",
    )
    assert _outcomes(result)["KOWALSKI"] is Outcome.REFERRED_NOT_CONSIDERED
    assert result.links.decisions[0].ind_idxs == (1,)
    assert len(set(result.links.ind_person)) == 3
    apart = [(f.row, f.problem) for f in result.findings if "do not agree" in f.problem]
    assert apart == [
        (
            4,
            "has the same case reference (K1000001) as row 3, but its name and date of birth "
            "do not agree with that row's (KOWALSKI, JAN, 1970-03-12)",
        )
    ]
