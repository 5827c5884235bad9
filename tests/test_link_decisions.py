"""The linker end to end on small hand-made files: links, twins, ambiguity, episodes,
several IND records (and records their file kept apart), overrides, determinism, empty inputs,
and rows for `reconcile match`."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date, timedelta

import pytest

from reconcile.link import LinkerConfig, link_records, match_rows
from reconcile.link.compare import compare_one
from reconcile.link.explain import probability_text
from reconcile.link.rows import COLUMNS
from reconcile.model import (
    IndRecord,
    LinkOverrides,
    LinkResult,
    LinkStatus,
    PairScore,
    PrisonRecord,
    Provenance,
)

SURNAMES = [
    "OKAFOR",
    "KOWALSKI",
    "YILMAZ",
    "PEREIRA",
    "MURPHY",
    "HOXHA",
    "MENSAH",
    "TRAN",
    "AHMADI",
    "CAMPBELL",
    "DIALLO",
    "POPESCU",
    "NOWAK",
    "OZTURK",
    "BERISHA",
    "REID",
]
FORENAMES = [
    "CHINEDU",
    "PIOTR",
    "MURAT",
    "PAULO",
    "DECLAN",
    "ARBEN",
    "KWAME",
    "TUAN",
    "REZA",
    "MARLON",
    "MAMADOU",
    "MIHAI",
    "TOMASZ",
    "EMRE",
    "ILIR",
    "WINSTON",
]


def p(idx: int, sur: str, fore: str, dob: date | None, number: str | None = None,
      nat: str | None = "NG") -> PrisonRecord:  # fmt: skip
    return PrisonRecord(
        idx=idx, prov=Provenance("prison.csv", "", idx + 2), prison_number=number, surname=sur,
        forenames=fore, dob=dob, nationality=nat, nationality_raw="", sentence_months=24.0,
        sentence_life=False, sentence_raw="24", offence="", sentence_start=None,
        release_date=None, court_recommended=None,
    )  # fmt: skip


def i(idx: int, sur: str, fore: str, dob: date | None, number: str | None = None,
      nat: str | None = "NG", ref: str = "") -> IndRecord:  # fmt: skip
    return IndRecord(
        idx=idx, prov=Provenance("ind.csv", "", idx + 2), case_ref=ref or f"X{idx:07d}",
        surname=sur, forenames=fore, dob=dob, nationality=nat, nationality_raw="",
        prison_number=number, referral_date=None, considered_date=None, decision="",
    )  # fmt: skip


def filler(n: int) -> list[tuple[str, str, date]]:
    """n distinct people, each in both files."""
    people = []
    for k in range(n):
        sur = SURNAMES[k % len(SURNAMES)] + ("" if k < len(SURNAMES) else f"{chr(65 + k // 16)}A")
        people.append(
            (sur, FORENAMES[(k * 7) % len(FORENAMES)], date(1960, 1, 3) + timedelta(days=97 * k))
        )
    return people


def build(
    extra_prison: list[tuple[str, str, date | None, str | None]],
    extra_ind: list[tuple[str, str, date | None, str | None]],
    n_filler: int = 60,
) -> tuple[list[PrisonRecord], list[IndRecord]]:
    """Extra rows first (idx 0..), then filler people present in both files."""
    prison = [p(k, s, f, d, n) for k, (s, f, d, n) in enumerate(extra_prison)]
    ind = [i(k, s, f, d, n) for k, (s, f, d, n) in enumerate(extra_ind)]
    for s, f, d in filler(n_filler):
        prison.append(p(len(prison), s, f, d, f"QZ{len(prison):04d}"))
        ind.append(i(len(ind), s, f, d))
    return prison, ind


def run(prison: list[PrisonRecord], ind: list[IndRecord], **kw: object) -> LinkResult:
    return link_records(prison, ind, LinkerConfig(), seed=2006, **kw)  # type: ignore[arg-type]


def test_filler_people_link_one_to_one() -> None:
    prison, ind = build([], [])
    result = run(prison, ind)
    assert len(result.decisions) == len(prison)
    assert [d.prison_idx for d in result.decisions] == list(range(len(prison)))
    assert all(d.status == LinkStatus.LINKED for d in result.decisions)
    assert all(d.ind_idxs == (d.prison_idx,) for d in result.decisions)
    first = result.decisions[0]
    assert first.reason.startswith(f"Linked to IND case {ind[0].case_ref} (row 2): name: exact (+")
    assert "probability" in first.reason and first.best is not None
    assert result.candidate_pairs >= len(prison)


def test_transliteration_and_swap_still_link() -> None:
    prison, ind = build(
        [
            ("AL-JABURI", "MOHAMMED", date(1975, 3, 14), None),
            ("NGUYEN", "VAN MINH", date(1981, 9, 30), None),
        ],
        [
            ("JABURI", "MUHAMMAD", date(1975, 3, 14), None),
            ("VAN MINH", "NGUYEN", date(1981, 9, 30), None),
        ],
    )
    result = run(prison, ind)
    assert result.decisions[0].ind_idxs == (0,)
    assert "transliteration variant" in result.decisions[0].reason
    assert result.decisions[1].ind_idxs == (1,)
    assert "forename and surname swapped" in result.decisions[1].reason


def test_a_year_of_birth_given_alone_links_on_the_name_and_the_year() -> None:
    """An IND record giving only the year of birth links to the prisoner of that name born
    that year, with the year's agreement weighed and said; another year counts against."""
    prison, ind = build(
        [
            ("WARSAME", "ABDIRAHMAN", date(1984, 7, 2), None),
            ("HASSAN", "FARAH ISSE", date(1979, 11, 23), None),
        ],
        [("WARSAME", "ABDIRAHMAN", None, None), ("HASSAN", "FARAH ISSE", None, None)],
    )
    ind[0] = replace(ind[0], birth_year=1984)
    ind[1] = replace(ind[1], birth_year=1991)
    result = run(prison, ind)
    same, other = result.decisions[0], result.decisions[1]
    assert same.status == LinkStatus.LINKED and same.ind_idxs == (0,)
    assert "date of birth: same year, one gives only the year (+" in same.reason
    assert other.best is not None
    dob = {f.field: f for f in other.best.fields}["dob"]
    assert dob.level == "different" and dob.weight < 0
    # Without the year the same name weighs less than with it.
    alone = run(prison, [replace(ind[0], birth_year=None), *ind[1:]]).decisions[0]
    assert same.best is not None and alone.best is not None
    assert same.best.weight > alone.best.weight + 2


