"""The evidence PDF's text as pdftotext (poppler-utils) lays it out, for the tests that read
it: the whole text, or its pages."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest


def have_pdftotext() -> bool:
    return shutil.which("pdftotext") is not None


def pdf_text(path: Path) -> str:
    """The PDF's text, pages parted by form feeds; the test is skipped without pdftotext."""
    if not have_pdftotext():
        pytest.skip("pdftotext (poppler-utils) is not installed")
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout


def pdf_pages(path: Path) -> list[str]:
    """The text of each page."""
    return pdf_text(path).split("\f")[:-1]
