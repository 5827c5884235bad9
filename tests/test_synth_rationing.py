"""The rationing rule that keeps every true pair of sample records decidable."""

from __future__ import annotations

import csv
import random
import re
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reconcile.synth import dates, scenario_for
from reconcile.synth.mess import WEAK_DOB, Corruption, kinds_for, pair_ok, plan_corruptions
from reconcile.synth.people import Case, Episode, Person
from reconcile.synth.population import build_population
from reconcile.synth.variants import NAME_CORRUPTIONS, applicable, corrupt_name, respell

ROOT = Path(__file__).resolve().parent.parent
NUMBER = "A1234BC"


def _pair(numbered: bool, dob: date = date(1975, 3, 11), surname: str = "Campbell") -> Person:
    """One prison row and one IND record of one person; the IND record carries the number
    only when ``numbered``."""
    return Person(
        pid=1,
        kind="cbr",
        episodes=[Episode(date(2003, 5, 1), number=NUMBER)],
        cases=[Case(date(2003, 1, 1), None, prison_number=NUMBER if numbered else None)],
        origin="caribbean",
        surname=surname,
        forenames="Dwayne",
        dob=dob,
    )


PRISON, IND = ("P", 0), ("I", 0)


@pytest.mark.parametrize(
    ("numbered", "chosen", "ok"),
    [
        (False, [Corruption(PRISON, "dob", "swap")], True),
        (False, [Corruption(IND, "dob", "digit")], False),
        (False, [Corruption(PRISON, "dob", "jan1")], False),
        (False, [Corruption(IND, "dob", "missing")], False),
        (True, [Corruption(IND, "dob", "digit")], True),
        (True, [Corruption(PRISON, "dob", "jan1")], True),
        (True, [Corruption(IND, "dob", "missing")], True),
        # a mistyped number no longer carries a weak date
        (True, [Corruption(IND, "dob", "digit"), Corruption(PRISON, "number", "mistyped")], False),
        # name and date of birth never both damaged on one pair, even with the number
        (True, [Corruption(IND, "dob", "swap"), Corruption(PRISON, "name", "typo")], False),
        (True, [Corruption(IND, "dob", "missing"), Corruption(IND, "name", "variant")], False),
        (False, [Corruption(PRISON, "name", "variant")], True),
        (False, [Corruption(PRISON, "name", "typo"), Corruption(IND, "number", "mistyped")], True),
        (False, [Corruption(PRISON, "name", "surname_variant")], False),
        (True, [Corruption(PRISON, "name", "surname_variant")], True),
    ],
)
def test_pair_ok(numbered: bool, chosen: list[Corruption], ok: bool) -> None:
    assert pair_ok(_pair(numbered), chosen) is ok


def test_a_dropped_particle_needs_the_number_but_al_to_el_does_not() -> None:
    dropped = [Corruption(PRISON, "name", "particle")]
    assert not pair_ok(_pair(False, surname="dos Santos"), dropped)
    assert pair_ok(_pair(True, surname="dos Santos"), dropped)
    assert pair_ok(_pair(False, surname="al-Masri"), dropped)


def test_a_placeholder_birthday_cannot_carry_a_name_difference_without_the_number() -> None:
    jan1 = date(1975, 1, 1)
    assert not pair_ok(_pair(False, dob=jan1), [Corruption(IND, "name", "typo")])
    assert pair_ok(_pair(True, dob=jan1), [Corruption(IND, "name", "typo")])
    assert kinds_for(_pair(False, dob=jan1), IND, "name") == []
    assert kinds_for(_pair(True, dob=jan1), IND, "name")


def test_kinds_a_record_can_carry() -> None:
    loose, tied = _pair(False), _pair(True)
    assert set(kinds_for(loose, PRISON, "dob")) == {"swap"}
    assert set(kinds_for(tied, PRISON, "dob")) >= WEAK_DOB
    assert kinds_for(loose, PRISON, "number") == ["mistyped"]
    alone = _pair(False)
    alone.cases = []
    assert set(kinds_for(alone, PRISON, "dob")) >= WEAK_DOB  # in no pair: any slip


