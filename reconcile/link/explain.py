"""Decisions in words a non-specialist can read."""

from __future__ import annotations

from collections.abc import Container, Sequence
from datetime import date, timedelta
from functools import lru_cache

from reconcile.link.compare import FIELDS, REFERRAL
from reconcile.link.features import REFERRAL_LEAD_DAYS
from reconcile.model import (
    FieldComparison,
    IndRecord,
    LinkDecision,
    PairScore,
    PrisonRecord,
    Provenance,
)

FIELD_WORDS = {
    "name": "name",
    "dob": "date of birth",
    "prison_number": "prison number",
    "nationality": "nationality",
    "referral": "referral date",
    "police_id": "PNC / CRO number",
    "other_prisoners": "IND person",
}


def pair_score(  # levels and weights as rounded for display: 2 decimals, total 3
    prison_idx: int,
    ind_idx: int,
    levels: Sequence[int],
    field_weights: Sequence[float],
    weight: float,
    probability: float,
    unweighed: Sequence[int] = (),
) -> PairScore:
    """The pair's score with each field's level and weight, leaving out the fields in
    ``unweighed`` (switched off in the config: they count for nothing and are not shown)."""
    return PairScore(
        prison_idx, ind_idx, weight, probability, score_fields(levels, field_weights, unweighed)
    )


def score_fields(
    levels: Sequence[int], field_weights: Sequence[float], unweighed: Sequence[int] = ()
) -> tuple[FieldComparison, ...]:
    """Each field's level and weight as a pair's score shows them (see pair_score)."""
    return tuple(
        _field(f, level, w)
        for f, (level, w) in enumerate(zip(levels, field_weights, strict=True))
        if f not in unweighed
    )


@lru_cache(maxsize=65_536)
def _field(f: int, level: int, weight: float) -> FieldComparison:
    spec = FIELDS[f]
    return FieldComparison(spec.name, spec.labels[level], weight)


def evidence(score: PairScore) -> str:
    """'name: transliteration variant (+6.1), date of birth: exact (+9.8), ...': each field's
    name, then its level (the labels read after a colon: "name: same names, some dropped")."""
    return ", ".join([_words(f.field, f.level, f.weight) for f in score.fields])


@lru_cache(maxsize=65_536)
def _words(field: str, level: str, weight: float) -> str:
    """One field's comparison in words: most recur (the weights are kept in hundredths).
    Cached on the three values rather than the FieldComparison, whose hash is computed in
    Python each time."""
    amount = "0" if level == "missing" else f"{weight:+.1f}"
    return f"{FIELD_WORDS.get(field, field)}: {level} ({amount})"


def describe_ind(rec: IndRecord) -> str:
    ref = f"IND case {rec.case_ref}" if rec.case_ref else "IND record"
    return f"{ref} ({rec.prov.ref})"


def probability_text(p: float) -> str:
    """A candidate's probability of being the prisoner, every other candidate weighed: to 3
    decimals, never rounded up to a certain 1 or down to 0 ("above 0.999", "below 0.001"),
    as the workbook's probability cells and the PDF's tables show it."""
    if p >= 0.9995:
        return "probability above 0.999"
    if p < 0.0005:
        return "probability below 0.001"
    return f"probability {p:.3f}"


def linked_reason(score: PairScore, ind: Sequence[IndRecord], others: int, via: str = "") -> str:
    """``via``: via_text of the prison row the link was found through, if another."""
    text = f"Linked to {describe_ind(ind[score.ind_idx])}: {evidence(score)}; "
    text += probability_text(score.probability)
    if others:
        text += f"; with {others} more IND record{'s' if others > 1 else ''} of the same person"
    return text + via


VIA_MARK = "; matched through "


def via_text(through: PrisonRecord, row: PrisonRecord) -> str:
    """Where a row's link was found: another row of its person, another custody episode or,
    under the same prison number and release date, the same one on another row (an alias
    kept as a row of its own)."""
    same = (
        through.prison_number is not None
        and through.prison_number == row.prison_number
        and through.release_date is not None
        and through.release_date == row.release_date
        and (
            through.sentence_start is None
            or row.sentence_start is None
            or through.sentence_start == row.sentence_start
        )
    )
    what = "the same custody episode, on another row" if same else "another custody episode"
    return f"{VIA_MARK}{through.prov.ref}, {what} of the same person"


