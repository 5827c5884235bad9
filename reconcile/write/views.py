"""What every output shows, computed once from a RunResult (reading only what is attached).

The CSV, the workbook, the PDF and the terminal summary all take their rows and tables from
here, so they cannot disagree with each other.
"""

from __future__ import annotations

import functools
import re
import weakref
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from operator import itemgetter
from typing import Any

from reconcile.decisions import counts as decision_counts
from reconcile.decisions import summary_line
from reconcile.link.explain import VIA_MARK, describe_ind, referral_level, via_text
from reconcile.model import (
    FAILURE_OUTCOMES,
    OUTCOME_LABELS,
    Cell,
    FieldComparison,
    Finding,
    IndRecord,
    LinkDecision,
    LinkStatus,
    Outcome,
    PairScore,
    PrisonRecord,
    Provenance,
    SourceInfo,
    birth,
)
from reconcile.normalise.fields import INVISIBLE_CONSEQUENCE
from reconcile.normalise.nationality import country_name
from reconcile.result import RunResult
from reconcile.rules.outcome import decided_by

NOT_AVAILABLE = "Not available"
FIELD_LABELS = {
    "name": "name",
    "dob": "date of birth",
    "prison_number": "prison number",
    "referral": "referral date",
    "police_id": "PNC / CRO number",
    "other_prisoners": "IND person",
}

OUTCOME_NOTES: dict[Outcome, str] = {
    Outcome.CONSIDERED_BEFORE_RELEASE: "in scope; a linked IND record was considered on or "
    "before the release date",
    Outcome.CONSIDERED_AFTER_RELEASE: "in scope; considered only after the release date",
    Outcome.REFERRED_NOT_CONSIDERED: "in scope; referred to IND but never considered",
    Outcome.NEVER_REFERRED: "in scope; no linked IND record has a referral date",
    Outcome.NEEDS_REVIEW: "in scope, but the link to IND is doubtful (decide it on the "
    "Needs review sheet), or an IND referral or consideration date that decides the outcome "
    "could not be read",
    Outcome.INSUFFICIENT_DATA: "scope cannot be decided (e.g. release date or sentence "
    "missing or unreadable)",
    Outcome.NOT_RELEASED: "release date after the as-of date",
    Outcome.OUT_OF_SCOPE: "not covered by the policy (see the reason)",
}


@functools.lru_cache(maxsize=1 << 16)  # dates repeat: the 200k PDF shows 194,000, 18,000 distinct
def fmt_date(value: date | None) -> str:
    """dd/mm/yyyy, or "" for a missing date."""
    return value.strftime("%d/%m/%Y") if value else ""


def fmt_birth(record: PrisonRecord | IndRecord) -> str:
    """The date of birth as dd/mm/yyyy, "1975 (year only)" when only the year is given, or ""."""
    shown = birth(record)
    return shown if isinstance(shown, str) else fmt_date(shown)


def fmt_weight(weight: float) -> str:
    return "0" if abs(weight) < 0.05 else f"{weight:+.1f}"


def fmt_prob(p: float) -> str:
    """A probability to 3 decimals, never rounded up to a certain 1 or down to 0."""
    if 0.9995 <= p < 1:
        return "above 0.999"
    if 0 < p < 0.0005:
        return "below 0.001"
    return f"{p:.3f}"


def describe_field(fc: FieldComparison) -> str:
    """One field's comparison in words: "name: transliteration variant (+6.1)"."""
    return f"{FIELD_LABELS.get(fc.field, fc.field)}: {fc.level} ({fmt_weight(fc.weight)})"


def explain(score: PairScore | None) -> str:
    return weighed(score, ", ".join(describe_field(f) for f in score.fields)) if score else ""


def starting_weight(score: PairScore) -> float:
    """The weight a pair starts from before any field is compared (the prior odds): its total
    less its fields' weights, so that the weights shown add up to the total."""
    return score.weight - sum(f.weight for f in score.fields)


def weighed(score: PairScore, fields: str) -> str:
    """A pair's field comparisons (``fields``, in words) between its starting weight and its
    total: "starting weight -11.5, name: exact (+20.4), ...; total +8.9"."""
    return f"starting weight {fmt_weight(starting_weight(score))}, {fields}; total " + (
        fmt_weight(score.weight)
    )


def through_row(decision: LinkDecision, prison: Sequence[PrisonRecord]) -> PrisonRecord | None:
    """The other prison row whose pair is the decision's evidence (the row was matched through
    it: another row of the same person), or None when the evidence is the row's own."""
    best = decision.best
    if best is None or not prison or best.prison_idx == decision.prison_idx:
        return None
    return prison[best.prison_idx]