@pytest.mark.parametrize(
    ("a", "b", "apart"),
    [
        (date(1970, 9, 13), date(1970, 10, 13), 2),
        (date(1970, 1, 13), date(1970, 2, 13), 1),
        (date(1979, 5, 2), date(1980, 5, 2), 2),
        (date(1979, 5, 2), date(1978, 5, 2), 1),
        (date(1970, 5, 2), date(1970, 5, 2), 0),
    ],
)
def test_digits_apart(a: date, b: date, apart: int) -> None:
    assert dates.digits_apart(a, b) == apart


@given(st.dates(date(1940, 1, 1), date(1990, 12, 31)), st.integers(0, 10_000))
def test_a_mistyped_birth_date_is_one_digit_or_one_year_off(dob: date, seed: int) -> None:
    out = dates.corrupt_dob("digit", dob, random.Random(seed))
    assert out is not None
    assert dates.digits_apart(dob, out) == 1 or dates.year_one_off(dob, out)


def test_somali_orthography_only_for_somali_people() -> None:
    others = {respell("Osman", random.Random(s), somali=False) for s in range(60)}
    somali = {respell("Osman", random.Random(s)) for s in range(60)}
    assert "Cismaan" not in others and {"Usman", "Othman"} <= others
    assert "Cismaan" in somali
    for seed in range(30):
        name = corrupt_name("variant", "Rehman", "Osman", "", random.Random(seed), somali=False)
        assert name[1] != "Cismaan"


def test_surname_and_forename_respellings_are_told_apart() -> None:
    assert "surname_variant" in applicable("family_first", "Xu", "Jinlong", "")
    assert "variant" not in applicable("family_first", "Xu", "Jinlong", "")
    surname, forenames = corrupt_name("surname_variant", "Xu", "Jinlong", "", random.Random(0))
    assert surname in ("Hsu", "Tsui") and forenames == "Jinlong"
    assert corrupt_name("variant", "Khan", "Mohammed", "", random.Random(0))[0] == "Khan"


@settings(max_examples=4, deadline=None)
@given(st.integers(0, 2**31))
def test_every_planned_pair_keeps_its_evidence(seed: int) -> None:
    rng = random.Random(seed)
    for p in build_population(scenario_for(300), seed):
        chosen = plan_corruptions(p, rng)
        assert pair_ok(p, chosen)
        for c in chosen:
            assert c.kind in kinds_for(p, c.record, c.field)


def test_the_committed_samples_keep_every_kind_of_mess() -> None:
    with (ROOT / "samples" / "truth.csv").open(encoding="utf-8", newline="") as fh:
        seen = Counter(
            (row["role"], kind)
            for row in csv.DictReader(fh)
            for kind in row["corruptions"].split(";")
            if kind
        )
    kinds = [f"dob:{k}" for k in dates.DOB_CORRUPTIONS]
    kinds += [f"name:{k}" for k in NAME_CORRUPTIONS] + ["number:mistyped"]
    for role in ("prison", "ind"):
        missing = [k for k in kinds if not seen[(role, k)]]
        assert not missing, (role, missing)
    for kind in ("dob:digit", "dob:jan1", "dob:swap", "name:typo", "name:order"):
        assert seen[("prison", kind)] + seen[("ind", kind)] >= 100, kind


def test_samples_readme_counts_the_mess() -> None:
    text = " ".join((ROOT / "samples" / "README.md").read_text(encoding="utf-8").split())
    with (ROOT / "samples" / "truth.csv").open(encoding="utf-8", newline="") as fh:
        seen = Counter(
            (row["role"], kind)
            for row in csv.DictReader(fh)
            for kind in row["corruptions"].split(";")
            if kind
        )
    kinds = {kind for _, kind in seen}
    for kind in kinds:
        prison, ind = seen[("prison", kind)], seen[("ind", kind)]
        assert re.search(rf"\| `{kind}`[^|]* \| {prison} \| {ind} \|", text), kind
