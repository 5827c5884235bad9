"""What a Splink user does first: read both extracts and write the tables Splink links.

    .venv/bin/python bench/scale/splink_read.py PRISON IND OUT_DIR

Reads the xlsx files with openpyxl in read-only mode (the engine pandas.read_excel uses for
xlsx; CSV files with the csv module), keeps the columns the comparison uses, and writes
OUT_DIR/prison.csv and OUT_DIR/ind.csv in the layout of bench/accuracy/splink_link.py
(unique_id = 0-based data row, ISO dates; the custody and referral dates for the referral
timing comparison). The preparation is the least a careful user would
do so that Splink's date comparison works: date cells to ISO, day-first text dates parsed,
names upper-cased; nationality is kept as written (Splink compares it exactly).
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import openpyxl

COLUMNS = {  # splink column -> header in each extract
    "prison": {"prison_number": "NOMS No", "surname": "Surname", "forenames": "Forename(s)",
               "dob": "Date of Birth", "nationality": "Nationality",
               "sentence_start": "Sentence Date", "release_date": "Discharge Date"},
    "ind": {"prison_number": "Prison No", "surname": "Family Name",
            "forenames": "Given Names", "dob": "DOB", "nationality": "Nationality",
            "referral_date": "Date Referral Received"},
}  # fmt: skip
DATES = ("dob", "sentence_start", "release_date", "referral_date")


def iso_date(value: object) -> str:
    """A date cell or day-first text (31/01/1970, 31.01.70) as ISO; anything else blank."""
    if isinstance(value, datetime | date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, str):
        for fmt in ("%d/%m/%Y", "%d.%m.%y"):
            try:
                return datetime.strptime(value.strip(), fmt).strftime("%Y-%m-%d")
            except ValueError:
                continue
    return ""


def rows(path: Path) -> Iterator[tuple[object, ...]]:
    """Every row of the file's first sheet (xlsx) or of the CSV file, header first."""
    if path.suffix == ".csv":
        with open(path, newline="", encoding="utf-8") as fh:
            yield from (tuple(r) for r in csv.reader(fh))
        return
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        yield from book.worksheets[0].iter_rows(values_only=True)
    finally:
        book.close()


def convert(path: Path, role: str, out: Path) -> int:
    """Write ``out`` from ``path``; the number of data rows."""
    it = rows(path)
    header = [str(h) for h in next(it)]
    where = {col: header.index(name) for col, name in COLUMNS[role].items()}
    count = 0
    with open(out, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["unique_id", *where])
        for count, row in enumerate(it, start=1):
            out_row: list[object] = [count - 1]
            for col, k in where.items():
                value = row[k]
                if col in DATES:
                    out_row.append(iso_date(value))
                elif col == "prison_number":
                    out_row.append(str(value or "").upper().replace(" ", ""))
                elif col in ("surname", "forenames"):
                    out_row.append(str(value or "").upper())
                else:
                    out_row.append(str(value or ""))
            w.writerow(out_row)
    return count


def main() -> None:
    prison, ind, out = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    out.mkdir(parents=True, exist_ok=True)
    print(convert(prison, "prison", out / "prison.csv"), convert(ind, "ind", out / "ind.csv"))


if __name__ == "__main__":
    main()
