"""The 1M-person data set as workbooks, the prison extract split over sheets, and one run on it.

    .venv/bin/python bench/scale/xlsx_parts.py [--people 1000000] [--seed 11] [--no-run]

generate.py writes sizes whose prison extract is longer than one sheet (1,048,575 data rows)
as CSV files. An agency sending workbooks would split such an extract over sheets, each
with its header. This converts the cached CSV files of a size into prison.xlsx, its rows
over as many sheets as they need ("FNP discharges", "FNP discharges (2)", ...), and
ind.xlsx, in a folder beside the CSV data (made once, then kept). Its audit.toml reads every
sheet holding each extract as one (prison_sheet = "*"). Then one `reconcile run` on the
workbooks, timed as run.py times it: wall, CPU and the stages; with --pss also the peak of
the proportional set sizes (the memory target's measure, at some cost to the wall time).
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import shutil
import sys
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import CACHE, ScaleData, dataset, reconcile_once  # noqa: E402
from sheets import Cell  # noqa: E402

SHEET_DATA_ROWS = 1_048_575  # a sheet's 1,048,576 rows less its header
DATE_COLUMNS = {"Date of Birth", "Sentence Date", "Discharge Date", "DOB",
                "Date Referral Received", "Date Considered"}  # fmt: skip
NUMBER_COLUMNS = {"Sentence Length (months)"}
_DATE = re.compile(r"\d\d/\d\d/\d{4}")  # how the CSV sink writes a date cell


def _cell(header: str, text: str) -> Cell:
    """A CSV cell as the workbook holds it: dates and numbers typed, blanks empty."""
    if text == "":
        return None
    if header in DATE_COLUMNS and _DATE.fullmatch(text):  # else messy text, kept as text
        day, month, year = text.split("/")
        return date(int(year), int(month), int(day))
    if header in NUMBER_COLUMNS:
        try:
            return float(text) if "." in text else int(text)
        except ValueError:
            return text
    return text


def _convert(source: Path, target: Path, sheet: str) -> int:
    """One CSV extract into a workbook, a new sheet every SHEET_DATA_ROWS rows; the rows."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(target), {"constant_memory": True})
    day = book.add_format({"num_format": "dd/mm/yyyy"})
    rows = 0
    with source.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        ws = None
        r = 0
        for record in reader:
            if ws is None or r == SHEET_DATA_ROWS:
                parts = rows // SHEET_DATA_ROWS
                ws = book.add_worksheet(sheet if parts == 0 else f"{sheet} ({parts + 1})")
                ws.write_row(0, 0, header)
                r = 0
            r += 1
            rows += 1
            for c, (name, text) in enumerate(zip(header, record, strict=False)):
                value = _cell(name, text)
                if value is None:
                    continue
                if isinstance(value, date):
                    ws.write_datetime(r, c, value, day)
                elif isinstance(value, str):
                    ws.write_string(r, c, value)
                else:
                    ws.write_number(r, c, value)
    book.close()
    return rows


def as_workbooks(data: ScaleData) -> ScaleData:
    """The workbook copy of a CSV data set, made once."""
    folder = data.folder.with_name(data.folder.name + "_xlsx")
    if not (folder / "rows.txt").exists():
        partial = folder.with_name(folder.name + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir(parents=True)
        _convert(data.prison, partial / "prison.xlsx", "FNP discharges")
        _convert(data.ind, partial / "ind.xlsx", "CCT cases")
        settings = data.config.read_text().replace(
            "[columns.prison]", '[input]\nprison_sheet = "*"\nind_sheet = "*"\n\n[columns.prison]'
        )
        (partial / "audit.toml").write_text(settings)
        shutil.copy(data.folder / "rows.txt", partial / "rows.txt")
        shutil.rmtree(folder, ignore_errors=True)
        partial.rename(folder)
    return ScaleData(
        data.people,
        folder,
        folder / "prison.xlsx",
        folder / "ind.xlsx",
        data.truth,
        folder / "audit.toml",
        data.prison_rows,
        data.ind_rows,
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--people", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--cache", type=Path, default=CACHE)
    ap.add_argument("--no-run", action="store_true")
    ap.add_argument(
        "--pss", action="store_true", help="read the peak memory (proportional set sizes; slower)"
    )
    ap.add_argument("--out", type=Path, default=HERE.parent / "out" / "scale_xlsx")
    args = ap.parse_args()
    data = as_workbooks(dataset(args.people, args.seed, args.cache))
    print(f"{data.prison} and {data.ind}", flush=True)
    if args.no_run:
        return
    out = args.out / f"people{args.people}"
    result = reconcile_once(data, out, pss=args.pss)
    manifest = json.loads((out / "manifest.json").read_text())
    inputs = manifest["inputs"]
    sheets = {k: inputs[k].get("sheets") or [inputs[k]["sheet"]] for k in ("prison", "ind")}
    print(json.dumps({"people": args.people, "sheets": sheets, **result}, indent=1))


if __name__ == "__main__":
    main()
