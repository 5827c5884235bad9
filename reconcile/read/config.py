"""Settings for reading the inputs ([input] and [limits] in the config file)."""

from __future__ import annotations

from dataclasses import dataclass, field

from reconcile.model import Role


@dataclass(frozen=True)
class InputConfig:
    prison_sheet: str = ""  # sheet name; "" = choose the sheet that looks like the data
    ind_sheet: str = ""
    encoding: str = ""  # CSV encoding override; "" = BOM, strict UTF-8, then cp1252
    # Where the override was set, for messages ("the --encoding option"); not a file setting.
    encoding_from: str = ""
    # The config file's name as given (audit.toml), "" without one: for messages, not a
    # file setting, and not part of the run's identity (left out of repr, which the run id
    # hashes: the same settings under another file name are the same run).
    config_file: str = field(default="", repr=False, compare=False)
    # canonical field -> header text in the file, overriding the synonyms
    prison_columns: dict[str, str] = field(default_factory=dict)
    ind_columns: dict[str, str] = field(default_factory=dict)
    # How numeric text dates are written: "day-first" (31/12/1975, UK) or "month-first"
    # (12/31/1975, US). Date cells and ISO dates (1975-12-31) read the same either way.
    prison_date_order: str = "day-first"
    ind_date_order: str = "day-first"
    # The unit of sentence lengths written as bare numbers: "" = the one the column's header
    # names ("Sentence (days)"), else months; or "months", "weeks", "days", "years".
    sentence_unit: str = ""
    # The share of a date, sentence or yes/no column's values that may be unreadable before
    # the run stops (the wrong column taken, most likely); 1 = never stop.
    unreadable_limit: float = 0.5

    def month_first(self, role: Role) -> bool:
        order = self.prison_date_order if role is Role.PRISON else self.ind_date_order
        return order == "month-first"


DATE_ORDERS = ("day-first", "month-first")
SENTENCE_UNITS = ("months", "weeks", "days", "years")


@dataclass(frozen=True)
class LimitsConfig:
    """Guards against hostile or broken files."""

    max_cells: int = 60_000_000  # cells in the used range of one sheet
    max_uncompressed_mb: int = 2_000  # total declared uncompressed size of a workbook's parts
    max_compression_ratio: int = 200  # uncompressed / compressed, per part
    max_cell_chars: int = 32_767  # Excel's own limit
    reader_timeout_s: int = 120
    reader_memory_mb: int = 6_000
    # The config file's name as given (audit.toml), "" without one: for messages, not a
    # file setting, and not part of the run's identity (left out of repr, which the run id
    # hashes: the same settings under another file name are the same run).
    config_file: str = field(default="", repr=False, compare=False)

    def where(self, key: str) -> str:
        """A limit as messages name it, and where its value comes from: the config file,
        or the default (and where to change it)."""
        setting = f"[limits] {key}"
        changed = getattr(self, key) != getattr(LimitsConfig, key)
        if not self.config_file:
            if changed:  # set by the caller, not read from a file
                return setting
            return f"{setting}, the default; set it in a config file given with --config"
        if changed:
            return f"{setting} in {self.config_file}"
        return f"{setting}, the default, as {self.config_file} does not change it"
