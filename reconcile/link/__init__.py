"""link stage: prison rows -> IND people, with the evidence for every decision."""

from __future__ import annotations

from reconcile.link.config import LinkerConfig
from reconcile.link.linker import link
from reconcile.link.rows import match_rows
from reconcile.model import IndRecord, LinkOverrides, LinkResult, PrisonRecord

__all__ = ["LinkerConfig", "link_records", "match_rows"]


def link_records(
    prison: list[PrisonRecord],
    ind: list[IndRecord],
    config: LinkerConfig,
    seed: int,
    overrides: LinkOverrides | None = None,
) -> LinkResult:
    """One decision per prison record, in idx order; see reconcile.link.linker."""
    return link(prison, ind, config, seed, overrides).result
