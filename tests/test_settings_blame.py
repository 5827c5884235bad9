"""Messages about a wrong setting send the auditor to the setting, not to the data: a mistyped
as-of date is named as the cause of dates read as after it, and a setting's message names the
config file it is in (or says it is the default or a command-line option)."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reconcile.cli import app
from reconcile.errors import ConfigError
from reconcile.read.config import LimitsConfig
from reconcile.settings import load_config

runner = CliRunner()


def run(sample: Path, out: Path, *extra: str, config: Path | None = None) -> tuple[int, str]:
    args = ["run", str(sample / "prison_extract.xlsx"), str(sample / "ind_extract.xlsx")]
    args += ["--config", str(config or sample / "audit.toml"), "-o", str(out), *extra]
    result = runner.invoke(app, args)
    assert "Traceback" not in result.output
    return result.exit_code, " ".join(result.output.split())


def edited(sample: Path, folder: Path, old: str, new: str) -> Path:
    """A copy of the sample's audit.toml, named audit.toml, with one line changed."""
    text = (sample / "audit.toml").read_text(encoding="utf-8")
    changed = re.sub(old, new, text, count=1, flags=re.MULTILINE)
    assert changed != text
    path = folder / "audit.toml"
    path.write_text(changed, encoding="utf-8")
    return path


def test_an_as_of_before_the_dates_of_birth_is_named_from_the_config(
    sample: Path, tmp_path: Path
) -> None:
    config = edited(sample, tmp_path, r"^as_of = .*$", "as_of = 1966-03-31")
    code, text = run(sample, tmp_path / "out", config=config)
    assert code == 2, text
    assert "most dates in column 'Date of Birth' (prison_extract.xlsx" in text
    assert "fall after the audit's as-of date 1966-03-31 ([audit] as_of in audit.toml)" in text
    assert "Check that date" in text
    assert "probably not the date of birth column" not in text


def test_an_as_of_option_before_the_dates_of_birth_is_named_as_the_option(
    sample: Path, tmp_path: Path
) -> None:
    code, text = run(sample, tmp_path / "out", "--as-of", "1966-03-31")
    assert code == 2, text
    assert "fall after the audit's as-of date 1966-03-31 (the --as-of option)" in text
    assert "probably not the date of birth column" not in text


def test_a_right_as_of_still_runs(sample: Path, tmp_path: Path) -> None:
    code, text = run(sample, tmp_path / "out")
    assert code == 0, text


def test_a_mapped_header_not_found_names_the_config_file(sample: Path, tmp_path: Path) -> None:
    config = edited(sample, tmp_path, r'^dob = "DOB"$', 'dob = "Birth Dte"')
    code, text = run(sample, tmp_path / "out", config=config)
    assert code == 2, text
    assert "the config maps dob to the header 'Birth Dte' ([columns.ind] in audit.toml)" in text


def test_a_limit_names_the_config_file_it_is_set_in(sample: Path, tmp_path: Path) -> None:
    text = (sample / "audit.toml").read_text(encoding="utf-8") + "\n[limits]\nmax_cells = 1\n"
    config = tmp_path / "audit.toml"
    config.write_text(text, encoding="utf-8")
    code, said = run(sample, tmp_path / "out", config=config)
    assert code == 2, said
    assert "more than the limit of 1 ([limits] max_cells in audit.toml)" in said


def test_a_limit_left_at_its_default_says_so() -> None:
    assert LimitsConfig().where("max_cells") == (
        "[limits] max_cells, the default; set it in a config file given with --config"
    )
    from_file = LimitsConfig(config_file="audit.toml")
    assert from_file.where("max_cells") == (
        "[limits] max_cells, the default, as audit.toml does not change it"
    )


