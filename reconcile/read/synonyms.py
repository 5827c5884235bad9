"""Header synonyms per canonical field, and the columns each extract must have.

A header matches a synonym when both reduce to the same key: lower case, accents
and punctuation and spacing removed ("Forename(s)" -> "forenames", "D.O.B." -> "dob").
"""

from __future__ import annotations

import re
import unicodedata

from reconcile.model import IND_FIELDS, PRISON_FIELDS, Role

_PERSON: dict[str, tuple[str, ...]] = {
    "surname": (
        "Surname",
        "Family name",
        "Last name",
        "Lastname",
        "Second name",
        "Surname/family name",
        "Prisoner surname",
        "Subject surname",
        "Applicant surname",
        "Family name/surname",
    ),
    "forenames": (
        "Forename(s)",
        "Forename",
        "Forenames",
        "First name",
        "First names",
        "Firstname",
        "Given name",
        "Given names",
        "Christian name",
        "Christian names",
        "Other names",
        "Prisoner forename",
        "Subject forename",
    ),
    "full_name": (
        "Name",
        "Full name",
        "Fullname",
        "Prisoner name",
        "Name of prisoner",
        "Offender name",
        "Subject name",
        "Person name",
        "Applicant name",
        "Names",
    ),
    "dob": (
        "DOB",
        "Date of birth",
        "Birth date",
        "Birthdate",
        "D.O.B.",
        "Birth",
        "Born",
        "DoB (dd/mm/yyyy)",
        "Birth dt",
    ),
    "nationality": (
        "Nationality",
        "Nationality code",
        "Country of nationality",
        "Citizenship",
        "Nationality (country)",
        "Nat",
        "Nat.",
        "Declared nationality",
        "Nationality declared",
    ),
    "pnc": (
        "PNC ID",
        "PNC",
        "PNC number",
        "PNC no",
        "PNC no.",
        "PNC num",
        "PNCID",
        "PNC reference",
        "Police National Computer ID",
        "Police National Computer number",
    ),
    "cro": (
        "CRO number",
        "CRO",
        "CRO no",
        "CRO no.",
        "CRO num",
        "CRO ID",
        "CRO reference",
        "Criminal Records Office number",
    ),
    "prison_number": (
        "Prison number",
        "Prison no",
        "Prison no.",
        "Prison num",
        "Prisoner number",
        "Prisoner no",
        "Prisoner no.",
        "NOMS number",
        "NOMS no",
        "NOMS ID",
        "NOMIS number",
        "NOMIS ID",
        "Booking number",
        "Booking no",
        "LIDS number",
        "LIDS no",
        "LIDS ID",
        "Prison ID",
        "Prison ref",
        "Offender number",
        "NOMS no.",
        "NOMS",
        "NOMIS",
        "NOMS ref",
        "NOMS reference",
        "Prisoner ID",
        "NOMIS no",
        "LIDS ref",
        "Booking ref",
    ),
}

# Not among them: prison systems' scheduled dates (CRD, the conditional release date; ARD,
# PED, SED, LED): a release that was due is not one that happened, and "CRD" is no court
# recommendation.
_PRISON_ONLY: dict[str, tuple[str, ...]] = {
    "sentence": (
        "Sentence (months)",
        "Sentence",
        "Sentence length",
        "Sentence length (months)",
        "Sentence months",
        "Sentence (days)",
        "Sentence length (days)",
        "Sentence (weeks)",
        "Sentence (years)",
        "Sentence length (years)",
        "Length of sentence",
        "Term",
        "Term (months)",
        "Custodial term",
        "Sentence term",
    ),
    "offence": (
        "Offence",
        "Main offence",
        "Offence category",
        "Offence group",
        "Principal offence",
        "Offence type",
        "Offense",
        "Index offence",
        "Most serious offence",
        "Offence description",
        "Main offence description",
        "Offence details",
        "Primary offence",
    ),
    "sentence_start": (
        "Sentence start",
        "Sentence start date",
        "Sentence date",
        "Date sentenced",
        "Sentenced on",
        "Date of sentence",
        "Reception date",
        "Custody start",
    ),
    "release_date": (
        "Release date",
        "Date released",
        "Date of release",
        "Discharge date",
        "Date discharged",
        "Released",
        "Released on",
        "Actual release date",
        "Release date (actual)",
        "Actual discharge date",
        "Date of discharge",
        "EDR",
        "Discharge",
        "Release",
        "Release dt",
        "Discharge dt",
        "Actual release",
        "Date of actual release",
        "Date left custody",
    ),
    "court_recommended": (
        "Court recommended deportation",
        "Court rec",
        "Court recommendation",
        "Court recommended",
        "Recommended for deportation",
        "Court rec deportation",
        "Court rec deport",
        "Court recommended deport",
        "Court recommendation deport",
        "Deport recommended",
        "Deportation recommended",
        "Recommendation for deportation",
    ),
    # The day UK residence began, for the Immigration Act 1971 s.7 exemption (optional; an
    # arrival date is not one: a visitor arrives without becoming resident).
    "resident_since": (
        "Resident since",
        "UK resident since",
        "Resident in UK since",
        "Resident in the UK since",
        "UK residence since",
        "Residence since",
        "Date residence began",
        "UK residence start date",
        "Residence start date",
        "Ordinarily resident since",
    ),
}

