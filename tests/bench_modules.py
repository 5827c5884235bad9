"""Load a benchmark script as a module for its smoke test (the benchmarks are not a package,
and bench/accuracy and bench/scale both have a generate.py: each is loaded under its own
name)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

SCALE = Path(__file__).resolve().parents[1] / "bench" / "scale"


def load_scale(name: str) -> ModuleType:
    """bench/scale/<name>.py as module scale_<name>."""
    spec = importlib.util.spec_from_file_location(f"scale_{name}", SCALE / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(SCALE))
    try:
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(SCALE))
    return module
