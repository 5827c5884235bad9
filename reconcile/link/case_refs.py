"""IND rows that share a case reference: one case file, so one person.

A casework extract may hold one case on several rows: one row per event (the referral on one,
the consideration on another), or a case keyed again with the name spelt another way. The
rows' names and dates of birth may then disagree more than the IND file's own grouping
accepts, and a prisoner linked to one of them would lose the other's referral or
consideration. Rows sharing a case reference are joined as one IND person when their names
and dates of birth allow it (see agrees): a reference typed onto another person's row, or
a reference drawn twice by chance, leaves the rows apart. A reference on more than
``CASE_CAP`` rows is a placeholder, not an identifier, and joins nothing. Each of these is
reported as a data-quality finding.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from reconcile.link.compare import DOB, DOB_YEAR_ONLY, DOB_YEAR_ONLY_OFF, NAME
from reconcile.link.features import IntArray
from reconcile.model import Finding, IndRecord, birth

CASE_CAP = 20  # rows one case reference may join; more is a placeholder
_NAME_SAME = NAME.labels.index("surname or forenames missing, the rest agrees")  # and above
_NAME_SIMILAR = NAME.labels.index("similar spelling")
_NAME_ONE_WORD = NAME.labels.index("one name in common")
# exact ... a placeholder's year one off, and a year of birth given alone the same or one off
_DOB_CLOSE = frozenset({*range(DOB.labels.index("same year")), DOB_YEAR_ONLY, DOB_YEAR_ONLY_OFF})
_DOB_DIFFERENT = DOB.labels.index("different")


@dataclass(frozen=True, slots=True)
class SharedCases:
    """Pairs of rows (earlier row, later row) sharing a case reference."""

    joined: tuple[tuple[int, int], ...]
    apart: tuple[tuple[int, int], ...]  # contradicting each other: not joined
    placeholders: tuple[tuple[int, int], ...]  # (first row, rows) of references over the cap

    @classmethod
    def none(cls) -> SharedCases:
        return cls((), (), ())


def case_pairs(
    case: IntArray, cap: int = CASE_CAP
) -> tuple[IntArray, IntArray, tuple[tuple[int, int], ...]]:
    """Every pair of rows (a, b with a < b) of each case reference on 2 to ``cap`` rows, in
    order of (a, b); and (first row, rows) of each reference on more rows. ``case``: the
    reference's id per row, 0 for none."""
    rows = np.flatnonzero(case != 0)
    order = rows[np.argsort(case[rows], kind="stable")]
    ids = case[order]
    empty = np.zeros(0, dtype=np.int64)
    if len(ids) == 0:
        return empty, empty, ()
    starts = np.flatnonzero(np.r_[True, ids[1:] != ids[:-1]])
    sizes = np.diff(np.r_[starts, len(ids)])
    a_parts, b_parts = [empty], [empty]
    for size in np.unique(sizes[(sizes >= 2) & (sizes <= cap)]).tolist():
        # The groups of this size as a (groups, size) table of rows, ascending along each.
        members = order[starts[sizes == size][:, None] + np.arange(size)]
        i, j = np.triu_indices(size, 1)
        a_parts.append(members[:, i].reshape(-1))
        b_parts.append(members[:, j].reshape(-1))
    code = np.concatenate(a_parts) * np.int64(len(case)) + np.concatenate(b_parts)
    code.sort()
    big = sizes > cap
    over = sorted(zip(order[starts[big]].tolist(), sizes[big].tolist(), strict=True))
    return code // len(case), code % len(case), tuple(over)


def agrees(levels: npt.NDArray[np.int8]) -> npt.NDArray[np.bool_]:
    """Per pair of rows sharing a case reference (compared as ``levels``: name, date of
    birth, ...): whether they may be one person. The same names (in any order, some dropped
    or one part missing) whatever the dates of birth, which a case may correct; a similar
    spelling, or no name on one row, unless the dates of birth are "different"; one name in
    common with the dates of birth close or missing; never names "different"."""
    name, dob = levels[:, 0], levels[:, 1]
    dob_close = np.isin(dob, list(_DOB_CLOSE)) | (dob == DOB.missing)
    same = name <= _NAME_SAME
    similar = ((name <= _NAME_SIMILAR) | (name == NAME.missing)) & (dob != _DOB_DIFFERENT)
    one_word = (name == _NAME_ONE_WORD) & dob_close
    out: npt.NDArray[np.bool_] = same | similar | one_word
    return out


def judge(
    levels: npt.NDArray[np.int8],
    a: IntArray,
    b: IntArray,
    case: IntArray,
    placeholders: tuple[tuple[int, int], ...] = (),
) -> SharedCases:
    """The pairs from case_pairs sorted into joined and apart (see agrees). A reference whose
    rows include two that disagree is on rows of different people: there a row without a
    name is joined to nobody, for whose it is cannot be told. Apart: for each row with a
    disagreeing earlier row, the first such row."""
    ok = agrees(levels)
    bad = np.unique(case[a[~ok]])
    doubtful = np.isin(case[a], bad) & (levels[:, 0] == NAME.missing)
    join = ok & ~doubtful
    apart: dict[int, int] = {}
    for first, later in zip(a[~ok].tolist(), b[~ok].tolist(), strict=True):
        apart.setdefault(later, first)
    return SharedCases(
        tuple(zip(a[join].tolist(), b[join].tolist(), strict=True)),
        tuple(sorted((first, later) for later, first in apart.items())),
        placeholders,
    )


def case_findings(records: Sequence[IndRecord], shared: SharedCases) -> list[Finding]:
    """Data-quality findings for references that could not join their rows."""
    found = []
    for first, later in shared.apart:
        rec, other = records[later], records[first]
        them = ", ".join(x for x in (other.surname, other.forenames, str(birth(other) or "")) if x)
        found.append(
            _finding(
                rec,
                f"has the same case reference ({rec.case_ref}) as {other.prov.ref}, but "
                f"its name and date of birth do not agree with that row's ({them})",
                "not treated as one person: check the case reference in the IND extract",
            )
        )
    for first, rows in shared.placeholders:
        rec = records[first]
        found.append(
            _finding(
                rec,
                f"case reference {rec.case_ref} is on {rows:,} rows",
                "taken as a placeholder, not an identifier: the rows are not joined by it",
            )
        )
    return sorted(found, key=lambda f: f.row)


def _finding(rec: IndRecord, problem: str, consequence: str) -> Finding:
    return Finding(
        file=rec.prov.file,
        sheet=rec.prov.sheet,
        row=rec.prov.row,
        column="",
        field="case_ref",
        raw=rec.case_ref,
        problem=problem,
        consequence=consequence,
    )
