"""A name written in a script that leaves most vowels unwritten (Arabic, Hebrew) is compared as
its consonants in Latin letters, which rarely meet the same name spelt in Latin letters in the
other extract: each such cell is a finding, so that the auditor knows which rows to check."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from reconcile.cli import app
from reconcile.model import Role
from reconcile.normalise.fields import UNWRITTEN_VOWELS, abjad
from reconcile.read.inspect import inspect_file
from reconcile.settings import Config

runner = CliRunner()


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("\u0627\u0644\u062d\u0633\u0646", "Arabic"),  # Al-Hasan
        ("Ali \u0645\u062d\u0645\u062f", "Arabic"),  # Latin and Arabic in one cell
        ("\u06a9\u0631\u06cc\u0645\u06cc", "Arabic"),  # Persian letters are Arabic script's
        ("\u05db\u05d4\u05df", "Hebrew"),  # Cohen
        ("\u071d\u0718\u071a\u0722\u0722", "Syriac"),
        ("\u0418\u0432\u0430\u043d\u043e\u0432", None),  # Ivanov: Cyrillic writes its vowels
        ("\u738b", None),  # Wang
        ("Wi\u015bniewski", None),
        ("Nguy\u1ec5n", None),
        ("SMITH", None),
        ("", None),
        ("\u0660\u0661\u0662", None),  # Arabic-Indic digits: no letter
    ],
)
def test_which_names_are_written_without_their_vowels(text: str, script: str | None) -> None:
    assert abjad(text) == script


def _extract(path: Path, surnames: list[str], forenames: list[str]) -> Path:
    header = "Prison number,Surname,Forenames,Date of birth,Nationality,Release date,Sentence"
    lines = [header]
    for k, (surname, forename) in enumerate(zip(surnames, forenames, strict=True)):
        lines.append(f"A{1000 + k}AA,{surname},{forename},01/02/1980,Iraq,01/03/2005,24 months")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_each_cell_in_such_a_script_is_a_finding_naming_its_row_and_column(
    tmp_path: Path,
) -> None:
    prison = _extract(
        tmp_path / "p.csv",
        ["\u0627\u0644\u062d\u0633\u0646", "SMITH", "\u0418\u0432\u0430\u043d\u043e\u0432"],
        ["\u0645\u062d\u0645\u062f", "John", "Ivan"],
    )
    found = inspect_file(prison, Role.PRISON, Config()).cell_findings
    said = sorted((f.row, f.column, f.problem, f.consequence) for f in found)
    assert said == [
        (
            2,
            "Forenames",
            "forenames '\u0645\u062d\u0645\u062f' is written in Arabic script, which writes "
            "few vowels",
            UNWRITTEN_VOWELS,
        ),
        (
            2,
            "Surname",
            "surname '\u0627\u0644\u062d\u0633\u0646' is written in Arabic script, which writes "
            "few vowels",
            UNWRITTEN_VOWELS,
        ),
    ]


def test_the_run_lists_them_and_says_what_to_do(tmp_path: Path) -> None:
    prison = _extract(tmp_path / "p.csv", ["\u05db\u05d4\u05df", "SMITH"], ["David", "John"])
    shown = runner.invoke(app, ["inspect", str(prison), "--role", "prison"])
    assert shown.exit_code == 0, shown.output
    text = " ".join(shown.output.split())
    assert "surname is written in Hebrew script, which writes few vowels: 1 cell" in text
    assert "give the name as the other extract spells it, or check these rows by hand" in text
