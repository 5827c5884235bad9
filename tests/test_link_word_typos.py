"""Names that share their words but for a typo compare as "similar spelling"."""

from __future__ import annotations

from datetime import date

import pytest

from reconcile.link.compare import compare_one
from tests.test_link_decisions import i, p

BORN = date(1980, 1, 2)


@pytest.mark.parametrize(
    ("prison", "ind", "level"),
    [
        # A middle name dropped and a typo in another word.
        (("ZEBGUL", "MOHD IMRAN"), ("ZEBGUL", "IMARN"), "similar spelling"),
        (("KHAN", "IMRAN ASIF"), ("KHAN", "MUHAMMAD IMRAN AISF"), "similar spelling"),
        (("FARSALZEBNA", "BILAL"), ("FARSALZEBNA", "MOHD BICLAL"), "similar spelling"),
        # No typo: the shared words decide as before.
        (("HASSAN", "ALI"), ("HASSAN", "ALI AHMED"), "same names, some dropped"),
        # Twins: one word in common, the other a different name.
        (("ADEYEMI", "TUNDE"), ("ADEYEMI", "SEGUN"), "one name in common"),
        # Two words away from each other are not a typo.
        (("OKAFOR", "CHIDI EMEKA"), ("OKAFOR", "OBINNA"), "one name in common"),
    ],
)
def test_name_level(prison: tuple[str, str], ind: tuple[str, str], level: str) -> None:
    assert compare_one(p(0, *prison, BORN), i(0, *ind, BORN))["name"] == level