@pytest.mark.parametrize("given", ["false", "true", '"half"'])
def test_an_unreadable_limit_of_the_wrong_kind_is_one_message(tmp_path: Path, given: str) -> None:
    path = tmp_path / "audit.toml"
    path.write_text(f"[input]\nunreadable_limit = {given}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    problems = info.value.problems
    assert len(problems) == 1, problems
    assert "unreadable_limit must be a share above 0 and at most 1" in problems[0]
    assert problems[0].startswith("audit.toml [input]")


def test_the_config_files_name_is_not_part_of_the_run(sample: Path, tmp_path: Path) -> None:
    """The config's name is carried for messages only: the same settings under another file
    name make the same run (the same run id), and the manifest's settings rebuild it."""
    renamed = tmp_path / "renamed.toml"
    renamed.write_text((sample / "audit.toml").read_text(encoding="utf-8"), encoding="utf-8")
    first, second = tmp_path / "first", tmp_path / "second"
    assert run(sample, first)[0] == 0
    assert run(sample, second, config=renamed)[0] == 0
    ids = [(out / "manifest.json").read_text(encoding="utf-8") for out in (first, second)]
    found = [re.search(r'"run_id": "(R-[0-9A-F]{12})"', text) for text in ids]
    assert found[0] and found[1] and found[0][1] == found[1][1]
    assert load_config(renamed).input.config_file == "renamed.toml"


def test_an_as_of_before_most_release_dates_is_noted(sample: Path, tmp_path: Path) -> None:
    """A typed 1996 for 2006: every release is after it, every row Not released and judged
    no further. The run finishes (a list of people still held is a real extract) and says
    so, naming where the date was given; with the right date it says nothing."""
    config = edited(sample, tmp_path, r"^as_of = .*$", "as_of = 1996-03-31")
    code, output = run(sample, tmp_path / "out", config=config)
    assert code == 0, output
    assert re.search(
        r"Note: [\d,]+ of the [\d,]+ prison rows with a release date \(\d+%\) were released "
        r"after the audit's as-of date 31/03/1996 \(\[audit\] as_of in audit.toml\)",
        output,
    ), output
    assert "check the as-of date and run again" in output
    code, output = run(sample, tmp_path / "right")
    assert code == 0 and "were released after the audit's as-of date" not in output


@pytest.mark.parametrize(
    ("after", "before", "noted"),
    [(19, 0, False), (20, 0, True), (20, 20, False), (21, 20, True), (0, 100, False)],
)
def test_the_note_needs_most_rows_and_enough_of_them(after: int, before: int, noted: bool) -> None:
    from datetime import date

    from reconcile.model import Outcome
    from reconcile.rules.classify import as_of_note
    from tests.factories import make_result

    result = make_result()
    row, c = result.prison[0], result.classifications[0]
    assert row.release_date is not None
    undated = dataclasses.replace(row, release_date=None)
    prison = [row] * (after + before) + [undated] * 3  # rows without a release date not counted
    done = [dataclasses.replace(c, outcome=Outcome.NOT_RELEASED)] * after + [c] * before
    done += [dataclasses.replace(c, outcome=Outcome.INSUFFICIENT_DATA)] * 3
    assert bool(as_of_note(prison, done, date(2006, 3, 31))) is noted


def test_release_dates_after_the_extracts_newest_date_are_noted(
    sample: Path, tmp_path: Path
) -> None:
    """The sample's extracts were taken in March 2006 and hold release dates into 2007,
    planned then. With the as-of date given (the sample's config) they are Not released and
    nothing is said; with none given, today is the as-of date, they are judged as releases,
    and the run says so, naming the extracts' newest date and how to give the right one."""
    config = edited(sample, tmp_path, r"^as_of = .*$", "")
    code, output = run(sample, tmp_path / "today", config=config)
    assert code == 0, output
    found = re.search(
        r"Note: ([\d,]+) prison rows? ha(?:s|ve) release dates? more than a month after "
        r"(\d\d/03/2006), the newest referral, consideration or sentence date in the extracts, "
        r"and on or before the audit's as-of date \d\d/\d\d/20\d\d \(today's date, as no "
        r"\[audit\] as_of or --as-of is given\): each is judged as a release\.",
        output,
    )
    assert found and int(found[1].replace(",", "")) > 0, output
    assert f"If the extracts were taken about {found[2]}, those were releases planned" in output
    assert "give the day the extracts were taken as the as-of date" in output
    code, output = run(sample, tmp_path / "given")
    assert code == 0 and "judged as a release" not in output


@pytest.mark.parametrize(
    ("newest", "releases", "noted"),
    [
        ("2006-03-31", ["2006-05-02"] * 20, True),  # 20 rows, more than a month after
        ("2006-03-31", ["2006-05-02"] * 19 + ["2006-03-01"] * 400, False),  # 19 of 419
        ("2006-03-31", ["2006-05-02"] * 3 + ["2006-03-01"] * 40, True),  # 3 of 43: over 5%
        ("2006-03-31", ["2006-05-02"] * 2 + ["2006-03-01"] * 40, False),  # 2 of 42
        ("2006-03-31", ["2006-05-02"] + ["2006-03-01"] * 3, True),  # 1 of 4
        ("2006-03-31", ["2006-05-01"] * 30, False),  # 31 days after: a month, no more
        ("2006-03-31", ["2006-05-02"] * 15 + ["2099-01-01"] * 30, True),
        ("2006-03-31", ["2099-01-01"] * 30, False),  # after the as-of date: Not released
        ("2006-03-31", [], False),
        (None, ["2006-05-02"] * 30, False),  # no referral, consideration or sentence date
        ("2099-01-01", ["2006-05-02"] * 30, False),  # dates after the as-of date are not used
    ],
)
def test_the_planned_release_note_needs_enough_rows_after_the_newest_date(
    newest: str | None, releases: list[str], noted: bool
) -> None:
    from datetime import date

    from reconcile.rules.classify import planned_release_note
    from tests.factories import make_result

    result = make_result()
    row, ind = result.prison[0], result.ind[0]
    when = date.fromisoformat(newest) if newest else None
    prison = [
        dataclasses.replace(row, release_date=date.fromisoformat(d), sentence_start=None)
        for d in releases
    ]
    ind_records = [dataclasses.replace(ind, referral_date=when, considered_date=None)]
    notes = planned_release_note(prison, ind_records, date(2007, 1, 1), "the --as-of option")
    assert bool(notes) is noted, notes
    if noted:
        planned = sum("2006-05-01" < d <= "2007-01-01" for d in releases)
        rows = "prison row has a release date" if planned == 1 else "prison rows have release dates"
        assert notes[0].startswith(f"{planned:,} {rows} more than a month after 31/03/2006,")
        assert "as-of date 01/01/2007 (the --as-of option): each is judged as a release" in notes[0]


def _ind_cut(sample: Path, folder: Path, last: str) -> Path:
    """A copy of the sample's IND extract without the records dated after ``last`` (an
    extract taken that day holds none of them): the rows to leave out are found by reading
    the extract as a run reads it, as its dates are written in several ways."""
    import datetime

    import openpyxl

    from reconcile.app import build_settings
    from reconcile.pipeline import run as run_pipeline

    settings = build_settings(
        sample / "prison_extract.xlsx",
        sample / "ind_extract.xlsx",
        outdir=folder / "first",
        config_path=sample / "audit.toml",
    )
    cut = datetime.date.fromisoformat(last)
    late = {
        r.prov.row
        for r in run_pipeline(settings).ind
        if any(d is not None and d > cut for d in (r.referral_date, r.considered_date))
    }
    assert late
    source = openpyxl.load_workbook(sample / "ind_extract.xlsx")
    sheet = source.worksheets[0]
    made = openpyxl.Workbook()
    out = made.active
    assert out is not None
    out.title = sheet.title
    for r, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        if r not in late:
            out.append(list(row))
    path = folder / "ind_extract.xlsx"
    made.save(path)
    return path


def test_an_ind_extract_older_than_the_prison_extract_is_noted(
    sample: Path, tmp_path: Path
) -> None:
    """An IND extract taken in June 2005 beside a prison extract of March 2006: the rows
    released since cannot find a referral made after June 2005, and the run says so; with
    both extracts of the same day it says nothing."""
    ind = _ind_cut(sample, tmp_path, "2005-06-30")
    args = ["run", str(sample / "prison_extract.xlsx"), str(ind), "-o", str(tmp_path / "out")]
    result = runner.invoke(app, [*args, "--config", str(sample / "audit.toml")])
    assert result.exit_code == 0, result.output
    output = " ".join(result.output.split())
    found = re.search(
        r"Note: The IND extract's newest referral or consideration date is (\d\d/0[56]/2005), "
        r"more than a month before the prison extract's newest sentence date, \d\d/\d\d/2006: "
        r"if the IND extract was taken about \1, it cannot hold a referral or consideration "
        r"made after that day, and ([\d,]+) prison rows? released more than a "
        r"month after it may be listed as never referred or not considered",
        output,
    )
    assert found and int(found[2]) > 0, output
    assert "Use an IND extract taken no earlier than the prison extract" in output
    code, output = run(sample, tmp_path / "same day")
    assert code == 0 and "The IND extract's newest" not in output


@pytest.mark.parametrize(
    ("ind_newest", "prison_newest", "releases", "late"),
    [
        ("2005-06-30", "2006-03-24", ["2005-09-01"] * 20, 20),
        ("2005-06-30", "2006-03-24", ["2005-07-31"] * 20, 0),  # 31 days: not more than a month
        ("2005-06-30", "2005-07-31", ["2005-09-01"] * 20, 0),  # the extracts a month apart
        ("2005-06-30", "2006-03-24", ["2005-09-01"] * 19 + ["2005-01-01"] * 400, 0),
        ("2005-06-30", "2006-03-24", ["2005-09-01"] * 3 + ["2005-01-01"] * 40, 3),
        ("2005-06-30", "2006-03-24", ["2006-04-24"] * 20 + ["2006-04-25"] * 20, 20),  # to Y + 31
        ("2005-06-30", "2006-03-24", ["2006-12-01"] * 30, 0),  # after the as-of date
        (None, "2006-03-24", ["2005-09-01"] * 30, 0),
        ("2005-06-30", None, ["2005-09-01"] * 30, 0),
    ],
)
def test_the_ind_extract_end_note_counts_releases_between_the_two_extracts(
    ind_newest: str | None, prison_newest: str | None, releases: list[str], late: int
) -> None:
    from datetime import date

    from reconcile.rules.classify import ind_extract_end_note
    from tests.factories import make_result

    result = make_result()
    row, ind = result.prison[0], result.ind[0]
    start = date.fromisoformat(prison_newest) if prison_newest else None
    prison = [
        dataclasses.replace(row, release_date=date.fromisoformat(d), sentence_start=start)
        for d in releases
    ]
    when = date.fromisoformat(ind_newest) if ind_newest else None
    records = [dataclasses.replace(ind, referral_date=when, considered_date=None)]
    notes = ind_extract_end_note(prison, records, date(2006, 11, 30))
    assert bool(notes) is bool(late), notes
    if late:
        rows = "prison row released" if late == 1 else "prison rows released"
        assert f", and {late:,} {rows} more than a month after it" in notes[0]