def test_twins_are_kept_apart() -> None:
    born = date(1983, 6, 21)
    prison, ind = build(
        [("ADEYEMI", "TUNDE", born, None)],
        [("ADEYEMI", "TUNDE", born, None), ("ADEYEMI", "SEGUN", born, None)],
    )
    result = run(prison, ind)
    assert result.decisions[0].status == LinkStatus.LINKED
    assert result.decisions[0].ind_idxs == (0,)
    assert result.ind_person[0] != result.ind_person[1]


def test_two_people_scoring_alike_need_review() -> None:
    prison, ind = build(
        [("QURESHI", "NAVEED", date(1970, 2, 3), None)],
        [
            ("QURESHI", "NAVEED", date(1971, 2, 3), None),
            ("QURESHI", "NAVEED", date(1970, 2, 13), None),
        ],
    )
    decision = run(prison, ind).decisions[0]
    assert decision.status == LinkStatus.REVIEW
    assert decision.ind_idxs == ()
    assert decision.runner_up is not None
    assert {c.ind_idx for c in decision.candidates} == {0, 1}
    assert "a different person" in decision.reason


def test_custody_episodes_share_a_person_and_a_decision() -> None:
    born = date(1969, 8, 12)
    prison, ind = build(
        [("BALOGUN", "OLUMIDE", born, "AB1234"), ("BALOGUN", "OLUMIDE", born, "CD5678")],
        [("BALOGUN", "OLUMIDE", born, None)],
    )
    result = run(prison, ind)
    assert result.prison_person[0] == result.prison_person[1]
    assert result.decisions[0].ind_idxs == result.decisions[1].ind_idxs == (0,)
    dup = [f for f in result.findings if f.file == "prison.csv" and f.row == 3]
    assert dup and dup[0].problem == "appears to be the same person as row 2"


