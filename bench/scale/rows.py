"""One generated person -> the spreadsheet rows a prison clerk and a caseworker would key.

The people and the corruptions of names, dates of birth and prison numbers come from the
accuracy benchmark's generator (bench/accuracy: generate.people and messy.py), so the linker
faces the same hard cases here as there. This module adds what a real extract also has: cell
types and formats (dates as date cells, as day-first text or as two-digit-year text;
nationality as a country, a demonym, in capitals or missing; sentence lengths as numbers, text
or "Life") and the case-work columns the rules read.

Rows per person: 89% of people have custody episodes (1, 2 or 3 with weights 83/13/4%), so
about 1.08 prison rows per person; 85% have IND records (one, or two for 20% of them), about
1.02 IND rows per person.
"""

from __future__ import annotations

import csv
import importlib.util
import random
import sys
from collections.abc import Callable
from datetime import date, timedelta
from functools import cache
from importlib import resources
from pathlib import Path
from types import ModuleType

ACCURACY = Path(__file__).resolve().parents[1] / "accuracy"
sys.path.append(str(ACCURACY))  # its modules import each other by bare name (messy, pools)

from messy import new_prison_number, render_dob, render_name, render_number  # noqa: E402


def _accuracy_generator() -> ModuleType:
    """bench/accuracy/generate.py under its own name (this folder has a generate.py too)."""
    spec = importlib.util.spec_from_file_location("accuracy_generate", ACCURACY / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


_GENERATOR = _accuracy_generator()
Person = _GENERATOR.Person
make_people: Callable[[int, random.Random], list] = _GENERATOR.people
custody: Callable[[random.Random, int], list[tuple[date, int]]] = _GENERATOR.custody

Cell = str | int | float | date | None

PRISON_HEADER = (
    "NOMS No", "Surname", "Forename(s)", "Date of Birth", "Nationality",
    "Sentence Length (months)", "Main Offence", "Sentence Date", "Discharge Date",
    "Court Rec Deport (Y/N)",
)  # fmt: skip
IND_HEADER = (
    "HO Ref", "Family Name", "Given Names", "DOB", "Nationality", "Prison No",
    "Date Referral Received", "Date Considered", "Decision",
)  # fmt: skip
OFFENCES = (
    "Drugs", "Violence", "Robbery", "Burglary", "Theft", "Fraud", "Sexual", "Motoring",
    "Deception", "Other", "Criminal damage", "Kidnapping", None,
)  # fmt: skip
DECISIONS = ("Deport", "No action", "Pending", "Deport", None)
UNKNOWN_NATIONALITY = ("Not known", "N/K", "UNKNOWN")


@cache
def _countries() -> dict[str, tuple[str, str]]:
    """ISO code -> (country name, demonym), from the table the normaliser reads."""
    table = resources.files("reconcile.normalise").joinpath("data/countries.csv")
    with table.open(encoding="utf-8") as fh:
        return {r["code"]: (r["name"], r["demonym"]) for r in csv.DictReader(fh)}


def date_cell(value: date | None, rng: random.Random) -> Cell:
    """A date cell as extracts hold them: mostly a date, some day-first text, a few 2-digit."""
    if value is None:
        return None
    r = rng.random()
    if r < 0.88:
        return value
    if r < 0.96:
        return value.strftime("%d/%m/%Y")
    return value.strftime("%d.%m.%y")


def nationality_cell(code: str | None, rng: random.Random) -> Cell:
    if code is None:
        return rng.choice(UNKNOWN_NATIONALITY) if rng.random() < 0.5 else None
    name, demonym = _countries()[code]
    r = rng.random()
    if r < 0.5:
        return demonym
    if r < 0.75:
        return name
    if r < 0.95:
        return demonym.upper()
    return code


def _nationality(person: Person, rng: random.Random) -> str | None:
    """The person's nationality; 5% missing, 2% another origin's (dual or miskeyed)."""
    r = rng.random()
    if r < 0.05:
        return None
    if r < 0.07:
        return rng.choice(person.origin.nationalities)
    return person.nationality


def _sentence_cell(months: int, rng: random.Random) -> Cell:
    r = rng.random()
    if r < 0.003:
        return "Life"
    if r < 0.08:
        return str(months)
    return months


def prison_rows(person: Person, rng: random.Random) -> tuple[list[tuple[Cell, ...]], date | None]:
    """0 to 3 custody episodes, one after another, each with its own prison number; and the
    last release date."""
    rows: list[tuple[Cell, ...]] = []
    release = None
    if rng.random() >= 0.89:
        return rows, release
    for release, months in custody(rng, rng.choices((1, 2, 3), (0.83, 0.13, 0.04))[0]):
        number = new_prison_number(rng)
        person.numbers.append(number)
        sur, fore = render_name(person.origin, person.surname, person.forenames, rng)
        rows.append((
            None if rng.random() < 0.04 else render_number(number, rng),
            sur, fore,
            date_cell(render_dob(person.dob, person.placeholder, rng, ind=False), rng),
            nationality_cell(_nationality(person, rng), rng),
            _sentence_cell(months, rng),
            rng.choice(OFFENCES),
            date_cell(release - timedelta(days=months * 15), rng),
            date_cell(None if rng.random() < 0.02 else release, rng),
            "Y" if rng.random() < 0.08 else rng.choice(("N", "N", "n", None)),
        ))  # fmt: skip
    return rows, release


def ind_rows(person: Person, release: date | None, rng: random.Random) -> list[tuple[Cell, ...]]:
    """0, 1 or 2 case records; referral and consideration dated around the last release."""
    rows: list[tuple[Cell, ...]] = []
    if rng.random() >= 0.85:
        return rows
    for _ in range(2 if rng.random() < 0.2 else 1):
        sur, fore = render_name(person.origin, person.surname, person.forenames, rng)
        number = None
        if person.numbers and rng.random() < 0.2:
            number = render_number(rng.choice(person.numbers), rng)
        anchor = release or date(2003, 1, 1)
        referral = considered = None
        if rng.random() < 0.75:
            referral = anchor - timedelta(days=rng.randrange(30, 700))
            s = rng.random()
            if s < 0.6:
                considered = referral + timedelta(days=rng.randrange(1, 200))
            elif s < 0.8:
                considered = anchor + timedelta(days=rng.randrange(1, 500))
        initial = (person.surname or person.forenames or "X")[0].upper()
        rows.append((
            f"{initial}{rng.randrange(10**7):07d}",
            sur, fore,
            date_cell(render_dob(person.dob, person.placeholder, rng, ind=True), rng),
            nationality_cell(_nationality(person, rng), rng),
            number,
            date_cell(referral, rng),
            date_cell(considered, rng),
            rng.choice(DECISIONS) if considered else None,
        ))  # fmt: skip
    return rows
