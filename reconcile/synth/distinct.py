"""Keeping different people apart, so that an accurate linker can tell them apart.

Real populations have namesakes; the sample has some on purpose (look-alikes and namesakes,
each with a partner). Everyone else is kept clear of near-collisions that no linker could
resolve once one slip is added: the same name in the same birth year, the same surname and
birth date, the same distinctive forename and birth date, the same surname and first forename
with birth dates one slip apart, or the same surname and birth year with a birth day or month
in common.
"""

from __future__ import annotations

from datetime import date

from reconcile.synth.people import Person, name_key

_PREFIXES = frozenset(name_key("", m)[0] for m in ("Mohammed", "Abdul"))

Key = tuple[object, ...]


def distinctive_first(forenames: str) -> str:
    """The first forename that tells people apart (not a leading Mohammed or Abdul)."""
    words = forenames.split(" ")
    return next((w for w in words if name_key("", w)[0] not in _PREFIXES), words[0])


def exact_keys(p: Person) -> list[Key]:
    first = distinctive_first(p.forenames)
    return [
        ("full", name_key(p.surname, p.forenames, p.extra)),
        ("first", name_key(p.surname, first), p.dob.year),
        ("surname_dob", name_key(p.surname, ""), p.dob),
        ("first_dob", name_key("", first), p.dob),
    ]


def one_slip_apart(a: date, b: date) -> bool:
    """Birth dates that a single slip could turn one into the other."""
    differ = (a.year != b.year) + (a.month != b.month) + (a.day != b.day)
    swapped = a.year == b.year and (a.day, a.month) == (b.month, b.day)
    return differ <= 1 or swapped


def _day_or_month_shared(a: date, b: date) -> bool:
    return a.day == b.day or a.month == b.month or (a.day, a.month) == (b.month, b.day)


class Registry:
    """The people placed so far, by the keys that must not clash."""

    def __init__(self) -> None:
        self.exact: dict[Key, int] = {}
        self.same_year: dict[Key, list[tuple[int, date]]] = {}
        self.same_pair: dict[Key, list[tuple[int, date]]] = {}

    @staticmethod
    def _near(p: Person) -> tuple[Key, Key]:
        first = distinctive_first(p.forenames)
        return (name_key(p.surname, ""), p.dob.year), name_key(p.surname, first)

    def clashes(self, p: Person, strict: bool = True) -> bool:
        """Whether p clashes with anyone placed. ``strict=False`` lets a full name recur (with
        birth dates more than one slip apart), for populations larger than the name pools."""
        allowed = (p.pid, p.partner)
        keys = exact_keys(p) if strict else exact_keys(p)[1:]
        if any(self.exact.get(k, p.pid) not in allowed for k in keys):
            return True
        year_key, pair_key = self._near(p)
        for pid, dob in self.same_year.get(year_key, []):
            if pid not in allowed and _day_or_month_shared(dob, p.dob):
                return True
        return any(
            pid != p.pid and one_slip_apart(dob, p.dob)
            for pid, dob in self.same_pair.get(pair_key, [])
        )

    def add(self, p: Person) -> None:
        for k in exact_keys(p):
            self.exact.setdefault(k, p.pid)
        year_key, pair_key = self._near(p)
        self.same_year.setdefault(year_key, []).append((p.pid, p.dob))
        self.same_pair.setdefault(pair_key, []).append((p.pid, p.dob))
