"""Both extracts read at the same time: same tables as one by one, same first error, no
reader process left behind."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path

import openpyxl
import pytest

from reconcile.errors import InputError
from reconcile.model import Finding, Role, Table
from reconcile.normalise.records import build_ind_records, build_prison_records
from reconcile.read import files as files_module
from reconcile.read import load_table
from reconcile.read.loader import load_tables, load_tables_built
from reconcile.settings import Config, load_config
from tests.test_forked import _count_forks, _dying_in_a_child
from tests.test_read_corpus import (
    IND_HEADER,
    IND_ROWS,
    PRISON_HEADER,
    PRISON_ROWS,
    write_csv,
    write_xlsx,
)

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


# Building each extract's records as soon as it is read (load_tables_built): the IND records
# are built while the prison workbook is still being parsed, with the errors of reading both
# and then building each in turn.


def _records(calls: list[str], fail: set[str] | None = None) -> list[Callable[[Table], object]]:
    def build(role: Role, table: Table) -> object:
        calls.append(role.value)
        if role.value in (fail or set()):
            raise InputError(f"{table.source.file}: cannot be built")
        if role is Role.PRISON:
            return build_prison_records(table, reference=date(2006, 3, 31))
        return build_ind_records(table, reference=date(2006, 3, 31))

    return [partial(build, Role.PRISON), partial(build, Role.IND)]


def test_built_tables_are_those_of_reading_then_building(config: Config) -> None:
    calls: list[str] = []
    built = load_tables_built([(PRISON, Role.PRISON), (IND, Role.IND)], config, _records(calls))
    assert calls == ["ind", "prison"]  # the later file first, while the first is parsed
    tables = load_tables([(PRISON, Role.PRISON), (IND, Role.IND)], config)
    expected = [
        build_prison_records(tables[0][0], reference=date(2006, 3, 31)),
        build_ind_records(tables[1][0], reference=date(2006, 3, 31)),
    ]
    for (source, findings, records), (table, read_findings), want in zip(
        built, tables, expected, strict=True
    ):
        assert source == table.source and findings == read_findings and records == want
    assert not _children()


def test_on_started_is_called_once_both_readers_run_before_any_is_waited_for(
    config: Config,
) -> None:
    calls: list[str] = []
    seen: list[set[int]] = []

    def started() -> None:
        calls.append("started")
        seen.append(_children())

    load_tables_built(
        [(PRISON, Role.PRISON), (IND, Role.IND)], config, _records(calls), on_started=started
    )
    assert calls == ["started", "ind", "prison"]
    assert len(seen[0]) == 2  # both workbooks being parsed in children
    assert not _children()


def test_on_started_is_not_called_when_a_file_cannot_be_read(tmp_path: Path) -> None:
    calls: list[str] = []
    with pytest.raises(InputError):
        load_tables_built(
            [(tmp_path / "missing.xlsx", Role.PRISON), (IND, Role.IND)],
            load_config(SAMPLES / "audit.toml"),
            _records(calls),
            on_started=lambda: calls.append("started"),
        )
    assert "started" not in calls


def _no_release_column(tmp_path: Path) -> Path:
    """The prison sample without its release-date column: refused once read."""
    book = openpyxl.load_workbook(PRISON)
    sheet = book.worksheets[0]
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value == "Discharge Date":
                sheet.delete_cols(cell.column)
                book.save(tmp_path / "prison.xlsx")
                return tmp_path / "prison.xlsx"
    raise AssertionError("no release-date header in the sample")


def test_a_refused_table_comes_before_a_file_that_cannot_be_built(tmp_path: Path) -> None:
    """The IND file is built (and fails) before the prison file is refused; reading both
    and then building each would report the prison file's refusal, and so does this."""
    calls: list[str] = []
    requests = [(_no_release_column(tmp_path), Role.PRISON), (IND, Role.IND)]
    with pytest.raises(InputError) as caught:
        load_tables_built(requests, Config(), _records(calls, fail={"ind"}))
    assert str(caught.value).startswith("prison.xlsx, sheet ")
    assert "no column for release date" in str(caught.value)
    assert calls == ["ind"]
    assert not _children()


@pytest.mark.parametrize(
    ("fail", "blamed"),
    [
        ({"ind"}, "ind_extract.xlsx"),
        ({"prison"}, "prison_extract.xlsx"),
        ({"prison", "ind"}, "prison_extract.xlsx"),
    ],
)
def test_the_first_file_that_cannot_be_built_is_reported(
    config: Config, fail: set[str], blamed: str
) -> None:
    calls: list[str] = []
    with pytest.raises(InputError) as caught:
        load_tables_built([(PRISON, Role.PRISON), (IND, Role.IND)], config, _records(calls, fail))
    assert str(caught.value) == f"{blamed}: cannot be built"
    assert calls == ["ind", "prison"]
    assert not _children()


