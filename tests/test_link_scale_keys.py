"""Smoke test of bench/scale/keys.py: candidate pairs and true pairs per blocking key."""

from __future__ import annotations

from pathlib import Path

from reconcile.link.blocking import Limits
from tests.bench_modules import load_scale


def test_pairs_per_key_on_a_small_extract(tmp_path: Path) -> None:
    keys = load_scale("keys")
    rows = keys.measure(300, Limits(cap=2500), cache=tmp_path)
    by_key = {row[1]: row for row in rows}
    union = by_key.pop("union")
    assert "prison number" in by_key and "two name words" in by_key
    assert all(row[0] == 300 for row in rows)
    # The union holds at least each key's pairs, and most true pairs.
    assert all(union[2] >= row[2] >= row[4] >= row[5] for row in by_key.values())
    assert union[4] >= max(row[4] for row in by_key.values())
    assert 0 < union[3] < 50
    assert list(tmp_path.glob("*/records-*.pkl"))  # the records are kept for the next run
    again = keys.measure(300, Limits(cap=2500), cache=tmp_path)
    assert again == rows
