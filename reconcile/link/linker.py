"""The linker from records to decisions: features, blocking, comparison, weights, people,
assignment. Deterministic for a given seed."""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from functools import partial
from math import log2

import numpy as np
import numpy.typing as npt

from reconcile.collector import collector_paused
from reconcile.forked import Forked, alongside, room_to_fork
from reconcile.link.aliases import (
    Alternatives,
    StandIns,
    collapse,
    collapse_within,
    extended,
    left_out_findings,
    within_notes,
)
from reconcile.link.assign import Assigner, Ranking, RecordWeights, Scored, strong_pairs
from reconcile.link.blocking import Blocks, candidate_pairs, same_file_pairs
from reconcile.link.case_refs import SharedCases, case_findings, case_pairs, judge
from reconcile.link.claims import MIN_PROBABILITY as CLAIM_FLOOR
from reconcile.link.claims import NOT_WEIGHED as CLAIM_NOT_WEIGHED
from reconcile.link.claims import Claims
from reconcile.link.claims import learn as learn_claims
from reconcile.link.cluster import components, members
from reconcile.link.compare import (
    DOB,
    DOB_YEAR_ONLY,
    DOB_YEAR_ONLY_OFF,
    FIELDS,
    NUMBER,
    POLICE,
    REFERRAL,
    compare_pairs,
    plain_texts,
)
from reconcile.link.config import LinkerConfig
from reconcile.link.encode import FeaturesAhead, encode_files
from reconcile.link.explain import (
    VIA_MARK,
    claim_text,
    pair_score,
    through_episode_reason,
    via_text,
)
from reconcile.link.features import Features, IntArray, Vocabulary
from reconcile.link.fellegi_sunter import Model
from reconcile.link.findings import duplicate_findings
from reconcile.link.posterior import (
    PersonOdds,
    candidate_mass,
    candidate_probability,
    learn_odds,
    person_weights,
)
from reconcile.link.same_names import learn as learn_same_names
from reconcile.link.score import Frequencies, RecordFrequencies, Scores, score_pairs
from reconcile.link.score import probability as pair_probability
from reconcile.link.similar_frequency import learn as learn_similar
from reconcile.link.split_records import join_split_records
from reconcile.link.training import SIDES, train, unweighed_fields
from reconcile.model import (
    IndRecord,
    LinkDecision,
    LinkOverrides,
    LinkResult,
    LinkStatus,
    PairScore,
    PrisonRecord,
)


@dataclass(frozen=True, slots=True)
class Linked:
    result: LinkResult
    scored: Scored
    timings: dict[str, float]  # wall seconds per stage; CPU seconds as '<stage> cpu'


# Within one file, two rows are surely one person when their pair scores at or above the
# dedupe threshold, the names agree at least at "very similar spelling", and the dates of
# birth agree (or are swapped) or the prison numbers do. They may be one person (joined only
# when a record of the other file links to both) when the names agree as closely and the
# dates of birth agree, are swapped, one is a 1 January placeholder, one is missing, or they
# are a digit or a year apart (a placeholder's year too); or when the names agree at "similar
# spelling" and the dates of birth at one of the first four.
_NAME_CLOSE = frozenset({0, 1, 2, 3, 4, 6})  # not "surname or forenames missing"
_NAME_SIMILAR = 7  # similar spelling
_DOB_SURE = frozenset({0, 1})
_DOB_MAYBE = frozenset({0, 1, 2, DOB_YEAR_ONLY, DOB.missing})  # a year alone as a placeholder
# one digit different, year one off (a placeholder's too, and a year given alone)
_DOB_NEAR = frozenset({3, 4, 5, DOB_YEAR_ONLY_OFF})
# The referral date is compared with the other file's custody: within one file it says nothing.
_OTHER_FILE_ONLY = (FIELDS.index(REFERRAL),)


def without_police_ids(*files: Features) -> tuple[int, ...]:
    """The PNC / CRO field, when the files compared hold no kind of such number in common
    (most extracts hold none; one may hold PNC IDs alone and the other CRO numbers alone, each
    compared with its own kind): it can only be missing, so it is not shown."""
    shared = all(f.pnc.any() for f in files) or all(f.cro.any() for f in files)
    return () if shared else (FIELDS.index(POLICE),)


def weightless(
    p: Features, i: Features, config: LinkerConfig, sides: tuple[str, str] = SIDES
) -> tuple[int, ...]:
    """The fields the model weighs at nothing in every pair, within one file too, because a
    whole list holds no value of them (training.unweighed_fields: a list that never recorded a
    date of birth, an extract without a nationality or prison number column): not shown."""
    return tuple(sorted(unweighed_fields(p, i, config, sides)))


