"""Render the clean population as the two agencies' extracts would hold it, with the mess
of real extracts, and keep for every row who it really is."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from reconcile.model import Cell
from reconcile.synth import dates, ids
from reconcile.synth.mess import Corruption, Record, plan_corruptions
from reconcile.synth.nationality import UNKNOWN_SPELLINGS, dual_spelling, spell
from reconcile.synth.people import Case, Episode, Person
from reconcile.synth.variants import corrupt_name, particle_style, strip_accents

UNREADABLE_DOB = "31/02/1980"

PRISON_COLUMNS: tuple[tuple[str, str], ...] = (
    ("prison_number", "NOMS No"),
    ("surname", "Surname"),
    ("forenames", "Forename(s)"),
    ("dob", "Date of Birth"),
    ("nationality", "Nationality"),
    ("sentence", "Sentence Length (months)"),
    ("offence", "Main Offence"),
    ("sentence_start", "Sentence Date"),
    ("release_date", "Discharge Date"),
    ("court_recommended", "Court Rec Deport (Y/N)"),
)
IND_COLUMNS: tuple[tuple[str, str], ...] = (
    ("case_ref", "HO Ref"),
    ("surname", "Family Name"),
    ("forenames", "Given Names"),
    ("dob", "DOB"),
    ("nationality", "Nationality"),
    ("prison_number", "Prison No"),
    ("referral_date", "Date Referral Received"),
    ("considered_date", "Date Considered"),
    ("decision", "Decision"),
)


@dataclass
class Row:
    """One rendered row, with the person and record it really is."""

    person: Person
    index: int  # episode or case index within the person
    cells: dict[str, Cell]
    corruptions: list[str] = field(default_factory=list)


@dataclass
class Extracts:
    prison: list[Row]
    ind: list[Row]


def _name(
    p: Person, rng: random.Random, prison: bool, corruption: Corruption | None
) -> tuple[str, str | None]:
    surname, forenames = p.surname, p.forenames
    if corruption is not None:
        somali = p.origin_info.layout == "somali"
        surname, forenames = corrupt_name(
            corruption.kind, surname, forenames, p.extra, rng, somali=somali
        )
    surname = particle_style(surname, rng.randrange(6))
    if rng.random() < (0.85 if prison else 0.5):
        surname, forenames = strip_accents(surname), strip_accents(forenames)
    if prison:
        surname = surname.upper() if rng.random() < 0.9 else surname
        forenames = forenames.upper() if rng.random() < 0.15 else forenames
        if rng.random() < 0.04:
            return f"{surname.upper()}, {forenames}", None
    elif rng.random() < 0.4:
        surname = surname.upper()
    return surname, forenames


def _dob(
    p: Person, rng: random.Random, corruption: Corruption | None, mix: tuple[float, float]
) -> Cell:
    dob = p.dob
    if corruption is not None:
        corrupted = dates.corrupt_dob(corruption.kind, dob, rng)
        if corrupted is None:
            return None
        dob = corrupted
    return dates.render(dob, rng, mix)


def _sentence(ep: Episode, rng: random.Random) -> Cell:
    if ep.sentence_text:
        return ep.sentence_text
    if ep.life:
        return "Life" if rng.random() < 0.7 else "LIFE"
    return ep.months if rng.random() < 0.85 else str(ep.months)


def _nationality(p: Person, ep: Episode | None, rng: random.Random) -> str:
    if p.british:
        return dual_spelling(p.nationality, rng.randrange(6))
    if ep is not None and ep.nat_unknown:
        return rng.choice(UNKNOWN_SPELLINGS)
    return spell(p.nationality, rng.randrange(60))


def _prison_row(p: Person, i: int, rng: random.Random, mine: dict[str, Corruption]) -> Row:
    ep = p.episodes[i]
    surname, forenames = _name(p, rng, True, mine.get("name"))
    number = ep.number
    if "number" in mine:
        number = ids.mistyped_number(number)
    elif rng.random() < 0.07:
        number = ids.styled_number(number, rng.randrange(2))
    court = "Y" if ep.court else "N"
    release: Cell = ep.release_text or dates.render(ep.release, rng, (0.8, 0.08))
    cells: dict[str, Cell] = {
        "prison_number": number,
        "surname": surname,
        "forenames": forenames,
        "dob": _dob(p, rng, mine.get("dob"), (0.7, 0.08)),
        "nationality": _nationality(p, ep, rng),
        "sentence": _sentence(ep, rng),
        "offence": ep.offence or None,
        "sentence_start": dates.render(ep.start, rng, (0.8, 0.08)),
        "release_date": release,
        "court_recommended": court if rng.random() < 0.97 else court.lower(),
    }
    return Row(p, i, cells, [c.describe() for c in mine.values()])


def _ind_row(p: Person, j: int, rng: random.Random, mine: dict[str, Corruption]) -> Row:
    case: Case = p.cases[j]
    surname, forenames = _name(p, rng, False, mine.get("name"))
    number = case.prison_number
    if number and "number" in mine:
        number = ids.mistyped_number(number)
    elif number and rng.random() < 0.4:
        number = ids.styled_number(number, rng.randrange(2))
    cells: dict[str, Cell] = {
        "case_ref": case.case_ref,
        "surname": surname,
        "forenames": forenames,
        "dob": _dob(p, rng, mine.get("dob"), (0.55, 0.05)),
        "nationality": _nationality(p, None, rng),
        "prison_number": number,
        "referral_date": dates.render(case.referral, rng, (0.6, 0.05)),
        "considered_date": dates.render(case.considered, rng, (0.6, 0.05)),
        "decision": case.decision or None,
    }
    return Row(p, j, cells, [c.describe() for c in mine.values()])


def _for(corruptions: list[Corruption], record: Record) -> dict[str, Corruption]:
    return {c.field: c for c in corruptions if c.record == record}


def render_extracts(people: list[Person], seed: int) -> Extracts:
    rng = random.Random(seed * 7919 + 1)
    prison: list[Row] = []
    ind: list[Row] = []
    unreadable = {"prison": True, "ind": True}
    for p in people:
        corruptions = plan_corruptions(p, rng)
        for i in range(len(p.episodes)):
            prison.append(_prison_row(p, i, rng, _for(corruptions, ("P", i))))
        for j in range(len(p.cases)):
            ind.append(_ind_row(p, j, rng, _for(corruptions, ("I", j))))
        # one impossible date of birth in each file, on people no other record depends on
        alone = len(p.episodes) + len(p.cases) == 1
        if alone and p.kind == "oos_short" and unreadable["prison"]:
            prison[-1].cells["dob"] = UNREADABLE_DOB
            prison[-1].corruptions.append("dob:unreadable")
            unreadable["prison"] = False
        if alone and p.kind == "ind_only" and unreadable["ind"]:
            ind[-1].cells["dob"] = UNREADABLE_DOB
            ind[-1].corruptions.append("dob:unreadable")
            unreadable["ind"] = False
    rng.shuffle(prison)
    ind.sort(key=lambda row: str(row.cells["case_ref"]))
    return Extracts(prison, ind)
