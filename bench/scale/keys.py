"""Candidate pairs per blocking key, with the true pairs each key finds, on the scale data.

    .venv/bin/python bench/scale/keys.py --people 20000 200000 1000000
        [--cap 2500] [--full 16] [--window 3]

For each size: reads the cached extracts (bench/.cache/scale, made by generate.py) as
`reconcile run` does, keeps the records in a pickle beside them (later runs skip reading),
builds the linker's features and joins every blocking key. Prints per key: candidate pairs,
pairs per prison row, true pairs among them, and the true pairs no other key finds; then
the union: candidate pairs, pairs per prison row and blocking recall (true pairs found /
true pairs). A true pair is a prison row and an IND row of one person (truth.csv).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import importlib.util
import pickle
import sys
import time
from pathlib import Path
from types import ModuleType

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parents[1]))

import numpy as np  # noqa: E402
from tabulate import tabulate  # noqa: E402

from reconcile.link import LinkerConfig, blocking  # noqa: E402
from reconcile.link.features import Vocabulary, build_features  # noqa: E402
from reconcile.model import IndRecord, PrisonRecord, Role  # noqa: E402
from reconcile.normalise.records import build_ind_records, build_prison_records  # noqa: E402
from reconcile.read.loader import load_tables  # noqa: E402
from reconcile.settings import load_config  # noqa: E402

Records = tuple[list[PrisonRecord], list[IndRecord]]


def _generator() -> ModuleType:
    """bench/scale/generate.py under its own name (bench/accuracy has a generate.py too)."""
    name = "scale_generate"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, HERE / "generate.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def _code_version() -> str:
    """A digest of the reader's, the normaliser's and the record model's source."""
    root = HERE.parents[1] / "reconcile"
    paths = [*sorted(root.glob("read/**/*.py")), *sorted(root.glob("normalise/**/*.py"))]
    digest = hashlib.sha256()
    for path in [*paths, root / "model.py"]:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def records(folder: Path, prison_path: Path, ind_path: Path) -> Records:
    """Both files' records, read once and then kept as a pickle in ``folder``, named for the
    code that made them (a change to the reader or the normaliser reads them again)."""
    cache = folder / f"records-{_code_version()}.pkl"
    if cache.exists():
        with open(cache, "rb") as fh:
            loaded: Records = pickle.load(fh)
            return loaded
    config = load_config(folder / "audit.toml")
    as_of = config.audit.as_of
    assert as_of is not None
    (pt, _), (it, _) = load_tables([(prison_path, Role.PRISON), (ind_path, Role.IND)], config)
    prison, _ = build_prison_records(pt, reference=as_of)
    ind, _ = build_ind_records(it, reference=as_of)
    with open(cache, "wb") as fh:
        pickle.dump((list(prison), list(ind)), fh, protocol=pickle.HIGHEST_PROTOCOL)
    return list(prison), list(ind)


def people_of(folder: Path, prison: list[PrisonRecord], ind: list[IndRecord]) -> tuple:
    """The person behind each prison and IND record (truth.csv, by sheet row)."""
    person: dict[tuple[str, int], int] = {}
    with open(folder / "truth.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            person[(row["role"], int(row["row"]))] = int(row["person"])
    pp = np.array([person[("prison", r.prov.row)] for r in prison], dtype=np.int64)
    ip = np.array([person[("ind", r.prov.row)] for r in ind], dtype=np.int64)
    return pp, ip


def true_pairs(pp: np.ndarray, ip: np.ndarray) -> int:
    """How many (prison row, IND row) pairs share a person."""
    up, cp = np.unique(pp, return_counts=True)
    ui, ci = np.unique(ip, return_counts=True)
    _, a, b = np.intersect1d(up, ui, return_indices=True)
    return int((cp[a] * ci[b]).sum())


def measure(people: int, limits: blocking.Limits, cache: Path | None = None) -> list[list[object]]:
    """One row per key and one for their union: people, key, pairs, pairs per prison row,
    true pairs, true pairs found by this key alone (blank for the union)."""
    dataset = _generator().dataset
    data = dataset(people) if cache is None else dataset(people, cache=cache)
    folder = data.folder
    prison, ind = records(folder, data.prison, data.ind)
    pp, ip = people_of(folder, prison, ind)
    start = time.perf_counter()
    vocab = Vocabulary()
    p, i = build_features(prison, vocab), build_features(ind, vocab)
    vocab.forget_names()
    features_s = time.perf_counter() - start
    n_i = np.int64(len(ind))
    per_key: dict[str, np.ndarray] = {}
    start = time.perf_counter()
    ranks = blocking.sort_ranks(p, i, vocab)
    for name, kp, rp, ki, ri, by in blocking.key_families(p, i, vocab):
        a, b, _, _ = blocking.block_join(
            kp, rp, ki, ri, *ranks[by], limits, capped=by == blocking.BY_NUMBER
        )
        per_key[name] = np.unique(a * n_i + b)
    block_s = time.perf_counter() - start
    union = np.unique(np.concatenate(list(per_key.values())))
    is_true = {k: pp[v // n_i] == ip[v % n_i] for k, v in per_key.items()}
    true_codes = {k: v[is_true[k]] for k, v in per_key.items()}
    all_true = np.unique(np.concatenate(list(true_codes.values())))
    counts = np.zeros(len(all_true), dtype=np.int64)
    for codes in true_codes.values():
        counts[np.searchsorted(all_true, codes)] += 1
    total_true = true_pairs(pp, ip)
    rows: list[list[object]] = []
    for k, v in per_key.items():
        only = int(np.count_nonzero(counts[np.searchsorted(all_true, true_codes[k])] == 1))
        rows.append([people, k, len(v), len(v) / len(prison), len(true_codes[k]), only])
    rows.append([people, "union", len(union), len(union) / len(prison), len(all_true), ""])
    print(
        f"{people}: {len(prison)} prison rows, {len(ind)} IND rows, {total_true} true pairs, "
        f"blocking recall {len(all_true) / total_true:.4f}, features {features_s:.1f} s, "
        f"keys {block_s:.1f} s",
        flush=True,
    )
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--people", type=int, nargs="+", default=[20000, 200000])
    ap.add_argument("--cap", type=int, default=LinkerConfig.block_cap)
    ap.add_argument("--full", type=int, default=blocking.BLOCK_FULL)
    ap.add_argument("--window", type=int, default=blocking.BLOCK_WINDOW)
    args = ap.parse_args()
    limits = blocking.Limits(args.cap, args.full, args.window)
    rows = [row for people in args.people for row in measure(people, limits)]
    headers = ["people", "key", "pairs", "per prison row", "true pairs", "true only here"]
    print(tabulate(rows, headers=headers, floatfmt=".2f", intfmt=","))


if __name__ == "__main__":
    main()