def test_several_ind_records_of_one_person_are_all_linked() -> None:
    born = date(1977, 12, 2)
    prison, ind = build(
        [("WOZNIAK", "ANDRZEJ", born, None)],
        [("WOZNIAK", "ANDRZEJ", born, None), ("WOZNIAK", "ANDRZEJ", born, None)],
    )
    result = run(prison, ind)
    assert result.ind_person[0] == result.ind_person[1]
    assert set(result.decisions[0].ind_idxs) == {0, 1}
    assert "with 1 more IND record of the same person" in result.decisions[0].reason


SECOND_RECORDS = [
    # A close name and a birth date one digit out.
    (
        ("KOWALCZYK", "TOMASZ JANUSZ", date(1977, 4, 8)),
        ("very similar spelling", "one digit different"),
    ),
    # A similar spelling and the same birth date.
    (("KOVALCIK", "TOMASZ JON", date(1977, 4, 9)), ("similar spelling", "exact")),
]


@pytest.mark.parametrize(("second", "levels"), SECOND_RECORDS)
def test_a_record_the_file_could_not_join_surely_is_linked_with_its_twin_record(
    second: tuple[str, str, date], levels: tuple[str, str]
) -> None:
    """Two IND records of one person that their own file cannot join surely are joined when a
    prison row links to both."""
    first = ("KOWALCZYK", "TOMASZ JAN", date(1977, 4, 9))
    between = compare_one(i(0, *first), i(1, *second))
    assert (between["name"], between["dob"]) == levels
    prison, ind = build([(*first, None)], [(*first, None), (*second, None)])
    result = run(prison, ind)
    assert result.ind_person[0] != result.ind_person[1]  # not surely one person on their own
    assert result.decisions[0].status == LinkStatus.LINKED
    assert result.decisions[0].ind_idxs == (0, 1)  # the exact record first


# One prisoner; the IND file holds two records of them that disagree with each other (a birth
# date keyed wrongly on the record that has the prison number), so the file keeps them apart.
SPLIT_PRISONER = ("KOWALCZYK", "TOMASZ", date(1977, 4, 8), "AB1234")
SPLIT_NUMBERED = ("KOWALCZYK", "TOMASZ", date(1979, 6, 30), "AB1234")
SPLIT_DATED = ("KOWALCZYK", "TOMASZ", date(1977, 4, 8), None)


def test_an_ind_record_its_file_kept_apart_is_joined_through_the_prisoner() -> None:
    prison, ind = build([SPLIT_PRISONER], [SPLIT_NUMBERED, SPLIT_DATED])
    result = run(prison, ind)
    assert result.ind_person[0] != result.ind_person[1]
    d = result.decisions[0]
    assert d.status == LinkStatus.LINKED and d.ind_idxs == (1, 0)
    assert d.reason.startswith("Linked to IND case X0000001 (row 3): name: exact (+")
    assert (
        "; also linked to IND case X0000000 (row 2): the IND file did not group it with the "
        "first, but it is as sure a match on its own: name: exact (+"
    ) in d.reason
    assert "date of birth: different (-" in d.reason and "prison number: exact (+" in d.reason
    assert d.reason.endswith("on its own evidence; linked to no other prisoner")
    assert [s.ind_idx for s in d.also] == [0] and d.also[0].probability >= 0.95
    # As the link explanation gives it: never a certain "1.000".
    assert f"; {probability_text(d.also[0].probability)} on its own evidence;" in d.reason
    assert "probability 1.000" not in d.reason
    assert result.parameters["ind_records_kept_apart"] == {
        "own_probability_at_least": 0.95,
        "rows_held_for_review_linked_to_two_records": 0,
        "linked_rows_given_more_records": 1,
    }


def test_an_ind_record_too_weak_on_its_own_is_not_joined() -> None:
    without_number = (*SPLIT_NUMBERED[:3], None)
    result = run(*build([SPLIT_PRISONER], [without_number, SPLIT_DATED]))
    assert result.decisions[0].ind_idxs == (1,)
    assert "also linked" not in result.decisions[0].reason


