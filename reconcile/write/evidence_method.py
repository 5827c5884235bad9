"""The evidence PDF's account of how the records were linked: the method in words, this
run's thresholds and link decisions, and the weight each comparison level carried.

A committee reading the listings will ask how anyone knows two records are one person; the
evidence page of each prisoner shows the fields that agreed, and this section says what the
weights mean and where they came from. Everything is taken from the run (the linker's
learnt parameters and decisions), never restated from elsewhere.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from typing import Any, NamedTuple

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, LongTable, Spacer, Table

from reconcile.link.explain import FIELD_WORDS
from reconcile.link.training import (
    NOT_WEIGHED,
    WITHIN,
    learnt_model,
    model_sources,
    weighed_across,
    why_not_across,
)
from reconcile.model import OTHER_PRISONERS_FIELD, LinkStatus
from reconcile.result import RunResult
from reconcile.write.evidence_text import heading, para, safe, table_style
from reconcile.write.views import fmt_weight

STATUS_WORDS = {
    LinkStatus.LINKED: "linked to IND records",
    LinkStatus.REVIEW: "link held for review (doubtful; see section 2)",
    LinkStatus.NONE: "not linked (no IND record close enough)",
}


def bar(threshold: float) -> str:
    """A probability threshold as set, to 2 decimals at least and 4 at most: 0.80, 0.9999
    (not "1.00", which no link can reach)."""
    whole, _, decimals = f"{threshold:.4f}".rstrip("0").partition(".")
    return f"{whole}.{decimals.ljust(2, '0')}"


def level_weights(parameters: Mapping[str, Any]) -> list[tuple[str, str, float | None]]:
    """(field in words, level, weight) for every comparison level of the run's model, in the
    linker's order; the weight is log2(m / u), None where it cannot be told (m or u zero).
    The "missing" level weighs nothing and is left out, and so is a field not weighed in
    this run (switched off, or absent from a file). When the second round weighed
    whether a candidate's IND person is linked to another prisoner, its two levels last."""
    model = learnt_model(parameters)
    sources = model_sources(parameters)
    out: list[tuple[str, str, float | None]] = []
    for field, by_level in model.get("levels", {}).items():
        if str(sources.get(field, "")).startswith(NOT_WEIGHED):
            continue
        words = FIELD_WORDS.get(field, field)
        for label, mu in by_level.items():
            m, u = float(mu.get("m", 0.0)), float(mu.get("u", 0.0))
            out.append((words, label, math.log2(m / u) if m > 0 and u > 0 else None))
    claims: dict[str, Any] = parameters.get("linked_to_another_prisoner", {})
    if claims.get("applied"):
        words = FIELD_WORDS[OTHER_PRISONERS_FIELD]
        for label, key in (
            ("linked to no other prisoner", "factor_linked_to_no_prisoner"),
            ("linked to another prisoner", "factor_linked_to_another_prisoner"),
        ):
            factor = float(claims.get(key, 0.0))
            out.append((words, label, math.log2(factor) if factor > 0 else None))  # fmt: skip
    return out


# Said wherever weights are shown beside their total: a reader who adds them up finds why.
ROUNDED = (
    "Weights are shown to one decimal place, so the figures shown may differ from the total "
    "by a tenth or two."
)


