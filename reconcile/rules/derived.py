"""What a policy file based on a preset changes without saying so.

A ``[thresholds]`` value replaces the preset's whole value for its class: ``irish = 30`` (or
``irish = { months = 30 }``) over the preset's ``irish = { months = 24, until = 2007-02-01 }``
drops the end date too, and the new threshold applies to every release date. That may be
meant, or the end date may have been forgotten: the loader says which dates were dropped and
how to keep them, as a note the run prints and records, and ``policy show`` prints.
"""

from __future__ import annotations

from typing import Any

from reconcile.rules.outcome import day
from reconcile.rules.policy import _PLURALS, Period, months_text
from reconcile.rules.render import toml_value

_DATED = ("from", "until")


def _period(value: dict[str, Any]) -> Period:
    return Period(value.get("from"), value.get("until"))


def _preset_said(months: Any, period: Period) -> str:
    return f"{months_text(months)} months for those {period.inside()}"


def dropped_dates(
    preset: dict[str, Any], file: dict[str, Any], file_name: str, base: str
) -> list[str]:
    """A note for each [thresholds] value of ``file`` (a checked policy file) that replaces a
    dated value of the preset ``base`` (``preset``, its checked tables) and loses its first
    or last day: what the preset had, what now applies, and what to write to keep the dates."""
    theirs = preset.get("thresholds", {})
    notes = []
    for cls, value in file.get("thresholds", {}).items():
        old = theirs.get(cls)
        if not isinstance(old, dict) or not any(k in old for k in _DATED):
            continue
        mine = value if isinstance(value, dict) else {}
        lost = [k for k in _DATED if k in old and k not in mine]
        if not lost:
            continue
        head = (
            f"policy {file_name}: [thresholds] {cls} = {toml_value(value)} replaces the preset "
            f"{base}'s dated value ({_preset_said(old['months'], _period(old))})"
        )
        if value is False:
            notes.append(
                f"{head}; {_PLURALS[cls]} are out of scope on sentence length at every release "
                f"date, those the preset's threshold covered too. To keep the preset's "
                f"threshold, leave {cls} out of the file"
            )
            continue
        kept = {"months": mine.get("months", value), **{k: mine[k] for k in _DATED if k in mine}}
        now = _period(kept)
        applies = (
            "applies at every release date"
            if now == Period()
            else f"applies to those {now.inside()}"
        )
        keep = {**kept, **{k: old[k] for k in lost}}
        keep = {k: keep[k] for k in ("months", *_DATED) if k in keep}
        days = " and ".join(f"{k} = {old[k].isoformat()} ({day(old[k])})" for k in lost)
        notes.append(
            f"{head}; the new value {applies}. To keep the preset's {days}, write "
            f"{cls} = {toml_value(keep)}"
        )
    return notes