# A prison number is one period of continuous custody: two rows with different numbers whose
# custody overlaps by more than this are two people, however alike (dates keyed a few days
# out are tolerated).
OVERLAP_TOLERANCE_DAYS = 14


def custody_overlaps(f: Features, a: IntArray, b: IntArray) -> npt.NDArray[np.bool_]:
    """Per pair of rows of one file: both custody periods known, the prison numbers known and
    different (confusable characters folded), and the periods overlapping by more than
    OVERLAP_TOLERANCE_DAYS. False for IND records, which have no custody."""
    start_a, start_b = f.custody_start[a], f.custody_start[b]
    end_a, end_b = f.release[a], f.release[b]
    known = (start_a > 0) & (start_b > 0) & (end_a > 0) & (end_b > 0)
    numbers = (f.number_folded[a] != 0) & (f.number_folded[b] != 0)
    different = numbers & (f.number_folded[a] != f.number_folded[b])
    overlap = np.minimum(end_a, end_b) - np.maximum(start_a, start_b)
    return known & different & (overlap > OVERLAP_TOLERANCE_DAYS)


# Rows of one prison number at most for them to be taken for one custody episode by their
# number and dates alone (a main row and its aliases); a number on more rows is more likely
# keyed for many prisoners (a placeholder, an export fault) than one prisoner's aliases.
MAX_EPISODE_ROWS = 5


def same_episode(f: Features, a: IntArray, b: IntArray) -> npt.NDArray[np.bool_]:
    """Per pair of one file's rows: the same release date, the same sentence date where both
    give one, and a prison number on MAX_EPISODE_ROWS rows at most (the caller checks that
    the numbers agree)."""
    start_a, start_b = f.custody_start[a], f.custody_start[b]
    starts = (start_a == start_b) | (start_a == 0) | (start_b == 0)
    values, counts = np.unique(f.number, return_counts=True)
    rows = counts[np.searchsorted(values, f.number[a])]
    few = (f.number[a] != 0) & (rows <= MAX_EPISODE_ROWS)
    return (f.release[a] > 0) & (f.release[a] == f.release[b]) & starts & few


@dataclass(frozen=True, slots=True)
class People:
    person: IntArray  # person id per row (sure pairs joined)
    # Pairs of people (lower id first) that may be one person, each with the score of its
    # likeliest pair of rows (prison_idx and ind_idx are then the two rows of the one file).
    compatible: Mapping[tuple[int, int], PairScore]
    # Rows sharing a case reference (the IND file): joined, left apart, placeholders.
    cases: SharedCases = field(default_factory=SharedCases.none)


