"""One evidence section per listed prisoner: the prison row beside its linked IND record(s),
each field's comparison level and weight, the runner-up, and the rule and dates compared."""

from __future__ import annotations

import unicodedata
from functools import partial

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, LongTable, PageBreak, Spacer

from reconcile.model import (
    FAILURE_OUTCOMES,
    OTHER_PRISONERS_FIELD,
    OUTCOME_LABELS,
    IndRecord,
    LinkDecision,
    LinkStatus,
    Outcome,
    PrisonRecord,
)
from reconcile.result import RunResult
from reconcile.rules import RULES
from reconcile.rules.outcome import decided_by
from reconcile.write.evidence_grid import GridTable
from reconcile.write.evidence_method import ROUNDED
from reconcile.write.evidence_plain import plain
from reconcile.write.evidence_text import (
    MAX_REASON,
    Deferred,
    esc,
    heading,
    in_fonts,
    markup,
    para,
    safe,
    table_style,
)
from reconcile.write.views import (
    court_text,
    deadline_text,
    describe_field,
    fmt_birth,
    fmt_date,
    fmt_prob,
    fmt_weight,
    linked_ind,
    nationality_text,
    sentence_text,
    through_prefix,
    through_row,
    weighed,
)

MAX_IND_COLUMNS = 3
_LABEL_W = 30 * mm
_TABLE_W = 170 * mm
_CMP_W, _WEIGHT_W = 34 * mm, 13 * mm


def _sentence(text: str) -> str:
    """The text as a sentence ending in one full stop."""
    text = text.strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else f"{text}."


# The link's status in words (the workbook's and CSV's codes are linked / needs_review / no_link).
STATUS_WORDS = {
    LinkStatus.LINKED: "linked",
    LinkStatus.REVIEW: "held for review as doubtful",
    LinkStatus.NONE: "not linked",
}


def _after_colon(text: str) -> str:
    """A sentence set after a colon: its first letter in lower case unless the first word is
    an abbreviation ("No IND record ..." -> "no IND record ...", "IND ..." kept)."""
    first = text.split(" ", 1)[0]
    return text[:1].lower() + text[1:] if first[1:].islower() else text


def _sentence_length(rec: PrisonRecord) -> str:
    """The sentence as the evidence shows it: "30 months", "Life", or the text as written."""
    text = sentence_text(rec)
    if rec.sentence_life or rec.sentence_months is None:
        return text
    return f"{text} month" if text == "1" else f"{text} months"


_FIELD_OF_ROW = {
    "Surname": "name",
    "Forenames": "name",
    "Date of birth": "dob",
    "Nationality": "nationality",
    "Prison number": "prison_number",
    "PNC ID": "police_id",  # the better of the two numbers is compared: shown once, here
    "CRO number": "police_id",
    "Referral received": "referral",  # against the prison row's custody and release dates
}


_POLICE_ROWS = ("PNC ID", "CRO number")


def _value_width(shown: int) -> float:
    """Width of the prison column and of each IND column, for ``shown`` IND columns."""
    return (_TABLE_W - _LABEL_W - _CMP_W - _WEIGHT_W) / (1 + shown)


def _aliases(rec: PrisonRecord | IndRecord) -> str:
    """The other names a record's cells give ("JONES, JOHN"), compared as well as its own."""
    return "; ".join(f"{surname}, {forenames}".strip(", ") for surname, forenames in rec.aliases)


# Scripts named as a reader knows them, by the first word of their letters' Unicode names.
_SCRIPT_NAMES = {"CJK": "Chinese", "HANGUL": "Korean (Hangul)", "HIRAGANA": "Japanese",
                 "KATAKANA": "Japanese"}  # fmt: skip


