"""`reconcile run` end to end on small messy extracts that hypothesis makes up: names with
particles, accents, other scripts, commas, titles or nothing; dates as date cells, day-first
text, two-digit years, month first, blank or junk; prison numbers in odd case and spacing; one
person on several rows; release, referral and consideration dates in any order, missing or
after the as-of date; decisions in words; sentence lengths as numbers, text or "Life". In CSV
and in xlsx.

A run either succeeds or refuses with one line naming the file (exit 2); never an internal
error. A run that succeeds accounts for every prison row once, in outcomes.csv, the manifest's
control totals and the workbook alike, passes `reconcile verify`, and gives the same bytes when
run again.

Short runs here; for a long run on demand:
    RUN_FUZZ_EXAMPLES=300 pytest tests/test_fuzz_run.py
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import event, given
from hypothesis import strategies as st
from typer.testing import CliRunner

from reconcile.cli import app
from reconcile.model import OUTCOME_LABELS, Outcome
from tests.fuzzing import examples, fuzz

EXAMPLES = examples("RUN_FUZZ_EXAMPLES", 3)
runner = CliRunner()
AS_OF = date(2006, 3, 31)
OUTPUTS = ("reconciliation.xlsx", "outcomes.csv", "evidence.pdf")

PRISON_HEADERS = {
    "prison_number": "Prison No",
    "surname": "Surname",
    "forenames": "Forenames",
    "full_name": "Name",
    "dob": "DOB",
    "nationality": "Nationality",
    "sentence": "Sentence (months)",
    "offence": "Offence",
    "sentence_start": "Sentence Date",
    "release_date": "Release Date",
    "court_recommended": "Court Rec",
}
IND_HEADERS = {
    "case_ref": "Case Ref",
    "surname": "Family Name",
    "forenames": "Given Names",
    "full_name": "Name",
    "dob": "Date of Birth",
    "nationality": "Nationality",
    "prison_number": "Prison No",
    "referral_date": "Referral Date",
    "considered_date": "Date Considered",
    "decision": "Decision",
}
NAME_FIELDS = ("surname", "forenames", "full_name")

SURNAMES = (
    "Smith",
    "van der Berg",
    "de la Cruz",
    "Al-Hassan",
    "bin Laden",
    "O'Brien",
    "MacDonald",
    "Öztürk",
    "Łukaszewicz",
    "Nguyễn",
    "Иванов",
    "王",
    "محمد",
    "Παπαδόπουλος",
    "Mensah-Bonsu",
    "dos Santos",
    "D'Souza",
    "Hussein",
    "Hussain",
    "Ng",
    "X",
    "O’Neil",
    "Smith (aka Jones)",
    "Mohammed\u200b",
    "JONES 2",
    "Nguyen Van Thi Minh Khai Hoang Le",
    "-",
    "Unknown",
)
FORENAMES = (
    "John",
    "Mohammed Ali",
    "José María",
    "Abdirashid Nuur",
    "Ömer",
    "Иван",
    "小明",
    "Ngozi",
    "Jean-Pierre",
    "Van An",
    "A",
    "Mary Ann Jnr",
)
TITLES = ("", "", "", "Mr ", "Mrs ", "Dr ", "MR. ")
NATIONALITIES = (
    "Nigerian",
    "Jamaica",
    "Irish",
    "British",
    "French",
    "Polish",
    "Somali",
    "Viet Nam",
    "NG",
    "Unknown",
    "",
    "Stateless",
    "British / Nigerian",
    "Swiss",
    "Zzzland",
)
SENTENCES = (
    "Life",
    "life",
    "IPP",
    "2 years 6 months",
    "18m",
    "18/12",
    "2 x 6 months consecutive",
    "12 months suspended for 2 years",
    "DTO 12 months",
    "",
    "two yrs",
    "0",
    "-3",
    "6.5",
    "N/K",
)
OFFENCES = ("Robbery", "Drugs", "", "Theft, shoplifting", "=SUM(A1)", "Murder", "Fraud")
DECISIONS = ("", "", "Deport", "No action", "NFA", "Deport - appeal lodged", "décision", "?")
COURT_RECS = ("Y", "N", "", "yes", "No", "?", "y ")
JUNK_DATES = (
    "unknown",
    "N/K",
    "31/02/2003",
    "29/02/2001",
    "00/00/0000",
    "?",
    "2003",
    "12.04",
    "tbc",
    "-",
    "01/01/1900",
    "01/01/2099",
    "0",
    "\u200b",
    "12/13/14",
)
DATE_STYLES = (
    "cell",
    "cell",
    "dmy",
    "dmy",
    "dmy2",
    "iso",
    "dmon",
    "us",
    "blank",
    "junk",
    "serial",
    "dotted",
)
ALPHABET = "ACDEFGHJKLMNPQRTVWXYZ"


@dataclass(frozen=True)
class Person:
    surname: str
    forenames: str
    dob: date
    prison_number: str
    nationality: str


@st.composite
def people(draw: st.DrawFn) -> Person:
    letters = draw(st.text(ALPHABET, min_size=3, max_size=3))
    digits = draw(st.integers(0, 9999))
    return Person(
        draw(st.sampled_from(SURNAMES)),
        draw(st.sampled_from(FORENAMES)),
        draw(st.dates(date(1940, 1, 1), date(1992, 12, 31))),
        f"{letters[0]}{digits:04d}{letters[1:]}",
        draw(st.sampled_from(NATIONALITIES)),
    )


Cell = str | int | float | datetime | None


@st.composite
def date_cells(draw: st.DrawFn, when: date | None, xlsx: bool) -> Cell:
    """A date as an extract might hold it."""
    if when is None:
        return draw(st.sampled_from(("", "", " ", "N/A")))
    style = draw(st.sampled_from(DATE_STYLES))
    if style == "cell":
        return datetime(when.year, when.month, when.day) if xlsx else when.isoformat()
    formats = {"dmy": "%d/%m/%Y", "dmy2": "%d/%m/%y", "iso": "%Y-%m-%d", "dmon": "%d %b %Y"}
    if style in formats:
        return when.strftime(formats[style])
    if style == "us":
        return when.strftime("%m/%d/%Y")
    if style == "serial":  # Excel's day count, as a number or as text
        serial = (when - date(1899, 12, 30)).days
        return draw(st.sampled_from((serial, str(serial), float(serial))))
    if style == "dotted":
        return when.strftime(draw(st.sampled_from(("%d.%m.%Y", "%d-%m-%y", "%d %B %y"))))
    if style == "blank":
        return ""
    return draw(st.sampled_from(JUNK_DATES))


@st.composite
def dates_near(draw: st.DrawFn) -> date | None:
    """Mostly within the audit's years; some after the as-of date; some missing."""
    if draw(st.integers(0, 5)) == 0:
        return None
    return draw(st.dates(date(1998, 1, 1), date(2008, 12, 31)))


