"""What a run cannot see: optional columns an extract lacks that change what the run can say.

A required column that is missing stops the run (reconcile.read.mapping). These columns are
optional, since many extracts do not have them, but without one a reader of the results
should know what rests on less: a note in the summary, the workbook and the evidence pack,
naming the columns the file had that nothing took (often the one wanted, under a name not
recognised).
"""

from __future__ import annotations

from reconcile.model import Role, SourceInfo
from reconcile.read.synonyms import FIELD_LABELS

_EXTRACT = {Role.PRISON: "prison extract", Role.IND: "IND extract"}

# Per extract: the optional column, and what its absence changes.
CONSEQUENCES: dict[Role, dict[str, str]] = {
    Role.PRISON: {
        "court_recommended": (
            "scope rests on nationality and sentence length alone, so a prisoner a court "
            "recommended for deportation on a shorter sentence is counted out of scope"
        ),
        "prison_number": "links rest on names, dates of birth and nationality",
    },
    Role.IND: {
        "prison_number": "links rest on names, dates of birth and nationality",
    },
}


def missing_column_notes(source: SourceInfo) -> list[str]:
    """One note per optional column of CONSEQUENCES that ``source`` has no column for."""
    notes = []
    for field, consequence in CONSEQUENCES[source.role].items():
        if field in source.mapping:
            continue
        unused = ", ".join(repr(c) for c in source.unused_columns)
        hint = (
            f"; if one of the columns not used ({unused}) holds it, map it under "
            f"[columns.{source.role.value}] in the config"
            if unused
            else ""
        )
        notes.append(
            f"The {_EXTRACT[source.role]} ({source.file}) has no {FIELD_LABELS[field]} column: "
            f"{consequence}{hint}."
        )
    return notes
