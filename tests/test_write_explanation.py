"""The link evidence every output states: true of its own row, and weights that add up."""

from __future__ import annotations

import csv
import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from reconcile.link.explain import referral_level
from reconcile.model import LinkStatus, Outcome
from reconcile.result import RunResult
from reconcile.synth import generate_sample
from reconcile.write.evidence_prisoner import side_by_side
from reconcile.write.outcomes_csv import write_outcomes_csv
from reconcile.write.views import ReviewCounts, link_explanation, review_counts
from reconcile.write.workbook import write_workbook
from reconcile.write.workbook_review import REVIEW_SHEET, why_on_sheet
from tests.factories import make_result
from tests.test_pipeline_e2e import run_folder

_WEIGHT = r"(?:[+-]\d+\.\d|0)"
_PAIR = re.compile(rf"starting weight ({_WEIGHT}), (.*?); total ({_WEIGHT})")
_FIELD = re.compile(rf"\(({_WEIGHT})\)(?:, |$)")


def stated_sums(text: str) -> list[tuple[float, float, int]]:
    """(sum of the stated weights, stated total, weights added) of each pair an explanation
    states: the starting weight and each field's weight, in brackets after its level."""
    out = []
    for start, fields, total in _PAIR.findall(text):
        weights = [float(start), *(float(w) for w in _FIELD.findall(fields))]
        out.append((sum(weights), float(total), len(weights)))
    return out


@pytest.mark.parametrize(
    ("text", "sums"),
    [
        (
            "starting weight -11.5, name: exact (+20.4), date of birth: missing (0); total +8.9",
            [(8.9, 8.9)],
        ),
        (
            "matched through row 4, another custody episode of the same person; that row's "
            "evidence: starting weight -1.0, name: a (b) (+2.0); total +1.0; also IND case X "
            "(row 3), kept apart by the IND file: starting weight 0, date of birth: exact "
            "(+5.0); total +5.0 (probability 0.990 on its own)",
            [(1.0, 1.0), (5.0, 5.0)],
        ),
    ],
)
def test_stated_sums_reads_every_pair(text: str, sums: list[tuple[float, float]]) -> None:
    got = [(round(s, 1), t) for s, t, _ in stated_sums(text)]
    assert got == sums


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, RunResult]:
    folder = tmp_path_factory.mktemp("explained")
    generate_sample(folder, people=400, seed=21)
    result = run_folder(folder, folder / "out")
    write_outcomes_csv(result, folder / "outcomes.csv")
    write_workbook(result, folder / "reconciliation.xlsx")
    return folder, result