def test_a_file_that_cannot_be_read_comes_before_any_building(
    tmp_path: Path, config: Config
) -> None:
    calls: list[str] = []
    requests = [(_broken(tmp_path, "prison.xlsx"), Role.PRISON), (IND, Role.IND)]
    with pytest.raises(InputError) as caught:
        load_tables_built(requests, config, _records(calls, fail={"ind"}))
    assert str(caught.value).startswith("prison.xlsx:")
    assert not _children()


# Two CSV files read together: each parsed in a forked child, so both at once.


def _csv_pair(tmp_path: Path) -> list[tuple[Path, Role]]:
    return [
        (write_csv(tmp_path / "prison.csv", [PRISON_HEADER, *PRISON_ROWS]), Role.PRISON),
        (write_csv(tmp_path / "ind.csv", [IND_HEADER, *IND_ROWS]), Role.IND),
    ]


def _same_tables(together: list[tuple[Table, list[Finding]]], requests: list) -> None:
    alone = [load_table(path, role, Config()) for path, role in requests]
    for (table, findings), (table1, findings1) in zip(together, alone, strict=True):
        assert table.columns == table1.columns and table.row_numbers == table1.row_numbers
        assert table.source == table1.source and findings == findings1


def test_two_csv_files_are_parsed_in_children_with_the_tables_of_one_by_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    requests = _csv_pair(tmp_path)
    forks = _count_forks(monkeypatch)
    together = load_tables(requests, Config())
    assert len(forks) == 2
    _same_tables(together, requests)
    assert not _children()


def test_a_csv_read_alone_is_read_in_this_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, role = _csv_pair(tmp_path)[0]
    forks = _count_forks(monkeypatch)
    load_table(path, role, Config())
    assert forks == []


def test_a_csv_child_that_dies_is_read_again_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(files_module, "_read_text", _dying_in_a_child(files_module._read_text))
    requests = _csv_pair(tmp_path)
    _same_tables(load_tables(requests, Config()), requests)
    assert not _children()


def test_a_csv_that_cannot_be_read_gives_the_error_of_reading_it_alone(tmp_path: Path) -> None:
    requests = _csv_pair(tmp_path)
    bad = tmp_path / "prison.csv"
    bad.write_bytes(b"Surname,Forenames\n\xff\xfe\x00\x00 not a table\n")
    with pytest.raises(InputError) as alone:
        load_table(bad, Role.PRISON, Config())
    with pytest.raises(InputError) as together:
        load_tables(requests, Config())
    assert str(together.value) == str(alone.value)
    assert not _children()


STATES = ("ok", "unreadable", "refused", "unbuildable")


def _extract_file(tmp_path: Path, role: Role, state: str) -> Path:
    """A small extract of the role: readable, not a workbook, or without a required column."""
    name = f"{role.value}.xlsx"
    if state == "unreadable":
        return _broken(tmp_path, name)
    header, rows = (PRISON_HEADER, PRISON_ROWS) if role is Role.PRISON else (IND_HEADER, IND_ROWS)
    if state == "refused":  # without the date of birth
        at = header.index("DOB" if role is Role.PRISON else "Date of birth")
        header = header[:at] + header[at + 1 :]
        rows = [row[:at] + row[at + 1 :] for row in rows]
    return write_xlsx(tmp_path / name, {"Data": [header, *rows]})


def _in_turn(requests: list, builds: list) -> str:
    """The error of reading every file, then building each in order: what a run did before."""
    try:
        tables = load_tables(requests, Config())
        for (table, _), build in zip(tables, builds, strict=True):
            build(table)
    except InputError as exc:
        return str(exc)
    return ""


@pytest.mark.parametrize("prison_state", STATES)
@pytest.mark.parametrize("ind_state", STATES)
def test_every_mix_of_failures_gives_the_error_of_reading_then_building_in_turn(
    tmp_path: Path, prison_state: str, ind_state: str
) -> None:
    requests = [
        (_extract_file(tmp_path, Role.PRISON, prison_state), Role.PRISON),
        (_extract_file(tmp_path, Role.IND, ind_state), Role.IND),
    ]
    fail = {r.value for r, s in ((Role.PRISON, prison_state), (Role.IND, ind_state))
            if s == "unbuildable"}  # fmt: skip
    expected = _in_turn(requests, _records([], fail))
    try:
        load_tables_built(requests, Config(), _records([], fail))
        found = ""
    except InputError as exc:
        found = str(exc)
    assert found == expected
    assert (found == "") == (prison_state == ind_state == "ok")
    assert not _children()
