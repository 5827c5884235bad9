"""The domain types every stage speaks.

Stages hand these small, typed values to each other; writers only render them.
Indexes (``idx``) are positions in the list the record lives in, so stages can
use plain lists and numpy arrays keyed by position.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import TypeVar

# A cell as the readers hand it over: text is stripped, empty cells are None.
Cell = str | int | float | bool | date | datetime | None


class Role(StrEnum):
    """Which agency extract a table or record comes from."""

    PRISON = "prison"
    IND = "ind"


# Canonical fields of each extract, in the order the outputs show them.
PRISON_FIELDS: tuple[str, ...] = (
    "prison_number",
    "surname",
    "forenames",
    "full_name",
    "dob",
    "nationality",
    "sentence",
    "offence",
    "sentence_start",
    "release_date",
    "court_recommended",
    "pnc",
    "cro",
    "resident_since",
)
IND_FIELDS: tuple[str, ...] = (
    "case_ref",
    "surname",
    "forenames",
    "full_name",
    "dob",
    "nationality",
    "prison_number",
    "referral_date",
    "considered_date",
    "decision",
    "pnc",
    "cro",
)


_T = TypeVar("_T")


def rows_by_sheet(
    sheet: str, row_numbers: Sequence[int], parts: tuple[tuple[str, int], ...]
) -> list[tuple[str, Sequence[int]]]:
    """Each sheet and the row numbers of its rows, in order: ``parts`` gives each sheet and
    its number of rows when the rows come from several sheets; else all are on ``sheet``."""
    if not parts:
        return [(sheet, row_numbers)]
    out: list[tuple[str, Sequence[int]]] = []
    start = 0
    for name, n in parts:
        out.append((name, row_numbers[start : start + n]))
        start += n
    return out


def pickled_by_fields(cls: type[_T]) -> type[_T]:
    """Pickle instances of the slotted dataclass ``cls`` as ``cls(*fields)``: a third cheaper
    both ways than the default (a dict of slots per object), for decisions sent back from a
    forked child (measured: 100,000 decisions dumped in 0.67 s against 0.87, loaded in 0.47
    s against 0.73)."""
    names = tuple(f.name for f in fields(cls))  # type: ignore[arg-type]

    def __reduce__(self: _T) -> tuple[type[_T], tuple[object, ...]]:
        return cls, tuple(getattr(self, name) for name in names)

    cls.__reduce__ = __reduce__  # type: ignore[assignment,method-assign]
    return cls


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a row came from: file name, sheet, and the row number as the spreadsheet shows it."""

    file: str
    sheet: str
    row: int
    # The file was read from several sheets as one extract: a row number alone does not say
    # where the row is, so references to the row name its sheet too.
    several: bool = False

    @property
    def ref(self) -> str:
        """The row as other rows' reasons refer to it: 'row 12', or "row 12 of sheet
        'Part 2'" in an extract read from several sheets."""
        return f"row {self.row} of sheet {self.sheet!r}" if self.several else f"row {self.row}"

    def __str__(self) -> str:
        if not self.sheet:  # a CSV file has no sheets
            return f"{self.file}, row {self.row}"
        return f"{self.file}, sheet {self.sheet!r}, row {self.row}"


@dataclass(frozen=True, slots=True)
class Finding:
    """A data-quality finding: a value that could not be read, or a row set aside."""

    file: str
    sheet: str
    row: int  # row number as the spreadsheet shows it (0 = the whole file)
    column: str  # the column header as it appears in the file ("" when not a cell)
    field: str  # canonical field name ("" when not a cell)
    raw: str  # the raw value as text
    problem: str  # what is wrong, in words
    consequence: str = ""  # what the run did about it

    @classmethod
    def of_row(cls, prov: Provenance, raw: str, problem: str, consequence: str) -> Finding:
        """A finding about a whole row, not one cell."""
        return cls(prov.file, prov.sheet, prov.row, "", "", raw, problem, consequence)


@dataclass(frozen=True, slots=True)
class SkippedRow:
    """A row below/above the data that is not a record (totals, notes): reported, not linked."""

    row: int
    text: str
    reason: str


