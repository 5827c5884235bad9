"""Hypothesis settings shared by the fuzz tests: few examples in the suite, more on demand
through an environment variable (READ_FUZZ_EXAMPLES=2000 pytest tests/test_fuzz_read_today.py)."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings


def examples(variable: str, default: int) -> int:
    """How many examples a fuzz test draws: the environment variable's value, else
    ``default``."""
    return int(os.environ.get(variable, str(default)))


def fuzz(count: int, *checks: HealthCheck) -> settings:
    """``count`` examples, no deadline, and the inputs (whole files) allowed to be slow to make
    and large; ``checks``: further health checks not to raise."""
    return settings(
        max_examples=count,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, *checks],
    )