def test_an_ind_record_another_prisoner_holds_is_not_joined() -> None:
    other = ("KOWALCZYK", "TOMASZ", date(1979, 6, 30), "CD5678")  # a namesake, another number
    result = run(*build([SPLIT_PRISONER, other], [SPLIT_NUMBERED, SPLIT_DATED]))
    assert result.decisions[0].ind_idxs == (1,)
    assert result.decisions[1].ind_idxs == (0,)


def test_a_candidate_a_reviewer_ruled_out_no_longer_weighs_against_the_others() -> None:
    """Ruling out the best candidate leaves the next one as likely as it would be had the
    ruled-out one never been a candidate."""
    prison, ind = build([SPLIT_PRISONER], [SPLIT_NUMBERED, SPLIT_DATED])
    alone = run(*build([SPLIT_PRISONER], [SPLIT_NUMBERED])).decisions[0]
    ruled = run(prison, ind, overrides=LinkOverrides(not_same=frozenset({(0, 1)}))).decisions[0]
    assert ruled.status == alone.status == LinkStatus.LINKED
    assert ruled.ind_idxs == alone.ind_idxs == (0,)
    assert ruled.best is not None and alone.best is not None
    assert ruled.best.probability == pytest.approx(alone.best.probability, abs=0.02)


def test_an_ind_record_a_reviewer_ruled_out_is_not_joined() -> None:
    prison, ind = build([SPLIT_PRISONER], [SPLIT_NUMBERED, SPLIT_DATED])
    result = run(prison, ind, overrides=LinkOverrides(not_same=frozenset({(0, 0)})))
    assert result.decisions[0].ind_idxs == (1,)


# Two custody episodes of one person, the second with a 1 January placeholder for the birth
# date; the IND file also holds a namesake born a month later, never in prison.
EPISODE = ("BALOGUN", "OLUMIDE", date(1969, 8, 12), "AB1234")
PLACEHOLDER_EPISODE = ("BALOGUN", "OLUMIDE", date(1969, 1, 1), "CD5678")
NAMESAKES = [
    ("BALOGUN", "OLUMIDE", date(1969, 8, 12), None),
    ("BALOGUN", "OLUMIDE", date(1969, 2, 2), None),
]


def test_a_row_not_linked_alone_follows_its_other_custody_episode() -> None:
    prison, ind = build([EPISODE, PLACEHOLDER_EPISODE], NAMESAKES)
    # One IND record with a prison number: else the IND list has none, and the field is not
    # weighed or shown anywhere.
    ind[-1] = replace(ind[-1], prison_number="ZZ0001")
    alone = run(*build([PLACEHOLDER_EPISODE], NAMESAKES)).decisions[0]
    assert alone.status != LinkStatus.LINKED  # on its own: either namesake
    result = run(prison, ind)
    assert result.decisions[0].ind_idxs == (0,)
    second = result.decisions[1]
    assert second.status == LinkStatus.LINKED and second.ind_idxs == (0,)
    assert result.prison_person[0] == result.prison_person[1]
    assert second.best is not None and second.best.prison_idx == 1  # its own evidence
    assert second.reason.startswith(
        "Linked to IND case X0000000 (row 2) through prison row 2, which is linked to it and "
        "may be the same person as this row (prison rows 2 and 3: name: exact (+"
    )
    assert "date of birth: 1 January placeholder, same year" in second.reason
    # A prison number is one custody period: within the prison file, two numbers weigh nothing.
    assert "prison number: different (+0.0)" in second.reason
    assert "; this row alone against IND case X0000000 (row 2): name: exact (+" in second.reason


def test_a_row_in_custody_at_the_same_time_does_not_follow() -> None:
    """Custody overlapping under another prison number: two people, however alike."""
    prison, ind = build([EPISODE, PLACEHOLDER_EPISODE], NAMESAKES)
    held = {"sentence_start": date(2004, 1, 5), "release_date": date(2005, 6, 1)}
    prison[0] = replace(prison[0], **held)  # type: ignore[arg-type]
    prison[1] = replace(prison[1], **held)  # type: ignore[arg-type]
    result = run(prison, ind)
    assert result.decisions[0].ind_idxs == (0,)
    assert result.decisions[1].status != LinkStatus.LINKED
    assert result.prison_person[0] != result.prison_person[1]