def through_prefix(
    decision: LinkDecision, prison: Sequence[PrisonRecord], ind: Sequence[IndRecord]
) -> tuple[str, str]:
    """What goes before and after the evidence of a row matched through another row of the
    same person: "matched through row 1284, another custody episode of the same person; that
    row's evidence: " and, when this row's own custody puts the referral elsewhere, "; against
    this row's own release date the referral date is after release". ("", "") for a row's own
    evidence. A row linked through another row that may be the same person, on its own weaker
    evidence (reconcile.link.linker._through_other_episodes), is said to be so."""
    row = prison[decision.prison_idx] if prison else None
    other = through_row(decision, prison)
    if other is None or row is None or decision.best is None:
        if decision.through is not None and decision.best is not None and prison:
            return (
                f"linked through prison {prison[decision.through].prov.ref}, which may be the "
                "same person and is linked to the IND record; this row's own evidence: ",
                "",
            )
        return "", ""
    head = f"matched through {via_text(other, row).removeprefix(VIA_MARK)}; that row's evidence: "
    tail = ""
    referral = next((f for f in decision.best.fields if f.field == "referral"), None)
    if referral is not None and ind:
        referred = ind[decision.best.ind_idx].referral_date
        own = referral_level(row.release_date, row.sentence_start, referred)
        if own != referral.level:
            tail = f"; against this row's own release date the referral date is {own}"
    return head, tail


def link_explanation(
    decision: LinkDecision,
    ind: Sequence[IndRecord] = (),
    prison: Sequence[PrisonRecord] = (),
) -> str:
    """The link evidence in words, from the starting weight to the total; the linker's reason
    when there was no candidate. With ``ind``, also the evidence of each IND person linked
    though its file kept it apart; with ``prison`` (and ``ind``), whose evidence it is when
    the row was matched through another row of the same person (through_prefix)."""
    text = explain(decision.best)
    if text:
        head, tail = through_prefix(decision, prison, ind)
        text = head + text + tail
    text = with_reviewer(text, decision, ind)
    if ind:
        text += "".join(also_explanation(s, ind[s.ind_idx], explain(s)) for s in decision.also)
    return text or decision.reason


def with_reviewer(text: str, decision: LinkDecision, ind: Sequence[IndRecord]) -> str:
    """The evidence ``text`` with what a reviewer decided about the row: who linked it, and
    which candidates were ruled out (the evidence is then the best of the others')."""
    if decision.decided_by != "linker":
        who = decided_by(decision)
        text = f"{text} [decided by {who}]" if text else f"decided by {who}"
    if decision.ruled_out and text and ind:
        named = ", ".join(describe_ind(ind[i]) for i in decision.ruled_out)
        text += f" [ruled out by a reviewer: {named}]"
    return text


def also_explanation(score: PairScore, rec: IndRecord, evidence: str) -> str:
    """ "; also IND case X (row N), kept apart by the IND file: <evidence> (probability P on
    its own)": an IND person joined through the prisoner (reconcile.link.split_records)."""
    return (
        f"; also IND case {rec.case_ref} ({rec.prov.ref}), kept apart by the IND file: "
        f"{evidence} (probability {fmt_prob(score.probability)} on its own)"
    )


def sentence_text(rec: PrisonRecord) -> str:
    """sentence_value as text (months to 6 significant digits)."""
    value = sentence_value(rec)
    return f"{value:g}" if isinstance(value, float) else str(value)


def sentence_value(rec: PrisonRecord) -> Cell:
    """The sentence as a spreadsheet value: months as a number, "Life", or the text as written."""
    if rec.sentence_life:
        return "Life"
    if rec.sentence_months is None:
        return rec.sentence_raw
    months = rec.sentence_months
    return int(months) if float(months).is_integer() else months


@functools.lru_cache(maxsize=512)
def _country(code: str) -> str:
    name = country_name(code)
    return f"{name} ({code})" if name and name != code else code


def nationality_text(rec: PrisonRecord | IndRecord) -> str:
    """The country and its ISO code ("Jamaica (JM)"), or the text as written when unrecognised."""
    return _country(rec.nationality) if rec.nationality else rec.nationality_raw


def court_text(value: bool | None) -> str:
    return {True: "Y", False: "N", None: ""}[value]


def linked_ind(result: RunResult, decision: LinkDecision) -> list[IndRecord]:
    return [result.ind[i] for i in decision.ind_idxs]


def offence_label(offence: str) -> str:
    return offence.strip() or NOT_AVAILABLE


