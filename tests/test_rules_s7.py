"""The Immigration Act 1971 s.7 exemption as a policy setting ([scope] s7_exemption): the
Commonwealth members on 1 January 1973, the note, the exclusion under "apply", the setting in
a policy file, and one run through the command line."""

from __future__ import annotations

import csv
import dataclasses
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from reconcile.cli import app
from reconcile.errors import ConfigError
from reconcile.model import Outcome, Role
from reconcile.read.synonyms import header_key, synonym_index
from reconcile.rules import RULES, classify, load_policy, render_policy
from reconcile.rules.s7 import commonwealth_1973, noted_rows
from tests.test_rules_factories import (
    AS_OF,
    classify_one,
    decision,
    ind,
    links,
    policy,
    prison,
)

D = date
IN, OUT = Outcome.NEVER_REFERRED, Outcome.OUT_OF_SCOPE
NOTE = "The Immigration Act 1971 s.7 may exempt this"
LATER = "The Immigration Act 1971 s.7 exemption does not apply"


def _with(mode: str, preset: str = "2006") -> Any:
    return dataclasses.replace(policy(preset), s7_exemption=mode)


JM = {"nationality": "JM", "nationality_raw": "Jamaican"}
PK = {"nationality": "PK", "nationality_raw": "Pakistani"}
BS = {"nationality": "BS", "nationality_raw": "Bahamian"}
IE = {"nationality": "IE", "nationality_raw": "Irish"}
GB = {"nationality": "GB", "nationality_raw": "British"}
UNKNOWN = {"nationality": None, "nationality_raw": ""}
# Irish nationals are in scope under 2006-eea on 24 months released before 2007-02-01.
IE_IN = {**IE, "sentence_months": 30.0}

# mode, preset, row, outcome, rule, what the reason ends with: NOTE, LATER or "" (neither)
CASES: list[tuple[str, str, dict[str, Any], Outcome, str, str]] = [
    # "note": date of birth either side of commencement, or unknown.
    ("note", "2006", {**JM, "dob": D(1972, 12, 31)}, IN, "scope.non_eea_threshold", NOTE),
    ("note", "2006", {**JM, "dob": D(1973, 1, 1)}, IN, "scope.non_eea_threshold", ""),
    ("note", "2006", {**JM, "dob": None}, IN, "scope.non_eea_threshold", NOTE),
    ("note", "2006", {**JM, "dob": None, "birth_year": 1972}, IN, "scope.non_eea_threshold", NOTE),
    ("note", "2006", {**JM, "dob": None, "birth_year": 1973}, IN, "scope.non_eea_threshold", ""),
    # Not Commonwealth members on 1 January 1973.
    ("note", "2006", {**PK, "dob": D(1950, 1, 1)}, IN, "scope.non_eea_threshold", ""),
    ("note", "2006", {**BS, "dob": D(1950, 1, 1)}, IN, "scope.non_eea_threshold", ""),
    ("note", "2006", {**UNKNOWN, "dob": D(1950, 1, 1)}, IN, "scope.non_eea_threshold", ""),
    # A cell naming two nationalities: the Commonwealth one counts for s.7.
    (
        "note",
        "2006",
        {"nationality": "PK", "nationality_raw": "Pakistani / Jamaican", "dob": D(1950, 1, 1)},
        IN,
        "scope.non_eea_threshold",
        NOTE,
    ),
    # Irish: out of scope under 2006 before s.7 is asked; in scope under 2006-eea, noted.
    ("note", "2006", {**IE, "sentence_months": 30.0}, OUT, "exclude.irish", ""),
    ("note", "2006-eea", IE_IN, IN, "scope.irish_threshold", NOTE),
    ("note", "2006", {**IE, "court_recommended": True}, IN, "scope.court_recommendation", NOTE),
    # British citizens are out of scope under the existing rule.
    ("note", "2006", {**GB, "resident_since": D(1950, 1, 1)}, OUT, "exclude.british", ""),
    # "note" never excludes, whatever the residence date.
    ("note", "2006", {**JM, "resident_since": D(1960, 1, 1)}, IN, "scope.non_eea_threshold", NOTE),
    # "apply": residence on commencement day or the day after.
    ("apply", "2006", {**JM, "resident_since": D(1973, 1, 1)}, OUT, "exclude.s7", ""),
    (
        "apply",
        "2006",
        {**JM, "resident_since": D(1973, 1, 2)},
        IN,
        "scope.non_eea_threshold",
        LATER,
    ),
    ("apply", "2006", {**JM, "resident_since": None}, IN, "scope.non_eea_threshold", NOTE),
    (
        "apply",
        "2006",
        {**JM, "resident_since": None, "unreadable": {"resident_since": "the sixties"}},
        IN,
        "scope.non_eea_threshold",
        NOTE,
    ),
    (
        "apply",
        "2006",
        {**JM, "court_recommended": True, "resident_since": D(1965, 5, 1)},
        OUT,
        "exclude.s7",
        "",
    ),
    ("apply", "2006-eea", {**IE_IN, "resident_since": D(1960, 1, 1)}, OUT, "exclude.s7", ""),
    (
        "apply",
        "2006",
        {**PK, "resident_since": D(1960, 1, 1)},
        IN,
        "scope.non_eea_threshold",
        "",
    ),
    (
        "apply",
        "2006",
        {**BS, "resident_since": D(1960, 1, 1)},
        IN,
        "scope.non_eea_threshold",
        "",
    ),
    (
        "apply",
        "2006",
        {**UNKNOWN, "resident_since": D(1960, 1, 1)},
        IN,
        "scope.non_eea_threshold",
        "",
    ),
    ("apply", "2006", {**GB, "resident_since": D(1960, 1, 1)}, OUT, "exclude.british", ""),
    # Born on commencement day: s.7 cannot apply, whatever the date given.
    (
        "apply",
        "2006",
        {**JM, "dob": D(1973, 1, 1), "resident_since": D(1973, 1, 1)},
        IN,
        "scope.non_eea_threshold",
        "",
    ),
    # Below the threshold: out of scope before s.7 is asked.
    (
        "apply",
        "2006",
        {**JM, "sentence_months": 6.0, "resident_since": D(1960, 1, 1)},
        OUT,
        "exclude.below_threshold",
        "",
    ),
    # "off": nothing is asked, whatever the row gives.
    ("off", "2006", {**JM, "resident_since": D(1960, 1, 1)}, IN, "scope.non_eea_threshold", ""),
    ("off", "2006", {**JM, "dob": D(1950, 1, 1)}, IN, "scope.non_eea_threshold", ""),
]


