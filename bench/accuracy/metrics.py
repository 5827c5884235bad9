"""Accuracy of a linker against the generator's truth, computed the same way for every linker.

Pairs: (prison row, IND record) linked, against every pair of the same person.
Flagged list: in-scope released prisoners whose linked IND records show no consideration on
or before that row's release date (never referred, referred not considered, considered after
release), from the links alone: a row with no link (whether the linker said "no link" or
"needs review") is judged on no IND record, the same way for every linker.
Listed (reconcile's own outcomes): as flagged, but rows sent to review are held back from
the list with the outcome "needs review" (so they count as missed until a reviewer decides).
Outcome accuracy: the row's outcome (out of scope / not released / considered before release
/ considered after release / referred not considered / never referred / needs review).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from generate import AS_OF, Dataset

from reconcile.model import IndRecord, PrisonRecord

# EU/EEA members before 2007 (the generated releases end in 2006): out of scope under 24 months.
EEA = frozenset(
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
        "CY",
        "CZ",
        "EE",
        "HU",
        "LV",
        "LT",
        "MT",
        "PL",
        "SK",
        "SI",
        "IS",
        "LI",
        "NO",
        "CH",
    ]
)


@dataclass(frozen=True)
class Prediction:
    """A linker's answer: per prison row, the IND idxs linked, and whether it needs review.
    ``outcome_links``: where a row's outcome rests on other records than its links (a doubtful
    link whose every candidate gives the same outcome: one candidate's records), per row."""

    links: list[tuple[int, ...]]
    review: list[bool]
    outcome_links: list[tuple[int, ...]] | None = None


def in_scope(p: PrisonRecord) -> bool:
    if p.release_date is None or p.release_date > AS_OF:
        return False
    if p.court_recommended:
        return True
    months = p.sentence_months or 0.0
    return months >= (24 if p.nationality in EEA else 12)


def outcome(p: PrisonRecord, linked: Sequence[IndRecord], review: bool) -> str:
    if p.release_date is None or p.release_date > AS_OF:
        return "not_released"
    if not in_scope(p):
        return "out_of_scope"
    if review:
        return "needs_review"
    release = p.release_date
    considered = [r.considered_date for r in linked if r.considered_date is not None]
    if any(c <= release for c in considered):
        return "considered_before_release"
    if considered:
        return "considered_after_release"
    if any(r.referral_date is not None for r in linked):
        return "referred_not_considered"
    return "never_referred"


FLAGGED = frozenset({"never_referred", "referred_not_considered", "considered_after_release"})


def truth(data: Dataset) -> Prediction:
    by_person: dict[int, list[int]] = defaultdict(list)
    for idx, pid in enumerate(data.ind_pid):
        by_person[pid].append(idx)
    links = [tuple(by_person.get(pid, ())) for pid in data.prison_pid]
    return Prediction(links, [False] * len(links))


def _ratio(a: int, b: int) -> float:
    return a / b if b else 1.0


def score(data: Dataset, pred: Prediction) -> dict[str, float]:
    true = truth(data)
    true_pairs = {(p, i) for p, ids in enumerate(true.links) for i in ids}
    pred_pairs = {(p, i) for p, ids in enumerate(pred.links) for i in ids}
    tp = len(true_pairs & pred_pairs)
    precision, recall = _ratio(tp, len(pred_pairs)), _ratio(tp, len(true_pairs))
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    true_out = [
        outcome(p, [data.ind[i] for i in true.links[k]], False) for k, p in enumerate(data.prison)
    ]
    by_outcome = pred.outcome_links or pred.links
    pred_out = [
        outcome(p, [data.ind[i] for i in by_outcome[k]], pred.review[k])
        for k, p in enumerate(data.prison)
    ]
    true_flag = {k for k, o in enumerate(true_out) if o in FLAGGED}
    flag_out = [
        outcome(p, [data.ind[i] for i in pred.links[k]], False) for k, p in enumerate(data.prison)
    ]
    pred_flag = {k for k, o in enumerate(flag_out) if o in FLAGGED}
    both = len(true_flag & pred_flag)
    listed = {k for k, o in enumerate(pred_out) if o in FLAGGED}
    both_listed = len(true_flag & listed)
    return {
        "pairs_true": float(len(true_pairs)),
        "pairs_linked": float(len(pred_pairs)),
        "pair_precision": precision,
        "pair_recall": recall,
        "pair_f1": f1,
        "flagged_true": float(len(true_flag)),
        "flagged": float(len(pred_flag)),
        "flagged_precision": _ratio(both, len(pred_flag)),
        "flagged_completeness": _ratio(both, len(true_flag)),
        "listed_precision": _ratio(both_listed, len(listed)),
        "listed_completeness": _ratio(both_listed, len(true_flag)),
        "outcome_accuracy": sum(a == b for a, b in zip(true_out, pred_out, strict=True))
        / max(len(true_out), 1),
        "review_rows": float(sum(pred.review)),
    }