def referral_level(release: date | None, start: date | None, referral: date | None) -> str:
    """The referral date's level against a prison row's custody, as the linker compares them
    (reconcile.link.compare.referral_levels): after release, before the custody (its start or
    the REFERRAL_LEAD_DAYS before release, whichever is earlier), during it, or missing."""
    if release is None or referral is None:
        return REFERRAL.labels[REFERRAL.missing]
    if referral > release:
        return REFERRAL.labels[1]
    lead = release - timedelta(days=REFERRAL_LEAD_DAYS)
    window = start if start is not None and start < lead else lead
    return REFERRAL.labels[2] if referral < window else REFERRAL.labels[0]


_THROUGH_PRISON = " through prison "
_THROUGH_END = ", which is linked to it and may be the same person as this row"


def through_episode_reason(
    own: PairScore,
    likeness: PairScore,
    via: LinkDecision,
    prison: Sequence[PrisonRecord],
    ind: Sequence[IndRecord],
) -> str:
    """Why a row is linked through another prison row that may be the same person.
    ``own``: the row's best candidate; ``likeness``: the two prison rows' own pair;
    ``via``: the other row's decision."""
    a, b = sorted((likeness.prison_idx, likeness.ind_idx))  # file order
    first, second = prison[a].prov, prison[b].prov
    rows = (
        f"prison {first.ref} and {second.ref}"
        if first.several
        else f"prison rows {first.row} and {second.row}"
    )
    records = len(via.ind_idxs) - 1
    text = (
        f"Linked to {describe_ind(ind[via.ind_idxs[0]])}{_THROUGH_PRISON}"
        f"{prison[via.prison_idx].prov.ref}{_THROUGH_END} ({rows}: {evidence(likeness)}; "
        f"{probability_text(likeness.probability)}); this row alone against "
        f"{describe_ind(ind[own.ind_idx])}: {evidence(own)}; {probability_text(own.probability)}"
    )
    if records:
        text += f"; with {records} more IND record{'s' if records > 1 else ''} of the same person"
    return text


def also_linked_text(
    pair: PairScore, ind: Sequence[IndRecord], others: int, via_row: Provenance | None
) -> str:
    """Why a linked row also takes an IND person that the IND file did not group with its
    first (reconcile.link.split_records); ``pair.probability``: the pair's own."""
    more = f" and {others} more IND record{'s' if others > 1 else ''} of it" if others else ""
    against = f" (prison {via_row.ref}, the same person, against it)" if via_row else ""
    return (
        f"; also linked to {describe_ind(ind[pair.ind_idx])}{more}: the IND file did not group "
        f"it with the first, but it is as sure a match on its own{against}: {evidence(pair)}; "
        f"{probability_text(pair.probability)} on its own evidence; linked to no other prisoner"
    )


def bridged_reason(
    a: PairScore,
    b: PairScore,
    bridge: tuple[str, int],
    together: float,
    others: int,
    ind: Sequence[IndRecord],
) -> str:
    """Why a row is linked to two IND records the IND file kept apart (reconcile.link.
    split_records): ``a`` and ``b`` with their own probabilities; ``bridge``: the field on
    which the row agrees with one of them (its IND idx) and the two records do not agree;
    ``together``: the probability that the person is one of them."""
    field, agreeing = bridge
    more = f"; with {others} more IND record{'s' if others > 1 else ''} of them" if others else ""
    return (
        f"Linked to {describe_ind(ind[a.ind_idx])} and {describe_ind(ind[b.ind_idx])}, kept "
        f"apart by the IND file but one person by this row: the row's {FIELD_WORDS[field]} "
        f"agrees with {describe_ind(ind[agreeing])}, where the two records do not agree with "
        f"each other, and each is as sure a match on its own as two records of one person must "
        f"be; "
        f"{describe_ind(ind[a.ind_idx])}: {evidence(a)}; {probability_text(a.probability)} on "
        f"its own; {describe_ind(ind[b.ind_idx])}: {evidence(b)}; "
        f"{probability_text(b.probability)} on its own; {probability_text(together)} that the "
        f"person is one of them{more}"
    )


