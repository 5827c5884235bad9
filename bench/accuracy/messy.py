"""How clerks write one person's name, date of birth and prison number: the corruptions.

Each function takes the true value and a seeded random generator and returns one record's
version of it. Rates are per record and documented beside each step.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from pools import SPELLING_OF, Origin

from reconcile.normalise.names import split_full_name

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_GERMAN_STYLE = {"ü": "ue", "ö": "oe", "Ü": "Ue", "Ö": "Oe", "ä": "ae"}


def spelling(text: str, rng: random.Random, rate: float) -> str:
    """Another spelling of a known name (whole string first, then word by word)."""
    if text in SPELLING_OF and rng.random() < rate:
        return rng.choice(SPELLING_OF[text])
    words = text.split()
    if len(words) > 1:
        return " ".join(spelling(w, rng, rate) for w in words)
    return text


def typo(text: str, rng: random.Random) -> str:
    """One keying error in a word of four letters or more (never the first letter)."""
    words = text.split()
    long_words = [k for k, w in enumerate(words) if len(w) >= 4]
    if not long_words:
        return text
    k = rng.choice(long_words)
    w = words[k]
    pos = rng.randrange(1, len(w))
    kind = rng.randrange(4)
    if kind == 0:
        w = w[:pos] + rng.choice(LETTERS).lower() + w[pos + 1 :]
    elif kind == 1:
        w = w[:pos] + w[pos + 1 :]
    elif kind == 2:
        w = w[:pos] + rng.choice(LETTERS).lower() + w[pos:]
    elif pos < len(w) - 1:
        w = w[:pos] + w[pos + 1] + w[pos] + w[pos + 2 :]
    words[k] = w
    return " ".join(words)


def render_name(
    origin: Origin, surname: str, forenames: str, rng: random.Random
) -> tuple[str, str]:
    """(surname cell, forenames cell) as one clerk wrote them."""
    if not origin.surnames:  # Somali: given father grandfather
        given, father, grandfather = forenames.split("|")
        if rng.random() < 0.6:
            sur, fore = grandfather, f"{given} {father}"
        else:
            sur, fore = father, given
    else:
        sur, fore = surname, forenames
    sur, fore = spelling(sur, rng, 0.35), spelling(fore, rng, 0.3)
    words = fore.split()
    leading = words[0] in ("Muhammad", "Mohammed", "Mohammad", "Mohamed") if words else False
    if leading and len(words) > 1 and rng.random() < 0.3:  # leading Muhammad dropped
        words = words[1:]
    if origin.surnames and len(words) > 1 and rng.random() < 0.12:  # middle names dropped
        words = words[:1]
    fore = " ".join(words)
    if rng.random() < 0.15:
        sur = "".join(_GERMAN_STYLE.get(ch, ch) for ch in sur)
        fore = "".join(_GERMAN_STYLE.get(ch, ch) for ch in fore)
    if rng.random() < 0.10:
        if rng.random() < 0.5:
            sur = typo(sur, rng)
        else:
            fore = typo(fore, rng)
    if rng.random() < (0.30 if origin.family_first else 0.04):
        sur, fore = fore, sur  # given and family names swapped by the clerk
    case = rng.random()
    if case < 0.5:
        sur, fore = sur.upper(), fore.upper()
    elif case < 0.6:
        sur, fore = sur.lower(), fore.lower()
    if rng.random() < 0.02:
        # one full-name cell, split as the reader splits it
        if rng.random() < 0.5:
            return split_full_name(f"{sur.upper()}, {fore}")
        return split_full_name(f"{fore.title()} {sur.upper()}")
    if rng.random() < 0.004:
        return "", fore
    return sur, fore


def render_dob(true: date, placeholder: bool, rng: random.Random, *, ind: bool) -> date | None:
    """One record's date of birth: placeholders, then per record 1-2% missing, 1.5% day and
    month swapped, 1.5% one digit wrong, 1% year off by one."""
    held = placeholder and rng.random() < (0.9 if ind else 0.5)
    value = date(true.year, 1, 1) if held else true
    if rng.random() < (0.02 if ind else 0.01):
        return None
    r = rng.random()
    if r < 0.015:  # day and month swapped (only visible when the day is 12 or less)
        if value.day <= 12 and value.day != value.month:
            return date(value.year, value.day, value.month)
        return value
    if r < 0.03:
        return _digit_error(value, rng)
    if r < 0.04:
        try:
            return value.replace(year=value.year + rng.choice((-1, 1)))
        except ValueError:
            return value - timedelta(days=1)
    return value


def _digit_error(value: date, rng: random.Random) -> date:
    for _ in range(10):
        text = value.strftime("%Y%m%d")
        pos = rng.choice((2, 3, 5, 6, 7))
        digit = rng.choice([d for d in "0123456789" if d != text[pos]])
        new = text[:pos] + digit + text[pos + 1 :]
        try:
            return date(int(new[:4]), int(new[4:6]), int(new[6:]))
        except ValueError:
            continue
    return value


def new_prison_number(rng: random.Random) -> str:
    return rng.choice(LETTERS) + rng.choice(LETTERS) + f"{rng.randrange(10000):04d}"


def render_number(number: str, rng: random.Random) -> str:
    """Confusable characters, a wrong digit, lower case and stray spaces."""
    r = rng.random()
    if r < 0.02:
        table = str.maketrans({"0": "O", "1": "I", "O": "0", "I": "1"})
        number = number.translate(table)
    elif r < 0.04:
        pos = rng.randrange(2, 6)
        number = number[:pos] + rng.choice("0123456789") + number[pos + 1 :]
    if rng.random() < 0.15:
        number = number.lower()
    if rng.random() < 0.1:
        number = number[:2] + " " + number[2:]
    return number
