"""evidence.pdf: identical bytes on rerun, page count, and the text on its pages."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from reconcile.model import FAILURE_OUTCOMES
from reconcile.write.evidence import write_evidence
from reconcile.write.evidence_charts import none_weight, weight_of
from reconcile.write.evidence_prisoner import section_rows
from reconcile.write.evidence_text import safe
from reconcile.write.views import failure_rows
from tests.factories import make_large_result, make_result
from tests.pdftext import pdf_pages

needs_pdftotext = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) not installed"
)


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    path = tmp_path_factory.mktemp("pdf") / "evidence.pdf"
    return path, write_evidence(make_result(), path)


def _pages(path: Path) -> list[str]:
    return pdf_pages(path)


def test_byte_identical_reruns(tmp_path: Path) -> None:
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    write_evidence(make_result(), a)
    write_evidence(make_result(), b)
    assert a.read_bytes() == b.read_bytes()
    assert a.read_bytes().startswith(b"%PDF-")


def test_page_count_is_reported(pdf: tuple[Path, int]) -> None:
    path, pages = pdf
    assert pages == 7
    assert len(re.findall(rb"/Type /Page\b", path.read_bytes())) == pages


@needs_pdftotext
def test_every_page_has_marking_run_id_and_page_x_of_y(pdf: tuple[Path, int]) -> None:
    path, pages = pdf
    texts = _pages(path)
    assert len(texts) == pages
    for n, text in enumerate(texts, start=1):
        assert text.count("OFFICIAL-SENSITIVE") == 2
        assert "Run R-0123456789AB" in text
        assert f"Page {n} of {pages}" in text


@needs_pdftotext
def test_cover_and_sections(pdf: tuple[Path, int]) -> None:
    texts = _pages(pdf[0])
    cover = texts[0]
    for expected in (
        "Reconciliation evidence",
        "FNP release audit 2006",
        "31/03/2006",
        "2006 (version 2006.1)",
        "prison.xlsx, sheet Releases",
        "20 bytes",
        "reconcile 0.1.0",
        "Prepared by",
        "Reviewed by",
        "Signature",
    ):
        assert expected in cover, expected
    # The result first, its figures the outcome table's; IND spelt out before the Inputs use it.
    words = " ".join(cover.split())
    assert (
        "4 prison rows in scope were not considered for deportation before release (Never "
        "referred: 1; Referred, not considered: 2; Considered after release: 1), concerning"
    ) in words
    assert "Home Office's Immigration and Nationality Directorate (IND)" in words
    body = "\n".join(texts)
    for expected in (
        "1. Control totals",
        "2. Outcomes",
        "3. Not considered before release, by",
        "4. How the records were linked",
        "A row is linked when that probability is at least 0.80",
        "5. Charts",
        "6.1 Never referred: 1 prison row",
        "6.2 Referred, not considered: 2 prison rows",
        "7. Insufficient data: 1 prison row whose scope could not be decided",
        "8. Evidence for each prison row listed in section 6",
        "Prison row 2 · HUSSEIN, ABDIRASHID NUUR · Considered after release",
        "Runner-up: M4567890 (IND row 5), weight +9.1",
        "Of the 4 not considered before release, 1 had a court",
    ):
        assert expected in body, expected
    assert re.search(r"Not available\s+1\s+Total\s+4", body)
    # The runner-up's line is a sentence like the lines around it.
    assert re.search(
        r"Runner-up: M4567890 \(IND row 5\).*?; total \+9\.1\. ", " ".join(body.split())
    )
    # The listings count prison rows (releases), which the pack tells apart from people: a
    # count of "prisoners" would add up to more people than there are.
    assert not re.search(r"\d prisoners?\b", body)
    assert "a prisoner released more than once may be listed more than once" in " ".join(
        body.split()
    )


def test_marking_is_configurable(tmp_path: Path) -> None:
    from dataclasses import replace

    result = make_result()
    cfg = result.settings.config
    result.settings = replace(
        result.settings, config=replace(cfg, output=replace(cfg.output, marking="OFFICIAL"))
    )
    path = tmp_path / "e.pdf"
    write_evidence(result, path)
    if shutil.which("pdftotext"):
        text = _pages(path)[0]
        assert "OFFICIAL" in text and "OFFICIAL-SENSITIVE" not in text


def _with_cap(result, cap: int):
    cfg = result.settings.config
    output = replace(cfg.output, evidence_max_sections=cap)
    result.settings = replace(result.settings, config=replace(cfg, output=output))
    return result


def test_many_sections(tmp_path: Path) -> None:
    result = _with_cap(make_large_result(400), 1_000)
    listed = result.totals.not_considered
    assert listed == 201
    pages = write_evidence(result, tmp_path / "big.pdf")
    assert pages > listed // 4  # about three sections a page, plus listings and charts
    if shutil.which("pdftotext"):
        text = "\n".join(_pages(tmp_path / "big.pdf"))
        assert len(re.findall(r"Prison row \d+ · ", text)) == listed


def test_sections_beyond_the_cap_go_to_each_outcome_in_turn(tmp_path: Path) -> None:
    result = _with_cap(make_large_result(400), 10)
    shown, listed = section_rows(result)
    assert (len(shown), listed) == (10, 201)
    assert shown == sorted(shown)
    outcomes = Counter(result.classifications[i].outcome for i in shown)
    assert set(outcomes) == set(FAILURE_OUTCOMES) and max(outcomes.values()) <= 4
    for outcome in FAILURE_OUTCOMES:  # the first of each outcome, in extract order
        firsts = failure_rows(result, outcome)[: outcomes[outcome]]
        assert set(firsts) <= set(shown)
    path = tmp_path / "capped.pdf"
    write_evidence(result, path)
    if shutil.which("pdftotext"):
        texts = _pages(path)
        cover = " ".join(texts[0].split())
        assert (
            "sections for 10 of 201 prison rows not considered before release, the first of "
            "each outcome" in cover
        )
        assert len(re.findall(r"Prison row \d+ · ", "\n".join(texts))) == 10
        listed_rows = re.findall(r"^\s*(\d+)\s+AA\d{4}\s", "\n".join(texts), re.M)
        assert len(listed_rows) == 201  # the listings stay complete


@pytest.mark.parametrize(
    ("text", "out"),
    [("ABC", "ABC"), ("Nguyễn", "Nguyen"), ("café", "café"), ("a\tb\rc", "a b c"), (None, "")],
)
def test_safe_text(text: object, out: str) -> None:
    assert safe(text) == out


def test_weight_of_threshold() -> None:
    assert weight_of(0.5) == 0
    assert weight_of(0.95) == pytest.approx(4.248, abs=1e-3)


@pytest.mark.parametrize(
    ("parameters", "shift"),
    [
        ({"candidates": {"none_of_the_candidates": 0.25}}, -2.0),
        ({"candidates": {"none_of_the_candidates": 1.0}}, 0.0),
        ({}, 0.0),  # a run without the learnt share: the pair's own probability
        ({"candidates": {"none_of_the_candidates": 0}}, 0.0),
    ],
)
def test_lone_candidate_threshold_shift(parameters: dict[str, object], shift: float) -> None:
    assert none_weight(parameters) == pytest.approx(shift)


def test_hostile_long_values_do_not_break_the_layout(tmp_path: Path) -> None:
    from dataclasses import replace

    result = make_result()
    huge = "=" + "W" * 32_766
    result.prison[8] = replace(
        result.prison[8],
        surname=huge,
        forenames=huge,
        offence=huge,
        aliases=((huge, huge),) * 4,
        other_births=(date(1980, 1, 1), date(1981, 1, 1), date(1982, 1, 1)),
    )
    result.classifications[8] = replace(result.classifications[8], reason="r " * 16_000)
    result.ind[6] = replace(
        result.ind[6], case_ref=huge, surname="\u202e" + "x" * 40_000, aliases=((huge, ""),)
    )
    pages = write_evidence(result, tmp_path / "hostile.pdf")
    assert 6 <= pages < 20


def test_safe_text_is_cut() -> None:
    assert safe("x" * 5000) == "x" * 994 + " [...]"
    assert len(safe("y" * 50, limit=20)) == 20


def test_a_second_round_candidate_shows_the_other_prisoners_line() -> None:
    """A pair weighed by who else is linked (reconcile.link.claims) shows it as its own line,
    and the starting weight stays the prior odds."""
    from reconcile.model import OTHER_PRISONERS_FIELD, FieldComparison
    from reconcile.write.evidence_prisoner import side_by_side

    result = make_result()
    idx = next(k for k, d in enumerate(result.links.decisions) if d.best is not None)
    dec = result.links.decisions[idx]
    assert dec.best is not None

    def cells(res: object) -> list[list[object]]:
        return [[str(c) for c in row] for row in side_by_side(res, idx).rows]  # type: ignore[arg-type]

    before = cells(result)
    extra = FieldComparison(OTHER_PRISONERS_FIELD, "linked to no other prisoner", 1.34)
    best = replace(dec.best, weight=dec.best.weight + 1.34, fields=(*dec.best.fields, extra))
    result.links.decisions[idx] = replace(dec, best=best)
    after = cells(result)
    line = next(row for row in after if row[0] == "Other prisoners")
    assert "linked to no other prisoner" in line[-2] and line[-1] == "+1.3"
    start = [row for row in before if row[0] == "Starting weight"]
    assert start == [row for row in after if row[0] == "Starting weight"]
    assert not any(row[0] == "Other prisoners" for row in before)


def test_a_long_linker_reason_is_shown_in_full() -> None:
    """Two IND records' evidence side by side makes a reason of well over 1,000 characters:
    the candidate line keeps it whole (up to MAX_REASON)."""
    from reconcile.write.evidence_prisoner import _candidate_lines
    from reconcile.write.evidence_text import MAX_REASON

    result = make_result()
    idx = next(k for k, d in enumerate(result.links.decisions) if d.best is not None)
    reason = "Linked to two records; " + "evidence " * 180 + "and the last words"
    assert 1_000 < len(reason) < MAX_REASON
    result.links.decisions[idx] = replace(result.links.decisions[idx], reason=reason)
    text = _candidate_lines(result, idx)[0].text  # type: ignore[attr-defined]
    assert text.endswith("and the last words.") and "[...]" not in text


def test_a_row_whose_only_candidate_a_reviewer_ruled_out_says_so_once() -> None:
    """The linker's reason "No link: IND case ... was ruled out by a reviewer ..." under the
    line's own "No IND candidate:" reads as one sentence, not "...: no link: ..."."""
    from reconcile.write.evidence_prisoner import _candidate_lines

    result = make_result()
    idx = next(k for k, d in enumerate(result.links.decisions) if d.best is not None)
    reason = (
        "No link: IND case K1191763 (row 12) was ruled out by a reviewer (J. Smith: another "
        "man), and no other IND record is near enough"
    )
    result.links.decisions[idx] = replace(result.links.decisions[idx], best=None, reason=reason)
    text = _candidate_lines(result, idx)[0].text  # type: ignore[attr-defined]
    assert text == (
        "No IND candidate: IND case K1191763 (row 12) was ruled out by a reviewer (J. Smith: "
        "another man), and no other IND record is near enough."
    )


