"""Listing values made a column at a time, and the PDF listing's measuring and wrapping."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from reportlab.pdfbase.pdfmetrics import stringWidth

from reconcile.keys import ind_key, prison_key
from reconcile.model import Cell, LinkStatus
from reconcile.result import RunResult
from reconcile.write.evidence_listing import (
    HEADINGS,
    LEADING,
    PAD,
    WIDTHS,
    ListingBlock,
    listing_values,
    pdf_string,
    text_width,
    width_bound,
    wrap,
)
from reconcile.write.evidence_text import safe
from reconcile.write.prison_rows import KEYS, prison_blocks, prison_columns, prison_row
from reconcile.write.views import (
    court_text,
    link_explanation,
    linked_ind,
    nationality_text,
    sentence_value,
)
from tests.factories import make_large_result, make_result


def _earliest(values: list[date | None]) -> date | None:
    present = [v for v in values if v is not None]
    return min(present) if present else None


def _one_row(result: RunResult, idx: int) -> dict[str, Cell]:
    """The listing's values for one row, field by field (the definition the columns follow)."""
    rec = result.prison[idx]
    cls = result.classifications[idx]
    dec = result.links.decisions[idx]
    inds = linked_ind(result, dec)
    return {
        "source_file": rec.prov.file,
        "source_sheet": rec.prov.sheet,
        "source_row": rec.prov.row,
        "prison_number": rec.prison_number or "",
        "surname": rec.surname,
        "forenames": rec.forenames,
        "name_as_given": rec.name_as_given or "",
        "dob": rec.dob,
        "nationality": nationality_text(rec),
        "sentence": sentence_value(rec),
        "offence": rec.offence,
        "release_date": rec.release_date,
        "court_recommended": court_text(rec.court_recommended),
        "outcome": cls.outcome.value,
        "reason": cls.reason,
        "rule": cls.rule,
        "policy": cls.policy,
        "link_status": dec.status.value,
        "ind_case_refs": "; ".join(i.case_ref for i in inds),
        "ind_source_rows": "; ".join(str(i.prov.row) for i in inds),
        "referral_date": _earliest([i.referral_date for i in inds]),
        "considered_date": _earliest([i.considered_date for i in inds]),
        "match_probability": dec.best.probability if dec.best else None,
        "match_weight": dec.best.weight if dec.best else None,
        "link_explanation": link_explanation(dec, result.ind),
        "prison_key": prison_key(rec),
        "ind_key": ind_key(inds[0]) if inds else "",
    }


@pytest.mark.parametrize("result", [make_result(), make_large_result(60)], ids=["small", "large"])
def test_columns_hold_each_rows_values(result: RunResult) -> None:
    idxs = list(range(len(result.prison)))
    columns = prison_columns(result, idxs)
    assert len(columns) == len(KEYS)
    for n, idx in enumerate(idxs):
        expected = _one_row(result, idx)
        assert {k: col[n] for k, col in zip(KEYS, columns, strict=True)} == expected
        assert prison_row(result, idx) == expected


def test_columns_show_an_ind_person_joined_through_the_prisoner() -> None:
    """A linked row that also took an IND person its file kept apart lists both case
    references and, after the link's evidence, the joined pair's own."""
    result = make_large_result(8)
    idx = next(k for k, d in enumerate(result.links.decisions) if d.status is LinkStatus.LINKED)
    d = result.links.decisions[idx]
    assert d.best is not None
    joined = replace(d.best, ind_idx=7, probability=0.987)
    result.links.decisions[idx] = replace(d, ind_idxs=(idx, 7), also=(joined,))
    row = {k: col[0] for k, col in zip(KEYS, prison_columns(result, [idx]), strict=True)}
    assert row == _one_row(result, idx) == prison_row(result, idx)
    assert row["ind_case_refs"] == f"B{idx:07d}; B0000007"
    evidence = link_explanation(d)
    assert row["link_explanation"] == (
        f"{evidence}; also IND case B0000007 (row 9), kept apart by the IND file: {evidence} "
        "(probability 0.987 on its own)"
    )


def test_blocks_cover_the_rows_in_order() -> None:
    result = make_large_result(4_500)
    idxs = list(range(0, 4_500, 2))
    blocks = list(prison_blocks(result, idxs))
    assert [len(b[0]) for b in blocks] == [2_000, 250]
    assert [row for b in blocks for row in b[2]] == [result.prison[i].prov.row for i in idxs]


CP1252 = "".join(
    ch for ch in map(chr, range(32, 256)) if ch.encode("cp1252", "ignore") and ch != "\x7f"
)


@pytest.mark.parametrize("font", ["Helvetica", "Helvetica-Bold"])
def test_text_width_is_the_fonts(font: str) -> None:
    for text in [CP1252, "SURNAME12345, FORENAME", "", "Œuvre — “quoted” €5"]:
        assert text_width(text, font) == pytest.approx(stringWidth(text, font, 6.5))
        assert width_bound(text, font) >= text_width(text, font)


@given(st.text(alphabet=st.sampled_from(CP1252 + " "), max_size=200), st.floats(20, 200))
def test_wrapped_lines_fit_and_keep_the_text(text: str, width: float) -> None:
    lines = wrap(text, width)
    assert all(text_width(line) <= width or len(line) == 1 for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    if text_width(text) <= width:
        assert lines == [text]


@pytest.mark.parametrize(
    ("text", "out"),
    [
        ("plain text 12/03/2006", "plain text 12/03/2006"),
        ("a (b) c\\d", "a \\(b\\) c\\\\d"),
        ("café", "caf\\351"),
    ],
)
def test_pdf_string(text: str, out: str) -> None:
    assert pdf_string(text) == out


def test_listing_block_splits_between_rows() -> None:
    rows = [[safe(f"{n}")] + ["x"] * (len(HEADINGS) - 1) for n in range(100)]
    rows[5][2] = "A NAME LONG ENOUGH TO WRAP ONTO A SECOND"
    block = ListingBlock.of(rows)
    assert block.cells[5][2] == ["A NAME LONG ENOUGH TO", "WRAP ONTO A SECOND"]
    assert block.heights[5] == 2 * LEADING + PAD and block.heights[0] == LEADING + PAD
    width, _ = block.wrap(sum(WIDTHS), 10_000)
    assert width == pytest.approx(sum(WIDTHS))
    first, rest = block.split(sum(WIDTHS), 200)
    assert first.wrap(0, 0)[1] <= 200 < first.wrap(0, 0)[1] + rest.heights[0]
    assert [r[0][0] for r in first.cells + rest.cells] == [str(n) for n in range(100)]
    assert block.split(sum(WIDTHS), 5) == []  # not even one row: the next page
    assert block.split(sum(WIDTHS), 10_000) == [block]


@pytest.mark.parametrize(
    ("code", "raw", "shown"),
    [
        ("JM", "Jamaican", "JM"),  # recognised: the code
        (None, "N/K", "N/K"),  # not recognised but fits: as written
        (None, "UNK", "UNK"),
        (None, "UNKNOWN", "?"),  # too wide for the column: not broken into letters
        (None, "Not known", "?"),
        (None, "", ""),
    ],
)
def test_the_listing_nationality_fits_its_column(code: str | None, raw: str, shown: str) -> None:
    result = make_result()
    result.prison[0] = replace(result.prison[0], nationality=code, nationality_raw=raw)
    value = listing_values(result, [0])[0][HEADINGS.index("Nat.")]
    assert value == shown
    room = WIDTHS[HEADINGS.index("Nat.")] - 2 * PAD
    assert wrap(value, room) == [value]
