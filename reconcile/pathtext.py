"""File names as the outputs can record them: a name made on another system may hold bytes
that are not UTF-8 (Python keeps them as lone surrogates), which no workbook, CSV, PDF or
manifest can hold. Such a path is refused before any work, named with U+FFFD in their place."""

from __future__ import annotations

from pathlib import Path

from reconcile.errors import InputError, ReconcileError


def shown(text: str) -> str:
    """Text from the file system as it can be shown: bytes that are not UTF-8 as U+FFFD."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def path_text_problem(path: Path, what: str, advice: str) -> str | None:
    """The error message when ``path`` holds bytes that are not UTF-8, else None."""
    text = str(path)
    if shown(text) == text:
        return None
    return (
        f"{shown(text)}: the {what}'s path holds characters that are not UTF-8 text (shown as "
        f"\ufffd), which the outputs cannot record; {advice}"
    )


def check_path_text(
    path: Path, what: str = "file", error: type[ReconcileError] | None = None
) -> None:
    """Raise ``error`` (InputError by default) when ``path`` holds bytes that are not UTF-8."""
    problem = path_text_problem(path, what, f"rename the {what} or its folder")
    if problem is not None:
        raise (error or InputError)(problem)