def test_level_weights_come_from_the_runs_model() -> None:
    """log2(m / u) of each level, in the model's order, the field in words; the second
    round's two levels when it was applied; "not learnt" (None) where m or u is zero."""
    from reconcile.write.evidence_method import level_weights

    parameters = {
        "model": {
            "levels": {
                "name": {"exact": {"m": 0.5, "u": 0.5 / 4096}, "different": {"m": 0.01, "u": 0.64}},
                "dob": {"exact": {"m": 0.8, "u": 0.0}},
            }
        },
        "linked_to_another_prisoner": {
            "applied": True,
            "factor_linked_to_no_prisoner": 2.0,
            "factor_linked_to_another_prisoner": 0.25,
        },
    }
    assert level_weights(parameters) == [
        ("name", "exact", 12.0),
        ("name", "different", -6.0),
        ("date of birth", "exact", None),
        ("IND person", "linked to no other prisoner", 1.0),
        ("IND person", "linked to another prisoner", -2.0),
    ]
    parameters["linked_to_another_prisoner"] = {"applied": False}
    assert len(level_weights(parameters)) == 3
    assert level_weights({}) == []


@pytest.mark.parametrize(
    ("threshold", "shown"),
    [(0.8, "0.80"), (0.5, "0.50"), (0.95, "0.95"), (0.9999, "0.9999"), (0.999, "0.999"),
     (1.0, "1.00"), (0.12345, "0.1235")],
)  # fmt: skip
def test_thresholds_are_shown_as_set(threshold: float, shown: str) -> None:
    """A link threshold of 0.9999 was printed "at least 1.00", which no link can reach."""
    from reconcile.write.evidence_method import bar

    assert bar(threshold) == shown


