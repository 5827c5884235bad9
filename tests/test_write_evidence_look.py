"""evidence.pdf as a reader sees it on the page: the listings say how names in another script
are shown, and the small summary tables are never split over two pages."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, SimpleDocTemplate, Spacer, Table

from reconcile.model import Outcome
from reconcile.write.evidence import write_evidence
from reconcile.write.evidence_method import method_section
from reconcile.write.evidence_prisoner import further_text
from reconcile.write.evidence_sections import totals_and_outcomes
from reconcile.write.views import failure_rows
from tests.factories import make_result
from tests.pdftext import pdf_pages


def _words(text: str) -> str:
    return " ".join(text.split())


def test_listing_pages_say_a_name_in_another_script_is_in_latin_letters(tmp_path: Path) -> None:
    """A name written in Arabic or Cyrillic is listed in Latin letters ("LHSN, MHMD 'BD LLH"
    for الحسن, محمد عبد الله); the listings' note said only that accents were taken off, so
    nothing on the page told a reader why the name differs from the extract's. The note now
    says so where the names are, and the Insufficient data listing points to it."""
    result = make_result()
    row = failure_rows(result, Outcome.NEVER_REFERRED)[0]
    result.prison[row] = replace(
        result.prison[row], surname="IVANOV", forenames="IVAN", name_as_given="Иванов, Иван"
    )
    path = tmp_path / "evidence.pdf"
    write_evidence(result, path)
    pages = [_words(p) for p in pdf_pages(path)]
    listed = next(p for p in pages if "6.1 Never referred" in p and "Prison no." in p)
    assert "IVANOV, IVAN" in listed
    assert (
        "a name written in another script (Arabic, Chinese, Cyrillic and others) in Latin "
        "letters; the workbook's Name as given column shows each name as the extract writes it"
    ) in listed
    undecided = next(p for p in pages if "7. Insufficient data" in p and "Prison no." in p)
    assert "Names are shown as in section 6." in undecided
    section = next(p for p in pages if "Prison row" in p and "IVANOV, IVAN ·" in p)
    assert "Cyrillic script, in Latin letters here" in section


class _Recorder(SimpleDocTemplate):
    """Notes the page each table (or piece of a split table) is drawn on."""

    def __init__(self, path: Path) -> None:
        super().__init__(str(path), pagesize=A4)
        self.drawn: list[tuple[int, list[str]]] = []

    def afterFlowable(self, flowable: Flowable) -> None:  # reportlab calls it by this name
        if isinstance(flowable, Table):
            cells = [str(row[0]) for row in flowable._cellvalues]
            self.drawn.append((self.canv.getPageNumber(), cells))


def _drawn(story: list[Flowable], path: Path) -> list[tuple[int, list[str]]]:
    """Each table (or piece of one) drawn when ``story`` is laid out: its page, and the first
    cell of each of its rows."""
    doc = _Recorder(path)
    doc.build(story)
    return doc.drawn


def _pages_of(drawn: list[tuple[int, list[str]]], first_cell: str, last_cell: str) -> set[int]:
    """The pages the table running from a row starting ``first_cell`` to one starting
    ``last_cell`` is drawn on."""
    pages: set[int] = set()
    inside = False
    for page, cells in drawn:
        for cell in cells:
            inside = inside or cell == first_cell
            if inside:
                pages.add(page)
            if inside and cell == last_cell:
                return pages
    raise AssertionError(f"no table from {first_cell!r} to {last_cell!r}: {drawn}")


@pytest.mark.parametrize("above_mm", range(120, 240, 4))
def test_the_link_table_is_never_split_from_its_total(above_mm: int, tmp_path: Path) -> None:
    """Section 4's table of prison rows linked, held for review and not linked ran onto the
    next page on the samples, its Total line alone at the top of page 4. Wherever the
    section starts on a page, the table is now drawn whole on one page."""
    story = [Spacer(1, above_mm * mm), *method_section(make_result(), "4")]
    pages = _pages_of(_drawn(story, tmp_path / "m.pdf"), "Prison rows", "Total")
    assert len(pages) == 1, (above_mm, pages)


@pytest.mark.parametrize("above_mm", range(0, 240, 6))
def test_the_totals_and_outcomes_tables_are_never_split(above_mm: int, tmp_path: Path) -> None:
    """The control totals and the outcomes table (with its Total) each on one page, wherever
    they fall."""
    story = [Spacer(1, above_mm * mm), *totals_and_outcomes(make_result())]
    drawn = _drawn(story, tmp_path / "t.pdf")
    assert len(_pages_of(drawn, "", "Data-quality findings")) == 1, above_mm
    assert len(_pages_of(drawn, "Outcome", "Total")) == 1, above_mm


def test_linked_records_beyond_the_table_are_named(tmp_path: Path) -> None:
    """A prisoner linked to more IND records than the side-by-side table has columns for
    read "2 further linked IND record(s) are listed in the workbook": which ones was for
    the reader to work out, and the workbook's listings give only their case references.
    They are now named, each with its row in the IND extract."""
    result = make_result()
    row = failure_rows(result, Outcome.CONSIDERED_AFTER_RELEASE)[0]
    decision = result.links.decisions[row]
    result.links.decisions[row] = replace(decision, ind_idxs=(0, 5, 1, 3, 6))
    path = tmp_path / "evidence.pdf"
    write_evidence(result, path)
    text = _words(" ".join(pdf_pages(path)))
    assert (
        "2 further linked IND records, not shown above: M4567890 (IND row 5), Z7890123 (IND row 8)."
    ) in text
    assert "further linked IND record(s)" not in text
    # Beside three IND records, the comparison column says which record it compares.
    section = next(p for p in map(_words, pdf_pages(path)) if "IND record 3" in p)
    assert "IND record 2 IND record 3 Comparison (IND record 1) Weight" in section
    assert section.count("Comparison (IND record") == 1


@pytest.mark.parametrize(
    ("refs", "said"),
    [
        ([("K1", 9)], "1 further linked IND record, not shown above: K1 (IND row 9)."),
        (
            [("K1", 9), ("", 12)],
            "2 further linked IND records, not shown above: K1 (IND row 9), no case "
            "reference (IND row 12).",
        ),
    ],
)
def test_further_text(refs: list[tuple[str, int]], said: str) -> None:
    ind = make_result().ind[0]
    rest = [replace(ind, case_ref=ref, prov=replace(ind.prov, row=row)) for ref, row in refs]
    assert further_text(rest) == said
