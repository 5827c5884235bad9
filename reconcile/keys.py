"""Content keys for records: stable across reruns with slightly changed inputs.

A reviewer's decision is keyed on what the records say, not only where they sit, so a
decision survives rows being inserted or re-sorted, and is reported as stale when the
records it was made about have changed or gone.
"""

from __future__ import annotations

import hashlib

from reconcile.model import IndRecord, PrisonRecord


def _digest(*parts: object) -> str:
    text = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16].upper()


def prison_key(rec: PrisonRecord) -> str:
    """Key of a prison row: prison number, names, date of birth, sentence and release dates."""
    return "P-" + _digest(
        rec.prison_number,
        rec.surname,
        rec.forenames,
        rec.dob or rec.birth_year,
        rec.sentence_start,
        rec.release_date,
    )


def ind_key(rec: IndRecord) -> str:
    """Key of an IND record: case reference, names and date of birth."""
    return "I-" + _digest(rec.case_ref, rec.surname, rec.forenames, rec.dob or rec.birth_year)
