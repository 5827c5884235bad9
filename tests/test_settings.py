"""The config file: every key is typed, every problem is reported, all at once."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from reconcile.errors import ConfigError
from reconcile.settings import RANGES, Config, Span, load_config, missing_day, parse_date


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "audit.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_no_file_gives_defaults() -> None:
    assert load_config(None) == Config()


def test_full_file_is_read(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
policy = "2006-eea"
[audit]
name = "Test audit"
as_of = 2006-03-31
seed = 7
[input]
prison_sheet = "Extract"
encoding = "cp1252"
[columns.prison]
dob = "Birth Date"
[columns.ind]
case_ref = "CID"
[linker]
link_probability = 0.9
referral_timing = false
[output]
marking = "OFFICIAL"
""",
    )
    cfg = load_config(path)
    assert cfg.audit.name == "Test audit"
    assert cfg.audit.as_of == date(2006, 3, 31)
    assert cfg.audit.seed == 7
    assert cfg.policy == "2006-eea"
    assert cfg.input.prison_sheet == "Extract"
    assert cfg.input.encoding == "cp1252"
    assert cfg.input.prison_columns == {"dob": "Birth Date"}
    assert cfg.input.ind_columns == {"case_ref": "CID"}
    assert cfg.linker.link_probability == 0.9
    assert cfg.linker.referral_timing is False
    assert cfg.output.marking == "OFFICIAL"
    assert cfg.source == path.resolve()


