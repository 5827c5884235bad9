"""Smoke test of the writers' timing script (bench/write_scale.py) at a tiny size; the timing
runs themselves are on demand:

    python bench/write_scale.py --rows 200000 --repeat 3
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "bench" / "write_scale.py"


def _bench():
    spec = importlib.util.spec_from_file_location("write_scale", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("write_scale", module)
    spec.loader.exec_module(module)
    return module


def test_bench_measures_every_writer_in_its_own_process() -> None:
    bench = _bench()
    for writer in bench.WRITERS:
        got = bench.run_once(writer, 40)
        assert got["wall"] > 0 and got["peak_mb"] > 0
        assert got["bytes"], writer
        if writer == "pdf":
            assert got["pages"] >= 1
