"""The check that a name, nationality, offence or identifier column does not hold another
kind of value judges each distinct value once: the same answer, message and examples as
judging every cell."""

from __future__ import annotations

import dataclasses
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from reconcile.model import Role
from reconcile.normalise.readable import first_examples, wrong_column_message
from reconcile.read.coverage import WORD_FIELDS, WORD_MIN_VALUES, not_names_problem
from reconcile.read.extract import Extracted, where
from reconcile.read.layout import column_letter
from reconcile.read.synonyms import FIELD_LABELS

FIELDS = [f for f, *_ in WORD_FIELDS]


def _extracted() -> Extracted:
    fields = {f: i for i, f in enumerate(FIELDS)}
    return Extracted(
        role=Role.PRISON,
        role_reason="",
        sheet="Sheet1",
        sheets=[],
        sheet_choice="",
        header_row=1,
        mapping={f: f.title() for f in FIELDS},
        unused=(),
        row_numbers=[],
        columns={},
        skipped=(),
        missing=[],
        positions=fields,
    )


def _every_cell(ex: Extracted, columns: dict[str, list[object]], limit: float) -> str:
    """The check as first written: every cell judged."""
    if limit >= 1.0:
        return ""
    for field, kind, other, wrong in WORD_FIELDS:
        values = [v for v in columns.get(field, ()) if v is not None and str(v).strip()]
        if len(values) < WORD_MIN_VALUES:
            continue
        bad = [v for v in values if wrong(v)]
        if len(bad) <= limit * len(values):
            continue
        return wrong_column_message(
            f"{where('x.xlsx', ex.sheet)}, column {ex.mapping.get(field, field)!r} (column "
            f"{column_letter(ex.positions[field])}, ",
            FIELD_LABELS.get(field, field),
            f"{len(bad):,} of its {len(values):,} values are {other}, not {kind}",
            first_examples(bad, 3),
            ex.role,
            "as they are",
        )
    return ""


_CELLS = st.one_of(
    st.sampled_from(
        [
            "SMITH",
            "Łukasz",
            "ß",
            "Ömer",
            "½",
            "²",
            "12345",
            "--",
            "?",
            " ",
            "",
            "N/A",
            "李",
            "12/03/2004",
            "2004-03-12",
            "31/31/2004",
            "123456/04K",
            "12/03/2004\n",
            " 1.2.99 ",
        ]
    ),
    st.text(max_size=6),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2030, 1, 1)),
    st.integers(-5, 5),
    st.floats(allow_nan=False, allow_infinity=False, width=16),
    st.none(),
)


@settings(max_examples=150, deadline=None)
@given(
    field=st.sampled_from(FIELDS),
    cells=st.lists(_CELLS, min_size=WORD_MIN_VALUES - 2, max_size=60),
    limit=st.sampled_from([0.0, 0.1, 0.5, 0.9, 1.0]),
)
def test_judging_each_distinct_value_once_says_what_judging_every_cell_says(
    field: str, cells: list[object], limit: float
) -> None:
    ex = _extracted()
    columns = {field: cells}
    assert not_names_problem(ex, "x.xlsx", columns, limit) == _every_cell(ex, columns, limit)


def test_a_surname_column_of_dates_is_refused_with_its_count_and_first_examples() -> None:
    ex = dataclasses.replace(_extracted())
    cells: list[object] = [date(1980, 1, d) for d in range(1, 26)] * 2 + ["SMITH"] * 5
    message = not_names_problem(ex, "x.xlsx", {"surname": cells}, 0.5)
    assert "50 of its 55 values are dates or numbers, not names" in message
    assert "1980-01-01" in message and "1980-01-03" in message