def _within_file(
    f: Features,
    vocab: Vocabulary,
    texts: npt.NDArray[np.object_],
    model: Model,
    freq: Frequencies,
    config: LinkerConfig,
    numbers_per_custody: bool = False,
    shared_cases: bool = False,
    stand: tuple[Features, StandIns] | None = None,
    weighless: tuple[int, ...] = (),
) -> People:
    """People within one file: rows whose pair scores at or above the dedupe threshold, unless
    their custody periods overlap under different prison numbers; and the pairs of people
    close enough to be one person when a third record links to both.

    ``numbers_per_custody`` (the prison file): a prison number is one period of custody, so
    two custody episodes of one person carry two numbers, and different numbers weigh
    nothing against two rows maybe being one person (custody overlapping under them does:
    see custody_overlaps). Rows are surely one person only as before, different numbers
    counting against: weighing nothing there too made 38 more prison people of two
    look-alikes at 200k people, for no better links (bench/README.md).

    ``shared_cases`` (the IND file): rows sharing a case reference are one person unless
    they contradict it (reconcile.link.case_refs).

    ``stand``: the file's features with its stand-ins' rows after its own, and the stand-ins
    (reconcile.link.aliases): two rows are then compared by the best of their names and dates
    of birth, as across the files.

    ``weighless``: the fields the model weighs at nothing (see weightless), not shown."""
    fx, stand_ins = stand if stand is not None else (f, StandIns.none())
    a, b = same_file_pairs(fx, vocab, config.block_cap)
    levels = compare_pairs(fx, fx, a, b, texts)
    scores = score_pairs(levels, model, freq, fx, fx, a, b)
    pairs = collapse_within(a, b, levels, scores, stand_ins, len(f))
    a, b, levels, scores, compared = (
        pairs.prison,
        pairs.ind,
        pairs.levels,
        pairs.scores,
        pairs.alias,
    )
    sure_probability = scores.probability
    if numbers_per_custody:
        scores = _numbers_weigh_nothing(scores, levels, model)
    name_close = np.isin(levels[:, 0], list(_NAME_CLOSE))
    dob_maybe = np.isin(levels[:, 1], list(_DOB_MAYBE))
    close = (name_close | (levels[:, 0] == _NAME_SIMILAR)) & dob_maybe
    # One digit or a year apart, with a close name: maybe a keying error.
    close |= name_close & np.isin(levels[:, 1], list(_DOB_NEAR))
    agree = np.isin(levels[:, 1], list(_DOB_SURE)) | (levels[:, 2] == 0) | (levels[:, 5] == 0)
    apart = custody_overlaps(f, a, b)
    sure = name_close & agree & (sure_probability >= config.dedupe_probability) & ~apart
    if numbers_per_custody:
        # One custody episode on several rows (an alias kept as a row of its own, as NOMIS
        # keeps them): the same prison number and the same sentence and release dates are one
        # person whatever the names.
        sure |= same_episode(f, a, b) & (levels[:, 2] == 0)
    cases = SharedCases.none()
    edge_a, edge_b = a[sure], b[sure]
    if shared_cases:
        ca, cb, over = case_pairs(f.case)
        cases = judge(compare_pairs(f, f, ca, cb, texts), ca, cb, f.case, over)
        joined = np.array(cases.joined, dtype=np.int64).reshape(-1, 2)
        edge_a, edge_b = np.r_[edge_a, joined[:, 0]], np.r_[edge_b, joined[:, 1]]
    person = components(len(f), edge_a, edge_b)
    maybe = np.nonzero(close & (scores.probability >= config.review_probability) & ~sure & ~apart)
    k = maybe[0][person[a[maybe]] != person[b[maybe]]]
    # The likeliest pair of rows speaks for its two people (of equal ones, the first found).
    k = k[np.argsort(-scores.probability[k], kind="stable")]
    lo = np.minimum(person[a[k]], person[b[k]]).tolist()
    hi = np.maximum(person[a[k]], person[b[k]]).tolist()
    first: dict[tuple[int, int], int] = {}
    for key, j in zip(zip(lo, hi, strict=True), k.tolist(), strict=True):
        first.setdefault(key, j)
    unweighed = tuple(sorted({*_OTHER_FILE_ONLY, *without_police_ids(f), *weighless}))
    compatible = {
        key: pair_score(
            int(a[j]),
            int(b[j]),
            levels[j].tolist(),
            scores.field_weights(j),
            round(float(scores.weight[j]), 3),
            float(scores.probability[j]),
            unweighed,
        )
        for key, j in sorted(first.items())
    }
    if compared is not None:
        compatible = {
            key: replace(score, fields=within_notes(score.fields, int(compared[first[key]])))
            for key, score in compatible.items()
        }
    return People(person, compatible, cases)


def _within_files(
    p: Features,
    i: Features,
    vocab: Vocabulary,
    texts: npt.NDArray[np.object_],
    model: Model,
    freq: Frequencies,
    config: LinkerConfig,
    alternatives: Alternatives | None = None,
    weighless: tuple[int, ...] = (),
) -> tuple[People, People]:
    """The people within the prison file and within the IND file (``alternatives``: their
    rows' aliases and other dates of birth, compared as well; ``weighless``: the fields the
    model weighs at nothing)."""
    alt = alternatives
    return (
        _within_file(
            p, vocab, texts, model, freq, config, numbers_per_custody=True,
            stand=(alt.p, alt.prison) if alt else None, weighless=weighless,
        ),
        _within_file(
            i, vocab, texts, model, freq, config, shared_cases=True,
            stand=(alt.i, alt.ind) if alt else None, weighless=weighless,
        ),
    )  # fmt: skip


_NUMBER_DIFFERENT = NUMBER.labels.index("different")


def _numbers_weigh_nothing(scores: Scores, levels: npt.NDArray[np.int8], model: Model) -> Scores:
    """``scores`` with prison numbers at "different" weighing 0 (the level is kept; the
    shown weights are changed in place, the weights and probabilities are new arrays)."""
    at = FIELDS.index(NUMBER)
    other = levels[:, at] == _NUMBER_DIFFERENT
    # The level's weight, as score_pairs took it: a prison number's is not adjusted.
    lost = float(model.level_weights()[at][_NUMBER_DIFFERENT])
    weight = scores.weight - np.where(other, lost, 0.0)
    scores.shown[other, at] = 0
    return Scores(scores.shown, weight, pair_probability(weight))