@pytest.mark.parametrize(("mode", "preset", "row", "outcome", "rule", "ends"), CASES)
def test_s7_by_mode_nationality_birth_and_residence(
    mode: str, preset: str, row: dict[str, Any], outcome: Outcome, rule: str, ends: str
) -> None:
    release = D(2006, 1, 10) if preset == "2006-eea" else D(2005, 7, 14)
    c = classify_one(prison(release_date=release, **row), pol=_with(mode, preset))
    assert c.outcome is outcome, c.reason
    assert c.rule.split("/")[0] == rule
    assert (NOTE in c.reason) is (ends == NOTE), c.reason
    assert (LATER in c.reason) is (ends == LATER), c.reason
    if ends:
        assert c.reason.startswith("In scope under policy") and c.reason.count(ends) == 1


def test_the_exclusion_names_the_nationality_the_residence_date_and_the_act() -> None:
    row = prison(**JM, resident_since=D(1968, 4, 2))
    c = classify_one(row, pol=_with("apply"))
    assert c.rule == "exclude.s7" and c.in_scope is False
    assert "a Commonwealth citizen as a Jamaican national" in c.reason
    assert "resident in the UK since 02/04/1968" in c.reason
    assert "Immigration Act 1971" in c.reason and "s.7" in c.reason
    assert c.reason.endswith("so out of scope under policy 2006 v1.")
    irish = classify_one(
        prison(**IE_IN, release_date=D(2006, 1, 10), resident_since=D(1970, 1, 1)),
        pol=_with("apply", "2006-eea"),
    )
    assert "an Irish citizen, resident in the UK since 01/01/1970" in irish.reason
    assert "exclude.s7" in RULES


def test_the_note_says_what_to_check_and_why() -> None:
    c = classify_one(prison(**JM, dob=D(1960, 3, 4)), pol=_with("note"))
    assert (
        "The Immigration Act 1971 s.7 may exempt this Jamaican national (born 04/03/1960, a "
        "Commonwealth citizen) from deportation: it exempts Commonwealth and Irish citizens "
        "ordinarily resident in the UK since 01/01/1973 and for the 5 years before the decision "
        "(prison terms of 6 months or more not counting), which the extracts do not show; check "
        "residence before counting this row a failure."
    ) in c.reason
    # A row considered in time is no failure: the check bears on counting it in scope.
    considered = ind(referral_date=D(2004, 1, 1), considered_date=D(2004, 2, 1))
    in_time = classify_one(prison(**JM), [considered], pol=_with("note"))
    assert in_time.outcome is Outcome.CONSIDERED_BEFORE_RELEASE
    assert in_time.reason.endswith("check residence before counting this row in scope.")
    unknown = classify_one(prison(**JM, dob=None), pol=_with("note"))
    assert "(date of birth not known, a Commonwealth citizen)" in unknown.reason
    unread = classify_one(
        prison(**JM, unreadable={"resident_since": "the sixties"}), pol=_with("apply")
    )
    assert "could not be read ('the sixties')" in unread.reason
    # "note" shows a residence date it does not judge, rather than say the extracts lack it.
    given = classify_one(prison(**JM, resident_since=D(1965, 1, 1)), pol=_with("note"))
    assert (
        "and the prison extract gives UK residence from 01/01/1965, which this policy's "
        's7_exemption = "note" does not judge ("apply" would); check residence'
    ) in given.reason
    assert "which the extracts do not show" not in given.reason


