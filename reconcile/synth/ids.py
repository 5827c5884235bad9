"""Identifiers: prison numbers (NOMS layout) and Home Office case references, and the ways
prison numbers get mistyped when copied from one system to another."""

from __future__ import annotations

import random
from collections.abc import Callable

from anyascii import anyascii

# NOMS numbers never use B, I, O, S or U as letters.
NOMS_LETTERS = "ACDEFGHJKLMNPQRTVWXYZ"


class IdMaker:
    """Unique prison numbers and case references from one random stream."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def _unique(self, make: Callable[[], str]) -> str:
        while True:
            value = make()
            if value not in self.used:
                self.used.add(value)
                return value

    def prison_number(self) -> str:
        r = self.rng
        return self._unique(
            lambda: (
                r.choice("ACDEFGH")
                + f"{r.randint(1, 9999):04d}"
                + r.choice(NOMS_LETTERS)
                + r.choice(NOMS_LETTERS)
            )
        )

    def case_ref(self, surname: str) -> str:
        """Letter + 7 digits; the letter is the initial of the family name, as IND did."""
        initial = next((c for c in anyascii(surname).upper() if "A" <= c <= "Z"), "X")
        r = self.rng
        return self._unique(lambda: initial + f"{r.randint(1_000_000, 9_999_999)}")


def styled_number(number: str, pick: int) -> str:
    """A harmless layout difference: lower case, or spaces between the parts."""
    if pick % 2:
        return number.lower()
    return f"{number[0]} {number[1:5]} {number[5:]}"


def mistyped_number(number: str) -> str:
    """Letter O for digit 0, letter I for digit 1 (or a zero for the second letter O-like
    slip when the number has neither)."""
    digits = number[1:5]
    if "0" in digits:
        return number[0] + digits.replace("0", "O", 1) + number[5:]
    if "1" in digits:
        return number[0] + digits.replace("1", "I", 1) + number[5:]
    return number[:5] + number[5:].replace("D", "0", 1) if "D" in number[5:] else number.lower()


def can_mistype(number: str) -> bool:
    return any(c in number[1:5] for c in "01") or "D" in number[5:]
