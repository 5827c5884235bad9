"""Nationality as written in extracts -> ISO 3166-1 alpha-2 codes.

The shipped table ``data/countries.csv`` lists every ISO 3166-1 country with its alpha-3
code, a display name, a demonym ("Polish") and the variants extracts use: official and
former names, other demonyms, abbreviations and common misspellings. Lookup ignores case,
accents, punctuation, word order and the words "the", "of" and "and", so "Congo, Democratic
Republic" and "Democratic Republic of the Congo" are the same key.

Choices made deliberately (all in the table, so they can be reviewed and changed there):

- Codes outside ISO 3166-1 proper, from its user-assigned range: ``XK`` Kosovo (the code
  the EU and IMF use), ``XX`` stateless (the passport code for stateless persons is XXA), and
  the British nationals who are not British citizens, each with its passport code as alpha-3:
  ``XD`` British Overseas Territories citizen (GBD), ``XO`` British Overseas citizen (GBO),
  ``XP`` British protected person (GBP), ``XS`` British subject (GBS). A British National
  (Overseas) is read as Hong Kong.
- Former states map to their continuing state: Czechoslovakia -> CZ (Czechia and Slovakia
  joined the EU on the same day, so either choice gives the same membership dates);
  Yugoslavia and Serbia and Montenegro -> RS (Serbia is the continuing state); USSR -> RU;
  East and West Germany -> DE; Zaire -> CD; Burma -> MM; Rhodesia -> ZW; Netherlands
  Antilles -> CW. English, Scottish, Welsh and Northern Irish -> GB. "Congo" and
  "Congolese" alone -> CG (the ISO name); the DRC has its own variants.
- Crown dependencies and overseas territories keep their own ISO codes (JE, GG, IM, BM, ...).
- "NA" means "not available" in extracts far more often than Namibia, so it is unknown
  (Namibia, Namibian and NAM are recognised).
- A cell naming two nationalities ("British/Jamaican") gives GB if one of them is British
  (a British citizen is out of scope), otherwise the first, and a note saying so.
- Misspellings not in the table are matched by edit distance (rapidfuzz optimal string
  alignment, where swapping two neighbouring letters is one edit): at most one edit, or two
  for values of nine letters or more, with the same first letter, and only when a single
  country is nearest ("Siberian" is not taken for "Liberian"). Values
  shorter than five letters must match exactly. Anything else is unrecognised.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from anyascii import anyascii
from rapidfuzz import process
from rapidfuzz.distance import OSA

from reconcile.model import Cell

STATELESS = "XX"
NOT_RECOGNISED = "is not recognised"
FUZZY_MIN_LENGTH = 5  # shorter values must match exactly
FUZZY_LONG = 9  # values this long may be two edits away; shorter ones one edit
# Longer values are no country's name misspelt (the longest are about 45 characters); a cell
# of thousands of characters compared with every name would take seconds.
FUZZY_MAX_LENGTH = 60
# A cell this long names no nationality, nor two: it is not split or matched at all (splitting
# a cell of thousands of spaces took twenty seconds).
MAX_CHARS = 200

_STOPWORDS = frozenset({"THE", "OF", "AND"})
_SUFFIXES = frozenset(
    {"NATIONAL", "NATIONALS", "NATIONALITY", "CITIZEN", "CITIZENSHIP", "PASSPORT"}
)
_UNKNOWN = (
    "NOT KNOWN", "UNKNOWN", "N/K", "NK", "N/A", "NA", "UNK", "UNKN", "NOT STATED",
    "NOT RECORDED", "NOT GIVEN", "NOT SPECIFIED", "UNSPECIFIED", "NOT AVAILABLE",
    "NOT DISCLOSED", "TBC", "TBA", "TO BE CONFIRMED", "NONE", "NIL", "NULL", "REFUSED",
    "DECLINED", "UNKNOWN NATIONALITY", "NATIONALITY UNKNOWN", "NATIONALITY NOT KNOWN",
    "NOT KNOWN NATIONALITY", "ENQUIRIES", "PENDING", "UNCONFIRMED", "UNVERIFIED",
)  # fmt: skip
_SPLIT = re.compile(r"\s*(?:/|\\|;|,|&|\+|\bAND\b|\bOR\b)\s*", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Country:
    code: str  # ISO 3166-1 alpha-2 (or a user-assigned code, see the module notes)
    alpha3: str
    name: str
    demonym: str
    variants: tuple[str, ...]


def lookup_key(text: str) -> str:
    """Accents, case, punctuation, word order and the words the/of/and do not matter."""
    text = anyascii(text).upper().replace("&", " AND ").replace("'", "")
    words = re.sub(r"[^A-Z0-9]+", " ", text).split()
    return " ".join(sorted([w for w in words if w not in _STOPWORDS] or words))


@cache
def countries() -> dict[str, Country]:
    """The shipped table, alpha-2 code -> Country."""
    table: dict[str, Country] = {}
    source = resources.files("reconcile.normalise").joinpath("data/countries.csv")
    text = source.read_text(encoding="utf-8")
    for row in csv.DictReader(io.StringIO(text, newline="")):
        variants = tuple(v for v in row["variants"].split(";") if v)
        table[row["code"]] = Country(
            row["code"], row["alpha3"], row["name"], row["demonym"], variants
        )
    return table


@cache
def _index() -> tuple[dict[str, str], tuple[str, ...], tuple[str, ...]]:
    """key -> code, plus parallel tuples of keys and codes for the fuzzy fallback."""
    index: dict[str, str] = {}
    clashes: list[str] = []
    for country in countries().values():
        spellings = (country.code, country.alpha3, country.name, country.demonym)
        for spelling in (*spellings, *country.variants):
            key = lookup_key(spelling)
            if not key:
                continue
            if index.setdefault(key, country.code) != country.code:
                clashes.append(f"{spelling!r} ({index[key]} and {country.code})")
    for unknown in _UNKNOWN:
        index.pop(lookup_key(unknown), None)
    if clashes:
        raise ValueError("countries.csv gives one spelling two countries: " + ", ".join(clashes))
    keys = tuple(sorted(k for k in index if len(k.replace(" ", "")) >= FUZZY_MIN_LENGTH))
    return index, keys, tuple(index[k] for k in keys)


@cache
def _unknown_keys() -> frozenset[str]:
    return frozenset(lookup_key(u) for u in _UNKNOWN)


def _exact(key: str) -> str | None:
    index = _index()[0]
    code = index.get(key)
    if code is None:
        trimmed = " ".join(w for w in key.split() if w not in _SUFFIXES)
        if trimmed and trimmed != key:
            code = index.get(trimmed)
    return code


def _fuzzy(key: str) -> str | None:
    """The one country whose spelling is fewest edits away (within 1, or 2 when long)."""
    length = len(key.replace(" ", ""))
    if length < FUZZY_MIN_LENGTH or length > FUZZY_MAX_LENGTH:
        return None
    _, keys, codes = _index()
    allowed = 2 if length >= FUZZY_LONG else 1
    hits = process.extract(key, keys, scorer=OSA.distance, limit=None, score_cutoff=allowed)
    hits = [hit for hit in hits if hit[0][0] == key[0]]  # a slip rarely hits the first letter
    if not hits:
        return None
    best = min(distance for _, distance, _ in hits)
    found = {codes[i] for _, distance, i in hits if distance == best}
    return found.pop() if len(found) == 1 else None


def _one(text: str) -> str | None:
    key = lookup_key(text)
    return _exact(key) or _fuzzy(key)


# A cell saying in words that it names two nationalities: "Dual UK/JM", "Dual nationality:
# British, Nigerian", "Nigerian (dual British)", "Jamaican (also British)".
_DUAL = re.compile(
    r"^dual\b(?:\s+(?:nationality|nationals?|citizenship|citizen))?\s*[:\-]?\s*", re.I
)
_ALSO = re.compile(r"\(\s*(?:dual|also)\s+([^)]+)\)", re.I)


@lru_cache(maxsize=65_536)
def _parse_text(text: str) -> tuple[str | None, str | None]:
    if not re.search(r"[^\W_]", text) or lookup_key(text) in _unknown_keys():
        return None, None
    if len(text) > MAX_CHARS:
        return None, NOT_RECOGNISED
    code = _exact(lookup_key(text))
    if code:
        return code, None
    plain = _ALSO.sub(r" / \1", _DUAL.sub("", text)).strip()
    if plain and plain != text:
        return _parse_text(plain)
    codes = _several(text)
    if codes:
        found = list(dict.fromkeys(codes))
        if len(found) == 1:
            return found[0], None
        chosen = "GB" if "GB" in found else found[0]
        names = ", ".join(country_name(c) for c in found)
        return chosen, f"names more than one nationality ({names})"
    code = _fuzzy(lookup_key(text))
    if code:
        return code, None
    return None, NOT_RECOGNISED


def _several(text: str) -> list[str]:
    """Codes of a cell naming several nationalities ("British/Jamaican", "British Pakistani")."""
    parts = [p for p in _SPLIT.split(text) if p.strip()]
    if len(parts) > 1:
        codes = [_one(p) for p in parts]
        return [c for c in codes if c] if all(codes) else []
    words = text.split()
    if 2 <= len(words) <= 4:
        for cut in range(1, len(words)):
            left = _exact(lookup_key(" ".join(words[:cut])))
            right = _exact(lookup_key(" ".join(words[cut:])))
            if left and right:
                return [left, right]
    return []


def parse_nationality(raw: Cell) -> tuple[str | None, str | None]:
    """(alpha-2 code or None, problem or None). Never raises.

    Blank and "not known" values give (None, None); unrecognised values (None, problem); a
    cell naming two nationalities gives the code used (British if one is) and a note.
    """
    if raw is None:
        return None, None
    if not isinstance(raw, str) or isinstance(raw, bool):
        return None, NOT_RECOGNISED
    return _parse_text(raw.strip())


@lru_cache(maxsize=4_096)
def named_nationalities(raw: str) -> tuple[str, ...]:
    """Every nationality a cell names, in its order, when it names more than one ("Jamaican/
    Polish" -> ("JM", "PL")); () otherwise. parse_nationality gives one of them (British if
    one is); the rules judge each on the release date and count the one that protects most."""
    code, problem = parse_nationality(raw)
    if code is None or problem is None:
        return ()
    text = raw.strip()
    plain = _ALSO.sub(r" / \1", _DUAL.sub("", text)).strip() or text
    found = tuple(dict.fromkeys(_several(plain)))
    return found if len(found) > 1 else ()


def to_iso(raw: Cell) -> str | None:
    """ISO 3166-1 alpha-2 code for a nationality as written, or None when unknown."""
    return parse_nationality(raw)[0]


def country_name(code: str) -> str:
    """Display name for a code ("PL" -> "Poland"); an unknown code is returned as given."""
    country = countries().get(code.upper())
    return country.name if country else code


def demonym(code: str) -> str:
    """Adjective for a code ("PL" -> "Polish"); an unknown code is returned as given."""
    country = countries().get(code.upper())
    return country.demonym if country else code
