"""The committed samples under each preset, independent of the linker.

Scope depends only on the prison rows and the policy (aggregation is off in every preset),
so its counts do not move when the linker changes. They move when the samples are
regenerated: then re-measure them with this module's ``scope_counts`` and update SCOPE.
With the generator's true links (truth.csv), classify must give the generator's outcome for
every row, and the published totals: 1,023 not considered, 160 of them recommended by a court.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from reconcile.model import FAILURE_OUTCOMES, LinkDecision, LinkResult, LinkStatus, Role
from reconcile.normalise.records import build_ind_records, build_prison_records
from reconcile.read import load_table
from reconcile.rules import PRESETS, classify, load_policy
from reconcile.settings import load_config

SAMPLES = Path(__file__).resolve().parent.parent / "samples"

# Preset -> rule that decided scope -> rows (samples/ made by `reconcile sample`, seed 2006).
SCOPE: dict[str, dict[str, int]] = {
    "2006": {
        "scope.non_eea_threshold": 1805,
        "scope.court_recommendation": 291,
        "exclude.below_threshold": 340,
        "exclude.eea_national": 180,
        "exclude.irish": 70,
        "exclude.british": 25,
        "insufficient.release_date": 110,
        "insufficient.sentence": 12,
        "outcome.not_released": 420,
    },
    "2006-eea": {
        "scope.non_eea_threshold": 1805,
        "scope.court_recommendation": 291,
        "scope.eea_threshold": 85,
        "scope.irish_threshold": 31,  # Irish nationals on 24 months or more, released before 2007
        "exclude.below_threshold": 474,
        "exclude.british": 25,
        "insufficient.release_date": 110,
        "insufficient.sentence": 12,
        "outcome.not_released": 420,
    },
    "ukba-2007": {
        "scope.non_eea_threshold": 2072,
        "scope.eea_threshold": 184,
        "scope.irish_threshold": 74,
        "exclude.below_threshold": 356,
        "exclude.british": 25,
        "insufficient.release_date": 110,
        "insufficient.sentence": 12,
        "outcome.not_released": 420,
    },
}


def scope_counts(folder: Path = SAMPLES) -> dict[str, dict[str, int]]:
    """Preset -> scope rule -> rows, for the sample prison extract in ``folder``."""
    config = load_config(folder / "audit.toml")
    table, _ = load_table(folder / "prison_extract.xlsx", Role.PRISON, config)
    prison, _ = build_prison_records(table)
    n = len(prison)
    no_links = LinkResult(
        [LinkDecision(i, LinkStatus.NONE, (), None, None, "") for i in range(n)],
        list(range(n)),
        [],
        0,
        {},
    )
    assert config.audit.as_of is not None
    counts = {}
    for name in PRESETS:
        got = classify(prison, [], no_links, load_policy(name), config.audit.as_of)
        counts[name] = dict(Counter(c.rule.split("/")[0] for c in got))
    return counts


no_samples = pytest.mark.skipif(not (SAMPLES / "truth.csv").exists(), reason="no committed samples")


@no_samples
def test_sample_scope_under_each_preset() -> None:
    counts = scope_counts()
    assert counts == SCOPE, "the samples changed? re-measure with scope_counts()"
    rows = sum(SCOPE["2006"].values())
    assert all(sum(c.values()) == rows for c in SCOPE.values())


@no_samples
def test_true_links_give_the_true_outcomes() -> None:
    config = load_config(SAMPLES / "audit.toml")
    prison, _ = build_prison_records(
        load_table(SAMPLES / "prison_extract.xlsx", Role.PRISON, config)[0]
    )
    ind, _ = build_ind_records(load_table(SAMPLES / "ind_extract.xlsx", Role.IND, config)[0])
    with (SAMPLES / "truth.csv").open(encoding="utf-8", newline="") as fh:
        truth = {int(r["row"]): r for r in csv.DictReader(fh) if r["role"] == "prison"}
    ind_at = {rec.prov.row: rec.idx for rec in ind}
    decisions: list[LinkDecision] = []
    people: dict[str, int] = {}
    for rec in prison:
        rows = truth[rec.prov.row]["same_person_ind_rows"].split(";")
        linked = tuple(ind_at[int(row)] for row in rows if row)
        status = LinkStatus.LINKED if linked else LinkStatus.NONE
        decisions.append(LinkDecision(rec.idx, status, linked, None, None, "true link"))
    person = [people.setdefault(truth[r.prov.row]["person_id"], len(people)) for r in prison]
    links = LinkResult(decisions, person, [], 0, {})
    assert config.audit.as_of is not None
    got = classify(prison, ind, links, load_policy("2006"), config.audit.as_of)
    wrong = [
        (rec.prov.row, truth[rec.prov.row]["outcome"], c.outcome.value)
        for rec, c in zip(prison, got, strict=True)
        if truth[rec.prov.row]["outcome"] != c.outcome.value
    ]
    assert wrong == []
    failures = [c for c in got if c.outcome in FAILURE_OUTCOMES]
    assert len(failures) == 1023
    assert sum(1 for c in failures if prison[c.prison_idx].court_recommended) == 160