def test_a_reviewers_decision_is_not_overridden_by_another_episode() -> None:
    prison, ind = build([EPISODE, PLACEHOLDER_EPISODE], NAMESAKES)
    result = run(prison, ind, overrides=LinkOverrides(not_same=frozenset({(1, 0)})))
    assert 0 not in result.decisions[1].ind_idxs
    assert result.decisions[0].ind_idxs == (0,)


def test_reviewer_overrides() -> None:
    prison, ind = build([], [])
    forbid = LinkOverrides(not_same=frozenset({(0, 0)}))
    result = run(prison, ind, overrides=forbid)
    assert 0 not in result.decisions[0].ind_idxs
    assert result.decisions[0].status != LinkStatus.LINKED
    force = LinkOverrides(same=frozenset({(0, 5)}), reviewer={(0, 5): "A. Auditor: same passport"})
    forced = run(prison, ind, overrides=force).decisions[0]
    assert forced.status == LinkStatus.LINKED and forced.ind_idxs[0] == 5
    assert forced.decided_by == "reviewer: A. Auditor: same passport"


def test_reruns_are_identical() -> None:
    prison, ind = build(
        [("QURESHI", "NAVEED", None, None)],
        [
            ("QURESHI", "NAVEED", date(1970, 2, 3), None),
            ("QURESHI", "NAVEED", date(1988, 11, 25), None),
        ],
    )
    a, b = run(prison, ind), run(prison, ind)
    assert a.decisions == b.decisions
    assert a.parameters == b.parameters
    assert a.prison_person == b.prison_person and a.ind_person == b.ind_person


@pytest.mark.parametrize("side", ["prison", "ind", "both"])
def test_empty_files(side: str) -> None:
    prison, ind = build([], [], n_filler=5)
    if side in ("prison", "both"):
        prison = []
    if side in ("ind", "both"):
        ind = []
    result = run(prison, ind)
    assert len(result.decisions) == len(prison)
    assert all(d.status == LinkStatus.NONE for d in result.decisions)


def test_match_rows() -> None:
    prison, ind = build([], [], n_filler=20)
    made = match_rows(prison, ind, LinkerConfig(), seed=1)
    rows = made.as_dicts()
    assert len(made) == len(rows) == 20
    assert set(rows[0]) == set(COLUMNS)
    assert rows[0]["name_level"] == "exact" and rows[0]["status"] == "linked"
    assert rows[0]["weight"] is not None and 0 < float(rows[0]["probability"]) <= 1  # type: ignore[arg-type]
    everything = match_rows(prison, ind, LinkerConfig(), seed=1, all_candidates=True).as_dicts()
    assert len(everything) >= len(rows)
    # Every link is among the candidates with the same score and status.
    linked = {(r["left_row"], r["right_row"]): r for r in everything if r["status"] == "linked"}
    for r in rows:
        assert linked[(r["left_row"], r["right_row"])] == r
    assert {r["status"] for r in everything} <= {"linked", "needs_review", "no_link", "candidate"}
    # The rows have no dates: not weighed, and why.
    assert {r["referral_level"] for r in everything} == {
        "not weighed: the first list has no release date and the second list has no referral date"
    }


def test_match_rows_say_a_field_switched_off_was_not_weighed() -> None:
    prison, ind = build([], [], n_filler=20)
    prison, ind = _timed(prison, ind, {})
    off = LinkerConfig(referral_timing=False)
    for everything in (False, True):
        rows = match_rows(prison, ind, off, seed=1, all_candidates=everything).as_dicts()
        assert rows and {r["referral_level"] for r in rows} == {"not weighed"}
    on = match_rows(prison, ind, LinkerConfig(), seed=1).as_dicts()
    assert {r["referral_level"] for r in on} == {"during custody or the 2 years before release"}


