"""Records -> numpy feature arrays, with every distinct string given one integer id.

Both files share one vocabulary, so comparing two records' keys is comparing two integers,
and every string comparison can be cached per distinct pair of values.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from reconcile.link.names import name_keys
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


def build_features(records: Sequence[Record], vocab: Vocabulary) -> Features:
    """Encode records; names are keyed once per distinct (surname, forenames)."""
    n = len(records)
    cols = {
        k: np.zeros(n, dtype=np.int64)
        for k in ("exact", "variant", "bag", "surname", "forename", "first_forename",
                  "first_surname", "n_words", "year", "month", "day", "number",
                  "number_folded", "nationality")
    }  # fmt: skip
    words = np.zeros((n, MAX_WORDS), dtype=np.int64)
    seen: dict[tuple[str, str], tuple[int, ...]] = {}
    vid = vocab.id
    for i, rec in enumerate(records):
        pair = (rec.surname or "", rec.forenames or "")
        encoded = seen.get(pair)
        if encoded is None:
            keys = name_keys(*pair)
            word_ids = tuple(vid(w) for w in keys.words[:MAX_WORDS])
            encoded = (
                0 if keys.missing else vid("x:" + keys.exact),
                0 if keys.missing else vid("v:" + keys.variant),
                0 if keys.missing else vid("b:" + keys.bag),
                vid(keys.surname_key),
                vid(keys.forename_key),
                vid(keys.first_forename),
                vid(keys.first_surname),
                len(word_ids),
                *word_ids,
            )
            seen[pair] = encoded
        for col, value in zip(
            ("exact", "variant", "bag", "surname", "forename", "first_forename",
             "first_surname", "n_words"),
            encoded[:8],
            strict=True,
        ):  # fmt: skip
            cols[col][i] = value
        nw = encoded[7]
        words[i, :nw] = encoded[8:]
        if rec.dob is not None:
            cols["year"][i], cols["month"][i], cols["day"][i] = (
                rec.dob.year,
                rec.dob.month,
                rec.dob.day,
            )
        number = clean_number(rec.prison_number)
        if number:
            cols["number"][i] = vid("n:" + number)
            cols["number_folded"][i] = vid("f:" + fold_confusable(number))
        if rec.nationality:
            cols["nationality"][i] = vid("c:" + rec.nationality)
    return Features(words=words, **cols)


def dob_code(f: Features) -> IntArray:
    """YYYYMMDD as an integer, 0 when missing."""
    return np.where(f.year > 0, f.year * 10000 + f.month * 100 + f.day, 0)
