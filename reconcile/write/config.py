"""Settings for the outputs ([output] in the config file)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OutputConfig:
    marking: str = "OFFICIAL-SENSITIVE"  # protective marking on every PDF page
    file_mode: int = 0o600
    # Evidence sections in the PDF (one per listed prisoner, about half a page each); beyond
    # this many the PDF says so and the workbook remains the complete listing.
    evidence_max_sections: int = 10_000