def test_every_problem_is_reported_together(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
[audit]
as_of = "31/03/2006"
seed = "x"
colour = "red"
[linker]
link_probability = "high"
[extra]
a = 1
[columns.other]
x = "y"
""",
    )
    with pytest.raises(ConfigError) as info:
        load_config(path)
    problems = info.value.problems
    assert problems == [
        "audit.toml [audit].as_of: '31/03/2006' is not a date; write it as YYYY-MM-DD: 2006-03-31",
        "audit.toml [audit].seed: expected a whole number, got 'x'",
        "audit.toml [audit]: unknown setting 'colour' (known: as_of, name, seed)",
        "audit.toml [linker].link_probability: expected a number, got 'high'",
        "audit.toml: unknown table [extra] (known: audit, policy, input, columns, linker, "
        "limits, output)",
        "audit.toml: unknown table [columns.other] (known: prison, ind)",
    ]


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="config file not found"):
        load_config(tmp_path / "nope.toml")


def test_not_toml(tmp_path: Path) -> None:
    path = write(tmp_path, "this is = = not toml")
    with pytest.raises(ConfigError, match="not a valid TOML file"):
        load_config(path)


def test_date_order_is_read_and_checked(tmp_path: Path) -> None:
    good = write(tmp_path, '[input]\nprison_date_order = "month-first"\n')
    reading = load_config(good).input
    assert (reading.prison_date_order, reading.ind_date_order) == ("month-first", "day-first")
    bad = write(tmp_path, '[input]\nind_date_order = "mdy"\n')
    with pytest.raises(ConfigError) as info:
        load_config(bad)
    assert info.value.problems == [
        "audit.toml [input]: ind_date_order must be one of 'day-first', 'month-first', not 'mdy'"
    ]


def test_sentence_unit_is_read_and_checked(tmp_path: Path) -> None:
    assert load_config(
        write(tmp_path, '[input]\nsentence_unit = "days"\n')
    ).input.sentence_unit == ("days")
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, '[input]\nsentence_unit = "fortnights"\n'))
    assert info.value.problems == [
        "audit.toml [input]: sentence_unit must be one of 'months', 'weeks', 'days', 'years', "
        "not 'fortnights'"
    ]


@pytest.mark.parametrize(
    ("table", "key", "value", "allowed"),
    [
        ("linker", "link_probability", "1.5", "above 0 and at most 1"),
        ("linker", "link_probability", "0", "above 0 and at most 1"),
        ("linker", "review_probability", "-1", "above 0 and below 1"),
        ("linker", "review_probability", "1", "above 0 and below 1"),
        ("linker", "dedupe_probability", "2", "above 0 and at most 1"),
        ("linker", "ambiguity_margin", "-0.5", "0 to 50"),
        ("linker", "em_iterations", "0", "1 to 1,000"),
        ("linker", "u_sample_pairs", "10", "1,000 to 10,000,000"),
        ("linker", "block_cap", "0", "1 to 1,000,000"),
        ("audit", "seed", "-1", "0 or more"),
        ("limits", "max_cells", "0", "1 or more"),
        ("limits", "reader_timeout_s", "0", "1 or more"),
        ("limits", "reader_memory_mb", "10", "256 or more"),
        ("output", "evidence_max_sections", "-1", "0 or more"),
    ],
)
def test_numbers_out_of_range_name_file_key_value_and_range(
    tmp_path: Path, table: str, key: str, value: str, allowed: str
) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, f"[{table}]\n{key} = {value}\n"))
    assert info.value.problems == [
        f"audit.toml [{table}].{key}: {value} is outside the allowed range ({allowed})"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "[linker]\nlink_probability = 1\nreview_probability = 0.01\ndedupe_probability = 1\n",
        "[linker]\nambiguity_margin = 0\nem_iterations = 1\nu_sample_pairs = 1000\nblock_cap = 1\n",
        "[audit]\nseed = 0\n[output]\nevidence_max_sections = 0\nfile_mode = 0o640\n",
        "[limits]\nmax_cells = 1\nreader_memory_mb = 256\n",
    ],
)
def test_numbers_at_the_ends_of_their_ranges_are_taken(tmp_path: Path, text: str) -> None:
    load_config(write(tmp_path, text))


def test_the_defaults_are_in_their_ranges() -> None:
    config = Config()
    for table, spans in RANGES.items():
        for key, span in spans.items():
            assert span.holds(getattr(getattr(config, table), key)), (table, key)


@pytest.mark.parametrize(
    ("span", "text"),
    [
        (Span(0, 1, lo_open=True), "above 0 and at most 1"),
        (Span(0, 1, lo_open=True, hi_open=True), "above 0 and below 1"),
        (Span(1, 1_000), "1 to 1,000"),
        (Span(0.25, 1.5), "0.25 to 1.5"),
        (Span(0), "0 or more"),
        (Span(0, lo_open=True), "above 0"),
        (Span(hi=5), "at most 5"),
    ],
)
def test_span_in_words(span: Span, text: str) -> None:
    assert span.text() == text


def test_linker_thresholds_are_checked_against_one_another(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(
            write(
                tmp_path,
                "[linker]\nlink_probability = 0.4\nreview_probability = 0.6\n"
                "dedupe_probability = 0.5\n",
            )
        )
    assert info.value.problems == [
        "audit.toml [linker]: review_probability (0.6) must be below link_probability (0.4): "
        "a pair at or above link_probability is linked, one from review_probability up to it "
        "goes to review",
        "audit.toml [linker]: dedupe_probability (0.5) must be at least review_probability "
        "(0.6): rows of one file taken as one person need at least the certainty of a link held "
        "for review",
    ]
    with pytest.raises(ConfigError) as info:  # equal thresholds leave no band for review
        load_config(write(tmp_path, "[linker]\nlink_probability = 0.7\nreview_probability = 0.7\n"))
    assert len(info.value.problems) == 1
    # A value out of its range is reported alone, not also against a default it did not set.
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, "[linker]\nlink_probability = 0.3\nreview_probability = 7\n"))
    assert info.value.problems == [
        "audit.toml [linker].review_probability: 7 is outside the allowed range (above 0 and "
        "below 1)"
    ]


def test_file_mode_must_let_the_owner_read_and_write(tmp_path: Path) -> None:
    for bad in ("0o400", "0o1777", "-1"):
        with pytest.raises(ConfigError, match=r"audit.toml \[output\].file_mode: "):
            load_config(write(tmp_path, f"[output]\nfile_mode = {bad}\n"))


def test_every_kind_of_problem_is_reported_at_once(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
policy = "2006x"
[audit]
as_of = "2006-02-30"
[input]
encoding = "latin-9x"
sentence_unit = "month"
[columns.prison]
surnme = "Surname"
[columns.ind]
case_ref = "HO Ref"
[linker]
link_probability = 0.4
review_probability = 0.6
em_iterations = 0
[linkr]
x = 1
""",
    )
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert sorted(info.value.problems) == sorted(
        [
            "audit.toml [audit].as_of: '2006-02-30': February 2006 has 28 days, so there is no "
            "day 30; give a date that exists",
            "audit.toml [linker].em_iterations: 0 is outside the allowed range (1 to 1,000)",
            "audit.toml: unknown table [linkr]; did you mean 'linker'? (known: audit, policy, "
            "input, columns, linker, limits, output)",
            "audit.toml [columns.prison]: unknown field 'surnme'; did you mean 'surname'? "
            "(known: prison_number, surname, forenames, full_name, dob, nationality, sentence, "
            "offence, sentence_start, release_date, court_recommended, pnc, cro, "
            "resident_since)",
            "audit.toml [input]: sentence_unit must be one of 'months', 'weeks', 'days', "
            "'years', not 'month'; did you mean 'months'?",
            "audit.toml [linker]: review_probability (0.6) must be below link_probability (0.4): "
            "a pair at or above link_probability is linked, one from review_probability up to "
            "it goes to review",
            "audit.toml policy: '2006x' is neither a preset (2006, 2006-eea, ukba-2007) nor a "
            "policy file that exists; did you mean '2006'?",
            "audit.toml [input].encoding: 'latin-9x' is not a known encoding; did you mean "
            "'latin9'? Otherwise use cp1252 for a CSV saved by Excel or another Windows program "
            "in the UK, or utf-8",
        ]
    )