def _merge_linked(
    prison_person: IntArray, decisions: Sequence[LinkDecision], ind_person: IntArray
) -> IntArray:
    """Prison people linked to the same IND person are one person."""
    linked = [d for d in decisions if d.ind_idxs]
    b = np.fromiter((d.prison_idx for d in linked), dtype=np.int64, count=len(linked))
    first = np.fromiter((d.ind_idxs[0] for d in linked), dtype=np.int64, count=len(linked))
    # Each linked row joined to the first row linked to the same IND person.
    _, at, back = np.unique(ind_person[first], return_index=True, return_inverse=True)
    a = b[at][back.reshape(-1)]
    n = len(prison_person)
    # Join rows already in one person, then rows linked to one IND person.
    order = np.argsort(prison_person, kind="stable")
    same = prison_person[order][1:] == prison_person[order][:-1]
    ea = np.concatenate([order[:-1][same], a])
    eb = np.concatenate([order[1:][same], b])
    return components(n, ea, eb)


def link(
    prison: Sequence[PrisonRecord],
    ind: Sequence[IndRecord],
    config: LinkerConfig,
    seed: int,
    overrides: LinkOverrides | None = None,
    ahead: FeaturesAhead | None = None,
    sides: tuple[str, str] = SIDES,
) -> Linked:
    """``ahead``: the IND records' features, if begun already (the same answer); ``sides``:
    how the model's sources name the two lists ("the IND list has no prison number")."""
    overrides = overrides or LinkOverrides()
    # The linker makes millions of small objects and no reference cycles.
    with collector_paused():
        return _link(prison, ind, config, seed, overrides, ahead, sides)


def _link(
    prison: Sequence[PrisonRecord],
    ind: Sequence[IndRecord],
    config: LinkerConfig,
    seed: int,
    overrides: LinkOverrides,
    ahead: FeaturesAhead | None = None,
    sides: tuple[str, str] = SIDES,
) -> Linked:
    clock = _Clock()
    vocab = Vocabulary()
    spare = room_to_fork()
    # Two things at once on two cores (reconcile.forked): first the IND file's features are
    # built in a child while this process builds the prison file's (reconcile.link.encode;
    # when the pipeline began that child while the prison workbook was read, the prison
    # file's second half is built in another);
    # then the candidate pairs are found in a child while the model is learnt here; then the
    # people within each file in another child (they need the model, not the pairs) while the
    # pairs are compared and scored here. Each part's answer is the same either way.
    p, i = encode_files(prison, ind, vocab, spare, ahead.take(ind) if ahead else None)
    # The records' aliases and other dates of birth as stand-in records (reconcile.link.aliases):
    # px and ix are p and i when no record gives one.
    alias_p, alias_i = StandIns.of(prison), StandIns.of(ind)
    px, ix = extended(p, alias_p, vocab), extended(i, alias_i, vocab)
    if not config.referral_timing:
        i = replace(i, referral=np.zeros_like(i.referral))
        ix = replace(ix, referral=np.zeros_like(ix.referral))
    texts = plain_texts(vocab)
    clock.lap("features")
    jobs: list[Forked] = []
    try:
        finding = Forked(
            partial(candidate_pairs, px, ix, vocab, config.block_cap),
            "candidate pairs",
            jobs,
            inline=not spare,
            redo=True,
        )
        alternatives = Alternatives(px, ix, alias_p, alias_i, len(p), len(i))
        model = train(p, i, texts, config, seed, alternatives, sides)
        zero = weightless(p, i, config)
        freq = Frequencies.of(px, ix)  # an alias is a name the files hold too
        rec_p, rec_i = RecordFrequencies.of(freq, px), RecordFrequencies.of(freq, ix)
        parts_p, parts_i = rec_p.parts[: len(p)], rec_i.parts[: len(i)]
        similar = learn_similar(p, i, texts, parts_p, parts_i, model, seed)
        same_names = learn_same_names(p, i, texts, model, seed)
        model = replace(model, similar=similar, same_names=same_names)
        clock.lap("train")
        grouping = Forked(
            partial(_within_files, p, i, vocab, texts, model, freq, config, alternatives, zero),
            "people within each file",
            jobs,
            inline=not spare,
            redo=True,
        )
        blocks: Blocks = finding.wait()
        pp, ii = blocks.prison, blocks.ind
        clock.lap("block")
        levels = compare_pairs(px, ix, pp, ii, texts)
        clock.lap("compare")
        scores = score_pairs(levels, model, freq, px, ix, pp, ii, (rec_p, rec_i))
        pairs = collapse(pp, ii, levels, scores, alias_p, len(p), alias_i, len(i))
        pp, ii = pairs.prison, pairs.ind
        off: tuple[int, ...] = () if config.referral_timing else (FIELDS.index(REFERRAL),)
        off = tuple(sorted({*off, *without_police_ids(p, i), *zero}))
        scored = Scored(pp, ii, pairs.levels, pairs.scores, unweighed=off, alias=pairs.alias)
        clock.lap("score")
        prison_people, ind_people = grouping.wait()
        prison_person0 = prison_people.person
        clock.lap("people within each file")
    finally:
        for job in jobs:
            job.stop()
    ind_members = members(ind_people.person)  # IND person -> its record idxs
    decisions, odds, claims, scored = _decide(
        prison,
        ind,
        scored,
        prison_people,
        ind_people,
        ind_members,
        config,
        overrides,
        model.prior_weight,
    )
    decisions, split = join_split_records(
        decisions,
        scored,
        prison_person0,
        ind_people.person,
        ind_members,
        config.dedupe_probability,
        config.ambiguity_margin,
        overrides,
        prison,
        ind,
    )
    prison_person = _merge_linked(prison_person0, decisions, ind_people.person)
    findings = [
        *duplicate_findings(prison, prison_person),
        *duplicate_findings(ind, ind_people.person, i.case),
        *case_findings(ind, ind_people.cases),
        *left_out_findings(prison, alias_p),
        *left_out_findings(ind, alias_i),
    ]
    clock.lap("assign")
    result = LinkResult(
        decisions=decisions,
        prison_person=prison_person.tolist(),
        ind_person=ind_people.person.tolist(),
        candidate_pairs=len(pp),
        parameters={
            **_parameters(model, odds, claims, split, blocks, config, seed),
            "aliases_and_other_dates_of_birth": {
                "prison": alias_p.as_dict(),
                "ind": alias_i.as_dict(),
            },
        },
        findings=findings,
    )
    return Linked(result, scored, clock.laps)


