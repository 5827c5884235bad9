"""Workbooks (.xlsx, .xlsm, .xls, .ods) through python-calamine, which never runs macros.

These functions run inside the isolated reader process (see isolate.py): whatever
the parser does on a crafted file, the caller gets an InputError back.
"""

from __future__ import annotations

from pathlib import Path

import python_calamine as calamine

from reconcile.errors import InputError
from reconcile.read.config import LimitsConfig
from reconcile.read.guards import check_cells
from reconcile.read.layout import Grid, check_cell_sizes

_STATES = (  # the parser's enum values cannot be dict keys
    (calamine.SheetVisibleEnum.Hidden, "hidden"),
    (calamine.SheetVisibleEnum.VeryHidden, "very hidden"),
)


def _hidden_state(visible: object) -> str:
    """ "hidden", "very hidden", or "" for a sheet shown."""
    return next((state for value, state in _STATES if visible == value), "")


_RESAVE = "the file may be damaged; open it in Excel and save it again as .xlsx"


def _fail(name: str, exc: BaseException) -> InputError:
    if isinstance(exc, calamine.PasswordError):
        return InputError(
            f"{name}: this workbook is encrypted (password-protected); open it in Excel, "
            "remove the password (File > Info > Protect Workbook) and save it again"
        )
    detail = " ".join(str(exc).split())[:200] or type(exc).__name__
    return InputError(f"{name}: the workbook cannot be read ({detail}); {_RESAVE}")


class Workbook:
    """An open workbook: its worksheet names, and each sheet's grid on request."""

    def __init__(self, path: Path, limits: LimitsConfig) -> None:
        self.name = path.name
        self.limits = limits
        try:
            with path.open("rb") as handle:
                self.book = calamine.CalamineWorkbook.from_filelike(handle)
            metadata = self.book.sheets_metadata
            self.sheet_names = [
                m.name for m in metadata if m.typ == calamine.SheetTypeEnum.WorkSheet
            ] or list(self.book.sheet_names)
            # Sheets hidden in the workbook: their names, "hidden" or "very hidden".
            self.hidden_sheets = {
                m.name: _hidden_state(m.visible) for m in metadata if _hidden_state(m.visible)
            }
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as exc:  # the parser's own errors and panics
            raise _fail(self.name, exc) from None

    def grid(self, sheet: str) -> Grid:
        try:
            data = self.book.get_sheet_by_name(sheet)
            check_cells(self.name, sheet, data.height, data.width, self.limits)
            rows: list[list[object]] = data.to_python(skip_empty_area=True)  # type: ignore[assignment]
            start = data.start or (0, 0)
            merged = data.merged_cell_ranges or []
        except InputError:
            raise
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as exc:
            raise _fail(self.name, exc) from None
        r0, c0 = start
        grid = Grid(
            sheet=sheet,
            rows=rows if not rows or type(rows[0]) is list else [list(r) for r in rows],
            first_row=r0 + 1,
            first_col=c0,
            merged=[(a - r0, b - c0, c - r0, d - c0) for (a, b), (c, d) in merged],
        )
        check_cell_sizes(grid, self.name, self.limits)
        return grid