def test_an_unknown_setting_suggests_the_close_one(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, "[linker]\nlink_probabilty = 0.9\n"))
    assert info.value.problems[0].startswith(
        "audit.toml [linker]: unknown setting 'link_probabilty'; did you mean 'link_probability'?"
    )
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, "[input]\nencoding_from = 'x'\n"))
    assert info.value.problems == ["audit.toml [input]: unknown setting 'encoding_from'"]


def test_the_options_are_checked_with_the_file_and_named_as_options(tmp_path: Path) -> None:
    path = write(tmp_path, '[input]\nencoding = "latin-9x"\npolicy_typo = 1\n')
    with pytest.raises(ConfigError) as info:
        load_config(path, policy="2006-ee", encoding="klingon")
    assert info.value.problems[1:] == [
        "--policy: '2006-ee' is neither a preset (2006, 2006-eea, ukba-2007) nor a policy file "
        "that exists; did you mean '2006-eea'?",
        "--encoding: 'klingon' is not a known encoding; use cp1252 for a CSV saved by Excel or "
        "another Windows program in the UK, or utf-8",
    ]  # the file's encoding, overridden by the option, is not checked
    assert info.value.problems[0].startswith("audit.toml [input]: unknown setting 'policy_typo'")
    good = load_config(None, policy="ukba-2007", encoding="cp1252")
    assert (good.policy, good.input.encoding) == ("ukba-2007", "cp1252")
    assert good.input.encoding_from == "the --encoding option"
    from_file = load_config(write(tmp_path, '[input]\nencoding = "cp1252"\n'))
    assert from_file.input.encoding_from == "audit.toml [input].encoding in the config file"


def test_a_policy_file_is_checked_with_the_config(tmp_path: Path) -> None:
    (tmp_path / "mine.toml").write_text(
        '[policy]\nname = "mine"\nversion = "1"\n[scope]\nlife_counts = "yes"\n', encoding="utf-8"
    )
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, 'policy = "mine.toml"\n[linker]\nem_iterations = 0\n'))
    assert info.value.problems == [
        "audit.toml [linker].em_iterations: 0 is outside the allowed range (1 to 1,000)",
        "mine.toml [scope] life_counts: expected true or false, got 'yes'",
    ]
    with pytest.raises(ConfigError, match=r"policy file 'gone\.toml' not found"):
        load_config(write(tmp_path, 'policy = "gone.toml"\n'))


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2006-02-30", "February 2006 has 28 days, so there is no day 30"),
        ("2004-02-29", None),
        ("2005-02-29", "February 2005 has 28 days, so there is no day 29"),
        ("2006-04-31", "April 2006 has 30 days, so there is no day 31"),
        ("2006-13-01", "there is no month 13 (the month comes second, 01 to 12)"),
        ("2006-00-10", "there is no month 0 (the month comes second, 01 to 12)"),
        ("2006-03-00", "March 2006 has 31 days, so there is no day 0"),
        ("0000-01-01", "there is no year 0"),
        ("31/03/2006", None),
        ("2006-03-31", None),
    ],
)
def test_missing_day(text: str, reason: str | None) -> None:
    assert missing_day(text) == reason


def test_parse_date_says_what_is_wrong() -> None:
    assert parse_date("2006-03-31", "--as-of") == date(2006, 3, 31)
    with pytest.raises(ConfigError) as info:
        parse_date("2006-02-30", "--as-of")
    assert str(info.value) == (
        "--as-of '2006-02-30': February 2006 has 28 days, so there is no day 30; give a date "
        "that exists, as YYYY-MM-DD"
    )
    with pytest.raises(ConfigError, match="is not a date; write it as YYYY-MM-DD"):
        parse_date("31/03/2006", "--as-of")