class _Clock:
    """Wall seconds per stage, and the process's CPU seconds as "<stage> cpu"."""

    def __init__(self) -> None:
        self.laps: dict[str, float] = {}
        self.last = time.perf_counter()
        self.last_cpu = time.process_time()

    def lap(self, stage: str) -> None:
        now, cpu = time.perf_counter(), time.process_time()
        self.laps[stage] = now - self.last
        self.laps[f"{stage} cpu"] = cpu - self.last_cpu
        self.last, self.last_cpu = now, cpu


def _decide(
    prison: Sequence[PrisonRecord],
    ind: Sequence[IndRecord],
    scored: Scored,
    prison_people: People,
    ind_people: People,
    ind_members: list[list[int]],
    config: LinkerConfig,
    overrides: LinkOverrides,
    prior_weight: float,
) -> tuple[list[LinkDecision], PersonOdds, Claims, Scored]:
    """One decision per prison row; rows of one person share their person's decision. Also
    the learnt share of prison people with an IND record, the learnt weight of a candidate
    already linked to another prisoner, and the scored pairs as last weighed.

    Two rounds: every prison person decided on the pairs' evidence (and a row left unlinked
    following another custody episode of its person, _through_other_episodes); then the
    people left unlinked decided again, with whether another prisoner holds each candidate
    now weighed like one more field (reconcile.link.claims)."""
    prison_person, ind_person = prison_people.person, ind_people.person
    n_people = int(prison_person.max()) + 1 if len(prison_person) else 0
    n_ind_people = int(ind_person.max()) + 1 if len(ind_person) else 0
    pair_person = prison_person[scored.prison]
    touched = {row for row, _ in overrides.same | overrides.not_same}
    shared = _Shared(ind_members, prison)
    first = _Round(scored, prison, ind, prison_people, ind_people, config, shared, prior_weight)
    odds = first.odds
    decisions: list[LinkDecision] = [_UNDECIDED] * len(prison)
    _decide_on_two_cores(first, prison_person, decisions, touched, overrides)
    decisions = _through_other_episodes(decisions, prison_people, ind_person, prison, ind, touched)
    linked = np.fromiter(
        (d.status is LinkStatus.LINKED for d in decisions), dtype=bool, count=len(decisions)
    )
    holder = _first_holders(decisions, linked, ind_person, n_ind_people)
    open_rows = np.nonzero(~linked)[0]
    if touched:
        open_rows = open_rows[~np.isin(open_rows, list(touched))]
    is_open = np.zeros(n_people, dtype=bool)
    is_open[prison_person[open_rows]] = True
    chosen = first.ranking.pair[is_open[pair_person[first.ranking.pair]]]
    claimed = holder[ind_person[scored.ind[chosen]]] >= 0
    if touched:
        undecided = linked.copy()
        undecided[sorted(touched)] = False
        pool = _claim_pool(
            first.ranking.pair,
            is_open,
            touched,
            prison_person,
            pair_person,
            _first_holders(decisions, undecided, ind_person, n_ind_people),
            ind_person[scored.ind],
            scored.probability,
        )
        claims = learn_claims(*pool)
    else:
        claims = learn_claims(scored.probability[chosen], claimed)
    if not claims.applied:
        return decisions, odds, claims, scored
    # Decided again: the open people with a candidate the claims are learnt from (the rest
    # stay far below the review band whatever the factor).
    plausible = chosen[scored.probability[chosen] >= CLAIM_FLOOR]
    again = np.zeros(n_people, dtype=bool)
    again[pair_person[plausible]] = True
    sub = np.nonzero(again[pair_person])[0]
    # Every pair between such a person and a candidate's IND person gets the claim's weight.
    width = np.int64(n_ind_people + 1)
    codes = pair_person[chosen] * width + ind_person[scored.ind[chosen]]
    order = np.argsort(codes, kind="stable")
    bonus_of = np.log2(claims.factors(claimed))[order]
    sub_codes = pair_person[sub] * width + ind_person[scored.ind[sub]]
    at = np.minimum(np.searchsorted(codes[order], sub_codes), max(len(codes) - 1, 0))
    found = codes[order][at] == sub_codes
    bonus = np.where(found, bonus_of[at], 0.0)
    weight = scored.scores.weight[sub] + bonus
    level = np.where(found, claimed[order][at], CLAIM_NOT_WEIGHED).astype(np.int8)
    part = Scored(
        scored.prison[sub],
        scored.ind[sub],
        scored.levels[sub],
        Scores(scored.scores.shown[sub], weight, pair_probability(weight)),
        scored.unweighed,
        claim=level,
        claim_weights=(round(log2(claims.free_factor), 2), round(log2(claims.claimed_factor), 2)),
        alias=None if scored.alias is None else scored.alias[sub],
    )
    second = _Round(part, prison, ind, prison_people, ind_people, config, shared, odds=odds)
    rows = open_rows[again[prison_person[open_rows]]].tolist()
    second.decide(rows, decisions, touched, overrides)
    for row in rows:
        decisions[row] = _with_claim(decisions[row], holder, ind_person, claims, prison, ind)
    scored.take_subset(sub, part)  # the first round's weighing is not read again
    return decisions, odds, claims, scored


