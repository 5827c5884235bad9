"""Settings for the outputs ([output] in the config file)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OutputConfig:
    marking: str = "OFFICIAL-SENSITIVE"  # protective marking on every PDF page
    file_mode: int = 0o600
    # Evidence sections in the PDF (one per listed prisoner, two or three to a page): every listed
    # prisoner of an audit the size of the 2006 one (1,023). A national run lists tens of
    # thousands: beyond this many, the sections go to the first prisoners of each outcome in
    # turn, the cover and the summary say so, and the listings and the workbook stay complete.
    evidence_max_sections: int = 2_000