def claim_text(rec: IndRecord, held_by: Provenance | None, factor: float) -> str:
    """How the first round's links weighed a candidate (reconcile.link.claims)."""
    who = describe_ind(rec)
    where = "to no other prisoner" if held_by is None else f"to prison {held_by.ref}"
    text = (
        f"; weighed with the other prisoners' links: {who} is linked {where}, which makes it "
        f"{factor:.2f} times as likely to be this person"
    )
    if 0 < factor < 1:  # "0.02 times as likely" is easily misread: say how many times less
        less = 1 / factor
        text += (
            f" ({less:.0f} times less likely)" if less >= 10 else f" ({less:.1f} times less likely)"
        )
    return text


def review_reason(
    best: PairScore,
    runner: PairScore | None,
    ind: Sequence[IndRecord],
    ambiguous: bool,
    split: tuple[float, int] | None = None,
) -> str:
    """Why a row needs review; ``split``: (probability, n) when the person is likely one of
    n candidates but none of them alone is likely enough."""
    head = f"Needs review: best candidate {describe_ind(ind[best.ind_idx])}: {evidence(best)}; "
    head += probability_text(best.probability)
    if ambiguous and runner is not None:
        gap = best.weight - runner.weight
        return (
            f"{head}; a different person, {describe_ind(ind[runner.ind_idx])}, scores almost as "
            f"well ({gap:.1f} points lower: {evidence(runner)}; "
            f"{probability_text(runner.probability)})"
        )
    if split is not None:
        chance, n = split
        return (
            f"{head}; the person is likely one of the {n} best candidates "
            f"({probability_text(chance)} together) but no one of them is likely enough alone"
        )
    # The probability may read "above 0.999" and still fall short of a stricter threshold
    # (link_probability 0.9999): "too uncertain" would contradict it.
    return f"{head}; short of the probability a link needs, so left to a reviewer"


# What a row with no candidate shares with no IND record, by field, in the order said.
_SHARED = tuple(
    ([spec.name for spec in FIELDS].index(name), words)
    for name, words in (
        ("prison_number", "prison number"),
        ("dob", "date of birth"),
        ("name", "name"),
    )
)


def none_reason(
    best: PairScore | None,
    ind: Sequence[IndRecord],
    ruled_out: Sequence[tuple[int, str]] = (),
    unweighed: Container[int] = (),
) -> str:
    """Why a row is not linked; ``ruled_out``: the IND records (idx, reviewer) a reviewer
    said are not this person; ``unweighed``: the fields this run did not weigh (a whole list
    holds none of them): a row without candidates names only the others as shared with no IND
    record."""
    if best is None and ruled_out:
        return f"No link: {_ruled_out_text(ind, ruled_out)}, and no other IND record is near enough"
    if best is None:
        said = [words for f, words in _SHARED if f not in unweighed]
        if not said:
            return "No IND record could be compared with this row"
        shared = said[0] if len(said) == 1 else ", ".join(said[:-1]) + " or " + said[-1]
        return f"No IND record shares a {shared} with this row"
    text = (
        f"No link: the closest IND record, {describe_ind(ind[best.ind_idx])}, is too different "
        f"({evidence(best)}; {probability_text(best.probability)})"
    )
    if ruled_out:
        text += f"; {_ruled_out_text(ind, ruled_out)}"
    return text


def _ruled_out_text(ind: Sequence[IndRecord], ruled_out: Sequence[tuple[int, str]]) -> str:
    """Which IND records a reviewer ruled out, and the reviewers' notes: "IND case B1234567
    (row 12) was ruled out by a reviewer (J. Smith: another man)"."""
    parts = [describe_ind(ind[i]) for i, _ in ruled_out]
    said = list(dict.fromkeys(who for _, who in ruled_out if who))
    text = f"{', '.join(parts)} {'was' if len(parts) == 1 else 'were'} ruled out by a reviewer"
    return text + (f" ({'; '.join(said)})" if said else "")
