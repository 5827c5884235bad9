"""Stage progress on stderr for terminals; silent otherwise (logs and pipes stay clean)."""

from __future__ import annotations

import time
from types import TracebackType

from rich.console import Console
from rich.status import Status

STAGE_LABELS = {
    "policy": "Loading the policy",
    "read": "Reading the extracts",
    "normalise": "Normalising names, dates and identifiers",
    "decisions": "Applying reviewers' decisions",
    "link": "Linking people across the extracts",
    "classify": "Classifying every prison row",
    "write": "Writing the workbook, evidence PDF and manifest",
}


class StageProgress:
    """Shows the current stage with a spinner and each finished stage with its time."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.console = Console(stderr=True)
        self._status: Status | None = None
        self._current: str | None = None
        self._started = 0.0

    def __enter__(self) -> StageProgress:
        if self.enabled:
            status = self.console.status("Starting")
            status.__enter__()
            self._status = status
        return self

    def stage(self, name: str) -> None:
        self._finish_current()
        self._current = name
        self._started = time.perf_counter()
        if self._status is not None:
            self._status.update(STAGE_LABELS.get(name, name) + " ...")

    def _finish_current(self) -> None:
        if self.enabled and self._current is not None:
            seconds = time.perf_counter() - self._started
            label = STAGE_LABELS.get(self._current, self._current)
            self.console.print(f"  {label}: {seconds:.1f} s")

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is None:
            self._finish_current()
        if self._status is not None:
            self._status.__exit__(exc_type, exc, tb)
