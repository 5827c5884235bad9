"""Records -> numpy feature arrays, with every distinct string given one integer id.

Both files share one vocabulary, so comparing two records' keys is comparing two integers,
and every string comparison can be cached per distinct pair of values. Values only ever
compared for equality (exact and variant names, folded prison numbers) get ids of their own
(Codes) and no text. Ids rise with each value's first appearance, the first file's records
before the second's: blocking and training sort on them.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, fields
from itertools import chain, compress, count, filterfalse, repeat
from operator import attrgetter
from typing import Any

import numpy as np
import numpy.typing as npt

from reconcile.link.names import parts_keys, split_packed
from reconcile.model import IndRecord, PrisonRecord

MAX_WORDS = 5
_NOT_ALNUM = re.compile(r"[\W_]+")  # str.isalnum's complement: \w is alphanumerics and "_"
IntArray = npt.NDArray[np.int64]

# Characters clerks confuse in identifiers, folded to one form (O/0, I/1/L, S/5, Z/2, B/8).
_CONFUSABLE = str.maketrans({"O": "0", "Q": "0", "D": "0", "I": "1", "L": "1", "S": "5", "Z": "2",
                             "B": "8", "G": "6"})  # fmt: skip


class Codes:
    """Equal values -> equal ids from 1, in order of first appearance (0 is missing). For
    values only ever compared for equality (a name's exact and variant forms, a folded
    prison number): they need no text, so they stay out of the vocabulary's strings."""

    def __init__(self) -> None:
        self.ids: dict[Hashable, int] = {}

    def of(self, values: Sequence[Hashable]) -> IntArray:
        ids = self.ids
        fresh = list(filterfalse(ids.__contains__, dict.fromkeys(values)))
        ids.update(zip(fresh, count(len(ids) + 1)))
        return np.fromiter(map(ids.__getitem__, values), dtype=np.int64, count=len(values))


