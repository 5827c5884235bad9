"""Read stage: agency spreadsheets (xlsx, xlsm, xls, ods, csv, tsv) -> column-oriented Tables.

load_table(path, role, config, *, require=None) -> (Table, findings)
inspect_file(path, role, config) -> Inspection; render_inspection(ins) -> str
sha256_file(path) -> str
"""

from reconcile.read.inspect import Inspection, inspect_file, render_inspection
from reconcile.read.loader import load_table, sha256_file

__all__ = ["Inspection", "inspect_file", "load_table", "render_inspection", "sha256_file"]
