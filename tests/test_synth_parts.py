"""Table and property tests for the sample generator's small parts."""

from __future__ import annotations

import csv
import random
import re
import tomllib
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reconcile.errors import ConfigError
from reconcile.model import Outcome
from reconcile.synth import dates, ids, scenario_for
from reconcile.synth.distinct import Registry, one_slip_apart
from reconcile.synth.mess import pair_ok, plan_corruptions
from reconcile.synth.nationality import eu_eea_member
from reconcile.synth.people import Case, Episode, Person
from reconcile.synth.population import build_population
from reconcile.synth.published import OFFENCES_2006
from reconcile.synth.scenario import apportion
from reconcile.synth.truth import classify
from reconcile.synth.variants import (
    corrupt_name,
    double_surname,
    particle_style,
    respell,
    somali_spelling,
    typo,
)

ROOT = Path(__file__).resolve().parent.parent
AS_OF = date(2006, 3, 31)


def test_seeds_table_is_the_published_one_and_adds_up() -> None:
    with (ROOT / "seeds" / "offences_2006.csv").open(encoding="utf-8", newline="") as fh:
        rows = [(r["offence"], int(r["count"])) for r in csv.DictReader(fh)]
    assert tuple(rows) == OFFENCES_2006
    assert sum(n for _, n in rows) == 1023
    assert dict(rows)["Not available"] == 103


def test_seeds_figures() -> None:
    figures = tomllib.loads((ROOT / "seeds" / "figures_2006.toml").read_text(encoding="utf-8"))
    released = figures["released_without_consideration"]
    assert (released["total"], released["court_recommended"]) == (1023, 160)
    population = figures["foreign_national_prison_population"]
    assert (population["june_1996"], population["february_2006"]) == (4259, 10265)
    casework = figures["deportation_casework_2004_2005"]
    assert (casework["cases_looked_at"], casework["deportation_decided"]) == (5500, 3000)
    assert figures["tracing"]["still_being_sought_more_than"] == 900


@pytest.mark.parametrize(
    ("total", "weights", "parts"),
    [
        (10, [1, 1], [5, 5]),
        (3, [1, 1], [2, 1]),
        (7, [5, 3, 2], [4, 2, 1]),
        (0, [4, 4], [0, 0]),
        (5, [0, 0], [0, 0]),
        (58, [n for _, n in OFFENCES_2006], None),
    ],
)
def test_apportion(total: int, weights: list[int], parts: list[int] | None) -> None:
    got = apportion(total, weights)
    if parts is not None:
        assert got == parts
    if sum(weights):
        assert sum(got) == total


@given(st.integers(0, 5000), st.lists(st.integers(0, 500), min_size=1, max_size=30))
def test_apportion_adds_up_and_stays_within_one(total: int, weights: list[int]) -> None:
    got = apportion(total, weights)
    if sum(weights) == 0:
        assert got == [0] * len(weights)
        return
    assert sum(got) == total
    for part, w in zip(got, weights, strict=True):
        assert abs(part - total * w / sum(weights)) < 1


@pytest.mark.parametrize("people", [20, 50, 200, 999, 3500, 12345])
def test_scenario_totals(people: int) -> None:
    sc = scenario_for(people)
    assert sum(sc.counts.values()) == people
    assert sc.failures == round(1023 * people / 3500)
    assert sum(sc.offences.values()) == sc.failures
    fail_rows = sc.counts["fail_never"] + sc.counts["fail_referred"] + sc.counts["fail_late"]
    assert fail_rows + 2 * sc.counts["fail_double"] + sc.counts["fail_then_cbr"] == sc.failures
    assert all(n >= 0 for n in sc.counts.values())


def test_scenario_refuses_tiny_populations() -> None:
    with pytest.raises(ConfigError, match="at least 20"):
        scenario_for(19)


@pytest.mark.parametrize(
    ("iso", "on", "member"),
    [
        ("PL", date(2004, 4, 30), False),
        ("PL", date(2004, 5, 1), True),
        ("LT", date(2006, 3, 31), True),
        ("IE", date(1999, 2, 1), True),
        ("NO", date(2000, 1, 1), True),
        ("RO", date(2006, 12, 31), False),
        ("RO", date(2007, 1, 1), True),
        ("JM", date(2005, 1, 1), False),
        ("TR", date(2005, 1, 1), False),
    ],
)
def test_eu_eea_member(iso: str, on: date, member: bool) -> None:
    assert eu_eea_member(iso, on) is member


@pytest.mark.parametrize(
    ("layout", "text"),
    [
        ("dd/mm/yyyy", "31/12/1975"),
        ("dd.mm.yy", "31.12.75"),
        ("yyyy-mm-dd", "1975-12-31"),
        ("dd-Mon-yyyy", "31-Dec-1975"),
        ("yyyymmdd", "19751231"),
    ],
)
def test_date_text_layouts(layout: str, text: str) -> None:
    assert dates.as_text(date(1975, 12, 31), layout) == text