class Vocabulary:
    """Distinct strings -> consecutive ids; id 0 is reserved for the empty string (missing).

    ``strings`` lists the strings in id order, so it always equals ``list(ids)``."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {"": 0}
        self.strings: list[str] = [""]
        # Names already encoded (their rows in name_rows) and the cleaned text and word keys
        # of each name part: the second file reuses the first file's (see build_features).
        self.names: dict[tuple[str, str], int] = {}
        self.name_rows: IntArray = np.zeros((0, NAME_WIDTH), dtype=np.int64)
        self.parts: dict[str, tuple[str, tuple[str, ...]]] = {}
        self.words: dict[str, str] = {}  # name word -> its key (see names.token_key)
        # Ids of the columns compared for equality only (see Codes); the cleaned name parts
        # without spaces, whose pairs are the exact names.
        self.exact, self.variant, self.folded, self.flat = Codes(), Codes(), Codes(), Codes()
        self.case = Codes()  # IND case references (reference_key)
        # Distinct ids (ascending) and their places in alphabetical order, once sorted
        # (see neighbourhood.string_ranks).
        self.order: tuple[IntArray, IntArray] | None = None

    def id(self, text: str) -> int:
        found = self.ids.get(text)
        if found is None:
            found = len(self.strings)
            self.ids[text] = found
            self.strings.append(text)
        return found

    def forget_names(self) -> None:
        """Drop the cache of encoded names and name parts (ids stay as they are)."""
        self.names = {}
        self.name_rows = np.zeros((0, NAME_WIDTH), dtype=np.int64)
        self.parts = {}
        self.words = {}

    def add(self, texts: Iterable[str]) -> None:
        """Give each text not yet known the next id, in order of first appearance: the ids
        id() would give calling it on each text in turn (deduplicated and looked up in C)."""
        ids = self.ids
        fresh = list(filterfalse(ids.__contains__, dict.fromkeys(texts)))
        ids.update(zip(fresh, count(len(self.strings))))
        self.strings.extend(fresh)

    def ids_of(self, texts: Sequence[str]) -> list[int]:
        """id(text) for each text, in order."""
        self.add(texts)
        return list(map(self.ids.__getitem__, texts))

    def lookup(self, texts: Iterable[str], size: int) -> IntArray:
        """The ids of ``size`` texts already known."""
        return np.fromiter(map(self.ids.__getitem__, texts), dtype=np.int64, count=size)


def clean_number(value: str | None) -> str:
    """A prison number as compared: upper case, no spaces or punctuation."""
    if not value:
        return ""
    upper = value.upper()
    return upper if upper.isalnum() else _NOT_ALNUM.sub("", upper)


def reference_key(value: str | None) -> str:
    """A case reference as compared (upper case, letters and digits only), or "" when it
    cannot identify a case: fewer than 4 characters, no digit, or only zeros for digits
    ("N/A", "UNKNOWN", "TBC", "0000000")."""
    key = clean_number(value)
    digits = [c for c in key if c.isdigit()]
    if len(key) < 4 or not digits or set(digits) == {"0"}:
        return ""
    return key


def fold_confusable(number: str) -> str:
    return number.translate(_CONFUSABLE)


def fold_all(numbers: list[str]) -> list[str]:
    """fold_confusable() of each cleaned number (letters and digits only), in one call."""
    text = "\n".join(numbers)
    if text.count("\n") != max(len(numbers) - 1, 0):
        return list(map(fold_confusable, numbers))
    return fold_confusable(text).split("\n") if numbers else []


@dataclass(slots=True)
class Features:
    """Column arrays for one file, indexed by record idx."""

    exact: IntArray
    variant: IntArray
    bag: IntArray
    surname: IntArray
    forename: IntArray
    first_forename: IntArray
    first_surname: IntArray
    surname_text: IntArray
    forename_text: IntArray
    words: IntArray  # (n, MAX_WORDS), 0 = no word
    n_words: IntArray
    year: IntArray  # 0 = missing
    # 0 = missing, or only the year of birth known (month and day both 0)
    month: IntArray
    day: IntArray
    number: IntArray  # prison number id, 0 = missing
    number_folded: IntArray
    nationality: IntArray
    # Days since 0001-01-01, 0 = missing: a prison row's sentence start and release, and the
    # start of the time in which a referral for it is expected; an IND record's referral.
    custody_start: IntArray
    release: IntArray
    window_start: IntArray
    referral: IntArray
    case: IntArray  # an IND record's case reference id (reference_key), 0 = none
    # The person's PNC ID and CRO number (vocabulary ids of the canonical texts), 0 = none.
    pnc: IntArray
    cro: IntArray

    def __len__(self) -> int:
        return len(self.exact)

    def holds_police_ids(self) -> bool:
        """Whether any record has a PNC ID or a CRO number (most extracts have none)."""
        return bool(self.pnc.any() or self.cro.any())

    def holds_dob(self) -> bool:
        """Whether any record has a date of birth (a year at least): a list that never
        recorded one has none at all, and its pairs can only be missing there."""
        return bool((self.year > 0).any())


Record = PrisonRecord | IndRecord


_NAME_COLUMNS = ("exact", "variant", "bag", "surname", "forename", "first_forename",
                 "first_surname", "surname_text", "forename_text", "n_words")  # fmt: skip
NAME_WIDTH = len(_NAME_COLUMNS) + MAX_WORDS  # a name's row: the columns, then its words


def _first_seen(values: Iterable[Hashable], size: int) -> tuple[list[Any], IntArray]:
    """The distinct values in order of first appearance, and each value's place among them
    (dictionary work done in C: each value's first position, then positions -> places)."""
    first: dict[Hashable, int] = {}
    at = np.fromiter(map(first.setdefault, values, count()), dtype=np.int64, count=size)
    place = np.zeros(size, dtype=np.int64)
    place[np.fromiter(first.values(), dtype=np.int64, count=len(first))] = np.arange(len(first))
    return list(first), place[at]


class _Parts:
    """Name parts (surname or forenames texts) of the names being encoded: each distinct part
    keyed once, its vocabulary strings and, once the vocabulary holds them, its ids."""

    def __init__(self, texts: list[str], vocab: Vocabulary, surname: bool) -> None:
        distinct, self.place = _first_seen(texts, len(texts))
        cache = vocab.parts
        unknown = list(filterfalse(cache.__contains__, distinct))
        cache.update(zip(unknown, parts_keys(unknown, vocab.words), strict=True))
        keyed = list(map(cache.__getitem__, distinct))
        self.flat = [cleaned.replace(" ", "") for cleaned, _ in keyed]
        self.key = [" ".join(words) for _, words in keyed]
        self.words = [words for _, words in keyed]
        # The strings this part adds to the vocabulary, in the order they are given ids:
        # key, first word key, text (surnames without spaces), word keys.
        self.tokens = [
            (key, words[0] if words else "", "t:" + (flat if surname else cleaned),
             *(words[: len(key.split())] if surname else key.split()))
            for (cleaned, words), flat, key in zip(keyed, self.flat, self.key, strict=True)
        ]  # fmt: skip

    def first_met(self) -> list[tuple[str, ...]]:
        """Per name, the strings of its part where the part is met first, else none (the
        vocabulary holds them already)."""
        out: list[tuple[str, ...]] = [()] * len(self.place)
        _, first = np.unique(self.place, return_index=True)
        for at, tokens in zip(first.tolist(), self.tokens, strict=True):
            out[at] = tokens
        return out

    def ids(self, vocab: Vocabulary) -> tuple[IntArray, IntArray, IntArray]:
        """Per name: (key, first word key, text) ids as a (names, 3) array, the first
        MAX_WORDS word ids as a (names, MAX_WORDS) array (0 = no word), and how many word
        ids the part has in all."""
        tokens, size = self.tokens, len(self.tokens)
        lengths = np.fromiter(map(len, tokens), dtype=np.int64, count=size)
        ids = vocab.lookup(chain.from_iterable(tokens), int(lengths.sum()))
        starts = np.cumsum(lengths) - lengths
        heads = ids[starts[:, None] + np.arange(3)]
        counts = lengths - 3
        kept = np.minimum(counts, MAX_WORDS)
        rows = np.repeat(np.arange(size), kept)
        cols = np.arange(len(rows)) - np.repeat(np.cumsum(kept) - kept, kept)
        words = np.zeros((size, MAX_WORDS), dtype=np.int64)
        words[rows, cols] = ids[starts[rows] + 3 + cols]
        return heads[self.place], words[self.place], counts[self.place]


def _name_table(names: list[tuple[str, str]], vocab: Vocabulary) -> IntArray:
    """The name columns (see _NAME_COLUMNS, then MAX_WORDS word ids) of names not encoded
    before, as a (names, NAME_WIDTH) array. Ids are given in the order a name-by-name
    encoding would give them: per name, its surname's strings, its forenames', then its
    exact, variant and bag strings."""
    split = [split_packed(s, f) if "," in s or "," in f else (s, f) for s, f in names]
    sur = _Parts([s for s, _ in split], vocab, surname=True)
    fore = _Parts([f for _, f in split], vocab, surname=False)
    s_at, f_at = sur.place.tolist(), fore.place.tolist()
    named = np.fromiter(map(bool, sur.words), dtype=bool, count=len(sur.words))[sur.place]
    named |= np.fromiter(map(bool, fore.words), dtype=bool, count=len(fore.words))[fore.place]
    bags = [
        "b:" + " ".join(sorted(sur.words[s] + fore.words[f])) if has else ""
        for s, f, has in zip(s_at, f_at, named.tolist(), strict=True)
    ]
    # Ids in the order a name-by-name encoding gives them: per name, its surname's strings
    # (where the surname is met first), its forenames', then its bag.
    vocab.add(
        chain.from_iterable(
            chain.from_iterable(zip(sur.first_met(), fore.first_met(), zip(bags), strict=True))
        )
    )
    s_heads, s_words, s_count = sur.ids(vocab)
    f_heads, f_words, f_count = fore.ids(vocab)
    table = np.zeros((len(names), NAME_WIDTH), dtype=np.int64)
    # Exact: the parts as written without spaces; variant: the parts' keys; both for named
    # names only (a name of no words is missing), ids in order of first appearance.
    flat = vocab.flat
    s_flat = flat.of(sur.flat)[sur.place]
    f_flat = flat.of(fore.flat)[fore.place]
    table[named, 0] = vocab.exact.of(_pairs(s_flat[named], f_flat[named]))
    table[named, 1] = vocab.variant.of(_pairs(s_heads[named, 0], f_heads[named, 0]))
    table[:, 2] = vocab.lookup(bags, len(bags))
    table[:, 3:9] = np.stack(
        [s_heads[:, 0], f_heads[:, 0], f_heads[:, 1], s_heads[:, 1], s_heads[:, 2], f_heads[:, 2]],
        axis=1,
    )
    table[:, 9] = np.minimum(s_count + f_count, MAX_WORDS)
    # The surname's words, then the forenames', the first MAX_WORDS of them.
    slot = np.arange(MAX_WORDS)
    from_fore = slot[None, :] - np.minimum(s_count, MAX_WORDS)[:, None]
    fore_word = np.take_along_axis(f_words, np.clip(from_fore, 0, MAX_WORDS - 1), axis=1)
    table[:, 10:] = np.where(from_fore < 0, s_words, np.where(from_fore < MAX_WORDS, fore_word, 0))
    _distinct_words(table[:, 9], table[:, 10:])
    return table


def _distinct_words(counts: IntArray, words: IntArray) -> None:
    """In place: each name's words once each, in order, and their count. A name can hold one
    word twice (ABDI CABDI: one name in two spellings, one key), which is one piece of
    evidence; counted twice, every word of a shorter name would seem found in it."""
    again = np.zeros(words.shape, dtype=bool)
    for j in range(1, words.shape[1]):
        again[:, j] = (words[:, :j] == words[:, j : j + 1]).any(axis=1) & (words[:, j] != 0)
    rows = np.flatnonzero(again.any(axis=1))
    if len(rows) == 0:
        return
    kept = np.where(again[rows], 0, words[rows])
    order = np.argsort(kept == 0, axis=1, kind="stable")
    words[rows] = np.take_along_axis(kept, order, axis=1)
    counts[rows] = np.count_nonzero(kept, axis=1)


def _pairs(a: IntArray, b: IntArray) -> list[int]:
    """Two non-negative ids below 2**31 as one integer per pair."""
    return (a * np.int64(1 << 31) + b).tolist()


def _name_columns(records: Sequence[Record], vocab: Vocabulary) -> IntArray:
    """Each record's row of name columns; each distinct (surname, forenames) encoded once,
    and once for both files (the vocabulary remembers the names it has encoded)."""
    names, place = _first_seen(map(_NAME_OF, records), len(records))
    names = [(s or "", f or "") for s, f in names]
    seen = vocab.names
    row = np.fromiter(map(seen.get, names, repeat(-1)), dtype=np.int64, count=len(names))
    new = row < 0
    fresh = list(compress(names, new.tolist()))
    if fresh:
        start = len(vocab.name_rows)
        vocab.name_rows = np.concatenate([vocab.name_rows, _name_table(fresh, vocab)])
        seen.update(zip(fresh, count(start)))
        row[new] = np.arange(start, start + len(fresh))
    return vocab.name_rows[row[place]]


_NAME_OF = attrgetter("surname", "forenames")


def build_features(records: Sequence[Record], vocab: Vocabulary) -> Features:
    """Encode records; names are keyed once per distinct (surname, forenames) and name part,
    every other column once per distinct value."""
    n = len(records)
    table = _name_columns(records, vocab)
    cols = {name: table[:, k] for k, name in enumerate(_NAME_COLUMNS)}
    dates, place = _first_seen(map(attrgetter("dob"), records), n)
    ymd = np.array([(d.year, d.month, d.day) if d else (0, 0, 0) for d in dates], dtype=np.int64)
    ymd = ymd.reshape(-1, 3)[place]
    # A year of birth given alone is the year with month and day 0 (see dob_code); only rows
    # without a date of birth can give one.
    if None in dates:
        undated = np.flatnonzero(place == dates.index(None))
        years = [records[k].birth_year or 0 for k in undated.tolist()]
        ymd[undated, 0] = np.asarray(years, dtype=np.int64).reshape(-1)
    cols["year"], cols["month"], cols["day"] = ymd[:, 0], ymd[:, 1], ymd[:, 2]
    raw, place = _first_seen(map(attrgetter("prison_number"), records), n)
    numbers = list(map(clean_number, raw))
    cols["number"] = _value_ids(numbers, vocab, "n:")[place]
    folded = fold_all(numbers)
    cols["number_folded"] = _equal_ids(folded, vocab.folded)[place]
    raw, place = _first_seen(map(attrgetter("nationality"), records), n)
    cols["nationality"] = _value_ids([v or "" for v in raw], vocab, "c:")[place]
    cols.update(_custody_days(records))
    cols["case"] = _case_ids(records, vocab)
    for name, prefix in (("pnc", "p:"), ("cro", "r:")):
        cols[name] = _police_ids(records, name, vocab, prefix)
    return Features(words=np.ascontiguousarray(table[:, len(_NAME_COLUMNS) :]), **cols)


def _case_ids(records: Sequence[Record], vocab: Vocabulary) -> IntArray:
    """Each IND record's case reference id (0 when it has none that identifies a case, see
    reference_key); all 0 for prison rows. References are nearly all distinct, so each is
    cleaned as it comes, and those that identify nothing are found by one pattern search
    over all of them joined by newlines (cleaned, they hold letters and digits only)."""
    if not records or not hasattr(records[0], "case_ref"):
        return np.zeros(len(records), dtype=np.int64)
    keys = list(map(clean_number, map(attrgetter("case_ref"), records)))
    void = set(_IDENTIFIES_NOTHING.findall("\n".join(keys)))
    if void:
        keys = [k if k not in void else "" for k in keys]
    return _equal_ids(keys, vocab.case)


def _police_ids(records: Sequence[Record], name: str, vocab: Vocabulary, prefix: str) -> IntArray:
    """Each record's PNC ID or CRO number as a vocabulary id (0 when it has none); all 0
    without a lookup when no record has one (most extracts)."""
    if not any(map(attrgetter(name), records)):
        return np.zeros(len(records), dtype=np.int64)
    raw, place = _first_seen(map(attrgetter(name), records), len(records))
    return _value_ids([v or "" for v in raw], vocab, prefix)[place]


# A cleaned case reference that identifies nothing: under 4 characters, or no digit but 0.
_IDENTIFIES_NOTHING = re.compile(r"^(?:[^1-9\n]*|[^\n]{1,3})$", re.MULTILINE)


REFERRAL_LEAD_DAYS = 730  # a referral up to this long before release counts as in time


def _days(records: Sequence[Record], name: str) -> IntArray:
    """Each record's date ``name`` as days since 0001-01-01 (0 when missing, or when the
    records have no such field): converted once per distinct date."""
    if not records or not hasattr(records[0], name):
        return np.zeros(len(records), dtype=np.int64)
    dates, place = _first_seen(map(attrgetter(name), records), len(records))
    days = np.array([d.toordinal() if d else 0 for d in dates], dtype=np.int64)
    return days[place]


def _custody_days(records: Sequence[Record]) -> dict[str, IntArray]:
    """custody_start, release, window_start and referral per record (see Features)."""
    release = _days(records, "release_date")
    start = _days(records, "sentence_start")
    lead = np.where(release > 0, release - REFERRAL_LEAD_DAYS, 0)
    window = np.where((start > 0) & (start < lead), start, lead)
    referral = _days(records, "referral_date")
    return {
        "custody_start": start,
        "release": release,
        "window_start": window,
        "referral": referral,
    }


def _value_ids(values: list[str], vocab: Vocabulary, prefix: str) -> IntArray:
    """Vocabulary id of prefix + value for each value, 0 for an empty value; new values are
    given ids in order."""
    texts = [prefix + v if v else "" for v in values]
    vocab.add(texts)
    return vocab.lookup(texts, len(texts))


def _equal_ids(values: list[str], codes: Codes) -> IntArray:
    """The id of each value among ``codes``, 0 for an empty value."""
    out = np.zeros(len(values), dtype=np.int64)
    present = np.fromiter(map(bool, values), dtype=bool, count=len(values))
    out[present] = codes.of(list(compress(values, present.tolist())))
    return out


def joined(first: Features, second: Features) -> Features:
    """The features of ``first``'s records followed by ``second``'s (row by row)."""
    return Features(
        **{
            col.name: np.concatenate([getattr(first, col.name), getattr(second, col.name)])
            for col in fields(Features)
        }
    )


def dob_code(f: Features) -> IntArray:
    """YYYYMMDD as an integer, 0 when missing; YYYY0000 when only the year is known."""
    return np.where(f.year > 0, f.year * 10000 + f.month * 100 + f.day, 0)
