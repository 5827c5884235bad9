"""Read stage: agency spreadsheets (xlsx, xlsm, xls, ods, csv, tsv) -> column-oriented Tables.

    load_table(path, role, config, *, require=None) -> (Table, findings)
    inspect_file(path, role, config) -> Inspection;  render_inspection(ins) -> str
    sha256_file(path) -> str

How a file is read, and where each step lives:
    sniff      what the file is, by content (HTML or CSV saved as .xls, encrypted, not a
               spreadsheet, empty, missing); one line for each refusal
    guards     cheap checks before parsing a zip-based workbook: declared sizes and
               compression ratios, each sheet's declared used range, ODS content well-formed
    isolate    workbooks are parsed in a forked child with a memory limit and a timeout, so a
               parser crash or hang on a crafted file becomes an InputError
    workbook   python-calamine (never runs macros) -> Grid of raw cells
    csvfile    encoding cascade (BOM, strict UTF-8, cp1252; or the configured one) and
               delimiter detection -> Grid
    layout     header row under titles, data rows, trailing totals and notes set aside
    synonyms   header synonyms per canonical field; mapping: header cells -> fields
    cells      the one place where cell values are normalised (and packed for the trip back
               from the child process)
    extract    sheet choice -> header -> layout -> mapping -> packed columns
    files      checks, then a workbook in a reader child, a CSV in-process (in a forked
               child when read with another file); read_files starts every child first, so
               both extracts are parsed at the same time
    loader     load_table / load_tables: packed columns -> Table, with the findings;
               load_tables_built builds each file's records as soon as it is read
"""

from reconcile.read.inspect import Inspection, inspect_file, render_inspection
from reconcile.read.loader import load_table, sha256_file

__all__ = ["Inspection", "inspect_file", "load_table", "render_inspection", "sha256_file"]
