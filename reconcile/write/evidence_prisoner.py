"""One evidence section per listed prisoner: the prison row beside its linked IND record(s),
each field's comparison level and weight, the runner-up, and the rule and dates compared."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Table

from reconcile.model import FAILURE_OUTCOMES, OUTCOME_LABELS, IndRecord, PrisonRecord
from reconcile.result import RunResult
from reconcile.write.evidence_text import esc, markup, para, safe, table_style
from reconcile.write.views import (
    court_text,
    describe_field,
    failure_rows,
    fmt_date,
    fmt_weight,
    linked_ind,
    sentence_text,
)

MAX_IND_COLUMNS = 3
_LABEL_W = 30 * mm
_TABLE_W = 170 * mm


def _sentence(text: str) -> str:
    """The text as a sentence ending in one full stop."""
    text = text.strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else f"{text}."


def _side_by_side(rec: PrisonRecord, inds: list[IndRecord]) -> Table:
    shown = inds[:MAX_IND_COLUMNS]
    head = ["", "Prison row", *[f"IND record {n}" for n in range(1, len(shown) + 1)]]

    def line(label: str, prison: str, ind_values: list[str]) -> list[str]:
        return [label, safe(prison), *[safe(v) for v in ind_values]]

    rows = [
        head,
        line(
            "Source",
            f"{rec.prov.file}, {rec.prov.sheet}, row {rec.prov.row}",
            [f"{i.prov.file}, {i.prov.sheet}, row {i.prov.row}" for i in shown],
        ),
        line("Case reference", "", [i.case_ref for i in shown]),
        line("Surname", rec.surname, [i.surname for i in shown]),
        line("Forenames", rec.forenames, [i.forenames for i in shown]),
        line("Date of birth", fmt_date(rec.dob), [fmt_date(i.dob) for i in shown]),
        line(
            "Nationality",
            rec.nationality or rec.nationality_raw,
            [i.nationality or i.nationality_raw for i in shown],
        ),
        line("Prison number", rec.prison_number or "", [i.prison_number or "" for i in shown]),
        line("Sentence", sentence_text(rec), ["" for _ in shown]),
        line("Offence", rec.offence or "Not available", ["" for _ in shown]),
        line("Release date", fmt_date(rec.release_date), ["" for _ in shown]),
        line("Court recommended", court_text(rec.court_recommended), ["" for _ in shown]),
        line("Referral received", "", [fmt_date(i.referral_date) for i in shown]),
        line("Date considered", "", [fmt_date(i.considered_date) for i in shown]),
        line("Decision", "", [i.decision for i in shown]),
    ]
    rows = [rows[0], rows[1], *[r for r in rows[2:] if any(r[1:])]]
    other = (_TABLE_W - _LABEL_W) / (1 + len(shown))
    t = Table(rows, colWidths=[_LABEL_W] + [other] * (1 + len(shown)), hAlign="LEFT")
    t.setStyle(table_style(6.5))
    return t


def _comparison(result: RunResult, idx: int) -> list[Flowable]:
    dec = result.links.decisions[idx]
    if dec.best is None:
        return [para(f"No IND candidate: {_sentence(dec.reason)}", "small")]
    best = dec.best
    who = result.ind[best.ind_idx]
    rows = [["Field", "Comparison level", "Weight"]]
    rows += [[f.field.replace("_", " "), safe(f.level), fmt_weight(f.weight)] for f in best.fields]
    rows.append(["Total", f"probability {best.probability:.3f}", f"{best.weight:+.1f}"])
    t = Table(rows, colWidths=[30 * mm, 70 * mm, 20 * mm], hAlign="LEFT")
    t.setStyle(table_style(6.5, total=True))
    label = "Linked IND record" if best.ind_idx in dec.ind_idxs else "Nearest IND record"
    parts: list[Flowable] = [
        para(
            f"{label}: {who.case_ref} (IND row {who.prov.row}); link status "
            f"{dec.status.value}, decided by {dec.decided_by}. {_sentence(dec.reason)}",
            "small",
        ),
        t,
    ]
    if dec.runner_up is not None:
        ru = dec.runner_up
        other = result.ind[ru.ind_idx]
        parts.append(
            para(
                f"Runner-up: {other.case_ref} (IND row {other.prov.row}), weight {ru.weight:+.1f}, "
                f"probability {ru.probability:.3f}: "
                + ", ".join(describe_field(f) for f in ru.fields),
                "small",
            )
        )
    return parts


def prisoner_section(result: RunResult, idx: int) -> Flowable:
    rec = result.prison[idx]
    cls = result.classifications[idx]
    inds = linked_ind(result, result.links.decisions[idx])
    name = f"{rec.surname}, {rec.forenames}".strip(", ")
    head = markup(
        f"Prison row {rec.prov.row} &middot; {esc(name)} &middot; "
        f"{esc(OUTCOME_LABELS[cls.outcome])}",
        "h3",
    )
    refs = [fmt_date(i.referral_date) for i in inds if i.referral_date]
    cons = [fmt_date(i.considered_date) for i in inds if i.considered_date]
    dates = (
        f"Dates compared: release {fmt_date(rec.release_date) or 'missing'}; referral "
        f"{', '.join(refs) or 'none'}; consideration {', '.join(cons) or 'none'}."
    )
    parts: list[Flowable] = [head, _side_by_side(rec, inds)]
    if len(inds) > MAX_IND_COLUMNS:
        parts.append(
            para(
                f"{len(inds) - MAX_IND_COLUMNS} further linked IND record(s) are "
                "listed in the workbook.",
                "small",
            )
        )
    parts += _comparison(result, idx)
    parts.append(
        para(
            f"Why: {_sentence(cls.reason)} Rule {cls.rule} (policy {cls.policy}). {dates}", "small"
        )
    )
    return KeepTogether(parts)


def section_rows(result: RunResult) -> tuple[list[int], int]:
    """The prison idxs that get an evidence section, and how many listed prisoners there are."""
    idxs = failure_rows(result)
    return idxs[: max(0, result.settings.config.output.evidence_max_sections)], len(idxs)


def evidence_notes(result: RunResult) -> list[str]:
    shown, listed = section_rows(result)
    if len(shown) == listed:
        return []
    return [
        f"Evidence PDF: sections for the first {len(shown):,} of {listed:,} listed prisoners "
        "(output.evidence_max_sections); every prisoner is in the listings and the workbook"
    ]


def prisoner_sections(result: RunResult) -> list[Flowable]:
    idxs, listed = section_rows(result)
    outcomes = ", ".join(OUTCOME_LABELS[o] for o in FAILURE_OUTCOMES)
    intro = f"{len(idxs):,} sections, in the order of the prison extract ({outcomes})."
    if len(idxs) < listed:
        intro += (
            f" Only the first {len(idxs):,} of {listed:,} listed prisoners have a section "
            "here (output.evidence_max_sections); all are listed above and in the workbook."
        )
    parts: list[Flowable] = [
        PageBreak(),
        para("6. Evidence for each prisoner listed", "h1"),
        para(intro, "small"),
    ]
    parts += [prisoner_section(result, i) for i in idxs]
    return parts
