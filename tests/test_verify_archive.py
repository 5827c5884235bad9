"""`reconcile verify` on a run archived and checked later: the inputs found with --inputs
wherever they now lie, and --rerun showing the outputs are what the inputs and settings give
(which the hashes alone cannot show once someone has resealed the manifest)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reconcile.cli import app
from reconcile.write.manifest import manifest_bytes, sealed, sha256_file

runner = CliRunner()
INPUTS = ("prison_extract.xlsx", "ind_extract.xlsx", "audit.toml")


@pytest.fixture(scope="module")
def archived(sample: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A run on a copy of the small sample, then its inputs and outputs moved into an archive
    (archive/inputs, archive/out): nothing is left where the run read or wrote it."""
    work = tmp_path_factory.mktemp("work")
    for name in INPUTS:
        shutil.copy(sample / name, work / name)
    out = work / "out"
    args = [str(work / INPUTS[0]), str(work / INPUTS[1]), "--config", str(work / INPUTS[2])]
    done = runner.invoke(app, ["run", *args, "-o", str(out)])
    assert done.exit_code == 0, done.output
    archive = tmp_path_factory.mktemp("archive")
    (archive / "inputs").mkdir()
    for name in INPUTS:
        shutil.move(work / name, archive / "inputs" / name)
    shutil.move(out, archive / "out")
    return archive


@pytest.fixture
def copy(archived: Path, tmp_path: Path) -> Path:
    """A copy of the archive to tamper with."""
    shutil.copytree(archived, tmp_path / "archive")
    for path in (tmp_path / "archive").rglob("*"):
        path.chmod(0o700 if path.is_dir() else 0o600)
    return tmp_path / "archive"


def _verify(archive: Path, *extra: str) -> tuple[int, str]:
    result = runner.invoke(app, ["verify", str(archive / "out"), *extra])
    return result.exit_code, result.output


def test_moved_inputs_are_named_with_where_they_were_looked_for(archived: Path) -> None:
    code, text = _verify(archived)
    assert code == 2
    assert "prison extract prison_extract.xlsx: not found: not at " in text
    assert "prison_extract.xlsx, where the run read it" in text
    assert "Give the folder that now holds it with --inputs FOLDER" in text
    assert "The outputs and the manifest are as the run left them" in text


def test_the_archive_moved_elsewhere_passes_with_inputs(archived: Path) -> None:
    code, text = _verify(archived, "--inputs", str(archived / "inputs"))
    assert code == 0, text
    assert "all inputs and outputs match the manifest" in text
    for name in INPUTS:
        assert f"found unchanged at {archived / 'inputs' / name}" in text
    # Subfolders are searched, and several folders may be given in one value.
    code, text = _verify(archived, "--inputs", f"{archived / 'out'}:{archived}")
    assert code == 0, text


def test_an_edited_input_fails_naming_it_and_both_hashes(copy: Path) -> None:
    prison = copy / "inputs" / "prison_extract.xlsx"
    recorded = sha256_file(prison)
    prison.write_bytes(prison.read_bytes() + b"\0")
    code, text = _verify(copy, "--inputs", str(copy / "inputs"))
    assert code == 2
    problems = [line for line in text.splitlines() if line.startswith("  - ")]
    assert len(problems) == 1, text
    assert problems[0].startswith("  - prison extract prison_extract.xlsx: changed since the run")
    assert f"{prison} has SHA-256 {sha256_file(prison)}" in problems[0]
    assert f"the run read a file with SHA-256 {recorded}" in problems[0]


def test_a_copy_under_another_name_is_not_taken(copy: Path) -> None:
    (copy / "inputs" / "ind_extract.xlsx").rename(copy / "inputs" / "ind_extract (1).xlsx")
    code, text = _verify(copy, "--inputs", str(copy / "inputs"))
    assert code == 2
    assert "IND extract ind_extract.xlsx: not found" in text
    assert f"nor in {copy / 'inputs'} (or a folder in it)" in text


def test_inputs_must_be_a_folder_that_exists(archived: Path) -> None:
    code, text = _verify(archived, "--inputs", str(archived / "nosuch"))
    assert code == 2
    assert f"error: --inputs {archived / 'nosuch'}: folder not found" in text


def test_rerun_of_an_untouched_run_is_identical(archived: Path) -> None:
    code, text = _verify(archived, "--inputs", str(archived / "inputs"), "--rerun")
    assert code == 0, text
    assert "reproduced: identical" in text
    assert "Note:" not in text  # the same version and libraries
    assert sorted(p.name for p in (archived / "out").iterdir()) == [
        "evidence.pdf",
        "manifest.json",
        "outcomes.csv",
        "reconciliation.xlsx",
    ]  # nothing written beside the archive


