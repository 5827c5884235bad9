"""outcomes.csv and the shared views the outputs are built from."""

from __future__ import annotations

import csv
import dataclasses
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reconcile.keys import ind_key, prison_key
from reconcile.model import FieldComparison, LinkDecision, LinkStatus, Outcome, PairScore
from reconcile.write.outcomes_csv import CSV_COLUMNS, csv_cell, prob_text, write_outcomes_csv
from reconcile.write.views import (
    FailureCounts,
    control_totals,
    court_recommended_count,
    describe_field,
    failure_counts,
    failure_people_text,
    fmt_prob,
    link_explanation,
    offence_table,
    sentence_text,
    tabulate_offences,
)
from tests.factories import make_result


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_csv_one_row_per_prison_row_in_order(tmp_path: Path) -> None:
    result = make_result()
    path = tmp_path / "outcomes.csv"
    write_outcomes_csv(result, path)
    rows = _rows(path)
    assert len(rows) == len(result.prison)
    assert [int(r["source_row"]) for r in rows] == [p.prov.row for p in result.prison]
    assert [r["outcome"] for r in rows] == [c.outcome.value for c in result.classifications]


def test_csv_content_of_a_linked_row(tmp_path: Path) -> None:
    path = tmp_path / "outcomes.csv"
    result = make_result()
    write_outcomes_csv(result, path)
    first = _rows(path)[0]
    linked = result.ind[result.links.decisions[0].ind_idxs[0]]
    assert first.pop("prison_key") == prison_key(result.prison[0])
    assert first.pop("ind_key") == ind_key(linked)
    assert first == {
        "source_file": "prison.xlsx",
        "source_sheet": "Releases",
        "source_row": "2",
        "prison_number": "FF8282",
        "surname": "HUSSEIN",
        "forenames": "ABDIRASHID NUUR",
        "name_as_given": "",
        "dob": "1975-04-12",
        "nationality": "Somalia (SO)",
        "sentence": "36",
        "offence": "Robbery",
        "release_date": "2004-01-09",
        "court_recommended": "Y",
        "outcome": "considered_after_release",
        "reason": "considered 19/04/2004, after release on 09/01/2004",
        "rule": "outcome.considered_after_release",
        "policy": "2006 2006.1",
        "link_status": "linked",
        "ind_case_refs": "H1234567; H6789012",
        "ind_source_rows": "2; 7",
        "referral_date": "2003-11-01",
        "considered_date": "2004-04-19",
        "match_probability": "0.9999",  # 0.99999...: never shown as a certain 1.0000
        "match_weight": "16.10",
        "link_explanation": "starting weight -1.0, name: transliteration variant (+6.1), "
        "date of birth: exact (+9.8), prison number: missing (0), nationality: same (+1.2); "
        "total +16.1",
    }


def test_csv_neutralises_formulas_and_is_rfc4180(tmp_path: Path) -> None:
    path = tmp_path / "outcomes.csv"
    write_outcomes_csv(make_result(), path)
    raw = path.read_bytes()
    assert raw.startswith(b"source_file,") and raw.count(b"\r\n") == 11
    assert b"\n" not in raw.replace(b"\r\n", b"")
    row = _rows(path)[2]
    assert row["surname"] == '\'=HYPERLINK("http://x")'
    assert row["forenames"] == "'@SUM(A1)"
    assert row["ind_case_refs"] == "'+C3456789"
    assert row["sentence"] == "Life" and row["offence"] == ""
    numbers = {"match_probability", "match_weight"}  # written as numbers, e.g. -4.20
    for r in _rows(path):
        texts = [v for k, v in r.items() if k not in numbers]
        assert not any(v[:1] in ("=", "+", "-", "@", "\t", "\r") for v in texts)
    assert _rows(path)[8]["match_weight"] == "-4.20"


def test_csv_deterministic(tmp_path: Path) -> None:
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    write_outcomes_csv(make_result(), a)
    write_outcomes_csv(make_result(), b)
    assert a.read_bytes() == b.read_bytes()
    assert tuple(_rows(a)[0]) == CSV_COLUMNS


@pytest.mark.parametrize(
    ("value", "kind", "text"),
    [
        (None, "text", ""),
        (date(2006, 3, 31), "date", "2006-03-31"),
        (0.98765, "prob", "0.9877"),
        (-3.14159, "weight", "-3.14"),
        (12, "int", "12"),
        ("-5", "text", "'-5"),
    ],
)
def test_csv_cell(value: object, kind: str, text: str) -> None:
    assert csv_cell(value, kind) == text  # type: ignore[arg-type]


def test_offence_table_layout() -> None:
    offences = ["Theft", "", "Other", "arson", "Theft", "  ", "Burglary"]
    assert tabulate_offences(offences) == [
        ("arson", 1),
        ("Burglary", 1),
        ("Theft", 2),
        ("Other", 1),
        ("Not available", 2),
        ("Total", 7),
    ]


def test_offence_table_and_court_count_of_the_factory() -> None:
    result = make_result()
    assert offence_table(result) == [
        ("Forgery", 1),
        ("Immigration", 1),
        ("Robbery", 1),
        ("Not available", 1),
        ("Total", 4),
    ]
    assert court_recommended_count(result) == 1