@dataclass(frozen=True, slots=True)
class SourceInfo:
    """One input table as read: what was detected and how."""

    path: Path
    role: Role
    file: str  # the file name shown in outputs
    sheet: str  # sheet name ("" for CSV)
    format: str  # xlsx, xlsm, xls, ods, csv, tsv
    encoding: str | None  # CSV only
    header_row: int  # row number of the header as the spreadsheet shows it
    mapping: dict[str, str]  # canonical field -> header text in the file
    unused_columns: tuple[str, ...]
    sha256: str
    size: int
    rows: int  # data rows read (records), after skipping blank/total/note rows
    skipped: tuple[SkippedRow, ...] = ()
    sheet_choice: str = ""  # why this sheet was chosen, in words
    # Several sheets read as one extract, in order (then ``sheet`` joins their names with
    # " + "); empty when one sheet (or a CSV file) was read.
    sheets: tuple[str, ...] = ()
    skipped_sheets: tuple[str, ...] = ()  # then: the sheet of each skipped row
    sheet_headers: tuple[int, ...] = ()  # then: each sheet's header row, as ``sheets``
    # What reading found that a reader of the results should know (a column holding no
    # value, a column with no header holding values): notes for the summary and outputs.
    notes: tuple[str, ...] = ()

    @property
    def place(self) -> str:
        """The file and its sheet or sheets, as messages name them."""
        if self.sheets:
            return f"{self.file}, sheets " + ", ".join(repr(s) for s in self.sheets)
        return f"{self.file}, sheet {self.sheet!r}" if self.sheet else self.file


@dataclass(slots=True)
class Table:
    """A read table, column-oriented: canonical field -> one cell per data row."""

    source: SourceInfo
    row_numbers: list[int]
    columns: dict[str, list[Cell]]
    # Read from several sheets: each sheet and its number of rows, in order (see
    # SourceInfo.sheets); empty when all rows are on source.sheet.
    parts: tuple[tuple[str, int], ...] = ()

    def row_sheets(self) -> list[tuple[str, Sequence[int]]]:
        """Each sheet and the row numbers of its rows, in order."""
        return rows_by_sheet(self.source.sheet, self.row_numbers, self.parts)

    def __len__(self) -> int:
        return len(self.row_numbers)


@dataclass(frozen=True, slots=True)
class PrisonRecord:
    """One prison-extract row (a custody episode), normalised."""

    idx: int
    prov: Provenance
    prison_number: str | None  # upper-case, spaces removed
    surname: str  # cleaned, upper-case ASCII ("" if missing)
    forenames: str
    dob: date | None
    nationality: str | None  # ISO 3166-1 alpha-2, None when unknown
    nationality_raw: str
    sentence_months: float | None  # None when missing or unreadable (and not life)
    sentence_life: bool  # life or indeterminate
    sentence_raw: str
    offence: str
    sentence_start: date | None
    release_date: date | None
    court_recommended: bool | None
    # Raw text of fields whose value could not be read, field -> raw (for outcomes' reasons).
    unreadable: dict[str, str] = field(default_factory=dict)
    # The year of birth when the extract gives only the year (dob is then None).
    birth_year: int | None = None
    # The person's PNC ID and CRO number, canonical (reconcile.normalise.police_ids).
    pnc: str | None = None
    cro: str | None = None
    # Other names the row's name cells give after an alias marker ("SMITH (aka JONES)"), each
    # (surname, forenames) cleaned as the row's own: compared as well as the name.
    aliases: tuple[tuple[str, str], ...] = ()
    # The other dates of birth the row's cell gives after the first ("12/03/1980; 01/01/1981"):
    # compared as well as dob.
    other_births: tuple[date, ...] = ()
    # The other prison numbers the row's cell gives after the first ("A1234CD / FF8282"): the
    # person's other custody episodes, compared as well as prison_number.
    other_numbers: tuple[str, ...] = ()
    # The name as the extract gives it ("YILMAZ, Ömer", a one-cell "TALEB, Mohammad Omar",
    # "Иванов, Иван"), where it differs from surname and forenames (the form compared) other
    # than by letter case and surrounding spaces; None when it does not (most rows), so that
    # a million rows keep no second copy of their names (reconcile.normalise.fields).
    name_as_given: str | None = None
    # The day UK residence began, from an optional column (reconcile.rules.s7: the
    # Immigration Act 1971 s.7 exemption); None when the extract does not give it.
    resident_since: date | None = None


@dataclass(frozen=True, slots=True)
class IndRecord:
    """One immigration casework record, normalised."""

    idx: int
    prov: Provenance
    case_ref: str
    surname: str
    forenames: str
    dob: date | None
    nationality: str | None
    nationality_raw: str
    prison_number: str | None
    referral_date: date | None
    considered_date: date | None
    decision: str
    unreadable: dict[str, str] = field(default_factory=dict)
    birth_year: int | None = None  # as PrisonRecord's
    pnc: str | None = None  # as PrisonRecord's
    cro: str | None = None
    aliases: tuple[tuple[str, str], ...] = ()  # as PrisonRecord's
    other_births: tuple[date, ...] = ()  # as PrisonRecord's
    other_numbers: tuple[str, ...] = ()  # as PrisonRecord's
    name_as_given: str | None = None  # as PrisonRecord's


def birth(record: PrisonRecord | IndRecord) -> date | str | None:
    """A record's date of birth as the outputs show it: the date; the year given alone as
    "1975 (year only)"; or None."""
    if record.dob is not None:
        return record.dob
    if record.birth_year is not None:
        return f"{record.birth_year} (year only)"
    return None


