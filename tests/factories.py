"""Hand-built RunResults for tests: a small realistic one and a large synthetic one.

``make_result`` covers every outcome, a linked pair, a person with two IND records, a doubtful
row with two candidates, a blank offence, a life sentence, a data-quality finding and a name that
looks like a spreadsheet formula. ``make_large_result`` builds many rows quickly for timing runs.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import reconcile.read  # noqa: F401  (loads the readers before reconcile.settings needs them)
from reconcile.model import (
    Classification,
    FieldComparison,
    Finding,
    IndRecord,
    LinkDecision,
    LinkResult,
    LinkStatus,
    Outcome,
    PairScore,
    PrisonRecord,
    Provenance,
    Role,
    SkippedRow,
    SourceInfo,
)
from reconcile.result import AppliedDecision, ControlTotals, RunResult
from reconcile.settings import AuditConfig, Config, RunSettings

AS_OF = date(2006, 3, 31)
PRISON_FILE = "prison.xlsx"
IND_FILE = "ind.xlsx"


@dataclass
class StubPolicy:
    """Satisfies reconcile.result.PolicyInfo."""

    name: str = "2006"
    version: str = "2006.1"
    extra: dict[str, Any] = field(default_factory=dict)
    deadline_days: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "version": self.version,
            "non_eea_min_months": 12,
            "court_recommendation_brings_in_scope": True,
            **self.extra,
        }

    def summary_lines(self) -> list[str]:
        return [
            "In scope: a court recommended deportation, or a non-EU/EEA national was sentenced "
            "to 12 months or more (life and indeterminate sentences count).",
            "EU/EEA membership is taken as at the release date; unknown nationality counts as "
            "non-EU.",
        ]


def _p(idx: int, row: int, **kw: Any) -> PrisonRecord:
    base: dict[str, Any] = dict(
        prison_number=None,
        surname="",
        forenames="",
        dob=None,
        nationality=None,
        nationality_raw="",
        sentence_months=None,
        sentence_life=False,
        sentence_raw="",
        offence="",
        sentence_start=None,
        release_date=None,
        court_recommended=False,
    )
    base.update(kw)
    return PrisonRecord(idx=idx, prov=Provenance(PRISON_FILE, "Releases", row), **base)


def _i(idx: int, row: int, **kw: Any) -> IndRecord:
    base: dict[str, Any] = dict(
        case_ref="",
        surname="",
        forenames="",
        dob=None,
        nationality=None,
        nationality_raw="",
        prison_number=None,
        referral_date=None,
        considered_date=None,
        decision="",
    )
    base.update(kw)
    return IndRecord(idx=idx, prov=Provenance(IND_FILE, "Cases", row), **base)


def _score(p: int, i: int, weight: float, *levels: tuple[str, str, float]) -> PairScore:
    prob = 2**weight / (1 + 2**weight)
    return PairScore(p, i, weight, prob, tuple(FieldComparison(f, lv, w) for f, lv, w in levels))


def _prison_records() -> list[PrisonRecord]:
    d = date
    return [
        _p(
            0,
            2,
            prison_number="FF8282",
            surname="HUSSEIN",
            forenames="ABDIRASHID NUUR",
            dob=d(1975, 4, 12),
            nationality="SO",
            nationality_raw="Somali",
            sentence_months=36,
            sentence_raw="36",
            offence="Robbery",
            sentence_start=d(2002, 1, 10),
            release_date=d(2004, 1, 9),
            court_recommended=True,
        ),
        _p(
            1,
            3,
            prison_number="AL9692",
            surname="NGUYEN",
            forenames="VAN AN",
            dob=d(1980, 1, 1),
            nationality="VN",
            nationality_raw="Vietnamese",
            sentence_months=24,
            sentence_raw="24",
            offence="Drugs",
            sentence_start=d(2003, 5, 1),
            release_date=d(2005, 7, 1),
        ),
        _p(
            2,
            4,
            prison_number="AB1234",
            surname='=HYPERLINK("http://x")',
            forenames="@SUM(A1)",
            dob=d(1969, 12, 30),
            nationality=None,
            nationality_raw="",
            sentence_months=None,
            sentence_life=True,
            sentence_raw="Life",
            offence="",
            release_date=d(2005, 11, 30),
        ),
        _p(
            3,
            5,
            prison_number="CD2345",
            surname="MUHAMMAD",
            forenames="ALI",
            dob=d(1982, 7, 3),
            nationality="PK",
            nationality_raw="Pakistani",
            sentence_months=18,
            sentence_raw="18",
            offence="Burglary",
            sentence_start=d(2003, 9, 1),
            release_date=d(2004, 9, 1),
        ),
        _p(
            4,
            6,
            prison_number="EF3456",
            surname="ROSSI",
            forenames="MARCO",
            dob=d(1970, 2, 2),
            nationality="IT",
            nationality_raw="Italian",
            sentence_months=30,
            sentence_raw="30",
            offence="Fraud",
            release_date=d(2004, 2, 2),
        ),
        _p(
            5,
            7,
            prison_number="GH4567",
            surname="OKAFOR",
            forenames="CHINEDU",
            dob=d(1985, 6, 15),
            nationality="NG",
            nationality_raw="Nigerian",
            sentence_months=48,
            sentence_raw="48",
            offence="Deception",
            release_date=d(2007, 6, 1),
        ),
        _p(
            6,
            8,
            prison_number="JK5678",
            surname="SILVA",
            forenames="JOAO",
            dob=None,
            nationality="BR",
            nationality_raw="Brazilian",
            sentence_months=None,
            sentence_raw="two yrs",
            offence="Theft",
            release_date=None,
            unreadable={"sentence": "two yrs"},
        ),
        _p(
            7,
            9,
            prison_number="LM6789",
            surname="MAHMUD",
            forenames="ALI",
            dob=d(1982, 7, 3),
            nationality="PK",
            nationality_raw="Pakistan",
            sentence_months=15,
            sentence_raw="15",
            offence="Forgery",
            release_date=d(2005, 3, 3),
        ),
        _p(
            8,
            10,
            prison_number="NP7890",
            surname="CHEN",
            forenames="XIAO",
            dob=d(1979, 9, 9),
            nationality="CN",
            nationality_raw="Chinese",
            sentence_months=12,
            sentence_raw="12",
            offence="Immigration",
            release_date=d(2005, 8, 8),
        ),
        _p(
            9,
            11,
            prison_number="AF8282",
            surname="HUSSEIN",
            forenames="ABDIRASHID",
            dob=d(1975, 4, 12),
            nationality="SO",
            nationality_raw="Somalia",
            sentence_months=6,
            sentence_raw="6",
            offence="Theft",
            release_date=d(2005, 10, 1),
        ),
    ]


def _ind_records() -> list[IndRecord]:
    d = date
    return [
        _i(
            0,
            2,
            case_ref="H1234567",
            surname="HUSSEN",
            forenames="NOOR ABDIRASHID",
            dob=d(1975, 4, 12),
            nationality="SO",
            nationality_raw="Somalia",
            referral_date=d(2003, 11, 1),
        ),
        _i(
            1,
            3,
            case_ref="N2345678",
            surname="NGUYEN",
            forenames="VAN AN",
            dob=d(1980, 1, 1),
            nationality="VN",
            nationality_raw="Viet Nam",
            prison_number="AL9692",
            referral_date=d(2005, 1, 10),
            considered_date=d(2005, 6, 20),
            decision="Deport",
        ),
        _i(
            2,
            4,
            case_ref="+C3456789",
            surname='=HYPERLINK("http://x")',
            forenames="@SUM(A1)",
            dob=d(1969, 12, 30),
            referral_date=d(2004, 1, 1),
        ),
        _i(
            3,
            5,
            case_ref="M4567890",
            surname="MOHAMMED",
            forenames="ALI",
            dob=d(1982, 7, 3),
            nationality="PK",
            nationality_raw="Pakistani",
        ),
        _i(
            4,
            6,
            case_ref="M5678901",
            surname="MAHMOOD",
            forenames="ALI",
            dob=d(1982, 7, 3),
            nationality="PK",
            nationality_raw="Pakistani",
            referral_date=d(2005, 1, 5),
        ),
        _i(
            5,
            7,
            case_ref="H6789012",
            surname="HUSSEIN",
            forenames="ABDIRASHID NUR",
            dob=d(1975, 4, 12),
            nationality="SO",
            nationality_raw="Somali",
            referral_date=d(2004, 2, 1),
            considered_date=d(2004, 4, 19),
            decision="Deport",
        ),
        _i(
            6,
            8,
            case_ref="Z7890123",
            surname="SMITH",
            forenames="JOHN",
            dob=d(1960, 5, 5),
            nationality="JM",
            nationality_raw="Jamaican",
            referral_date=d(2003, 3, 3),
        ),
    ]


NAME_TV = ("name", "transliteration variant", 6.1)
NAME_EX = ("name", "exact", 9.2)
DOB_EX = ("dob", "exact", 9.8)
DOB_JAN = ("dob", "exact (1 January)", 2.1)
PN_MISS = ("prison_number", "missing", 0.0)
PN_EX = ("prison_number", "exact", 11.0)
NAT_EX = ("nationality", "same", 1.2)


def _links() -> LinkResult:
    hussein = _score(0, 0, 16.1, NAME_TV, DOB_EX, PN_MISS, NAT_EX)
    hussein2 = _score(0, 5, 15.9, ("name", "one letter different", 5.9), DOB_EX, PN_MISS, NAT_EX)
    nguyen = _score(1, 1, 22.3, NAME_EX, DOB_JAN, PN_EX, NAT_EX)
    inject = _score(
        2, 2, 17.0, NAME_EX, ("dob", "exact", 9.8), PN_MISS, ("nationality", "missing", 0.0)
    )
    ali_m = _score(
        3, 3, 3.1, ("name", "forename exact, surname variant", 2.0), DOB_EX, PN_MISS, NAT_EX
    )
    ali_h = _score(
        3, 4, 2.4, ("name", "forename exact, surname similar", 1.3), DOB_EX, PN_MISS, NAT_EX
    )
    mahmud = _score(7, 4, 12.5, ("name", "transliteration variant", 3.1), DOB_EX, PN_MISS, NAT_EX)
    mahmud_ru = _score(7, 3, 9.1, ("name", "surname different", -1.9), DOB_EX, PN_MISS, NAT_EX)
    h9 = _score(
        9, 0, 15.5, NAME_TV, DOB_EX, ("prison_number", "one character different", 0.6), NAT_EX
    )
    weak = _score(
        8,
        6,
        -4.2,
        ("name", "else", -6.0),
        ("dob", "else", -8.0),
        PN_MISS,
        ("nationality", "different", -1.0),
    )
    none = LinkStatus.NONE
    decisions = [
        LinkDecision(
            0,
            LinkStatus.LINKED,
            (0, 5),
            hussein,
            None,
            "linked: one person with two IND records",
            (hussein, hussein2),
        ),
        LinkDecision(1, LinkStatus.LINKED, (1,), nguyen, None, "linked: prison number agrees"),
        LinkDecision(2, LinkStatus.LINKED, (2,), inject, None, "linked"),
        LinkDecision(
            3,
            LinkStatus.REVIEW,
            (),
            ali_m,
            ali_h,
            "needs review: two different people score close",
            (ali_m, ali_h),
        ),
        LinkDecision(4, none, (), None, None, "no candidate"),
        LinkDecision(5, none, (), None, None, "no candidate"),
        LinkDecision(6, none, (), None, None, "no candidate"),
        LinkDecision(
            7,
            LinkStatus.LINKED,
            (4,),
            mahmud,
            mahmud_ru,
            "linked",
            decided_by="reviewer: A. Auditor",
        ),
        LinkDecision(8, none, (), weak, None, "best candidate below the review threshold"),
        LinkDecision(9, LinkStatus.LINKED, (0, 5), h9, None, "linked: same person as row 2"),
    ]
    return LinkResult(
        decisions=decisions,
        prison_person=[0, 1, 2, 3, 4, 5, 6, 7, 8, 0],
        ind_person=[0, 1, 2, 9, 7, 0, 10],
        candidate_pairs=14,
        parameters={"link_probability": 0.95, "review_probability": 0.5, "m": {"dob": 0.97}},
    )


def _classifications() -> list[Classification]:
    pol = "2006 2006.1"
    o = Outcome
    rows = [
        (
            o.CONSIDERED_AFTER_RELEASE,
            "considered 19/04/2004, after release on 09/01/2004",
            "outcome.considered_after_release",
            True,
        ),
        (
            o.CONSIDERED_BEFORE_RELEASE,
            "considered 20/06/2005, before release on 01/07/2005",
            "outcome.considered_before_release",
            True,
        ),
        (
            o.REFERRED_NOT_CONSIDERED,
            "referred 01/01/2004; no consideration date",
            "outcome.referred_not_considered",
            True,
        ),
        (o.NEEDS_REVIEW, "in scope, but the link is ambiguous", "link.needs_review", True),
        (
            o.OUT_OF_SCOPE,
            "EU/EEA national (IT) at the release date 02/02/2004",
            "scope.eea_national",
            False,
        ),
        (
            o.NOT_RELEASED,
            "release date 01/06/2007 is after the as-of date 31/03/2006",
            "scope.not_released",
            None,
        ),
        (
            o.INSUFFICIENT_DATA,
            "release date missing; sentence unreadable ('two yrs')",
            "scope.insufficient_data",
            None,
        ),
        (
            o.REFERRED_NOT_CONSIDERED,
            "referred 05/01/2005; no consideration date",
            "outcome.referred_not_considered",
            True,
        ),
        (
            o.NEVER_REFERRED,
            "no linked IND record has a referral date",
            "outcome.never_referred",
            True,
        ),
        (
            o.OUT_OF_SCOPE,
            "sentence 6 months is below the 12-month threshold",
            "scope.sentence_below_threshold",
            False,
        ),
    ]
    return [
        Classification(i, outcome, reason, rule, pol, scope)
        for i, (outcome, reason, rule, scope) in enumerate(rows)
    ]


def _findings() -> list[Finding]:
    return [
        Finding(
            PRISON_FILE,
            "Releases",
            8,
            "Sentence (months)",
            "sentence",
            "two yrs",
            "sentence length could not be read",
            "scope could not be decided",
        ),
        Finding(
            PRISON_FILE,
            "Releases",
            8,
            "Release Date",
            "release_date",
            "",
            "release date missing",
            "scope could not be decided",
        ),
        Finding(
            IND_FILE,
            "Cases",
            4,
            "Case Ref",
            "case_ref",
            "+C3456789",
            "value starts with a formula character",
            "written as text",
        ),
    ]


def _source(
    role: Role,
    file: str,
    sheet: str,
    rows: int,
    data: bytes,
    folder: Path | None,
    mapping: dict[str, str],
) -> SourceInfo:
    path = Path(file) if folder is None else folder / file
    if folder is not None:
        path.write_bytes(data)
    return SourceInfo(
        path=path,
        role=role,
        file=file,
        sheet=sheet,
        format="xlsx",
        encoding=None,
        header_row=1,
        mapping=mapping,
        unused_columns=("Notes",),
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        rows=rows,
        skipped=(SkippedRow(rows + 3, "Total 10", "looks like a totals row"),),
        sheet_choice="the only sheet with a header row",
    )


def make_result(folder: Path | None = None, *, outdir: Path | None = None) -> RunResult:
    """A small, realistic RunResult. With ``folder``, the two input files are created there."""
    prison, ind = _prison_records(), _ind_records()
    prison_src = _source(
        Role.PRISON,
        PRISON_FILE,
        "Releases",
        len(prison),
        b"prison extract bytes",
        folder,
        {"prison_number": "Prison No", "surname": "Surname", "dob": "DOB"},
    )
    ind_src = _source(
        Role.IND,
        IND_FILE,
        "Cases",
        len(ind),
        b"ind extract bytes",
        folder,
        {"case_ref": "Case Ref", "surname": "Family name", "dob": "Date of birth"},
    )
    links, classes, findings = _links(), _classifications(), _findings()
    totals = ControlTotals.compute(prison, ind, prison_src, ind_src, links, classes, findings)
    config = Config(audit=AuditConfig(name="FNP release audit 2006", as_of=AS_OF))
    settings = RunSettings(
        prison_path=prison_src.path,
        ind_path=ind_src.path,
        outdir=outdir or Path("reconcile-out"),
        config=config,
        as_of=AS_OF,
    )
    return RunResult(
        run_id="R-0123456789AB",
        settings=settings,
        as_of=AS_OF,
        policy=StubPolicy(),
        prison_source=prison_src,
        ind_source=ind_src,
        prison=prison,
        ind=ind,
        findings=findings,
        links=links,
        classifications=classes,
        totals=totals,
        started=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
        timings={"read": 0.5, "normalise": 0.25, "link": 1.5, "classify": 0.125},
        decisions=[
            AppliedDecision(
                f"{IND_FILE} review, sheet 'Needs review', row 3",
                "P-AAAA",
                "I-BBBB",
                "same person",
                "A. Auditor",
                "same DOB, Mahmud/Mahmood",
                "applied",
            )
        ],
    )


_OFFENCES = ("Drugs", "Robbery", "Theft", "Deception", "Forgery", "Burglary", "")
_OUTCOMES = (
    Outcome.NEVER_REFERRED,
    Outcome.REFERRED_NOT_CONSIDERED,
    Outcome.CONSIDERED_AFTER_RELEASE,
    Outcome.CONSIDERED_BEFORE_RELEASE,
    Outcome.OUT_OF_SCOPE,
    Outcome.NEEDS_REVIEW,
)


def make_large_result(n: int, folder: Path | None = None) -> RunResult:
    """``n`` prison rows and ``n`` IND records, each prison row linked to its IND record."""
    small = make_result(folder)
    prison: list[PrisonRecord] = []
    ind: list[IndRecord] = []
    decisions: list[LinkDecision] = []
    classes: list[Classification] = []
    for k in range(n):
        rel = date(1999 + k % 7, 1 + k % 12, 1 + k % 28)
        dob = date(1950 + k % 40, 1 + k % 12, 1 + k % 27)
        prison.append(
            _p(
                k,
                k + 2,
                prison_number=f"AA{k % 10000:04d}",
                surname=f"SURNAME{k}",
                forenames="FORENAME",
                dob=dob,
                nationality="NG",
                nationality_raw="Nigerian",
                sentence_months=12 + k % 30,
                sentence_raw=str(12 + k % 30),
                offence=_OFFENCES[k % 7],
                release_date=rel,
                court_recommended=k % 9 == 0,
            )
        )
        ind.append(
            _i(
                k,
                k + 2,
                case_ref=f"B{k:07d}",
                surname=f"SURNAME{k}",
                forenames="FORENAME",
                dob=dob,
                referral_date=rel,
            )
        )
        score = _score(k, k, 10 + k % 13, NAME_EX, DOB_EX, PN_MISS, NAT_EX)
        outcome = _OUTCOMES[k % len(_OUTCOMES)]
        status = LinkStatus.REVIEW if outcome is Outcome.NEEDS_REVIEW else LinkStatus.LINKED
        linked = () if status is LinkStatus.REVIEW else (k,)
        decisions.append(LinkDecision(k, status, linked, score, None, "linked", (score,)))
        classes.append(
            Classification(
                k,
                outcome,
                "reason in words",
                "rule.id",
                "2006 2006.1",
                outcome is not Outcome.OUT_OF_SCOPE,
            )
        )
    links = LinkResult(decisions, list(range(n)), list(range(n)), n, {"link_probability": 0.95})
    prison_src = _source(Role.PRISON, PRISON_FILE, "Releases", n, b"big prison", folder, {})
    ind_src = _source(Role.IND, IND_FILE, "Cases", n, b"big ind", folder, {})
    totals = ControlTotals.compute(prison, ind, prison_src, ind_src, links, classes, [])
    small.prison, small.ind, small.links, small.classifications = prison, ind, links, classes
    small.prison_source, small.ind_source, small.totals = prison_src, ind_src, totals
    small.findings, small.decisions = [], []
    return small


# The workbook's sheets, in order.
WORKBOOK_SHEETS = [
    "Summary",
    "Never referred",
    "Referred, not considered",
    "Considered after release",
    "Insufficient data",
    "Needs review",
    "Reviewer decisions",
    "All prison rows",
    "IND records not linked",
    "Data quality",
    "Settings and inputs",
]


def headings(ws: Any) -> list[str]:
    """A worksheet's first row (openpyxl)."""
    return [c.value for c in next(ws.iter_rows(min_row=1, max_row=1))]


def write_csv_table(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    """A UTF-8 CSV file of ``header`` and ``rows`` at ``path``; the path."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path