@dataclass(frozen=True, slots=True)
class _Shared:
    """What both rounds read, made once."""

    ind_members: list[list[int]]  # IND person -> its record idxs
    prison: Sequence[PrisonRecord]


class _Round:
    """One round of decisions: the candidates ranked, weighed against each other, assigned."""

    def __init__(
        self,
        scored: Scored,
        prison: Sequence[PrisonRecord],
        ind: Sequence[IndRecord],
        prison_people: People,
        ind_people: People,
        config: LinkerConfig,
        shared: _Shared,
        prior_weight: float = 0.0,
        odds: PersonOdds | None = None,
    ) -> None:
        """``odds``: as learnt in an earlier round; else learnt here (with ``prior_weight``)."""
        prison_person, ind_person = prison_people.person, ind_people.person
        keep = strong_pairs(scored, prison_person)
        self.ranking = ranking = Ranking(scored, prison_person, ind_person, keep)
        n_people = int(prison_person.max()) + 1 if len(prison_person) else 0
        pair_person = prison_person[scored.prison]
        w = scored.scores.weight
        mass = candidate_mass(w[ranking.pair], pair_person[ranking.pair], n_people)
        n_ind_people = int(ind_person.max()) + 1 if len(ind_person) else 0
        self.odds = odds or learn_odds(mass, n_ind_people, prior_weight)
        weight = w.copy()
        weight[keep] = person_weights(weight[keep], pair_person[keep], ind_person[scored.ind[keep]])
        weighed = candidate_probability(weight, mass[pair_person], self.odds)
        # A pair without enough evidence to be linked (a date of birth and one shared word)
        # is never made likelier by the others' absence: at most its own probability.
        weak = ~scored.linkable
        weighed[weak] = np.minimum(weighed[weak], scored.scores.probability[weak])
        scored.weigh_candidates(weighed)
        self.scored = scored
        self.prison_person: list[int] = prison_person.tolist()
        self.prison = prison
        self.assigner = Assigner(
            scored,
            ind,
            shared.ind_members,
            ind_person,
            config,
            RecordWeights(scored, prison_person, len(ind), keep),
            shared.prison,
            ind_people.compatible,
        )

    def decide(
        self,
        rows: Iterable[int],
        decisions: list[LinkDecision],
        touched: set[int],
        overrides: LinkOverrides,
    ) -> None:
        """Decide ``rows`` into ``decisions``; rows of one person share its decision unless a
        reviewer ruled on one of them."""
        cache: dict[int, LinkDecision] = {}
        people = self.prison_person
        for row in rows:
            person = people[row]
            if row in touched:
                candidates = self.ranking.of(person)
                decisions[row] = self.assigner.decide(row, person, candidates, overrides)
                continue
            base = cache.get(person)
            if base is None:
                base = self.assigner.decide(row, person, self.ranking.of(person), overrides)
                cache[person] = base
                decisions[row] = base
            else:
                decisions[row] = _for_row(base, row, self.prison)