def method_section(result: RunResult, number: str) -> list[Flowable]:
    """Section ``number``: how the records were linked, with this run's figures."""
    links = result.links
    cfg = result.settings.config.linker
    statuses = Counter(d.status for d in links.decisions)
    sources = model_sources(links.parameters)
    # The keys, fields and rules said as this run used them (a field a list lacks: none).
    words = linking_words(links.parameters)
    parts: list[Flowable] = [
        CondPageBreak(90 * mm),
        heading(f"{number} How the records were linked"),
        para(
            "Each prison row was compared with the IND records that could be the same "
            f"person: those sharing {words.sharing}, and similar keys "
            f"({_pairs(links.candidate_pairs)} in this run). In each "
            "pair every field below was compared and given one level. Each level carries a "
            "weight: how much likelier that agreement is between two records of one person "
            "than between records of two different people, counted in doublings (+1 is twice "
            "as likely, +2 four times, -1 half as likely). The weights were learnt from these "
            "two extracts alone, without knowing which records belong together: how often two "
            "different people's records agree was counted in pairs drawn at random, and how "
            "often one person's records agree was estimated by repeatedly refining a guess at "
            "which pairs are the same person (the standard Fellegi-Sunter method of record "
            "linkage, with expectation-maximisation). A name that agrees, wholly or in part "
            f"(and a similar spelling, where the run could learn how), {words.frequency}: a "
            "rare one counts for more, a common one for less. The table below gives each "
            f"level's weight for {words.typical} of typical frequency, so a prisoner's evidence "
            "may show a higher or lower weight for these levels.",
            limit=2_000,
        ),
        *([Spacer(1, 2 * mm), para(words.left_out)] if words.left_out else []),
        *built_in_caveat(links.parameters),
        Spacer(1, 2 * mm),
        para(
            f"A pair's weight is the starting weight (below) plus its fields' weights. {ROUNDED} "
            "The probability that the best "
            "candidate is the prisoner weighs every other candidate of that prisoner. A row is "
            f"linked when that probability is at least {bar(cfg.link_probability)} and the "
            f"names agree at least as a similar spelling{words.agreeing}; it is "
            f"held for review between {bar(cfg.review_probability)} and "
            f"{bar(cfg.link_probability)}, or when a different person scores within "
            f"{cfg.ambiguity_margin:g} weight points of the best; below that it is not linked. "
            "One person's several rows in each file (custody episodes, IND records) are found "
            "the same way, and linked together. Each prisoner's evidence page shows the levels "
            "and weights of that prisoner's own pair."
        ),
        Spacer(1, 2 * mm),
    ]
    also = _also_known(links.parameters)
    if also:
        parts += [para(also), Spacer(1, 2 * mm)]
    rows = [["Prison rows", "Rows"]]
    rows += [[STATUS_WORDS[s], f"{statuses.get(s, 0):,}"] for s in LinkStatus]
    rows.append(["Total", f"{len(links.decisions):,}"])
    t = Table(rows, colWidths=[90 * mm, 25 * mm], hAlign="LEFT")
    t.setStyle(table_style(8, total=True, numbers=(1,)))
    parts += [KeepTogether([t]), Spacer(1, 3 * mm)]  # its Total never alone on a page
    weights = level_weights(links.parameters)
    model = links.parameters.get("model", {})
    prior = float(model.get("prior_weight", 0.0)) if isinstance(model, dict) else 0.0
    if weights:
        rows = [["Field", "Level", "Weight in this run"]]
        last = ""
        built_in = set(built_in_fields(links.parameters))
        for field, label, weight in weights:
            shown = "not learnt" if weight is None else fmt_weight(weight)
            head = f"{field} (built-in)" if field in built_in else field
            rows.append([head if field != last else "", safe(label, 80), shown])
            last = field
        t = LongTable(rows, colWidths=[36 * mm, 84 * mm, 30 * mm], hAlign="LEFT", repeatRows=1)
        t.setStyle(table_style(7.5))
        # The table's caption, kept with its first rows.
        parts += [
            CondPageBreak(min(len(rows), 40) * 4.2 * mm + 10 * mm),
            para("The weight of each comparison level in this run", "h2"),
            t,
            Spacer(1, 1 * mm),
        ]
        parts.append(
            para(
                "A missing value on either side weighs nothing. The starting weight, how likely "
                "two records drawn at random are one person before any field is compared (the "
                f"Starting weight line of each prisoner's evidence), was {fmt_weight(prior)}"
                + (
                    ", a built-in assumption (too few records of one person to measure it here)."
                    if str(sources.get("prior", "")).startswith("fall-back")
                    else "."
                ),
                "small",
            )
        )
    left_out = not_weighed(links.parameters)
    if left_out:
        rows = [["Field", "Left out of the table above"]]
        rows += [[field, safe(why, 200)] for field, why in left_out]
        t = Table(rows, colWidths=[36 * mm, 114 * mm], hAlign="LEFT")
        t.setStyle(table_style(7.5))
        parts += [Spacer(1, 2 * mm), t]
    return parts


class LinkingWords(NamedTuple):
    """The method's words that depend on which fields this run weighed across the lists."""

    sharing: str  # the keys a candidate shares with the prison row: "its prison number, or ..."
    frequency: str  # what also weighs by how many people share it
    typical: str  # of which the table gives the weight at a typical frequency
    agreeing: str  # besides the names, what lets a row be linked: ", or the prison numbers agree"
    left_out: str  # what is said of the fields weighed at nothing, or left within one list


