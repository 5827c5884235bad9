"""One small exception family, and the exit codes the CLI maps them to."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    INTERNAL = 1
    BAD_INPUT = 2


class ReconcileError(Exception):
    """Base of the project's own errors. The message is one line a non-programmer can act on."""

    exit_code = ExitCode.BAD_INPUT


class InputError(ReconcileError):
    """An input file cannot be used: says which file (sheet, row, column) and what to do."""


class ConfigError(ReconcileError):
    """The configuration or the command's options are wrong. May carry several problems."""

    def __init__(self, problems: list[str] | str) -> None:
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("; ".join(self.problems))


class OutputError(ReconcileError):
    """The outputs cannot be written (exists without --force, would overwrite an input, ...)."""


class IntegrityError(ReconcileError):
    """An internal check failed (control totals do not reconcile): write no evidence."""

    exit_code = ExitCode.INTERNAL
