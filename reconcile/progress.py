"""Stage progress bars on stderr for terminals; silent otherwise (logs and pipes stay clean)."""

from __future__ import annotations

from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

STAGE_LABELS = {
    "policy": "Loading the policy",
    "read": "Reading the extracts",
    "normalise": "Normalising names, dates and identifiers",
    "decisions": "Applying reviewers' decisions",
    "link": "Linking people across the extracts",
    "classify": "Classifying every prison row",
    "totals": "Checking the control totals",
    "write": "Writing the workbook, evidence PDF and manifest",
    "compare": "Comparing the outputs with the archived ones",
}


class StageProgress:
    """One bar per stage: it pulses while the stage runs and fills, with its time, when done."""

    def __init__(self, enabled: bool, console: Console | None = None) -> None:
        self.enabled = enabled
        self.progress: Progress | None = None
        if enabled:
            self.progress = Progress(
                SpinnerColumn(finished_text="[green]done"),
                TextColumn("{task.description}"),
                BarColumn(),
                TimeElapsedColumn(),
                console=console or Console(stderr=True),
                transient=False,
            )
        self._current: TaskID | None = None

    def __enter__(self) -> StageProgress:
        if self.progress is not None:
            self.progress.start()
        return self

    def stage(self, name: str) -> None:
        """A new stage begins (the one before it is finished)."""
        self._finish_current()
        if self.progress is not None:
            self._current = self.progress.add_task(STAGE_LABELS.get(name, name), total=None)

    def _finish_current(self) -> None:
        if self.progress is not None and self._current is not None:
            self.progress.update(self._current, total=1, completed=1)
            self.progress.stop_task(self._current)
            self._current = None

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is None:
            self._finish_current()
        if self.progress is not None:
            self.progress.stop()
