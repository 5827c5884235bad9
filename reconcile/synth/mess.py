"""Rationing the harder corruptions: at most two per person, and never so many on one pair
of records (prison row x IND record) that name, date of birth and prison number are all
damaged or missing at once. Each corruption is (record, field, kind)."""

from __future__ import annotations

import random
from dataclasses import dataclass

from reconcile.synth.dates import dob_applicable
from reconcile.synth.ids import can_mistype
from reconcile.synth.people import Person
from reconcile.synth.variants import applicable

Record = tuple[str, int]  # ("P", episode index) or ("I", case index)


@dataclass(frozen=True)
class Corruption:
    record: Record
    field: str  # "name", "dob" or "number"
    kind: str

    def describe(self) -> str:
        return f"{self.field}:{self.kind}"


BUDGET_WEIGHTS = (50, 35, 15)  # people with 0, 1, 2 corruptions


def _options(p: Person) -> list[tuple[Record, str]]:
    records: list[Record] = [("P", i) for i in range(len(p.episodes))]
    records += [("I", j) for j in range(len(p.cases))]
    out: list[tuple[Record, str]] = []
    for rec in records:
        if not p.lookalike:  # look-alikes and namesakes are told apart by name and birth date
            out += [(rec, "name"), (rec, "name"), (rec, "dob"), (rec, "dob")]
        if rec[0] == "P" and can_mistype(p.episodes[rec[1]].number):
            out.append((rec, "number"))
        if rec[0] == "I":
            number = p.cases[rec[1]].prison_number
            if number and can_mistype(number):
                out.append((rec, "number"))
    return out


def _number_linked(p: Person, record: Record) -> bool:
    """Whether a record shares a prison number with one of the person's other records."""
    numbers = {ep.number for ep in p.episodes}
    if record[0] == "I":
        return p.cases[record[1]].prison_number in numbers
    return any(c.prison_number == p.episodes[record[1]].number for c in p.cases)


def pair_ok(p: Person, chosen: list[Corruption]) -> bool:
    """No prison row x IND record pair of the person loses name, DOB and number together,
    and a date of birth goes missing only where the prison number still links the record
    (a record with neither could be anyone of that name)."""
    for c in chosen:
        if c.kind == "missing" and not _number_linked(p, c.record):
            return False
    for i, ep in enumerate(p.episodes):
        for j, case in enumerate(p.cases):
            hits = [c for c in chosen if c.record in (("P", i), ("I", j))]
            fields = {c.field for c in hits}
            no_number = case.prison_number != ep.number
            if no_number:
                fields.add("number")
            if len(fields) >= 3:
                return False
            if "number" in fields and any(c.kind == "missing" for c in hits):
                return False  # no birth date and no intact prison number: anyone of that name
    return True


def plan_corruptions(p: Person, rng: random.Random) -> list[Corruption]:
    budget = rng.choices((0, 1, 2), BUDGET_WEIGHTS)[0]
    if not p.cases:  # prison rows alone: one slip at most, so no one else's record looks closer
        budget = min(budget, 1)
    options = _options(p)
    for size in range(min(budget, len(options)), 0, -1):
        for _ in range(8):
            picked = rng.sample(options, size)
            if len(set(picked)) < size or len({f for _, f in picked}) < size:
                continue
            chosen = [Corruption(rec, f, _kind(p, f, rng)) for rec, f in picked]
            if pair_ok(p, chosen):
                return chosen
    return []


def _kind(p: Person, field: str, rng: random.Random) -> str:
    if field == "name":
        return rng.choice(applicable(p.origin_info.layout, p.surname, p.forenames, p.extra))
    if field == "dob":
        return rng.choice(dob_applicable(p.dob))
    return "mistyped"
