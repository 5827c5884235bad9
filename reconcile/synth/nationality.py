"""Nationalities of the sample population: how extracts spell them, and EU/EEA membership.

Membership here is the generator's own, independent of the rules engine, so the ground
truth can check the engine rather than copy it.
"""

from __future__ import annotations

from datetime import date

# ISO code -> spellings seen in extracts (demonyms, country names, case variants).
SPELLINGS: dict[str, tuple[str, ...]] = {
    "JM": ("Jamaican", "JAMAICAN", "Jamaica", "JAMAICA"),
    "TT": ("Trinidadian", "Trinidad and Tobago", "Trinidad & Tobago"),
    "GY": ("Guyanese", "Guyana"),
    "NG": ("Nigerian", "NIGERIAN", "Nigeria", "NIGERIA"),
    "GH": ("Ghanaian", "Ghana", "GHANAIAN"),
    "IE": ("Irish", "IRISH", "Ireland", "Republic of Ireland", "Eire"),
    "CN": ("Chinese", "CHINESE", "China", "People's Republic of China"),
    "VN": ("Vietnamese", "VIETNAMESE", "Vietnam", "Viet Nam"),
    "SO": ("Somali", "SOMALI", "Somalia", "Somalian"),
    "IQ": ("Iraqi", "IRAQI", "Iraq"),
    "DZ": ("Algerian", "ALGERIAN", "Algeria"),
    "MA": ("Moroccan", "Morocco"),
    "EG": ("Egyptian", "Egypt"),
    "SD": ("Sudanese", "Sudan"),
    "LY": ("Libyan", "Libya"),
    "YE": ("Yemeni", "Yemen"),
    "PK": ("Pakistani", "PAKISTANI", "Pakistan"),
    "BD": ("Bangladeshi", "Bangladesh"),
    "AF": ("Afghan", "AFGHAN", "Afghanistan"),
    "IN": ("Indian", "INDIAN", "India"),
    "TR": ("Turkish", "TURKISH", "Turkey"),
    "PL": ("Polish", "POLISH", "Poland"),
    "LT": ("Lithuanian", "LITHUANIAN", "Lithuania"),
    "CZ": ("Czech", "Czech Republic"),
    "SK": ("Slovak", "Slovakia"),
    "RO": ("Romanian", "ROMANIAN", "Romania"),
    "AL": ("Albanian", "ALBANIAN", "Albania"),
    "PT": ("Portuguese", "PORTUGUESE", "Portugal"),
    "BR": ("Brazilian", "Brazil"),
    "AO": ("Angolan", "Angola"),
    "NL": ("Dutch", "DUTCH", "Netherlands", "Holland"),
    "ES": ("Spanish", "Spain"),
    "CO": ("Colombian", "COLOMBIAN", "Colombia"),
    "EC": ("Ecuadorian", "Ecuador"),
    "VE": ("Venezuelan", "Venezuela"),
    "SE": ("Swedish", "Sweden"),
    "DK": ("Danish", "Denmark"),
    "NO": ("Norwegian", "Norway"),
}

UNKNOWN_SPELLINGS: tuple[str, ...] = ("NOT KNOWN", "NOT KNOWN", "Not known", "UNKNOWN")

# British dual nationals: how the prison extract records them ({} = the other nationality).
BRITISH_DUAL_FORMS: tuple[str, ...] = ("British/{}", "BRITISH/{}", "British / {}")

# EU15 and the EEA states outside the EU: members throughout February 1999 - March 2006.
_ALWAYS = frozenset(
    [
        "AT",
        "BE",
        "DE",
        "DK",
        "ES",
        "FI",
        "FR",
        "GR",
        "IE",
        "IT",
        "LU",
        "NL",
        "PT",
        "SE",
        "GB",
        "NO",
        "IS",
        "LI",
    ]
)
# The 2004 accession states (Cyprus and Malta are left out of the sample).
ACCESSION_2004 = frozenset(["CZ", "EE", "HU", "LV", "LT", "PL", "SK", "SI"])
ACCESSION_DATE = date(2004, 5, 1)
_ACCESSION_2007 = frozenset(("BG", "RO"))


def eu_eea_member(iso: str, on: date) -> bool:
    """Whether a nationality was EU/EEA on a date (1999-2006 and later)."""
    if iso in _ALWAYS:
        return True
    if iso in ACCESSION_2004:
        return on >= ACCESSION_DATE
    if iso in _ACCESSION_2007:
        return on >= date(2007, 1, 1)
    return False


def spell(iso: str, pick: int) -> str:
    """One of the spellings of a nationality (``pick`` is any integer, e.g. from the rng)."""
    forms = SPELLINGS[iso]
    return forms[pick % len(forms)]


def dual_spelling(iso: str, pick: int) -> str:
    """A British dual nationality as the prison extract writes it."""
    other = SPELLINGS[iso][0]
    form = BRITISH_DUAL_FORMS[pick % len(BRITISH_DUAL_FORMS)]
    return form.format(other.upper() if form.isupper() or form.startswith("BRITISH") else other)
