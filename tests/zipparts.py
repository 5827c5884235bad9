"""Workbooks and ODS files edited part by part, for tests that need what openpyxl and the ODS
writer do not write: hidden rows as LibreOffice writes them, crafted XML, hostile parts."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path


def rewrite(source: Path, target: Path, edit: Callable[[str, bytes], bytes]) -> Path:
    """``target``: ``source`` with each part's bytes passed through ``edit(name, data)``."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in zin.infolist():
            out.writestr(info.filename, edit(info.filename, zin.read(info.filename)))
    return target


def replace_part(path: Path, name: str, edit: Callable[[str], str]) -> Path:
    """``path`` rewritten in place with its part ``name`` (UTF-8 text) passed through
    ``edit``."""
    parts: dict[str, bytes] = {}
    with zipfile.ZipFile(path) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    parts[name] = edit(parts[name].decode()).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, data in parts.items():
            archive.writestr(part, data)
    return path
