"""Nationality -> ISO 3166-1 alpha-2: the shipped table, every variant the issues name."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reconcile.normalise.nationality import (
    NOT_RECOGNISED,
    countries,
    country_name,
    demonym,
    lookup_key,
    parse_nationality,
    to_iso,
)


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        # Named in issue 4 and in the normaliser's brief.
        ("JAMAICAN", "JM"),
        ("Nigerian", "NG"),
        ("Viet Nam", "VN"),
        ("Republic of Ireland", "IE"),
        ("Eire", "IE"),
        ("Éire", "IE"),
        ("Congo, Democratic Republic", "CD"),
        ("DRC", "CD"),
        ("Zaire", "CD"),
        ("PRC", "CN"),
        ("Chinese", "CN"),
        ("Holland", "NL"),
        ("Dutch", "NL"),
        ("Great Britain", "GB"),
        ("British", "GB"),
        ("UK", "GB"),
        ("English", "GB"),
        ("Scottish", "GB"),
        ("Welsh", "GB"),
        ("Northern Irish", "GB"),
        ("Czechoslovakia", "CZ"),
        ("Czechoslovakian", "CZ"),
        ("Yugoslav", "RS"),
        ("Yugoslavia", "RS"),
        ("Serbia and Montenegro", "RS"),
        ("Kosovan", "XK"),
        ("Kosovo", "XK"),
        ("Stateless", "XX"),
        # ISO codes, alpha-2 and alpha-3, any case.
        ("PL", "PL"),
        ("pl", "PL"),
        ("POL", "PL"),
        ("jam", "JM"),
        ("GBR", "GB"),
        ("NGA", "NG"),
        # Names, demonyms and common forms.
        ("Poland", "PL"),
        ("POLISH", "PL"),
        ("polish national", "PL"),
        ("Jamaican citizen", "JM"),
        ("Vietnam", "VN"),
        ("Vietnamese", "VN"),
        ("Ireland", "IE"),
        ("Irish", "IE"),
        ("Democratic Republic of the Congo", "CD"),
        ("Congo (DRC)", "CD"),
        ("Congo", "CG"),
        ("Congo-Brazzaville", "CG"),
        ("People's Republic of China", "CN"),
        ("Netherlands", "NL"),
        ("United Kingdom", "GB"),
        ("Korea, Republic of", "KR"),
        ("South Korea", "KR"),
        ("North Korea", "KP"),
        ("Iran, Islamic Republic of", "IR"),
        ("Persian", "IR"),
        ("Côte d'Ivoire", "CI"),
        ("Cote D’Ivoire", "CI"),
        ("Ivory Coast", "CI"),
        ("Burma", "MM"),
        ("Russian Federation", "RU"),
        ("USSR", "RU"),
        ("USA", "US"),
        ("American", "US"),
        ("Trinidad & Tobago", "TT"),
        ("Trinidad and Tobago", "TT"),
        ("Antigua and Barbuda", "AG"),
        ("St Lucia", "LC"),
        ("Saint Kitts and Nevis", "KN"),
        ("Somali", "SO"),
        ("Somalian", "SO"),
        ("Afghan", "AF"),
        ("Filipino", "PH"),
        ("Turkey", "TR"),
        ("Türkiye", "TR"),
        ("Swiss", "CH"),
        ("Lao People's Democratic Republic", "LA"),
        ("Bosnia-Herzegovina", "BA"),
        ("Rhodesia", "ZW"),
        ("East German", "DE"),
        ("Macedonian", "MK"),
        ("Palestinian", "PS"),
        ("Hong Kong", "HK"),
        ("BN(O)", "HK"),
        ("Manx", "IM"),
        ("Jersey", "JE"),
        # Misspellings: listed ones and the fuzzy fallback.
        ("Jamacian", "JM"),
        ("JAMAICIAN", "JM"),
        ("Portugese", "PT"),
        ("Columbian", "CO"),
        ("Phillipines", "PH"),
        ("Afgan", "AF"),
        ("Nigeiran", "NG"),
        ("Lithuanien", "LT"),
        ("Bangaldeshi", "BD"),
        ("Zimbabwian", "ZW"),
        ("Albanain", "AL"),
        ("Romainian", "RO"),
        ("Austrain", "AT"),  # a swap of two letters: one edit from Austrian, two from Australian
        ("Ethiopain", "ET"),
        ("Austrailian", "AU"),
    ],
)
def test_variants(raw: str, code: str) -> None:
    assert parse_nationality(raw) == (code, None)
    assert to_iso(raw) == code


@pytest.mark.parametrize(
    "raw",
    [None, "", "  ", "-", "--", "?", "NOT KNOWN", "Not known", "UNKNOWN", "N/K", "NK", "N/A", "NA",
     "Unknown nationality", "not stated", "TBC", "none"],
)  # fmt: skip
def test_unknown_is_none_without_a_finding(raw: str | None) -> None:
    assert parse_nationality(raw) == (None, None)


@pytest.mark.parametrize(
    "raw",
    [
        "Kurdish",
        "Martian",
        "Siberian",
        "European",
        "Refugee",
        "West Indian",
        "African",
        "Arab",
        "Scandinavian",
        "XYZ",
        "12",
        "Q",
    ],
)
def test_unrecognised_is_none_with_a_problem(raw: str) -> None:
    assert parse_nationality(raw) == (None, NOT_RECOGNISED)


@pytest.mark.parametrize("raw", [826, 1.5, True])
def test_non_text_cells_are_unrecognised(raw: object) -> None:
    assert parse_nationality(raw) == (None, NOT_RECOGNISED)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("raw", "code", "note"),
    [
        ("British/Jamaican", "GB", "names more than one nationality (United Kingdom, Jamaica)"),
        ("JAMAICAN / BRITISH", "GB", "names more than one nationality (Jamaica, United Kingdom)"),
        ("Irish & Nigerian", "IE", "names more than one nationality (Ireland, Nigeria)"),
        ("Nigerian, Irish", "NG", "names more than one nationality (Nigeria, Ireland)"),
        # Said in words: "dual", "(also ...)".
        ("Dual UK/JM", "GB", "names more than one nationality (United Kingdom, Jamaica)"),
        ("Dual nationality: British, Nigerian", "GB",
         "names more than one nationality (United Kingdom, Nigeria)"),
        ("dual national - Ghana/UK", "GB",
         "names more than one nationality (Ghana, United Kingdom)"),
        ("Nigerian (dual British)", "GB",
         "names more than one nationality (Nigeria, United Kingdom)"),
        ("Jamaican (also British)", "GB",
         "names more than one nationality (Jamaica, United Kingdom)"),
    ],
)  # fmt: skip
def test_two_nationalities(raw: str, code: str, note: str) -> None:
    assert parse_nationality(raw) == (code, note)


@pytest.mark.parametrize(
    ("raw", "code", "note"),
    [
        ("British Pakistani", "GB", "names more than one nationality (United Kingdom, Pakistan)"),
        ("Jamaican British", "GB", "names more than one nationality (Jamaica, United Kingdom)"),
        ("Irish Nigerian", "IE", "names more than one nationality (Ireland, Nigeria)"),
    ],
)
def test_two_nationalities_without_a_separator(raw: str, code: str, note: str) -> None:
    assert parse_nationality(raw) == (code, note)


@pytest.mark.parametrize("raw", ["Dual", "Dual nationality", "Dualla"])
def test_dual_alone_or_in_a_word_names_no_country(raw: str) -> None:
    assert parse_nationality(raw) == (None, NOT_RECOGNISED)


def test_same_nationality_twice_is_not_a_problem() -> None:
    assert parse_nationality("Polish/Poland") == ("PL", None)


def test_table_covers_every_iso_country_once() -> None:
    table = countries()
    # ISO 3166-1, XK (Kosovo), XX (stateless) and four British nationalities without
    # citizenship: XD, XO, XP, XS (BOTC, BOC, British protected person, British subject).
    assert len(table) == 249 + 2 + 4
    assert all(re.fullmatch(r"[A-Z]{2}", c) for c in table)
    assert len({c.alpha3 for c in table.values()}) == len(table)
    assert all(c.name and c.demonym for c in table.values())
    for code in ("GB", "IE", "PL", "JM", "NG", "VN", "CN", "CD", "CG", "NL", "AQ", "BV", "SS"):
        assert code in table


def test_every_spelling_in_the_table_maps_to_its_own_row() -> None:
    for code, country in countries().items():
        for spelling in (code, country.alpha3, country.name, country.demonym, *country.variants):
            if lookup_key(spelling) in {"NA"}:
                continue  # "NA" is read as "not available", see the module notes
            assert to_iso(spelling) == code, spelling


@pytest.mark.parametrize(
    ("code", "name", "adjective"),
    [
        ("PL", "Poland", "Polish"),
        ("GB", "United Kingdom", "British"),
        ("IE", "Ireland", "Irish"),
        ("JM", "Jamaica", "Jamaican"),
        ("CD", "Democratic Republic of the Congo", "Congolese (DRC)"),
        ("VN", "Vietnam", "Vietnamese"),
        ("XK", "Kosovo", "Kosovan"),
        ("XX", "Stateless", "stateless"),
        ("pl", "Poland", "Polish"),
        ("ZZ", "ZZ", "ZZ"),
    ],
)
def test_names_and_demonyms(code: str, name: str, adjective: str) -> None:
    assert country_name(code) == name
    assert demonym(code) == adjective


def test_lookup_key_ignores_order_case_accents_and_small_words() -> None:
    assert lookup_key("Congo, The Democratic Republic of the") == lookup_key(
        "democratic republic of congo"
    )
    assert lookup_key("Côte d’Ivoire") == lookup_key("COTE D'IVOIRE")


@given(st.text(max_size=40))
def test_parse_never_raises_and_returns_known_codes(text: str) -> None:
    code, problem = parse_nationality(text)
    assert code is None or code in countries()
    if code is None and problem is not None:
        assert problem == NOT_RECOGNISED