@st.composite
def prison_numbers(draw: st.DrawFn, number: str) -> str:
    shape = draw(st.integers(0, 7))
    if shape == 0:
        return ""
    if shape == 1:
        return number.lower()
    if shape == 2:
        return f" {number[0]} {number[1:5]} {number[5:]} "
    if shape == 3:
        return number + "\u00a0"
    if shape == 4:
        return number[:2] + number[2:5]  # a short, LIDS-looking number
    return number


@st.composite
def names(draw: st.DrawFn, person: Person, one_cell: bool) -> dict[str, str]:
    blank = draw(st.integers(0, 9)) == 0
    if blank:
        return {"full_name": ""} if one_cell else {"surname": "", "forenames": ""}
    title = draw(st.sampled_from(TITLES))
    surname = draw(st.sampled_from((person.surname, person.surname.upper())))
    if one_cell:
        shape = draw(st.integers(0, 2))
        whole = (
            f"{surname.upper()}, {person.forenames}",
            f"{title}{person.forenames} {surname}",
            f"{surname}",
        )[shape]
        return {"full_name": whole}
    return {"surname": surname, "forenames": f"{title}{person.forenames}"}


@st.composite
def sentences(draw: st.DrawFn) -> Cell:
    if draw(st.booleans()):
        return draw(st.integers(1, 240))
    return draw(st.sampled_from(SENTENCES))