def test_two_digit_years_only_where_unambiguous() -> None:
    assert dates.as_text(date(1955, 3, 4), "dd.mm.yy") == "04/03/1955"
    assert dates.as_text(date(2003, 3, 4), "dd.mm.yy") == "04.03.03"
    assert dates.excel_serial(date(1975, 12, 31)) == 27759


@pytest.mark.parametrize(
    ("kind", "dob", "out"),
    [
        ("swap", date(1975, 3, 11), date(1975, 11, 3)),
        ("jan1", date(1975, 3, 11), date(1975, 1, 1)),
        ("missing", date(1975, 3, 11), None),
    ],
)
def test_dob_corruptions(kind: str, dob: date, out: date | None) -> None:
    assert dates.corrupt_dob(kind, dob, random.Random(1)) == out


@given(st.dates(date(1940, 1, 1), date(1990, 12, 31)), st.integers(0, 10_000))
def test_a_mistyped_birth_date_differs_in_one_part(dob: date, seed: int) -> None:
    out = dates.corrupt_dob("digit", dob, random.Random(seed))
    assert out is not None and out != dob
    same = (out.year == dob.year) + (out.month == dob.month) + (out.day == dob.day)
    assert same == 2 or abs((out - dob).days) == 10


@pytest.mark.parametrize(
    ("number", "mistyped"),
    [
        ("A1034CD", "A1O34CD"),
        ("C2719XY", "C27I9XY"),
        ("E2345DF", "E23450F"),
        ("E2345FG", "e2345fg"),
    ],
)
def test_mistyped_numbers(number: str, mistyped: str) -> None:
    assert ids.mistyped_number(number) == mistyped


def test_styled_numbers_and_makers() -> None:
    assert ids.styled_number("A1234CD", 0) == "A 1234 CD"
    assert ids.styled_number("A1234CD", 1) == "a1234cd"
    maker = ids.IdMaker(random.Random(3))
    numbers = [maker.prison_number() for _ in range(2000)]
    assert len(set(numbers)) == 2000
    assert all(re.fullmatch(r"[A-H]\d{4}[ACDEFGHJKLMNPQRTVWXYZ]{2}", n) for n in numbers)
    assert re.fullmatch(r"O\d{7}", maker.case_ref("O'Brien"))
    assert maker.case_ref("Đặng")[0] == "D"


@pytest.mark.parametrize(
    ("surname", "pick", "out"),
    [
        ("al-Jaburi", 0, "Al-Jaburi"),
        ("al-Jaburi", 1, "Al Jaburi"),
        ("al-Jaburi", 2, "Aljaburi"),
        ("O'Brien", 1, "OBrien"),
        ("O'Brien", 2, "O Brien"),
        ("McCarthy", 1, "Mc Carthy"),
        ("da Silva", 1, "Da Silva"),
        ("da Silva", 2, "Dasilva"),
        ("van der Berg", 1, "Van Der Berg"),
        ("Campbell", 2, "Campbell"),
    ],
)
def test_particle_styles(surname: str, pick: int, out: str) -> None:
    assert particle_style(surname, pick) == out


@given(st.sampled_from(["Campbell", "Okonkwo Emeka", "Oluwaseun", "Wisniewski"]), st.integers())
def test_a_typo_keeps_the_first_letter_and_changes_one_thing(name: str, seed: int) -> None:
    out = typo(name, random.Random(seed))
    assert out[0] == name[0] and abs(len(out) - len(name)) <= 1
    assert out != name or len(set(name)) < len(name)  # a doubled letter can be re-doubled


@pytest.mark.parametrize(
    ("kind", "surname", "forenames", "extra", "out"),
    [
        ("order", "Nguyễn", "Văn Minh", "", ("Văn Minh", "Nguyễn")),
        ("drop", "García López", "Carlos", "", ("García", "Carlos")),
        ("drop", "Campbell", "Dwayne Kirk", "", ("Campbell", "Dwayne")),
        ("drop", "Khan", "Muhammad Imran", "", ("Khan", "Imran")),
        ("particle", "al-Masri", "Omar", "", ("El-Masri", "Omar")),
        ("particle", "da Silva", "Rui", "", ("Silva", "Rui")),
        ("particle", "McCarthy", "Sean", "", ("MacCarthy", "Sean")),
        ("particle", "MacNamara", "Sean", "", ("McNamara", "Sean")),
        ("syllables", "Li", "Xiaoming", "", ("Li", "Xiao Ming")),
        ("somali3", "Farah", "Abdi", "Jama", ("Jama", "Abdi Farah")),
        ("somali_spelling", "Hassan", "Abdi Ali", "", ("Xasan", "Cabdi Cali")),
    ],
)
def test_name_corruptions(
    kind: str, surname: str, forenames: str, extra: str, out: tuple[str, str]
) -> None:
    assert corrupt_name(kind, surname, forenames, extra, random.Random(0)) == out


