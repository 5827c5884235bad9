"""Settings for the outputs ([output] in the config file)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OutputConfig:
    marking: str = "OFFICIAL-SENSITIVE"  # protective marking on every PDF page
    file_mode: int = 0o600
