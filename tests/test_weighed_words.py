"""The words say what this run weighed: a row without candidates, the match summary, the
model's source for an empty list, the method's note on other prison numbers and the reviewer's
words in each output, when a whole list holds no prison number (or no date of birth, or no
PNC ID or CRO number) and so that field was not weighed."""

from __future__ import annotations

import csv
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from reconcile.cli import app
from reconcile.link import LinkerConfig
from reconcile.link.explain import none_reason
from reconcile.link.linker import link
from reconcile.model import IndRecord, PrisonRecord, Provenance
from reconcile.normalise.police_ids import check_letter
from reconcile.write.evidence_method import _also_known
from tests.factories import write_csv_table

runner = CliRunner()
README = Path(__file__).resolve().parents[1] / "README.md"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _header_cell(book: Any, heading: str) -> tuple[Any, int, int]:
    """The sheet, row and column of the first cell reading ``heading`` in its first rows."""
    for ws in book.worksheets:
        for row in ws.iter_rows(max_row=10):
            for c in row:
                if c.value == heading:
                    return ws, c.row, c.column
    raise AssertionError(f"no cell reads {heading!r}")


# A row with no candidate.


def test_a_row_without_candidates_names_only_the_fields_weighed() -> None:
    assert none_reason(None, []) == (
        "No IND record shares a prison number, date of birth or name with this row"
    )
    assert none_reason(None, [], unweighed=(2,)) == (
        "No IND record shares a date of birth or name with this row"
    )
    assert none_reason(None, [], unweighed=(1,)) == (
        "No IND record shares a prison number or name with this row"
    )
    assert none_reason(None, [], unweighed=(1, 2)) == "No IND record shares a name with this row"


def _prison(idx: int, surname: str, born: date, number: str | None) -> PrisonRecord:
    return PrisonRecord(
        idx=idx, prov=Provenance("prison.csv", "", idx + 2), prison_number=number,
        surname=surname, forenames="ADE", dob=born, nationality="NG", nationality_raw="",
        sentence_months=24.0, sentence_life=False, sentence_raw="24", offence="",
        sentence_start=date(2000, 1, 1), release_date=date(2002, 1, 1), court_recommended=None,
    )  # fmt: skip


def _ind(idx: int, surname: str, born: date) -> IndRecord:
    return IndRecord(
        idx=idx, prov=Provenance("ind.csv", "", idx + 2), case_ref=f"X{idx:07d}",
        surname=surname, forenames="ADE", dob=born, nationality="NG", nationality_raw="",
        prison_number=None, referral_date=date(2001, 6, 1), considered_date=None, decision="",
    )  # fmt: skip


def test_the_linker_says_it_when_the_ind_list_has_no_prison_number() -> None:
    names = ["OKAFOR", "MENSAH", "DIALLO", "BERISHA", "NOWAK", "TRAN", "REID", "YILMAZ"]
    prison = [_prison(k, n, date(1960 + k, 3, 4), f"A{1000 + k}BC") for k, n in enumerate(names)]
    prison.append(_prison(len(names), "ZZYZX", date(1999, 9, 9), "A9999ZZ"))
    ind = [_ind(k, n, date(1960 + k, 3, 4)) for k, n in enumerate(names)]
    result = link(prison, ind, LinkerConfig(), 2006).result
    assert result.parameters["model"]["m_source"]["prison_number"] == (
        "not weighed: the IND list has no prison number"
    )
    alone = result.decisions[len(names)]
    assert alone.best is None
    assert alone.reason == "No IND record shares a date of birth or name with this row"


# The model's source of an empty list.


def test_an_empty_list_is_called_a_list_and_named() -> None:
    prison = [_prison(0, "OKAFOR", date(1970, 1, 2), "A1000BC")]
    for ind, said in (([], "the IND list is empty"),):
        model = link(prison, ind, LinkerConfig(), 2006).result.parameters["model"]
        assert model["m_source"]["all"] == f"prior ({said})"
    both = link([], [], LinkerConfig(), 2006).result.parameters["model"]
    assert both["m_source"]["all"] == "prior (both lists are empty)"
    named = link([], [_ind(0, "OKAFOR", date(1970, 1, 2))], LinkerConfig(), 2006, sides=("a", "b"))
    sources = named.result.parameters["model"]["m_source"]
    assert sources["all"] == "prior (the a list is empty)"
    assert not [s for s in sources.values() if re.search(r"\bfiles?\b", str(s))]


# `reconcile match`'s summary.