def failure_rows(result: RunResult, outcome: Outcome | None = None) -> list[int]:
    """Prison idxs with a failure outcome (or the given outcome), in idx order."""
    wanted = FAILURE_OUTCOMES if outcome is None else (outcome,)
    return [c.prison_idx for c in result.classifications if c.outcome in wanted]


# The offence table's headings: it counts prison rows (releases), not people; the sentence on
# releases and people (failure_people_text) says how many people those rows are.
OFFENCE_HEADINGS = ("Offence", "Prison rows")


def offence_table(result: RunResult) -> list[tuple[str, int]]:
    """Not-considered prisoners by offence, laid out like the published 2006 table:
    offences alphabetically, then "Other", then "Not available", then the Total."""
    return tabulate_offences(result.prison[i].offence for i in failure_rows(result))


def tabulate_offences(offences: Iterable[str]) -> list[tuple[str, int]]:
    """Offence texts counted in the published layout (blank -> "Not available"), with Total."""
    counts = Counter(offence_label(o) for o in offences)
    tail = ("Other", NOT_AVAILABLE)
    rows = sorted(
        ((k, v) for k, v in counts.items() if k not in tail), key=lambda kv: kv[0].casefold()
    )
    rows += [(k, counts[k]) for k in tail if k in counts]
    rows.append(("Total", sum(counts.values())))
    return rows


@dataclass(frozen=True, slots=True)
class FailureCounts:
    """What the not-considered rows are: prison rows, releases, people."""

    rows: int
    # Releases: a person's rows released on one day are one release (two offences or
    # sentences of one custody, each on its own row).
    releases: int
    people: int  # the rows the linker took for one person's custody episodes are one person
    several: int  # people with more than one such release


def failure_counts(result: RunResult) -> FailureCounts:
    rows = failure_rows(result)
    person, prison = result.links.prison_person, result.prison
    releases = {(person[i], prison[i].release_date) for i in rows}
    per_person = Counter(map(itemgetter(0), releases))
    return FailureCounts(
        len(rows), len(releases), len(per_person), sum(n > 1 for n in per_person.values())
    )


