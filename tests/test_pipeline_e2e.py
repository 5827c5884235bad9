"""The whole audit through the pipeline API, scored against the generator's ground truth."""

from __future__ import annotations

import csv
import tomllib
from collections import Counter
from pathlib import Path

import pytest

from reconcile.app import build_settings
from reconcile.model import FAILURE_OUTCOMES, Outcome
from reconcile.pipeline import run
from reconcile.result import RunResult
from reconcile.synth import generate_sample

ROOT = Path(__file__).resolve().parent.parent


def run_folder(folder: Path, out: Path, **options: object) -> RunResult:
    settings = build_settings(
        folder / "prison_extract.xlsx",
        folder / "ind_extract.xlsx",
        outdir=out,
        config_path=folder / "audit.toml",
        **options,  # type: ignore[arg-type]
    )
    return run(settings)


def truth_outcomes(folder: Path) -> dict[int, str]:
    with (folder / "truth.csv").open(encoding="utf-8", newline="") as fh:
        return {
            int(row["row"]): row["outcome"] for row in csv.DictReader(fh) if row["role"] == "prison"
        }


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, RunResult]:
    folder = tmp_path_factory.mktemp("e2e")
    generate_sample(folder, people=400, seed=21)
    return folder, run_folder(folder, folder / "out")


def test_every_row_has_exactly_one_outcome(generated: tuple[Path, RunResult]) -> None:
    _, result = generated
    totals = result.totals
    assert [c.prison_idx for c in result.classifications] == list(range(len(result.prison)))
    assert sum(totals.outcomes.values()) == totals.prison_rows_read == len(result.prison)
    assert totals.ind_linked + totals.ind_unlinked == totals.ind_rows_read == len(result.ind)
    assert totals.not_considered == sum(totals.outcomes[o] for o in FAILURE_OUTCOMES)
    assert all(c.reason and c.rule and c.policy for c in result.classifications)


def test_outcomes_agree_with_the_ground_truth(generated: tuple[Path, RunResult]) -> None:
    folder, result = generated
    truth = truth_outcomes(folder)
    got = {
        rec.prov.row: c.outcome.value
        for rec, c in zip(result.prison, result.classifications, strict=True)
    }
    assert set(got) == set(truth)
    # Every outcome occurs in this scenario.
    assert set(truth.values()) >= {o.value for o in Outcome if o is not Outcome.NEEDS_REVIEW}
    wrong = {row: (truth[row], got[row]) for row in truth if truth[row] != got[row]}
    decided_wrong = {row: pair for row, pair in wrong.items() if pair[1] != "needs_review"}
    assert len(decided_wrong) <= 0.005 * len(truth), decided_wrong
    assert len(wrong) <= 0.02 * len(truth), wrong


def test_rerun_is_identical(generated: tuple[Path, RunResult]) -> None:
    folder, result = generated
    again = run_folder(folder, folder / "out2")
    assert again.run_id == result.run_id
    assert again.classifications == result.classifications
    assert again.links.decisions == result.links.decisions


def test_policy_change_changes_scope_not_links(generated: tuple[Path, RunResult]) -> None:
    folder, result = generated
    other = run_folder(folder, folder / "out3", policy="2006-eea")
    assert other.links.decisions == result.links.decisions
    assert other.totals.in_scope >= result.totals.in_scope


def published_offences() -> dict[str, int]:
    with (ROOT / "seeds" / "offences_2006.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return {row["offence"]: int(row["count"]) for row in rows if row["offence"] != "Total"}


def test_sample_run_reproduces_the_published_figures(tmp_path: Path) -> None:
    result = run_folder(ROOT / "samples", tmp_path / "out")
    figures = tomllib.loads((ROOT / "seeds" / "figures_2006.toml").read_text(encoding="utf-8"))
    offences = published_offences()
    assert result.totals.not_considered == sum(offences.values()) == 1023
    failing = [
        (rec, c)
        for rec, c in zip(result.prison, result.classifications, strict=True)
        if c.outcome in FAILURE_OUTCOMES
    ]
    by_offence = Counter(rec.offence or "Not available" for rec, _ in failing)
    assert dict(by_offence) == offences
    court = sum(1 for rec, _ in failing if rec.court_recommended)
    assert court == 160
    assert str(160) in str(figures)
    assert result.totals.outcomes[Outcome.NEEDS_REVIEW] == 0


# Outcome counts of the committed samples under each preset (measured with the full pipeline;
# the 2006 column is the truth of samples/README.md; the other presets widen scope only).
PRESET_OUTCOMES = {
    "2006": (1073, 263, 416, 344, 0, 122, 420, 615),
    "2006-eea": (1089, 263, 431, 429, 0, 122, 420, 499),
    "ukba-2007": (1102, 256, 461, 511, 0, 122, 420, 381),
}


@pytest.mark.parametrize("preset", sorted(PRESET_OUTCOMES))
def test_sample_outcomes_under_each_preset(preset: str, tmp_path: Path) -> None:
    result = run_folder(ROOT / "samples", tmp_path / "out", policy=preset)
    counts = tuple(result.totals.outcomes[o] for o in Outcome)
    assert counts == PRESET_OUTCOMES[preset]
    assert result.policy.name == preset


def test_evidence_table_weights_add_up_to_the_total(generated: tuple[Path, RunResult]) -> None:
    """Every field the link weighed has its comparison and weight in the prisoner's evidence
    table, so the table's weights (with the prior odds) add up to its total."""
    from reconcile.write.evidence_prisoner import side_by_side

    _, result = generated
    checked = 0
    for idx, dec in enumerate(result.links.decisions):
        if dec.best is None or not dec.ind_idxs:
            continue
        rows = side_by_side(result, idx).rows  # the table's cells, as laid out
        weights = [row[-1] for row in rows[1:-1] if isinstance(row[-1], str) and row[-1]]
        total = float(rows[-1][-1])
        assert abs(sum(float(w) for w in weights) - total) <= 0.05 * (len(weights) + 1), rows
        assert any(row[0] == "Referral received" and row[-1] for row in rows), rows
        checked += 1
    assert checked > 100
