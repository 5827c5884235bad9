"""Hard cases with ground truth: people, their prison rows and IND records.

Every person has a true name, date of birth and nationality; each record is one clerk's
version of them (see messy.py). People: 74% are in both files, 15% only in prison, 11% only
in IND; 17% of prisoners have two or three custody episodes, 12% of IND people two records.
Look-alikes are made on purpose: twins (same surname and DOB, another forename), namesakes
with near birthdays, and people sharing a birthday and forename with another surname (for a
Somali name, the given name with another father's and grandfather's name). One person's
custody episodes follow one another: a prison number is one period of continuous custody.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from messy import new_prison_number, render_dob, render_name, render_number
from pools import ORIGINS, Origin

from reconcile.model import IndRecord, PrisonRecord, Provenance
from reconcile.normalise.names import clean_name

AS_OF = date(2006, 3, 31)
VERSION = 3  # bump when the generated data change (names the cache folders)
COMMON_SHARE = 0.5  # share of name words drawn from the common pools (the rest: rare names)


@dataclass
class Person:
    pid: int
    origin: Origin
    surname: str
    forenames: str  # Somali: "given|father|grandfather"
    dob: date
    nationality: str
    placeholder: bool
    numbers: list[str] = field(default_factory=list)


@dataclass
class Dataset:
    prison: list[PrisonRecord]
    ind: list[IndRecord]
    prison_pid: list[int]
    ind_pid: list[int]


def _skewed(rng: random.Random, pool: tuple[str, ...]) -> str:
    """Earlier entries are more common (roughly Zipf)."""
    weights = [1.0 / (k + 1) ** 0.9 for k in range(len(pool))]
    return rng.choices(pool, weights)[0]


def _rare(rng: random.Random, origin: Origin) -> str:
    """A name from the long tail: two to four of the origin's syllables (tens of thousands
    of names per origin, so that rare names stay rare in a national population)."""
    parts = rng.choices(origin.syllables, k=rng.choice((2, 3, 3, 4, 4)))
    return "".join(parts).capitalize()


def _name(rng: random.Random, origin: Origin, pool: tuple[str, ...]) -> str:
    """Common names (skewed) half the time, the long tail of rare names otherwise."""
    return _skewed(rng, pool) if rng.random() < COMMON_SHARE else _rare(rng, origin)


def _new_person(pid: int, rng: random.Random) -> Person:
    origin = rng.choices(ORIGINS, [o.share for o in ORIGINS])[0]
    if origin.surnames:
        surname = _name(rng, origin, origin.surnames)
        forenames = _name(rng, origin, origin.forenames)
    else:
        names = [_name(rng, origin, origin.forenames) for _ in range(3)]
        surname, forenames = "", "|".join(names)
    dob = date(1950, 1, 1) + timedelta(days=rng.randrange(365 * 38))
    return Person(
        pid,
        origin,
        surname,
        forenames,
        dob,
        rng.choice(origin.nationalities),
        rng.random() < origin.placeholder_dob,
    )


def _common(person: Person) -> bool:
    o = person.origin
    if not o.surnames:
        return all(n in o.forenames for n in person.forenames.split("|"))
    return person.surname in o.surnames and person.forenames in o.forenames


def _look_alike(pid: int, model: Person, rng: random.Random) -> Person:
    kind = rng.random()
    other = _new_person(pid, rng)
    other.origin, other.nationality = model.origin, model.nationality
    if kind < 0.4 and model.origin.surnames:  # twin: same surname and DOB, another forename
        other.surname, other.dob = model.surname, model.dob
        while other.forenames == model.forenames:
            other.forenames = _skewed(rng, model.origin.forenames)
    elif kind < 0.8 and _common(model):  # namesake (a common name) with a near birthday
        other.surname, other.forenames = model.surname, model.forenames
        other.dob = model.dob + timedelta(days=rng.choice((-1, 1)) * rng.randrange(2, 400))
    elif model.origin.surnames:  # same birthday and forename, another surname
        other.forenames, other.dob = model.forenames, model.dob
        while other.surname == model.surname:
            other.surname = _name(rng, model.origin, model.origin.surnames)
    else:  # Somali: the same given name and birthday, another father and grandfather
        given, *elders = model.forenames.split("|")
        others = elders
        while others == elders:
            others = [_name(rng, model.origin, model.origin.forenames) for _ in range(2)]
        other.surname, other.forenames = "", "|".join([given, *others])
        other.dob = model.dob
    return other


def people(n: int, rng: random.Random) -> list[Person]:
    out: list[Person] = []
    while len(out) < n:
        if out and rng.random() < 0.06:
            out.append(_look_alike(len(out), rng.choice(out), rng))
        else:
            out.append(_new_person(len(out), rng))
    return out


def _nationality(person: Person, rng: random.Random) -> str | None:
    r = rng.random()
    if r < 0.05:
        return None
    if r < 0.08:
        return rng.choice(rng.choice(ORIGINS).nationalities)
    return person.nationality


MONTHS = (3, 6, 9, 11, 12, 12, 18, 24, 30, 36, 48, 60, 96)
SERVED_DAYS_PER_MONTH = 15  # half the sentence is served


def custody(rng: random.Random, episodes: int) -> list[tuple[date, int]]:
    """(release, sentence months) of one person's custody episodes, in order: releases drawn
    from 1999-2006 until each episode starts after the one before ended."""
    while True:
        drawn = sorted(
            (date(1999, 2, 1) + timedelta(days=rng.randrange(365 * 8)), rng.choice(MONTHS))
            for _ in range(episodes)
        )
        starts = [release - timedelta(days=m * SERVED_DAYS_PER_MONTH) for release, m in drawn]
        if all(start > before for start, (before, _) in zip(starts[1:], drawn, strict=False)):
            return drawn


def _prison_row(
    idx: int, person: Person, number: str, episode: tuple[date, int], rng: random.Random
) -> PrisonRecord:
    sur, fore = render_name(person.origin, person.surname, person.forenames, rng)
    release, months = episode
    number_cell = None if rng.random() < 0.04 else render_number(number, rng)
    return PrisonRecord(
        idx=idx,
        prov=Provenance("prison.csv", "", idx + 2),
        prison_number=None if number_cell is None else number_cell.upper().replace(" ", ""),
        surname=clean_name(sur),
        forenames=clean_name(fore),
        dob=render_dob(person.dob, person.placeholder, rng, ind=False),
        nationality=_nationality(person, rng),
        nationality_raw="",
        sentence_months=float(months),
        sentence_life=False,
        sentence_raw=str(months),
        offence="",
        sentence_start=release - timedelta(days=months * SERVED_DAYS_PER_MONTH),
        release_date=release,
        court_recommended=rng.random() < 0.08,
    )


def _ind_record(idx: int, person: Person, rng: random.Random, release: date | None) -> IndRecord:
    sur, fore = render_name(person.origin, person.surname, person.forenames, rng)
    number = None
    if person.numbers and rng.random() < 0.2:
        number = render_number(rng.choice(person.numbers), rng).upper().replace(" ", "")
    referral = considered = None
    anchor = release or date(2003, 1, 1)
    r = rng.random()
    if r < 0.75:
        referral = anchor - timedelta(days=rng.randrange(30, 700))
        s = rng.random()
        if s < 0.6:
            considered = referral + timedelta(days=rng.randrange(1, 200))
        elif s < 0.8:
            considered = anchor + timedelta(days=rng.randrange(1, 500))
    return IndRecord(
        idx=idx,
        prov=Provenance("ind.csv", "", idx + 2),
        case_ref=f"{(person.surname or 'X')[0].upper()}{rng.randrange(10**7):07d}",
        surname=clean_name(sur),
        forenames=clean_name(fore),
        dob=render_dob(person.dob, person.placeholder, rng, ind=True),
        nationality=_nationality(person, rng),
        nationality_raw="",
        prison_number=number,
        referral_date=referral,
        considered_date=considered,
        decision="",
    )


def generate(n_people: int, seed: int) -> Dataset:
    rng = random.Random(seed)
    pop = people(n_people, rng)
    prison: list[PrisonRecord] = []
    ind: list[IndRecord] = []
    prison_pid: list[int] = []
    ind_pid: list[int] = []
    for person in pop:
        r = rng.random()
        in_prison, in_ind = r < 0.89, r < 0.74 or r >= 0.89
        last_release = None
        if in_prison:
            episodes = rng.choices((1, 2, 3), (0.83, 0.13, 0.04))[0]
            for episode in custody(rng, episodes):
                person.numbers.append(new_prison_number(rng))
                row = _prison_row(len(prison), person, person.numbers[-1], episode, rng)
                prison.append(row)
                prison_pid.append(person.pid)
                last_release = row.release_date
        if in_ind:
            for _ in range(rng.choices((1, 2), (0.88, 0.12))[0]):
                ind.append(_ind_record(len(ind), person, rng, last_release))
                ind_pid.append(person.pid)
    return Dataset(prison, ind, prison_pid, ind_pid)


def _text(value: object) -> str:
    return "" if value is None else str(value)


def write_csv(data: Dataset, outdir: Path) -> None:
    """prison.csv, ind.csv (canonical headers, ISO dates) and truth.csv (file, row, person)."""
    outdir.mkdir(parents=True, exist_ok=True)
    with open(outdir / "prison.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["unique_id", "prison_number", "surname", "forenames", "dob", "nationality",
                    "sentence", "sentence_start", "release_date", "court_recommended"])  # fmt: skip
        for p in data.prison:
            w.writerow([p.idx, _text(p.prison_number), p.surname, p.forenames, _text(p.dob),
                        _text(p.nationality), _text(p.sentence_raw), _text(p.sentence_start),
                        _text(p.release_date), "Y" if p.court_recommended else "N"])  # fmt: skip
    with open(outdir / "ind.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["unique_id", "case_ref", "surname", "forenames", "dob", "nationality",
                    "prison_number", "referral_date", "considered_date"])  # fmt: skip
        for i in data.ind:
            w.writerow([i.idx, i.case_ref, i.surname, i.forenames, _text(i.dob),
                        _text(i.nationality), _text(i.prison_number), _text(i.referral_date),
                        _text(i.considered_date)])  # fmt: skip
    with open(outdir / "truth.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["file", "idx", "person"])
        w.writerows(("prison", k, pid) for k, pid in enumerate(data.prison_pid))
        w.writerows(("ind", k, pid) for k, pid in enumerate(data.ind_pid))
