"""Small hand-built records and link results for the rules tests (no tests here)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from reconcile.model import (
    Classification,
    IndRecord,
    LinkDecision,
    LinkResult,
    LinkStatus,
    PrisonRecord,
    Provenance,
)
from reconcile.rules import Policy, classify, load_policy

AS_OF = date(2006, 3, 31)
RELEASE = date(2005, 7, 14)


def prison(idx: int = 0, **kw: Any) -> PrisonRecord:
    """A released Jamaican national on 18 months, no court recommendation. A sentence given
    in months is written as that number unless ``sentence_raw`` says otherwise."""
    base: dict[str, Any] = dict(
        prison_number=f"AB{1000 + idx}",
        surname="BROWN",
        forenames="DELROY",
        dob=date(1970, 3, 4),
        nationality="JM",
        nationality_raw="Jamaican",
        sentence_months=18.0,
        sentence_life=False,
        sentence_raw="18",
        offence="Robbery",
        sentence_start=date(2004, 1, 14),
        release_date=RELEASE,
        court_recommended=False,
    )
    if isinstance(kw.get("sentence_months"), float) and "sentence_raw" not in kw:
        kw["sentence_raw"] = f"{kw['sentence_months']:g}"
    base.update(kw)
    return PrisonRecord(idx=idx, prov=Provenance("prison.xlsx", "Releases", idx + 2), **base)


def ind(idx: int = 0, **kw: Any) -> IndRecord:
    base: dict[str, Any] = dict(
        case_ref=f"B{1234567 + idx}",
        surname="BROWN",
        forenames="DELROY",
        dob=date(1970, 3, 4),
        nationality="JM",
        nationality_raw="Jamaican",
        prison_number=None,
        referral_date=None,
        considered_date=None,
        decision="",
    )
    base.update(kw)
    return IndRecord(idx=idx, prov=Provenance("ind.xlsx", "Cases", idx + 2), **base)


def decision(
    idx: int, status: LinkStatus = LinkStatus.NONE, ind_idxs: Sequence[int] = (), **kw: Any
) -> LinkDecision:
    reason = kw.pop("reason", f"{status.value} by the test")
    return LinkDecision(idx, status, tuple(ind_idxs), None, None, reason, **kw)


def links(decisions: list[LinkDecision], people: list[int] | None = None) -> LinkResult:
    n = len(decisions)
    return LinkResult(decisions, people or list(range(n)), [], 0, {})


def policy(name: str = "2006") -> Policy:
    return load_policy(name)


def classify_one(
    rec: PrisonRecord,
    records: Sequence[IndRecord] = (),
    status: LinkStatus | None = None,
    pol: Policy | str = "2006",
    as_of: date = AS_OF,
    **kw: Any,
) -> Classification:
    """Classify a single prison row linked (when records are given) to those IND records."""
    if status is None:
        status = LinkStatus.LINKED if records else LinkStatus.NONE
    linked = [r.idx for r in records] if status is LinkStatus.LINKED else []
    result = links([decision(rec.idx, status, linked, **kw)])
    chosen = load_policy(pol) if isinstance(pol, str) else pol
    return classify([rec], list(records), result, chosen, as_of)[0]


NAMES = {"JM": ("Jamaica", "Jamaican"), "PL": ("Poland", "Polish"), "IE": ("Ireland", "Irish")}


def fixed_names(monkeypatch: Any) -> None:
    """Make country names and demonyms independent of the nationality module."""
    from reconcile.rules import countries

    def lookup(function: str) -> Any:
        pick = 0 if function == "country_name" else 1
        return lambda code: NAMES[code][pick]

    monkeypatch.setattr(countries, "_lookup", lookup)
    countries.country_name.cache_clear()
    countries.demonym.cache_clear()
    monkeypatch.setattr(countries, "_lookup", lookup)
