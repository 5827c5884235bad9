"""The command line, through typer's CliRunner: every command, option and exit code."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reconcile.cli import app
from tests.pdftext import pdf_text

runner = CliRunner()

COMMANDS = [
    ["run"],
    ["sample"],
    ["match"],
    ["inspect"],
    ["verify"],
    ["report"],
    ["policy", "show"],
    ["version"],
]


@pytest.fixture(scope="module")
def small_sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("sample")
    result = runner.invoke(app, ["sample", "-o", str(folder), "--people", "150", "--seed", "11"])
    assert result.exit_code == 0, result.output
    return folder


def run_args(sample: Path, out: Path, *extra: str) -> list[str]:
    return [
        "run",
        str(sample / "prison_extract.xlsx"),
        str(sample / "ind_extract.xlsx"),
        "-c",
        str(sample / "audit.toml"),
        "-o",
        str(out),
        *extra,
    ]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c))
def test_every_command_has_help_with_an_example(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0
    assert "Example: reconcile" in result.output


def test_top_level_help_lists_commands() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for name in ("run", "sample", "match", "inspect", "verify", "report", "policy"):
        assert name in result.output


def test_run_writes_every_output_and_prints_the_summary(small_sample: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, run_args(small_sample, out))
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    assert names == ["evidence.pdf", "manifest.json", "outcomes.csv", "reconciliation.xlsx"]
    assert "Control totals" in result.output
    assert "outcomes assigned (must equal rows read)" in result.output
    assert "Data-quality findings by column" in result.output
    for path in out.iterdir():
        assert path.stat().st_mode & 0o777 == 0o600


def test_run_leaves_the_runs_objects_frozen(small_sample: Path, tmp_path: Path) -> None:
    """No collection walks the run's objects again once they are written (the process ends
    after the summary)."""
    import gc

    gc.unfreeze()
    assert runner.invoke(app, run_args(small_sample, tmp_path / "out")).exit_code == 0
    assert gc.get_freeze_count() > 0
    gc.unfreeze()


def test_run_refuses_to_overwrite_without_force(small_sample: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert runner.invoke(app, run_args(small_sample, out)).exit_code == 0
    again = runner.invoke(app, run_args(small_sample, out))
    assert again.exit_code == 2
    assert again.output.strip() == (
        f"error: {out}: outputs already exist (reconciliation.xlsx, outcomes.csv, evidence.pdf, "
        "manifest.json); use --force to replace them or -o to write elsewhere"
    )
    forced = runner.invoke(app, run_args(small_sample, out, "--force"))
    assert forced.exit_code == 0, forced.output


def test_run_never_writes_over_an_input(small_sample: Path, tmp_path: Path) -> None:
    folder = tmp_path / "inputs"
    folder.mkdir()
    prison = folder / "outcomes.csv"
    prison.write_bytes((small_sample / "prison_extract.xlsx").read_bytes())
    result = runner.invoke(
        app,
        [
            "run",
            str(prison),
            str(small_sample / "ind_extract.xlsx"),
            "-c",
            str(small_sample / "audit.toml"),
            "-o",
            str(folder),
            "--force",
        ],
    )
    assert result.exit_code == 2
    assert "would overwrite the input file" in result.output


def test_run_missing_input(tmp_path: Path) -> None:
    result = runner.invoke(app, ["run", str(tmp_path / "nope.xlsx"), str(tmp_path / "b.xlsx")])
    assert result.exit_code == 2
    assert result.output.strip() == (
        f"error: {tmp_path / 'nope.xlsx'}: prison extract not found; check the path and the "
        "file name"
    )


def test_run_folder_given_as_input(tmp_path: Path) -> None:
    result = runner.invoke(app, ["run", str(tmp_path), str(tmp_path)])
    assert result.exit_code == 2
    assert "is a folder, not a file" in result.output


def test_bad_as_of_date(small_sample: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, [*run_args(small_sample, tmp_path / "o"), "--as-of", "31/03/2006"])
    assert result.exit_code == 2
    assert result.output.strip() == (
        "error: --as-of '31/03/2006' is not a date; write it as YYYY-MM-DD: 2006-03-31"
    )


def test_bad_format(small_sample: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, [*run_args(small_sample, tmp_path / "o"), "--format", "html"])
    assert result.exit_code == 2
    assert "--format 'html' is not known; use one of: text, markdown, grid" in result.output


def test_config_with_several_problems_lists_them(small_sample: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[audit]\nseed = "x"\n[linker]\nfoo = 1\n', encoding="utf-8")
    args = run_args(small_sample, tmp_path / "o")
    args[args.index("-c") + 1] = str(bad)
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert lines[0] == "error: the settings have 2 problems:"
    assert lines[1] == "  - bad.toml [audit].seed: expected a whole number, got 'x'"
    assert lines[2].startswith("  - bad.toml [linker]: unknown setting 'foo'")


def test_internal_error_is_short_and_exit_1(
    small_sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import reconcile.pipeline

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("something broke")

    monkeypatch.setattr(reconcile.pipeline, "run", boom)
    result = runner.invoke(app, run_args(small_sample, tmp_path / "o"))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.output.strip() == (
        "internal error: RuntimeError: something broke. This is a fault in reconcile, not in your "
        "data; run again with --debug and report the traceback."
    )
    debug = runner.invoke(app, [*run_args(small_sample, tmp_path / "o"), "--debug"])
    assert debug.exit_code == 1
    assert "Traceback" in debug.output


def test_usage_error_exits_2() -> None:
    result = runner.invoke(app, ["run"])
    assert result.exit_code == 2


def test_verify_and_report(small_sample: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert runner.invoke(app, run_args(small_sample, out)).exit_code == 0
    ok = runner.invoke(app, ["verify", str(out)])
    assert ok.exit_code == 0, ok.output
    assert "all inputs and outputs match the manifest" in ok.output
    for fmt in ("text", "markdown", "grid"):
        rep = runner.invoke(app, ["report", str(out), "--format", fmt])
        assert rep.exit_code == 0, rep.output
        assert "Never referred" in rep.output
    csv_path = out / "outcomes.csv"
    csv_path.chmod(0o600)
    csv_path.write_text(csv_path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    changed = runner.invoke(app, ["verify", str(out)])
    assert changed.exit_code == 2
    assert "outcomes.csv" in changed.output


def test_verify_on_a_folder_without_manifest(tmp_path: Path) -> None:
    result = runner.invoke(app, ["verify", str(tmp_path)])
    assert result.exit_code == 2
    assert result.output.strip() == (
        f"error: {tmp_path}: no manifest.json here, so this is not a run's output folder; give "
        "the output folder of a `reconcile run` (its -o folder, reconcile-out unless set)"
    )


def test_inspect_shows_the_mapping(small_sample: Path) -> None:
    result = runner.invoke(app, ["inspect", str(small_sample / "prison_extract.xlsx")])
    assert result.exit_code == 0, result.output
    assert "Discharge Date" in result.output
    assert "Header row    3" in result.output


def test_inspect_bad_role(small_sample: Path) -> None:
    result = runner.invoke(
        app, ["inspect", str(small_sample / "prison_extract.xlsx"), "--role", "police"]
    )
    assert result.exit_code == 2
    assert result.output.strip() == "error: --role 'police' is not known; use prison or ind"


def test_match_writes_links(small_sample: Path, tmp_path: Path) -> None:
    out = tmp_path / "links.csv"
    result = runner.invoke(
        app,
        [
            "match",
            str(small_sample / "prison_extract.xlsx"),
            str(small_sample / "ind_extract.xlsx"),
            "-c",
            str(small_sample / "audit.toml"),
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) > 50
    again = runner.invoke(
        app,
        [
            "match",
            str(small_sample / "prison_extract.xlsx"),
            str(small_sample / "ind_extract.xlsx"),
            "-o",
            str(out),
        ],
    )
    assert again.exit_code == 2
    assert "already exist" in again.output


def test_policy_show_and_unknown_policy() -> None:
    result = runner.invoke(app, ["policy", "show", "2006"])
    assert result.exit_code == 0
    assert "12" in result.output
    bad = runner.invoke(app, ["policy", "show", "1999-nope"])
    assert bad.exit_code == 2
    assert bad.output.startswith("error: ")


def test_sample_is_reproducible(tmp_path: Path) -> None:
    for name in ("a", "b"):
        result = runner.invoke(
            app, ["sample", "-o", str(tmp_path / name), "--people", "60", "--seed", "5"]
        )
        assert result.exit_code == 0, result.output
    for file in ("prison_extract.xlsx", "ind_extract.xlsx", "truth.csv"):
        assert (tmp_path / "a" / file).read_bytes() == (tmp_path / "b" / file).read_bytes()


def test_python_dash_m_behaves_like_the_command() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "reconcile", "version"], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0
    assert proc.stdout.startswith("reconcile ")


def test_sample_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    args = ["sample", "-o", str(tmp_path), "--people", "40"]
    assert runner.invoke(app, args).exit_code == 0
    again = runner.invoke(app, args)
    assert again.exit_code == 2
    assert again.output.strip() == (
        f"error: {tmp_path}: prison_extract.xlsx, ind_extract.xlsx, audit.toml, truth.csv "
        "already exist; choose another folder or use --force"
    )
    assert runner.invoke(app, [*args, "--force"]).exit_code == 0


def test_rerun_gives_byte_identical_outputs(small_sample: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert runner.invoke(app, run_args(small_sample, out)).exit_code == 0
    names = ("reconciliation.xlsx", "outcomes.csv", "evidence.pdf")
    first = {name: (out / name).read_bytes() for name in names}
    assert runner.invoke(app, run_args(small_sample, out, "--force")).exit_code == 0
    for name in names:
        assert (out / name).read_bytes() == first[name], name


def _us_extracts(folder: Path) -> tuple[Path, Path]:
    """Two small CSV extracts whose dates are all written month first (US style)."""
    prison = folder / "prison.csv"
    ind = folder / "ind.csv"
    prison.write_text(
        "Prison number,Surname,Forenames,Date of birth,Nationality,Sentence,Release date\n"
        "A1234AA,OKAFOR,Tunde,07/23/1972,Nigerian,24,03/15/2004\n"
        "A1235AA,MENSAH,Kwame,12/13/1969,Ghanaian,30,05/02/2005\n"
        "A1236AA,NOWAK,Piotr,01/30/1980,Jamaican,18,11/20/2003\n",
        encoding="utf-8",
    )
    ind.write_text(
        "HO ref,Surname,Forenames,Date of birth,Date referral received,Date considered\n"
        "O1000001,OKAFOR,Tunde,07/23/1972,01/14/2004,02/02/2004\n"
        "M1000002,MENSAH,Kwame,12/13/1969,03/01/2005,\n",
        encoding="utf-8",
    )
    return prison, ind


def test_month_first_extracts_stop_until_the_order_is_set(tmp_path: Path) -> None:
    prison, ind = _us_extracts(tmp_path)
    args = ["run", str(prison), str(ind), "-o", str(tmp_path / "out"), "--as-of", "2006-03-31"]
    stopped = runner.invoke(app, args)
    assert stopped.exit_code == 2
    assert "prison.csv, column 'Date of birth': the dates are written month first" in (
        stopped.output
    )
    config = tmp_path / "us.toml"
    config.write_text(
        '[input]\nprison_date_order = "month-first"\nind_date_order = "month-first"\n',
        encoding="utf-8",
    )
    done = runner.invoke(app, [*args, "-c", str(config)])
    assert done.exit_code == 0, done.output
    head, *rows = (tmp_path / "out" / "outcomes.csv").read_text(encoding="utf-8").splitlines()
    column = head.split(",").index("outcome")
    outcomes = [row.split(",")[column] for row in rows]
    assert outcomes == ["considered_before_release", "referred_not_considered", "never_referred"]


def test_an_ind_record_giving_only_the_year_of_birth_links_and_says_so(tmp_path: Path) -> None:
    """A casework record with "1972" for a date of birth is linked on the name and the year;
    the reason says which level the year agreed at, the workbook shows the year as given and
    the Data quality sheet says it was compared by the year alone."""
    import csv

    from openpyxl import load_workbook

    prison, ind = tmp_path / "prison.csv", tmp_path / "ind.csv"
    people = [
        ("A1234AA", "OKAFOR", "Tunde", "23/07/1972", "1972"),
        ("A1235AA", "MENSAH", "Kwame", "13/12/1969", "13/12/1969"),
        ("A1236AA", "NOWAK", "Piotr", "30/01/1980", "30/01/1980"),
        ("A1237AA", "WARSAME", "Abdirahman", "02/07/1984", "c. 1984"),
    ]
    prison.write_text(
        "Prison number,Surname,Forenames,Date of birth,Nationality,Sentence,Release date\n"
        + "".join(f"{n},{s},{f},{d},Nigerian,24,15/03/2004\n" for n, s, f, d, _ in people),
        encoding="utf-8",
    )
    ind.write_text(
        "HO ref,Surname,Forenames,Date of birth,Date referral received,Date considered\n"
        + "".join(
            f"X{k:07d},{s},{f},{y},14/01/2004,02/02/2004\n"
            for k, (_, s, f, _, y) in enumerate(people)
        ),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    done = runner.invoke(
        app, ["run", str(prison), str(ind), "-o", str(out), "--as-of", "2006-03-31"]
    )
    assert done.exit_code == 0, done.output
    with open(out / "outcomes.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["outcome"] for r in rows] == ["considered_before_release"] * 4
    assert "date of birth: same year, one gives only the year (+" in rows[0]["link_explanation"]
    assert rows[0]["ind_source_rows"] == "2"
    assert "date of birth: same year, one gives only the year (+" in rows[3]["link_explanation"]
    book = load_workbook(out / "reconciliation.xlsx", read_only=True)
    quality = [r for r in book["Data quality"].iter_rows(values_only=True) if r[0] == "ind.csv"]
    assert [(r[2], r[4], r[6]) for r in quality] == [
        (2, "1972", "compared by the year alone"),
        (5, "c. 1984", "compared by the year alone"),
    ]


def test_the_evidence_pack_shows_a_year_of_birth_given_alone(tmp_path: Path) -> None:
    """A prisoner listed as referred but not considered, linked to a casework record that
    gives only the year of birth: the evidence page shows "1972 (year only)" beside the
    prisoner's date, and the rows of CSV files as "file, row N"."""
    prison, ind = tmp_path / "prison.csv", tmp_path / "ind.csv"
    prison.write_text(
        "Prison number,Surname,Forenames,Date of birth,Nationality,Sentence,Release date\n"
        "A1234AA,OKAFOR,Tunde,23/07/1972,Nigerian,24,15/03/2004\n"
        "A1235AA,MENSAH,Kwame,13/12/1969,Ghanaian,30,15/03/2004\n",
        encoding="utf-8",
    )
    ind.write_text(
        "HO ref,Surname,Forenames,Date of birth,Date referral received,Date considered\n"
        "X0000001,OKAFOR,Tunde,1972,14/01/2004,\n"
        "X0000002,MENSAH,Kwame,13/12/1969,14/01/2004,02/02/2004\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    done = runner.invoke(
        app, ["run", str(prison), str(ind), "-o", str(out), "--as-of", "2006-03-31"]
    )
    assert done.exit_code == 0, done.output
    text = pdf_text(out / "evidence.pdf")
    assert "Prison row 2" in text and "1972 (year only)" in text and "23/07/1972" in text
    assert "prison.csv, row 2" in text and "ind.csv, row 2" in text
    assert ", , row" not in text
    # How the records were linked: this run's weight for each level, the year alone's too.
    assert "4. How the records were linked" in text and "Weight in this run" in text
    assert re.search(r"same year, one gives only the year\s+[+-]\d+\.\d", text)


