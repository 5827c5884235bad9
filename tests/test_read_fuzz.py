"""Mutated workbooks (bytes flipped, cut short): a table or an InputError, never anything else.

Short runs here; for a long run on demand:
    READ_FUZZ_EXAMPLES=2000 pytest tests/test_read_fuzz.py
"""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reconcile.errors import InputError
from reconcile.model import Role
from reconcile.read import inspect_file, load_table
from reconcile.read.config import LimitsConfig
from reconcile.settings import Config
from tests.test_read_corpus import prison_sheet, write_ods, write_xlsx, xls_bytes

EXAMPLES = int(os.environ.get("READ_FUZZ_EXAMPLES", "80"))
# Small limits keep each example fast; a mutation must still never escape as a crash.
CONFIG = Config(limits=LimitsConfig(reader_timeout_s=5, reader_memory_mb=1_000))


def _seed(kind: str) -> bytes:
    folder = Path(tempfile.mkdtemp(prefix="read-fuzz-"))
    xlsx = write_xlsx(folder / "seed.xlsx", {"Summary": [["x"]], "Extract": prison_sheet()})
    if kind == "xlsx":
        return xlsx.read_bytes()
    if kind == "ods":
        return write_ods(folder / "seed.ods", {"Extract": prison_sheet()}).read_bytes()
    return xls_bytes()


_SEEDS: dict[str, bytes] = {}


def seed(kind: str) -> bytes:
    if kind not in _SEEDS:
        _SEEDS[kind] = _seed(kind)
    return _SEEDS[kind]


@st.composite
def mutations(draw: st.DrawFn, data: bytes) -> bytes:
    """Flip, overwrite or delete a few bytes, or cut the file short."""
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        action = draw(st.sampled_from(["flip", "set", "delete", "cut"]))
        if not out:
            break
        at = draw(st.integers(0, len(out) - 1))
        if action == "flip":
            out[at] ^= 1 << draw(st.integers(0, 7))
        elif action == "set":
            out[at] = draw(st.integers(0, 255))
        elif action == "delete":
            del out[at : at + draw(st.integers(1, 64))]
        else:
            del out[at:]
    return bytes(out)


def _read(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"prison{suffix}"
        path.write_bytes(data)
        try:
            table, _ = load_table(path, Role.PRISON, CONFIG)
        except InputError as exc:
            assert str(exc) and "\n" not in str(exc)
            return
        assert all(len(column) == len(table) for column in table.columns.values())
        inspect_file(path, None, CONFIG)


_FUZZ = settings(
    max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None
)


@pytest.mark.parametrize(("kind", "suffix"), [("xlsx", ".xlsx"), ("ods", ".ods"), ("xls", ".xls")])
def test_mutated_workbooks(kind: str, suffix: str) -> None:
    data = seed(kind)

    @_FUZZ
    @given(mutations(data))
    def run(mutated: bytes) -> None:
        _read(mutated, suffix)

    run()


def _rezip(data: bytes, part: str, content: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            out.writestr(info, content if info.filename == part else source.read(info.filename))
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("kind", "part"),
    [
        ("xlsx", "xl/worksheets/sheet2.xml"),
        ("xlsx", "xl/sharedStrings.xml"),
        ("xlsx", "xl/workbook.xml"),
        ("xlsx", "xl/styles.xml"),
        ("ods", "content.xml"),
    ],
)
def test_mutated_xml_parts(kind: str, part: str) -> None:
    """Valid zips around damaged XML: the parser and the layout code see the damage."""
    data = seed(kind)
    xml = zipfile.ZipFile(io.BytesIO(data)).read(part)

    @_FUZZ
    @given(mutations(xml))
    def run(mutated: bytes) -> None:
        _read(_rezip(data, part, mutated), f".{kind}")

    run()


def test_seeds_read_cleanly() -> None:
    """The unmutated seeds are valid extracts, so the fuzzing starts from real workbooks."""
    for kind, suffix in (("xlsx", ".xlsx"), ("ods", ".ods")):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"prison{suffix}"
            path.write_bytes(seed(kind))
            table, _ = load_table(path, Role.PRISON, CONFIG)
            assert len(table) == 3


def test_unknown_xml_encoding_is_an_input_error() -> None:
    """Found by the fuzzer: an XML declaration naming an encoding that does not exist (the
    ODS content is scanned before it is parsed; the scan must report it, not crash)."""
    kind, part = "ods", "content.xml"
    data = seed(kind)
    xml = zipfile.ZipFile(io.BytesIO(data)).read(part)
    start = xml.index(b"encoding=") + len(b'encoding="')
    end = xml.index(b'"', start)
    damaged = xml[:start] + b"TTF-8" + xml[end:]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"prison.{kind}"
        path.write_bytes(_rezip(data, part, damaged))
        with pytest.raises(InputError, match="character encoding that does not exist"):
            load_table(path, Role.PRISON, CONFIG)


def _central_entry(data: bytes, part: str) -> int:
    """Where the central directory header of ``part`` starts."""
    at = data.index(b"PK\x01\x02")  # the first header
    while True:
        name_len = int.from_bytes(data[at + 28 : at + 30], "little")
        if data[at + 46 : at + 46 + name_len] == part.encode():
            return at
        extra = int.from_bytes(data[at + 30 : at + 32], "little")
        comment = int.from_bytes(data[at + 32 : at + 34], "little")
        at += 46 + name_len + extra + comment


@pytest.mark.parametrize(
    ("offset", "value"),
    [(10, b"\x63\x00"), (8, b"\x01\x00")],  # compression method 99; the encrypted flag
    ids=["unsupported compression", "encrypted"],
)
def test_unsupported_zip_features_are_input_errors(offset: int, value: bytes) -> None:
    """Found by the fuzzer: an ODS whose content part claims a compression method zipfile
    cannot read, or claims to be encrypted, is reported, not a crash."""
    data = bytearray(seed("ods"))
    at = _central_entry(bytes(data), "content.xml")
    data[at + offset : at + offset + 2] = value
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "prison.ods"
        path.write_bytes(bytes(data))
        with pytest.raises(InputError, match="unsupported zip feature"):
            load_table(path, Role.PRISON, CONFIG)