def _plural(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


# The extracts in words, IND spelt out: said wherever a reader may meet IND first.
EXTRACTS_TEXT = (
    "the prison service's extract of foreign national prisoners, and the casework extract of "
    "the Home Office's Immigration and Nationality Directorate (IND), which records each "
    "referral for deportation and its consideration"
)


def headline_text(result: RunResult) -> str:
    """The result in a sentence, for whoever opens the workbook or the pack first: the prison
    rows not considered before release, by outcome, and how many people they are."""
    counts = result.totals.outcomes
    parts = "; ".join(f"{OUTCOME_LABELS[o]}: {counts.get(o, 0):,}" for o in FAILURE_OUTCOMES)
    c = failure_counts(result)
    rows = _plural(c.rows, "prison row in scope was", "prison rows in scope were")
    return (
        f"{rows} not considered for deportation before release ({parts}), "
        f"concerning {_plural(c.people, 'person', 'people')}."
    )


def failure_people_text(result: RunResult) -> str:
    """One or two sentences: how many releases and people the not-considered rows are."""
    c = failure_counts(result)
    rows = c.rows
    releases = (
        f"releases (prison rows) of {_plural(c.people, 'person', 'people')}"
        if c.releases == rows
        else f"prison rows of {_plural(c.releases, 'release', 'releases')} of "
        + _plural(c.people, "person", "people")
    )
    text = (
        f"The {rows:,} not considered before release are {releases}: {c.several:,} of them with "
        "more than one such release, counting the rows the linker took for one person's custody "
        "episodes as one person."
    )
    if c.releases != rows:
        text += (
            f" {_plural(rows - c.releases, 'row repeats', 'rows repeat')} another row's person "
            "and release date: one release with several offences or sentences, each on its own "
            "row (see Data quality)."
        )
    return text


def decisions_text(result: RunResult) -> str:
    """What became of the reviewers' decisions given with --decisions, in a sentence ("" when
    none were given): how many were applied and how many are stale, or that the file held
    none."""
    path = result.settings.decisions_path
    if path is None:
        return ""
    if not result.decisions:
        return (
            f"Reviewer decisions: none in {path.name} (every Decision cell is blank or 'skip'); "
            "no link was changed"
        )
    return summary_line(d.status for d in result.decisions)


def court_recommended_count(result: RunResult) -> int:
    """Not-considered prisoners whose court recommended deportation."""
    return sum(1 for i in failure_rows(result) if result.prison[i].court_recommended)


# Why a row's outcome needs review, by the rule that said so (its last part).
NEEDS_REVIEW_KINDS = {
    "outcome.needs_review": ("doubtful link", "doubtful links"),
    "outcome.consideration_unreadable": (
        "date considered that could not be read",
        "dates considered that could not be read",
    ),
    "outcome.referral_unreadable": (
        "referral date that could not be read",
        "referral dates that could not be read",
    ),
    "outcome.decision_undated": (
        "decision recorded without its date",
        "decisions recorded without their date",
    ),
    "outcome.no_identity": (
        "row with no name or prison number",
        "rows with no name or prison number",
    ),
}
_OTHER_KIND = ("other reason", "other reasons")


def needs_review_kind(rule: str) -> tuple[str, str]:
    """Why a row's outcome needs review (one, many), from the rule that decided it."""
    return NEEDS_REVIEW_KINDS.get(rule.rsplit("/", 1)[-1], _OTHER_KIND)


@dataclass(frozen=True, slots=True)
class ReviewCounts:
    """The numbers that concern review: rows whose outcome needs review (with why: a
    doubtful link is one why), rows whose link is held for review as doubtful but whose
    outcome is decided anyway (not among the first), and rows on the workbook's Needs review
    sheet (both)."""

    outcome: int
    kinds: tuple[tuple[str, int], ...]  # (why, in words with its number's plural; rows)
    links: int  # links held for review whose row's outcome is decided anyway
    sheet: int
    lines: int = 0  # the sheet's lines (a line per candidate IND record); 0: as many as rows

    def outcome_text(self) -> str:
        """ "3 rows whose outcome needs review (1 doubtful link, 2 dates considered that
        could not be read)"."""
        text = _plural(
            self.outcome, "row whose outcome needs review", "rows whose outcome needs review"
        )
        if self.kinds:
            text += " (" + ", ".join(f"{n:,} {why}" for why, n in self.kinds) + ")"
        return text

    def text(self) -> str:
        """All three numbers in a sentence a non-specialist can follow."""
        if not (self.outcome or self.links):
            return "Needs review: nothing; no row's outcome and no link is in doubt."
        head = (
            f"Needs review: {self.outcome_text()}."
            if self.outcome
            else "Needs review: no row's outcome is in doubt."
        )
        doubtful = NEEDS_REVIEW_KINDS["outcome.needs_review"]
        if not self.links:
            other = any(why in doubtful for why, _ in self.kinds)
            held = f"No {'other ' if other else ''}link is held for review as doubtful."
        else:
            held = (
                f"{'Separately, ' if self.outcome else ''}"
                f"{_plural(self.links, 'link', 'links')} held for review as doubtful, whose "
                f"row{'' if self.links == 1 else 's'} "
                f"{'has its' if self.links == 1 else 'have their'} outcome decided anyway (out "
                "of scope, not released, or the same whichever candidate is the person)."
            )
        both = "both, " if self.outcome and self.links else ""
        on_lines = (
            f" on {self.lines:,} lines (a line for each candidate IND record)"
            if self.lines and self.lines != self.sheet
            else ""
        )
        return (
            f"{head} {held} The workbook's Needs review sheet lists {both}"
            f"{_plural(self.sheet, 'prison row', 'prison rows')}{on_lines}, and says for each "
            "whether a Decision settles it or the extract must be corrected and the run "
            "repeated."
        )


def review_counts(result: RunResult) -> ReviewCounts:
    # The sheet's own choice of candidates (imported here: the sheet's module imports this one).
    from reconcile.write.workbook_review import candidates

    kinds: Counter[tuple[str, str]] = Counter()
    sheet = links = lines = 0
    held_or_needing = [  # a few rows of many, found first (0.09 -> 0.02 s at 200k rows)
        (d, c)
        for d, c in zip(result.links.decisions, result.classifications, strict=True)
        if d.status is LinkStatus.REVIEW or c.outcome is Outcome.NEEDS_REVIEW
    ]
    for d, c in held_or_needing:
        held = d.status is LinkStatus.REVIEW
        links += held and c.outcome is not Outcome.NEEDS_REVIEW
        if c.outcome is Outcome.NEEDS_REVIEW:
            kinds[
                NEEDS_REVIEW_KINDS["outcome.needs_review"] if held else needs_review_kind(c.rule)
            ] += 1
        if held or c.outcome is Outcome.NEEDS_REVIEW:
            sheet += 1
            lines += max(1, len(candidates(result, d.prison_idx)))
    order = [*NEEDS_REVIEW_KINDS.values(), _OTHER_KIND]
    shown = tuple(
        (one if kinds[(one, many)] == 1 else many, kinds[(one, many)])
        for one, many in order
        if kinds[(one, many)]
    )
    return ReviewCounts(sum(kinds.values()), shown, links, sheet, lines)


def deadline_text(result: RunResult) -> str:
    """The policy's deadline for a consideration in words: "the release date", or "30 days
    before the release date" under a policy that sets [deadline] days_before_release."""
    days = result.policy.deadline_days
    if not days:
        return "the release date"
    return f"{days} day{'' if days == 1 else 's'} before the release date"


# The outcomes whose meaning names the deadline (OUTCOME_NOTES says "the release date").
_BY_DEADLINE = (Outcome.CONSIDERED_BEFORE_RELEASE, Outcome.CONSIDERED_AFTER_RELEASE)


def outcome_note(result: RunResult, outcome: Outcome) -> str:
    """OUTCOME_NOTES for the run: the policy's deadline where the meaning names it; for
    Needs review, also why its rows are there."""
    note = OUTCOME_NOTES[outcome]
    if outcome in _BY_DEADLINE:
        note = note.replace("the release date", deadline_text(result))
    if outcome is Outcome.NEEDS_REVIEW:
        counts = review_counts(result)
        if counts.kinds:
            note += "; here " + ", ".join(f"{n:,} {why}" for why, n in counts.kinds)
    return note


def outcome_counts(result: RunResult) -> list[tuple[Outcome, str, int]]:
    counts = result.totals.outcomes
    return [(o, OUTCOME_LABELS[o], counts.get(o, 0)) for o in Outcome]


def control_totals(result: RunResult) -> list[tuple[str, int]]:
    """Rows read -> set aside -> excluded -> in scope -> outcomes, as label/number pairs."""
    t = result.totals
    return control_totals_from(
        {
            "prison_rows_read": t.prison_rows_read,
            "prison_rows_skipped": t.prison_rows_skipped,
            "ind_rows_read": t.ind_rows_read,
            "ind_rows_skipped": t.ind_rows_skipped,
            "outcomes": {o.value: n for o, n in t.outcomes.items()},
            "in_scope": t.in_scope,
            "not_considered": t.not_considered,
            "ind_linked": t.ind_linked,
            "ind_unlinked": t.ind_unlinked,
            "findings": t.findings,
        }
    )


def control_totals_from(counts: Mapping[str, Any]) -> list[tuple[str, int]]:
    """The control totals from a run's counts as the manifest records them (``counts``):
    `reconcile report` shows the same lines, with the same numbers, as the run did."""
    out: Mapping[str, int] = counts.get("outcomes", {})

    def n(key: str) -> int:
        return int(counts.get(key, 0))

    excluded = out.get(Outcome.OUT_OF_SCOPE.value, 0) + out.get(Outcome.NOT_RELEASED.value, 0)
    return [
        ("Prison extract: data rows found", n("prison_rows_read") + n("prison_rows_skipped")),
        (
            "  set aside (not records: totals, notes, headings, repeated headers)",
            n("prison_rows_skipped"),
        ),
        ("  prison rows read as records", n("prison_rows_read")),
        # The rows read, in three parts that add up to them; the not considered are some of
        # those in scope.
        ("    excluded: out of scope or not yet released", excluded),
        (
            "    scope could not be decided (insufficient data)",
            out.get(Outcome.INSUFFICIENT_DATA.value, 0),
        ),
        ("    in scope", n("in_scope")),
        ("      of which not considered before release", n("not_considered")),
        ("  outcomes assigned (must equal rows read)", sum(out.values())),
        ("IND extract: data rows found", n("ind_rows_read") + n("ind_rows_skipped")),
        (
            "  set aside (not records: totals, notes, headings, repeated headers)",
            n("ind_rows_skipped"),
        ),
        ("  IND records read", n("ind_rows_read")),
        ("    linked to a prison row", n("ind_linked")),
        ("    not linked", n("ind_unlinked")),
        ("Data-quality findings", n("findings")),
    ]


def further_counts(result: RunResult) -> list[tuple[str, int]]:
    """The counts beside the control totals (further_counts_from) for a run."""
    applied, stale = decision_counts(d.status for d in result.decisions)
    return further_counts_from(
        {
            "review_rows": review_counts(result).sheet,
            "candidate_pairs": result.links.candidate_pairs,
            "decisions_applied": applied,
            "decisions_stale": stale,
            **({} if result.s7_noted is None else {"s7_noted": result.s7_noted}),
        }
    )


def further_counts_from(counts: Mapping[str, Any]) -> list[tuple[str, int]]:
    """The prison rows on the Needs review sheet, the candidate pairs weighed and, when any
    were given, the reviewers' decisions applied and stale, from a run's counts as the
    manifest records them (and the in-scope rows with the s.7 note, when the policy asks the
    exemption): the printed summary and `reconcile report` give the same lines."""
    rows = [
        (
            "Prison rows on the Needs review sheet (doubtful link or outcome)",
            int(counts.get("review_rows", 0)),
        ),
        ("Candidate pairs compared", int(counts.get("candidate_pairs", 0))),
    ]
    applied, stale = int(counts.get("decisions_applied", 0)), int(counts.get("decisions_stale", 0))
    if applied or stale:
        rows += [
            ("Reviewer decisions applied", applied),
            ("Reviewer decisions stale (not applied)", stale),
        ]
    if "s7_noted" in counts:  # the policy asked the Immigration Act 1971 s.7 exemption
        rows.append(
            (
                "In-scope rows s.7 may exempt (Commonwealth or Irish, born before 1973): "
                "check residence",
                int(counts["s7_noted"]),
            )
        )
    return rows


def blank_rows_text(result: RunResult) -> list[str]:
    """For each extract with blank rows among its data, a sentence that takes the
    spreadsheet's rows below the header, up to the last one read, to the data rows found:
    blank rows are passed over without a finding, so without it the rows an auditor sees in
    the file do not add up to the control totals. An extract read from several sheets, each
    under its own header, is counted sheet by sheet: its sentence gives the sums, and a line
    under it (indented, after a line break) each sheet's rows, data rows and blank rows, so
    that the sheets add up to the extract's data rows found."""
    said = []
    for src, records, name in (
        (result.prison_source, result.prison, "Prison extract"),
        (result.ind_source, result.ind, "IND extract"),
    ):
        said += extract_blank_rows_text(src, [r.prov for r in records], name)
    return said


def extract_blank_rows_text(src: SourceInfo, provs: Sequence[Provenance], name: str) -> list[str]:
    """blank_rows_text for one extract, from where its data rows came from (``provs``);
    ``name`` begins the sentence ("Prison extract"). `reconcile inspect` says the same
    before a run."""
    if src.sheets and len(src.sheet_headers) == len(src.sheets):
        return _blank_rows_by_sheet(src, provs, name)
    if src.sheets:  # several sheets whose header rows were not recorded
        return []
    first, last, found, blank = _rows_below(
        src.header_row, [r.row for r in src.skipped], [p.row for p in provs]
    )
    if blank <= 0:
        return []
    where = f" of sheet {src.sheet!r}" if src.sheet else ""
    return [
        f"{name}: rows {first:,} to {last:,}{where}, below the header, are "
        f"the {found:,} data rows found and {_plural(blank, 'blank row', 'blank rows')}, "
        "passed over."
    ]


def _rows_below(
    header: int, skipped: Sequence[int], read: Sequence[int]
) -> tuple[int, int, int, int]:
    """(first row below the header, last row read or set aside, data rows found, blank rows
    between) of one sheet, from its header row and the row numbers of its rows read and set
    aside."""
    below = [row for row in skipped if row > header]
    last = max([*below, *read], default=header)
    found = len(below) + len(read)
    return header + 1, last, found, last - header - found


def _blank_rows_by_sheet(src: SourceInfo, provs: Sequence[Provenance], name: str) -> list[str]:
    """blank_rows_text for an extract read from several sheets ([] when no sheet has a blank
    row among its data)."""
    read: dict[str, list[int]] = {sheet: [] for sheet in src.sheets}
    for prov in provs:
        read.setdefault(prov.sheet, []).append(prov.row)
    skipped: dict[str, list[int]] = {sheet: [] for sheet in src.sheets}
    for row, sheet in zip(src.skipped, src.skipped_sheets, strict=False):
        skipped.setdefault(sheet, []).append(row.row)
    lines = []
    total_found = total_blank = 0
    for sheet, header in zip(src.sheets, src.sheet_headers, strict=True):
        first, last, found, blank = _rows_below(header, skipped[sheet], read[sheet])
        total_found += found
        total_blank += blank
        lines.append(
            f"  sheet {sheet!r}: rows {first:,} to {last:,}, below its header, are the "
            f"{found:,} data rows found and {_plural(blank, 'blank row', 'blank rows')}"
        )
    if total_blank <= 0:
        return []
    return [
        "\n".join(
            [
                f"{name}: the rows below the headers of its {len(src.sheets)} sheets, up to "
                f"the last one read on each, are the {total_found:,} data rows found and "
                f"{_plural(total_blank, 'blank row', 'blank rows')}, passed over:",
                *(line + (";" if k < len(lines) - 1 else ".") for k, line in enumerate(lines)),
            ]
        )
    ]


_NUMBER = re.compile(r"\d+")


# The last run's findings_by_column: the workbook, the printed summary and the manifest each
# ask for it (a tenth of a second at 200k rows a time).
_BY_COLUMN: tuple[weakref.ref[RunResult], int, list[tuple[str, str, int, str]]] | None = None


def findings_by_column(result: RunResult) -> list[tuple[str, str, int, str]]:
    """(file, column, findings, an example of its commonest problem) per column with findings:
    the Data quality sheet at a glance. Files in the order their findings come (the prison
    extract first), then the columns with most findings; "" is the file as a whole. Problems
    are told apart without the value they quote and with their numbers left out ("same
    person as row 34" and "as row 90" are one problem); the example is the first of them.

    Characters that show nothing pasted into more than MANY_INVISIBLE cells of a column (a
    right-to-left mark on every name) get a line of their own: the problem, the count and
    the first rows. Such a mark on every cell would otherwise be the column's commonest
    problem and hide the others found in it, which keep the column's own line."""
    global _BY_COLUMN
    known = _BY_COLUMN
    if known is not None and known[0]() is result and known[1] == len(result.findings):
        return list(known[2])
    found = _by_column(result)
    try:
        _BY_COLUMN = (weakref.ref(result), len(result.findings), found)
    except TypeError:  # a stand-in for a run that cannot be referred to weakly: not kept
        _BY_COLUMN = None
    return list(found)


MANY_INVISIBLE = 10  # cells of a column with the same characters that show nothing
FIRST_ROWS = 5  # of those, the rows named in the line of their own


def _by_column(result: RunResult) -> list[tuple[str, str, int, str]]:
    counts: Counter[tuple[str, str]] = Counter()
    kinds: Counter[tuple[str, str, str]] = Counter()  # (file, column, problem kind)
    example: dict[tuple[str, str, str], str] = {}
    files: dict[str, int] = {}
    kind_of: dict[str, str] = {}  # problems repeat: each told apart once
    findings = result.findings
    invisible = _many_invisible(findings)
    for f in findings:
        files.setdefault(f.file, len(files))
        problem = f.problem.replace(f"'{f.raw}' ", "", 1) if f.raw else f.problem
        if invisible and (f.file, f.column, problem) in invisible and _shows_nothing(f):
            continue
        key = (f.file, f.column)
        counts[key] += 1
        kind = kind_of.get(problem)
        if kind is None:
            kind = kind_of[problem] = _NUMBER.sub("#", problem)
        both = (*key, kind)
        kinds[both] += 1
        example.setdefault(both, problem)
    # Each column's commonest kind; of kinds as common, the first seen.
    commonest: dict[tuple[str, str], tuple[int, str]] = {}
    for (file, column, kind), n in kinds.items():
        best = commonest.get((file, column))
        if best is None or n > best[0]:
            commonest[(file, column)] = (n, kind)
    lines = [(*k, counts[k], example[(*k, commonest[k][1])]) for k in counts]
    lines += [
        (file, column, len(rows), _rows_said(problem, sheets, rows))
        for (file, column, problem), (sheets, rows) in invisible.items()
    ]
    # By file, then the most findings first; of as many, by column (a stable sort: a column's
    # own line before one of characters that show nothing in it).
    return sorted(lines, key=lambda k: (files[k[0]], -k[2], k[1]))


def _many_invisible(
    findings: Sequence[Finding],
) -> dict[tuple[str, str, str], tuple[list[str], list[int]]]:
    """The characters that show nothing found in more than MANY_INVISIBLE cells of a column:
    (file, column, problem without the value) -> the sheets and rows of those cells."""
    found: dict[tuple[str, str, str], tuple[list[str], list[int]]] = {}
    for f in findings:
        if _shows_nothing(f):
            problem = f.problem.replace(f"'{f.raw}' ", "", 1) if f.raw else f.problem
            sheets, rows = found.setdefault((f.file, f.column, problem), ([], []))
            sheets.append(f.sheet)
            rows.append(f.row)
    return {k: v for k, v in found.items() if len(v[1]) > MANY_INVISIBLE}


def _shows_nothing(f: Finding) -> bool:
    """Whether ``f`` is about characters that show nothing in a cell (fields.report_invisible)."""
    return f.consequence == INVISIBLE_CONSEQUENCE


def _rows_said(problem: str, sheets: list[str], rows: list[int]) -> str:
    """The problem, then the first rows it was found in: "..., in rows 4, 5, 6, 7, 8 and
    1,234 more (each on the Data quality sheet)"; each row's sheet named when there are
    several."""
    if len(set(sheets)) == 1:
        named = ", ".join(str(r) for r in sorted(rows)[:FIRST_ROWS])
    else:  # in the order found: sheet by sheet
        first = zip(sheets[:FIRST_ROWS], rows[:FIRST_ROWS], strict=True)
        named = ", ".join(f"{r} of sheet {s!r}" for s, r in first)
    more = len(rows) - FIRST_ROWS
    return (
        f"{problem}, in rows {named} and {more:,} more (each on the Data quality sheet)"
        if more > 0
        else f"{problem}, in rows {named}"
    )


def release_years(result: RunResult) -> dict[int, Counter[Outcome]]:
    """Outcome counts per year of release (rows with a release date only)."""
    years: dict[int, Counter[Outcome]] = {}
    for c in result.classifications:
        rel = result.prison[c.prison_idx].release_date
        if rel is not None:
            years.setdefault(rel.year, Counter())[c.outcome] += 1
    return dict(sorted(years.items()))


@dataclass(frozen=True)
class Column:
    """A column of a prison-row listing: key, heading, kind (text/date/int/prob/weight), note;
    ``shown``: what a workbook cell shows for a value instead of it (a code in words);
    ``wrap``: a text in sentences, wrapped onto more lines where it is longer than the column
    (reconcile.write.workbook_table.MAX_WIDTH), not cut off at its edge."""

    key: str
    title: str
    kind: str = "text"
    note: str = ""
    shown: Mapping[Cell, str] | None = None
    wrap: bool = False


# What the "Name as given" columns hold, for their heading's note.
NAME_AS_GIVEN_NOTE = (
    "The name as the extract gives it (surname, forenames; or the one cell the name was read "
    "from), where it differs from the Surname and Forenames compared other than by capitals: "
    "accented letters, another script, a title or alias, a name split from one cell. Empty "
    "when it is the same."
)


PRISON_COLUMNS: tuple[Column, ...] = (
    Column("source_file", "Source file", note="The prison extract this row came from."),
    Column("source_sheet", "Sheet"),
    Column("source_row", "Row", "int", "Row number as the spreadsheet shows it."),
    Column("prison_number", "Prison number"),
    Column("surname", "Surname"),
    Column("forenames", "Forenames"),
    Column("name_as_given", "Name as given", note=NAME_AS_GIVEN_NOTE),
    Column("dob", "Date of birth", "date"),
    Column("nationality", "Nationality", note="Country (ISO 3166 code), or the text as written."),
    Column("sentence", "Sentence (months)", note="Months, Life, or the text as written."),
    Column("offence", "Offence", wrap=True),
    Column("release_date", "Release date", "date"),
    Column("court_recommended", "Court recommended", note="Y = court recommended deportation."),
    Column("outcome", "Outcome"),
    Column("reason", "Reason", note="Why this row has its outcome, in words.", wrap=True),
    Column("rule", "Rule", note="Identifier of the policy rule that decided the outcome."),
    Column("policy", "Policy"),
    Column("link_status", "Link status", note="linked / needs_review / no_link."),
    Column("ind_case_refs", "IND case reference(s)"),
    Column("ind_source_rows", "IND source row(s)", note="Row numbers in the IND extract."),
    Column("referral_date", "Referral received", "date", "Earliest referral, linked records."),
    Column("considered_date", "Date considered", "date", "Earliest consideration, linked."),
    Column(
        "match_probability",
        "Match probability",
        "prob",
        "That the best candidate is this prisoner, every other candidate weighed (0 to 1).",
    ),
    Column(
        "match_weight",
        "Match weight",
        "weight",
        "The starting weight plus the field weights, as the explanation adds them (each point "
        "doubles the odds that the two records are one person).",
    ),
    Column(
        "link_explanation",
        "Link explanation",
        note="The starting weight, each field's comparison and weight, and the total; when the "
        "row was matched through another row of the same person, that row's number first: the "
        "evidence, probability and weight are then that row's. Each weight is rounded to one "
        "decimal, so the parts as shown may differ from the total by 0.1 or 0.2.",
        wrap=True,
    ),
    Column(
        "prison_key",
        "prison_key",
        note="Content key of this row: copy it, with ind_key, into a decisions file to overrule.",
    ),
    Column("ind_key", "ind_key", note="Content key of the first linked IND record."),
)
