"""Each preset over one generated sample pair, through the whole pipeline.

Changing only the policy changes only scope and outcomes: the links must be identical, and
the wider 2006-eea policy only adds rows to scope.
"""

from __future__ import annotations

from collections import Counter

import pytest

from reconcile.app import build_settings
from reconcile.model import Outcome
from reconcile.pipeline import run
from reconcile.result import RunResult
from reconcile.rules import PRESETS, RULES, load_policy
from reconcile.synth import generate_sample


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, RunResult]:
    folder = tmp_path_factory.mktemp("sample")
    files = generate_sample(folder, people=500, seed=3)
    results = {}
    for name in PRESETS:
        settings = build_settings(
            files.prison,
            files.ind,
            outdir=folder / f"out-{name}",
            config_path=files.audit,
            policy=name,
        )
        results[name] = run(settings)
    return results


def test_links_do_not_depend_on_the_policy(runs: dict[str, RunResult]) -> None:
    first = runs["2006"].links
    for result in runs.values():
        assert result.links.decisions == first.decisions
        assert result.links.prison_person == first.prison_person


def test_every_row_has_one_outcome_and_a_known_rule(runs: dict[str, RunResult]) -> None:
    for name, result in runs.items():
        assert len(result.classifications) == len(result.prison)
        assert result.totals.prison_rows_read == sum(result.totals.outcomes.values())
        for c in result.classifications:
            assert c.policy == load_policy(name).label
            assert all(part in RULES for part in c.rule.split("/"))


def test_wider_policy_only_adds_to_scope(runs: dict[str, RunResult]) -> None:
    base, wider = runs["2006"].classifications, runs["2006-eea"].classifications
    added = 0
    for a, b in zip(base, wider, strict=True):
        if a.in_scope:
            assert b.in_scope and b.outcome is a.outcome
        elif b.in_scope:
            added += 1
            # EU/EEA and Swiss nationals, and Irish nationals released before February 2007
            assert a.rule in ("exclude.eea_national", "exclude.irish") or a.rule.startswith(
                "exclude.swiss"
            )
    assert added > 0  # the sample has EU nationals on 24 months or more


def test_presets_differ_where_they_should(runs: dict[str, RunResult]) -> None:
    rules = {
        name: Counter(c.rule.split("/")[0] for c in r.classifications) for name, r in runs.items()
    }
    assert rules["2006"]["exclude.eea_national"] > 0
    assert rules["ukba-2007"]["scope.court_recommendation"] == 0
    assert rules["ukba-2007"]["exclude.eea_national"] == 0
    outcomes = {name: r.totals.outcomes for name, r in runs.items()}
    # Release dates and the as-of date do not depend on the policy.
    for name in PRESETS:
        assert outcomes[name][Outcome.NOT_RELEASED] == outcomes["2006"][Outcome.NOT_RELEASED]
