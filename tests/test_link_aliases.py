"""Aliases and other dates of birth compared as well (reconcile.link.aliases): a prison row or
an IND record known by another name, or giving another date of birth, links through it, says
so, and a file without either links as before."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import numpy as np
import pytest

from reconcile.link import LinkerConfig, link_records, match_rows
from reconcile.link.aliases import (
    IND_ALIAS,
    IND_OTHER_BIRTH,
    MAX_STAND_INS,
    NOTE_MARK,
    OWN_NAMES,
    PRISON_ALIAS,
    PRISON_OTHER_BIRTH,
    WITHIN_ALIAS,
    WITHIN_OTHER_BIRTH,
    Alternatives,
    StandIns,
    collapse,
    collapse_within,
    extended,
    left_out_findings,
    name_note,
    noted,
    with_notes,
    within_notes,
    without_alias,
)
from reconcile.link.compare import DOB, NAME, compare_pairs, plain_texts
from reconcile.link.features import Features, Vocabulary, build_features
from reconcile.link.score import Scores
from reconcile.model import FieldComparison, LinkResult, LinkStatus
from tests.test_link_decisions import build, i, p


def run(prison: list, ind: list) -> LinkResult:  # type: ignore[type-arg]
    return link_records(prison, ind, LinkerConfig(), seed=2006)


def _aliased(prison: list, at: int, surname: str, forenames: str) -> None:  # type: ignore[type-arg]
    prison[at] = replace(prison[at], aliases=((surname, forenames),))


def test_a_prison_row_links_through_its_alias() -> None:
    """Known to the prison as ADEYEMI (aka MENSAH): the IND record says MENSAH."""
    prison, ind = build(
        [("ADEYEMI", "KWABENA", date(1979, 6, 11), None)],
        [("MENSAH", "KWABENA", date(1979, 6, 11), None)],
    )
    assert run(prison, ind).decisions[0].status is not LinkStatus.LINKED  # the name alone
    _aliased(prison, 0, "MENSAH", "KWABENA")
    d = run(prison, ind).decisions[0]
    assert d.status is LinkStatus.LINKED and d.ind_idxs == (0,)
    assert d.best is not None and d.best.prison_idx == 0 and d.best.ind_idx == 0
    assert d.best.fields[0].level == "exact, by the prison row's alias"
    assert "name: exact, by the prison row's alias (+" in d.reason


def test_an_ind_record_links_through_its_alias() -> None:
    prison, ind = build(
        [("MENSAH", "KWABENA", date(1979, 6, 11), None)],
        [("ADEYEMI", "KWABENA", date(1979, 6, 11), None)],
    )
    ind[0] = replace(ind[0], aliases=(("MENSAH", "KWABENA"),))
    d = run(prison, ind).decisions[0]
    assert d.status is LinkStatus.LINKED and d.ind_idxs == (0,)
    assert d.best is not None and d.best.fields[0].level == "exact, by the IND record's alias"


def test_the_own_name_speaks_when_the_alias_does_no_better() -> None:
    prison, ind = build(
        [("MENSAH", "KWABENA", date(1979, 6, 11), None)],
        [("MENSAH", "KWABENA", date(1979, 6, 11), None)],
    )
    _aliased(prison, 0, "ADEYEMI", "KWABENA")
    d = run(prison, ind).decisions[0]
    assert d.status is LinkStatus.LINKED and d.best is not None
    assert d.best.fields[0].level == "exact"


@pytest.mark.parametrize("born", [date(1979, 6, 11), date(1979, 11, 6), date(1964, 2, 27)])
def test_an_alias_weighs_as_the_name_would(born: date) -> None:
    """The alias is compared like a name: a row whose alias is MENSAH is decided as a row
    named MENSAH would be, whatever the dates of birth say."""
    extra_ind = [("MENSAH", "KWABENA", born, None)]
    named, ind = build([("MENSAH", "KWABENA", date(1979, 6, 11), None)], extra_ind)
    aliased, _ = build([("ADEYEMI", "KWABENA", date(1979, 6, 11), None)], extra_ind)
    _aliased(aliased, 0, "MENSAH", "KWABENA")
    want, got = run(named, ind).decisions[0], run(aliased, ind).decisions[0]
    assert (got.status, got.ind_idxs) == (want.status, want.ind_idxs)
    assert want.best is not None and got.best is not None
    # The same levels (the weights are learnt from files that differ by a name).
    assert [without_alias(f.level) for f in got.best.fields] == [f.level for f in want.best.fields]


def test_without_aliases_the_decisions_are_those_of_the_records_alone() -> None:
    """Stand-ins only add pairs: the other rows' decisions do not move."""
    prison, ind = build(
        [("ADEYEMI", "KWABENA", date(1979, 6, 11), None)],
        [("MENSAH", "KWABENA", date(1979, 6, 11), None)],
    )
    before = run(prison, ind)
    _aliased(prison, 0, "MENSAH", "KWABENA")
    after = run(prison, ind)
    assert [d.ind_idxs for d in after.decisions[1:]] == [d.ind_idxs for d in before.decisions[1:]]
    assert len(after.decisions) == len(prison)
    assert len(after.prison_person) == len(prison)


