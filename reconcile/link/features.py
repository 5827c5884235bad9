"""Records -> numpy feature arrays, with every distinct string given one integer id.

Both files share one vocabulary, so comparing two records' keys is comparing two integers,
and every string comparison can be cached per distinct pair of values.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from reconcile.link.names import NameKeys, name_keys
from reconcile.model import IndRecord, PrisonRecord

MAX_WORDS = 5
IntArray = npt.NDArray[np.int64]

# Characters clerks confuse in identifiers, folded to one form (O/0, I/1/L, S/5, Z/2, B/8).
_CONFUSABLE = str.maketrans({"O": "0", "Q": "0", "D": "0", "I": "1", "L": "1", "S": "5", "Z": "2",
                             "B": "8", "G": "6"})  # fmt: skip


class Vocabulary:
    """Distinct strings -> consecutive ids; id 0 is reserved for the empty string (missing)."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {"": 0}
        self.strings: list[str] = [""]

    def id(self, text: str) -> int:
        found = self.ids.get(text)
        if found is None:
            found = len(self.strings)
            self.ids[text] = found
            self.strings.append(text)
        return found


def clean_number(value: str | None) -> str:
    """A prison number as compared: upper case, no spaces or punctuation."""
    if not value:
        return ""
    return "".join(ch for ch in value.upper() if ch.isalnum())


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


class _NameEncoder:
    """Name columns for (surname, forenames), with each part's ids cached."""

    def __init__(self, vocab: Vocabulary) -> None:
        self.vocab = vocab
        self.parts: dict[str, tuple[int, int, int, list[int]]] = {}

    def _part(self, text: str, keys: NameKeys, surname: bool) -> tuple[int, int, int, list[int]]:
        # A packed "SURNAME, Forenames" cell is split using both parts: never cached.
        cache_key = ("s:" if surname else "f:") + text if "," not in text else ""
        got = self.parts.get(cache_key) if cache_key else None
        if got is None:
            vid = self.vocab.id
            words = keys.words[: len(keys.surname_key.split())] if surname else ()
            if surname:
                got = (vid(keys.surname_key), vid(keys.first_surname),
                       vid("t:" + keys.surname_text), [vid(w) for w in words])  # fmt: skip
            else:
                fore_words = keys.forename_key.split()
                got = (vid(keys.forename_key), vid(keys.first_forename),
                       vid("t:" + keys.forename_text), [vid(w) for w in fore_words])  # fmt: skip
            if cache_key:
                self.parts[cache_key] = got
        return got

    def encode(self, surname: str, forenames: str) -> list[int]:
        keys = name_keys(surname, forenames)
        vid = self.vocab.id
        packed = "," in surname or "," in forenames
        s_key, s_first, s_text, s_words = self._part(surname + ("," if packed else ""), keys, True)
        f_key, f_first, f_text, f_words = self._part(
            forenames + ("," if packed else ""), keys, False
        )
        word_ids = (s_words + f_words)[:MAX_WORDS]
        missing = keys.missing
        return [
            0 if missing else vid("x:" + keys.exact),
            0 if missing else vid("v:" + keys.variant),
            0 if missing else vid("b:" + keys.bag),
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
    encoder = _NameEncoder(vocab)
    table = np.array(
        [encoder.encode(s, f) for s, f in index] or [[0] * (len(_NAME_COLUMNS) + MAX_WORDS)],
        dtype=np.int64,
    )[codes]
    cols = {name: table[:, k] for k, name in enumerate(_NAME_COLUMNS)}
    dobs = [r.dob for r in records]
    cols["year"] = np.array([d.year if d else 0 for d in dobs], dtype=np.int64)
    cols["month"] = np.array([d.month if d else 0 for d in dobs], dtype=np.int64)
    cols["day"] = np.array([d.day if d else 0 for d in dobs], dtype=np.int64)
    numbers = [clean_number(r.prison_number) for r in records]
    cols["number"] = np.array([vocab.id("n:" + n) if n else 0 for n in numbers], dtype=np.int64)
    cols["number_folded"] = np.array(
        [vocab.id("f:" + fold_confusable(n)) if n else 0 for n in numbers], dtype=np.int64
    )
    cols["nationality"] = np.array(
        [vocab.id("c:" + r.nationality) if r.nationality else 0 for r in records], dtype=np.int64
    )
    return Features(words=np.ascontiguousarray(table[:, len(_NAME_COLUMNS) :]), **cols)


def dob_code(f: Features) -> IntArray:
    """YYYYMMDD as an integer, 0 when missing."""
    return np.where(f.year > 0, f.year * 10000 + f.month * 100 + f.day, 0)
