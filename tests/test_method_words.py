"""The linking method's words say what the run weighed: a field no pair across the lists can
agree on (a whole list holds none of it; PNC IDs in one list and CRO numbers in the other)
is not said to find candidates or to link, in the evidence pack's method section, the model's
sources or links.csv, and the words name the lists as training.lacking does."""

from __future__ import annotations

import csv
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from reconcile.cli import app
from reconcile.link.compare import FIELDS, POLICE
from tests.test_police_ids import cro, pnc
from tests.test_sources_missing import _linked, _model, _person, lists

POLICE_AT = FIELDS.index(POLICE)
runner = CliRunner()


def _write(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def _method_text(tmp_path: Path, ind_number: bool, ind_pnc: bool) -> str:
    """The method section's words for a run over small lists, the IND list with or without a
    prison number column and a PNC column (the prison list has both)."""
    from reconcile.app import build_settings
    from reconcile.pipeline import run
    from reconcile.write.evidence_method import method_section

    people = [_person(k) for k in range(12)]
    prison = [["Prison No", "Surname", "Forename", "DOB", "Nationality", "Sentence",
               "Release date", "PNC"]]  # fmt: skip
    ind = [["Surname", "Forename", "DOB", "Nationality", "Referral date", "Date considered",
            "Prison No", "PNC"]]  # fmt: skip
    for k, w in enumerate(people):
        born, police = w["dob"].strftime("%d/%m/%Y"), pnc(1990, k + 1)
        out = w["release"].strftime("%d/%m/%Y")
        prison.append([w["number"], w["surname"], w["forenames"], born, "Nigerian", "24", out,
                       police])  # fmt: skip
        ind.append([w["surname"], w["forenames"], born, "Nigerian", "01/01/1998", "",
                    w["number"], police])  # fmt: skip
    keep = [c for c, on in ((6, ind_number), (7, ind_pnc)) if not on]
    ind = [[v for c, v in enumerate(r) if c not in keep] for r in ind]
    tag = f"{int(ind_number)}{int(ind_pnc)}"
    settings = build_settings(
        _write(tmp_path / f"prison{tag}.csv", prison),
        _write(tmp_path / f"ind{tag}.csv", ind),
        outdir=tmp_path / f"out{tag}",
        force=True,
    )
    flowables = method_section(run(settings), "4.")
    return " ".join(str(getattr(f, "text", "")) for f in flowables).split("Field")[0]


@pytest.mark.parametrize("ind_pnc", [True, False])
@pytest.mark.parametrize("ind_number", [True, False])
def test_the_method_names_only_the_identifiers_weighed(
    tmp_path: Path, ind_number: bool, ind_pnc: bool
) -> None:
    text = _method_text(tmp_path, ind_number, ind_pnc)
    ids = [w for w, on in (("its prison number", ind_number), ("its PNC ID or CRO number", ind_pnc))
           if on]  # fmt: skip
    keys = ", ".join(ids) + ", or " if ids else ""
    assert f"those sharing {keys}a word of its name with part of its date of birth," in text
    agree = [w for w, on in (("the prison numbers", ind_number),
                             ("the PNC IDs or CRO numbers", ind_pnc)) if on]  # fmt: skip
    rule = "the names agree at least as a similar spelling"
    if agree:
        assert f"{rule}, or {' or '.join(agree)} agree;" in text
    else:
        assert f"{rule};" in text
    assert ("prison number" in text) == ind_number, text
    # The PNC IDs of the prison list alone join its rows, not rows across the lists.
    assert ("its PNC ID" in text) == ind_pnc
    if not ind_pnc:
        assert (
            "No prison row and IND record could be compared on a PNC ID or CRO number (the IND "
            "list has no PNC ID or CRO number)" in text
        )
    said = "A field of which a whole list holds no value"
    assert (said in text) == (not ind_number)  # the PNC IDs weigh within the prison list


def test_without_a_date_of_birth_the_method_says_names_find_candidates() -> None:
    from reconcile.write.evidence_method import linking_words

    prison, ind = lists()
    ind = [replace(r, dob=None) for r in ind]
    words = linking_words(_linked(prison, ind).result.parameters)
    assert words.sharing == (
        "its prison number, or two words of its name, or a word of its name and an initial"
    )
    assert "date of birth" not in words.frequency and words.typical == "a name"
    both = linking_words(_linked(*lists()).result.parameters)
    assert both.sharing == "its prison number, or a word of its name with part of its date of birth"
    assert both.typical == "a name or date" and both.agreeing == ", or the prison numbers agree"


def _police(prison_kind: str | None, ind_kind: str | None) -> tuple[list[Any], list[Any]]:
    """lists(), each list's people given their PNC ID or CRO number (``None``: neither)."""
    prison, ind = lists()

    def given(r: Any, kind: str | None, k: int) -> Any:
        if kind is None:
            return r
        return replace(r, **{kind: pnc(1990, k + 1) if kind == "pnc" else cro(k + 1, 1990)})

    return (
        [given(r, prison_kind, k) for k, r in enumerate(prison)],
        [given(r, ind_kind, k) for k, r in enumerate(ind)],
    )


@pytest.mark.parametrize(
    ("kinds", "sides", "said"),
    [
        (
            ("pnc", None),
            ("prison", "IND"),
            "within the prison list only (the IND list has no PNC ID or CRO number): prior m, "
            "u from random pairs of its rows",
        ),
        (
            (None, "cro"),
            ("first", "second"),
            "within the second list only (the first list has no PNC ID or CRO number): prior "
            "m, u from random pairs of its rows",
        ),
        (
            ("pnc", "cro"),
            ("prison", "IND"),
            "within each list only (the prison list has PNC IDs only and the IND list CRO "
            "numbers only): prior m, u from random pairs of each list's rows",
        ),
        (
            ("cro", "pnc"),
            ("first", "second"),
            "within each list only (the first list has CRO numbers only and the second list "
            "PNC IDs only): prior m, u from random pairs of each list's rows",
        ),
    ],
)
def test_police_numbers_no_pair_across_the_lists_can_compare_are_said_so(
    kinds: tuple[str | None, str | None], sides: tuple[str, str], said: str
) -> None:
    """The source names the lists as lacking does ("list", the caller's names for them); a
    PNC ID is never compared with a CRO number (compare.police_levels), so PNC IDs in one list
    and CRO numbers in the other weigh nothing across the lists and say so."""
    from reconcile.link.training import across_lists

    prison, ind = _police(*kinds)
    linked = _linked(prison, ind, sides=sides)
    source = _model(linked)["m_source"]["police_id"]
    assert source == said
    why = said.split(" (", 1)[1].split("): ", 1)[0]
    assert across_lists(source) == f"not weighed: {why}"
    # No pair across the lists compared on them: each weighs 0 there and is not shown.
    scored = linked.scored
    assert (scored.levels[:, POLICE_AT] == POLICE.missing).all()
    assert all(scored.scores.field_weights(k)[POLICE_AT] == 0 for k in range(len(scored.prison)))
    assert POLICE_AT in scored.unweighed


def test_pnc_ids_in_one_list_and_cro_numbers_in_the_other_still_join_a_lists_rows() -> None:
    """Two custody episodes under two prison numbers with a birth date keyed a digit out are
    not surely one person on their own; their shared PNC ID makes them so, though the IND
    list holds CRO numbers only (as test_police_ids has it for an IND list holding none)."""
    from datetime import date

    from reconcile.link import LinkerConfig, link_records
    from tests.test_link_decisions import build

    prison, ind = build(
        [
            ("BALOGUN", "OLUMIDE", date(1969, 8, 12), "AB1234"),
            ("BALOGUN", "OLUMIDE", date(1969, 8, 13), "CD5678"),
        ],
        [],
    )
    prison = [replace(r, pnc=pnc(1990, 100 + r.idx)) for r in prison]
    ind = [replace(r, cro=cro(100 + r.idx, 1990)) for r in ind]
    apart = link_records(prison, ind, LinkerConfig(), seed=2006)
    assert apart.prison_person[0] != apart.prison_person[1]
    prison[1] = replace(prison[1], pnc=prison[0].pnc)
    joined = link_records(prison, ind, LinkerConfig(), seed=2006)
    assert joined.prison_person[0] == joined.prison_person[1]
    model: Any = joined.parameters["model"]
    assert model["m_source"]["police_id"].startswith("within each list")
    assert "PNC" not in joined.decisions[2].reason  # not weighed across the lists


def test_match_says_why_the_numbers_of_one_list_are_not_weighed(tmp_path: Path) -> None:
    """links.csv's police_id_level gives why, as the other fields not weighed do, and the
    explanation leaves the field out."""
    people = [_person(k) for k in range(20)]
    head = ["Surname", "Forenames", "Date of birth", "Prison number"]
    rows = [[w["surname"], w["forenames"], w["dob"].strftime("%d/%m/%Y"), w["number"]]
            for w in people]  # fmt: skip
    left = _write(tmp_path / "left.csv", [[*head, "PNC"]] + [
        [*r, pnc(1990, k + 1)] for k, r in enumerate(rows)])  # fmt: skip
    right = _write(tmp_path / "right.csv", [head, *rows])
    out = tmp_path / "links.csv"
    result = runner.invoke(app, ["match", str(left), str(right), "-o", str(out)])
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8", newline="") as handle:
        links = list(csv.DictReader(handle))
    assert len(links) == 20
    said = "not weighed: the second list has no PNC ID or CRO number"
    assert {r["police_id_level"] for r in links} == {said}
    assert all("PNC" not in r["explanation"] for r in links)
