"""clean_name and split_full_name, as tables, plus properties."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reconcile.normalise.names import (
    alias_parts,
    alias_split,
    clean_name,
    forenames_from_full,
    maybe_aliases,
    split_full_name,
    without_title,
)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Wiśniewski", "WISNIEWSKI"),
        ("Yılmaz", "YILMAZ"),
        ("Nguyễn", "NGUYEN"),
        ("Müller", "MULLER"),
        ("Łukasz", "LUKASZ"),
        ("Øster", "OSTER"),
        ("Straße", "STRASSE"),
        ("  o'BRIEN-smith ", "O'BRIEN-SMITH"),
        ("O’Brien", "O'BRIEN"),
        ("Jean-Luc   Picard", "JEAN-LUC PICARD"),
        ("St. John", "ST JOHN"),
        ("Smith2", "SMITH"),
        ("MOHAMMED\tALI", "MOHAMMED ALI"),
        ("=SUM(A1)", "SUM A"),  # a name, not a formula: cleaned like any other text
        ("+44 Smith", "SMITH"),
        ("@handle", "HANDLE"),
        ("-Dash", "-DASH"),
        ("", ""),
        ("   ", ""),
        ("123", ""),
    ],
)
def test_clean_name(raw: str, clean: str) -> None:
    assert clean_name(raw) == clean


@pytest.mark.parametrize(
    ("raw", "surname", "forenames"),
    [
        ("SMITH, John Paul", "SMITH", "JOHN PAUL"),
        ("Smith, John", "SMITH", "JOHN"),
        ("SMITH,John", "SMITH", "JOHN"),
        ("SMITH, John, Paul", "SMITH", "JOHN PAUL"),
        ("John Paul Smith", "SMITH", "JOHN PAUL"),
        ("JOHN PAUL SMITH", "SMITH", "JOHN PAUL"),
        ("Van Minh NGUYEN", "NGUYEN", "VAN MINH"),
        ("NGUYEN Van Minh", "NGUYEN", "VAN MINH"),
        ("Mohammed AHMED ALI", "AHMED ALI", "MOHAMMED"),
        ("J SMITH", "SMITH", "J"),
        ("Maria de la Cruz", "DE LA CRUZ", "MARIA"),
        ("Ludwig van Beethoven", "VAN BEETHOVEN", "LUDWIG"),
        ("Abdul Rahman al Hassan", "AL HASSAN", "ABDUL RAHMAN"),
        ("Wiśniewski, Łukasz", "WISNIEWSKI", "LUKASZ"),
        ("Ali", "ALI", ""),
        ("Mr Ahmed HASSAN", "HASSAN", "AHMED"),
        ("MRS. AMINA YUSUF", "YUSUF", "AMINA"),
        ("Dr Li WANG", "WANG", "LI"),
        ("HASSAN, Mr Ahmed", "HASSAN", "AHMED"),
        ("Mr Smith", "SMITH", ""),
        ("Mr", "MR", ""),  # a title alone says nothing else: kept
        ("Misra Kumar", "KUMAR", "MISRA"),  # a name that starts like a title is a name
        ("SMITH,", "SMITH", ""),
        (", John", "JOHN", ""),
        ("", "", ""),
        ("   ", "", ""),
    ],
)
def test_split_full_name(raw: str, surname: str, forenames: str) -> None:
    assert split_full_name(raw) == (surname, forenames)


@pytest.mark.parametrize(
    ("cleaned", "name"),
    [
        ("MR AHMED", "AHMED"),
        ("MS AMINA FATIMA", "AMINA FATIMA"),
        ("MR", "MR"),
        ("MRS", "MRS"),
        ("MRAZ JAN", "MRAZ JAN"),
        ("AHMED MR", "AHMED MR"),
        ("", ""),
    ],
)
def test_without_title(cleaned: str, name: str) -> None:
    assert without_title(cleaned) == name


@pytest.mark.parametrize(
    ("surname", "full", "forenames"),
    [
        ("HASSAN", "Mr Ahmed HASSAN", "AHMED"),
        ("SMITH", "SMITH, John Paul", "JOHN PAUL"),
        ("NGUYEN", "Nguyen Van An", "VAN AN"),
        ("AL JABURI", "Ahmed Al Jaburi", "AHMED"),
        ("DA SILVA", "Joao da Silva", "JOAO"),
        ("SILVA", "Joao da Silva", "JOAO"),  # the particle goes with the surname
        ("JABURI", "Ahmed AL Jaburi", "AHMED"),
        ("AN", "Nguyen Van An", "NGUYEN VAN"),  # Van capitalised is a name, not a particle
        ("JONES", "Mary Smith", ""),
        ("SMITH", "SMITH", ""),
        ("", "Mary Smith", ""),
    ],
)
def test_forenames_from_full(surname: str, full: str, forenames: str) -> None:
    assert forenames_from_full(surname, full) == forenames


@given(st.text(max_size=40))
def test_clean_name_is_idempotent(text: str) -> None:
    once = clean_name(text)
    assert clean_name(once) == once
    assert set(once) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ '-")
    assert once == once.strip() and "  " not in once


@given(st.text(max_size=40))
def test_split_never_raises_and_gives_clean_parts(text: str) -> None:
    surname, forenames = split_full_name(text)
    assert clean_name(surname) == surname
    assert clean_name(forenames) == forenames
    if clean_name(text):
        assert surname


@pytest.mark.parametrize(
    ("text", "name", "alias"),
    [
        ("SMITH (aka JONES)", "SMITH", "JONES"),
        ("John SMITH aka Johnny JONES", "John SMITH", "Johnny JONES"),
        ("Ahmed HASSAN alias Ahmad HASAN", "Ahmed HASSAN", "Ahmad HASAN"),
        ("MOHAMMED @ MOHAMED", "MOHAMMED", "MOHAMED"),
        ("SMITH @JONES", "SMITH", "JONES"),
        ("SMITH, John a.k.a. JONES, Johnny", "SMITH, John", "JONES, Johnny"),
        ("John SMITH also known as Johnny", "John SMITH", "Johnny"),
        ("Mohammed Ali [alias]", "Mohammed Ali", ""),
        ("Tunde OKAFOR (ALIAS)", "Tunde OKAFOR", ""),
        # Not an alias: Aka as a forename or surname, names holding the letters, no name first.
        ("Aka MENSAH", "Aka MENSAH", ""),
        ("Kwame AKA", "Kwame AKA", ""),
        ("ALIASGAR Hussein", "ALIASGAR Hussein", ""),
        ("Zakaria MAKAME", "Zakaria MAKAME", ""),
        ("aka JONES", "aka JONES", ""),
        ("SMITH @", "SMITH @", ""),
        ("", "", ""),
    ],
)
def test_alias_split(text: str, name: str, alias: str) -> None:
    assert alias_split(text) == (name, alias)


@pytest.mark.parametrize(
    ("text", "name", "aliases"),
    [
        ("SMITH", "SMITH", []),
        ("SMITH (aka JONES)", "SMITH", ["JONES"]),
        ("SMITH aka JONES aka BROWN", "SMITH", ["JONES", "BROWN"]),
        ("SMITH (aka JONES) (aka BROWN)", "SMITH", ["JONES", "BROWN"]),
        ("SMITH @ JONES @ BROWN", "SMITH", ["JONES", "BROWN"]),
        ("John SMITH alias Johnny JONES alias Jack BROWN", "John SMITH",
         ["Johnny JONES", "Jack BROWN"]),
        ("Mohammed Ali [alias]", "Mohammed Ali", []),
        ("SMITH aka JONES [alias]", "SMITH", ["JONES"]),
        ("Aka MENSAH", "Aka MENSAH", []),
    ],
)  # fmt: skip
def test_alias_parts(text: str, name: str, aliases: list[str]) -> None:
    assert alias_parts(text) == (name, aliases)


@given(st.lists(st.sampled_from(["A", " ", " aka ", " @ ", "(", ")", "[alias]", "X"]), max_size=12))
def test_alias_parts_leave_no_marker_in_the_name(pieces: list[str]) -> None:
    """Whatever the cell, the name before the aliases gives no alias itself, and splitting
    it again changes nothing."""
    name, aliases = alias_parts("".join(pieces))
    assert alias_split(name) == (name, "")
    assert alias_parts(name) == (name, [])
    assert all(a.strip() == a and a for a in aliases)


@given(st.lists(st.one_of(
    st.text(max_size=30),
    st.sampled_from(["SMITH (aka JONES)", "A @ B", "X alias Y", "ZAKARIA", "x\ny aka z", ""]),
)))  # fmt: skip
def test_the_bulk_search_finds_every_alias(texts: list[str]) -> None:
    """maybe_aliases (one search over all the texts) misses no text alias_split would cut."""
    maybe = maybe_aliases(texts)
    assert {t for t in texts if alias_split(t)[0] != t} <= maybe <= set(texts)
