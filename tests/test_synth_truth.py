"""truth.csv agrees with the spreadsheets and with the 2006 rule of issue 2.

Every prison row's outcome is recomputed here from the cells of both spreadsheets (dates
parsed by a small reader of this test's own) and the nationality in truth.csv, then compared
with the outcome truth.csv gives.
"""

from __future__ import annotations

import csv
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from reconcile.synth import generate_sample
from reconcile.synth.generate import SampleFiles

AS_OF = date(2006, 3, 31)
EU_ALWAYS = set(
    [
        "AT",
        "BE",
        "DE",
        "DK",
        "ES",
        "FI",
        "FR",
        "GR",
        "IE",
        "IT",
        "LU",
        "NL",
        "PT",
        "SE",
        "GB",
        "NO",
        "IS",
        "LI",
    ]
)
EU_2004 = set(["CZ", "EE", "HU", "LV", "LT", "PL", "SK", "SI"])
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def parse_date(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, float | int) and not isinstance(value, bool):
        return date(1899, 12, 30) + timedelta(days=int(value))
    text = str(value).strip()
    if not text:
        return None
    for fmt in ("%d/%m/%Y", "%d.%m.%y", "%Y-%m-%d", "%Y%m%d"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            pass
    day, mon, year = text.split("-")
    return date(int(year), MONTHS.index(mon) + 1, int(day))


def eu(iso: str, on: date) -> bool:
    return iso in EU_ALWAYS or (iso in EU_2004 and on >= date(2004, 5, 1))


def expected(prison: list[object], nationality: str, ind: list[list[object]]) -> str:
    release_cell, sentence, court = prison[8], str(prison[5]), str(prison[9]).upper() == "Y"
    if release_cell in ("", "N/K"):
        return "insufficient_data"
    release = parse_date(release_cell)
    assert release is not None
    if release > AS_OF:
        return "not_released"
    if nationality.startswith("GB/"):
        return "out_of_scope"
    if not court:
        if eu(nationality, release):
            return "out_of_scope"
        if sentence == "tbc":
            return "insufficient_data"
        if sentence.upper() != "LIFE" and float(sentence) < 12:
            return "out_of_scope"
    considered = [parse_date(r[7]) for r in ind if r[7] != ""]
    if any(d is not None and d <= release for d in considered):
        return "considered_before_release"
    if considered:
        return "considered_after_release"
    if any(r[6] != "" for r in ind):
        return "referred_not_considered"
    return "never_referred"


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> SampleFiles:
    return generate_sample(tmp_path_factory.mktemp("truth"), people=1200, seed=99)


def _rows(path: Path, sheet: str) -> dict[int, list[object]]:
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()
    return {n: row for n, row in enumerate(rows, start=1)}


def test_every_prison_outcome_follows_from_the_cells(sample: SampleFiles) -> None:
    with sample.truth.open(encoding="utf-8", newline="") as fh:
        truth = list(csv.DictReader(fh))
    prison = _rows(sample.prison, "FNP discharges")
    ind = _rows(sample.ind, "CCT cases")
    checked = 0
    for r in truth:
        if r["role"] != "prison":
            continue
        linked = [ind[int(n)] for n in r["same_person_ind_rows"].split(";") if n]
        assert expected(prison[int(r["row"])], r["nationality"], linked) == r["outcome"], r
        checked += 1
    assert checked == sample.prison_rows


def test_truth_is_consistent_between_the_two_roles(sample: SampleFiles) -> None:
    with sample.truth.open(encoding="utf-8", newline="") as fh:
        truth = list(csv.DictReader(fh))
    by_row = {(r["role"], r["row"]): r for r in truth}
    for r in truth:
        other_role = "ind" if r["role"] == "prison" else "prison"
        column = "same_person_ind_rows" if r["role"] == "prison" else "same_person_prison_rows"
        for n in filter(None, r[column].split(";")):
            assert by_row[(other_role, n)]["person_id"] == r["person_id"]
        if r["role"] == "ind":
            assert r["outcome"] == ("linked" if r["same_person_prison_rows"] else "no_link")
    assert len(by_row) == len(truth) == sample.prison_rows + sample.ind_rows


def test_referrals_after_release_are_named_in_the_reason(sample: SampleFiles) -> None:
    with sample.truth.open(encoding="utf-8", newline="") as fh:
        truth = list(csv.DictReader(fh))
    late = [r for r in truth if r["reason"].endswith("referral received after release")]
    assert late and all(r["outcome"] == "referred_not_considered" for r in late)
