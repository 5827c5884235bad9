"""CSV and TSV: the encoding cascade, delimiter detection, quoted newlines, fuzzing."""

from __future__ import annotations

import contextlib
import dataclasses
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reconcile.errors import ConfigError, InputError
from reconcile.model import Role
from reconcile.read import load_table
from reconcile.read.config import InputConfig, LimitsConfig
from reconcile.read.csvfile import decode, detect_delimiter, parse, read_csv
from reconcile.read.synonyms import synonym_index
from reconcile.settings import Config

INDEX = synonym_index(Role.PRISON)


@pytest.mark.parametrize(
    ("data", "override", "text", "encoding"),
    [
        (b"Surname\nSMITH\n", "", "Surname\nSMITH\n", "utf-8"),
        ("Surname\n£5 Zoë\n".encode(), "", "Surname\n£5 Zoë\n", "utf-8"),
        (b"\xef\xbb\xbfSurname\n", "", "Surname\n", "utf-8-sig"),
        ("Surname\nZoë\n".encode("utf-16"), "", "Surname\nZoë\n", "utf-16"),
        ("\ufeffSurname\n".encode("utf-16-be"), "", "Surname\n", "utf-16"),
        ("Surname\n£5 Zoë\n".encode("cp1252"), "", "Surname\n£5 Zoë\n", "cp1252"),
        ("Surname\nŁódź\n".encode("cp1250"), "cp1250", "Surname\nŁódź\n", "cp1250"),
        ("Surname\n£\n".encode("cp1252"), "latin-1", "Surname\n£\n", "latin-1"),
    ],
)
def test_decode(data: bytes, override: str, text: str, encoding: str) -> None:
    assert decode(data, "f.csv", override) == (text, encoding)


def test_utf8_is_checked_over_the_whole_file() -> None:
    """A UTF-8 start does not decide: one cp1252 byte at the end makes it cp1252."""
    data = b"Surname\n" + b"SMITH\n" * 10_000 + "£\n".encode("cp1252")
    assert decode(data, "f.csv")[1] == "cp1252"


def test_override_that_does_not_fit() -> None:
    with pytest.raises(InputError) as caught:
        decode(b"Surname\n\xff\xfe\xfa", "f.csv", "utf-8")
    assert str(caught.value) == (
        "f.csv: the text cannot be read as utf-8, the encoding set by [input] encoding (byte "
        "0xff on line 2, at byte position 8); a CSV saved by Excel or another Windows program "
        'in the UK is usually cp1252: try encoding = "cp1252" there, or leave the encoding '
        "unset to have UTF-8 or cp1252 chosen for the file"
    )


ONE_ROW = "Surname,DOB,Nationality,Release date,Sentence\nZOË,1/1/70,Greek,1/1/05,12\n"


def test_utf16_without_bom(tmp_path: Path) -> None:
    path = tmp_path / "prison.csv"
    path.write_bytes(ONE_ROW.encode("utf-16-le"))
    with pytest.raises(InputError) as caught:
        load_table(path, Role.PRISON, Config())
    assert str(caught.value) == (
        "prison.csv: the text looks like UTF-16 without a byte-order mark; set encoding = "
        "\"utf-16-le\" under [input], or save it again as 'CSV UTF-8' from Excel"
    )
    table, _ = load_table(path, Role.PRISON, Config(input=InputConfig(encoding="utf-16-le")))
    assert (table.source.encoding, table.columns["surname"]) == ("utf-16-le", ["ZOË"])


def test_unknown_encoding_name() -> None:
    with pytest.raises(ConfigError, match="unknown encoding 'klingon'"):
        decode(b"x", "f.csv", "klingon")


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("Surname,DOB,Release date\nSMITH,1/1/70,1/1/05\n", ","),
        ("Surname;DOB;Sentence\nSMITH;1/1/70;12,5\nJONES;2/2/71;6,0\n", ";"),
        ("Surname\tDOB\tSentence\nSMITH, John\t1/1/70\t12\n", "\t"),
        ("Surname|DOB|Offence\nSMITH|1/1/70|Theft, shoplifting\n", "|"),
        ('"Surname","DOB"\n"SMITH, John","1/1/70"\n', ","),
        ("a,b;c\n1,2;3\n", ","),  # no known header: the most consistent split, commas first
        ("a;b;c\n1;2;3\n4;5;6\n", ";"),
        ("", ","),
    ],
)
def test_detect_delimiter(text: str, delimiter: str) -> None:
    assert detect_delimiter(text, INDEX) == delimiter


def test_tsv_prefers_tab_on_a_tie() -> None:
    assert detect_delimiter("a\tb,c\n1\t2,3\n", INDEX, prefer_tab=True) == "\t"
    assert detect_delimiter("a\tb,c\n1\t2,3\n", INDEX) == ","


def test_quoted_newlines_keep_record_numbers(tmp_path: Path) -> None:
    path = tmp_path / "prison.csv"
    path.write_text(
        'Surname,DOB,Nationality,Release date,Sentence\n"SMITH\nJOHN",1/1/70,Greek,1/1/05,12\n'
        "JONES,2/2/71,Greek,2/2/05,6\n",
        encoding="utf-8",
    )
    table, _ = load_table(path, Role.PRISON, Config())
    assert table.columns["surname"] == ["SMITH\nJOHN", "JONES"]
    assert table.row_numbers == [2, 3]


