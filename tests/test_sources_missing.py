"""A field of which one whole list holds no value (an IND extract without a prison number
column, a list without nationality, referral or release dates, dates of birth or names):
every pair across the lists is missing there, so nothing can be learnt of it. Its m_source
says so plainly, the same words wherever sources are shown, its m and u are equal at every
level (a weight of 0 in every pair), and it is left out of the explanations. Lists that both
hold every field are linked exactly as before."""

from __future__ import annotations

import csv
import math
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from reconcile.cli import app
from reconcile.link import LinkerConfig, training
from reconcile.link import linker as linker_module
from reconcile.link.explain import FIELD_WORDS
from reconcile.link.linker import Linked, link
from reconcile.model import IndRecord, LinkStatus, PrisonRecord, Provenance
from reconcile.normalise.police_ids import check_letter
from tests.factories import write_csv_table

SURNAMES = [
    "OKAFOR", "KOWALSKI", "YILMAZ", "PEREIRA", "MURPHY", "HOXHA", "MENSAH", "TRAN", "AHMADI",
    "CAMPBELL", "DIALLO", "POPESCU", "NOWAK", "OZTURK", "BERISHA", "REID",
]  # fmt: skip
FORENAMES = [
    "CHINEDU", "PIOTR", "MURAT", "PAULO", "DECLAN", "ARBEN", "KWAME", "TUAN", "REZA",
    "MARLON", "MAMADOU", "MIHAI", "TOMASZ", "EMRE", "ILIR", "WINSTON",
]  # fmt: skip
NATIONS = ["NG", "PL", "TR", "JM", "AL", "VN"]
LETTERS = "ACDEFGHJKLMNPQRTVWXYZ"
PEOPLE = 48  # in both lists; a few more in each alone


def _number(k: int) -> str:
    return f"A{1000 + 37 * k}{LETTERS[k % 21]}{LETTERS[(3 * k) % 21]}"


def _person(k: int) -> dict[str, Any]:
    release = date(1999, 3, 1) + timedelta(days=41 * k)
    return {
        "surname": SURNAMES[k % 16] + ("" if k < 16 else f"{chr(65 + k // 16)}A"),
        "forenames": FORENAMES[(7 * k) % 16],
        "dob": date(1960, 1, 3) + timedelta(days=97 * k),
        "number": _number(k),
        "nat": NATIONS[k % len(NATIONS)],
        "release": release,
        "start": release - timedelta(days=400),
        "referral": release - timedelta(days=100),
    }


def _prison(idx: int, who: dict[str, Any]) -> PrisonRecord:
    return PrisonRecord(
        idx=idx, prov=Provenance("prison.csv", "", idx + 2), prison_number=who["number"],
        surname=who["surname"], forenames=who["forenames"], dob=who["dob"],
        nationality=who["nat"], nationality_raw="", sentence_months=24.0, sentence_life=False,
        sentence_raw="24", offence="", sentence_start=who["start"], release_date=who["release"],
        court_recommended=None,
    )  # fmt: skip


def _ind(idx: int, who: dict[str, Any]) -> IndRecord:
    return IndRecord(
        idx=idx, prov=Provenance("ind.csv", "", idx + 2), case_ref=f"X{idx:07d}",
        surname=who["surname"], forenames=who["forenames"], dob=who["dob"],
        nationality=who["nat"], nationality_raw="", prison_number=who["number"],
        referral_date=who["referral"], considered_date=None, decision="",
    )  # fmt: skip


def lists() -> tuple[list[PrisonRecord], list[IndRecord]]:
    """PEOPLE people in both lists, every field given on both sides; 4 more in each alone."""
    prison = [_prison(k, _person(k)) for k in range(PEOPLE)]
    prison += [_prison(PEOPLE + k, _person(100 + k)) for k in range(4)]
    ind = [_ind(k, _person(k)) for k in range(PEOPLE)]
    ind += [_ind(PEOPLE + k, _person(200 + k)) for k in range(4)]
    return prison, ind


# Per field: its record attribute on each side emptied, and how a list lacking it is said.
LACKING: dict[str, tuple[dict[str, Any], dict[str, Any], tuple[str, str]]] = {
    "prison_number": ({"prison_number": None}, {"prison_number": None}, ("prison number",) * 2),
    "nationality": ({"nationality": None}, {"nationality": None}, ("nationality",) * 2),
    "referral": (
        {"release_date": None, "sentence_start": None},
        {"referral_date": None},
        ("release date", "referral date"),
    ),
    "dob": ({"dob": None}, {"dob": None}, ("date of birth",) * 2),
    "name": ({"surname": "", "forenames": ""}, {"surname": "", "forenames": ""}, ("name",) * 2),
}


