"""A prisoner whose nationality cell names several nationalities is judged, on the release date,
as the national of the one that protects most: an EU citizen keeps free-movement rights
whatever other nationality they hold, and a British citizen is never liable to deportation.
Before, the first named counted ("Jamaican/Polish" was Jamaican in 2005, "Polish/Jamaican"
Polish), so the order a clerk typed them in decided the outcome."""

from __future__ import annotations

from datetime import date

import pytest

from reconcile.normalise.nationality import named_nationalities, parse_nationality
from tests.test_rules_factories import classify_one, prison

LATE = date(2030, 1, 1)  # an as-of date after every release below


def _judged(written: str, release: date, preset: str, months: float = 18.0) -> tuple[str, str]:
    code, _ = parse_nationality(written)
    rec = prison(
        nationality=code, nationality_raw=written, release_date=release, sentence_months=months
    )
    got = classify_one(rec, pol=preset, as_of=LATE)
    return got.outcome.value, got.rule


@pytest.mark.parametrize(
    ("written", "release", "counted"),
    [
        # Poland joined the EU on 1 May 2004: from then the Polish nationality protects more.
        ("Jamaican/Polish", date(2005, 1, 10), "Polish"),
        ("Polish/Jamaican", date(2005, 1, 10), "Polish"),
        ("Jamaican/Polish", date(2003, 6, 1), "Jamaican"),  # both non-EEA: the same either way
        ("Jamaican (also Irish)", date(2005, 1, 10), "Irish"),
        ("Nigerian (dual British)", date(2005, 1, 10), "British"),
        ("British/Jamaican", date(2005, 1, 10), "British"),
        ("Jamaican/French", date(2021, 6, 1), "Jamaican"),  # after free movement ended
    ],
)
@pytest.mark.parametrize("preset", ["2006", "2006-eea", "ukba-2007"])
def test_several_nationalities_count_as_the_one_that_protects_most(
    written: str, release: date, counted: str, preset: str
) -> None:
    assert _judged(written, release, preset) == _judged(counted, release, preset)


def test_the_order_they_are_written_in_does_not_decide() -> None:
    on = date(2005, 1, 10)
    for preset in ("2006", "2006-eea", "ukba-2007"):
        assert _judged("Jamaican/Polish", on, preset) == _judged("Polish/Jamaican", on, preset)
    # Under 2006-eea an EU national is out of scope on 18 months; a Jamaican is not.
    assert _judged("Jamaican/Polish", on, "2006-eea") != _judged("Jamaican", on, "2006-eea")


def test_the_reason_names_every_nationality_and_the_one_counted() -> None:
    rec = prison(
        nationality="JM", nationality_raw="Jamaican/Polish", release_date=date(2005, 1, 10)
    )
    reason = classify_one(rec, pol="2006-eea", as_of=LATE).reason
    assert reason.startswith(
        "Polish national released 10/01/2005, also Jamaican, counted as Polish, the "
        "nationality that protects most; after Poland joined the EU on 01/05/2004"
    ), reason


@pytest.mark.parametrize(
    ("written", "codes"),
    [
        ("Jamaican/Polish", ("JM", "PL")),
        ("Dual UK/JM", ("GB", "JM")),
        ("Nigerian (dual British)", ("NG", "GB")),
        ("Polish", ()),
        ("Polish/Poland", ()),
        ("", ()),
        ("Not known", ()),
    ],
)
def test_named_nationalities(written: str, codes: tuple[str, ...]) -> None:
    assert named_nationalities(written) == codes