def test_title_rows_and_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "prison.csv"
    path.write_text(
        "Released prisoners\n\nSurname;DOB;Nationality;Release date;Sentence\n\n"
        "SMITH;1/1/70;Greek;1/1/05;12\n\nJONES;2/2/71;Greek;2/2/05;6\nSource: prison service;;;;\n",
        encoding="cp1252",
    )
    table, findings = load_table(path, Role.PRISON, Config())
    assert table.row_numbers == [5, 7]
    assert table.source.header_row == 3
    assert [(s.row, s.text) for s in table.source.skipped] == [(8, "Source: prison service")]
    assert [f.row for f in findings] == [8]


def test_small_table_below_the_data_set_aside(tmp_path: Path) -> None:
    """A count by nationality under the records, after a blank line, is reported and set
    aside, not read as three prisoners called NATIONALITY, JAMAICA and NIGERIA."""
    path = tmp_path / "prison.csv"
    path.write_text(
        "Surname,Forenames,DOB,Nationality,Release date,Sentence\n"
        "SMITH,John,1/1/70,Jamaican,1/1/05,12\nJONES,Ann,2/2/71,Nigerian,2/2/05,6\n,,,,,\n"
        "Nationality,Count,,,,\nJamaica,120,,,,\nNigeria,80,,,,\n",
        encoding="utf-8",
    )
    table, findings = load_table(path, Role.PRISON, Config())
    assert table.row_numbers == [2, 3]
    assert [(s.row, s.text) for s in table.source.skipped] == [
        (5, "Nationality | Count"),
        (6, "Jamaica | 120"),
        (7, "Nigeria | 80"),
    ]
    assert all("small table below the data" in s.reason for s in table.source.skipped)
    assert [f.row for f in findings] == [5, 6, 7]


def test_encoding_recorded_and_overridden(tmp_path: Path) -> None:
    path = tmp_path / "prison.csv"
    path.write_bytes(ONE_ROW.encode("cp1252"))
    table, _ = load_table(path, Role.PRISON, Config())
    assert (table.source.encoding, table.columns["surname"]) == ("cp1252", ["ZOË"])
    config = Config(input=dataclasses.replace(Config().input, encoding="latin-1"))
    table, _ = load_table(path, Role.PRISON, config)
    assert (table.source.encoding, table.columns["surname"]) == ("latin-1", ["ZOË"])


def test_cells_stay_text(tmp_path: Path) -> None:
    """Leading zeros, dates and numbers stay as typed: parsing is the normaliser's job."""
    path = tmp_path / "prison.csv"
    path.write_text(
        "Prison no,Surname,DOB,Nationality,Release date,Sentence\n 00123 ,SMITH,19700101,GR,,12.0\n"
    )
    table, _ = load_table(path, Role.PRISON, Config())
    assert table.columns == {
        "prison_number": ["00123"],
        "surname": ["SMITH"],
        "dob": ["19700101"],
        "nationality": ["GR"],
        "sentence": ["12.0"],
        "release_date": [None],
    }


def test_ragged_rows(tmp_path: Path) -> None:
    path = tmp_path / "prison.csv"
    path.write_text(
        "Surname,DOB,Release date,Sentence,Nationality\nSMITH,1/1/70\nJONES,2/2/71,2/2/05,6,GR,y\n"
    )
    table, _ = load_table(path, Role.PRISON, Config())
    assert table.columns["sentence"] == [None, "6"]


def test_parse_counts_blank_lines_as_rows() -> None:
    rows = parse("a,b\n\nc,d\n", ",", "f.csv", LimitsConfig())
    assert rows == [["a", "b"], [], ["c", "d"]]


_LIMITS = LimitsConfig(max_cells=100_000)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_fuzz_csv_bytes(data: bytes) -> None:
    """Any bytes: a grid or an InputError, nothing else."""
    with contextlib.suppress(InputError):
        grid, _encoding, _delimiter = read_csv(data, "f.csv", "csv", "", _LIMITS, INDEX)
        assert all(isinstance(cell, str) for row in grid.rows for cell in row)


_CELL = st.one_of(
    st.text(alphabet=st.sampled_from(list('ab ,;|\t"\n\r£é')), max_size=12),
    st.sampled_from(["DOB", "Surname", "Total", "Source: x", ""]),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(_CELL, max_size=6), max_size=12), st.sampled_from(["utf-8", "cp1252"]))
def test_fuzz_csv_files(rows: list[list[str]], encoding: str) -> None:
    """Text made of delimiters, quotes and headers: load_table gives a table or an InputError."""
    import tempfile

    text = "\n".join(",".join(row) for row in rows)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "f.csv"
        path.write_bytes(text.encode(encoding, errors="replace"))
        try:
            table, _ = load_table(path, Role.PRISON, Config(), require=("name",))
        except InputError:
            return
        assert all(len(col) == len(table) for col in table.columns.values())
        assert table.row_numbers == sorted(set(table.row_numbers))


def test_the_cell_limit_stops_the_reading_early() -> None:
    """A header and then a flood of blank lines was held whole in memory (40 MB of blank
    lines took 13 s and 1.8 GB) before the cell limit was looked at; now the rows so far are
    checked as they are read, so the huge cell far below is never reached."""
    text = "a,b,c,d,e,f,g,h,i,j\n" + "\n" * 70_000 + "x" * 2_000 + "\n"
    limits = LimitsConfig(max_cells=500_000, max_cell_chars=1_000)
    with pytest.raises(InputError, match=r"max_cells"):
        parse(text, ",", "f.csv", limits)


def test_blank_lines_share_one_row() -> None:
    rows = parse("a,b\n\n\nc,d\n", ",", "f.csv", LimitsConfig())
    assert rows == [["a", "b"], [], [], ["c", "d"]]
    assert rows[1] is rows[2]