def test_stand_ins_follow_the_file() -> None:
    """One stand-in per other combination of a record's names and dates of birth."""
    records = [p(k, "A", "B", date(1970, 1, 2)) for k in range(3)]
    records[1] = replace(records[1], aliases=(("C", "D"),), other_births=(date(1971, 3, 4),))
    stand = StandIns.of(records)
    assert [(r.idx, r.surname, r.forenames, r.dob, r.aliases) for r in stand.records] == [
        (3, "A", "B", date(1971, 3, 4), ()),
        (4, "C", "D", date(1970, 1, 2), ()),
        (5, "C", "D", date(1971, 3, 4), ()),
    ]
    assert all(r.other_births == () for r in stand.records)
    assert stand.source.tolist() == [1, 1, 1]
    assert stand.kind.tolist() == [2, 1, 3]  # another date; another name; both
    assert len(StandIns.of(records[:1])) == 0


def _stand(*source: int, kind: int = 1) -> StandIns:
    return StandIns([], np.asarray(source, dtype=np.int64), np.full(len(source), kind, np.int8))


def test_collapse_keeps_the_heaviest_pair_per_two_records() -> None:
    """Prison rows 0-1 and stand-in 2 (for row 0); IND records 0-1 and stand-in 2 (for 1)."""
    pp = np.array([0, 2, 0, 1, 2, 1], dtype=np.int64)
    ii = np.array([0, 0, 2, 1, 1, 0], dtype=np.int64)
    weight = np.array([1.0, 5.0, 3.0, 2.0, 2.0, -1.0])
    levels = np.arange(len(pp) * 6, dtype=np.int8).reshape(-1, 6)
    shown = np.zeros((len(pp), 6), dtype=np.int16)
    out = collapse(pp, ii, levels, Scores(shown, weight, weight / 10), _stand(0), 2, _stand(1), 2)
    # (0,0): own 1.0 or prison alias 5.0; (0,1): both aliases 2.0 or IND alias 3.0;
    # (1,1): own 2.0; (1,0): own -1.0. Sorted by (prison, IND).
    assert out.prison.tolist() == [0, 0, 1, 1]
    assert out.ind.tolist() == [0, 1, 0, 1]
    assert out.scores.weight.tolist() == [5.0, 3.0, -1.0, 2.0]
    assert out.alias is not None
    assert out.alias.tolist() == [PRISON_ALIAS, IND_ALIAS, OWN_NAMES, OWN_NAMES]
    assert out.levels.tolist() == levels[[1, 2, 5, 3]].tolist()


def test_collapse_prefers_the_own_names_among_equals() -> None:
    pp = np.array([1, 0], dtype=np.int64)  # stand-in 1 for row 0, then row 0
    ii = np.zeros(2, dtype=np.int64)
    weight = np.array([4.0, 4.0])
    levels = np.zeros((2, 6), dtype=np.int8)
    shown = np.zeros((2, 6), dtype=np.int16)
    out = collapse(pp, ii, levels, Scores(shown, weight, weight), _stand(0), 1, _stand(), 1)
    assert out.alias is not None and out.alias.tolist() == [OWN_NAMES]


