"""Records -> numpy feature arrays, with every distinct string given one integer id.

Both files share one vocabulary, so comparing two records' keys is comparing two integers,
and every string comparison can be cached per distinct pair of values.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from reconcile.link.names import NameKeys, name_keys, part_keys
from reconcile.model import IndRecord, PrisonRecord

MAX_WORDS = 5
_NOT_ALNUM = re.compile(r"[\W_]+")  # str.isalnum's complement: \w is alphanumerics and "_"
IntArray = npt.NDArray[np.int64]

# Characters clerks confuse in identifiers, folded to one form (O/0, I/1/L, S/5, Z/2, B/8).
_CONFUSABLE = str.maketrans({"O": "0", "Q": "0", "D": "0", "I": "1", "L": "1", "S": "5", "Z": "2",
                             "B": "8", "G": "6"})  # fmt: skip


class Vocabulary:
    """Distinct strings -> consecutive ids; id 0 is reserved for the empty string (missing)."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {"": 0}
        self.strings: list[str] = [""]
        # Name columns of each (surname, forenames) and keys of each name part already
        # encoded: the second file reuses the first file's names (see build_features).
        self.names: dict[tuple[str, str], list[int]] = {}
        self.parts: dict[str, _Part] = {}
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
        self.parts = {}

    def ids_of(self, texts: Iterable[str]) -> list[int]:
        """id(text) for each text, in order (one call for many: no call per text)."""
        ids, strings = self.ids, self.strings
        out: list[int] = []
        for text in texts:
            found = ids.get(text)
            if found is None:
                found = len(strings)
                ids[text] = found
                strings.append(text)
            out.append(found)
        return out


def clean_number(value: str | None) -> str:
    """A prison number as compared: upper case, no spaces or punctuation."""
    if not value:
        return ""
    upper = value.upper()
    return upper if upper.isalnum() else _NOT_ALNUM.sub("", upper)


def fold_confusable(number: str) -> str:
    return number.translate(_CONFUSABLE)


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
    month: IntArray
    day: IntArray
    number: IntArray  # prison number id, 0 = missing
    number_folded: IntArray
    nationality: IntArray

    def __len__(self) -> int:
        return len(self.exact)


Record = PrisonRecord | IndRecord


_NAME_COLUMNS = ("exact", "variant", "bag", "surname", "forename", "first_forename",
                 "first_surname", "surname_text", "forename_text", "n_words")  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Part:
    """One name part's ids (key, first word key, text, word keys) and the strings the whole
    name's keys are made of."""

    ids: tuple[int, int, int, list[int]]
    flat: str  # cleaned, spaces removed
    key: str  # word keys joined by spaces
    words: tuple[str, ...]  # word keys


class _NameEncoder:
    """Name columns for (surname, forenames), with each part's keys and ids computed once per
    distinct part (a surname recurs with many forenames)."""

    def __init__(self, vocab: Vocabulary) -> None:
        self.vocab = vocab
        self.parts = vocab.parts

    def _ids(self, key: str, first: str, text: str, words: Sequence[str]) -> _Ids:
        key_id, first_id, text_id, *word_ids = self.vocab.ids_of((key, first, "t:" + text, *words))
        return key_id, first_id, text_id, word_ids

    def _part(self, text: str, surname: bool) -> _Part:
        cache_key = ("s:" if surname else "f:") + text
        got = self.parts.get(cache_key)
        if got is None:
            cleaned, words = part_keys(text)
            key = " ".join(words)
            first = words[0] if words else ""
            if surname:
                flat = cleaned.replace(" ", "")
                ids = self._ids(key, first, flat, words[: len(key.split())])
            else:
                flat = cleaned.replace(" ", "")
                ids = self._ids(key, first, cleaned, key.split())
            got = _Part(ids, flat, key, words)
            self.parts[cache_key] = got
        return got

    def _packed(self, surname: str, forenames: str) -> tuple[list[int], NameKeys]:
        """A "SURNAME, Forenames" cell is split using both parts: never cached."""
        keys = name_keys(surname, forenames)
        s_ids = self._ids(
            keys.surname_key,
            keys.first_surname,
            keys.surname_text,
            keys.words[: len(keys.surname_key.split())],
        )
        f_ids = self._ids(
            keys.forename_key, keys.first_forename, keys.forename_text, keys.forename_key.split()
        )
        return _columns(s_ids, f_ids), keys

    def encode(self, surname: str, forenames: str) -> list[int]:
        vid = self.vocab.id
        if "," in surname or "," in forenames:
            head, keys = self._packed(surname, forenames)
            if keys.missing:
                return [0, 0, 0, *head]
            return [vid("x:" + keys.exact), vid("v:" + keys.variant), vid("b:" + keys.bag), *head]
        sur, fore = self._part(surname, True), self._part(forenames, False)
        head = _columns(sur.ids, fore.ids)
        words = sur.words + fore.words
        if not words:
            return [0, 0, 0, *head]
        return [
            vid("x:" + sur.flat + "|" + fore.flat),
            vid("v:" + sur.key + "|" + fore.key),
            vid("b:" + " ".join(sorted(words))),
            *head,
        ]