def test_later_residence_says_the_exemption_does_not_apply() -> None:
    c = classify_one(prison(**JM, resident_since=D(1973, 1, 2)), pol=_with("apply"))
    assert c.reason.endswith(
        "The Immigration Act 1971 s.7 exemption does not apply: this Jamaican national's UK "
        "residence began 02/01/1973, after the Act came into force on 01/01/1973."
    )


MEMBERS = ["GB", "CA", "AU", "NZ", "IN", "LK", "GH", "MY", "NG", "CY", "SL", "TZ", "JM", "TT"]
MEMBERS += ["UG", "KE", "MW", "MT", "ZM", "GM", "SG", "GY", "BW", "LS", "BB", "MU", "SZ", "NR"]
MEMBERS += ["TO", "WS", "FJ", "BD"]


@pytest.mark.parametrize(
    ("code", "member"),
    [
        *((code, True) for code in MEMBERS),
        ("PK", False),  # left 30 January 1972
        ("ZA", False),  # left 1961
        ("BS", False),  # joined 10 July 1973
        ("GD", False),  # joined 1974
        ("BZ", False),  # joined 1981
        ("IE", False),  # Irish citizens count by s.7's own words, not as members
        ("PL", False),
    ],
)
def test_commonwealth_members_on_1_january_1973(code: str, member: bool) -> None:
    table = commonwealth_1973()
    assert table.commencement == D(1973, 1, 1)
    assert table.member(code) is member
    assert set(table.members) == set(MEMBERS)


def test_noted_rows_counts_the_in_scope_rows_with_the_note() -> None:
    rows = [
        prison(0, **JM),  # noted
        prison(1, **JM, dob=D(1980, 1, 1)),  # born after 1973
        prison(2, **JM, sentence_months=6.0),  # out of scope
        prison(3, **PK),  # not a member
        prison(4, **JM, resident_since=D(1960, 1, 1)),  # "apply": excluded; "note": noted
    ]
    for mode, expected in (("off", 0), ("note", 2), ("apply", 1)):
        pol = _with(mode)
        out = classify(rows, [], links([decision(r.idx) for r in rows]), pol, AS_OF)
        assert noted_rows(rows, out, pol) == expected, mode
        assert sum(NOTE in c.reason for c in out) == expected


def _policy_file(tmp_path: Path, value: str) -> Path:
    path = tmp_path / "s7.toml"
    path.write_text(
        f'[policy]\nbase = "2006"\nname = "2006-s7"\nversion = "1"\n\n[scope]\n'
        f"s7_exemption = {value}\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("value", ['"sometimes"', "true", '"Apply"', "1"])
def test_a_bad_value_is_refused_naming_file_table_key_and_choices(
    tmp_path: Path, value: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        load_policy(str(_policy_file(tmp_path, value)))
    said = "; ".join(caught.value.problems)
    assert "s7.toml [scope] s7_exemption:" in said
    assert "use one of off, note, apply" in said


@pytest.mark.parametrize("mode", ["off", "note", "apply"])
def test_the_setting_is_shown_and_loads_back(tmp_path: Path, mode: str) -> None:
    loaded = load_policy(str(_policy_file(tmp_path, f'"{mode}"')))
    assert loaded.s7_exemption == mode
    shown = render_policy(loaded)
    assert f's7_exemption = "{mode}"' in shown
    assert "# Immigration Act 1971 s.7: off, note or apply" in shown
    again = tmp_path / "again.toml"
    again.write_text(shown, encoding="utf-8")
    assert load_policy(str(again)).settings() == loaded.settings()
    recorded = loaded.as_dict()["scope"]
    # Left out of the manifest when off, as before the setting existed (run ids unchanged).
    assert recorded.get("s7_exemption") == (None if mode == "off" else mode)


@pytest.mark.parametrize("preset", ["2006", "2006-eea", "ukba-2007"])
def test_every_preset_has_it_off(preset: str) -> None:
    loaded = load_policy(preset)
    assert loaded.s7_exemption == "off"
    assert 's7_exemption = "off"' in render_policy(loaded)
    assert "s7_exemption" not in loaded.as_dict()["scope"]
    assert not any("s.7" in line for line in loaded.summary_lines())


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Resident since", "resident_since"),
        ("UK resident since", "resident_since"),
        ("Residence start date", "resident_since"),
        ("Date residence began", "resident_since"),
        ("Date of arrival in UK", None),  # arriving is not becoming resident
        ("Arrival date", None),
    ],
)
def test_residence_headers(header: str, field: str | None) -> None:
    assert synonym_index(Role.PRISON).get(header_key(header)) == field
    assert header_key(header) not in synonym_index(Role.IND)


