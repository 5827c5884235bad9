"""evidence.pdf as a committee reads it: what each part says and where it sits."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from reconcile.keys import ind_key, prison_key
from reconcile.result import AppliedDecision
from reconcile.write.evidence import write_evidence
from tests.factories import make_result
from tests.pdftext import pdf_pages

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
    body = " ".join(texts[1:])
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


def _with_model(m_source: dict[str, str]):  # -> RunResult
    result = make_result()
    result.links.parameters = {
        **result.links.parameters,
        "model": {
            "prior_weight": -2.4,
            "m_source": m_source,
            "levels": {
                "name": {"exact": {"m": 0.5, "u": 0.5 / 4096}, "different": {"m": 0.01, "u": 0.64}},
                "dob": {"exact": {"m": 0.8, "u": 0.8 / 1024}, "different": {"m": 0.1, "u": 0.1}},
            },
        },
    }
    return result


def _method(path: Path) -> str:
    body = " ".join(_texts(path)[1:])
    return body[body.index("4. How the records were linked") : body.index("5. Charts")]


def test_method_says_which_weights_are_built_in_not_learnt(tmp_path: Path) -> None:
    """A run whose extracts hold too few records of one person takes the share of one
    person's records that agree from built-in values: the pack must not call them learnt."""
    result = _with_model(
        {
            "name": "prior (only 1 expected matches sharing a date of birth)",
            "dob": "EM on 400 pairs sharing a name",
            "prior": "fall-back: 0.8 matches per record",
        }
    )
    write_evidence(result, tmp_path / "few.pdf")
    method = _method(tmp_path / "few.pdf")
    assert (
        "too few records of one person to learn how often one person's records agree for name."
        in method
    )
    assert "name (built-in)" in method and "date of birth (built-in)" not in method
    assert "was -2.4, a built-in assumption" in method
    assert "[...]" not in method  # the method's paragraphs are never cut short

    learnt = _with_model({"name": "EM on 4346 pairs", "dob": "EM on 1819 pairs", "prior": "x"})
    write_evidence(learnt, tmp_path / "learnt.pdf")
    method = _method(tmp_path / "learnt.pdf")
    assert "built-in" not in method and "Not every weight" not in method
    assert "was -2.4." in method


def test_method_says_name_and_date_weights_depend_on_frequency(tmp_path: Path) -> None:
    """The levels table gives a name's weight for one of typical frequency, but the linker
    weighs every agreeing name (not only an exact one) by how common it is: the method says
    so, the table has a caption, and the sections say why their weights may differ."""
    path = tmp_path / "e.pdf"
    write_evidence(_with_model({"name": "EM on 4346 pairs", "dob": "EM on 1819 pairs"}), path)
    method = _method(path)
    assert "An exact name or date of birth counts for less" not in method
    assert "a rare one counts for more, a common one for less" in method
    assert "The weight of each comparison level in this run Field Level Weight in this run" in (
        method
    )
    body = " ".join(_texts(path)[1:])
    start = body.index("8. Evidence for each")
    intro = body[start : body.index("Prison row ", start)]
    assert "may differ from the table of weights there" in intro


def test_prisoner_sections_speak_plainly_and_explain_their_rules(tmp_path: Path) -> None:
    from reconcile.rules import RULES

    result = make_result()
    path = tmp_path / "e.pdf"
    write_evidence(result, path)
    body = " ".join(_texts(path)[1:])
    sections = body[body.index("8. Evidence for each prison row listed in section 6") :]
    # Link status and who decided it in words, not the CSV's codes.
    assert "link status" not in sections and "no_link" not in sections
    assert "decided by linker" not in sections and "decided by the linker" in sections
    assert "prior odds" not in sections and "Starting weight before any field" in sections
    assert "No IND candidate: No " not in sections
    # The sentence with its unit.
    assert re.search(r"Sentence \d+ months", sections)
    # Every rule a "Why" line cites is explained once, before the sections.
    glossary = sections[: sections.index("Prison row ")]
    cited = set(re.findall(r"Rule ([a-z_.]+(?:/[a-z_.]+)?)", sections))
    assert cited
    for rule in cited:
        for code in rule.split("/"):
            assert f"{code} {RULES[code]}" in glossary, code


def test_listings_say_what_their_columns_hold(tmp_path: Path) -> None:
    path = tmp_path / "e.pdf"
    write_evidence(make_result(), path)
    body = " ".join(_texts(path)[1:])
    intro = body[body.index("6. Listings") : body.index("6.1 ")]
    assert "Sentence is the length in months (or Life)." in intro
    assert "Names are shown as they were compared: in capitals, with accents" in intro


def test_contents_on_the_cover_give_each_sections_first_page(tmp_path: Path) -> None:
    path = tmp_path / "e.pdf"
    write_evidence(make_result(), path)
    pages = pdf_pages(path)
    listed = re.findall(r"^ *((\d(?:\.\d)?)\.? [^\n]*?) +(\d+)$", pages[0], re.M)
    keys = [key for _, key, _ in listed]
    assert keys == ["1", "2", "3", "4", "5", "6", "6.1", "6.2", "6.3", "7", "8"]
    for title, _, page in listed:
        start = re.escape(title.split(":")[0])
        first = next(
            n for n, text in enumerate(pages[1:], start=2) if re.search(rf"^ *{start}", text, re.M)
        )
        assert int(page) == first, title
    assert b"/Outlines" in path.read_bytes()  # and bookmarks for reading on screen


def test_outcome_meanings_name_the_policys_deadline(tmp_path: Path) -> None:
    """The outcome table said "considered only after the release date" and the rules glossary
    "only after the deadline", a word it never explained, and under a policy whose deadline
    is 30 days before release the first was wrong. Both now name the policy's deadline."""
    from dataclasses import replace

    from reconcile.model import Outcome
    from reconcile.write.views import outcome_note

    result = make_result()
    assert outcome_note(result, Outcome.CONSIDERED_AFTER_RELEASE) == (
        "in scope; considered only after the release date"
    )
    result.policy = replace(result.policy, deadline_days=30)
    assert outcome_note(result, Outcome.CONSIDERED_AFTER_RELEASE) == (
        "in scope; considered only after 30 days before the release date"
    )
    assert outcome_note(result, Outcome.CONSIDERED_BEFORE_RELEASE) == (
        "in scope; a linked IND record was considered on or before 30 days before the release date"
    )
    path = tmp_path / "e.pdf"
    write_evidence(result, path)
    body = " ".join(_texts(path)[1:])
    glossary = body[body.index("8. Evidence for each") :]
    assert "considered, but only after the deadline (30 days before the release date)" in (glossary)


def test_the_document_properties_date_it_as_the_workbook_is_dated(tmp_path: Path) -> None:
    """The properties a reader sees in File > Properties: created and modified on the run's
    as-of date, as the workbook's are (fixed, so the same run gives the same bytes), not the
    1 January 2000 of reportlab's invariant mode."""
    result = make_result()
    path = tmp_path / "e.pdf"
    write_evidence(result, path)
    stamp = f"(D:{result.as_of:%Y%m%d}000000+00'00')".encode()
    data = path.read_bytes()
    assert b"/CreationDate " + stamp in data
    assert b"/ModDate " + stamp in data
    again = tmp_path / "again.pdf"
    write_evidence(result, again)
    assert again.read_bytes() == data
