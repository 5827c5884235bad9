"""truth.csv: for every prison row and IND record, who it really is and what should happen."""

from __future__ import annotations

import csv
from pathlib import Path

from reconcile.model import LinkStatus
from reconcile.synth.people import AS_OF
from reconcile.synth.published import NOT_AVAILABLE
from reconcile.synth.render import Row
from reconcile.synth.truth import classify

TRUTH_COLUMNS = (
    "role",
    "file",
    "sheet",
    "row",
    "person_id",
    "record_id",
    "outcome",
    "reason",
    "offence",
    "court_recommended",
    "nationality",
    "release_date",
    "same_person_prison_rows",
    "same_person_ind_rows",
    "corruptions",
)


def person_id(pid: int) -> str:
    return f"P{pid:05d}"


def truth_rows(
    prison: list[Row],
    prison_numbers: list[int],
    ind: list[Row],
    ind_numbers: list[int],
    files: tuple[str, str],
    sheets: tuple[str, str],
) -> list[dict[str, str]]:
    p_rows: dict[int, list[int]] = {}
    i_rows: dict[int, list[int]] = {}
    for row, n in zip(prison, prison_numbers, strict=True):
        p_rows.setdefault(row.person.pid, []).append(n)
    for row, n in zip(ind, ind_numbers, strict=True):
        i_rows.setdefault(row.person.pid, []).append(n)

    def joined(rows: dict[int, list[int]], pid: int, but: int = 0) -> str:
        return ";".join(str(n) for n in sorted(rows.get(pid, [])) if n != but)

    out: list[dict[str, str]] = []
    for row, n in zip(prison, prison_numbers, strict=True):
        p, ep = row.person, row.person.episodes[row.index]
        truth = classify(p, ep, AS_OF)
        nationality = f"GB/{p.nationality}" if p.british else p.nationality
        out.append(
            {
                "role": "prison",
                "file": files[0],
                "sheet": sheets[0],
                "row": str(n),
                "person_id": person_id(p.pid),
                "record_id": ep.number,
                "outcome": truth.outcome.value,
                "reason": truth.reason,
                "offence": ep.offence or NOT_AVAILABLE,
                "court_recommended": "Y" if ep.court else "N",
                "nationality": nationality,
                "release_date": ep.release.isoformat() if ep.release else "",
                "same_person_prison_rows": joined(p_rows, p.pid, but=n),
                "same_person_ind_rows": joined(i_rows, p.pid),
                "corruptions": ";".join(row.corruptions),
            }
        )
    for row, n in zip(ind, ind_numbers, strict=True):
        p = row.person
        status = LinkStatus.LINKED if p.episodes else LinkStatus.NONE
        out.append(
            {
                "role": "ind",
                "file": files[1],
                "sheet": sheets[1],
                "row": str(n),
                "person_id": person_id(p.pid),
                "record_id": p.cases[row.index].case_ref,
                "outcome": status.value,
                "reason": "person has prison rows" if p.episodes else "never in the prison extract",
                "offence": "",
                "court_recommended": "",
                "nationality": f"GB/{p.nationality}" if p.british else p.nationality,
                "release_date": "",
                "same_person_prison_rows": joined(p_rows, p.pid),
                "same_person_ind_rows": joined(i_rows, p.pid, but=n),
                "corruptions": ";".join(row.corruptions),
            }
        )
    return out


def write_truth(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=TRUTH_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
