"""generate_sample: write a calibrated, seeded pair of extracts with their ground truth."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from xlsxwriter.exceptions import FileCreateError

from reconcile.errors import IntegrityError, OutputError
from reconcile.synth.people import AS_OF, Person
from reconcile.synth.population import build_population
from reconcile.synth.published import NOT_AVAILABLE
from reconcile.synth.render import IND_COLUMNS, PRISON_COLUMNS, render_extracts
from reconcile.synth.scenario import DEFAULT_PEOPLE, Scenario, scenario_for
from reconcile.synth.truth import classify
from reconcile.synth.truthfile import truth_rows, write_truth
from reconcile.synth.workbooks import IND_SHEET, PRISON_SHEET, write_ind, write_prison
from reconcile.write.safe import atomic_group, write_failure

PRISON_FILE = "prison_extract.xlsx"
IND_FILE = "ind_extract.xlsx"
AUDIT_FILE = "audit.toml"
TRUTH_FILE = "truth.csv"


@dataclass(frozen=True)
class SampleFiles:
    prison: Path
    ind: Path
    audit: Path
    truth: Path
    people: int
    seed: int
    prison_rows: int
    ind_rows: int
    failures: int  # released in-scope prison rows not considered before release (the truth)


def check_calibration(people: list[Person], sc: Scenario) -> None:
    """The clean facts must give the scenario's totals exactly, or nothing is written."""
    offences: Counter[str] = Counter()
    court = 0
    for p in people:
        for ep in p.episodes:
            failure = classify(p, ep, AS_OF).failure
            if failure != ep.failure_slot:
                raise IntegrityError(
                    f"sample generation: person {p.pid} ({p.kind}) does not have the planned "
                    "outcome; this is a fault in the generator, please report it"
                )
            if failure:
                offences[ep.offence or NOT_AVAILABLE] += 1
                court += ep.court
    wanted = {k: v for k, v in sc.offences.items() if v}
    if dict(offences) != wanted or court != sc.court_recommended:
        raise IntegrityError(
            "sample generation: the failures do not match the published table; "
            "this is a fault in the generator, please report it"
        )


def audit_toml(seed: int, people: int) -> str:
    def table(columns: tuple[tuple[str, str], ...]) -> str:
        return "\n".join(f'{name} = "{header}"' for name, header in columns)

    return f"""\
# Settings for running reconcile over the sample extracts beside this file:
#   reconcile run prison_extract.xlsx ind_extract.xlsx --config audit.toml
# Made by `reconcile sample --people {people} --seed {seed}`.
policy = "2006"

[audit]
name = "Sample audit: foreign national prisoners released February 1999 to March 2006"
as_of = {AS_OF.isoformat()}
seed = {seed}

[input]
prison_sheet = "{PRISON_SHEET}"
ind_sheet = "{IND_SHEET}"

[columns.prison]
{table(PRISON_COLUMNS)}

[columns.ind]
{table(IND_COLUMNS)}
"""


def generate_sample(
    outdir: Path, people: int = DEFAULT_PEOPLE, seed: int = 2006, *, overwrite: bool = True
) -> SampleFiles:
    """Write prison extract, IND extract, audit.toml and truth.csv into ``outdir``.

    The same people and seed always give byte-identical files. Raises ConfigError for a
    population too small to calibrate, OutputError when files exist and ``overwrite`` is off.
    """
    sc = scenario_for(people)
    outdir = Path(outdir)
    paths = [outdir / name for name in (PRISON_FILE, IND_FILE, AUDIT_FILE, TRUTH_FILE)]
    existing = [p.name for p in paths if p.exists()]
    if existing and not overwrite:
        raise OutputError(
            f"{outdir}: {', '.join(existing)} already exist; choose another folder or use --force"
        )
    if outdir.exists() and not outdir.is_dir():
        raise OutputError(f"{outdir}: is a file, not a folder; choose a folder for the sample")
    population = build_population(sc, seed)
    check_calibration(population, sc)
    extracts = render_extracts(population, seed)
    outdir.mkdir(parents=True, exist_ok=True)
    # Made-up people, but kept as a run keeps its files: yours alone (0600), and all four in
    # place or none (a full disk leaves no half-written extract and names the folder).
    try:
        with atomic_group(paths) as temps:
            prison_numbers = write_prison(temps[0], extracts.prison)
            ind_numbers = write_ind(temps[1], extracts.ind)
            temps[2].write_text(audit_toml(seed, people), encoding="utf-8")
            rows = truth_rows(
                extracts.prison,
                prison_numbers,
                extracts.ind,
                ind_numbers,
                (PRISON_FILE, IND_FILE),
                (PRISON_SHEET, IND_SHEET),
            )
            write_truth(temps[3], rows)
    except (OSError, FileCreateError) as exc:  # a full disk, say: a clear error, not a fault
        cause = exc.__context__ if isinstance(exc, FileCreateError) else exc
        if not isinstance(cause, OSError):
            cause = OSError(str(exc))
        raise write_failure(outdir, cause, "the sample", "no sample file was replaced") from None
    return SampleFiles(
        prison=paths[0],
        ind=paths[1],
        audit=paths[2],
        truth=paths[3],
        people=people,
        seed=seed,
        prison_rows=len(extracts.prison),
        ind_rows=len(extracts.ind),
        failures=sc.failures,
    )