_UNDECIDED = LinkDecision(-1, LinkStatus.NONE, (), None, None, "")
# Rows from which the first round's decisions are shared with a forked child: below, the
# child's start and the pickled decisions cost more than half the work saves.
TWO_CORES_FROM = 20_000


def _decide_on_two_cores(
    first: _Round,
    prison_person: IntArray,
    decisions: list[LinkDecision],
    touched: set[int],
    overrides: LinkOverrides,
) -> None:
    """The first round for every row, into ``decisions``: the rows of two prison people in
    five decided in a forked child while this process decides the rest (reconcile.forked).
    Each person's decision rests on its own candidates only, so the decisions are the ones
    deciding every row here would give (and are, without a second core or memory to spare).
    The child's decisions come back pickled, about 5 microseconds a decision to read against
    about 25 to make: the child takes the smaller share, so that it ends with its pickling
    about when this process ends its share."""
    n = len(decisions)
    if n < TWO_CORES_FROM or not room_to_fork():
        first.decide(range(n), decisions, touched, overrides)
        return
    theirs_mask = np.isin(prison_person % 5, (1, 3))  # two people in five
    theirs = np.nonzero(theirs_mask)[0].tolist()
    mine = np.nonzero(~theirs_mask)[0].tolist()
    _, answer = alongside(
        partial(first.decide, mine, decisions, touched, overrides),
        partial(_decided, first, theirs, n, touched, overrides),
        "decisions",
    )
    for row, decision in zip(theirs, answer, strict=True):
        decisions[row] = decision


def _decided(
    first: _Round, rows: list[int], n: int, touched: set[int], overrides: LinkOverrides
) -> list[LinkDecision]:
    """The first round's decisions of ``rows``, in order (run in the child)."""
    decisions: list[LinkDecision] = [_UNDECIDED] * n
    first.decide(rows, decisions, touched, overrides)
    return [decisions[row] for row in rows]


def _claim_pool(
    ranked: IntArray,
    is_open: npt.NDArray[np.bool_],
    touched: set[int],
    prison_person: IntArray,
    pair_person: IntArray,
    holder: IntArray,
    pair_ind_person: IntArray,
    probability: npt.NDArray[np.float64],
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_]]:
    """The pairs the weight of a candidate held by another prisoner is learnt from when a
    reviewer decided some rows, as they would be without the decisions: the open people's
    ranked pairs and the decided people's too, each claimed when a row the reviewer did not
    decide holds its IND person (``holder``). Taking the decided people out shrank the pool
    (below MIN_PAIRS the weight is not applied at all), and counting their forced links as
    holds shifted m and u: either moved links nobody reviewed. (probabilities, claimed)"""
    learn = is_open.copy()
    learn[prison_person[sorted(touched)]] = True
    pool = ranked[learn[pair_person[ranked]]]
    return probability[pool], holder[pair_ind_person[pool]] >= 0


def _first_holders(
    decisions: Sequence[LinkDecision], linked: npt.NDArray[np.bool_], ind_person: IntArray, n: int
) -> IntArray:
    """Per IND person, the first prison row linked to it, or -1; ``linked`` per row."""
    rows = np.nonzero(linked)[0]
    first_ind = np.fromiter(
        (decisions[k].ind_idxs[0] for k in rows.tolist()), dtype=np.int64, count=len(rows)
    )
    people, first = np.unique(ind_person[first_ind], return_index=True)
    holder = np.full(n, -1, dtype=np.int64)
    holder[people] = rows[first]
    return holder


