"""Splink 5 on the benchmark's CSV files: a reasonable, documented configuration.

Runs in its own environment (bench/accuracy/.venv-splink, `pip install splink==5.0.0`), never
imported by reconcile. Usage:

    .venv-splink/bin/python splink_link.py DATA_DIR OUT_CSV [THRESHOLD]

Configuration (Splink's usual comparisons for names and dates, DuckDB backend):
- names: ForenameSurnameComparison(forenames, surname) with term frequencies on the full
  name (exact, swapped, Jaro-Winkler 0.92 / 0.88 on both, surname only, forename only);
- date of birth: DateOfBirthComparison (exact, one character, within a month, a year, ten
  years); prison number: Levenshtein <= 1; nationality: exact; referral timing, the same
  evidence reconcile weighs: the IND referral during the prisoner's custody or the two years
  before release, after release, before custody, or missing (a custom comparison);
- blocking: date of birth; surname + forenames; prison number; surname + birth year;
  forenames + birth year;
- training: the random-match probability from exact name and date of birth (recall 0.7),
  u from 5 million random pairs, m by EM in two sessions (blocked on date of birth, and on
  surname + forenames);
- links: every pair at or above THRESHOLD (default 0.9).
Writes prison_idx, ind_idx, probability.
"""

from __future__ import annotations

import csv
import sys
import time
from pathlib import Path

import duckdb
import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

# Per pair one side is a prison row (release, window start) and the other an IND record
# (referral), in either order: coalesce the two sides' columns.
_RELEASE = "coalesce(release_date_l, release_date_r)"
_WINDOW = "coalesce(window_start_l, window_start_r)"
_REFERRAL = "coalesce(referral_date_l, referral_date_r)"
REFERRAL = cl.CustomComparison(
    output_column_name="referral",
    comparison_levels=[
        cll.CustomLevel(f"{_RELEASE} IS NULL OR {_REFERRAL} IS NULL").configure(
            is_null_level=True, label_for_charts="missing"
        ),
        cll.CustomLevel(f"{_REFERRAL} BETWEEN {_WINDOW} AND {_RELEASE}", "in custody"),
        cll.CustomLevel(f"{_REFERRAL} > {_RELEASE}", "after release"),
        cll.ElseLevel(),
    ],
)
_COLUMNS = {  # what each file has of the referral timing columns (the other side is NULL)
    "prison": "TRY_CAST(NULLIF(release_date, '') AS DATE) AS release_date, "
    "least(TRY_CAST(NULLIF(sentence_start, '') AS DATE), "
    "TRY_CAST(NULLIF(release_date, '') AS DATE) - INTERVAL 730 DAY) AS window_start, "
    "CAST(NULL AS DATE) AS referral_date",
    "ind": "CAST(NULL AS DATE) AS release_date, CAST(NULL AS DATE) AS window_start, "
    "TRY_CAST(NULLIF(referral_date, '') AS DATE) AS referral_date",
}


def main() -> None:
    data, out = Path(sys.argv[1]), Path(sys.argv[2])
    threshold = float(sys.argv[3]) if len(sys.argv) > 3 else 0.9
    start = time.perf_counter()
    con = duckdb.connect()
    for name in ("prison", "ind"):
        con.execute(
            f"""CREATE TABLE {name} AS SELECT CAST(unique_id AS BIGINT) AS unique_id,
            NULLIF(surname, '') AS surname, NULLIF(forenames, '') AS forenames,
            NULLIF(concat_ws(' ', NULLIF(forenames, ''), NULLIF(surname, '')), '') AS full_name,
            NULLIF(CAST(dob AS VARCHAR), '') AS dob,
            NULLIF(CAST(nationality AS VARCHAR), '') AS nationality,
            NULLIF(CAST(prison_number AS VARCHAR), '') AS prison_number,
            {_COLUMNS[name]}
            FROM read_csv('{data / (name + ".csv")}', all_varchar=true)"""
        )
    db_api = DuckDBAPI(connection=con)
    prison = db_api.register("prison", dataset_display_name="prison")
    ind = db_api.register("ind", dataset_display_name="ind")
    settings = SettingsCreator(
        link_type="link_only",
        unique_id_column_name="unique_id",
        comparisons=[
            cl.ForenameSurnameComparison(
                "forenames", "surname", forename_surname_concat_col_name="full_name"
            ),
            cl.DateOfBirthComparison("dob", input_is_string=True),
            cl.LevenshteinAtThresholds("prison_number", 1),
            cl.ExactMatch("nationality"),
            REFERRAL,
        ],
        blocking_rules_to_generate_predictions=[
            block_on("dob"),
            block_on("surname", "forenames"),
            block_on("prison_number"),
            block_on("surname", "substr(dob, 1, 4)"),
            block_on("forenames", "substr(dob, 1, 4)"),
        ],
        retain_intermediate_calculation_columns=False,
    )
    linker = Linker([prison, ind], settings, log_level=None)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("surname", "forenames", "dob")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=5e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("surname", "forenames")
    )
    pred = linker.inference.predict(threshold_match_probability=threshold)
    rows = con.execute(
        f"SELECT source_dataset_l, unique_id_l, source_dataset_r, unique_id_r, "
        f"match_probability FROM {pred.physical_name}"
    ).fetchall()
    with open(out, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["prison_idx", "ind_idx", "probability"])
        for src_l, id_l, _src_r, id_r, prob in rows:
            p, i = (id_l, id_r) if src_l == "prison" else (id_r, id_l)
            w.writerow([p, i, f"{prob:.6f}"])
    print(f"{time.perf_counter() - start:.2f}")


if __name__ == "__main__":
    main()