def test_why_not_applied_says_why_once() -> None:
    from reconcile.write.evidence_sections import why_not_applied

    status = (
        "stale: the IND record it was made about changed or is no longer in the IND extract; "
        "not applied"
    )
    assert why_not_applied(status) == (
        "The IND record it was made about changed or is no longer in the IND extract."
    )


@needs_pdftotext
def test_weights_are_said_to_be_rounded_where_they_are_added_up(pdf: tuple[Path, int]) -> None:
    """A reader adding the rounded weights of a pair may miss its total by a tenth or two:
    the method and the evidence sections say why, and the method counts the starting weight."""
    body = " ".join(" ".join(_pages(pdf[0])).split())
    assert "A pair's weight is the starting weight (below) plus its fields' weights." in body
    assert body.count("the figures shown may differ from the total by a tenth or two") == 2


def test_the_side_by_side_table_names_the_country_as_the_workbook_does() -> None:
    """'Somalia (SO)', not the bare code 'SO', on both sides."""
    from reconcile.write.evidence_prisoner import side_by_side
    from reconcile.write.views import nationality_text

    result = make_result()
    idx = next(k for k, d in enumerate(result.links.decisions) if d.ind_idxs)
    rows = [[str(c) for c in row] for row in side_by_side(result, idx).rows]
    line = next(row for row in rows if row[0] == "Nationality")
    rec, other = result.prison[idx], result.ind[result.links.decisions[idx].ind_idxs[0]]
    assert line[1:3] == [nationality_text(rec), nationality_text(other)]
    assert "(" in line[1] and line[1] != rec.nationality


