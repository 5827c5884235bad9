"""Settings for the linker ([linker] in the config file)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LinkerConfig:
    link_probability: float = 0.80  # at or above: linked (measured in bench/README.md)
    review_probability: float = 0.50  # at or above (and below link): needs review
    ambiguity_margin: float = 3.0  # a different person within this many weight points: ambiguous
    em_iterations: int = 25
    u_sample_pairs: int = 200_000
    dedupe_probability: float = 0.95  # rows of one file at or above this are one person
    block_cap: int = 2_500  # a prison number shared by more candidate pairs is skipped
    # Weigh when the IND referral was made against the prisoner's custody (false: the
    # referral level is "missing" for every pair and weighs nothing).
    referral_timing: bool = True