def _with_claim(
    d: LinkDecision,
    holder: IntArray,
    ind_person: IntArray,
    claims: Claims,
    prison: Sequence[PrisonRecord],
    ind: Sequence[IndRecord],
) -> LinkDecision:
    """The decision's reason with the weight its best candidate's claim was given."""
    if d.best is None:
        return d
    row = int(holder[int(ind_person[d.best.ind_idx])])
    factor = claims.claimed_factor if row >= 0 else claims.free_factor
    if factor == 1.0:
        return d
    held_by = prison[row].prov if row >= 0 else None
    return replace(d, reason=d.reason + claim_text(ind[d.best.ind_idx], held_by, factor))


def _through_other_episodes(
    decisions: list[LinkDecision],
    prison_people: People,
    ind_person: IntArray,
    prison: Sequence[PrisonRecord],
    ind: Sequence[IndRecord],
    touched: AbstractSet[int] = frozenset(),
) -> list[LinkDecision]:
    """A row the linker could not link on its own (needs review or no link) follows a prison
    person that may be the same person (_within_file) and is linked to the IND person of the
    row's best candidate: two custody episodes of one person, one keyed less carefully. The
    three records agree with each other; a look-alike fails the test within the prison file
    (another forename, a birth date further out, custody at the same time). Rows a reviewer
    decided, or ruled on (``touched``), are left as decided: the other episode's link could
    bring back a record ruled out for the row. Of several such rows linked to that IND
    person, the first.

    Only the rows of people in a pair that may be one person are looked at (a few per cent
    of a national file)."""
    compatible = prison_people.compatible
    if not compatible:
        return decisions
    person = prison_people.person
    paired = np.zeros(int(person.max()) + 1, dtype=bool)
    paired[np.fromiter((x for pair in compatible for x in pair), dtype=np.int64)] = True
    rows = np.nonzero(paired[person])[0].tolist()
    first_linked: dict[tuple[int, int], int] = {}  # (prison person, IND person) -> first row
    waiting: dict[int, list[int]] = {}  # prison person -> its rows to follow, if any
    for row in rows:
        d = decisions[row]
        if d.decided_by != "linker":
            continue
        me = int(person[row])
        if d.status is LinkStatus.LINKED:
            first_linked.setdefault((me, int(ind_person[d.ind_idxs[0]])), row)
        elif d.best is not None and row not in touched:
            waiting.setdefault(me, []).append(row)
    partners: dict[int, list[int]] = {}
    for a, b in compatible:
        if a in waiting:
            partners.setdefault(a, []).append(b)
        if b in waiting:
            partners.setdefault(b, []).append(a)
    out = list(decisions)
    for me, own_rows in waiting.items():
        for row in own_rows:
            d = decisions[row]
            assert d.best is not None
            target = int(ind_person[d.best.ind_idx])
            found = [
                (first_linked[(them, target)], them)
                for them in partners.get(me, ())
                if (them, target) in first_linked
            ]
            if not found:
                continue
            other, them = min(found)
            via = decisions[other]
            likeness = compatible[(min(me, them), max(me, them))]
            reason = through_episode_reason(d.best, likeness, via, prison, ind)
            out[row] = replace(via, prison_idx=row, best=d.best, reason=reason, through=other)
    return out


def _parameters(
    model: Model,
    odds: PersonOdds,
    claims: Claims,
    split: dict[str, object],
    blocks: Blocks,
    config: LinkerConfig,
    seed: int,
) -> dict[str, object]:
    """What the manifest records about the linker: learnt m/u, prior, the share of prisoners
    with an IND record, thresholds, blocking."""
    return {
        "model": model.as_dict(),
        "candidates": odds.as_dict(),
        "linked_to_another_prisoner": claims.as_dict(),
        "ind_records_kept_apart": split,
        "thresholds": {
            "link_probability": config.link_probability,
            "review_probability": config.review_probability,
            "ambiguity_margin": config.ambiguity_margin,
            "dedupe_probability": config.dedupe_probability,
        },
        "blocking": {
            "block_cap": config.block_cap,
            "pairs_per_key": blocks.per_key,
            "key_values_skipped": blocks.skipped,
            "key_values_paired_by_neighbourhood": blocks.windowed,
        },
        "seed": seed,
    }


def _for_row(base: LinkDecision, row: int, prison: Sequence[PrisonRecord]) -> LinkDecision:
    """The decision of another row of the same person, restated for this row."""
    reason = base.reason.split(VIA_MARK)[0]
    if base.best is not None and base.best.prison_idx != row:
        reason += via_text(prison[base.best.prison_idx], prison[row])
    return replace(base, prison_idx=row, reason=reason)
