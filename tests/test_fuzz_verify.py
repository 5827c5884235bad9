"""`reconcile verify` and `reconcile report` on damaged and tampered output folders: the
manifest cut short, garbled or of the wrong shape, or edited and resealed; outcomes.csv cut,
reordered, re-encoded or edited; the workbook or PDF replaced, emptied, made a folder or a
link; files added; the folder or the inputs moved. Every damage gives exit 2 and a message
saying what differs (never "internal error", never a hang, never "all ... match"); only the
untouched folder gives exit 0. `report` on a damaged folder refuses with a message or warns
first.

Short runs here; for a long run on demand:
    VERIFY_FUZZ_EXAMPLES=1000 pytest tests/test_fuzz_verify.py
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given
from hypothesis import strategies as st
from typer.testing import CliRunner

from reconcile.cli import app
from reconcile.write.manifest import manifest_bytes, sealed, sha256_file
from tests.fuzzing import examples, fuzz

EXAMPLES = examples("VERIFY_FUZZ_EXAMPLES", 25)
FUZZ = fuzz(EXAMPLES, HealthCheck.function_scoped_fixture)
runner = CliRunner()
INPUTS = ("prison_extract.xlsx", "ind_extract.xlsx", "audit.toml")
PASSED = "all inputs and outputs match the manifest"


@pytest.fixture(scope="module")
def made(sample: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A run on a copy of the small sample: work/{inputs}, work/out."""
    work = tmp_path_factory.mktemp("work")
    for name in INPUTS:
        shutil.copy(sample / name, work / name)
    args = [str(work / INPUTS[0]), str(work / INPUTS[1]), "--config", str(work / INPUTS[2])]
    done = runner.invoke(app, ["run", *args, "-o", str(work / "out")])
    assert done.exit_code == 0, done.output
    return work


@contextmanager
def damaged(made: Path) -> Iterator[Path]:
    """A copy of the run's output folder to damage (the inputs stay where the run read them)."""
    with tempfile.TemporaryDirectory(prefix="verify-fuzz-") as scratch:
        out = Path(scratch) / "out"
        shutil.copytree(made / "out", out)
        yield out


def _invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def _noted(made: Path) -> str:
    return sha256_file(made / "out" / "manifest.json")


def assert_refused(out: Path, *extra: str, report: bool = True) -> str:
    """verify gives exit 2 and says what differs; report refuses or warns first."""
    code, text = _invoke("verify", str(out), *extra)
    assert "internal error" not in text and "Traceback" not in text, text
    assert code == 2, text
    assert PASSED not in text, text
    assert text.strip(), text
    if report:
        shown, printed = _invoke("report", str(out))
        assert "internal error" not in printed and "Traceback" not in printed, printed
        if shown == 0:
            assert printed.startswith("WARNING: "), printed[:400]
        else:
            assert shown == 2 and printed.startswith("error: "), printed[:400]
    return text


def _manifest(out: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return data


def _write(out: Path, data: Any, reseal: bool) -> None:
    if reseal and isinstance(data, dict):
        (out / "manifest.json").write_bytes(manifest_bytes(sealed(data)))
    else:
        (out / "manifest.json").write_text(json.dumps(data), encoding="utf-8")


def test_the_untouched_folder_passes_and_is_reported_without_warning(made: Path) -> None:
    out = made / "out"
    code, text = _invoke("verify", str(out))
    assert code == 0, text
    assert PASSED in text
    code, text = _invoke("verify", str(out), "--manifest-sha256", f" {_noted(made).upper()} ")
    assert code == 0, text
    code, text = _invoke("report", str(out))
    assert code == 0, text
    assert not text.startswith("WARNING")


# --- the manifest -------------------------------------------------------------------------


@FUZZ
@given(st.data())
def test_manifest_cut_short_at_any_byte(made: Path, data: st.DataObject) -> None:
    whole = (made / "out" / "manifest.json").read_bytes()
    cut = data.draw(st.integers(0, len(whole) - 1), label="cut")
    with damaged(made) as out:
        (out / "manifest.json").write_bytes(whole[:cut])
        assert_refused(out)


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\xef\xbb\xbf",
        b"not json at all",
        b"\xff\xfe\x00\x01binary",
        "{}".encode("utf-16"),
        b"[]",
        b"null",
        b"42",
        b'"text"',
        b"[" * 100_000 + b"]" * 100_000,
        b'{"a":' * 50_000 + b"1" + b"}" * 50_000,
        b'{"format": "reconcile-manifest/1", "n": ' + b"9" * 5000 + b"}",
        b'{"format": "reconcile-manifest/1"}',
        b'{"format": "reconcile-manifest/1", "outputs": NaN}',
    ],
    ids=lambda c: repr(c[:20]),
)
def test_manifest_replaced_by_other_text(made: Path, content: bytes) -> None:
    with damaged(made) as out:
        (out / "manifest.json").write_bytes(content)
        assert_refused(out)