class LinkStatus(StrEnum):
    LINKED = "linked"
    REVIEW = "needs_review"
    NONE = "no_link"


# The evidence a pair decided in the linker's second round also carries: whether the IND
# person is already linked to another prisoner (reconcile.link.claims).
OTHER_PRISONERS_FIELD = "other_prisoners"


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class FieldComparison:
    """One field's comparison level for a pair and the weight it contributed (log2 Bayes factor)."""

    field: str  # "name", "dob", "prison_number", "nationality"
    level: str  # the level's label, e.g. "transliteration variant"
    weight: float

    def describe(self) -> str:
        return f"{self.field}: {self.level} ({self.weight:+.1f})"


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class PairScore:
    """A scored candidate pair: prison record x IND record."""

    prison_idx: int
    ind_idx: int
    weight: float  # total match weight (log2), prior included
    probability: float
    fields: tuple[FieldComparison, ...]

    def explain(self) -> str:
        return ", ".join(f.describe() for f in self.fields)


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class LinkDecision:
    """What the linker decided for one prison row."""

    prison_idx: int
    status: LinkStatus
    ind_idxs: tuple[int, ...]  # IND records linked (one person's), best first; empty unless LINKED
    best: PairScore | None  # best candidate (also for review / weak no-link)
    runner_up: PairScore | None  # best candidate belonging to a different person, if close
    reason: str  # in words
    candidates: tuple[PairScore, ...] = ()  # for review: the candidates side by side
    decided_by: str = "linker"  # "linker" or "reviewer: <name>"
    # IND people also linked though the IND file kept them apart from the first
    # (reconcile.link.split_records): the pair that joined each, with its own probability.
    also: tuple[PairScore, ...] = ()
    # The other prison row (its idx) whose link this row follows: a row the linker could not
    # link on its own, linked through another custody episode that may be the same person
    # (reconcile.link.linker._through_other_episodes). None for a row linked on its own.
    through: int | None = None
    # The IND records a reviewer ruled out for this row ("not the same person"), by idx.
    ruled_out: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class LinkOverrides:
    """Reviewers' decisions the linker must honour: pairs of (prison idx, IND idx)."""

    same: frozenset[tuple[int, int]] = frozenset()  # force the link
    not_same: frozenset[tuple[int, int]] = frozenset()  # forbid the link
    reviewer: dict[tuple[int, int], str] = field(default_factory=dict)  # pair -> "name: note"


@dataclass(slots=True)
class LinkResult:
    decisions: list[LinkDecision]  # one per prison record, in prison idx order
    prison_person: list[int]  # person id per prison row (rows of one person share it)
    ind_person: list[int]  # person id per IND record
    candidate_pairs: int
    parameters: dict[str, object]  # learnt m/u, thresholds, etc. for the manifest
    findings: list[Finding] = field(default_factory=list)  # e.g. duplicates within a file


class Outcome(StrEnum):
    CONSIDERED_BEFORE_RELEASE = "considered_before_release"
    CONSIDERED_AFTER_RELEASE = "considered_after_release"
    REFERRED_NOT_CONSIDERED = "referred_not_considered"
    NEVER_REFERRED = "never_referred"
    NEEDS_REVIEW = "needs_review"
    INSUFFICIENT_DATA = "insufficient_data"
    NOT_RELEASED = "not_released"
    OUT_OF_SCOPE = "out_of_scope"


# The in-scope outcomes that mean the prisoner was not considered before release.
FAILURE_OUTCOMES: tuple[Outcome, ...] = (
    Outcome.NEVER_REFERRED,
    Outcome.REFERRED_NOT_CONSIDERED,
    Outcome.CONSIDERED_AFTER_RELEASE,
)

OUTCOME_LABELS: dict[Outcome, str] = {
    Outcome.CONSIDERED_BEFORE_RELEASE: "Considered before release",
    Outcome.CONSIDERED_AFTER_RELEASE: "Considered after release",
    Outcome.REFERRED_NOT_CONSIDERED: "Referred, not considered",
    Outcome.NEVER_REFERRED: "Never referred",
    Outcome.NEEDS_REVIEW: "Needs review",
    Outcome.INSUFFICIENT_DATA: "Insufficient data",
    Outcome.NOT_RELEASED: "Not released",
    Outcome.OUT_OF_SCOPE: "Out of scope",
}


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Classification:
    """The outcome for one prison row, with the rule that put it there."""

    prison_idx: int
    outcome: Outcome
    reason: str  # in words a committee can read
    rule: str  # identifier of the rule that fired, e.g. "scope.non_eea_12_months"
    policy: str  # "name version"
    in_scope: bool | None  # None when scope could not be decided