def test_failure_rows_counted_as_people() -> None:
    """Row 9 is another custody episode of row 0's person: listed too, it is one more release
    but not one more person. Listed on the day row 0 was released, it is not one more release
    either: the same release on two rows."""
    result = make_result()
    assert failure_counts(result) == FailureCounts(rows=4, releases=4, people=4, several=0)
    assert failure_people_text(result) == (
        "The 4 not considered before release are releases (prison rows) of 4 people: 0 of them "
        "with more than one such release, counting the rows the linker took for one person's "
        "custody episodes as one person."
    )
    result.classifications[9] = dataclasses.replace(
        result.classifications[9], outcome=Outcome.NEVER_REFERRED
    )
    result.totals = dataclasses.replace(result.totals, not_considered=5)
    assert result.links.prison_person[9] == result.links.prison_person[0]
    assert result.prison[9].release_date != result.prison[0].release_date
    assert failure_counts(result) == FailureCounts(rows=5, releases=5, people=4, several=1)
    result.prison[9] = dataclasses.replace(
        result.prison[9], release_date=result.prison[0].release_date
    )
    assert failure_counts(result) == FailureCounts(rows=5, releases=4, people=4, several=0)
    assert failure_people_text(result) == (
        "The 5 not considered before release are prison rows of 4 releases of 4 people: 0 of "
        "them with more than one such release, counting the rows the linker took for one "
        "person's custody episodes as one person. 1 row repeats another row's person and "
        "release date: one release with several offences or sentences, each on its own row "
        "(see Data quality)."
    )


def test_control_totals_reconcile() -> None:
    totals = dict(control_totals(make_result()))
    assert totals["  prison rows read as records"] == 10
    assert totals["  outcomes assigned (must equal rows read)"] == 10
    # The IND records read, in two parts that add up to them, nested as the prison parts are.
    assert totals["    linked to a prison row"] + totals["    not linked"] == 7
    assert totals["  IND records read"] == 7


@pytest.mark.parametrize(
    ("fc", "text"),
    [
        (
            FieldComparison("name", "transliteration variant", 6.1),
            "name: transliteration variant (+6.1)",
        ),
        (FieldComparison("dob", "exact", 9.81), "date of birth: exact (+9.8)"),
        (FieldComparison("prison_number", "missing", 0.0), "prison number: missing (0)"),
        (FieldComparison("nationality", "different", -1.25), "nationality: different (-1.2)"),
    ],
)
def test_describe_field(fc: FieldComparison, text: str) -> None:
    assert describe_field(fc) == text


def test_link_explanation_without_candidate_and_by_reviewer() -> None:
    none = LinkDecision(0, LinkStatus.NONE, (), None, None, "no candidate")
    assert link_explanation(none) == "no candidate"
    score = PairScore(0, 1, 5.0, 0.97, (FieldComparison("dob", "exact", 5.0),))
    forced = LinkDecision(
        0, LinkStatus.LINKED, (1,), score, None, "linked", (), "reviewer: A. Auditor"
    )
    assert link_explanation(forced) == (
        "starting weight 0, date of birth: exact (+5.0); total +5.0 "
        "[decided by a reviewer (A. Auditor)]"
    )


def test_sentence_text() -> None:
    result = make_result()
    assert [sentence_text(p) for p in result.prison[:3]] == ["36", "24", "Life"]
    assert sentence_text(result.prison[6]) == "two yrs"


@given(st.lists(st.sampled_from(["Theft", "", " ", "Drugs", "Other", "Arson", "=cmd"])))
def test_offence_table_properties(offences: list[str]) -> None:
    table = tabulate_offences(offences)
    assert table[-1] == ("Total", len(offences))
    assert sum(n for _, n in table[:-1]) == len(offences)
    labels = [k for k, _ in table[:-1]]
    assert len(labels) == len(set(labels))
    assert ("Not available" in labels) == any(not o.strip() for o in offences)
    tail = [k for k in labels if k in ("Other", "Not available")]
    assert labels[len(labels) - len(tail) :] == tail


@given(st.one_of(st.text(), st.none(), st.integers(), st.floats(allow_nan=False)))
def test_csv_text_cells_never_formula_like(value: object) -> None:
    text = csv_cell(value, "text")  # type: ignore[arg-type]
    assert isinstance(text, str)
    if isinstance(value, str):
        assert not text.startswith(("=", "+", "-", "@", "\t", "\r"))


@pytest.mark.parametrize(
    ("p", "text"),
    [
        (0.5, "0.500"),
        (0.99991, "above 0.999"),
        (1.0, "1.000"),
        (0.0002, "below 0.001"),
        (0.0, "0.000"),
        (0.9994, "0.999"),
    ],
)
def test_fmt_prob(p: float, text: str) -> None:
    assert fmt_prob(p) == text


@pytest.mark.parametrize(
    ("p", "shown"),
    [
        (1.0, "1.0000"),
        (0.99999997, "0.9999"),
        (0.99995, "0.9999"),
        (0.99994, "0.9999"),
        (0.5, "0.5000"),
        (0.00004, "0.0001"),
        (0.0, "0.0000"),
    ],
)
def test_a_probability_short_of_certainty_is_never_shown_as_certain(p: float, shown: str) -> None:
    assert prob_text(p) == shown


def test_link_explanation_names_the_candidates_a_reviewer_ruled_out() -> None:
    """The evidence shown is then the next candidate's: say whose was set aside, in both the
    explanation and the workbook's listings (reconcile.write.prison_rows)."""
    from reconcile.write.prison_rows import _Explainer

    result = make_result()
    ind = result.ind
    score = PairScore(0, 1, 5.0, 0.6, (FieldComparison("dob", "exact", 5.0),))
    ruled = LinkDecision(0, LinkStatus.REVIEW, (), score, None, "review", ruled_out=(0,))
    named = f"[ruled out by a reviewer: IND case {ind[0].case_ref} ({ind[0].prov.ref})]"
    text = link_explanation(ruled, ind)
    assert text.endswith(named)
    assert _Explainer().decision(ruled, ind, result.prison) == text
    assert link_explanation(dataclasses.replace(ruled, ruled_out=()), ind).endswith("+5.0")
