"""Rationing the harder corruptions so that every true pair of records stays decidable.

At most two corruptions per person. For every pair of one person's records (prison row x IND
record) the evidence left must be enough on its own, whatever the names around it:

- name and date of birth are never both damaged on one pair;
- a date of birth one digit off, a 1 January placeholder or a missing one (weak dates) only on
  a pair whose prison number is intact on both records; a day-and-month swap (a recognisable
  slip) may stand without it;
- a changed family name (respelled, Xu / Tsui or Hassan / Xasan, or its particle dropped,
  dos Santos / Santos) only on a pair with an intact prison number, and so is a respelling
  that leaves fewer than two names as written (Mohamed Mohamud / Mohamed Maxamuud); one that
  leaves none (Jama Mohamud / Jaamac Maxamuud) reads as a different name, so it also needs a
  true birth date that is not a 1 January;
- a pair whose IND record holds the number of the person's other custody (contrary evidence)
  keeps name and date of birth undamaged;
- a damaged name on a pair without an intact prison number only when the true date of birth is
  not itself a 1 January (a placeholder cannot carry a name difference).

Records of a person found in one extract only are in no pair and may carry any one slip but
a missing date of birth.
Each corruption is (record, field, kind)."""

from __future__ import annotations

import random
from dataclasses import dataclass

from reconcile.synth.dates import dob_applicable
from reconcile.synth.ids import can_mistype
from reconcile.synth.people import Person
from reconcile.synth.variants import applicable, corrupt_name, somali_spelling

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
            if _numbered(p, rec):  # weak dates have fewer places to go: more of them here
                out += [(rec, "dob")] * (6 if p.cases and p.episodes else 2)
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


WEAK_DOB = frozenset(("digit", "jan1", "missing"))


def _pair_ok(p: Person, i: int, j: int, chosen: list[Corruption]) -> bool:
    hits = [c for c in chosen if c.record in (("P", i), ("I", j))]
    kinds = {c.field: c.kind for c in hits}
    number = p.cases[j].prison_number
    number_intact = number == p.episodes[i].number and "number" not in kinds
    if "name" in kinds and "dob" in kinds:
        return False
    if "name" in kinds and names_kept(p, kinds["name"]) == 0 and _jan1(p):
        return False  # no name as written and a placeholder birthday: too little left
    if (
        number is not None
        and number != p.episodes[i].number
        and ("name" in kinds or "dob" in kinds)
    ):
        return False  # the IND record names another custody: name and birth date must agree
    if not number_intact:
        name = kinds.get("name", "")
        if kinds.get("dob") in WEAK_DOB or family_name_changed(p, name) or names_kept(p, name) < 2:
            return False
        if "name" in kinds and _jan1(p):
            return False
    return True


def pair_ok(p: Person, chosen: list[Corruption]) -> bool:
    """Every prison row x IND record pair of the person keeps enough evidence (see the module
    notes), and a date of birth goes missing only where the prison number still links the
    record (a record with neither could be anyone of that name)."""
    for c in chosen:
        if c.kind == "missing" and not _number_linked(p, c.record):
            return False
    return all(
        _pair_ok(p, i, j, chosen) for i in range(len(p.episodes)) for j in range(len(p.cases))
    )


def _numbered(p: Person, record: Record) -> bool:
    """Whether every pair the record is in has the prison number on both records."""
    if record[0] == "P":
        number = p.episodes[record[1]].number
        return all(c.prison_number == number for c in p.cases)
    return all(p.cases[record[1]].prison_number == ep.number for ep in p.episodes)


def _contrary(p: Person, record: Record) -> bool:
    """Whether the record is in a pair whose IND record holds another custody's number."""
    if record[0] == "P":
        number = p.episodes[record[1]].number
        return any(c.prison_number not in (None, number) for c in p.cases)
    held = p.cases[record[1]].prison_number
    return held is not None and any(ep.number != held for ep in p.episodes)


def kinds_for(p: Person, record: Record, field: str) -> list[str]:
    """The corruptions of a field that this record can carry (with repeats as weights)."""
    if field == "number":
        return ["mistyped"]
    if _contrary(p, record):
        return []
    if field == "dob":
        kinds = dob_applicable(p.dob)
    else:  # a respelling that leaves no name as written reads as a different name
        kinds = applicable(p.origin_info.layout, p.surname, p.forenames, p.extra)
        if _jan1(p):
            kinds = [k for k in kinds if names_kept(p, k) > 0]
    if _numbered(p, record):
        return kinds + [k for k in kinds if k in WEAK_DOB] * 2
    if field == "dob":
        return [k for k in kinds if k not in WEAK_DOB]
    if _jan1(p):
        return []
    return [k for k in kinds if not family_name_changed(p, k) and names_kept(p, k) >= 2]


RESPELLINGS = frozenset(("variant", "somali_spelling"))


def _jan1(p: Person) -> bool:
    """Whether the true date of birth is a 1 January (itself a weak date)."""
    return (p.dob.month, p.dob.day) == (1, 1)


def names_kept(p: Person, kind: str) -> int:
    """How many of the person's names a respelling surely leaves as written (Mohamed Mohamud /
    Mohamed Maxamuud: one); other corruptions count as keeping them all."""
    before = f"{p.surname} {p.forenames}".split()
    if kind not in RESPELLINGS:
        return len(before)
    somali = p.origin_info.layout == "somali"
    kept = len(before)
    for seed in range(4):
        after = " ".join(
            corrupt_name(kind, p.surname, p.forenames, p.extra, random.Random(seed), somali=somali)
        ).split()
        kept = min(kept, sum(w in after for w in before))
    return kept


def family_name_changed(p: Person, kind: str) -> bool:
    """A family name respelled (Xu / Tsui, Hassan / Xasan) or stripped of its particle
    (dos Santos / Santos)."""
    dropped = kind == "particle" and p.surname.lower().startswith(("da ", "dos ", "de "))
    somali = kind == "somali_spelling" and somali_spelling(p.surname) != p.surname
    return kind == "surname_variant" or dropped or somali


def plan_corruptions(p: Person, rng: random.Random) -> list[Corruption]:
    budget = rng.choices((0, 1, 2), BUDGET_WEIGHTS)[0]
    if not p.cases:  # prison rows alone: one slip at most, so no one else's record looks closer
        budget = min(budget, 1)
    allowed = {option: kinds_for(p, *option) for option in dict.fromkeys(_options(p))}
    options = [option for option in _options(p) if allowed[option]]
    for size in range(min(budget, len(options)), 0, -1):
        for _ in range(8):
            picked = rng.sample(options, size)
            if len(set(picked)) < size or len({f for _, f in picked}) < size:
                continue
            chosen = [Corruption(rec, f, rng.choice(allowed[rec, f])) for rec, f in picked]
            if pair_ok(p, chosen):
                return chosen
    return []
