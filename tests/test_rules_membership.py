"""EU/EEA membership by date: the class of a nationality on a given day."""

from __future__ import annotations

from datetime import date

import pytest

from reconcile.rules.membership import (
    BRITISH,
    EEA,
    IRISH,
    NON_EEA,
    SWISS,
    UNKNOWN,
    parse_membership,
    shipped_membership,
)

D = date


@pytest.mark.parametrize(
    ("code", "on", "cls"),
    [
        (None, D(2005, 1, 1), UNKNOWN),
        ("GB", D(2005, 1, 1), BRITISH),
        ("GB", D(2021, 6, 1), BRITISH),
        ("IE", D(2005, 1, 1), IRISH),
        ("JM", D(2005, 1, 1), NON_EEA),
        ("XX", D(2005, 1, 1), NON_EEA),  # stateless
        ("FR", D(1999, 2, 1), EEA),
        ("FR", D(1957, 12, 31), NON_EEA),
        ("AT", D(1993, 12, 31), NON_EEA),
        ("AT", D(1994, 1, 1), EEA),  # in the EEA for a year before it joined the EU
        ("AT", D(1994, 12, 31), EEA),
        ("AT", D(1995, 1, 1), EEA),
        ("PL", D(2004, 4, 30), NON_EEA),  # the day before the 2004 accession
        ("PL", D(2004, 5, 1), EEA),  # accession day counts
        ("LT", D(2004, 5, 1), EEA),
        ("CY", D(2004, 4, 30), NON_EEA),
        ("RO", D(2006, 12, 31), NON_EEA),
        ("RO", D(2007, 1, 1), EEA),
        ("BG", D(2007, 1, 1), EEA),
        ("HR", D(2013, 6, 30), NON_EEA),
        ("HR", D(2013, 7, 1), EEA),
        ("NO", D(1993, 12, 31), NON_EEA),
        ("NO", D(1994, 1, 1), EEA),
        ("IS", D(1994, 1, 1), EEA),
        ("LI", D(1995, 4, 30), NON_EEA),
        ("LI", D(1995, 5, 1), EEA),
        ("CH", D(2002, 5, 31), NON_EEA),
        ("CH", D(2002, 6, 1), SWISS),
        ("PL", D(2020, 6, 1), EEA),  # transition period: free movement continued
        ("PL", D(2020, 12, 31), EEA),
        ("PL", D(2021, 1, 1), NON_EEA),  # free movement ended
        ("CH", D(2021, 1, 1), NON_EEA),
    ],
)
def test_class_as_at_date(code: str | None, on: date, cls: str) -> None:
    assert shipped_membership().standing(code, on).cls == cls


@pytest.mark.parametrize(
    ("code", "on", "clause"),
    [
        ("PL", D(2004, 6, 2), "after PL joined the EU on 01/05/2004"),
        ("PL", D(2003, 11, 2), "before PL joined the EU on 01/05/2004"),
        (
            "FR",
            D(2003, 11, 2),
            "after FR joined the European Communities (now the EU) on 01/01/1958",
        ),
        ("NO", D(2003, 1, 1), "after NO joined the EEA on 01/01/1994"),
        ("CH", D(2002, 1, 1), "before free movement with CH began on 01/06/2002"),
        ("PL", D(2021, 1, 1), "after free movement with the UK ended on 31/12/2020"),
        ("PL", D(2020, 2, 1), "during the transition after the UK left the EU on 31/01/2020"),
        ("JM", D(2003, 1, 1), ""),
    ],
)
def test_clause_names_the_membership_fact(
    code: str, on: date, clause: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reconcile.rules import countries

    monkeypatch.setattr(countries, "_ask", lambda function, code: None)
    countries.country_name.cache_clear()
    try:
        assert shipped_membership().standing(code, on).clause == clause
    finally:
        countries.country_name.cache_clear()


def test_shipped_tables_cover_every_member() -> None:
    m = shipped_membership()
    # EU28 including the UK, and Gibraltar, whose citizens were UK nationals for EU purposes
    assert len(m.eu) == 29
    assert set(m.eea) == {"NO", "IS", "LI", "AT", "FI", "SE"}  # AT, FI, SE: 1994 only
    assert set(m.swiss) == {"CH"}
    assert sum(1 for d in m.eu.values() if d == D(2004, 5, 1)) == 10
    assert m.left_eu == D(2020, 1, 31) and m.transition_ended == D(2020, 12, 31)


def test_parsed_tables_drive_the_decision() -> None:
    m = parse_membership({"eu": {"ZZ": D(2010, 1, 1)}, "nationals": {"british": ["GB"]}})
    assert m.standing("ZZ", D(2009, 12, 31)).cls == NON_EEA
    assert m.standing("ZZ", D(2010, 1, 1)).cls == EEA
    assert m.standing("PL", D(2010, 1, 1)).cls == NON_EEA  # not in this table


def test_as_dict_is_plain_data() -> None:
    d = shipped_membership().as_dict()
    assert d["eu"]["PL"] == "2004-05-01"
    assert d["swiss"] == {"CH": "2002-06-01"}
    assert d["uk_transition_ended"] == "2020-12-31"


@pytest.mark.parametrize(
    ("code", "on", "clause"),
    [
        ("NL", D(2003, 1, 1), "the Netherlands joined the European Communities"),
        ("CZ", D(2005, 1, 1), "after the Czech Republic joined the EU on 01/05/2004"),
        ("PL", D(2005, 1, 1), "after Poland joined the EU on 01/05/2004"),
        ("KY", D(2001, 1, 1), "the Cayman Islands became British citizens on 21/05/2002"),
    ],
)  # fmt: skip
def test_clauses_read_as_sentences(code: str, on: date, clause: str) -> None:
    """Country names with their article, dates day first as every reason gives them."""
    assert clause in shipped_membership().standing(code, on).clause