def _reseal(out: Path, name: str) -> None:
    """What a tamperer can do: the manifest's hash of the edited file put right, and the
    manifest's own digest recomputed (anyone can: it is not a signature)."""
    path = out / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["outputs"][name]["sha256"] = sha256_file(out / name)
    manifest["outputs"][name]["size"] = (out / name).stat().st_size
    path.write_bytes(manifest_bytes(sealed(manifest)))


def test_rerun_finds_a_byte_of_outcomes_csv_changed_and_the_manifest_resealed(
    copy: Path,
) -> None:
    out = copy / "out"
    lines = (out / "outcomes.csv").read_bytes().split(b"\n")
    column = lines[0].decode().rstrip("\r").split(",").index("surname")
    # The first row with a plain surname, no quoting before it: one letter of it changed.
    number = next(
        n
        for n, line in enumerate(lines[1:], start=1)
        if b'"' not in b",".join(line.split(b",")[: column + 1])
        and line.count(b",") > column
        and line.split(b",")[column].isalpha()
    )
    cells = lines[number].split(b",", column + 1)
    surname = cells[column].decode()
    edited = ("X" if surname[0] != "X" else "Y") + surname[1:]
    cells[column] = edited.encode()
    lines[number] = b",".join(cells)
    (out / "outcomes.csv").write_bytes(b"\n".join(lines))
    _reseal(out, "outcomes.csv")
    # The hashes and counts agree: verify alone cannot tell.
    code, text = _verify(copy, "--inputs", str(copy / "inputs"))
    assert code == 0, text
    code, text = _verify(copy, "--inputs", str(copy / "inputs"), "--rerun")
    assert code == 2
    assert "not reproduced, 2 differences:" in text
    assert (
        f"  - outcomes.csv: differs from the rerun's: 1 line differs; the first is line "
        f"{number + 1}, column surname: '{edited}' archived, '{surname}' in the rerun"
    ) in text
    assert (
        "  - manifest.json: 1 field differs from the rerun's, beyond its times and paths: "
        "outputs.outcomes.csv.sha256"
    ) in text  # the same size: only the hash the tamperer put right differs
    assert "reconciliation.xlsx" not in text.split("not reproduced")[1]


def test_rerun_names_the_sheet_and_cell_of_an_edited_workbook(copy: Path) -> None:
    import zipfile

    out = copy / "out"
    book = out / "reconciliation.xlsx"
    edited = copy / "edited.xlsx"
    with zipfile.ZipFile(book) as old, zipfile.ZipFile(edited, "w") as new:
        for info in old.infolist():
            part = old.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                assert b"<t>Run id</t>" in part
                part = part.replace(b"<t>Run id</t>", b"<t>Run ID</t>", 1)
            new.writestr(info, part)
    edited.replace(book)
    _reseal(out, "reconciliation.xlsx")
    code, text = _verify(copy, "--inputs", str(copy / "inputs"), "--rerun")
    assert code == 2
    assert (
        "  - reconciliation.xlsx: differs from the rerun's in sheet 'Summary' "
        "(xl/worksheets/sheet1.xml, cell A5)"
    ) in text


def test_rerun_without_the_inputs_says_it_cannot(archived: Path) -> None:
    code, text = _verify(archived, "--rerun")
    assert code == 2
    assert "not possible, the run's inputs are not all at hand (see above); give the" in text


def test_rerun_says_up_front_when_the_version_differs(copy: Path) -> None:
    path = copy / "out" / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["tool"]["version"] = "0.0.1"
    path.write_bytes(manifest_bytes(sealed(manifest)))
    code, text = _verify(copy, "--inputs", str(copy / "inputs"), "--rerun")
    assert code == 2
    assert text.startswith("Note: the run was made with reconcile 0.0.1, this is reconcile ")
    assert "1 field differs from the rerun's, beyond its times and paths: tool.version" in text


