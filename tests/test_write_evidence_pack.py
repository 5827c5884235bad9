"""evidence.pdf as a committee reads it: what each part says and where it sits."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from reconcile.keys import ind_key, prison_key
from reconcile.result import AppliedDecision
from reconcile.write.evidence import write_evidence
from tests.factories import make_result

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) not installed"
)


def _texts(path: Path) -> list[str]:
    """Each page's text in reading order, its whitespace made single spaces."""
    done = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True, timeout=60
    )
    return [" ".join(page.split()) for page in done.stdout.split("\f")[:-1]]


def test_reviewer_decisions_name_the_prison_row_and_ind_record(tmp_path: Path) -> None:
    result = make_result()
    rec, ind = result.prison[1], result.ind[0]
    result.decisions = [
        AppliedDecision(
            "decisions.csv, row 2",
            prison_key(rec),
            ind_key(ind),
            "same person",
            "J. Smith",
            "ok",
            "applied",
        ),
        AppliedDecision(
            "decisions.csv, row 3",
            "P-0000000000000000",
            "I-0000000000000000",
            "same person",
            "B. Stale",
            "",
            "stale: the prison record and the IND record it was made about changed",
        ),
    ]
    path = tmp_path / "e.pdf"
    write_evidence(result, path)
    texts = _texts(path)
    body = " ".join(texts)
    applied = body[body.index("Reviewer decisions applied (1)") : body.index("(stale) (1)")]
    for shown in (
        f"{rec.prov.ref}: {rec.surname}, {rec.forenames}",
        f"{ind.case_ref} ({ind.prov.ref})",
        "same person J. Smith",
    ):
        assert shown in applied, shown
    stale = body[body.index("Reviewer decisions not applied (stale) (1)") :]
    assert "not in these extracts not in these extracts same person B. Stale" in stale
    # They sit with the outcomes (section 2), before the offence table (section 3).
    assert body.index("2. Outcomes") < body.index("Reviewer decisions applied")
    assert body.index("Reviewer decisions not applied") < body.index("3. Not considered")