def _linked(prison: list[PrisonRecord], ind: list[IndRecord], **kw: Any) -> Linked:
    return link(prison, ind, LinkerConfig(), 2006, **kw)


def _model(linked: Linked) -> dict[str, Any]:
    model = linked.result.parameters["model"]
    assert isinstance(model, dict)
    return model


def _assert_weighs_nothing(model: dict[str, Any], field: str) -> None:
    for label, mu in model["levels"][field].items():
        assert mu["m"] == pytest.approx(mu["u"], rel=1e-5), (field, label, mu)
        assert math.log2(mu["m"] / mu["u"]) == pytest.approx(0.0, abs=1e-4)


@pytest.mark.parametrize("field", list(LACKING))
@pytest.mark.parametrize("side", ["prison", "IND"])
def test_a_field_one_whole_list_lacks_is_not_weighed_and_says_so(field: str, side: str) -> None:
    prison, ind = lists()
    on_prison, on_ind, nouns = LACKING[field]
    if side == "prison":
        prison = [replace(r, **on_prison) for r in prison]
    else:
        ind = [replace(r, **on_ind) for r in ind]
    linked = _linked(prison, ind)
    model = _model(linked)
    noun = nouns[0] if side == "prison" else nouns[1]
    assert model["m_source"][field] == f"not weighed: the {side} list has no {noun}"
    _assert_weighs_nothing(model, field)
    # Every other field is learnt as ever (nothing else said to be not weighed for want of it).
    others = {k: v for k, v in model["m_source"].items() if k not in (field, "police_id")}
    assert not any(str(v).startswith("not weighed") for v in others.values()), others
    # Left out of every explanation, and of the pairs' shown levels.
    words = FIELD_WORDS[field]
    for d in linked.result.decisions:
        if d.best is not None:
            assert words not in {f.field for f in d.best.fields}, d.reason
    field_at = [spec.name for spec in training.FIELDS].index(field)
    assert field_at in linked.scored.unweighed
    if field != "name":  # names and the other identifiers still link most people
        linked_rows = sum(d.status == LinkStatus.LINKED for d in linked.result.decisions)
        assert linked_rows >= PEOPLE * 3 // 4


def test_a_field_both_lists_lack_is_said_of_both() -> None:
    prison, ind = lists()
    prison = [replace(r, nationality=None) for r in prison]
    ind = [replace(r, nationality=None) for r in ind]
    model = _model(_linked(prison, ind))
    assert model["m_source"]["nationality"] == "not weighed: both lists have no nationality"
    assert "nationality u" not in model["m_source"]
    _assert_weighs_nothing(model, "nationality")


def test_pnc_and_cro_numbers_neither_list_holds_weigh_nothing() -> None:
    """The lists above hold no PNC ID or CRO number at all: the field was said not weighed
    but kept EM's prior m against the u of no pair (+1.4 for "same")."""
    linked = _linked(*lists())
    model = _model(linked)
    assert model["m_source"]["police_id"] == (
        "not weighed: both lists have no PNC ID or CRO number"
    )
    _assert_weighs_nothing(model, "police_id")
    assert [spec.name for spec in training.FIELDS].index("police_id") in linked.scored.unweighed


def test_the_referral_switched_off_still_says_so() -> None:
    prison, ind = lists()
    ind = [replace(r, referral_date=None) for r in ind]
    linked = link(prison, ind, LinkerConfig(referral_timing=False), 2006)
    assert _model(linked)["m_source"]["referral"] == (
        "not weighed ([linker] referral_timing = false)"
    )


def _pnc(k: int) -> str:
    yy, digits = "90", f"{k + 1:07d}"
    return f"{yy}/{digits}{check_letter(yy, digits)}"


def test_lists_holding_every_field_are_linked_as_before(monkeypatch: pytest.MonkeyPatch) -> None:
    """With every field on both sides (PNC IDs too) nothing is lacking, and the result is the
    one the linker gives with the lacking-field rule taken out altogether."""
    prison, ind = lists()
    prison = [replace(r, pnc=_pnc(r.idx)) for r in prison]
    ind = [replace(r, pnc=_pnc(r.idx)) if r.idx % 2 else r for r in ind]
    sources = _sources(prison, ind)
    assert all(s.startswith("EM") for k, s in sources.items() if k in [*LACKING, "police_id"])
    now = _linked(prison, ind).result
    monkeypatch.setattr(training, "unweighed_fields", lambda *a, **k: {})
    monkeypatch.setattr(linker_module, "unweighed_fields", lambda *a, **k: {})
    before = _linked(prison, ind).result
    assert now.decisions == before.decisions
    assert now.parameters == before.parameters
    assert (now.prison_person, now.ind_person) == (before.prison_person, before.ind_person)