def test_collapse_without_stand_ins_is_the_pairs_as_they_are() -> None:
    pp = np.array([0], dtype=np.int64)
    none = StandIns.none()
    scores = Scores(np.zeros((1, 6), dtype=np.int16), np.ones(1), np.ones(1))
    out = collapse(pp, pp, np.zeros((1, 6), dtype=np.int8), scores, none, 1, none, 1)
    assert out.prison is pp and out.alias is None


@pytest.mark.parametrize("label", NAME.labels)
@pytest.mark.parametrize("alias", [PRISON_ALIAS, IND_ALIAS, PRISON_ALIAS | IND_ALIAS])
def test_a_label_with_its_alias_reads_back(label: str, alias: int) -> None:
    assert without_alias(noted(label, name_note(alias))) == label
    assert noted(label, name_note(OWN_NAMES)) == label


@pytest.mark.parametrize("all_candidates", [False, True])
def test_match_rows_say_the_alias(all_candidates: bool) -> None:
    """`reconcile match` writes the name's level with the alias that reached it."""
    prison, ind = build(
        [("ADEYEMI", "KWABENA", date(1979, 6, 11), None)],
        [("MENSAH", "KWABENA", date(1979, 6, 11), None)],
    )
    _aliased(prison, 0, "MENSAH", "KWABENA")
    rows = match_rows(prison, ind, LinkerConfig(), seed=2006, all_candidates=all_candidates)
    found = [r for r in rows.as_dicts() if r["left_row"] == 2 and r["right_row"] == 2]
    assert [r["name_level"] for r in found] == ["exact, by the prison row's alias"]
    others = {r["name_level"] for r in rows.as_dicts() if r["left_row"] != 2}
    assert "exact" in others and not any(NOTE_MARK in level for level in others)


def test_collapse_says_which_file_gave_another_date() -> None:
    pp = np.array([1, 0], dtype=np.int64)  # prison stand-in 1 (another date) for row 0
    ii = np.array([0, 1], dtype=np.int64)  # IND stand-in 1 (another name and date) for 0
    weight = np.array([1.0, 2.0])
    scores = Scores(np.zeros((2, 6), dtype=np.int16), weight, weight)
    levels = np.zeros((2, 6), dtype=np.int8)
    out = collapse(pp, ii, levels, scores, _stand(0, kind=2), 1, _stand(0, kind=3), 1)
    assert out.alias is not None
    assert out.alias.tolist() == [IND_ALIAS | IND_OTHER_BIRTH]
    low = collapse(pp, ii, levels, Scores(scores.shown, -weight, weight), _stand(0, kind=2), 1,
                   _stand(0, kind=3), 1)  # fmt: skip
    assert low.alias is not None and low.alias.tolist() == [PRISON_OTHER_BIRTH]


@pytest.mark.parametrize(
    ("compared", "name", "dob"),
    [
        (PRISON_ALIAS, "exact, by the prison row's alias", "exact"),
        (IND_ALIAS | PRISON_ALIAS, "exact, by both records' aliases", "exact"),
        (PRISON_OTHER_BIRTH, "exact", "exact, by the prison row's other date of birth"),
        (IND_OTHER_BIRTH | IND_ALIAS, "exact, by the IND record's alias",
         "exact, by the IND record's other date of birth"),
        (PRISON_OTHER_BIRTH | IND_OTHER_BIRTH, "exact",
         "exact, by both records' other dates of birth"),
    ],
)  # fmt: skip
def test_notes_on_the_name_and_the_date_of_birth(compared: int, name: str, dob: str) -> None:
    fields = (
        FieldComparison("name", "exact", 20.0),
        FieldComparison("dob", "exact", 10.0),
        FieldComparison("nationality", "same", 1.0),
    )
    out = with_notes(fields, compared)
    assert [f.level for f in out] == [name, dob, "same"]
    assert [f.weight for f in out] == [20.0, 10.0, 1.0]
    assert with_notes(fields, OWN_NAMES) is fields