def test_respellings_and_double_surnames() -> None:
    spellings = {respell("Mohammed", random.Random(s)) for s in range(60)}
    assert {"Muhammad", "Mohamed", "Mohd"} <= spellings
    assert "Mahmoud" not in spellings and "Mohamud" not in spellings
    assert respell("Campbell", random.Random(0)) is None
    assert somali_spelling("Mohamed Yusuf") == "Maxamed Yuusuf"
    assert double_surname("García López") and not double_surname("van Dijk")
    assert not double_surname("Ben Youssef")


def _person(court: bool = False, nat: str = "JM", months: int = 24, **kw: object) -> Person:
    ep = Episode(date(2003, 6, 1), months=months, court=court)
    for key, value in kw.items():
        setattr(ep, key, value)
    return Person(pid=1, kind="test", episodes=[ep], nationality=nat)


@pytest.mark.parametrize(
    ("person", "cases", "outcome"),
    [
        (_person(), [], Outcome.NEVER_REFERRED),
        (_person(), [Case(date(2003, 1, 1), None)], Outcome.REFERRED_NOT_CONSIDERED),
        (_person(), [Case(date(2003, 7, 1), None)], Outcome.REFERRED_NOT_CONSIDERED),
        (_person(), [Case(date(2003, 1, 1), date(2003, 6, 1))], Outcome.CONSIDERED_BEFORE_RELEASE),
        (_person(), [Case(date(2003, 1, 1), date(2003, 6, 2))], Outcome.CONSIDERED_AFTER_RELEASE),
        (_person(months=11), [], Outcome.OUT_OF_SCOPE),
        (_person(months=12), [], Outcome.NEVER_REFERRED),
        (_person(months=6, court=True), [], Outcome.NEVER_REFERRED),
        (_person(nat="IE"), [], Outcome.OUT_OF_SCOPE),
        (_person(nat="IE", court=True), [], Outcome.NEVER_REFERRED),
        (_person(nat="PL"), [], Outcome.NEVER_REFERRED),  # released before May 2004
        (_person(months=0, life=True), [], Outcome.NEVER_REFERRED),
        (_person(sentence_text="tbc"), [], Outcome.INSUFFICIENT_DATA),
        (_person(release=None), [], Outcome.INSUFFICIENT_DATA),
        (_person(release=date(2006, 4, 1)), [], Outcome.NOT_RELEASED),
        (_person(release=AS_OF), [], Outcome.NEVER_REFERRED),
    ],
)
def test_true_outcomes(person: Person, cases: list[Case], outcome: Outcome) -> None:
    person.cases = cases
    assert classify(person, person.episodes[0], AS_OF).outcome is outcome


def test_british_dual_nationals_are_out_of_scope_even_with_a_recommendation() -> None:
    p = _person(court=True)
    p.british = True
    truth = classify(p, p.episodes[0], AS_OF)
    assert truth.outcome is Outcome.OUT_OF_SCOPE and truth.reason == "British citizen"


def test_late_referral_is_named() -> None:
    p = _person()
    p.cases = [Case(date(2003, 7, 1), None)]
    assert classify(p, p.episodes[0], AS_OF).reason.endswith("referral received after release")


@settings(max_examples=5, deadline=None)
@given(st.integers(0, 2**31))
def test_population_keeps_people_apart_and_rations_corruptions(seed: int) -> None:
    people = build_population(scenario_for(300), seed)
    registry = Registry()
    rng = random.Random(seed)
    for p in people:
        assert not registry.clashes(p), p.pid
        registry.add(p)
        chosen = plan_corruptions(p, rng)
        assert len(chosen) <= (2 if p.cases else 1)
        assert len({c.field for c in chosen}) == len(chosen)
        assert pair_ok(p, chosen)
        if p.lookalike:
            assert all(c.field == "number" for c in chosen)


@pytest.mark.parametrize(
    ("a", "b", "near"),
    [
        (date(1959, 1, 1), date(1979, 1, 1), True),
        (date(1970, 3, 7), date(1970, 7, 3), True),
        (date(1970, 3, 7), date(1970, 3, 8), True),
        (date(1970, 3, 7), date(1971, 3, 8), False),
        (date(1970, 3, 7), date(1970, 4, 8), False),
    ],
)
def test_one_slip_apart(a: date, b: date, near: bool) -> None:
    assert one_slip_apart(a, b) is near


@pytest.mark.parametrize("seed", [2006, 5])
def test_custody_dates_hang_together(seed: int) -> None:
    people = build_population(scenario_for(400), seed)
    for p in people:
        previous = None
        for ep in p.episodes:
            assert ep.start < AS_OF
            assert (ep.start - p.dob).days >= 16 * 365
            if ep.release is not None:
                assert ep.start < ep.release
                assert ep.release >= date(1999, 2, 1)
            if previous is not None:
                assert ep.start > previous
            previous = ep.release
        for case in p.cases:
            assert case.referral is not None and case.referral <= AS_OF
            if case.considered is not None:
                assert case.referral <= case.considered <= AS_OF
