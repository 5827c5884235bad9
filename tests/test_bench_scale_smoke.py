"""Smoke test of the scale benchmark: its generator, its measuring and one tiny end-to-end run.

The benchmark itself (bench/scale/run.py at 20k, 200k and 1M people) runs on demand only.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from tests.bench_modules import load_scale

generate = load_scale("generate")
measure = load_scale("measure")
runner = load_scale("run")
splink_read = load_scale("splink_read")
rows = load_scale("rows")


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> object:
    return generate.dataset(300, seed=5, cache=tmp_path_factory.mktemp("cache"))


def test_generator_writes_both_extracts_and_the_truth(small: object) -> None:
    data = small
    assert data.prison.suffix == ".xlsx" and data.prison.exists() and data.ind.exists()
    with open(data.truth, encoding="utf-8") as fh:
        truth = list(csv.DictReader(fh))
    prison = [t for t in truth if t["role"] == "prison"]
    ind = [t for t in truth if t["role"] == "ind"]
    assert len(prison) == data.prison_rows and len(ind) == data.ind_rows
    assert 300 < data.prison_rows < 360 and 270 < data.ind_rows < 350  # ~1.08 and ~1.02 a person
    assert [int(t["row"]) for t in prison] == list(range(2, data.prison_rows + 2))
    assert {t["person"] for t in prison} & {t["person"] for t in ind}  # people in both files


def test_generator_is_seeded_and_cached(tmp_path: Path, small: object) -> None:
    again = generate.dataset(300, seed=5, cache=tmp_path)
    assert again.truth.read_bytes() == small.truth.read_bytes()
    stamp = again.prison.stat().st_mtime_ns
    assert generate.dataset(300, seed=5, cache=tmp_path).prison.stat().st_mtime_ns == stamp


@pytest.mark.parametrize(
    ("people", "fmt"), [(20_000, "xlsx"), (200_000, "xlsx"), (950_000, "xlsx"), (1_000_000, "csv")]
)
def test_extracts_beyond_one_sheet_are_csv(people: int, fmt: str) -> None:
    assert generate.file_format(people) == fmt


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        (date(1970, 1, 31), "1970-01-31"),
        ("31/01/1970", "1970-01-31"),
        ("31.01.70", "1970-01-31"),
        ("N/K", ""),
        (None, ""),
    ],
)
def test_splink_preparation_dates(value: object, iso: str) -> None:
    assert splink_read.iso_date(value) == iso


@pytest.mark.parametrize(
    ("line", "parent"),
    [("12 (python) S 7 12 12", 7), ("40 (my (odd) name) R 1 40 40", 1)],
)
def test_parent_pid_from_stat_lines(line: str, parent: int) -> None:
    assert measure.parent_of(line) == parent


def test_measure_sees_a_child_process_memory() -> None:
    code = (
        "import subprocess, sys; subprocess.run([sys.executable, '-c', "
        + repr("b = bytearray(80 * 2**20); import time; time.sleep(0.6)")
        + "])"
    )
    m = measure.measure([sys.executable, "-c", code], interval=0.02)
    assert m.returncode == 0 and 0.6 <= m.seconds < 10 and m.cpu_s < m.seconds
    assert m.peak_pss_mb >= 80 and m.peak_rss_mb >= m.peak_pss_mb * 0.9


def test_measure_stops_at_the_timeout() -> None:
    m = measure.measure([sys.executable, "-c", "import time; time.sleep(30)"], timeout=0.3)
    assert m.timed_out and m.seconds < 5


def test_measure_stops_at_the_memory_cap() -> None:
    code = "b = bytearray(300 * 2**20); import time; time.sleep(30)"
    m = measure.measure([sys.executable, "-c", code], interval=0.02, max_memory_mb=100)
    assert m.over_memory and not m.timed_out and m.seconds < 10


@pytest.mark.parametrize(
    ("now", "before", "expected"),
    [({"w": 4.0}, {"w": 2.0}, 2.0), ({"w": 4.0}, None, None), ({"w": 4.0}, {"w": 0}, None)],
)
def test_ratio_to_previous_size(now: dict, before: dict | None, expected: float | None) -> None:
    assert runner.ratio(now, before, "w") == expected


def test_timed_runs_skip_the_costly_proportional_sizes() -> None:
    code = "import time; b = bytearray(60_000_000); time.sleep(0.5)"
    m = measure.measure([sys.executable, "-c", code], interval=0.02, pss=False)
    assert m.peak_rss_mb > 50 and m.peak_pss_mb == 0


def test_medians_field_by_field_and_stage_by_stage() -> None:
    runs = [{"wall_s": w, "stages": {"read": w / 2}} for w in (3.0, 1.0, 2.0)]
    assert runner.median_run(runs) == {"wall_s": 2.0, "stages": {"read": 1.0}, "runs": 3}


def test_runner_end_to_end_at_300_people(tmp_path: Path, small: object) -> None:
    cache = small.folder.parent
    args = ["--people", "300", "--seed", "5", "--repeat", "1", "--no-splink", "--probe-rounds", "0"]
    results = runner.main([*args, "--cache", str(cache), "--out", str(tmp_path)])
    (r,) = results
    assert r["probe_before_s"] is None and r["probe_after_s"] is None
    assert r["tool"] == "reconcile" and r["prison_rows"] == small.prison_rows
    assert r["wall_s"] > 0 and r["cpu_s"] > 0.5 and r["peak_pss_mb"] > 20
    assert r["memory_run_wall_s"] > 0 and r["peak_rss_mb"] >= r["peak_pss_mb"]
    assert r["candidate_pairs"] > 0
    assert {"read", "normalise", "link", "classify", "write"} <= set(r["stages"])
    assert (tmp_path / "people300" / "reconcile" / "outcomes.csv").exists()
    assert (tmp_path / "results.json").exists()


def test_the_probe_times_its_work_once_a_round() -> None:
    probe = load_scale("probe")
    assert 0 < probe.machine_seconds(1) < 60
    assert runner._probe(0) is None
    assert runner._probe_text({"probe_before_s": 1.3, "probe_after_s": 1.25}) == "1.30 / 1.25"
    assert runner._probe_text({"probe_before_s": None, "probe_after_s": None}) == ""


def test_link_growth_links_a_saved_result_in_a_fresh_process(tmp_path: Path) -> None:
    import pickle

    from tests.factories import make_large_result

    growth = load_scale("link_growth")
    saved = tmp_path / "result.pickle"
    saved.write_bytes(pickle.dumps(make_large_result(40)))
    answer = growth.run_once(saved)
    assert answer["rows"] == 80 and answer["pairs"] > 0
    assert set(growth.PARTS) <= set(answer) and answer["features"] > 0


def test_read_step_times_each_way_at_300_people(small: object) -> None:
    read_step = load_scale("read_step")
    data = small.prison.parent
    for way in read_step.WAYS:
        assert read_step._once(data, way) > 0


def test_decide_split_links_both_ways_at_300_people(small: object) -> None:
    script = Path(__file__).resolve().parents[1] / "bench" / "scale" / "decide_split.py"
    command = [sys.executable, str(script), "--data", str(small.prison.parent), "--repeat", "1"]
    out = subprocess.run(command, capture_output=True, text=True, check=True, timeout=300)
    lines = [json.loads(line) for line in out.stdout.splitlines()[1:]]
    assert [line["way"] for line in lines] == ["two cores", "one core"]
    assert all(line["first round s"] >= 0 and line["page faults"] > 0 for line in lines)


def test_features_split_builds_both_ways_at_300_people(small: object) -> None:
    """The child is used whatever the size (the script lowers the threshold), and both ways
    must give the same features (the script stops otherwise)."""
    script = Path(__file__).resolve().parents[1] / "bench" / "scale" / "features_split.py"
    command = [sys.executable, str(script), "--data", str(small.prison.parent), "--repeat", "1"]
    out = subprocess.run(command, capture_output=True, text=True, check=True, timeout=300)
    lines = [json.loads(line) for line in out.stdout.splitlines()[1:]]
    assert [line["way"] for line in lines] == ["in turn", "two cores"]
    assert [line["translated"] for line in lines] == [False, True]
