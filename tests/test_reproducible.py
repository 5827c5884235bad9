"""The same inputs and settings give the same bytes on another machine: another folder (with
spaces and letters beyond ASCII in its name), paths given otherwise, another output folder,
time zone, locale and hash seed. The manifest differs only in the fields the README declares:
when the run started and how long it took, and where the files lay."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reconcile import verify
from reconcile.cli import app
from reconcile.verify import manifest_differences

OUTPUTS = ("reconciliation.xlsx", "outcomes.csv", "evidence.pdf")
# The manifest's fields that differ between two such runs (README, Security and data handling):
# when the run started and took, and where the files lay.
VARYING = {"started", "duration_s", "timings_s", "content_sha256", "policy.source"}
VARYING |= {f"settings.{k}" for k in ("prison_path", "ind_path", "decisions_path", "outdir")}
VARYING |= {"settings.config.source", "settings.config.policy"}
VARYING |= {
    f"inputs.{r}.{k}"
    for r in ("prison", "ind", "config", "decisions")
    for k in ("path", "resolved_path")
}


def _lay_out(sample: Path, folder: Path, policy: str) -> None:
    """The sample's extracts and config in ``folder``, the config naming a policy file beside
    it, and a decisions file (one decision, about records not in the extracts)."""
    folder.mkdir(parents=True)
    for name in ("prison_extract.xlsx", "ind_extract.xlsx"):
        shutil.copy(sample / name, folder / name)
    config = (sample / "audit.toml").read_text(encoding="utf-8")
    (folder / "audit.toml").write_text(
        config.replace('policy = "2006"', 'policy = "local_policy.toml"'), encoding="utf-8"
    )
    (folder / "local_policy.toml").write_text(policy, encoding="utf-8")
    (folder / "reviewed.csv").write_text(
        "prison_key,ind_key,Decision,Reviewer,Note\nP-0000,I-0000,same person,J Smith,\n",
        encoding="utf-8",
    )


def _declared_as(name: str) -> str:
    """The declared field a differing one is, or is within ("timings_s.read": "timings_s")."""
    return next((v for v in VARYING if name.startswith((f"{v}.", f"{v}["))), name)


def test_same_bytes_from_another_folder_zone_locale_and_hash_seed(
    sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    policy = CliRunner().invoke(app, ["policy", "show", "2006"])
    assert policy.exit_code == 0, policy.output
    here, there = tmp_path / "here", tmp_path / "Dossiers d'audit" / "Ørsted 2"
    _lay_out(sample, here, policy.output)
    _lay_out(sample, there, policy.output)

    # Here: in this process, paths relative to the working folder.
    monkeypatch.chdir(here)
    args = ["prison_extract.xlsx", "ind_extract.xlsx", "-c", "audit.toml", "-o", "out"]
    done = CliRunner().invoke(app, ["run", *args, "--decisions", "reviewed.csv"])
    assert done.exit_code == 0, done.output

    # There: another process, absolute paths, another zone, locale and hash seed.
    env = {
        **os.environ,
        "TZ": "Pacific/Auckland",
        "PYTHONHASHSEED": "4321",
        "LC_ALL": "tr_TR.UTF-8",  # dotless i in case mapping, where the locale is installed
        "LANG": "tr_TR.UTF-8",
    }
    args = [str(there / a) if a.endswith((".xlsx", ".toml")) else a for a in args[:-1]]
    args += [str(there / "out put"), "--decisions", str(there / "reviewed.csv")]
    proc = subprocess.run(
        [sys.executable, "-m", "reconcile", "run", *args],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr

    first, second = here / "out", there / "out put"
    for name in OUTPUTS:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    manifests = [json.loads((out / "manifest.json").read_bytes()) for out in (first, second)]
    assert manifests[0]["inputs"]["prison"]["path"] == "prison_extract.xlsx"
    assert manifests[1]["inputs"]["prison"]["path"] == str(there / "prison_extract.xlsx")
    differing = {_declared_as(name) for name in manifest_differences(*manifests)}
    assert differing <= VARYING
    assert {"settings.outdir", "inputs.prison.path"} <= differing


def test_verify_rerun_passes_over_exactly_the_fields_the_readme_declares() -> None:
    declared = set(verify.VARYING)
    declared |= {f"{where}.{key}" for where, keys in verify.VARYING_AT.items() for key in keys}
    assert declared == VARYING