@pytest.mark.parametrize("reseal", [False, True])
def test_manifest_nested_too_deep_inside(made: Path, reseal: bool) -> None:
    """Nesting no manifest has, put where the notes are (json.dumps cannot write it: text)."""
    with damaged(made) as out:
        text = (out / "manifest.json").read_text(encoding="utf-8")
        deep = '{"x": ' * 5000 + "1" + "}" * 5000
        assert '"notes": []' in text
        (out / "manifest.json").write_text(
            text.replace('"notes": []', f'"notes": [{deep}]'), encoding="utf-8"
        )
        assert_refused(out)


def _paths(value: Any, at: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every place in a JSON value, as the keys and indexes leading to it."""
    yield at
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*at, key))
    elif isinstance(value, list):
        for n, item in enumerate(value):
            yield from _paths(item, (*at, n))


def _replace(value: Any, at: tuple[Any, ...], new: Any) -> Any:
    if not at:
        return new
    copy = dict(value) if isinstance(value, dict) else list(value)
    copy[at[0]] = _replace(value[at[0]], at[1:], new)
    return copy


def _remove(value: Any, at: tuple[Any, ...]) -> Any:
    if len(at) == 1:
        if isinstance(value, dict):
            return {k: v for k, v in value.items() if k != at[0]}
        return [v for n, v in enumerate(value) if n != at[0]]
    copy = dict(value) if isinstance(value, dict) else list(value)
    copy[at[0]] = _remove(value[at[0]], at[1:])
    return copy


ODD_VALUES = st.one_of(
    st.sampled_from([None, True, False, 0, -1, 1.5, "", "12", "abc", [], {}, [[]], {"x": None}]),
    st.just(10**400),
    st.just(float("inf")),
    st.just(float("nan")),
    st.just("../" * 5 + "etc/passwd"),
    st.just("/etc/hostname"),
    st.just("manifest.json"),
    st.integers(),
    st.text(max_size=10),
)


def _same(a: Any, b: Any) -> bool:
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


@FUZZ
@given(st.data(), ODD_VALUES, st.booleans(), st.booleans())
def test_manifest_of_the_wrong_shape(
    made: Path, data: st.DataObject, new: Any, remove: bool, reseal: bool
) -> None:
    """A value anywhere in the manifest replaced by one of another kind (or removed), with the
    manifest's digest of itself left as it was or recomputed (a careful forger): exit 2 with
    the noted digest always, and without it whenever the digest was left as it was."""
    original = _manifest(made / "out")
    places = [p for p in _paths(original) if p and p[-1] != "content_sha256"]
    at = data.draw(st.sampled_from(places), label="at")
    edited = _remove(original, at) if remove else _replace(original, at, new)
    assume(not _same(edited, original))
    with damaged(made) as out:
        _write(out, edited, reseal)
        assert_refused(out, "--manifest-sha256", _noted(made), report=not reseal)
        if not reseal:
            assert_refused(out, report=False)
        else:  # only the noted digest can tell; neither may fail in the attempt
            for args in (["verify", str(out)], ["report", str(out)]):
                code, text = _invoke(*args)
                assert "internal error" not in text and "Traceback" not in text, text
                assert code in (0, 2), text


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param(lambda m: m.pop("outputs"), id="outputs removed"),
        pytest.param(lambda m: m.update(outputs={}), id="outputs emptied"),
        pytest.param(lambda m: m["outputs"].pop("evidence.pdf"), id="pdf unlisted"),
        pytest.param(lambda m: m["outputs"].pop("outcomes.csv"), id="csv unlisted"),
        pytest.param(lambda m: m.pop("inputs"), id="inputs removed"),
        pytest.param(lambda m: m["inputs"].pop("prison"), id="prison unlisted"),
        pytest.param(lambda m: m["counts"]["outcomes"].update(never_referred=0), id="count"),
        pytest.param(
            lambda m: m["outputs"]["evidence.pdf"].update(file="outcomes.csv"), id="file renamed"
        ),
    ],
)
def test_a_resealed_manifest_that_stops_checking_something_is_refused(
    made: Path, edit: Callable[[dict[str, Any]], Any]
) -> None:
    """A forger who removes what would be checked, and reseals, does not get a pass."""
    with damaged(made) as out:
        manifest = _manifest(out)
        edit(manifest)
        _write(out, manifest, reseal=True)
        assert_refused(out)


def test_resealed_after_an_output_is_changed_the_output_hash_catches_it(made: Path) -> None:
    with damaged(made) as out:
        text = (out / "outcomes.csv").read_text(encoding="utf-8")
        lines = text.splitlines(keepends=True)
        (out / "outcomes.csv").write_text("".join(lines[:-1]), encoding="utf-8")
        manifest = _manifest(out)
        manifest["counts"]["prison_rows_read"] -= 1
        _write(out, manifest, reseal=True)
        said = assert_refused(out)
        assert "output (outcomes.csv)" in said and "changed since the run" in said


def test_manifest_made_a_folder_or_a_link(made: Path) -> None:
    with damaged(made) as out:
        (out / "manifest.json").unlink()
        (out / "manifest.json").mkdir()
        assert_refused(out)
    with damaged(made) as out, tempfile.TemporaryDirectory() as elsewhere:
        target = Path(elsewhere) / "manifest.json"
        shutil.move(out / "manifest.json", target)
        (out / "manifest.json").symlink_to(target)
        assert_refused(out, report=False)


# --- outcomes.csv ---------------------------------------------------------------------------


def _rows(out: Path) -> list[bytes]:
    return (out / "outcomes.csv").read_bytes().splitlines(keepends=True)


CSV_DAMAGE: dict[str, Callable[[bytes, list[bytes]], bytes]] = {
    "row deleted": lambda b, r: b"".join(r[:3] + r[4:]),
    "row duplicated": lambda b, r: b"".join(r[:4] + r[3:]),
    "rows reordered": lambda b, r: b"".join([r[0], r[2], r[1], *r[3:]]),
    "header only": lambda b, r: r[0],
    "BOM added": lambda b, r: b"\xef\xbb\xbf" + b,
    "line endings LF": lambda b, r: b.replace(b"\r\n", b"\n"),
    "line endings CR": lambda b, r: b.replace(b"\r\n", b"\r"),
    "latin-1": lambda b, r: b.decode("utf-8").encode("latin-1", errors="replace"),
    "utf-16": lambda b, r: b.decode("utf-8").encode("utf-16"),
    "column added": lambda b, r: b"".join(x.rstrip(b"\r\n") + b",extra\r\n" for x in r),
    "column added to one row": lambda b, r: b"".join([*r[:2], r[2].rstrip() + b",x\r\n", *r[3:]]),
    "a row cut short": lambda b, r: b"".join([*r[:2], r[2][:10] + b"\r\n", *r[3:]]),
    "cell edited": lambda b, r: b"".join([*r[:1], r[1].replace(b",", b",Z", 1), *r[2:]]),
    "emptied": lambda b, r: b"",
    "binary": lambda b, r: bytes(range(256)) * 10,
    "a quote left open": lambda b, r: b"".join([*r[:2], b'"' + r[2], *r[3:]]),
}


@pytest.mark.parametrize("damage", list(CSV_DAMAGE))
def test_outcomes_csv_damaged(made: Path, damage: str) -> None:
    with damaged(made) as out:
        before = (out / "outcomes.csv").read_bytes()
        after = CSV_DAMAGE[damage](before, _rows(out))
        assert after != before
        (out / "outcomes.csv").write_bytes(after)
        said = assert_refused(out)
        assert "outcomes.csv" in said


@FUZZ
@given(st.data())
def test_outcomes_csv_cut_short_or_a_byte_changed(made: Path, data: st.DataObject) -> None:
    whole = (made / "out" / "outcomes.csv").read_bytes()
    at = data.draw(st.integers(0, len(whole) - 1), label="at")
    if data.draw(st.booleans(), label="cut"):
        after = whole[:at]
    else:
        byte = data.draw(st.integers(0, 255).filter(lambda b: b != whole[at]), label="byte")
        after = whole[:at] + bytes([byte]) + whole[at + 1 :]
    with damaged(made) as out:
        (out / "outcomes.csv").write_bytes(after)
        assert_refused(out)


# --- the workbook and the PDF ---------------------------------------------------------------


def _replace_with_other(out: Path, name: str) -> None:
    other = "evidence.pdf" if name != "evidence.pdf" else "reconciliation.xlsx"
    shutil.copy(out / other, out / name)


def _empty(out: Path, name: str) -> None:
    (out / name).write_bytes(b"")


def _folder(out: Path, name: str) -> None:
    (out / name).unlink()
    (out / name).mkdir()
    (out / name / "inside.txt").write_text("x", encoding="utf-8")


def _gone(out: Path, name: str) -> None:
    (out / name).unlink()


def _link_inside(out: Path, name: str) -> None:
    """The file moved to another name in the folder, a link left in its place (the same
    content: only the link tells)."""
    (out / name).rename(out / f"copy of {name}")
    (out / name).symlink_to(out / f"copy of {name}")


def _link_outside(out: Path, name: str) -> None:
    outside = out.parent / f"elsewhere-{name}"
    shutil.move(out / name, outside)
    (out / name).symlink_to(outside)


def _link_dangling(out: Path, name: str) -> None:
    (out / name).unlink()
    (out / name).symlink_to(out.parent / "no-such-file")


@pytest.mark.parametrize("name", ["reconciliation.xlsx", "evidence.pdf", "outcomes.csv"])
@pytest.mark.parametrize(
    "damage",
    [_replace_with_other, _empty, _folder, _gone, _link_inside, _link_outside, _link_dangling],
    ids=lambda f: f.__name__.strip("_"),
)
def test_an_output_replaced(made: Path, name: str, damage: Callable[[Path, str], None]) -> None:
    with damaged(made) as out:
        damage(out, name)
        said = assert_refused(out)
        assert name in said


@pytest.mark.parametrize("name", ["reconciliation.xlsx", "evidence.pdf", "outcomes.csv"])
def test_an_unreadable_output(made: Path, name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file the user may not read (as root, permissions do not stop a read: the refusal is
    made to happen)."""
    import builtins

    real_open = builtins.open

    def refusing(file: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(file, str | Path) and Path(file).name == name:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    with damaged(made) as out:
        (out / name).chmod(0)
        monkeypatch.setattr(builtins, "open", refusing)
        said = assert_refused(out)
        assert name in said and "Permission denied" in said


@pytest.mark.parametrize(
    "extra", ["notes.txt", "reconciliation (1).xlsx", ".hidden", "sub/"], ids=str
)
def test_a_file_added_to_the_folder_is_named_but_not_checked(made: Path, extra: str) -> None:
    """A run may be given a folder that already holds other files, so a file the manifest
    does not list is no sign of tampering: it is named, as not the run's and not checked."""
    with damaged(made) as out:
        if extra.endswith("/"):
            (out / extra).mkdir()
        else:
            (out / extra).write_text("added", encoding="utf-8")
        code, text = _invoke("verify", str(out))
        assert code == 0, text
        assert f"also holds {extra.rstrip('/')!r}, which the manifest does not list" in text
        assert "and not checked" in text


def test_a_run_into_a_folder_already_holding_files_verifies(made: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "working notes.txt").write_text("mine", encoding="utf-8")
    args = [str(made / INPUTS[0]), str(made / INPUTS[1]), "--config", str(made / INPUTS[2])]
    done = runner.invoke(app, ["run", *args, "-o", str(out)])
    assert done.exit_code == 0, done.output
    code, text = _invoke("verify", str(out))
    assert code == 0, text
    assert PASSED in text and "'working notes.txt'" in text


# --- the folder and the inputs --------------------------------------------------------------


def test_the_folder_missing_or_a_file(made: Path, tmp_path: Path) -> None:
    assert_refused(tmp_path / "no-such-folder")
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    assert_refused(tmp_path / "a-file")
    assert_refused(tmp_path)  # an empty folder
    said = assert_refused(made / "out" / "outcomes.csv")
    assert "is a file, not a folder" in said


def test_inputs_moved_with_and_without_inputs(made: Path, tmp_path: Path) -> None:
    shutil.copytree(made, tmp_path / "work")
    archive = tmp_path / "archive"
    archive.mkdir()
    for name in INPUTS:
        shutil.copy(made / name, archive / name)
    out = tmp_path / "work" / "out"
    # The copy is a folder of its own whose inputs lie where the run read them; moving them:
    moved = tmp_path / "moved"
    shutil.move(made, moved)
    try:
        said = assert_refused(out, report=False)  # report reads only the folder
        assert "not found" in said
        code, text = _invoke("verify", str(out), "--inputs", str(archive))
        assert code == 0, text
        (archive / INPUTS[0]).write_bytes(b"changed")
        said = assert_refused(out, "--inputs", str(archive), report=False)
        assert "changed since the run" in said
    finally:
        shutil.move(moved, made)


@pytest.mark.parametrize(
    "value",
    ["0" * 64, "abc", "", "g" * 64, "0" * 63, "0" * 65, "sha256:" + "0" * 64, "é" * 64],
    ids=repr,
)
def test_manifest_sha256_wrong_short_or_not_hex(made: Path, value: str) -> None:
    said = assert_refused(made / "out", "--manifest-sha256", value, report=False)
    assert "manifest" in said.lower()


@pytest.mark.parametrize(
    "layout",
    [
        pytest.param(lambda t: t.rstrip("\n"), id="final line ending removed"),
        pytest.param(lambda t: t.replace("\n", "\r\n"), id="CRLF"),
        pytest.param(lambda t: json.dumps(json.loads(t), indent=4), id="indented again"),
    ],
)
def test_manifest_laid_out_again_with_the_same_values(
    made: Path, layout: Callable[[str], str]
) -> None:
    """The same fields and values, other text: its digest of itself still matches, but it is
    not the file the run wrote (nor has the SHA-256 the run printed)."""
    with damaged(made) as out:
        text = (out / "manifest.json").read_text(encoding="utf-8")
        (out / "manifest.json").write_bytes(layout(text).encode("utf-8"))
        assert (out / "manifest.json").read_bytes() != (made / "out" / "manifest.json").read_bytes()
        said = assert_refused(out)
        assert "rewritten since the run: the same fields and values" in said


def test_a_field_of_the_wrong_kind_is_named(made: Path) -> None:
    with damaged(made) as out:
        manifest = _manifest(out)
        manifest["counts"]["outcomes"]["never_referred"] = "12"
        _write(out, manifest, reseal=True)
        said = assert_refused(out)
        assert "counts.outcomes.never_referred is text where a whole number belongs" in said
        assert "recover the folder's original manifest.json" in said


def test_an_unreadable_input(made: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real_open = builtins.open

    def refusing(file: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(file, str | Path) and Path(file).name == INPUTS[1]:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", refusing)
    said = assert_refused(made / "out", report=False)
    assert f"IND extract {INPUTS[1]}: " in said and "cannot be read (Permission denied)" in said
    assert "changed since the run" not in said


def test_rerun_of_a_damaged_folder_says_what_differs(made: Path) -> None:
    """One --rerun (slow: a whole run): a file added and a cell of the workbook's zip changed;
    the rerun runs and names the workbook."""
    with damaged(made) as out:
        (out / "notes.txt").write_text("added", encoding="utf-8")
        book = bytearray((out / "reconciliation.xlsx").read_bytes())
        book[-30] ^= 1  # in the zip's directory at its end
        (out / "reconciliation.xlsx").write_bytes(bytes(book))
        said = assert_refused(out, "--rerun", report=False)
        assert "'notes.txt', which the manifest does not list" in said
        assert "reconciliation.xlsx: differs from the rerun's" in said