runner = CliRunner()

PRISON_HEADER = "Prison number,Surname,Forenames,Date of birth,Nationality,Sentence,Release date"


def _extracts(folder: Path, residence: bool) -> tuple[Path, Path]:
    """A small pair: five released prisoners, the first four Commonwealth nationals born
    before 1973; with ``residence``, a "Resident since" column."""
    rows = [
        ("A1234AA", "CAMPBELL", "Wes", "12/03/1950", "Jamaican", "24", "15/03/2004", "01/06/1965"),
        ("A1235AA", "MENSAH", "Kwame", "13/12/1955", "Ghanaian", "30", "02/05/2005", "02/01/1973"),
        ("A1236AA", "SINGH", "Harjit", "30/01/1960", "Indian", "18", "20/11/2003", ""),
        ("A1237AA", "KHAN", "Imran", "04/07/1958", "Pakistani", "36", "01/02/2005", "01/01/1960"),
        ("A1238AA", "OKAFOR", "Tunde", "23/07/1980", "Nigerian", "24", "15/03/2004", ""),
    ]  # fmt: skip
    prison = folder / "prison.csv"
    header = PRISON_HEADER + (",Resident since" if residence else "")
    prison.write_text(
        header + "\n" + "".join(",".join(r if residence else r[:-1]) + "\n" for r in rows),
        encoding="utf-8",
    )
    ind = folder / "ind.csv"
    ind.write_text(
        "HO ref,Surname,Forenames,Date of birth,Date referral received,Date considered\n"
        "M1000002,MENSAH,Kwame,13/12/1955,03/01/2005,\n",
        encoding="utf-8",
    )
    return prison, ind


def _run(tmp_path: Path, residence: bool) -> tuple[str, list[dict[str, str]], dict[str, Any]]:
    folder = tmp_path / ("with" if residence else "without")
    folder.mkdir()
    prison, ind = _extracts(folder, residence)
    out = folder / "out"
    args = ["run", str(prison), str(ind), "-o", str(out), "--as-of", "2006-03-31"]
    done = runner.invoke(app, [*args, "--policy", str(_policy_file(folder, '"apply"'))])
    assert done.exit_code == 0, done.output
    with open(out / "outcomes.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return done.output, rows, manifest


def test_a_run_applies_the_exemption_from_a_residence_column(tmp_path: Path) -> None:
    output, rows, manifest = _run(tmp_path, residence=True)
    assert [r["rule"].split("/")[0] for r in rows] == [
        "exclude.s7",  # Jamaican resident since 1965
        "scope.non_eea_threshold",  # Ghanaian resident from 02/01/1973: too late
        "scope.non_eea_threshold",  # Indian, no residence date: the note
        "scope.non_eea_threshold",  # Pakistani: not a member on 1 January 1973
        "scope.non_eea_threshold",  # Nigerian born 1980
    ]
    assert rows[0]["outcome"] == "out_of_scope"
    assert "Jamaican national, resident in the UK since 01/06/1965" in rows[0]["reason"]
    assert LATER in rows[1]["reason"] and "02/01/1973" in rows[1]["reason"]
    assert NOTE in rows[2]["reason"]
    assert not any(NOTE in r["reason"] or LATER in r["reason"] for r in rows[3:])
    assert manifest["counts"]["s7_noted"] == 1
    assert manifest["policy"]["scope"]["s7_exemption"] == "apply"
    assert not any("s.7" in n for n in manifest["notes"])
    line = "In-scope rows s.7 may exempt (Commonwealth or Irish, born before 1973): check residence"
    assert line in output
    report = runner.invoke(app, ["report", str(tmp_path / "with" / "out")])
    assert report.exit_code == 0, report.output
    assert line in report.output


def test_a_run_without_the_column_notes_it_once_and_notes_the_rows(tmp_path: Path) -> None:
    output, rows, manifest = _run(tmp_path, residence=False)
    assert "exclude.s7" not in {r["rule"] for r in rows}
    assert [NOTE in r["reason"] for r in rows] == [True, True, True, False, False]
    assert manifest["counts"]["s7_noted"] == 3
    said = [n for n in manifest["notes"] if "s.7" in n]
    assert len(said) == 1
    assert "prison.csv) has no column giving the date UK residence began" in said[0]
    assert "resident_since" in said[0]
    assert output.count("has no column giving the date UK residence began") == 1