@st.composite
def prison_rows(draw: st.DrawFn, crowd: list[Person], xlsx: bool, one_cell: bool) -> dict:
    person = draw(st.sampled_from(crowd))
    release = draw(dates_near())
    start = None if release is None else release - timedelta(days=draw(st.integers(-30, 2000)))
    row: dict[str, Cell] = {
        "prison_number": draw(prison_numbers(person.prison_number)),
        **draw(names(person, one_cell)),
        "dob": draw(date_cells(person.dob if draw(st.integers(0, 8)) else None, xlsx)),
        "nationality": draw(st.sampled_from((person.nationality, person.nationality.upper()))),
        "sentence": draw(sentences()),
        "offence": draw(st.sampled_from(OFFENCES)),
        "sentence_start": draw(date_cells(start, xlsx)),
        "release_date": draw(date_cells(release, xlsx)),
        "court_recommended": draw(st.sampled_from(COURT_RECS)),
    }
    return row


@st.composite
def ind_rows(draw: st.DrawFn, crowd: list[Person], xlsx: bool, one_cell: bool) -> dict:
    person = draw(st.sampled_from(crowd))
    referral, considered = draw(dates_near()), draw(dates_near())
    return {
        "case_ref": draw(st.sampled_from(("", f"B{draw(st.integers(0, 9999999)):07d}", "+C1"))),
        **draw(names(person, one_cell)),
        "dob": draw(date_cells(person.dob if draw(st.integers(0, 8)) else None, xlsx)),
        "nationality": draw(st.sampled_from((person.nationality, ""))),
        "prison_number": draw(prison_numbers(person.prison_number)),
        "referral_date": draw(date_cells(referral, xlsx)),
        "considered_date": draw(date_cells(considered, xlsx)),
        "decision": draw(st.sampled_from(DECISIONS)),
    }