def test_an_ind_record_links_through_its_other_date_of_birth() -> None:
    """An age assessment gave the IND record a second date of birth: the prison row has it."""
    prison, ind = build(
        [("MENSAH", "KWABENA", date(1988, 4, 17), None)],
        [("MENSAH", "KWABENA", date(1991, 1, 1), None)],
    )
    before = run(prison, ind).decisions[0].best
    assert before is not None and before.fields[1].level == "different"
    ind[0] = replace(ind[0], other_births=(date(1988, 4, 17),))
    d = run(prison, ind).decisions[0]
    assert d.status is LinkStatus.LINKED and d.ind_idxs == (0,)
    assert d.best is not None
    assert [f.level for f in d.best.fields[:2]] == [
        "exact",
        "exact, by the IND record's other date of birth",
    ]
    assert "date of birth: exact, by the IND record's other date of birth (+" in d.reason
    assert d.best.weight > before.weight + 10  # an exact date instead of a different one


def _alternatives(prison: list, ind: list) -> tuple[Alternatives, np.ndarray]:  # type: ignore[type-arg]
    vocab = Vocabulary()
    p_f, i_f = build_features(prison, vocab), build_features(ind, vocab)
    sp, si = StandIns.of(prison), StandIns.of(ind)
    px, ix = extended(p_f, sp, vocab), extended(i_f, si, vocab)
    return Alternatives(px, ix, sp, si, len(prison), len(ind)), plain_texts(vocab)