_Ids = tuple[int, int, int, list[int]]


def _columns(sur: _Ids, fore: _Ids) -> list[int]:
    """The name columns after exact, variant and bag (see _NAME_COLUMNS), then the words."""
    s_key, s_first, s_text, s_words = sur
    f_key, f_first, f_text, f_words = fore
    word_ids = (s_words + f_words)[:MAX_WORDS]
    return [
        s_key,
        f_key,
        f_first,
        s_first,
        s_text,
        f_text,
        len(word_ids),
        *word_ids,
        *([0] * (MAX_WORDS - len(word_ids))),
    ]


def build_features(records: Sequence[Record], vocab: Vocabulary) -> Features:
    """Encode records; names are keyed once per distinct (surname, forenames)."""
    index: dict[tuple[str, str], int] = {}
    codes = np.fromiter(
        (index.setdefault((r.surname or "", r.forenames or ""), len(index)) for r in records),
        dtype=np.int64,
        count=len(records),
    )
    encoder, seen = _NameEncoder(vocab), vocab.names
    rows = []
    for name in index:
        row = seen.get(name)
        if row is None:
            row = seen[name] = encoder.encode(*name)
        rows.append(row)
    table = np.array(rows or [[0] * (len(_NAME_COLUMNS) + MAX_WORDS)], dtype=np.int64)[codes]
    cols = {name: table[:, k] for k, name in enumerate(_NAME_COLUMNS)}
    dobs = [r.dob for r in records]
    cols["year"] = np.array([d.year if d else 0 for d in dobs], dtype=np.int64)
    cols["month"] = np.array([d.month if d else 0 for d in dobs], dtype=np.int64)
    cols["day"] = np.array([d.day if d else 0 for d in dobs], dtype=np.int64)
    numbers = _per_value([r.prison_number or "" for r in records], clean_number)
    cols["number"] = _ids_of(numbers, vocab, "n:", str)
    cols["number_folded"] = _ids_of(numbers, vocab, "f:", fold_confusable)
    cols["nationality"] = _ids_of([r.nationality or "" for r in records], vocab, "c:", str)
    return Features(words=np.ascontiguousarray(table[:, len(_NAME_COLUMNS) :]), **cols)


def _per_value(values: list[str], convert: Callable[[str], str]) -> list[str]:
    """convert(value) for each value, computed once per distinct value."""
    done: dict[str, str] = {}
    return [done[v] if v in done else done.setdefault(v, convert(v)) for v in values]


def _ids_of(
    values: list[str], vocab: Vocabulary, prefix: str, convert: Callable[[str], str]
) -> IntArray:
    """Vocabulary id of prefix + convert(value) for each value, 0 for an empty value; ids
    are given in order of first appearance, each distinct value converted once."""
    index: dict[str, int] = {}
    codes = np.fromiter(
        (index.setdefault(v, len(index)) for v in values), dtype=np.int64, count=len(values)
    )
    distinct = [v for v in index if v]
    table = np.zeros(len(index) or 1, dtype=np.int64)
    where = np.fromiter((k for k, v in enumerate(index) if v), dtype=np.int64, count=len(distinct))
    table[where] = vocab.ids_of([prefix + convert(v) for v in distinct])
    return table[codes]


def dob_code(f: Features) -> IntArray:
    """YYYYMMDD as an integer, 0 when missing."""
    return np.where(f.year > 0, f.year * 10000 + f.month * 100 + f.day, 0)