@dataclass
class Extract:
    name: str
    headers: list[str]
    fields: list[str]
    rows: list[list[Cell]]
    above: tuple[str, ...] = ()  # title lines above the header
    below: str = ""  # a totals line below the data

    def write(self, folder: Path) -> Path:
        path = folder / self.name
        if path.suffix == ".csv":
            with path.open("w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerows([line] for line in self.above)
                writer.writerow(self.headers)
                writer.writerows(["" if v is None else v for v in row] for row in self.rows)
                if self.below:
                    writer.writerow([self.below])
        else:
            book = openpyxl.Workbook()
            sheet = book.active
            assert sheet is not None
            sheet.title = "Data"
            for line in self.above:
                sheet.append([line])
            sheet.append(self.headers)
            for row in [*self.rows, *([[self.below]] if self.below else [])]:
                sheet.append([None if v == "" else v for v in row])
                for cell in sheet[sheet.max_row]:
                    if isinstance(cell.value, str) and cell.value.startswith("="):
                        cell.data_type = "s"  # text that looks like a formula, not a formula
            book.save(path)
        return path

    def data_rows(self) -> set[int]:
        """The row numbers of the rows below the header holding any value."""
        first = len(self.above) + 2
        rows = [*self.rows, *([[self.below]] if self.below else [])]
        return {
            n
            for n, row in enumerate(rows, start=first)
            if any(v is not None and str(v).strip() for v in row)
        }


def _extract(name: str, headers: dict[str, str], rows: list[dict]) -> Extract:
    fields = [f for f in headers if f in rows[0]]
    return Extract(
        name, [headers[f] for f in fields], fields, [[r[f] for f in fields] for r in rows]
    )


@dataclass
class Pair:
    """Two extracts and the settings to run them with."""

    prison: Extract
    ind: Extract
    policy: str = "2006"
    as_of: date = AS_OF
    mapped: bool = True  # the columns named in the settings, else found by their headers
    hash_seed: int = 1  # of the second run, in a process of its own

    def config(self) -> str:
        lines = [f'policy = "{self.policy}"', "", "[audit]", 'name = "Fuzzed audit"']
        lines.append(f"as_of = {self.as_of}")
        for role, extract in (("prison", self.prison), ("ind", self.ind)):
            if self.mapped:
                lines += ["", f"[columns.{role}]"]
                names = zip(extract.fields, extract.headers, strict=True)
                lines += [f'{f} = "{h}"' for f, h in names]
        return "\n".join(lines) + "\n"


TITLES_ABOVE = ((), (), ("Foreign national prisoners",), ("Extract", "Run 2006-04-01"))
TOTALS_BELOW = ("", "", "Total", "Total records: 40", "Note: nationality as declared")
# Headers found without the settings naming them (synonyms the reader knows).
OTHER_HEADERS = {
    "prison_number": "NOMS No",
    "surname": "Family name",
    "forenames": "Forename(s)",
    "dob": "Date of Birth",
    "sentence": "Sentence Length",
    "release_date": "Discharge Date",
    "referral_date": "Date Referral Received",
    "considered_date": "Date Considered",
}


@st.composite
def extracts(draw: st.DrawFn, name: str, headers: dict[str, str], rows: list[dict]) -> Extract:
    if draw(st.integers(0, 4)) == 0:  # a row given twice, a blank row among the data
        rows = [*rows, draw(st.sampled_from(rows))]
        rows.insert(draw(st.integers(0, len(rows))), dict.fromkeys(rows[0], ""))
    if draw(st.booleans()):
        headers = {**headers, **{f: h for f, h in OTHER_HEADERS.items() if f in headers}}
    made = _extract(name, headers, rows)
    made.above = draw(st.sampled_from(TITLES_ABOVE))
    made.below = draw(st.sampled_from(TOTALS_BELOW))
    return made


@st.composite
def extract_pairs(draw: st.DrawFn) -> Pair:
    crowd = draw(st.lists(people(), min_size=1, max_size=12))
    kinds = [draw(st.sampled_from(("csv", "xlsx"))) for _ in range(2)]
    one_cell = [draw(st.integers(0, 3)) == 0 for _ in range(2)]
    strangers = draw(st.lists(people(), min_size=1, max_size=6))
    prison = draw(
        st.lists(prison_rows(crowd, kinds[0] == "xlsx", one_cell[0]), min_size=5, max_size=40)
    )
    ind = draw(
        st.lists(
            ind_rows(crowd + strangers, kinds[1] == "xlsx", one_cell[1]), min_size=5, max_size=40
        )
    )
    return Pair(
        draw(extracts(f"prison.{kinds[0]}", PRISON_HEADERS, prison)),
        draw(extracts(f"ind.{kinds[1]}", IND_HEADERS, ind)),
        draw(st.sampled_from(("2006", "2006", "2006-eea", "ukba-2007"))),
        draw(st.sampled_from((AS_OF, AS_OF, date(2001, 6, 30), date(2009, 12, 31)))),
        draw(st.booleans()),
        draw(st.integers(1, 2**32 - 1)),
    )


# --- running and checking -----------------------------------------------------------------


def _arguments(folder: Path, pair: Pair, out: str) -> list[str]:
    files = [str(folder / pair.prison.name), str(folder / pair.ind.name)]
    return ["run", *files, "-c", str(folder / "audit.toml"), "-o", str(folder / out)]


def run_pair(folder: Path, pair: Pair) -> tuple[int, str]:
    """Write the pair and its settings into ``folder`` and run over them into folder/out."""
    for extract in (pair.prison, pair.ind):
        extract.write(folder)
    (folder / "audit.toml").write_text(pair.config(), encoding="utf-8")
    done = runner.invoke(app, _arguments(folder, pair, "out"))
    return done.exit_code, done.output


def assert_refused_in_words(text: str, *files: str) -> None:
    """Exit 2 with a message that starts "error:", names a file and has no traceback."""
    assert "Traceback" not in text and "internal error" not in text, text
    assert text.startswith("error:"), text
    assert any(name in text for name in files), text


def _outcomes(out: Path) -> list[dict[str, str]]:
    with (out / "outcomes.csv").open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _listed(sheet: Any) -> list[tuple[Any, ...]]:
    """A listing's rows under its heading, blank rows left out."""
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    return [r for r in rows if any(v is not None and v != "" for v in r)]


LISTED_ON_THEIR_OWN_SHEET = (
    Outcome.NEVER_REFERRED,
    Outcome.REFERRED_NOT_CONSIDERED,
    Outcome.CONSIDERED_AFTER_RELEASE,
    Outcome.INSUFFICIENT_DATA,
)


def assert_accounted_for(folder: Path, prison: Extract) -> None:
    """Every prison row once in outcomes.csv or set aside; the manifest's totals add up and
    agree with outcomes.csv; the workbook's sheets with the manifest; verify passes."""
    out = folder / "out"
    rows = _outcomes(out)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    counts = manifest["counts"]
    skipped = [s["row"] for s in manifest["inputs"]["prison"]["skipped_rows"]]
    listed = [int(r["source_row"]) for r in rows]
    assert len(listed) == len(set(listed)), "a prison row listed twice"
    assert not set(listed) & set(skipped), "a prison row both read and set aside"
    assert set(listed) | set(skipped) == prison.data_rows()
    assert all(r["outcome"] in {o.value for o in Outcome} for r in rows)

    outcomes = counts["outcomes"]
    assert counts["prison_rows_read"] == len(rows) == sum(outcomes.values())
    assert counts["prison_rows_skipped"] == len(skipped)
    assert Counter(r["outcome"] for r in rows) == +Counter(outcomes)
    assert counts["ind_linked"] + counts["ind_unlinked"] == counts["ind_rows_read"]
    failures = sum(outcomes[o.value] for o in LISTED_ON_THEIR_OWN_SHEET[:3])
    assert counts["not_considered"] == failures

    book = openpyxl.load_workbook(out / "reconciliation.xlsx", read_only=True)
    try:
        summary = {r[0]: r[1] for r in book["Summary"].iter_rows(values_only=True) if r}
        for outcome, words in OUTCOME_LABELS.items():
            assert summary[words] == outcomes[outcome.value], words
        for outcome in LISTED_ON_THEIR_OWN_SHEET:
            assert len(_listed(book[OUTCOME_LABELS[outcome]])) == outcomes[outcome.value], outcome
        every = _listed(book["All prison rows"])
        assert len(every) == counts["prison_rows_read"]
        assert len(_listed(book["IND records not linked"])) == counts["ind_unlinked"]
        review = {r[0] for r in _listed(book["Needs review"])}
        assert len(review) == counts["review_rows"]
    finally:
        book.close()

    code, text = _invoke("verify", str(out))
    assert code == 0, text


def _invoke(*args: str) -> tuple[int, str]:
    done = runner.invoke(app, list(args))
    return done.exit_code, done.output


def assert_run_holds(folder: Path, pair: Pair, elsewhere: bool = True) -> str:
    """The run succeeds and accounts for every row, or refuses in words; run again (in another
    process, with another hash seed, if ``elsewhere``), it gives the same bytes. The refusal,
    or "" for a run that succeeded."""
    code, text = run_pair(folder, pair)
    if code != 0:
        assert code == 2, text
        assert_refused_in_words(text, pair.prison.name, pair.ind.name, "audit.toml")
        return text
    assert_accounted_for(folder, pair.prison)
    if elsewhere:  # set and dict orders differ there
        again = subprocess.run(
            [sys.executable, "-m", "reconcile", *_arguments(folder, pair, "again")],
            env={**os.environ, "PYTHONHASHSEED": str(pair.hash_seed)},
            capture_output=True,
            text=True,
            check=False,
        )
        assert again.returncode == 0, again.stdout + again.stderr
    else:
        done = runner.invoke(app, _arguments(folder, pair, "again"))
        assert done.exit_code == 0, done.output
    for name in OUTPUTS:
        first, second = (folder / o / name for o in ("out", "again"))
        assert first.read_bytes() == second.read_bytes(), name
    return ""


@fuzz(EXAMPLES)
@given(extract_pairs())
def test_a_run_on_messy_extracts_accounts_for_every_row_or_refuses_in_words(pair: Pair) -> None:
    with tempfile.TemporaryDirectory(prefix="run-fuzz-") as scratch:
        refused = assert_run_holds(Path(scratch), pair)
    event(f"run: refused ({refused[:60]})" if refused else "run: succeeded")


# --- hand-made nasty pairs ----------------------------------------------------------------

ONE = Person("Hussein", "Abdirashid Nuur", date(1975, 4, 12), "A1234BC", "Somali")


def _prison_row(person: Person, release: date | None, **kw: Cell) -> dict:
    row: dict[str, Cell] = {
        "prison_number": person.prison_number,
        "surname": person.surname,
        "forenames": person.forenames,
        "dob": person.dob.strftime("%d/%m/%Y"),
        "nationality": person.nationality,
        "sentence": 24,
        "offence": "Robbery",
        "sentence_start": "",
        "release_date": "" if release is None else release.strftime("%d/%m/%Y"),
        "court_recommended": "N",
    }
    row.update(kw)
    return row


def _ind_row(person: Person, referral: date | None, considered: date | None, **kw: Cell) -> dict:
    row: dict[str, Cell] = {
        "case_ref": "B1234567",
        "surname": person.surname,
        "forenames": person.forenames,
        "dob": person.dob.strftime("%d/%m/%Y"),
        "nationality": person.nationality,
        "prison_number": person.prison_number,
        "referral_date": "" if referral is None else referral.strftime("%d/%m/%Y"),
        "considered_date": "" if considered is None else considered.strftime("%d/%m/%Y"),
        "decision": "",
    }
    row.update(kw)
    return row


def _crowd(n: int) -> list[Person]:
    return [
        Person(
            SURNAMES[k % len(SURNAMES)],
            FORENAMES[k % len(FORENAMES)],
            date(1950 + k % 40, 1 + k % 12, 1 + k % 28),
            f"A{k:04d}BC",
            NATIONALITIES[k % 4],
        )
        for k in range(n)
    ]


def _releases(n: int) -> list[date]:
    return [date(2000 + k % 6, 1 + k % 12, 1 + (3 * k) % 28) for k in range(n)]


def _every_ind_row_one_person() -> tuple[list[dict], list[dict]]:
    crowd = _crowd(12)
    prison = [_prison_row(p, r) for p, r in zip([*crowd, ONE], _releases(13), strict=True)]
    ind = [
        _ind_row(ONE, date(2001, 1, 1) + timedelta(days=30 * k), None, case_ref=f"B{k:07d}")
        for k in range(25)
    ]
    return prison, ind


def _one_prison_row() -> tuple[list[dict], list[dict]]:
    crowd = _crowd(8)
    prison = [_prison_row(ONE, date(2004, 1, 9))]
    ind = [_ind_row(p, date(2003, 1, 1), None) for p in [*crowd, ONE]]
    return prison, ind


def _no_release_dates() -> tuple[list[dict], list[dict]]:
    crowd = _crowd(9)
    prison = [_prison_row(p, None) for p in crowd]
    ind = [_ind_row(p, date(2003, 1, 1), date(2003, 6, 1)) for p in crowd]
    return prison, ind


def _no_consideration_dates() -> tuple[list[dict], list[dict]]:
    crowd = _crowd(15)
    prison = [_prison_row(p, r) for p, r in zip(crowd, _releases(15), strict=True)]
    ind = [_ind_row(p, date(2003, 1, 1), None, decision="Deport") for p in crowd]
    return prison, ind


def _every_name_blank_but_one() -> tuple[list[dict], list[dict]]:
    crowd = _crowd(12)
    prison = [
        _prison_row(p, r, **({} if k == 0 else {"surname": "", "forenames": ""}))
        for k, (p, r) in enumerate(zip(crowd, _releases(12), strict=True))
    ]
    ind = [
        _ind_row(p, date(2002, 5, 5), None, **({} if k == 3 else {"surname": "", "forenames": ""}))
        for k, p in enumerate(crowd)
    ]
    return prison, ind


def _no_dates_of_birth() -> tuple[list[dict], list[dict]]:
    crowd = _crowd(9)
    prison = [_prison_row(p, r, dob="") for p, r in zip(crowd, _releases(9), strict=True)]
    ind = [_ind_row(p, date(2003, 1, 1), None, dob="") for p in crowd]
    return prison, ind


def _every_row_the_same_row() -> tuple[list[dict], list[dict]]:
    prison = [_prison_row(ONE, date(2004, 1, 9)) for _ in range(12)]
    ind = [_ind_row(ONE, date(2003, 1, 1), date(2005, 1, 1), decision="Deport")] * 12
    return prison, ind


NASTY: dict[str, Callable[[], tuple[list[dict], list[dict]]]] = {
    "every IND row the same person": _every_ind_row_one_person,
    "a prison extract of one row": _one_prison_row,
    "no release date at all": _no_release_dates,
    "no consideration date at all": _no_consideration_dates,
    "every name blank but one": _every_name_blank_but_one,
    "no date of birth on either side": _no_dates_of_birth,
    "every row the same row": _every_row_the_same_row,
}


@pytest.mark.parametrize("case", list(NASTY))
def test_a_nasty_pair_accounts_for_every_row_or_refuses_in_words(case: str, tmp_path: Path) -> None:
    kind = ("csv", "xlsx")[list(NASTY).index(case) % 2]  # each case in one format, to save time
    prison, ind = NASTY[case]()
    pair = Pair(
        _extract(f"prison.{kind}", PRISON_HEADERS, prison),
        _extract(f"ind.{kind}", IND_HEADERS, ind),
    )
    assert_run_holds(tmp_path, pair, elsewhere=False)


# --- found by the fuzzing above -------------------------------------------------------------


def test_an_extract_whose_every_row_is_set_aside_is_not_said_to_have_no_rows(
    tmp_path: Path,
) -> None:
    # Shrunk from a fuzzed IND extract: five rows holding only a nationality are each a note,
    # not a record; the run said the header "has no data rows below it" of a file with five.
    ind = [dict.fromkeys(IND_HEADERS, "") | {"nationality": "Nigerian"} for _ in range(5)]
    for row in ind:
        del row["full_name"]
    prison = [_prison_row(p, r) for p, r in zip(_crowd(5), _releases(5), strict=True)]
    pair = Pair(
        _extract("prison.csv", PRISON_HEADERS, prison), _extract("ind.csv", IND_HEADERS, ind)
    )
    code, text = run_pair(tmp_path, pair)
    assert code == 2, text
    assert " ".join(text.split()) == (
        "error: ind.csv: the header (row 1) has no records below it: all 5 rows below it were "
        "set aside as not records (row 2, 'Nigerian': a single text cell below the data (a "
        "note, not a record)); check that this is the right file, and that its rows have "
        "their values under the right headers"
    )
