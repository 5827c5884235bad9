"""links.csv for `reconcile match`: one row per link (or per scored candidate pair)."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from reconcile.write.safe import atomic_write, csv_safe


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.6g}"
    return csv_safe(str(value))


def write_links_csv(path: Path, rows: Sequence[dict[str, object]], mode: int = 0o600) -> None:
    """Write the rows (dicts with the same keys, in order) as RFC 4180 CSV, atomically."""
    columns: list[str] = list(rows[0]) if rows else ["status"]
    with atomic_write(path, mode) as tmp, tmp.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\r\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_text(row.get(c)) for c in columns])