def test_summary_tables_set_text_at_one_size_and_counts_right_aligned() -> None:
    """The data-quality and outcomes tables had their wrapped text at 6.5 points beside
    counts and labels at 8: every cell of a summary table is now the table's size, and its
    count column is right-aligned so the digits line up."""
    from reportlab.platypus import KeepTogether, Paragraph, Table

    from reconcile.write.evidence_sections import totals_and_outcomes

    flowables = totals_and_outcomes(make_result())
    # A table kept whole on one page is inside a KeepTogether.
    flowables = [g for f in flowables for g in (f._content if isinstance(f, KeepTogether) else [f])]
    tables = [f for f in flowables if isinstance(f, Table)]
    by_heading = {str(t._cellvalues[0][0]): t for t in tables}
    for first, count_col in (("", 1), ("File", 2), ("Outcome", 1)):
        table = by_heading[first]
        fonts = {cell.fontsize for row in table._cellStyles for cell in row}
        assert len(fonts) == 1, first
        paragraphs = {
            cell.style.fontSize
            for row in table._cellvalues
            for cell in row
            if isinstance(cell, Paragraph)
        }
        assert paragraphs <= fonts, (first, paragraphs, fonts)
        assert all(row[count_col].alignment == "RIGHT" for row in table._cellStyles), first


def test_a_date_of_birth_not_read_shows_what_the_extract_gives() -> None:
    """A date of birth the run could not read (a 01/01/1900 placeholder) left the PDF's
    "Date of birth" cell blank, as if the extract gave none: it now shows the value given,
    said not to be read, from the finding about that cell; a record with no finding stays
    blank."""
    from reconcile.model import Finding
    from reconcile.write.evidence_prisoner import side_by_side

    result = make_result()
    idx = next(k for k, d in enumerate(result.links.decisions) if d.best is not None)
    rec = result.prison[idx]
    result.prison[idx] = replace(rec, dob=None)
    before = [[str(c) for c in row] for row in side_by_side(result, idx).rows]
    assert next(row for row in before if row[0] == "Date of birth")[1] == ""
    p = rec.prov
    result.findings = [
        *result.findings,
        Finding(p.file, p.sheet, p.row, "DOB", "dob", "01/01/1900", "a placeholder", "missing"),
    ]
    after = [[str(c) for c in row] for row in side_by_side(result, idx).rows]
    line = next(row for row in after if row[0] == "Date of birth")
    assert line[1] == "not read: '01/01/1900' (see the data-quality findings)"
    long = Finding(p.file, p.sheet, p.row, "DOB", "dob", "x" * 60, "not a date", "missing")
    result.findings = [*result.findings[:-1], long]
    line = next(row for row in side_by_side(result, idx).rows if row[0] == "Date of birth")
    assert line[1] == f"not read: '{'x' * 39}\u2026' (see the data-quality findings)"
