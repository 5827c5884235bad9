"""Smoke test of bench/accuracy/aliases.py: a 300-people sample, some prisoners given a new
name with the old one as an alias, run end to end twice; the aliased rows still link."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench" / "accuracy"
sys.path.insert(0, str(BENCH))

aliases = pytest.importorskip("aliases")


def test_aliases_bench_runs_and_the_aliased_rows_link(tmp_path: Path) -> None:
    m = aliases.measure(300, 7, 0.03, cache=tmp_path)
    assert m.changes and len({c.row for c in m.changes}) == len(m.changes)
    assert all(c.form in aliases.MARKERS and c.before in c.after for c in m.changes)
    assert m.forms[-1][2] == len(m.changes) == m.forms[-1][3]  # every alias read as written
    original, aliased = m.runs
    assert original[0] == "original" and original[5] == len(m.changes)
    # Linked through the alias: every changed row still reaches its own IND record.
    assert aliased[0] == "aliased" and aliased[5] == len(m.changes)