def test_training_pairs_are_compared_by_the_best_names_and_dates() -> None:
    """As a pair is scored by the best of its records' names and dates of birth, so it is
    compared when the model is learnt (else one person's second date counts as a date of
    birth that disagrees)."""
    prison = [
        p(0, "MENSAH", "KWABENA", date(1988, 4, 17)),
        p(1, "ADEYEMI", "TOLU", date(1970, 5, 5)),
    ]
    prison[1] = replace(prison[1], aliases=(("BELLO", "TOLU"),))
    ind = [
        i(0, "MENSAH", "KWABENA", date(1991, 1, 1)),
        i(1, "BELLO", "TOLU", date(1970, 5, 5)),
        i(2, "REID", "WINSTON", date(1960, 1, 9)),
    ]
    ind[0] = replace(ind[0], other_births=(date(1988, 4, 17),))
    alt, texts = _alternatives(prison, ind)
    pp = np.array([0, 1, 1, 0], dtype=np.int64)
    ii = np.array([0, 1, 2, 2], dtype=np.int64)

    def compare(a: Features, b: Features, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        return compare_pairs(a, b, x, y, texts)

    own = compare(alt.p, alt.i, pp, ii)
    best = alt.best(own, pp, ii, compare)
    assert [DOB.labels[x] for x in own[:, 1]][:2] == ["different", "exact"]
    assert NAME.labels[own[1, 0]] == "one name in common"  # TOLU alone
    assert (NAME.labels[best[0, 0]], DOB.labels[best[0, 1]]) == ("exact", "exact")
    assert (NAME.labels[best[1, 0]], DOB.labels[best[1, 1]]) == ("exact", "exact")
    assert best[2:].tolist() == own[2:].tolist()  # nothing better: the own names and dates
    assert (
        Alternatives(alt.p, alt.i, StandIns.none(), StandIns.none(), 2, 3).best(
            own, pp, ii, compare
        )
        is own
    )


def test_one_persons_rows_in_one_file_are_joined_through_an_alias() -> None:
    """Two custody episodes, the later recorded under a new name with the old one as the
    alias, and no IND record: one person within the prison file, as the same name would be."""
    prison, ind = build(
        [
            ("MENSAH", "KWABENA", date(1979, 6, 11), "A1234BC"),
            ("ADEYEMI", "KWABENA", date(1979, 6, 11), "B2345CD"),
        ],
        [],
    )
    apart = run(prison, ind)
    assert apart.prison_person[0] != apart.prison_person[1]
    _aliased(prison, 1, "MENSAH", "KWABENA")
    together = run(prison, ind)
    assert together.prison_person[0] == together.prison_person[1]
    found = [f for f in together.findings if f.row == prison[1].prov.row]
    assert found and "appears to be the same person as row 2" in found[0].problem

    # The other rows are grouped as before (the ids are numbered afresh).
    def groups(person: list[int]) -> list[int]:
        first: dict[int, int] = {}
        return [first.setdefault(x, k) for k, x in enumerate(person)]

    assert groups(together.prison_person[2:]) == groups(apart.prison_person[2:])


def test_collapse_within_one_file() -> None:
    """Rows 0-2, stand-ins 3 (another name of 0) and 4 (another date of 2)."""
    a = np.array([0, 0, 1, 2, 0, 1], dtype=np.int64)
    b = np.array([3, 1, 3, 3, 4, 4], dtype=np.int64)
    weight = np.array([9.0, 1.0, 5.0, 2.0, 3.0, 4.0])
    levels = np.arange(len(a) * 6, dtype=np.int8).reshape(-1, 6)
    scores = Scores(np.zeros((len(a), 6), dtype=np.int16), weight, weight)
    stand = StandIns([], np.array([0, 2], dtype=np.int64), np.array([1, 2], dtype=np.int8))
    out = collapse_within(a, b, levels, scores, stand, 3)
    # (0,3) is row 0 with itself: dropped. (0,1): own 1.0 or alias 5.0; (0,2): 2.0 (alias) or
    # 3.0 (other date); (1,2): 4.0 (other date).
    assert list(zip(out.prison.tolist(), out.ind.tolist(), strict=True)) == [(0, 1), (0, 2), (1, 2)]
    assert out.scores.weight.tolist() == [5.0, 3.0, 4.0]
    assert out.alias is not None
    assert out.alias.tolist() == [
        WITHIN_ALIAS,
        WITHIN_OTHER_BIRTH,
        WITHIN_OTHER_BIRTH,
    ]
    assert collapse_within(a, b, levels, scores, StandIns.none(), 3).prison is a


def test_within_notes_say_an_alias_or_another_date() -> None:
    fields = (FieldComparison("name", "exact", 20.0), FieldComparison("dob", "exact", 10.0))
    both = within_notes(fields, WITHIN_ALIAS | WITHIN_OTHER_BIRTH)
    assert [f.level for f in both] == ["exact, by an alias", "exact, by another date of birth"]
    assert [f.level for f in within_notes(fields, WITHIN_OTHER_BIRTH)] == [
        "exact",
        "exact, by another date of birth",
    ]
    assert within_notes(fields, 0) is fields


def test_stand_ins_are_capped_single_changes_first() -> None:
    """4 aliases and 3 other dates could make 19 stand-ins: 8 at most, each alias with the
    record's own date and each other date with its own name before any of both."""
    births = (date(1971, 1, 1), date(1972, 1, 1), date(1973, 1, 1))
    rec = replace(
        p(0, "A", "B", date(1970, 1, 2)),
        aliases=(("C", "D"), ("E", "F"), ("G", "H"), ("I", "J")),
        other_births=births,
    )
    stand = StandIns.of([rec])
    assert len(stand) == MAX_STAND_INS == 8
    assert stand.kind.tolist() == [2, 2, 2, 1, 1, 1, 1, 3]
    assert [(r.surname, r.dob) for r in stand.records][-1] == ("C", date(1971, 1, 1))


def test_no_more_stand_ins_than_records_and_the_rest_reported() -> None:
    """A file giving more aliases than it has rows: the first rows' are compared, the others'
    not, and a finding on the file says so."""
    four = (("C", "D"), ("E", "F"), ("G", "H"), ("I", "J"))
    records = [replace(p(k, "A", "B", date(1970, 1, 2)), aliases=four) for k in range(3)]
    stand = StandIns.of(records)
    assert stand.source.tolist() == [0, 0, 0, 0] and stand.left_out == 2
    assert stand.as_dict() == {"records": 1, "stand_ins": 4, "records_left_out": 2}
    (finding,) = left_out_findings(records, stand)
    assert (finding.file, finding.row) == ("prison.csv", 0)
    assert "those of the last 2 rows giving any were not compared" in finding.problem
    assert left_out_findings(records[:1], StandIns.of(records[:1])) == []


def test_the_manifest_counts_them() -> None:
    prison, ind = build([("ADEYEMI", "KWABENA", date(1979, 6, 11), None)], [])
    _aliased(prison, 0, "MENSAH", "KWABENA")
    counts = run(prison, ind).parameters["aliases_and_other_dates_of_birth"]
    assert counts == {
        "prison": {"records": 1, "stand_ins": 1, "records_left_out": 0},
        "ind": {"records": 0, "stand_ins": 0, "records_left_out": 0},
    }


def test_an_alias_kept_as_a_row_of_its_own_is_the_same_person() -> None:
    """NOMIS keeps an alias as a row of its own: the same prison number and custody dates
    under another name. Both rows are one person, linked through the one the IND file knows."""
    prison, ind = build(
        [
            ("OKAFOR", "KWABENA", date(1979, 6, 11), "A1234BC"),
            ("MENSAH", "KWABENA", date(1979, 6, 11), "A1234BC"),
        ],
        [("MENSAH", "KWABENA", date(1979, 6, 11), None)],
    )
    custody = {"sentence_start": date(2003, 2, 1), "release_date": date(2004, 6, 5)}
    prison[0], prison[1] = replace(prison[0], **custody), replace(prison[1], **custody)
    result = run(prison, ind)
    assert result.prison_person[0] == result.prison_person[1]
    assert [result.decisions[k].ind_idxs for k in (0, 1)] == [(0,), (0,)]
    assert "matched through row 3, the same custody episode, on another row of the same person" in (
        result.decisions[0].reason
    )
    # Released on another day, the other name is another person's row.
    prison[1] = replace(prison[1], release_date=date(2004, 7, 5))
    apart = run(prison, ind)
    assert apart.prison_person[0] != apart.prison_person[1]
    assert apart.decisions[0].ind_idxs == ()


def test_a_number_on_many_rows_does_not_make_one_person() -> None:
    """Six rows (more than MAX_EPISODE_ROWS) under one prison number, released the same day,
    with six names: a number keyed for many prisoners, not one prisoner's aliases."""
    names = ["OKAFOR", "MENSAH", "BERISHA", "NOWAK", "DIALLO", "TRAN"]
    extra = [(n, f"F{k}", date(1979, 6, 11 + k), "A1234BC") for k, n in enumerate(names)]
    prison, ind = build(extra, [])
    custody = {"sentence_start": date(2003, 2, 1), "release_date": date(2004, 6, 5)}
    for k in range(len(names)):
        prison[k] = replace(prison[k], **custody)
    result = run(prison, ind)
    assert len(set(result.prison_person[: len(names)])) == len(names)


def test_an_alias_row_is_reported_as_the_same_episode_under_another_name() -> None:
    prison, ind = build(
        [
            ("OKAFOR", "KWABENA", date(1979, 6, 11), "A1234BC"),
            ("MENSAH", "KWABENA", date(1979, 6, 11), "A1234BC"),
            ("OKAFOR", "KWABENA", date(1979, 6, 11), "A1234BC"),
        ],
        [("MENSAH", "KWABENA", date(1979, 6, 11), None)],
    )
    custody = {"sentence_start": date(2003, 2, 1), "release_date": date(2004, 6, 5)}
    for k in range(3):
        prison[k] = replace(prison[k], **custody)
    problems = {f.row: f.problem for f in run(prison, ind).findings if f.row in (3, 4)}
    assert problems[3].endswith("(2004-06-05): the same custody episode under another name")
    assert problems[4].endswith("one release on two rows (another offence or sentence?)")