def name_as_given_text(rec: PrisonRecord | IndRecord) -> str:
    """A record's name as the extract gives it ("" when the same as compared), for the PDF:
    its standard fonts show Latin letters only, so a name in another script ("Иванов, Иван")
    is shown in Latin letters and said to be ("Ivanov, Ivan [Cyrillic script, in Latin letters
    here; the workbook shows it as written]"); one with a Latin letter they lack ("Yıldız")
    is said to have lost its accent."""
    text = rec.name_as_given or ""
    lacking = [c for c in text if c.isalpha() and not in_fonts(c)]
    if not lacking:
        return text
    scripts: list[str] = []
    for c in lacking:
        word = unicodedata.name(c, "").split(" ", 1)[0]
        name = _SCRIPT_NAMES.get(word, word.capitalize())
        if word and word != "LATIN" and name not in scripts:
            scripts.append(name)
    if scripts:
        return (
            f"{text} [{' and '.join(scripts)} script, in Latin letters here; the workbook "
            "shows it as written]"
        )
    return f"{text} [some letters without their accents here; the workbook shows it as written]"


def _other_births(rec: PrisonRecord | IndRecord) -> str:
    """The other dates of birth a record's cell gives, compared as well as its own."""
    return "; ".join(fmt_date(d) for d in rec.other_births)


def _other_numbers(rec: PrisonRecord | IndRecord) -> str:
    """The other prison numbers a record's cell gives, compared as well as its own."""
    return ", ".join(rec.other_numbers)


def unread_births(result: RunResult) -> dict[tuple[str, str, int], str]:
    """The date-of-birth cells a run could not read (a placeholder such as 01/01/1900, an
    impossible date), by the row's (file, sheet, row): each as the extract gives it."""
    found: dict[tuple[str, str, int], str] = {}
    for f in result.findings:
        if f.field == "dob" and f.raw:
            found.setdefault((f.file, f.sheet, f.row), f.raw)
    return found


def birth_text(rec: PrisonRecord | IndRecord, unread: dict[tuple[str, str, int], str]) -> str:
    """The date of birth as compared; where there is none but the extract gives something,
    that, said not to be read ("not read: '01/01/1900'"), so that a blank does not hide it."""
    shown = fmt_birth(rec)
    if shown:
        return shown
    raw = unread.get((rec.prov.file, rec.prov.sheet, rec.prov.row), "")
    if not raw:
        return ""
    cut = raw if len(raw) <= 40 else raw[:39] + "\u2026"
    return f"not read: {cut!r} (see the data-quality findings)"


def _record_lines(
    rec: PrisonRecord,
    shown: list[IndRecord],
    unread: dict[tuple[str, str, int], str] | None = None,
) -> list[list[str]]:
    def line(label: str, prison: str, ind_values: list[str]) -> list[str]:
        return [label, safe(prison), *[safe(v) for v in ind_values]]

    blank = ["" for _ in shown]
    unread = unread or {}
    provs = [rec.prov, *[i.prov for i in shown]]
    # A CSV file has no sheets: its rows are "file, row N".
    source = [safe(", ".join(filter(None, (p.file, p.sheet, f"row {p.row}")))) for p in provs]
    lines = [
        ["Source", *source],
        line("Case reference", "", [i.case_ref for i in shown]),
        line("Surname", rec.surname, [i.surname for i in shown]),
        line("Forenames", rec.forenames, [i.forenames for i in shown]),
        line("Name as given", name_as_given_text(rec), [name_as_given_text(i) for i in shown]),
        line("Alias", _aliases(rec), [_aliases(i) for i in shown]),
        line("Date of birth", birth_text(rec, unread), [birth_text(i, unread) for i in shown]),
        line("Other dates of birth", _other_births(rec), [_other_births(i) for i in shown]),
        # "Somalia (SO)", as the workbook gives it: a bare code means nothing to many readers.
        line("Nationality", nationality_text(rec), [nationality_text(i) for i in shown]),
        line("Prison number", rec.prison_number or "", [i.prison_number or "" for i in shown]),
        line("Other prison numbers", _other_numbers(rec), [_other_numbers(i) for i in shown]),
        line("PNC ID", rec.pnc or "", [i.pnc or "" for i in shown]),
        line("CRO number", rec.cro or "", [i.cro or "" for i in shown]),
        line("Sentence", _sentence_length(rec), blank),
        line("Offence", rec.offence or "Not available", blank),
        line("Release date", fmt_date(rec.release_date), blank),
        line("Court recommended", court_text(rec.court_recommended), blank),
        line("Referral received", "", [fmt_date(i.referral_date) for i in shown]),
        line("Date considered", "", [fmt_date(i.considered_date) for i in shown]),
        line("Decision", "", [i.decision for i in shown]),
    ]
    return lines


