"""Both extracts read at the same time: same tables as one by one, same first error, no
reader process left behind."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reconcile.errors import InputError
from reconcile.model import Role
from reconcile.read import files as files_module
from reconcile.read import load_table
from reconcile.read.loader import load_tables
from reconcile.settings import Config, load_config

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
PRISON, IND = SAMPLES / "prison_extract.xlsx", SAMPLES / "ind_extract.xlsx"


def _children() -> set[int]:
    """Live child processes of this process."""
    out: set[int] = set()
    for task in Path(f"/proc/{os.getpid()}/task").iterdir():
        text = (task / "children").read_text()
        out |= {int(pid) for pid in text.split()}
    return out


@pytest.fixture(scope="module")
def config() -> Config:
    return load_config(SAMPLES / "audit.toml")


def test_tables_are_those_of_one_by_one_reading(config: Config) -> None:
    together = load_tables([(PRISON, Role.PRISON), (IND, Role.IND)], config)
    alone = [load_table(PRISON, Role.PRISON, config), load_table(IND, Role.IND, config)]
    for (table, findings), (table1, findings1) in zip(together, alone, strict=True):
        assert table.columns == table1.columns and table.row_numbers == table1.row_numbers
        assert table.source == table1.source and findings == findings1


def test_a_csv_and_a_workbook_together(tmp_path: Path, config: Config) -> None:
    csv_path = tmp_path / "ind.csv"
    csv_path.write_text(
        "HO Ref,Family Name,Given Names,DOB,Nationality,Prison No,Date Referral Received,"
        "Date Considered,Decision\nA1234567,Ahmed,Ismail,08/01/1973,Somali,,01/02/2004,,\n",
        encoding="utf-8",
    )
    (_, _), (ind, _) = load_tables([(PRISON, Role.PRISON), (csv_path, Role.IND)], config)
    assert ind.source.format == "csv" and len(ind) == 1


def _broken(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    return path


@pytest.mark.parametrize(
    ("prison_broken", "ind_broken", "blamed"),
    [(True, False, "prison.xlsx"), (False, True, "ind.xlsx"), (True, True, "prison.xlsx")],
)
def test_the_first_file_that_fails_is_reported(
    tmp_path: Path, config: Config, prison_broken: bool, ind_broken: bool, blamed: str
) -> None:
    prison = _broken(tmp_path, "prison.xlsx") if prison_broken else PRISON
    ind = _broken(tmp_path, "ind.xlsx") if ind_broken else IND
    with pytest.raises(InputError) as caught:
        load_tables([(prison, Role.PRISON), (ind, Role.IND)], config)
    assert str(caught.value).startswith(blamed + ":")
    assert not _children()


def _fails_in_reader(path: Path, *_args: object) -> object:
    raise InputError(f"{path.name}: failed in the reader")


def test_a_reader_failure_comes_before_a_later_files_check(
    tmp_path: Path, config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The prison workbook fails inside its reader process while the IND file fails its
    checks before reading: the prison file's error is the one reported, as when read in turn."""
    monkeypatch.setattr(files_module, "_extract_workbook", _fails_in_reader)
    with pytest.raises(InputError) as caught:
        load_tables([(PRISON, Role.PRISON), (tmp_path / "missing.xlsx", Role.IND)], config)
    assert str(caught.value) == "prison_extract.xlsx: failed in the reader"
    assert not _children()


def test_no_reader_is_left_running_after_a_later_failure(
    tmp_path: Path, config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(InputError) as caught:
        load_tables([(PRISON, Role.PRISON), (_broken(tmp_path, "ind.xlsx"), Role.IND)], config)
    assert str(caught.value).startswith("ind.xlsx:")
    assert not _children()