def test_probabilities_weigh_every_candidate() -> None:
    """One candidate alone is likelier than the same candidate beside a second who fits as
    well; a prisoner's candidates never add up to more than 1."""
    born = date(1970, 2, 3)
    alone_p, alone_i = build(
        [("QURESHI", "NAVEED", born, None)], [("QURESHI", "NAVEED", None, None)]
    )
    pair_p, pair_i = build(
        [("QURESHI", "NAVEED", born, None)],
        [("QURESHI", "NAVEED", None, None), ("QURESHI", "NAVEED", None, None)],
    )
    alone = run(alone_p, alone_i).decisions[0]
    two = run(pair_p, pair_i).decisions[0]
    assert alone.best is not None and two.best is not None
    assert two.best.probability < alone.best.probability
    if two.candidates:
        assert sum(c.probability for c in two.candidates) <= 1.0 + 1e-9


def test_review_reason_when_the_person_is_one_of_several() -> None:
    from reconcile.link.explain import review_reason

    best = PairScore(0, 0, 2.0, 0.40, ())
    ind = [i(0, "A", "B", None, ref="X1")]
    text = review_reason(best, None, ind, False, (0.8, 3))
    assert "likely one of the 3 best candidates (probability 0.800 together)" in text
    assert review_reason(best, None, ind, False).endswith(
        "; probability 0.400; short of the probability a link needs, so left to a reviewer"
    )
    sure = PairScore(0, 0, 12.0, 0.9998, ())  # above 0.999 shown, below a 0.9999 threshold
    assert "probability above 0.999; short of the probability a link needs" in review_reason(
        sure, None, ind, False
    )


def _timed(
    prison: list[PrisonRecord], ind: list[IndRecord], referred: dict[int, date]
) -> tuple[list[PrisonRecord], list[IndRecord]]:
    """Every prison row released on its own date, and every IND record referred 100 days
    before its namesake row's release, except the IND records given in ``referred``."""
    prison = [
        replace(r, sentence_start=None, release_date=date(1999, 3, 1) + timedelta(days=41 * k))
        for k, r in enumerate(prison)
    ]
    ind = [
        replace(r, referral_date=referred.get(k, prison[k].release_date - timedelta(days=100)))  # type: ignore[operator]
        for k, r in enumerate(ind)
    ]
    return prison, ind


def test_referral_timing_separates_look_alikes() -> None:
    """Two IND people score alike on name and date of birth (see the test above): the one
    referred while the prisoner was held is linked, the one referred years before is not."""
    prison, ind = build(
        [("QURESHI", "NAVEED", date(1970, 2, 3), None), ("ZZFILL", "ONE", date(1950, 1, 9), None)],
        [
            ("QURESHI", "NAVEED", date(1971, 2, 3), None),
            ("QURESHI", "NAVEED", date(1970, 2, 13), None),
        ],
    )
    prison, ind = _timed(prison, ind, {1: date(1990, 5, 1)})
    result = run(prison, ind)
    levels = result.parameters["model"]["levels"]["referral"]  # type: ignore[index]
    weight = {k: math.log2(v["m"] / v["u"]) for k, v in levels.items()}
    assert weight["during custody or the 2 years before release"] > 1
    assert weight["before custody"] < -1 and weight["after release"] < -1
    decision = result.decisions[0]
    assert decision.status == LinkStatus.LINKED
    assert decision.ind_idxs == (0,)
    assert "referral date: during custody or the 2 years before release (+" in decision.reason
    # Switched off in the config file, the timing weighs nothing and the two stay in doubt.
    plain = link_records(prison, ind, LinkerConfig(referral_timing=False), seed=2006)
    assert plain.decisions[0].status == LinkStatus.REVIEW
    assert "referral" not in plain.decisions[0].reason  # not weighed, so not shown
    assert "not weighed" in plain.parameters["model"]["m_source"]["referral"]  # type: ignore[index]


def _held(r: PrisonRecord, start: date, release: date) -> PrisonRecord:
    return replace(r, sentence_start=start, release_date=release)


