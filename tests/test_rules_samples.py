"""Scope of the committed sample prison extract under each preset, counted.

Scope depends only on the prison rows and the policy (aggregation is off in every preset),
so these counts do not move when the linker changes. They move when the samples are
regenerated: then re-measure them with this module's ``scope_counts`` and update SCOPE.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from reconcile.model import LinkDecision, LinkResult, LinkStatus, Role
from reconcile.normalise.records import build_prison_records
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
        "exclude.below_threshold": 435,
        "exclude.irish": 70,
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


@pytest.mark.skipif(not (SAMPLES / "prison_extract.xlsx").exists(), reason="no samples")
def test_sample_scope_under_each_preset() -> None:
    counts = scope_counts()
    assert counts == SCOPE, "the samples changed? re-measure with scope_counts()"
    rows = sum(SCOPE["2006"].values())
    assert all(sum(c.values()) == rows for c in SCOPE.values())