def _sources(prison: list[PrisonRecord], ind: list[IndRecord]) -> dict[str, str]:
    return dict(_model(_linked(prison, ind))["m_source"])


def test_the_lists_are_named_as_the_caller_names_them() -> None:
    prison, ind = lists()
    ind = [replace(r, prison_number=None) for r in ind]
    model = _model(_linked(prison, ind, sides=("first", "second")))
    assert model["m_source"]["prison_number"] == "not weighed: the second list has no prison number"


# Through the command line.

runner = CliRunner()


def test_match_says_which_list_lacks_a_field_in_the_links_and_the_summary(
    tmp_path: Path,
) -> None:
    people = [_person(k) for k in range(30)]
    left = write_csv_table(
        tmp_path / "people.csv",
        ["Surname", "Forenames", "Date of birth", "Prison number", "Nationality"],
        [[w["surname"], w["forenames"], w["dob"].strftime("%d/%m/%Y"), w["number"], "Nigeria"]
         for w in people],
    )  # fmt: skip
    right = write_csv_table(
        tmp_path / "names.csv",
        ["Surname", "Forenames", "Date of birth", "Nationality"],
        [[w["surname"], w["forenames"], w["dob"].strftime("%d/%m/%Y"), "Nigeria"]
         for w in people[:20]],
    )  # fmt: skip
    out = tmp_path / "links.csv"
    result = runner.invoke(app, ["match", str(left), str(right), "-o", str(out)])
    assert result.exit_code == 0, result.output
    said = "not weighed: the second list has no prison number"
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 20
    assert {r["prison_number_level"] for r in rows} == {said}
    assert all("prison number" not in r["explanation"] for r in rows)
    assert f"  prison number ({said})" in result.output.splitlines()
    # Both lists with their numbers: nothing said of them.
    again = runner.invoke(app, ["match", str(left), str(left), "-o", str(tmp_path / "self.csv")])
    assert again.exit_code == 0, again.output
    assert "prison number (not weighed" not in again.output


def test_run_shows_the_same_words_in_the_manifest_workbook_and_evidence(
    sample: Path, tmp_path: Path
) -> None:
    """`reconcile run` with the IND extract's prison number column taken out: the manifest,
    the workbook's settings sheet and the evidence PDF's method section say the same."""
    import json

    from openpyxl import load_workbook

    from reconcile.write.evidence_method import not_weighed

    book = load_workbook(sample / "ind_extract.xlsx")
    sheet = book.worksheets[0]
    for ws in book.worksheets:
        if any(c.value == "Prison No" for row in ws.iter_rows(max_row=10) for c in row):
            sheet = ws
    header = next(
        row for row in sheet.iter_rows(max_row=10) if any(c.value == "Prison No" for c in row)
    )
    sheet.delete_cols(next(c.column for c in header if c.value == "Prison No"))
    ind = tmp_path / "ind.xlsx"
    book.save(ind)
    config = tmp_path / "audit.toml"
    text = (sample / "audit.toml").read_text(encoding="utf-8")
    assert 'prison_number = "Prison No"\n' in text
    config.write_text(text.replace('prison_number = "Prison No"\n', ""), encoding="utf-8")
    out = tmp_path / "out"
    args = ["run", str(sample / "prison_extract.xlsx"), str(ind), "-c", str(config), "-o"]
    result = runner.invoke(app, [*args, str(out)])
    assert result.exit_code == 0, result.output
    said = "not weighed: the IND list has no prison number"
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    model = manifest["linker"]["model"]
    assert model["m_source"]["prison_number"] == said
    _assert_weighs_nothing(model, "prison_number")
    settings = load_workbook(out / "reconciliation.xlsx", read_only=True)
    cells = {
        str(c)
        for ws in settings.worksheets
        for row in ws.iter_rows(values_only=True)
        for c in row
        if c is not None
    }
    assert said in cells
    assert ("prison number", said) in not_weighed(manifest["linker"])
    assert f"({said})" in _pdf_text(out / "evidence.pdf")


def _pdf_text(path: Path) -> str:
    """The text-showing content of a PDF reportlab wrote: its streams, inflated."""
    import re
    import zlib

    parts = []
    for found in re.finditer(rb"stream\r?\n(.*?)endstream", path.read_bytes(), re.S):
        try:
            parts.append(zlib.decompress(found.group(1).strip()).decode("latin-1"))
        except zlib.error:
            continue
    return "\n".join(parts)