def linking_words(parameters: Mapping[str, Any]) -> LinkingWords:
    """The method's words for this run, from the model's m_source: a field not weighed across
    the lists (a whole list holds none of it, so no pair can agree on it: an IND extract
    without a prison number column) finds no candidates and links no row, so it is not said
    to; without a date of birth, candidates share words of their names."""
    sources = model_sources(parameters)
    number = weighed_across(sources.get("prison_number", ""))
    police = weighed_across(sources.get("police_id", NOT_WEIGHED))
    dob = weighed_across(sources.get("dob", ""))
    ids = [
        words
        for words, weighed in (
            ("its prison number", number),
            ("its PNC ID or CRO number", police),
        )
        if weighed
    ]
    names = (
        "a word of its name with part of its date of birth"
        if dob
        else "two words of its name, or a word of its name and an initial"
    )
    agree = [
        words
        for words, weighed in (
            ("the prison numbers", number),
            ("the PNC IDs or CRO numbers", police),
        )
        if weighed
    ]
    left = ""
    if any(str(why).startswith(f"{NOT_WEIGHED}: ") for why in sources.values()):
        left = (
            "A field of which a whole list holds no value (the last table below says which) "
            "was not weighed: no pair across the lists can agree on it, so nothing can be "
            "learnt of it, it counts for nothing and finds no candidates."
        )
    within = str(sources.get("police_id", ""))
    if within.startswith(WITHIN):
        why = why_not_across(within)
        left = left + " " if left else ""
        left += (
            "No prison row and IND record could be compared on a PNC ID or CRO number "
            f"({why}): their weights below count only between two rows of one list, where "
            "they join one person's rows."
        )
    return LinkingWords(
        sharing=", ".join(ids) + ", or " + names if ids else names,
        frequency=(
            "and an exact date of birth also weigh by how many people share that name or date"
            if dob
            else "also weighs by how many people share that name"
        ),
        typical="a name or date" if dob else "a name",
        agreeing=f", or {' or '.join(agree)} agree" if agree else "",
        left_out=left,
    )


def not_weighed(parameters: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(field in words, why) for each field this run weighed at nothing, why as the model's
    m_source gives it (and the manifest and the workbook's settings show it): "not weighed:
    the IND list has no prison number"."""
    model, sources = learnt_model(parameters), model_sources(parameters)
    return [
        (FIELD_WORDS.get(field, field), str(sources.get(field, "")))
        for field in model.get("levels", {})
        if str(sources.get(field, "")).startswith(NOT_WEIGHED)
    ]


def _pairs(n: int) -> str:
    return f"{n:,} pair" if n == 1 else f"{n:,} pairs"


def built_in_fields(parameters: Mapping[str, Any]) -> list[str]:
    """The fields (in words) whose agreement among one person's records the linker could not
    learn from the extracts (too few records of one person: its m_source starts "prior"), so
    their weights rest on reconcile's built-in starting values."""
    model, sources = learnt_model(parameters), model_sources(parameters)
    return [
        FIELD_WORDS.get(field, field)
        for field in model.get("levels", {})
        if str(sources.get(field, "")).startswith("prior")
    ]


def built_in_caveat(parameters: Mapping[str, Any]) -> list[Flowable]:
    """A paragraph saying which fields' weights rest on built-in values ([] when none do)."""
    fields = built_in_fields(parameters)
    if not fields:
        return []
    named = fields[0] if len(fields) == 1 else ", ".join(fields[:-1]) + " and " + fields[-1]
    return [
        Spacer(1, 2 * mm),
        para(
            "Not every weight in this run was learnt: the extracts held too few records of "
            f"one person to learn how often one person's records agree for {named}. For "
            "these, marked built-in in the table, that share is reconcile's built-in starting "
            "value, not a measurement of these extracts, and their weights rest on it."
        ),
    ]


def _also_known(parameters: Mapping[str, Any]) -> str:
    """How records giving aliases, other dates of birth or other prison numbers were
    compared, with this run's counts; "" when no record gave any."""
    counts: dict[str, Any] = parameters.get("aliases_and_other_dates_of_birth", {})
    prison = int(counts.get("prison", {}).get("records", 0))
    ind = int(counts.get("ind", {}).get("records", 0))
    if not prison and not ind:
        return ""
    left = sum(int(c.get("records_left_out", 0)) for c in counts.values())
    sources = model_sources(parameters)
    fields = (
        ("dob", "date of birth", "dates of birth"),
        ("prison_number", "prison number", "prison numbers"),
    )
    compared = ["name"] + [one for f, one, _ in fields if weighed_across(sources.get(f, ""))]
    under = compared[0] if len(compared) == 1 else ", ".join(compared[:-1]) + " and " + compared[-1]
    # A field a whole list holds none of was not weighed (its m_source says why): the other
    # values of it a record gives count for nothing either.
    unweighed = [
        f" The other {many} given counted for nothing: {many} were not weighed in this run "
        f"({why_not_across(sources.get(f, ''))})."
        for f, _, many in fields
        if not weighed_across(sources.get(f, ""))
    ]
    text = (
        f"{prison:,} prison row{'' if prison == 1 else 's'} and {ind:,} IND "
        f"record{'' if ind == 1 else 's'} gave another name (an alias), another "
        "date of birth or another prison number as well as their own. Each was compared under "
        f"every {under} it gave, and the best agreement counted; "
        'its evidence says so ("exact, by the prison row\'s alias").'
    )
    text += "".join(unweighed)
    if left:
        text += (
            f" The aliases, other dates of birth and other prison numbers of {left:,} more "
            f"row{'' if left == 1 else 's'} were not compared "
            "(more than one for each row of the file); the Data quality findings say which file."
        )
    return text
