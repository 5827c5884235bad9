"""Comparison levels as tables: name pairs, date-of-birth pairs, prison numbers, nationality,
referral timing."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reconcile.link.compare import compare_one
from reconcile.link.names import name_keys, skeleton, token_key
from reconcile.link.variants import FAMILIES, NEGATIVE_PAIRS
from reconcile.model import IndRecord, PrisonRecord, Provenance


def prison(
    surname: str = "SMITH",
    forenames: str = "JOHN",
    dob: date | None = date(1970, 5, 17),
    number: str | None = None,
    nationality: str | None = "JM",
) -> PrisonRecord:
    return PrisonRecord(
        idx=0, prov=Provenance("p.csv", "", 2), prison_number=number, surname=surname,
        forenames=forenames, dob=dob, nationality=nationality, nationality_raw="",
        sentence_months=12.0, sentence_life=False, sentence_raw="12", offence="",
        sentence_start=None, release_date=None, court_recommended=None,
    )  # fmt: skip


def ind(
    surname: str = "SMITH",
    forenames: str = "JOHN",
    dob: date | None = date(1970, 5, 17),
    number: str | None = None,
    nationality: str | None = "JM",
) -> IndRecord:
    return IndRecord(
        idx=0, prov=Provenance("i.csv", "", 2), case_ref="S1234567", surname=surname,
        forenames=forenames, dob=dob, nationality=nationality, nationality_raw="",
        prison_number=number, referral_date=None, considered_date=None, decision="",
    )  # fmt: skip


NAME_PAIRS = [
    (("SMITH", "JOHN"), ("SMITH", "JOHN"), "exact"),
    (("AL-JABURI", "AHMED"), ("ALJABURI", "AHMED"), "exact"),
    (("O'BRIEN", "SEAN"), ("OBRIEN", "SEAN"), "exact"),
    (("AL JABURI", "AHMED"), ("JABURI", "AHMAD"), "transliteration variant"),
    (("HUSSEIN", "MOHAMMED"), ("HUSAIN", "MUHAMMAD"), "transliteration variant"),
    (("YILMAZ", "HÜSEYIN"), ("YILMAZ", "HUSSEIN"), "transliteration variant"),
    # An umlaut written the German way, as machine-readable passports write it.
    (("ÖZTÜRK", "GÜLAY"), ("OEZTUERK", "GUELAY"), "transliteration variant"),
    (("WANG", "WEI"), ("WONG", "WEI"), "transliteration variant"),
    (("DA SILVA", "JOSE"), ("SILVA", "JOSÉ"), "transliteration variant"),
    (("MCDONALD", "IAN"), ("MACDONALD", "IAN"), "transliteration variant"),
    (("NGUYEN", "VAN MINH"), ("VAN MINH", "NGUYEN"), "forename and surname swapped"),
    (("ZHANG", "WEI"), ("WEI", "ZHANG"), "forename and surname swapped"),
    (("KHAN", "MUHAMMAD ASIF"), ("ASIF", "KHAN MUHAMMAD"), "same names in another order"),
    (("KHAN", "MUHAMMAD ASIF"), ("KHAN", "ASIF"), "same names, some dropped"),
    (("CABDIRASHIID", "NUUR XUSEEN"), ("HUSSEIN", "NOOR"), "same names, some dropped"),
    (("KOWALSKI", "PIOTR JAN"), ("KOWALSKI", "PIOTR"), "same names, some dropped"),
    # A word written twice in two spellings (ABDI, CABDI) on the longer side.
    (("ABDI", "CABDI MESASA"), ("MESASA", "CABDI"), "same names, some dropped"),
    (("MESASA", "CABDI"), ("ABDI", "CABDI MESASA"), "same names, some dropped"),
    (("ABDI", "CABDI MESASA"), ("CABDI", "YUSUF"), "one name in common"),
    (("", "ABDI CABDI"), ("ABDI", "YUSUF"), "surname or forenames missing, the rest agrees"),
    (("YILMAZ", "MEHMET"), ("YILMAZ", "MENMET"), "similar spelling"),
    (("CAMPBELL", "ANDRE"), ("CJAMPBELL", "ANDRE"), "very similar spelling"),
    (("SMITH", "JOHN"), ("SMITH", "MICHAEL"), "one name in common"),
    (("SMITH", "JOHN"), ("BROWN", "MICHAEL"), "different"),
    (("HASSAN", "ALI"), ("HUSSEIN", "ALI"), "one name in common"),
    (("", "TURGUL"), ("YILMAZ", "TURGUL"), "surname or forenames missing, the rest agrees"),
    (("", ""), ("SMITH", "JOHN"), "missing"),
]


@pytest.mark.parametrize(("left", "right", "level"), NAME_PAIRS)
def test_name_levels(left: tuple[str, str], right: tuple[str, str], level: str) -> None:
    assert compare_one(prison(*left), ind(*right))["name"] == level


DOB_PAIRS = [
    (date(1970, 5, 17), date(1970, 5, 17), "exact"),
    (date(1970, 5, 7), date(1970, 7, 5), "day and month swapped"),
    (date(1970, 1, 1), date(1970, 8, 23), "1 January placeholder, same year"),
    (date(1970, 5, 17), date(1970, 5, 18), "one digit different"),
    (date(1970, 5, 17), date(1971, 5, 17), "one digit different"),  # 1970 -> 1971: one digit
    (date(1969, 5, 17), date(1970, 5, 17), "year one off"),
    (date(1970, 1, 1), date(1969, 8, 23), "1 January placeholder, year one off"),
    (date(1969, 8, 23), date(1970, 1, 1), "1 January placeholder, year one off"),
    (date(1970, 1, 1), date(1968, 8, 23), "different"),
    (date(1970, 5, 17), date(1970, 11, 2), "same year"),
    (date(1970, 5, 17), date(1984, 2, 9), "different"),
    (None, date(1970, 5, 17), "missing"),
]


@pytest.mark.parametrize(("left", "right", "level"), DOB_PAIRS)
def test_dob_levels(left: date | None, right: date | None, level: str) -> None:
    assert compare_one(prison(dob=left), ind(dob=right))["dob"] == level


# A year of birth given alone (the record's dob None, its birth_year set) against a date or
# another year: only the year can agree, or be one off.
YEAR_ALONE = "same year, one gives only the year"
YEAR_PAIRS = [
    (1970, date(1970, 5, 17), YEAR_ALONE),
    (1970, date(1970, 1, 1), YEAR_ALONE),
    (1970, 1970, YEAR_ALONE),
    (1970, date(1971, 5, 17), "year one off, one gives only the year"),
    (1970, 1969, "year one off, one gives only the year"),
    (1970, date(1972, 5, 17), "different"),
    (1970, 1980, "different"),
    (date(1970, 5, 17), 1970, YEAR_ALONE),
    (1970, None, "missing"),
    (None, 1970, "missing"),
]


def _born(value: date | int | None) -> dict[str, object]:
    return {"dob": value, "birth_year": None} if not isinstance(value, int) else {
        "dob": None, "birth_year": value}  # fmt: skip


@pytest.mark.parametrize(("left", "right", "level"), YEAR_PAIRS)
def test_a_year_of_birth_alone_agrees_only_on_its_year(
    left: date | int | None, right: date | int | None, level: str
) -> None:
    a = replace(prison(), **_born(left))  # type: ignore[arg-type]
    b = replace(ind(), **_born(right))  # type: ignore[arg-type]
    assert compare_one(a, b)["dob"] == level


NUMBER_PAIRS = [
    ("AB1234", "AB1234", "exact"),
    ("AB1234", "ab 1234", "exact"),
    ("AB1234", "AB1Z34", "one character different or confusable"),
    ("AO1234", "A01234", "one character different or confusable"),
    ("AB1234", "AB1235", "one character different or confusable"),
    ("AB1234", "CD9876", "different"),
    ("AB1234", None, "missing"),
]


@pytest.mark.parametrize(("left", "right", "level"), NUMBER_PAIRS)
def test_prison_number_levels(left: str | None, right: str | None, level: str) -> None:
    assert compare_one(prison(number=left), ind(number=right))["prison_number"] == level


@pytest.mark.parametrize(
    ("left", "right", "level"),
    [("JM", "JM", "same"), ("JM", "NG", "different"), (None, "NG", "missing")],
)
def test_nationality_levels(left: str | None, right: str | None, level: str) -> None:
    assert compare_one(prison(nationality=left), ind(nationality=right))["nationality"] == level


IN_TIME = "during custody or the 2 years before release"
# (sentence start, release, referral, level): the window opens at the sentence start or two
# years (730 days) before release, whichever is earlier, and closes on the release date.
REFERRAL_CASES = [
    (date(2003, 1, 1), date(2004, 1, 1), date(2003, 6, 1), IN_TIME),
    (date(2003, 1, 1), date(2004, 1, 1), date(2004, 1, 1), IN_TIME),  # on the day of release
    (date(2003, 1, 1), date(2004, 1, 1), date(2004, 1, 2), "after release"),
    (date(2003, 1, 1), date(2004, 1, 1), date(2002, 1, 1), IN_TIME),  # 730 days before
    (date(2003, 1, 1), date(2004, 1, 1), date(2001, 12, 31), "before custody"),
    (date(1998, 1, 1), date(2004, 1, 1), date(1999, 3, 1), IN_TIME),  # a long sentence
    (date(1998, 1, 1), date(2004, 1, 1), date(1997, 12, 31), "before custody"),
    (None, date(2004, 1, 1), date(2002, 1, 1), IN_TIME),
    (None, date(2004, 1, 1), date(2001, 12, 31), "before custody"),
    (date(2003, 1, 1), None, date(2003, 6, 1), "missing"),
    (date(2003, 1, 1), date(2004, 1, 1), None, "missing"),
]


@pytest.mark.parametrize(("start", "release", "referral", "level"), REFERRAL_CASES)
def test_referral_levels(
    start: date | None, release: date | None, referral: date | None, level: str
) -> None:
    p = replace(prison(), sentence_start=start, release_date=release)
    i = replace(ind(), referral_date=referral)
    assert compare_one(p, i)["referral"] == level


def test_referral_is_missing_between_records_of_one_file() -> None:
    """Two prison rows (or two IND records) carry no referral against custody."""
    p = replace(prison(), sentence_start=date(2003, 1, 1), release_date=date(2004, 1, 1))
    i = replace(ind(), referral_date=date(2003, 6, 1))
    assert compare_one(p, p)["referral"] == "missing"
    assert compare_one(i, i)["referral"] == "missing"


@pytest.mark.parametrize(("a", "b"), NEGATIVE_PAIRS)
def test_look_alike_names_keep_apart(a: str, b: str) -> None:
    assert token_key(a) != token_key(b)


@pytest.mark.parametrize("family", FAMILIES)
def test_every_family_shares_one_key(family: tuple[str, ...]) -> None:
    assert len({token_key(name) for name in family}) == 1


@pytest.mark.parametrize(
    ("word", "key"),
    [
        ("MOHAMMEDD", token_key("MUHAMMAD")),
        ("SMYTH", "SMIT"),
        ("SMITH", "SMIT"),
        ("HUSEYIN", "HUSAIN"),
        ("OEZTUERK", token_key("OZTURK")),
        ("SUELEYMAN", token_key("SULEYMAN")),
        ("MAEDER", token_key("MADER")),
    ],
)
def test_skeleton_folds_spelling_noise(word: str, key: str) -> None:
    assert token_key(word) == key


def test_packed_name_is_split() -> None:
    assert name_keys("SILVA, JOSE", "").variant == name_keys("SILVA", "JOSE").variant


@given(st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=12))
def test_skeleton_is_idempotent_on_its_output_length(word: str) -> None:
    # A key never grows longer than the word it comes from.
    assert len(skeleton(word)) <= len(word) + 1
