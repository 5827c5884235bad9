"""The command line: options in, settings once, one call; errors out as one line and an exit code.

Nothing here decides anything about the data; it only translates.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperCommand

from reconcile import __version__
from reconcile.errors import ConfigError, ExitCode, ReconcileError
from reconcile.terminal import printable

app = typer.Typer(
    name="reconcile",
    help=(
        "Link a prison-service extract of foreign national prisoners with an immigration casework "
        "extract and list the released prisoners who were never referred for deportation, or "
        "referred but not considered before release.\n\n"
        "Example: reconcile run samples/prison_extract.xlsx samples/ind_extract.xlsx "
        "--config samples/audit.toml"
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
policy_app = typer.Typer(
    help=(
        "Show the deportation policies reconcile knows: the presets 2006 (the default), "
        "2006-eea and ukba-2007, or a policy file of your own.\n\n"
        "Example: reconcile policy show 2006"
    ),
    no_args_is_help=True,
)
app.add_typer(policy_app, name="policy")

DebugOpt = Annotated[
    bool, typer.Option("--debug", help="Show the full traceback of an internal error.")
]
EncodingOpt = Annotated[
    str | None,
    typer.Option("--encoding", metavar="NAME", help="Encoding of CSV inputs, e.g. cp1252."),
]
ConfigOpt = Annotated[
    Path | None,
    typer.Option(
        "--config",
        "-c",
        metavar="FILE",
        help="Audit settings file (TOML), e.g. samples/audit.toml.",
    ),
]


def _err(message: str) -> None:
    """One message to stderr; control characters from a file's name or text shown as codes."""
    typer.echo(printable(message), err=True)


@contextmanager
def _guard(debug: bool) -> Iterator[None]:
    """Turn the project's errors into one line and an exit code; anything else into exit 1."""
    try:
        yield
    except ReconcileError as exc:
        if isinstance(exc, ConfigError) and len(exc.problems) > 1:
            _err(f"error: the settings have {len(exc.problems)} problems:")
            for problem in exc.problems:
                _err(f"  - {problem}")
        else:
            _err(f"error: {exc}")
        if debug:
            traceback.print_exc()
        raise typer.Exit(int(exc.exit_code)) from None
    except KeyboardInterrupt as exc:
        from reconcile.write.safe import InterruptedAfterWriting

        if isinstance(exc, InterruptedAfterWriting):
            _err("interrupted as the outputs were put in place: they are all complete.")
        else:
            _err("interrupted: no complete outputs were written for this run; run it again.")
        raise typer.Exit(130) from None
    except typer.Exit:
        raise
    except Exception as exc:
        if debug:
            traceback.print_exc()
        _err(
            f"internal error: {type(exc).__name__}: {exc}. This is a fault in reconcile, not in "
            "your data; run again with --debug and report the traceback."
        )
        raise typer.Exit(int(ExitCode.INTERNAL)) from None