def _pnc(k: int) -> str:
    yy, digits = "90", f"{k + 1:07d}"
    return f"{yy}/{digits}{check_letter(yy, digits)}"


def _people(n: int) -> list[list[str]]:
    names = ["OKAFOR", "KOWALSKI", "YILMAZ", "PEREIRA", "MURPHY", "HOXHA", "MENSAH", "TRAN"]
    return [
        [names[k % 8] + ("" if k < 8 else f"{chr(65 + k // 8)}A"), "ADE",
         f"{1 + k % 28:02d}/{1 + k % 12:02d}/{1950 + k}", f"A{1000 + 37 * k}BC"]
        for k in range(n)
    ]  # fmt: skip


def test_match_says_the_pnc_field_weighed_within_one_list_only(tmp_path: Path) -> None:
    people = _people(24)
    head = ["Surname", "Forenames", "Date of birth", "Prison number"]
    left = write_csv_table(
        tmp_path / "left.csv", [*head, "PNC ID"], [[*p, _pnc(k)] for k, p in enumerate(people)]
    )
    right = write_csv_table(tmp_path / "right.csv", head, people[:16])
    out = tmp_path / "links.csv"
    result = runner.invoke(app, ["match", str(left), str(right), "-o", str(out)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    said = "within the first list only (the second list has no PNC ID or CRO number)"
    assert f"  PNC / CRO number: {said}" in lines
    # links.csv says the same of the field across the lists.
    assert {r["police_id_level"] for r in _rows(out)} == {
        "not weighed: the second list has no PNC ID or CRO number"
    }
    # Neither list with PNC IDs: the field is not weighed at all, and said so once.
    plain = write_csv_table(tmp_path / "plain.csv", head, people)
    again = runner.invoke(app, ["match", str(plain), str(right), "-o", str(tmp_path / "b.csv")])
    assert again.exit_code == 0, again.output
    assert "within the first list only" not in again.output
    assert "  PNC / CRO number (not weighed: both lists have no PNC ID or CRO number)" in (
        again.output.splitlines()
    )


# `reconcile run` with the IND extract's prison number column taken out.


@pytest.fixture(scope="module")
def without_numbers(sample: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample run with the IND extract's Prison No column taken out, and three prison
    rows giving another prison number after their own."""
    folder = tmp_path_factory.mktemp("without_numbers")
    book = load_workbook(sample / "ind_extract.xlsx")
    ws, _, col = _header_cell(book, "Prison No")
    ws.delete_cols(col)
    book.save(folder / "ind.xlsx")
    book = load_workbook(sample / "prison_extract.xlsx")
    ws, row, col = _header_cell(book, "NOMS No")
    for r in range(row + 1, row + 4):
        ws.cell(r, col).value = f"{ws.cell(r, col).value} / A{1000 + r}ZZ"
    book.save(folder / "prison.xlsx")
    text = (sample / "audit.toml").read_text(encoding="utf-8")
    assert 'prison_number = "Prison No"\n' in text
    config = folder / "audit.toml"
    config.write_text(text.replace('prison_number = "Prison No"\n', ""), encoding="utf-8")
    out = folder / "out"
    args = [str(folder / "prison.xlsx"), str(folder / "ind.xlsx"), "-c", str(config)]
    result = runner.invoke(app, ["run", *args, "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_rows_without_candidates_do_not_claim_a_prison_number_was_compared(
    without_numbers: Path,
) -> None:
    rows = _rows(without_numbers / "outcomes.csv")
    alone = [r for r in rows if r["link_explanation"].startswith("No IND record")]
    assert alone
    assert {r["link_explanation"] for r in alone} == {
        "No IND record shares a date of birth or name with this row"
    }


def test_other_prison_numbers_are_not_said_to_be_compared(without_numbers: Path) -> None:
    manifest = json.loads((without_numbers / "manifest.json").read_text(encoding="utf-8"))
    linker = manifest["linker"]
    assert linker["aliases_and_other_dates_of_birth"]["prison"]["records"] == 3
    text = _also_known(linker)
    assert "compared under every name and date of birth it gave" in text
    assert "prison number it gave" not in text
    assert text.endswith(
        "The other prison numbers given counted for nothing: prison numbers were not weighed "
        "in this run (the IND list has no prison number)."
    )


def test_other_prison_numbers_weighed_are_said_to_be_compared() -> None:
    parameters = {
        "aliases_and_other_dates_of_birth": {"prison": {"records": 2}, "ind": {"records": 0}},
        "model": {"m_source": {"dob": "EM, 2 session(s)", "prison_number": "EM, 2 session(s)"}},
    }
    text = _also_known(parameters)
    assert "compared under every name, date of birth and prison number it gave" in text
    assert "counted for nothing" not in text


# The reviewer's words in each output, as the README quotes them.


def _pdf_text(path: Path) -> str:
    """The text reportlab set in the PDF, its lines joined by spaces (a wrapped paragraph
    reads as one)."""
    import zlib

    streams = []
    for found in re.finditer(rb"stream\r?\n(.*?)endstream", path.read_bytes(), re.S):
        try:
            streams.append(zlib.decompress(found.group(1).strip()).decode("latin-1"))
        except zlib.error:
            continue
    shown = re.findall(r"\(((?:[^()\\]|\\.)*)\) Tj", "\n".join(streams))
    return " ".join(re.sub(r"\\([()\\])", r"\1", x) for x in shown)


@pytest.fixture(scope="module")
def reviewed(sample: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """The sample run again with a reviewer's two decisions: a never-referred row linked to
    the IND record of a row referred but not considered, and that row's own link ruled out;
    the outputs and the two prison rows."""
    folder = tmp_path_factory.mktemp("reviewed")
    args = [str(sample / "prison_extract.xlsx"), str(sample / "ind_extract.xlsx")]
    args += ["-c", str(sample / "audit.toml")]
    first = runner.invoke(app, ["run", *args, "-o", str(folder / "first")])
    assert first.exit_code == 0, first.output
    rows = _rows(folder / "first" / "outcomes.csv")
    never = next(r for r in rows if r["outcome"] == "never_referred" and not r["ind_key"])
    referred = next(r for r in rows if r["outcome"] == "referred_not_considered" and r["ind_key"])
    decisions = write_csv_table(
        folder / "decisions.csv",
        ["prison_key", "ind_key", "Decision", "Reviewer", "Note"],
        [
            [never["prison_key"], referred["ind_key"], "same person", "J. Smith", "paper file"],
            [referred["prison_key"], referred["ind_key"], "not the same person", "J. Smith", "x"],
        ],
    )
    out = folder / "out"
    again = runner.invoke(app, ["run", *args, "--decisions", str(decisions), "-o", str(out)])
    assert again.exit_code == 0, again.output
    return out, never["source_row"], referred["source_row"]


def test_the_readme_quotes_what_each_output_says_of_a_reviewer(
    reviewed: tuple[Path, str, str],
) -> None:
    out, linked_row, ruled_row = reviewed
    who = "a reviewer (J. Smith: paper file; decisions.csv, row 2)"
    rows = {r["source_row"]: r for r in _rows(out / "outcomes.csv")}
    linked, ruled = rows[linked_row], rows[ruled_row]
    assert f"; linked by {who}" in linked["reason"]
    # The two records were never compared: the explanation is the reviewer's alone.
    assert linked["link_explanation"] == f"decided by {who}"
    case = linked["ind_case_refs"]
    assert ruled["link_explanation"].startswith(f"No link: IND case {case} (row ")
    assert (
        ") was ruled out by a reviewer (J. Smith: x; decisions.csv, row 3), and no other "
        in (ruled["link_explanation"])
    )
    assert ruled["reason"].endswith(
        f"never referred: no IND record linked to this person (a reviewer ruled out {case})."
    )
    book = load_workbook(out / "reconciliation.xlsx", read_only=True)
    cells = {str(c) for row in book["All prison rows"].iter_rows(values_only=True) for c in row}
    assert {linked["reason"], linked["link_explanation"], ruled["link_explanation"]} <= cells
    pdf = _pdf_text(out / "evidence.pdf")
    assert f"; linked by {who}." in pdf
    assert f"; linked, decided by {who}; the linker had not found it a candidate" in pdf
    assert "No IND candidate: linked by a reviewer" not in pdf
    readme = " ".join(README.read_text(encoding="utf-8").split())
    for said in (
        '"[decided by a reviewer (J. Smith: paper file;',
        '"decided by a reviewer (…)" alone',
        '"linked by a reviewer (J. Smith: paper file;',
        '"linked, decided by a reviewer (J. Smith: paper file;',
        '"[ruled out by a reviewer: IND case B1234567 (row 12)]"',
        '"No link: IND case B1234567 (row 12) was ruled out by a reviewer (J. Smith: another man;',
        '"never referred: no IND record linked to this person (a reviewer ruled out B1234567)"',
    ):
        assert said in readme, said