def side_by_side(
    result: RunResult, idx: int, unread: dict[tuple[str, str, int], str] | None = None
) -> GridTable:
    """The prison row beside the IND record(s), with the best candidate's comparison of each
    field (level and weight) in the last two columns."""
    rec, dec = result.prison[idx], result.links.decisions[idx]
    shown = linked_ind(result, dec)[:MAX_IND_COLUMNS]
    heads = [f"IND record {n}" for n in range(1, len(shown) + 1)]
    if not shown and dec.best is not None:
        shown, heads = [result.ind[dec.best.ind_idx]], ["Nearest IND record (not linked)"]
    levels = {f.field: f for f in dec.best.fields} if dec.best and shown else {}
    every = _record_lines(rec, shown, unread_births(result) if unread is None else unread)
    # The police numbers' lines that hold a value; the PNC line alone (to carry the
    # comparison) when neither does.
    police = [n for n, line in enumerate(every) if line[0] in _POLICE_ROWS and any(line[1:])]
    if not police and "police_id" in levels:
        police = [n for n, line in enumerate(every) if line[0] == "PNC ID"]

    def kept(n: int, line: list[str]) -> bool:
        if line[0] in _POLICE_ROWS:
            return n in police
        return n == 0 or any(line[1:]) or _FIELD_OF_ROW.get(str(line[0])) in levels

    lines = [line for n, line in enumerate(every) if kept(n, line)]
    done: set[str] = set()
    spans = []
    for n, line in enumerate(lines):
        key = _FIELD_OF_ROW.get(str(line[0]), "")
        fc = levels.get(key)
        if fc is not None and key not in done:
            done.add(key)
            line += [safe(fc.level), fmt_weight(fc.weight)]
            if key == "name" and n + 1 < len(lines) and lines[n + 1][0] == "Forenames":
                spans.append(n + 1)
        else:
            line += ["", ""]
    rows: list[list[str]] = [
        ["", "Prison row", *heads, _comparison_head(dec, len(shown)), "Weight"]
    ]
    rows += lines
    claim = levels.get(OTHER_PRISONERS_FIELD)
    if claim is not None:  # weighed in the linker's second round: no record line of its own
        blank = ["" for _ in shown]
        rows.append(["Other prisoners", "", *blank, safe(claim.level), fmt_weight(claim.weight)])
    if levels and dec.best is not None:
        prior = dec.best.weight - sum(f.weight for f in dec.best.fields)
        if abs(prior) >= 0.05:  # the weight before any field is compared (prior odds)
            rows.append(
                ["Starting weight", "", *["" for _ in shown], "before any field", fmt_weight(prior)]
            )
        rows.append(
            [
                "Total",
                "",
                *["" for _ in shown],
                f"probability {fmt_prob(dec.best.probability)}",
                f"{dec.best.weight:+.1f}",
            ]
        )
    other = _value_width(len(shown))
    widths = [_LABEL_W, *[other] * (1 + len(shown)), _CMP_W, _WEIGHT_W]
    # One comparison for the two name rows: its cells reach down over the forenames' row.
    return GridTable(rows, widths, total=bool(levels), spans=spans)


def _comparison_head(dec: LinkDecision, shown: int) -> str:
    """The comparison column's heading: beside several IND records, which one it compares
    (the best candidate), so that its levels are not read as every record's."""
    if shown < 2 or dec.best is None or dec.best.ind_idx not in dec.ind_idxs[:shown]:
        return "Comparison"
    return f"Comparison (IND record {dec.ind_idxs.index(dec.best.ind_idx) + 1})"