def test_the_printed_manifest_digest_checks_the_manifest(
    small_sample: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    done = runner.invoke(app, run_args(small_sample, out))
    assert done.exit_code == 0, done.output
    digest = re.search(r"manifest.json SHA-256: ([0-9a-f]{64})", done.output)
    assert digest is not None, done.output
    noted = runner.invoke(app, ["verify", str(out), "--manifest-sha256", digest.group(1)])
    assert noted.exit_code == 0, noted.output
    assert "the manifest is the one noted" in noted.output
    other = "0" * 64
    wrong = runner.invoke(app, ["verify", str(out), "--manifest-sha256", other])
    assert wrong.exit_code == 2
    assert f"not the {other} given" in wrong.output
    garbled = runner.invoke(app, ["verify", str(out), "--manifest-sha256", "3f5a"])
    assert garbled.exit_code == 2
    assert "not a SHA-256 digest" in garbled.output
    manifest = out / "manifest.json"
    manifest.chmod(0o600)
    manifest.write_text(manifest.read_text(encoding="utf-8").replace('"as_of": "', '"as_of": "1'))
    edited = runner.invoke(app, ["report", str(out)])
    assert edited.exit_code == 0
    assert edited.output.startswith(f"WARNING: {out} is not as the run left it")


def _pound_extracts(tmp_path: Path) -> tuple[Path, Path]:
    """A prison CSV saved as cp1252 (a '£' on its third line) and a plain IND CSV."""
    prison = tmp_path / "prison.csv"
    prison.write_bytes(
        "Surname,Forename,Date of birth,Nationality,Sentence,Release date,Note\n"
        "SMITH,JOHN,01/02/1970,Jamaican,24,01/02/2005,none\n"
        "JONES,AMY,03/04/1975,Nigerian,18,05/06/2005,fine £50\n".encode("cp1252")
    )
    ind = tmp_path / "ind.csv"
    ind.write_text(
        "Surname,Forename,Date of birth,Nationality,Date referral received,Date considered\n"
        "SMITH,JOHN,01/02/1970,Jamaican,01/01/2005,01/01/2005\n",
        encoding="utf-8",
    )
    return prison, ind


def test_a_wrong_encoding_says_where_it_was_set_and_suggests_cp1252(tmp_path: Path) -> None:
    prison, ind = _pound_extracts(tmp_path)
    args = ["run", str(prison), str(ind), "-o", str(tmp_path / "out"), "--as-of", "2006-03-31"]
    by_option = runner.invoke(app, [*args, "--encoding", "utf-8"])
    assert by_option.exit_code == 2
    assert by_option.output.strip() == (
        "error: prison.csv: the text cannot be read as utf-8, the encoding set by the "
        "--encoding option (byte 0xa3 on line 3, at byte position 169); a CSV saved by Excel or "
        "another Windows program in the UK is usually cp1252: try --encoding cp1252, or leave "
        "the encoding unset to have UTF-8 or cp1252 chosen for the file"
    )
    config = tmp_path / "enc.toml"
    config.write_text('[input]\nencoding = "utf-8"\n', encoding="utf-8")
    by_file = runner.invoke(app, [*args, "-c", str(config)])
    assert by_file.exit_code == 2
    assert "as utf-8, the encoding set by enc.toml [input].encoding in the config file (" in (
        by_file.output
    )
    assert 'try encoding = "cp1252" there' in by_file.output
    unknown = runner.invoke(app, [*args, "--encoding", "klingon"])
    assert unknown.exit_code == 2
    assert unknown.output.strip() == (
        "error: --encoding: 'klingon' is not a known encoding; use cp1252 for a CSV saved by "
        "Excel or another Windows program in the UK, or utf-8"
    )
    assert runner.invoke(app, [*args, "--encoding", "cp1252"]).exit_code == 0


def test_an_as_of_date_that_does_not_exist(tmp_path: Path) -> None:
    prison, ind = _pound_extracts(tmp_path)
    args = ["run", str(prison), str(ind), "-o", str(tmp_path / "out"), "--as-of", "2006-02-30"]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert result.output.strip() == (
        "error: --as-of '2006-02-30': February 2006 has 28 days, so there is no day 30; give a "
        "date that exists, as YYYY-MM-DD"
    )


def test_run_help_says_what_as_of_defaults_to() -> None:
    result = runner.invoke(app, ["run", "--help"])
    text = " ".join(result.output.split())
    assert "Default: [audit] as_of in the config file, else today." in text
    assert "to reproduce a run on another day, give the same --as-of" in text


def test_bad_linker_settings_and_options_stop_the_run_all_at_once(tmp_path: Path) -> None:
    prison, ind = _pound_extracts(tmp_path)
    config = tmp_path / "bad.toml"
    config.write_text(
        "[linker]\nlink_probability = 1.5\nreview_probability = -1\nem_iterations = 0\n",
        encoding="utf-8",
    )
    args = ["run", str(prison), str(ind), "-o", str(tmp_path / "out"), "-c", str(config)]
    result = runner.invoke(app, [*args, "--policy", "2066", "--as-of", "2006-03-31"])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        "error: the settings have 4 problems:",
        "  - bad.toml [linker].link_probability: 1.5 is outside the allowed range (above 0 and "
        "at most 1)",
        "  - bad.toml [linker].review_probability: -1 is outside the allowed range (above 0 and "
        "below 1)",
        "  - bad.toml [linker].em_iterations: 0 is outside the allowed range (1 to 1,000)",
        "  - --policy: '2066' is neither a preset (2006, 2006-eea, ukba-2007) nor a policy file "
        "that exists; did you mean '2006'?",
    ]
    assert not (tmp_path / "out").exists()


def test_an_edited_preset_passed_to_policy_is_refused(tmp_path: Path) -> None:
    prison, ind = _pound_extracts(tmp_path)
    shown = runner.invoke(app, ["policy", "show", "2006"])
    policy = tmp_path / "mypol.toml"
    policy.write_text(shown.output.replace("non_eea = 12", "non_eea = 6", 1), encoding="utf-8")
    args = ["run", str(prison), str(ind), "-o", str(tmp_path / "out"), "--as-of", "2006-03-31"]
    result = runner.invoke(app, [*args, "--policy", str(policy)])
    assert result.exit_code == 2
    assert result.output.startswith(
        'error: mypol.toml: [policy] name = "2006" and version = "1" are those of the built-in '
        "preset 2006, but this file differs from it: [thresholds] non_eea = 6"
    )
    assert not (tmp_path / "out").exists()
