"""The generated sample: calibration, determinism, messiness, scaling.

Counts are taken independently: outcomes from truth.csv, offences and court recommendations
from the prison spreadsheet's own cells at the rows truth.csv names.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from reconcile.errors import ConfigError, OutputError
from reconcile.settings import load_config
from reconcile.synth import DEFAULT_PEOPLE, generate_sample, scenario_for
from reconcile.synth.generate import SampleFiles

ROOT = Path(__file__).resolve().parent.parent
FAILURES = {"never_referred", "referred_not_considered", "considered_after_release"}


@pytest.fixture(scope="module")
def default_sample(tmp_path_factory: pytest.TempPathFactory) -> SampleFiles:
    return generate_sample(tmp_path_factory.mktemp("default"))


@pytest.fixture(scope="module")
def small_sample(tmp_path_factory: pytest.TempPathFactory) -> SampleFiles:
    return generate_sample(tmp_path_factory.mktemp("small"), people=200, seed=7)


def read_truth(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def sheet_rows(path: Path, sheet: str) -> dict[int, list[object]]:
    """Rows of a sheet by the row number the spreadsheet shows."""
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()
    return {n: row for n, row in enumerate(rows, start=1)}


def seeds_offences() -> dict[str, int]:
    with (ROOT / "seeds" / "offences_2006.csv").open(encoding="utf-8", newline="") as fh:
        return {row["offence"]: int(row["count"]) for row in csv.DictReader(fh)}


def failure_counts(files: SampleFiles) -> tuple[int, Counter[str], int]:
    """(failures, offences, court recommendations), the last two read from the spreadsheet."""
    truth = [r for r in read_truth(files.truth) if r["role"] == "prison"]
    rows = sheet_rows(files.prison, truth[0]["sheet"])
    header = rows[3]
    offence_col, court_col = header.index("Main Offence"), header.index("Court Rec Deport (Y/N)")
    offences: Counter[str] = Counter()
    court = 0
    failures = [r for r in truth if r["outcome"] in FAILURES]
    for r in failures:
        cells = rows[int(r["row"])]
        offences[str(cells[offence_col]) or "Not available"] += 1
        court += str(cells[court_col]).upper() == "Y"
    return len(failures), offences, court


def test_default_sample_reproduces_the_published_figures(default_sample: SampleFiles) -> None:
    failures, offences, court = failure_counts(default_sample)
    assert failures == 1023
    assert dict(offences) == seeds_offences()
    assert court == 160
    assert default_sample.people == DEFAULT_PEOPLE


def test_default_sample_has_every_kind_of_row(default_sample: SampleFiles) -> None:
    truth = read_truth(default_sample.truth)
    prison = [r for r in truth if r["role"] == "prison"]
    outcomes = Counter(r["outcome"] for r in prison)
    for outcome in (
        "considered_before_release",
        "considered_after_release",
        "referred_not_considered",
        "never_referred",
        "out_of_scope",
        "not_released",
        "insufficient_data",
    ):
        assert outcomes[outcome] >= 20, outcome
    reasons = Counter(r["reason"] for r in prison if r["outcome"] == "out_of_scope")
    assert set(reasons) == {
        "British citizen",
        "EU/EEA national at the release date",
        "sentence below 12 months",
    }
    assert 3000 <= len(prison) <= 4000
    ind = [r for r in truth if r["role"] == "ind"]
    assert Counter(r["outcome"] for r in ind)["no_link"] >= 300
    # people with two custody episodes, with two different prison numbers
    twice = [r for r in prison if r["same_person_prison_rows"]]
    assert len(twice) >= 200
    by_person: dict[str, set[str]] = {}
    for r in twice:
        by_person.setdefault(r["person_id"], set()).add(r["record_id"])
    assert all(len(numbers) == 2 for numbers in by_person.values())


def test_accession_states_fall_either_side_of_may_2004(default_sample: SampleFiles) -> None:
    truth = read_truth(default_sample.truth)
    accession = [
        r for r in truth if r["role"] == "prison" and r["nationality"] in {"PL", "LT", "CZ", "SK"}
    ]
    released = [r for r in accession if r["release_date"] and r["release_date"] <= "2006-03-31"]
    early = [r for r in released if r["release_date"] < "2004-05-01"]
    late = [r for r in released if r["release_date"] >= "2004-05-01"]
    assert early and late
    assert all(r["outcome"] != "out_of_scope" or r["court_recommended"] == "N" for r in early)
    assert all(r["outcome"] == "out_of_scope" for r in late if r["court_recommended"] == "N")
    assert any(r["outcome"] in FAILURES for r in early)


def test_generation_is_byte_identical_for_the_same_seed(tmp_path: Path) -> None:
    a = generate_sample(tmp_path / "a", people=200, seed=11)
    b = generate_sample(tmp_path / "b", people=200, seed=11)
    for x, y in ((a.prison, b.prison), (a.ind, b.ind), (a.audit, b.audit), (a.truth, b.truth)):
        assert x.read_bytes() == y.read_bytes(), x.name
    c = generate_sample(tmp_path / "c", people=200, seed=12)
    assert c.prison.read_bytes() != a.prison.read_bytes()


def _cells(path: Path) -> dict[str, list[list[object]]]:
    book = CalamineWorkbook.from_path(str(path))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


def test_committed_samples_are_what_the_generator_makes(default_sample: SampleFiles) -> None:
    """Cell for cell (bytes can differ between xlsxwriter versions), and truth byte for byte."""
    committed = ROOT / "samples"
    for made in (default_sample.prison, default_sample.ind):
        assert _cells(committed / made.name) == _cells(made), made.name
    for made in (default_sample.truth, default_sample.audit):
        assert (committed / made.name).read_bytes() == made.read_bytes(), made.name


def test_scaled_sample_keeps_its_proportions(small_sample: SampleFiles) -> None:
    sc = scenario_for(200)
    failures, offences, court = failure_counts(small_sample)
    assert failures == sc.failures == round(1023 * 200 / 3500)
    assert court == sc.court_recommended == round(160 * 200 / 3500)
    assert dict(offences) == {k: v for k, v in sc.offences.items() if v}
    truth = read_truth(small_sample.truth)
    assert len({r["person_id"] for r in truth}) == 200


def test_audit_toml_loads_as_a_config(default_sample: SampleFiles) -> None:
    config = load_config(default_sample.audit)
    assert config.audit.as_of == date(2006, 3, 31)
    assert config.audit.seed == 2006
    assert config.policy == "2006"
    assert config.input.prison_columns["prison_number"] == "NOMS No"
    assert config.input.ind_columns["referral_date"] == "Date Referral Received"
    assert config.input.prison_sheet == "FNP discharges"


def test_too_few_people_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="at least"):
        generate_sample(tmp_path, people=10)
    assert not any(tmp_path.iterdir())


def test_existing_files_are_kept_unless_overwrite(tmp_path: Path) -> None:
    generate_sample(tmp_path, people=60)
    with pytest.raises(OutputError, match="already exist"):
        generate_sample(tmp_path, people=60, overwrite=False)


_NUMBER = re.compile(r"^[A-Z]\d{4}[A-Z]{2}$")


def test_the_mess_of_real_extracts_is_there(default_sample: SampleFiles) -> None:
    prison = sheet_rows(default_sample.prison, "FNP discharges")
    ind = sheet_rows(default_sample.ind, "CCT cases")
    assert str(prison[1][0]).startswith("Foreign national prisoners")  # title row
    assert prison[3][0] == "NOMS No" and ind[1][:3] == ["HO Ref", "Family Name", "Given Names"]
    last = max(n for n, row in prison.items() if any(row))
    assert str(prison[last - 1][0]).startswith("Total records")
    data = [row for n, row in prison.items() if 3 < n < last - 2]
    ind_data = [row for n, row in ind.items() if n > 1]

    numbers = [str(row[0]) for row in data]
    assert sum(not _NUMBER.match(n) for n in numbers) >= 100  # lower case, spaces, O for 0
    assert any(n != n.upper() for n in numbers) and any(" " in n for n in numbers)
    assert sum(", " in str(row[1]) and row[2] == "" for row in data) >= 50  # "SURNAME, Forename"

    dobs = [row[3] for row in data]
    assert sum(isinstance(v, date) for v in dobs) > len(dobs) / 2
    assert sum(isinstance(v, float) for v in dobs) >= 100  # Excel serial numbers
    texts = [v for v in dobs if isinstance(v, str) and v]
    for pattern in (r"^\d\d/\d\d/\d{4}$", r"^\d\d\.\d\d\.\d\d$", r"^\d{4}-\d\d-\d\d$"):
        assert any(re.match(pattern, t) for t in texts), pattern
    assert any(re.match(r"^\d\d-[A-Z][a-z]{2}-\d{4}$", t) for t in texts)
    assert any(re.match(r"^\d{8}$", t) for t in texts)
    assert "31/02/1980" in texts

    nationalities = Counter(str(row[4]) for row in data)
    assert nationalities["NOT KNOWN"] >= 20
    assert any(n.upper().startswith("BRITISH") for n in nationalities)
    assert {"Jamaican", "JAMAICA", "Viet Nam", "Holland"} <= set(nationalities)
    sentences = Counter(str(row[5]) for row in data)
    assert sentences["Life"] + sentences["LIFE"] >= 3 and sentences["tbc"] >= 5
    assert sum(row[8] == "" for row in data) >= 80 and sentences  # no release date
    assert any(row[8] == "N/K" for row in data)

    ind_numbers = [row[5] for row in ind_data]
    assert sum(v == "" for v in ind_numbers) > 0.75 * len(ind_numbers)
    names = " ".join(f"{row[1]} {row[2]}" for row in ind_data + data).upper()
    words = set(names.replace(",", " ").split())
    for spelling in ("MUHAMMAD", "MOHAMED", "MOHAMMED", "MOHAMMAD", "NGUYEN", "NGUYỄN"):
        assert spelling in words, spelling
    assert len(words & {"MOHD", "MUHAMMED", "MOHAMAD"}) >= 2
    assert len(words & {"CABDI", "XASAN", "MAXAMED", "CALI", "CUMAR", "XUSEEN", "FAARAX"}) >= 3
    for form in ("AL-", "AL ", "O'", "DA SILVA", "VAN DER"):
        assert form in names, form
    assert any(re.search(r"\bAL[A-Z]{4,}", str(row[1]).upper()) for row in ind_data + data)


def test_every_corruption_kind_occurs(default_sample: SampleFiles) -> None:
    kinds = Counter(
        part
        for r in read_truth(default_sample.truth)
        for part in r["corruptions"].split(";")
        if part
    )
    for kind in (
        "name:variant",
        "name:typo",
        "name:order",
        "name:drop",
        "name:somali3",
        "name:somali_spelling",
        "dob:swap",
        "dob:digit",
        "dob:jan1",
        "dob:missing",
        "number:mistyped",
    ):
        assert kinds[kind] >= 5, kind


def test_samples_readme_states_the_committed_counts() -> None:
    text = (ROOT / "samples" / "README.md").read_text(encoding="utf-8")
    truth = read_truth(ROOT / "samples" / "truth.csv")
    outcomes = Counter(r["outcome"] for r in truth if r["role"] == "prison")
    for outcome, count in outcomes.items():
        label = outcome.replace("_", " ").replace("referred not", "referred, not")
        assert re.search(rf"\| {label} \| {count:,}\b", text), (label, count)
    prison_rows = sum(outcomes.values())
    assert f"{prison_rows:,} custody episodes" in text
    assert f"{sum(1 for r in truth if r['role'] == 'ind'):,} case records" in text


def test_a_file_in_the_way_is_reported(tmp_path: Path) -> None:
    target = tmp_path / "sample"
    target.write_text("not a folder", encoding="utf-8")
    with pytest.raises(OutputError, match="is a file, not a folder"):
        generate_sample(target, people=20)


def test_samples_readme_states_the_committed_mess() -> None:
    text = " ".join((ROOT / "samples" / "README.md").read_text(encoding="utf-8").split())
    truth = read_truth(ROOT / "samples" / "truth.csv")
    prison = [r for r in truth if r["role"] == "prison"]
    late = sum(r["reason"].endswith("referral received after release") for r in prison)
    assert f"({late} of them referred only after release)" in text
    twice = len({r["person_id"] for r in prison if r["same_person_prison_rows"]})
    assert f"two prison numbers ({twice} people)" in text
    ind = [r for r in truth if r["role"] == "ind"]
    linked = sum(r["outcome"] == "linked" for r in ind)
    assert f"{linked:,} belong to people in the prison extract and {len(ind) - linked:,}" in text
    rows = sheet_rows(ROOT / "samples" / "prison_extract.xlsx", "FNP discharges")
    data = [row for n, row in rows.items() if 3 < n <= 3 + len(prison)]
    packed = sum(", " in str(row[1]) and row[2] == "" for row in data)
    assert f"surname cell ({packed} prison rows)" in text
    unknown = sum(str(row[4]).upper() in ("NOT KNOWN", "UNKNOWN") for row in data)
    assert f'"Unknown" ({unknown} prison rows)' in text
    ind_rows = sheet_rows(ROOT / "samples" / "ind_extract.xlsx", "CCT cases")
    blank = sum(row[5] == "" for n, row in ind_rows.items() if n > 1)
    assert f"missing in {blank:,} of the {len(ind):,} IND records" in text
