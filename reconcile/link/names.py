"""Name keys for matching: particles, punctuation folding, transliteration families, skeletons.

Every function here is pure and cached per distinct value, because names repeat: a national
extract of 200,000 rows has far fewer distinct names than rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import chain, filterfalse, groupby

from reconcile.link.variants import FAMILIES, FAMILY_OF, GLUED_PREFIXES, JOINING_PREFIXES, PARTICLES
from reconcile.normalise.names import clean_name

_SPACES = re.compile(r"\s+")

# Spelling rules of the skeleton key, applied in order. They fold transliteration noise
# (KH/K, PH/F, OU/U, doubled letters) but keep vowels apart enough that MUHAMMAD and MAHMUD,
# ZHANG and ZHENG, HASSAN and HUSSEIN keep different keys. An umlaut written the German way
# (OEZTUERK, as passports spell OZTURK) folds first, before O becomes U.
_SKELETON_RULES: tuple[tuple[str, str], ...] = (
    ("OE", "O"),
    ("UE", "U"),
    ("AE", "A"),
    ("SCH", "S"),
    ("PH", "F"),
    ("GH", "G"),
    ("KH", "K"),
    ("TH", "T"),
    ("DH", "D"),
    ("SH", "S"),
    ("ZH", "J"),
    ("DJ", "J"),
    ("CK", "K"),
    ("Q", "K"),
    ("W", "V"),
    ("Z", "S"),
    ("OU", "U"),
    ("OO", "U"),
    ("O", "U"),
    ("EE", "I"),
    ("IE", "I"),
    ("EI", "AI"),
    ("EY", "AI"),
    ("AY", "AI"),
)
_CH = re.compile(r"C(?!H)")
# Somali writes the sound H as X (XASAN, MAXAD); Pinyin's X is always followed by I or U.
_SOMALI_X = re.compile(r"X(?=[AEO])")
_TRAILING_H = re.compile(r"(?<=[AEIOU])H$")


def clean_text(value: str) -> str:
    """Cleaned upper-case ASCII (the normaliser's clean_name), apostrophes removed
    (O'BRIEN -> OBRIEN) and hyphens made spaces (AL-JABURI -> AL JABURI)."""
    text = clean_name(value).replace("'", "").replace("-", " ")
    return _SPACES.sub(" ", text).strip()


_BLANKS = re.compile(r"[^\S\n]+")  # whitespace but newlines
_LINE_ENDS = re.compile(r" ?\n ?")


def clean_texts(values: Sequence[str]) -> list[str]:
    """clean_text() of each value: the normaliser's clean_name one by one, then the rest
    done once on all the names joined by newlines."""
    names = list(map(clean_name, values))
    text = "\n".join(names)
    if not names or text.count("\n") != len(names) - 1:
        return [clean_text(v) for v in values]  # a name holding a newline: one by one
    text = _BLANKS.sub(" ", text.replace("'", "").replace("-", " "))
    return _LINE_ENDS.sub("\n", text).strip(" ").split("\n")


def split_packed(surname: str, forenames: str) -> tuple[str, str]:
    """Undo "SURNAME, Forename" packed into one cell; otherwise drop stray commas."""
    if not forenames and "," in surname:
        head, _, tail = surname.partition(",")
        return head.strip(), tail.replace(",", " ").strip()
    if not surname and "," in forenames:
        head, _, tail = forenames.partition(",")
        return head.strip(), tail.replace(",", " ").strip()
    return surname.replace(",", " ").strip(), forenames.replace(",", " ").strip()


@cache
def skeleton(token: str) -> str:
    """A spelling-tolerant key for one name word (MOHAMMED -> MUHAMED, YOUSSEF -> YUSEF)."""
    text = _SOMALI_X.sub("H", token)
    text = _CH.sub("K", text)
    for old, new in _SKELETON_RULES:
        text = text.replace(old, new)
    if len(text) > 1:
        text = text[0] + text[1:].replace("Y", "I")
    text = _TRAILING_H.sub("", text)
    return "".join(ch for ch, _ in groupby(text))


# The per-token rules of skeleton() that look at a token's ends or at neighbouring letters,
# written for many tokens joined by newlines ("." never matches a newline).
_INNER_Y = re.compile(r"(?<=.)Y")
_TRAILING_H_EACH = re.compile(r"(?<=[AEIOU])H$", re.MULTILINE)
_REPEATED = re.compile(r"(.)\1+")


def skeletons(tokens: Sequence[str]) -> list[str]:
    """skeleton() of each token, each rule applied once to all the tokens joined by newlines
    (no rule reaches across a newline), instead of once per token."""
    text = "\n".join(tokens)
    if not tokens or text.count("\n") != len(tokens) - 1:
        return [skeleton(t) for t in tokens]  # a token holding a newline: one by one
    text = _SOMALI_X.sub("H", text)
    text = _CH.sub("K", text)
    for old, new in _SKELETON_RULES:
        text = text.replace(old, new)
    text = _INNER_Y.sub("I", text)
    text = _TRAILING_H_EACH.sub("", text)
    return _REPEATED.sub(r"\1", text).split("\n")


def _skeleton_families() -> dict[str, str]:
    """Skeleton of every family member -> skeleton of the family head, where unambiguous."""
    owners: dict[str, set[str]] = {}
    for family in FAMILIES:
        for name in family:
            owners.setdefault(skeleton(name), set()).add(family[0])
    return {skel: skeleton(next(iter(heads))) for skel, heads in owners.items() if len(heads) == 1}


_SKELETON_FAMILY: dict[str, str] = _skeleton_families()


@cache
def token_key(token: str) -> str:
    """The key two spellings of one name share: the family head's skeleton when the word (or
    its skeleton) belongs to a transliteration family, else the word's own skeleton."""
    head = FAMILY_OF.get(token)
    if head is not None:
        return skeleton(head)
    skel = skeleton(token)
    return _SKELETON_FAMILY.get(skel, skel)


def token_keys(tokens: Sequence[str]) -> list[str]:
    """token_key() of each token, the skeletons made together (see skeletons)."""
    heads = [FAMILY_OF.get(t) for t in tokens]
    skels = skeletons([t if h is None else h for t, h in zip(tokens, heads, strict=True)])
    family = _SKELETON_FAMILY.get
    return [family(s, s) if h is None else s for s, h in zip(skels, heads, strict=True)]


def name_words(text: str) -> tuple[str, ...]:
    """The identity-bearing words of a cleaned name part: particles dropped (AL, DE, VAN...),
    ABDUL/ABU/MC joined to the next word, a glued AL/EL stripped from a long word (the same
    word may be a surname in one file and a forename in the other)."""
    raw = text.replace(",", " ").split()
    words: list[str] = []
    i = 0
    while i < len(raw):
        word = raw[i]
        if word in JOINING_PREFIXES and i + 1 < len(raw):
            words.append(("MAC" if word == "MC" else word) + raw[i + 1])
            i += 2
            continue
        if word in PARTICLES and len(raw) > 1:
            i += 1
            continue
        words.append("MAC" + word[2:] if word.startswith("MC") and len(word) > 3 else word)
        i += 1
    return tuple(_strip_glued(w) for w in words)


def _kept_as_is(word: str) -> bool:
    """name_words() keeps the word as it is wherever it stands in a name."""
    if word in PARTICLES or word in JOINING_PREFIXES:
        return False
    return not (word.startswith("MC") and len(word) > 3) and _strip_glued(word) == word


def _strip_glued(word: str) -> str:
    if word in FAMILY_OF:
        return word
    for prefix in GLUED_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 4:
            return word[len(prefix) :]
    return word


@dataclass(frozen=True, slots=True)
class NameKeys:
    """The keys of one record's name, computed once per distinct (surname, forenames)."""

    exact: str  # cleaned, spaces removed: AL-JABURI = AL JABURI = ALJABURI
    surname_text: str  # cleaned surname, for spelling similarity
    forename_text: str
    variant: str  # word keys in order, surname | forenames
    bag: str  # word keys sorted: order-insensitive
    surname_key: str  # joined word keys of the surname
    forename_key: str  # joined word keys of the forenames
    first_forename: str  # key of the first forename word
    first_surname: str  # key of the first surname word
    words: tuple[str, ...]  # every word key (surname words first)

    @property
    def missing(self) -> bool:
        return not self.words


@lru_cache(maxsize=1 << 20)
def part_keys(text: str) -> tuple[str, tuple[str, ...]]:
    """A cleaned name part and its word keys (for a part without commas)."""
    cleaned = clean_text(text)
    return cleaned, tuple(token_key(w) for w in name_words(cleaned))


def parts_keys(texts: Iterable[str], known: dict[str, str]) -> list[tuple[str, tuple[str, ...]]]:
    """part_keys() of each text; ``known`` maps words to their keys and learns the words
    first met here (their keys made together, see token_keys)."""
    cleaned = clean_texts(list(texts))
    raws = [text.split() for text in cleaned]
    as_is = {w: _kept_as_is(w) for w in dict.fromkeys(chain.from_iterable(raws))}.__getitem__
    words = [
        tuple(raw) if all(map(as_is, raw)) else name_words(text)
        for text, raw in zip(cleaned, raws, strict=True)
    ]
    fresh = list(filterfalse(known.__contains__, dict.fromkeys(chain.from_iterable(words))))
    known.update(zip(fresh, token_keys(fresh), strict=True))
    key = known.__getitem__
    return [(text, tuple(map(key, ws))) for text, ws in zip(cleaned, words, strict=True)]


def name_keys(surname: str, forenames: str) -> NameKeys:
    """All keys of a name. Inputs may be raw; they are cleaned here."""
    if "," in surname or "," in forenames:
        surname, forenames = split_packed(surname, forenames)
    sur, sur_words = part_keys(surname)
    fore, fore_words = part_keys(forenames)
    words = sur_words + fore_words
    return NameKeys(
        exact=sur.replace(" ", "") + "|" + fore.replace(" ", ""),
        surname_text=sur.replace(" ", ""),
        forename_text=fore,
        variant=" ".join(sur_words) + "|" + " ".join(fore_words),
        bag=" ".join(sorted(words)),
        surname_key=" ".join(sur_words),
        forename_key=" ".join(fore_words),
        first_forename=fore_words[0] if fore_words else "",
        first_surname=sur_words[0] if sur_words else "",
        words=words,
    )
