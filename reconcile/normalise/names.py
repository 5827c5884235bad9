"""Name cleaning and splitting (matching keys belong to the linker, in reconcile.link).

``clean_name`` transliterates to ASCII (Wiśniewski -> WISNIEWSKI, Yılmaz -> YILMAZ,
Nguyễn -> NGUYEN), upper-cases, keeps letters, spaces, hyphens and apostrophes, and turns
anything else into a space. A name that starts with =, +, - or @ is a name like any other:
it is cleaned, never evaluated, blanked or escaped here (the writers make cells safe).

``split_full_name`` reads "SURNAME, Forenames" (comma) and "Forenames Surname" (last word,
with particles such as "de la" or "al" that lead into it, see PARTICLES). In mixed-case text
a run of capitalised words at either end is the surname, as official records write it
("Van Minh NGUYEN", "NGUYEN Van Minh"). A leading title (Mr, Mrs, Dr ...) is not part of the
name and is dropped (see TITLES), and so is a generational suffix after it ("John SMITH
Jnr", "SMITH, John Jr.", see SUFFIXES): taken for the last word, it was read as the surname.
"Mc" written apart from the rest of the surname ("Sean Mc Donald") joins it, as a particle.
"""

from __future__ import annotations

import re
from functools import lru_cache

from anyascii import anyascii

_NOT_NAME = re.compile(r"[^A-Z' -]+")
# Already clean but for case: ASCII letters, apostrophes and hyphens, words one space apart.
_PLAIN = re.compile(r"[A-Za-z'-]+(?: [A-Za-z'-]+)*")
_SPACES = re.compile(r"\s+")
# Words that join the surname when they come just before it and are written in lower case
# ("Ludwig van Beethoven"). Capitalised, several are names in their own right (Vietnamese
# Van, Le and Do), so only the unambiguous ones join whatever their case.
PARTICLES = frozenset(
    {"al", "el", "bin", "binti", "bint", "ibn", "de", "del", "dela", "della", "da", "das", "di",
     "do", "dos", "du", "la", "le", "lo", "van", "von", "der", "den", "ter", "ten", "st", "san",
     "santa"}
)  # fmt: skip
PARTICLES_ANY_CASE = frozenset(
    {"AL", "EL", "BIN", "BINTI", "BINT", "IBN", "DE", "DEL", "DELLA", "DOS", "VON", "MC"}
)


# Titles a clerk may write before a name ("Mr Ahmed HASSAN", forenames "Mrs. Amina"): never
# part of the name, so dropped when they lead a forenames or full-name cell and other words
# follow (a cell that holds a title alone keeps it: it says nothing else).
TITLES = frozenset({"MR", "MRS", "MS", "MISS", "MX", "DR", "SIR", "REV", "PROF"})


def without_title(cleaned: str) -> str:
    """A cleaned forenames (or full name) without a leading title: "MR AHMED" -> "AHMED",
    nor a trailing generational suffix: "JOHN JNR" -> "JOHN"."""
    head, _, rest = cleaned.partition(" ")
    cleaned = rest if rest and head in TITLES else cleaned
    return without_suffix(cleaned)


# Generational suffixes a clerk may write after a name ("John SMITH Jnr", "SMITH, John
# Jr."): never part of the surname or forenames, so dropped when they end a cell and other
# words come before them. Only the abbreviations and numerals: "Senior" and "Junior" are
# surnames and forenames in their own right.
SUFFIXES = frozenset({"JNR", "JR", "JUNR", "SNR", "SR", "II", "III", "IV"})


def without_suffix(cleaned: str) -> str:
    """A cleaned name without a trailing generational suffix: "SMITH JNR" -> "SMITH"."""
    rest, _, tail = cleaned.rpartition(" ")
    return rest if rest and tail in SUFFIXES else cleaned


# An alias written into a name cell: "SMITH (aka JONES)", "John SMITH aka Johnny JONES",
# "Ahmed HASSAN alias Ahmad HASAN", "MOHAMMED @ MOHAMED" (the police's "@"), "[alias]".
_MARK = r"(?:A\.?K\.?A\.?|ALIAS|ALSO\s+KNOWN\s+AS)"
_ALIAS = re.compile(
    rf"\s*(?:[(\[]\s*{_MARK}(?![A-Z])\s*(?P<bracketed>[^)\]]*)[)\]]"
    rf"|\s(?:{_MARK}(?![A-Z])|@)\s*(?P<trailing>\S.*))\s*$",
    re.IGNORECASE | re.DOTALL,
)


# Longer cells are not searched for an alias (on thousands of spaces the search would take
# seconds); no name and alias run this long.
ALIAS_MAX_CHARS = 300
# What every alias marker holds, in capitals (most names hold none of it).
_MAYBE_ALIAS = ("AKA", "A.K", "K.A", "ALIAS", "KNOWN", "@")


def maybe_aliases(texts: list[str]) -> set[str]:
    """The texts among ``texts`` that may give an alias (alias_split says which do): found
    by a plain search for each marker over them all, joined by newlines, instead of a
    pattern search per text."""
    joined = "\n".join(texts)
    if joined.count("\n") != max(len(texts) - 1, 0):  # a text holds a newline itself
        return {t for t in texts if any(m in t.upper() for m in _MAYBE_ALIAS)}
    upper = joined.upper()
    if len(upper) != len(joined):  # a letter whose capital is longer: search text by text
        return {t for t in texts if any(m in t.upper() for m in _MAYBE_ALIAS)}
    found: set[str] = set()
    for marker in _MAYBE_ALIAS:
        at = upper.find(marker)
        while at >= 0:
            start = joined.rfind("\n", 0, at) + 1
            end = joined.find("\n", at)
            end = len(joined) if end < 0 else end
            found.add(joined[start:end])
            at = upper.find(marker, end)
    return found