def _candidate_lines(result: RunResult, idx: int) -> list[Flowable]:
    dec = result.links.decisions[idx]
    if dec.best is None and dec.ind_idxs and dec.decided_by != "linker":
        # Linked by a reviewer to a record the linker never compared with this row: not
        # "No IND candidate".
        linked = result.ind[dec.ind_idxs[0]]
        return [
            plain(
                f"Linked IND record: {linked.case_ref} (IND {linked.prov.ref}); "
                f"{STATUS_WORDS[dec.status]}, decided by {decided_by(dec)}; the linker had not "
                "found it a candidate, so no comparison is shown.",
                "small",
                MAX_REASON,
            )
        ]
    if dec.best is None:
        # The linker's "No link: ..." would read "No IND candidate: no link: ...".
        why = _sentence(dec.reason.removeprefix("No link: "))
        return [plain(f"No IND candidate: {_after_colon(why)}", "small")]
    who = result.ind[dec.best.ind_idx]
    label = "Linked IND record" if dec.best.ind_idx in dec.ind_idxs else "Nearest IND record"
    parts: list[Flowable] = []
    head, tail = through_prefix(dec, result.prison, result.ind)
    if through_row(dec, result.prison) is not None:
        parts.append(
            plain(
                _sentence(
                    "The comparisons and weights above are not this row's own: this row was "
                    + head.removesuffix("; that row's evidence: ")
                    + ", and they are that row's against the IND record"
                    + tail
                ),
                "small",
            )
        )
    parts.append(
        plain(
            f"{label}: {who.case_ref} (IND {who.prov.ref}); {STATUS_WORDS[dec.status]}, "
            f"decided by {decided_by(dec)}. {_sentence(dec.reason)}",
            "small",
            MAX_REASON,
        )
    )
    if dec.runner_up is not None:
        ru = dec.runner_up
        other = result.ind[ru.ind_idx]
        parts.append(
            plain(
                _sentence(
                    f"Runner-up: {other.case_ref} (IND {other.prov.ref}), weight "
                    f"{ru.weight:+.1f}, probability {fmt_prob(ru.probability)}: "
                    + weighed(ru, ", ".join(describe_field(f) for f in ru.fields))
                ),
                "small",
            )
        )
    return parts


def further_text(rest: list[IndRecord]) -> str:
    """The linked IND records the side-by-side table has no column for, named so that a
    reader can find them ("2 further linked IND records, not shown above: K0000130 (IND row
    160), K0000140 (IND row 161).")."""
    named = ", ".join(f"{i.case_ref or 'no case reference'} (IND row {i.prov.row})" for i in rest)
    noun = "record" if len(rest) == 1 else "records"
    return f"{len(rest)} further linked IND {noun}, not shown above: {named}."


def prisoner_section(
    result: RunResult, idx: int, unread: dict[tuple[str, str, int], str] | None = None
) -> Flowable:
    rec = result.prison[idx]
    cls = result.classifications[idx]
    inds = linked_ind(result, result.links.decisions[idx])
    name = f"{rec.surname}, {rec.forenames}".strip(", ")
    head = markup(
        f"Prison {esc(rec.prov.ref)} &middot; {esc(name)} &middot; "
        f"{esc(OUTCOME_LABELS[cls.outcome])}",
        "h3",
    )
    refs = [fmt_date(i.referral_date) for i in inds if i.referral_date]
    cons = [fmt_date(i.considered_date) for i in inds if i.considered_date]
    dates = (
        f"Dates compared: release {fmt_date(rec.release_date) or 'missing'}; referral "
        f"{', '.join(refs) or 'none'}; consideration {', '.join(cons) or 'none'}."
    )
    parts: list[Flowable] = [head, side_by_side(result, idx, unread)]
    if len(inds) > MAX_IND_COLUMNS:
        parts.append(plain(further_text(inds[MAX_IND_COLUMNS:]), "small"))
    parts += _candidate_lines(result, idx)
    parts.append(
        plain(
            f"Why: {_sentence(cls.reason)} Rule {cls.rule} (policy {cls.policy}). {dates}", "small"
        )
    )
    return KeepTogether(parts)


def _one_section(
    result: RunResult, idx: int, unread: dict[tuple[str, str, int], str]
) -> list[Flowable]:
    return [prisoner_section(result, idx, unread)]


