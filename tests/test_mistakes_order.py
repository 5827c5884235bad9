"""The two extracts given the other way round (the IND extract first) when the config names
their sheets or columns: the run says the files look swapped, not that a sheet or a column
is missing."""

from __future__ import annotations

from pathlib import Path

from tests.mistakes import refused, run


def test_extracts_in_the_wrong_order_with_the_config_naming_sheets(
    sample: Path, tmp_path: Path
) -> None:
    text = refused(
        run(
            sample / "ind_extract.xlsx",
            sample / "prison_extract.xlsx",
            sample / "audit.toml",
            tmp_path,
        )
    )
    assert "ind_extract.xlsx: this looks like the IND extract, not the prison extract" in text
    assert "'CCT cases' that the config names for the IND extract" in text
    assert "given in the right order" in text


def test_extracts_in_the_wrong_order_with_the_config_mapping_columns(
    sample: Path, tmp_path: Path
) -> None:
    config = tmp_path / "columns_only.toml"
    lines = (sample / "audit.toml").read_text(encoding="utf-8").splitlines()
    config.write_text("\n".join(x for x in lines if "_sheet" not in x), encoding="utf-8")
    text = refused(
        run(sample / "ind_extract.xlsx", sample / "prison_extract.xlsx", config, tmp_path / "o")
    )
    assert "ind_extract.xlsx, sheet 'CCT cases': this looks like the IND extract" in text
    assert "given in the right order" in text
    assert "the config maps" not in text