def alias_split(text: str) -> tuple[str, str]:
    """(the name before an alias marker, the alias after it); (text, "") when the cell names
    no alias. A bare marker must come between two names: "Aka MENSAH" and "Kwame AKA" are a
    forename and a surname."""
    if len(text) > ALIAS_MAX_CHARS:
        return text, ""
    found = _ALIAS.search(text)
    if found is None or not text[: found.start()].strip():
        return text, ""
    alias = found["bracketed"] if found["bracketed"] is not None else found["trailing"]
    return text[: found.start()].strip(), (alias or "").strip()


def alias_parts(text: str) -> tuple[str, list[str]]:
    """(the name before any alias marker, each alias the cell gives, in order): "SMITH aka
    JONES aka BROWN" and "SMITH (aka JONES) (aka BROWN)" are SMITH, known as JONES and as
    BROWN; (text, []) when the cell names no alias, and no alias for a bare marker."""
    name, alias = alias_split(text)
    if name == text:
        return text, []
    head, before = alias_parts(name)  # bracketed aliases before the last
    after: list[str] = []
    while alias:
        first, rest = alias_split(alias)
        after.append(first)
        alias = rest if first != alias else ""
    return head, [*before, *(a for a in after if a)]


@lru_cache(maxsize=262_144)
def clean_name(text: str) -> str:
    """ASCII upper case with letters, spaces, hyphens and apostrophes only; "" when empty."""
    if not text:
        return ""
    if _PLAIN.fullmatch(text):  # most names: nothing to transliterate, drop or squeeze
        return text.upper()
    ascii_text = anyascii(text).upper().replace("`", "'")
    return _SPACES.sub(" ", _NOT_NAME.sub(" ", ascii_text)).strip()


def _is_shouted(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _is_particle(word: str) -> bool:
    return word in PARTICLES or word.upper() in PARTICLES_ANY_CASE


def _surname_words(words: list[str]) -> int:
    """How many words at the end of ``words`` form the surname (at least one)."""
    count = 1
    while count < len(words) - 1 and _is_particle(words[-count - 1]):
        count += 1
    return count


def _split_words(words: list[str]) -> tuple[list[str], list[str]]:
    """(surname words, forename words) for a name without a comma."""
    if len(words) < 2:
        return words, []
    shouted = [_is_shouted(w) for w in words]
    if any(shouted) and not all(shouted):
        lead = next(i for i, s in enumerate(shouted) if not s)
        trail = next(i for i, s in enumerate(reversed(shouted)) if not s)
        if lead and not any(shouted[lead:]):
            return words[:lead], words[lead:]
        if trail and not any(shouted[: len(words) - trail]):
            return words[-trail:], words[:-trail]
    n = _surname_words(words)
    return words[-n:], words[:-n]


# A Chinese or Korean name written in its own script, without spaces: the family name is
# the first character ("王小明" is WANG Xiaoming, "김민준" KIM Minjun), or the first word when
# spaced ("王 小明"). Transliterated whole it would be one word, WANGXIAOMING, taken for the
# surname and never equal to "WANG"; read as Forenames Surname, the order would be turned.
_HAN_OR_HANGUL = re.compile(r"[\u4e00-\u9fff\uac00-\ud7a3]+")


@lru_cache(maxsize=262_144)
def split_full_name(text: str) -> tuple[str, str]:
    """(SURNAME, FORENAMES), cleaned. "SURNAME, Forenames" or "Forenames Surname"."""
    if not text or not text.strip():
        return "", ""
    script_words = text.split()
    if all(map(_HAN_OR_HANGUL.fullmatch, script_words)):
        if len(script_words) == 1:
            return clean_name(text.strip()[0]), clean_name(text.strip()[1:])
        return clean_name(script_words[0]), clean_name(" ".join(script_words[1:]))
    if "," in text:
        surname, _, forenames = text.partition(",")
        given = without_title(clean_name(forenames.replace(",", " ")))
        if clean_name(surname) and given and given not in SUFFIXES:
            return without_suffix(clean_name(surname)), given
        text = text.replace(",", " ")
    words = [w for w in _SPACES.split(anyascii(text).strip()) if clean_name(w)]
    if len(words) > 1 and clean_name(words[0]) in TITLES:
        words = words[1:]
    if len(words) > 2 and clean_name(words[-1]) in SUFFIXES:
        words = words[:-1]
    surname_words, forename_words = _split_words(words)
    return clean_name(" ".join(surname_words)), clean_name(" ".join(forename_words))


@lru_cache(maxsize=65_536)
def forenames_from_full(surname: str, full: str) -> str:
    """The forenames a full-name cell holds beside a cleaned ``surname`` given on its own (an
    extract with a surname column and a full-name column, but no forenames column): the
    full name's words less the surname's, if the surname is among them; else "" (the full
    name is then not this surname's, and nothing is guessed)."""
    split_surname, split_forenames = split_full_name(full)
    if split_surname == surname:
        return split_forenames
    written = [w for w in _SPACES.split(anyascii(full.replace(",", " ")).strip()) if clean_name(w)]
    words = [clean_name(w) for w in written]
    own = set(surname.split())
    at = [i for i, w in enumerate(words) if w in own]
    if not own or not at:
        return ""
    # A particle just before the surname belongs to it ("Joao da Silva", surname SILVA).
    lead = at[0] - 1
    drop = set(at) | ({lead} if lead >= 0 and _is_particle(written[lead]) else set())
    rest = [w for i, w in enumerate(words) if i not in drop]
    return without_title(" ".join(rest))