def section_rows(result: RunResult) -> tuple[list[int], int]:
    """The prison idxs that get an evidence section, in extract order, and how many listed
    prisoners there are. Beyond output.evidence_max_sections, the sections go to the first
    prisoners of each failure outcome in turn, so that every outcome has its examples."""
    cap = max(0, result.settings.config.output.evidence_max_sections)
    by_outcome: dict[Outcome, list[int]] = {o: [] for o in FAILURE_OUTCOMES}
    for c in result.classifications:  # one pass for every outcome
        rows = by_outcome.get(c.outcome)
        if rows is not None:
            rows.append(c.prison_idx)
    per_outcome = list(by_outcome.values())
    listed = sum(len(rows) for rows in per_outcome)
    if listed <= cap:
        return sorted(idx for rows in per_outcome for idx in rows), listed
    chosen: list[int] = []
    for turn in range(cap):
        for rows in per_outcome:
            if turn < len(rows) and len(chosen) < cap:
                chosen.append(rows[turn])
        if len(chosen) == cap:
            break
    return sorted(chosen), listed


def sections_text(result: RunResult) -> str:
    """How many of the prison rows not considered before release (the failure listings)
    have an evidence section, in words ("" when all do)."""
    shown, listed = section_rows(result)
    if len(shown) == listed:
        return ""
    return (
        f"sections for {len(shown):,} of {listed:,} prison rows not considered before "
        "release, the first of each outcome in turn (output.evidence_max_sections); every one "
        "of them is in the listings and the workbook"
    )


def evidence_notes(result: RunResult) -> list[str]:
    text = sections_text(result)
    return [f"Evidence PDF: {text}"] if text else []


def _meaning(result: RunResult, code: str) -> str:
    """A rule's meaning, the policy's deadline named where it speaks of one ("considered,
    but only after the deadline (the release date)")."""
    meaning = RULES.get(code, "")
    return f"{meaning} ({deadline_text(result)})" if "the deadline" in meaning else meaning


def rules_cited(result: RunResult, idxs: list[int]) -> list[Flowable]:
    """The rules the sections' "Why" lines cite, each code with its meaning, in the
    catalogue's order (the workbook and outcomes.csv carry the same codes)."""
    cited = {part for i in idxs for part in result.classifications[i].rule.split("/") if part}
    if not cited:
        return []
    order = {code: n for n, code in enumerate(RULES)}
    rows: list[list[object]] = [["Rule", "What it means"]]
    rows += [
        [para(code, "cell"), para(_meaning(result, code), "cell")]
        for code in sorted(cited, key=lambda c: (order.get(c, len(order)), c))
    ]
    t = LongTable(rows, colWidths=[60 * mm, 110 * mm], hAlign="LEFT", repeatRows=1)
    t.setStyle(table_style(7))
    return [
        Spacer(1, 2 * mm),
        para(
            "Each section shows the prison row beside the IND record(s) it was linked to (or "
            "the nearest one, when none was), each field's comparison and weight, then the "
            "link, and why the row has its outcome, citing the rules below (an in-scope row "
            f"cites two: why it is in scope, then its outcome). {ROUNDED} A name's weight, and "
            "an exact date of birth's, depends on how many people share it (section 4), so it "
            "may differ from the table of weights there.",
            "small",
        ),
        t,
        Spacer(1, 2 * mm),
    ]


EVIDENCE_NUMBER = "8"
EVIDENCE_TITLE = f"{EVIDENCE_NUMBER}. Evidence for each prison row listed in section 6"


def prisoner_sections(result: RunResult) -> list[Flowable]:
    idxs, listed = section_rows(result)
    labels = [OUTCOME_LABELS[o] for o in FAILURE_OUTCOMES]
    outcomes = "; ".join(labels[:-1]) + "; or " + labels[-1]  # "Referred, not considered"
    intro = (
        f"{len(idxs):,} sections, in the order of the prison extract: one for each prison row "
        f"listed as {outcomes}, the outcomes mixed."
    )
    if len(idxs) < listed:
        intro += (
            f" Only {len(idxs):,} of the {listed:,} prison rows not considered before release "
            "have a section here: the first of each outcome in turn "
            "(output.evidence_max_sections). All are listed above and in the workbook."
        )
    parts: list[Flowable] = [
        PageBreak(),
        heading(EVIDENCE_TITLE),
        para(intro, "small"),
        *rules_cited(result, idxs),
    ]
    unread = unread_births(result)  # once for every section
    parts += [Deferred(partial(_one_section, result, i, unread)) for i in idxs]
    return parts