@pytest.mark.parametrize(
    ("second", "one_person"),
    [
        ((date(2002, 1, 1), date(2003, 1, 1)), True),  # the next custody, after release
        ((date(2000, 12, 20), date(2003, 1, 1)), True),  # 12 days' overlap: a keying slip
        ((date(2000, 6, 1), date(2003, 1, 1)), False),  # held twice at once: two people
    ],
)
def test_overlapping_custody_under_two_numbers_is_two_people(
    second: tuple[date, date], one_person: bool
) -> None:
    born = date(1969, 8, 12)
    prison, ind = build(
        [("BALOGUN", "OLUMIDE", born, "AB1234"), ("BALOGUN", "OLUMIDE", born, "CD5678")], []
    )
    prison[0] = _held(prison[0], date(2000, 1, 1), date(2001, 1, 1))
    prison[1] = _held(prison[1], *second)
    result = run(prison, ind)
    assert (result.prison_person[0] == result.prison_person[1]) is one_person
    dup = [f for f in result.findings if f.file == "prison.csv" and f.row == 3]
    assert bool(dup) is one_person


def test_overlapping_custody_under_one_number_is_one_person() -> None:
    """The same custody keyed twice (a duplicate row) is one person."""
    born = date(1969, 8, 12)
    prison, ind = build(
        [("BALOGUN", "OLUMIDE", born, "AB1234"), ("BALOGUN", "OLUMIDE", born, "AB1234")], []
    )
    prison[0] = _held(prison[0], date(2000, 1, 1), date(2001, 1, 1))
    prison[1] = _held(prison[1], date(2000, 1, 1), date(2001, 1, 1))
    result = run(prison, ind)
    assert result.prison_person[0] == result.prison_person[1]


def test_a_row_whose_only_candidate_was_ruled_out_says_so() -> None:
    """Before, such a row read "No IND record shares a prison number, date of birth or name
    with this row", which the ruled-out record did, and its outcome "no IND record found"."""
    prison, ind = build([("ADEBAYO", "TUNDE", date(1980, 2, 2), None)],
                        [("ADEBAYO", "TUNDE", date(1980, 2, 2), None)])  # fmt: skip
    overrides = LinkOverrides(
        not_same=frozenset({(0, 0)}), reviewer={(0, 0): "J. Smith: another man"}
    )
    d = run(prison, ind, overrides=overrides).decisions[0]
    assert d.status is LinkStatus.NONE and d.ruled_out == (0,)
    assert d.reason == (
        "No link: IND case X0000000 (row 2) was ruled out by a reviewer (J. Smith: another man), "
        "and no other IND record is near enough"
    )
    assert "shares a prison number" not in d.reason
    plain = run(prison, ind).decisions[0]
    assert plain.ruled_out == ()


def test_the_outcome_of_a_row_whose_candidates_were_ruled_out_names_them() -> None:
    from reconcile.rules.outcome import decide_outcome

    prison, ind = build([("ADEBAYO", "TUNDE", date(1980, 2, 2), None)],
                        [("ADEBAYO", "TUNDE", date(1980, 2, 2), None)])  # fmt: skip
    d = run(prison, ind, overrides=LinkOverrides(not_same=frozenset({(0, 0)}))).decisions[0]
    decided = decide_outcome(d, ind, date(2005, 1, 1), 0)
    assert decided.text == (
        "never referred: no IND record linked to this person (a reviewer ruled out X0000000)"
    )


def test_also_linked_text_never_rounds_up_to_certain() -> None:
    from reconcile.link.explain import also_linked_text

    ind = [i(0, "A", "B", None, ref="X1")]
    text = also_linked_text(PairScore(0, 0, 20.0, 0.99996, ()), ind, 0, None)
    assert text.endswith(
        "; probability above 0.999 on its own evidence; linked to no other prisoner"
    )


@pytest.mark.parametrize(
    ("factor", "tail"),
    [
        (3.24, "3.24 times as likely to be this person"),
        (0.02, "0.02 times as likely to be this person (50 times less likely)"),
        (0.6, "0.60 times as likely to be this person (1.7 times less likely)"),
    ],
)
def test_a_claim_that_lowers_the_odds_says_how_many_times_less(factor: float, tail: str) -> None:
    from reconcile.link.explain import claim_text

    text = claim_text(i(0, "A", "B", None, ref="X1"), None, factor)
    assert text.endswith(tail)