def test_rerun_with_a_policy_file_and_decisions_and_the_policy_file_edited(
    sample: Path, tmp_path: Path
) -> None:
    """The settings rebuilt from the manifest: a policy file named in the config (found by
    name, checked by the policy it holds) and a decisions file (by name and SHA-256)."""
    work = tmp_path / "work"
    work.mkdir()
    for name in INPUTS[:2]:
        shutil.copy(sample / name, work / name)
    config = (sample / "audit.toml").read_text(encoding="utf-8")
    assert 'policy = "2006"' in config
    (work / "audit.toml").write_text(
        config.replace('policy = "2006"', 'policy = "local_policy.toml"'), encoding="utf-8"
    )
    shown = runner.invoke(app, ["policy", "show", "2006-eea"])
    assert shown.exit_code == 0, shown.output
    (work / "local_policy.toml").write_text(shown.output, encoding="utf-8")
    (work / "reviewed.csv").write_text(
        "prison_key,ind_key,Decision,Reviewer,Note\nP-0000,I-0000,same person,J Smith,\n",
        encoding="utf-8",
    )
    args = [str(work / n) for n in INPUTS[:2]] + ["-c", str(work / "audit.toml")]
    args += ["--decisions", str(work / "reviewed.csv"), "-o", str(work / "out")]
    done = runner.invoke(app, ["run", *args])
    assert done.exit_code == 0, done.output
    archive = tmp_path / "archive"
    shutil.move(work, archive)
    code, text = _verify(archive, "--inputs", str(archive), "--rerun")
    assert code == 0, text
    assert "decisions file reviewed.csv: not at " in text
    assert "reproduced: identical" in text
    policy = archive / "local_policy.toml"
    policy.write_text(
        policy.read_text(encoding="utf-8").replace("non_eea = 12", "non_eea = 6"),
        encoding="utf-8",
    )
    code, text = _verify(archive, "--inputs", str(archive), "--rerun")
    assert code == 2
    assert (
        f"  - policy file local_policy.toml: changed since the run: {policy} does not hold "
        "the policy the manifest recorded"
    ) in text


def test_rerun_finds_a_policy_file_given_by_a_relative_path(
    sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--policy local.toml` is recorded as given; verify, run from another folder with
    nothing moved, finds it where the run read it (the run's folder), not in its own."""
    work = tmp_path / "work"
    work.mkdir()
    for name in INPUTS:
        shutil.copy(sample / name, work / name)
    shown = runner.invoke(app, ["policy", "show", "2006-eea"])
    assert shown.exit_code == 0, shown.output
    (work / "local.toml").write_text(shown.output, encoding="utf-8")
    monkeypatch.chdir(work)
    args = [*INPUTS[:2], "-c", INPUTS[2], "--policy", "local.toml", "-o", "out"]
    done = runner.invoke(app, ["run", *args])
    assert done.exit_code == 0, done.output
    monkeypatch.chdir(tmp_path)
    code, text = _verify(work, "--rerun")
    assert code == 0, text
    assert "reproduced: identical" in text
    (work / "local.toml").unlink()
    code, text = _verify(work, "--rerun")
    assert code == 2
    assert f"policy file local.toml: not found: not at {work / 'local.toml'}, where" in text


def test_rerun_shows_its_progress_on_a_terminal(
    archived: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A rerun takes as long as the run did: on a terminal it says what it is doing, how long
    the archived run took, and shows a bar per stage, ending with the comparison; the text
    printed at the end is the same as without."""
    from reconcile.verify import verify_outdir

    inputs = [archived / "inputs"]
    ok, text = verify_outdir(archived / "out", None, inputs, rerun_run=True, progress=True)
    shown = capsys.readouterr().err
    assert ok, text
    run_id = json.loads((archived / "out" / "manifest.json").read_text())["run_id"]
    assert f"Running the audit {run_id} again in a temporary folder" in shown
    assert "the archived run took" in shown
    for label in ("Linking people across the extracts", "Comparing the outputs with the archived"):
        assert label in shown
    quiet_ok, quiet = verify_outdir(archived / "out", None, inputs, rerun_run=True)
    assert capsys.readouterr().err == ""
    assert (quiet_ok, quiet) == (ok, text)


@pytest.mark.parametrize(
    ("took", "said"),
    [
        (0.4, "; the archived run took 0.4 s."),
        (9.96, "; the archived run took 10.0 s."),
        (12.3, "; the archived run took 12 s."),
        (4321.0, "; the archived run took 4,321 s."),
        (None, " with these."),
        (True, " with these."),
        (float("nan"), " with these."),
        ("12", " with these."),
    ],
)
def test_the_rerun_says_how_long_the_archived_run_took_however_short(
    took: object, said: str
) -> None:
    """A run of a few seconds, or under one, is said as such: the sentence does not depend on
    the machine being slow enough to take a second."""
    from reconcile.verify import _rerunning_text

    text = _rerunning_text({"run_id": "R-1", "duration_s": took})
    assert text.startswith("Running the audit R-1 again in a temporary folder")
    assert text.endswith(said), text