def _csv_rows(folder: Path) -> list[dict[str, str]]:
    with open(folder / "outcomes.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_stated_weights_add_up_to_the_stated_total(generated: tuple[Path, RunResult]) -> None:
    """In outcomes.csv, every linked or doubtful row's explanation states its starting weight,
    each field's weight and the total, and they add up (each rounded to 0.1); the total is
    the row's match weight."""
    folder, _ = generated
    checked = 0
    for row in _csv_rows(folder):
        if row["link_status"] not in ("linked", "needs_review"):
            continue
        sums = stated_sums(row["link_explanation"])
        assert sums, row["link_explanation"]
        for added, total, n in sums:
            assert abs(added - total) <= 0.05 * (n + 1), row["link_explanation"]
        assert abs(sums[0][1] - float(row["match_weight"])) <= 0.051, row
        checked += 1
    assert checked > 200


def test_review_sheet_weights_add_up(generated: tuple[Path, RunResult]) -> None:
    folder, _ = generated
    ws = openpyxl.load_workbook(folder / "reconciliation.xlsx")[REVIEW_SHEET]
    lines = list(ws.iter_rows(values_only=True))
    heads = list(lines[0])
    assert heads.index("Starting weight") < heads.index("Total weight")
    weights = [n for n, h in enumerate(heads) if h == "Starting weight" or h.endswith(": weight")]
    total = heads.index("Total weight")
    assert len(lines) > 1
    for line in lines[1:]:
        if line[total] is None:
            continue
        assert sum(line[n] or 0 for n in weights) == pytest.approx(line[total], abs=0.01), line


def test_a_row_matched_through_another_says_whose_evidence(
    generated: tuple[Path, RunResult],
) -> None:
    """A row whose link was found through another row of its person says so, names that row,
    and where its own release date puts the referral elsewhere, says that too."""
    folder, result = generated
    rows = _csv_rows(folder)
    through = [
        (i, d) for i, d in enumerate(result.links.decisions) if d.best and d.best.prison_idx != i
    ]
    assert len(through) >= 5
    own_differs = 0
    for i, d in through:
        assert d.best is not None
        text = rows[i]["link_explanation"]
        other = result.prison[d.best.prison_idx].prov.row
        assert text.startswith(f"matched through row {other}, "), text
        assert "that row's evidence: starting weight" in text
        rec = result.prison[i]
        referral = result.ind[d.best.ind_idx].referral_date
        own = referral_level(rec.release_date, rec.sentence_start, referral)
        stated = next((f.level for f in d.best.fields if f.field == "referral"), own)
        if own != stated:
            own_differs += 1
            assert text.endswith(f"against this row's own release date the referral date is {own}")
        assert text == link_explanation(d, result.ind, result.prison)
    assert own_differs > 0
    for i, d in enumerate(result.links.decisions):  # a row's own evidence has no such words
        if d.best is not None and d.best.prison_idx == i:
            assert "matched through" not in rows[i]["link_explanation"]
            assert not rows[i]["link_explanation"].startswith("linked through")


def test_referral_level_is_the_linkers(generated: tuple[Path, RunResult]) -> None:
    """referral_level gives every own pair's referral level as the linker compared it."""
    _, result = generated
    checked = 0
    for i, d in enumerate(result.links.decisions):
        for s in (d.best, d.runner_up, *d.candidates):
            if s is None or s.prison_idx != i:
                continue
            rec, referral = result.prison[i], result.ind[s.ind_idx].referral_date
            for f in s.fields:
                if f.field == "referral":
                    assert referral_level(rec.release_date, rec.sentence_start, referral) == (
                        f.level
                    )
                    checked += 1
    assert checked > 200


@pytest.mark.parametrize(
    ("release", "start", "referral", "level"),
    [
        (date(2004, 6, 1), None, date(2004, 6, 2), "after release"),
        (date(2004, 6, 1), None, date(2004, 6, 1), "during custody or the 2 years before release"),
        (date(2004, 6, 1), None, date(2002, 6, 2), "during custody or the 2 years before release"),
        (date(2004, 6, 1), None, date(2002, 6, 1), "before custody"),
        (date(2004, 6, 1), date(2001, 1, 1), date(2001, 6, 1), "during custody or the 2 years "
         "before release"),
        (date(2004, 6, 1), date(2001, 1, 1), date(2000, 12, 31), "before custody"),
        (None, None, date(2004, 6, 1), "missing"),
        (date(2004, 6, 1), None, None, "missing"),
    ],
)  # fmt: skip
def test_referral_level(
    release: date | None, start: date | None, referral: date | None, level: str
) -> None:
    assert referral_level(release, start, referral) == level


def test_factory_row_matched_through_another_row() -> None:
    """In the listings' values too: the evidence of row 2, restated for row 11."""
    result = make_result()
    first = result.links.decisions[0]
    result.links.decisions[9] = replace(first, prison_idx=9)
    text = link_explanation(result.links.decisions[9], result.ind, result.prison)
    assert text.startswith(
        "matched through row 2, another custody episode of the same person; that row's "
        "evidence: starting weight -1.0, name: transliteration variant (+6.1)"
    ), text
    from reconcile.write.prison_rows import prison_row

    assert prison_row(result, 9)["link_explanation"] == text
    pdf = side_by_side(result, 9)
    assert pdf.rows[-1][-1] == "+16.1"


def _undecidable_date() -> RunResult:
    """make_result with prison row 3 (idx 1) linked for sure but its consideration date
    unreadable."""
    result = make_result()
    result.ind[1] = replace(result.ind[1], unreadable={"considered_date": "31/02/2004"})
    result.classifications[1] = replace(
        result.classifications[1],
        outcome=Outcome.NEEDS_REVIEW,
        rule="scope.non_eea_threshold/outcome.consideration_unreadable",
        reason="the consideration date of IND case X could not be read",
    )
    return result


def test_review_counts_say_what_each_counts() -> None:
    result = _undecidable_date()
    counts = review_counts(result)
    # The doubtful link is one of the two rows whose outcome needs review: not counted again.
    assert (counts.outcome, counts.links, counts.sheet) == (2, 0, 2)
    assert counts.kinds == (("doubtful link", 1), ("date considered that could not be read", 1))
    assert counts.text().startswith(
        "Needs review: 2 rows whose outcome needs review (1 doubtful link, 1 date considered "
        "that could not be read). No other link is held for review as doubtful. The workbook's "
        "Needs review sheet lists 2 prison rows"
    )


def test_a_link_held_whose_outcome_is_decided_anyway_is_counted_apart() -> None:
    """A doubtful link on a row out of scope: on the Needs review sheet for its link, not
    among the rows whose outcome needs review; the two counts add up to the sheet's."""
    result = _undecidable_date()
    held = next(
        k
        for k, (d, c) in enumerate(zip(result.links.decisions, result.classifications, strict=True))
        if d.status is not LinkStatus.REVIEW and c.outcome is not Outcome.NEEDS_REVIEW
    )
    result.links.decisions[held] = replace(result.links.decisions[held], status=LinkStatus.REVIEW)
    counts = review_counts(result)
    assert (counts.outcome, counts.links, counts.sheet) == (2, 1, 3)
    assert "Separately, 1 link held for review as doubtful, whose row has its outcome " in (
        counts.text()
    )
    assert "lists both, 3 prison rows" in counts.text()


@pytest.mark.parametrize(
    ("outcome", "links", "sheet", "text"),
    [
        (0, 0, 0, "Needs review: nothing; no row's outcome and no link is in doubt."),
        (0, 3, 3, "Needs review: no row's outcome is in doubt. 3 links held for review as "
         "doubtful, whose rows have their outcome decided anyway (out of scope, not released, "
         "or the same whichever candidate is the person). The workbook's Needs review sheet "
         "lists 3 prison rows, and says for each whether a Decision settles it or the extract "
         "must be corrected and the run repeated."),
        (2, 0, 2, "Needs review: 2 rows whose outcome needs review. No link is held for review "
         "as doubtful. The workbook's Needs review sheet lists 2 prison rows, and says for each "
         "whether a Decision settles it or the extract must be corrected and the run repeated."),
    ],
)  # fmt: skip
def test_review_counts_read_well_when_one_is_zero(
    outcome: int, links: int, sheet: int, text: str
) -> None:
    assert ReviewCounts(outcome, (), links, sheet).text() == text


def test_review_sheet_says_why_each_row_is_there(tmp_path: Path) -> None:
    result = _undecidable_date()
    assert why_on_sheet(result, 3) == (
        "doubtful link",
        "Choose a Decision for each candidate: same person, not the same person, or skip.",
    )
    why, todo = why_on_sheet(result, 1)
    assert why == "date considered that could not be read"
    assert todo == (
        "The link is not in doubt and no Decision can change this row: leave Decision blank. "
        f"Correct the date in the IND extract (IND {result.ind[1].prov.ref}) and run again."
    )
    path = tmp_path / "book.xlsx"
    write_workbook(result, path)
    ws = openpyxl.load_workbook(path)[REVIEW_SHEET]
    lines = list(ws.iter_rows(values_only=True))
    heads = list(lines[0])
    shown = {
        (line[heads.index("Prison row")], line[heads.index("Why on this sheet")])
        for line in lines[1:]
    }
    assert shown == {
        (result.prison[3].prov.row, "doubtful link"),
        (result.prison[1].prov.row, "date considered that could not be read"),
    }
    summary = [c for row in openpyxl.load_workbook(path)["Summary"].iter_rows(values_only=True)
               for c in row if isinstance(c, str)]  # fmt: skip
    assert any(c.startswith("Needs review: 2 rows whose outcome needs review") for c in summary)


def test_linked_through_a_row_that_may_be_the_same_person() -> None:
    """A row linked through another prison row that may be the same person shows its own,
    weaker evidence, and says so."""
    result = make_result()
    d = result.links.decisions[9]
    result.links.decisions[9] = replace(d, through=0)
    text = link_explanation(result.links.decisions[9], result.ind, result.prison)
    assert text.startswith(
        f"linked through prison {result.prison[0].prov.ref}, which may be the same person and "
        "is linked to the IND "
        "record; this row's own evidence: starting weight"
    ), text
    assert LinkStatus.LINKED is result.links.decisions[9].status


@pytest.mark.parametrize(
    ("p", "words"),
    [
        (0.99996, "probability above 0.999"),
        (0.9995, "probability above 0.999"),
        (0.9994, "probability 0.999"),
        (0.5, "probability 0.500"),
        (0.0004, "probability below 0.001"),
        (0.0, "probability below 0.001"),
    ],
)
def test_the_linkers_reasons_state_a_probability_as_the_tables_do(p: float, words: str) -> None:
    """A reason and the table beside it on one page say the same: never 'above 0.9999' in
    the one and 'above 0.999' in the other, nor 'probability 0.000' beside 'below 0.001'."""
    from reconcile.link.explain import probability_text
    from reconcile.write.views import fmt_prob

    assert probability_text(p) == words
    assert words.removeprefix("probability ") == fmt_prob(p) or p == 0.0