_IND_ONLY: dict[str, tuple[str, ...]] = {
    "case_ref": (
        "Case reference",
        "Case ref",
        "Case ref.",
        "CID ref",
        "CID reference",
        "CID number",
        "HO ref",
        "HO reference",
        "Home Office reference",
        "Case ID",
        "Case number",
        "Case no",
        "Reference",
        "Ref",
        "Port ref",
        "HO ref no",
        "Home Office ref",
        "HO number",
        "HO no",
        "Case ref no",
        "CID case ref",
        "CID case ID",
    ),
    "referral_date": (
        "Date referral received",
        "Referral date",
        "Date referred",
        "Referral received",
        "Date of referral",
        "Referred on",
        "Referral received date",
        "Date received",
        "Received",
        "Referred",
        "Referral",
        "Referral recd",
        "Referral rec'd",
        "Date recd",
        "Date rec'd",
        "Date referral recd",
        "Referral receipt date",
        "Date referred to IND",
        "Date of referral to IND",
    ),
    "considered_date": (
        "Date considered",
        "Consideration date",
        "Decision date",
        "Date of decision",
        "Date of consideration",
        "Considered on",
        "Considered",
        "Date decided",
        "Decided on",
        "Date case considered",
        "Case considered date",
        "Date deportation considered",
        "Consideration completed",
        "Date consideration completed",
        "Date of deportation decision",
        "Deportation decision date",
    ),
    "decision": (
        "Decision",
        "Outcome",
        "Decision outcome",
        "Result",
        "Deportation decision",
        "Case outcome",
        "Decision type",
    ),
}


def _role_table(fields: tuple[str, ...], extra: dict[str, tuple[str, ...]]) -> dict:
    both = {**_PERSON, **extra}
    return {f: both[f] for f in fields}


# Role -> canonical field -> synonyms (the first is the name shown in messages).
SYNONYMS: dict[Role, dict[str, tuple[str, ...]]] = {
    Role.PRISON: _role_table(PRISON_FIELDS, _PRISON_ONLY),
    Role.IND: _role_table(IND_FIELDS, _IND_ONLY),
}

# How each field is named in messages.
FIELD_LABELS: dict[str, str] = {
    "prison_number": "prison number",
    "surname": "surname",
    "forenames": "forenames",
    "full_name": "full name",
    "dob": "date of birth",
    "nationality": "nationality",
    "sentence": "sentence length",
    "offence": "offence",
    "sentence_start": "sentence start date",
    "release_date": "release date",
    "court_recommended": "court recommendation",
    "case_ref": "case reference",
    "referral_date": "referral date",
    "considered_date": "consideration date",
    "decision": "decision",
    "pnc": "PNC ID",
    "cro": "CRO number",
    "resident_since": "date UK residence began",
}

# Each requirement is a group of alternatives: one of them must be mapped.
Requirement = tuple[str, ...]
NAME: Requirement = ("surname", "full_name")
REQUIRED: dict[Role, tuple[Requirement, ...]] = {
    # Nationality and sentence length decide scope: without either column every row would
    # be judged on a value it does not have (an unknown nationality counts as non-EU).
    Role.PRISON: (NAME, ("dob",), ("nationality",), ("release_date",), ("sentence",)),
    # Both dates: without the referral column every record would read as never referred,
    # without the consideration column every referral as not considered.
    Role.IND: (NAME, ("dob",), ("referral_date",), ("considered_date",)),
}

# Parenthesised format hints that say nothing about the field: (dd/mm/yyyy), (Y/N), (yes/no).
_HINT = re.compile(r"\((?:(?:[dmy]{1,4}[/.\- ]?){2,3}|y\s*/\s*n|yes\s*/\s*no|y or n)\)")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def header_key(text: object) -> str:
    """The matching key of a header: 'Date of Birth (dd/mm/yyyy)' -> 'dateofbirth'."""
    if text is None:
        return ""
    folded = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    folded = _HINT.sub("", folded.lower())
    return _NON_ALNUM.sub("", folded)


def synonym_index(role: Role) -> dict[str, str]:
    """Header key -> canonical field, for one role."""
    return _INDEX[role]


def _build_index(role: Role) -> dict[str, str]:
    index: dict[str, str] = {}
    for field_name, names in SYNONYMS[role].items():
        for name in names:
            index.setdefault(header_key(name), field_name)
    return index


_INDEX: dict[Role, dict[str, str]] = {role: _build_index(role) for role in Role}


def synonym_rank(role: Role, key: str) -> int:
    """Where a header key stands in its field's list of synonyms (0 = the plainest name): of
    two columns that could be one field, the better-named one takes it."""
    return _RANK[role].get(key, len(_RANK[role]))


def _build_rank(role: Role) -> dict[str, int]:
    rank: dict[str, int] = {}
    for names in SYNONYMS[role].values():
        for position, name in enumerate(names):
            rank.setdefault(header_key(name), position)
    return rank


_RANK: dict[Role, dict[str, int]] = {role: _build_rank(role) for role in Role}


def requirements(role: Role, require: tuple[str, ...] | None) -> tuple[Requirement, ...]:
    """The required groups: the role's own, or those asked for ('name' = surname or full name;
    'a|b' = a or b)."""
    if require is None:
        return REQUIRED[role]
    groups: list[Requirement] = []
    for item in require:
        groups.append(NAME if item == "name" else tuple(item.split("|")))
    return tuple(groups)


def describe_group(group: Requirement) -> str:
    """'date of birth', 'the name (surname or full name)', 'a referral date or ...'."""
    if group == NAME:
        return "the name (surname or full name)"
    if len(group) == 1:
        return FIELD_LABELS.get(group[0], group[0])
    return " or ".join(FIELD_LABELS.get(f, f) for f in group)