class _FilesCommand(TyperCommand):
    """A command taking files: a settings file given where only the extracts go (the
    --config forgotten) is named in the usage error, with the option to put before it."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        given = list(args)  # the parser consumes the list it is given
        try:
            return super().parse_args(ctx, args)
        except Exception as exc:  # the usage error of the click that typer carries
            message = getattr(exc, "message", None)
            settings = [  # not an option's value (--config FILE)
                a
                for i, a in enumerate(given)
                if a.lower().endswith(".toml") and not (i and given[i - 1].startswith("-"))
            ]
            if isinstance(message, str) and "unexpected extra argument" in message and settings:
                exc.message = (  # type: ignore[attr-defined]
                    f"{message}; {settings[0]} is a settings file: put --config before it "
                    f"(reconcile {self.name} ... --config {settings[0]})"
                )
            raise


def _parse_date(text: str | None, option: str) -> date | None:
    from reconcile.settings import parse_date

    return None if text is None else parse_date(text, option)


@app.command(cls=_FilesCommand)
def run(
    prison_file: Annotated[
        Path,
        typer.Argument(metavar="PRISON", help="Prison-service extract (xlsx, xls, ods, csv)."),
    ],
    ind_file: Annotated[
        Path, typer.Argument(metavar="IND", help="Immigration casework (IND) extract.")
    ],
    outdir: Annotated[
        Path, typer.Option("--out", "-o", metavar="OUTDIR", help="Folder for the outputs.")
    ] = Path("reconcile-out"),
    config: ConfigOpt = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="DATE",
            help="Audit date (YYYY-MM-DD); later releases are not yet due. Default: [audit] "
            "as_of in the config file, else today. The outputs record it: to reproduce a run "
            "on another day, give the same --as-of.",
        ),
    ] = None,
    policy: Annotated[
        str | None,
        typer.Option(
            "--policy",
            metavar="NAME|FILE",
            help="Policy preset (2006, 2006-eea, ukba-2007) or a TOML file.",
        ),
    ] = None,
    decisions: Annotated[
        Path | None,
        typer.Option(
            "--decisions",
            metavar="FILE",
            help="Reviewed workbook or CSV of decisions on doubtful links.",
        ),
    ] = None,
    prison_sheet: Annotated[
        str | None,
        typer.Option(
            "--prison-sheet",
            metavar="NAME|PATTERN",
            help="Sheet of the prison extract to read; a pattern ('*', 'FNP 200?') reads "
            "every sheet named like it that holds the extract, as one.",
        ),
    ] = None,
    ind_sheet: Annotated[
        str | None,
        typer.Option(
            "--ind-sheet",
            metavar="NAME|PATTERN",
            help="Sheet of the IND extract to read; a pattern ('*', 'Cases*') reads every "
            "sheet named like it that holds the extract, as one.",
        ),
    ] = None,
    encoding: EncodingOpt = None,
    force: Annotated[bool, typer.Option("--force", help="Replace existing outputs.")] = False,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            metavar="text|markdown|grid",
            help="Summary table style: text, markdown or grid.",
        ),
    ] = "text",
    debug: DebugOpt = False,
) -> None:
    """Run the audit: read both extracts, link people, classify every prison row, write evidence.

    Writes reconciliation.xlsx, outcomes.csv, evidence.pdf and manifest.json into the output folder
    and prints the outcome counts and control totals.

    Example: reconcile run samples/prison_extract.xlsx samples/ind_extract.xlsx \
    -c samples/audit.toml
    """
    from reconcile.app import audit_run, build_settings

    with _guard(debug):
        settings = build_settings(
            prison_file,
            ind_file,
            outdir=outdir,
            config_path=config,
            as_of=_parse_date(as_of, "--as-of"),
            policy=policy,
            decisions=decisions,
            prison_sheet=prison_sheet,
            ind_sheet=ind_sheet,
            encoding=encoding,
            force=force,
            progress=sys.stderr.isatty(),
        )
        typer.echo(audit_run(settings, fmt))


@app.command()
def sample(
    outdir: Annotated[
        Path, typer.Option("--out", "-o", metavar="DIR", help="Folder to write into.")
    ] = Path("reconcile-sample"),
    people: Annotated[
        int | None,
        typer.Option(
            "--people",
            metavar="N",
            help="How many people to invent, from 20 to 50,000. Default: 3,500, whose "
            "prisoners not considered before release are the 1,023 published in 2006.",
        ),
    ] = None,
    seed: Annotated[
        int, typer.Option("--seed", metavar="S", help="Random seed; same seed, same files.")
    ] = 2006,
    force: Annotated[bool, typer.Option("--force", help="Replace existing sample files.")] = False,
    debug: DebugOpt = False,
) -> None:
    """Write a pair of realistic, messy sample extracts (and their ground truth).

    Example: reconcile sample -o my-samples --people 500 --seed 7
    """
    from reconcile.app import make_sample

    with _guard(debug):
        typer.echo(make_sample(outdir, people, seed, force))


@app.command(cls=_FilesCommand)
def match(
    left: Annotated[
        Path,
        typer.Argument(
            metavar="LEFT",
            help="First list of people (xlsx, xls, ods, csv), read as a prison extract is: "
            "its columns named as for `run` or mapped under [columns.prison] in the config.",
        ),
    ],
    right: Annotated[
        Path,
        typer.Argument(
            metavar="RIGHT",
            help="Second list of people, read as an IND extract is: its columns named as for "
            "`run` or mapped under [columns.ind] in the config. Each list needs a name; one "
            "without a date of birth is linked on names and identifiers alone.",
        ),
    ],
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            "-o",
            metavar="FILE",
            help="CSV file of links to write (its folder is created if need be).",
        ),
    ] = Path("links.csv"),
    unlinked: Annotated[
        Path | None,
        typer.Option(
            "--unlinked",
            metavar="FILE",
            help="Also write a CSV file of the rows of either list not linked, each with its "
            "status and its best candidate (if any) and that pair's evidence: with the links "
            "file, it accounts for every row read.",
        ),
    ] = None,
    config: ConfigOpt = None,
    all_candidates: Annotated[
        bool,
        typer.Option(
            "--all-candidates",
            help="Write every scored candidate pair, not only the links, each with its status: "
            "linked, needs_review (doubtful: the row's best candidate), no_link (the row's best "
            "candidate, not good enough) or candidate (another pair weighed for the row).",
        ),
    ] = False,
    left_sheet: Annotated[
        str | None,
        typer.Option(
            "--left-sheet",
            "--prison-sheet",
            metavar="NAME|PATTERN",
            help="Sheet of the first list to read; a pattern ('*', 'FNP 200?') reads every "
            "sheet named like it, as one.",
        ),
    ] = None,
    right_sheet: Annotated[
        str | None,
        typer.Option(
            "--right-sheet",
            "--ind-sheet",
            metavar="NAME|PATTERN",
            help="Sheet of the second list to read; a pattern ('*', 'Cases*') reads every "
            "sheet named like it, as one.",
        ),
    ] = None,
    encoding: EncodingOpt = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="Replace an existing links file (and --unlinked file)."),
    ] = False,
    debug: DebugOpt = False,
) -> None:
    """Link any two lists of people by name, date of birth and prison number (and PNC ID or
    CRO number where both hold them), as `run` links the two extracts.

    Writes a CSV file with one row per link: both source rows (file, sheet, row, name, date
    of birth), the pair's match weight and probability, each field's comparison level and the
    status. A row held for review as doubtful is not a link: --all-candidates writes every
    candidate pair weighed, with its status. Prints how many rows of each list were read,
    linked and not linked; --unlinked lists the rows not linked, each with its best candidate.

    Example: reconcile match prison.xlsx ind.xlsx -o links.csv --all-candidates
    """
    from reconcile.app import match_files

    with _guard(debug):
        typer.echo(
            match_files(
                left,
                right,
                out,
                config,
                all_candidates,
                force,
                left_sheet=left_sheet,
                right_sheet=right_sheet,
                encoding=encoding,
                unlinked=unlinked,
            )
        )


@app.command(cls=_FilesCommand)
def inspect(
    file: Annotated[
        Path,
        typer.Argument(metavar="FILE", help="A spreadsheet to look at (xlsx, xls, ods, csv)."),
    ],
    role: Annotated[
        str | None,
        typer.Option(
            "--role",
            metavar="prison|ind",
            help="Read it as a prison or an IND extract (guessed from its columns when not given).",
        ),
    ] = None,
    config: ConfigOpt = None,
    sheet: Annotated[
        str | None,
        typer.Option(
            "--sheet",
            metavar="NAME|PATTERN",
            help="Sheet to read; a pattern ('*', 'FNP*') for every sheet named like it that "
            "holds the extract.",
        ),
    ] = None,
    encoding: EncodingOpt = None,
    every: Annotated[
        bool,
        typer.Option(
            "--all",
            help="List every cell of each kind of finding, not the first few (redirect the "
            "output to a file to keep it: reconcile inspect FILE --all > cells.txt).",
        ),
    ] = False,
    debug: DebugOpt = False,
) -> None:
    """Show how a spreadsheet will be read: sheet, header row, column mapping, rows, findings.

    The findings in cells a run would give (a date in a name column, a name with digits, text
    garbled by a wrong encoding, characters that show nothing...) are counted by column and
    kind, in the run's words, each kind with its first cells (row, cell and value as given).

    Example: reconcile inspect samples/prison_extract.xlsx
    """
    from reconcile.app import inspect_path

    with _guard(debug):
        typer.echo(inspect_path(file, role, config, sheet, encoding, every=every))


@app.command()
def verify(
    outdir: Annotated[
        Path,
        typer.Argument(metavar="OUTDIR", help="An output folder written by `reconcile run`."),
    ],
    manifest_sha256: Annotated[
        str | None,
        typer.Option(
            "--manifest-sha256",
            metavar="HEX",
            help="The manifest's SHA-256 that the run printed (and you noted): checks that the "
            "manifest itself is the one the run wrote.",
        ),
    ] = None,
    inputs: Annotated[
        list[str] | None,
        typer.Option(
            "--inputs",
            metavar="DIR",
            help="A folder where the run's inputs (extracts, config, policy and decisions "
            "files) now lie, when they are no longer where the run read them: an archive's "
            "copy, say. Each is looked for by its name (in subfolders too) and taken only if "
            "its SHA-256 is the one recorded. Repeat it, or separate folders with ':'.",
        ),
    ] = None,
    rerun: Annotated[
        bool,
        typer.Option(
            "--rerun",
            help="Also run the audit again, in a temporary folder, from the inputs and the "
            "settings the manifest records, and compare: the workbook, outcomes.csv and "
            "evidence.pdf byte for byte, the manifest but for its times and paths.",
        ),
    ] = False,
    debug: DebugOpt = False,
) -> None:
    """Check that the inputs and outputs of a run are unchanged since it was written.

    Re-hashes every input and output, checks the manifest against the digest it recorded of
    itself and its counts against outcomes.csv. Someone able to rewrite the whole folder could
    make it consistent again; the manifest's SHA-256, printed at the end of the run and kept
    elsewhere, guards against that; --rerun shows besides whether the outputs are what the
    inputs and settings give. The output folder is checked where it now is; inputs moved since
    the run are found with --inputs. Exit 0 when all is as the run left it (and reproduced,
    with --rerun), 2 otherwise.

    Example: reconcile verify archive/out --inputs archive/inputs --rerun
    """
    from reconcile.verify import verify_outdir

    with _guard(debug):
        ok, text = verify_outdir(
            outdir, manifest_sha256, inputs or (), rerun, progress=sys.stderr.isatty()
        )
        typer.echo(text)
        if not ok:
            raise typer.Exit(int(ExitCode.BAD_INPUT))


@app.command()
def report(
    outdir: Annotated[
        Path,
        typer.Argument(metavar="OUTDIR", help="An output folder written by `reconcile run`."),
    ],
    fmt: Annotated[
        str,
        typer.Option(
            "--format", metavar="text|markdown|grid", help="Table style: text, markdown or grid."
        ),
    ] = "text",
    debug: DebugOpt = False,
) -> None:
    """Print the summary and listings of a finished run as plain tables.

    Example: reconcile report reconcile-out --format markdown
    """
    from reconcile.app import report_outdir

    with _guard(debug):
        typer.echo(report_outdir(outdir, fmt))


@policy_app.command("show")
def policy_show(
    name: Annotated[
        str,
        typer.Argument(
            metavar="NAME", help="Preset name (2006, 2006-eea, ukba-2007) or a policy file."
        ),
    ],
    debug: DebugOpt = False,
) -> None:
    """Print a policy in full, as a file you can edit and pass to `run --policy`.

    Example: reconcile policy show 2006-eea > my-policy.toml
    """
    from reconcile.app import show_policy

    with _guard(debug):
        typer.echo(show_policy(name))


@app.command()
def version() -> None:
    """Print the version of reconcile.

    Example: reconcile version
    """
    typer.echo(f"reconcile {__version__}")


def main() -> None:
    app(prog_name="reconcile")
