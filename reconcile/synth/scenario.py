"""How many people of each kind the sample holds, at the default size and scaled.

At the default size (3,500 people) the released, in-scope prisoners not considered before
release number exactly 1,023 prison rows, with the published offence breakdown and 160
court recommendations. For another size every count is scaled by people / 3,500 and
rounded by largest remainders, so the parts still add up: the failures to
round(1,023 x scale), court recommendations to round(160 x scale), and the offence table to
the failure total.
"""

from __future__ import annotations

from dataclasses import dataclass

from reconcile.errors import ConfigError
from reconcile.synth.published import (
    COURT_RECOMMENDED_2006,
    OFFENCES_2006,
    RELEASED_NOT_CONSIDERED_2006,
)

DEFAULT_PEOPLE = 3500
MIN_PEOPLE = 20

# People per kind at the default size. "fail_*" are single custody episodes not considered
# before release; "fail_double" people have two such episodes; "fail_then_cbr" people were
# considered between their first and second release (first episode late, second in time).
BASE_PEOPLE: dict[str, int] = {
    "fail_never": 300,
    "fail_referred": 380,
    "fail_late": 190,
    "fail_double": 40,
    "fail_then_cbr": 73,
    "cbr": 940,
    "cbr_double": 30,
    "oos_eu": 250,
    "oos_short": 300,
    "oos_british": 25,
    "not_released": 380,
    "short_then_current": 40,
    "no_release_date": 110,
    "unreadable_sentence": 12,
    "ind_only": 430,
}
FAIL_SINGLES = ("fail_never", "fail_referred", "fail_late")
# Failure rows at the default size: singles + 2 x double + 1 x fail_then_cbr.
assert sum(BASE_PEOPLE[k] for k in FAIL_SINGLES) + 2 * 40 + 73 == RELEASED_NOT_CONSIDERED_2006
assert sum(BASE_PEOPLE.values()) == DEFAULT_PEOPLE

# Share of the court-recommended failures who are EU nationals or served under 12 months.
COURT_REC_EU_SHARE = 0.05
COURT_REC_SHORT_SHARE = 0.1
LOOKALIKE_PAIRS_PER_1000 = 5


def apportion(total: int, weights: list[int]) -> list[int]:
    """Split ``total`` in proportion to ``weights`` by largest remainders (ties: first)."""
    whole = sum(weights)
    if whole == 0:
        return [0] * len(weights)
    exact = [total * w / whole for w in weights]
    parts = [int(x) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


@dataclass(frozen=True)
class Scenario:
    people: int
    counts: dict[str, int]  # people per kind
    failures: int  # prison rows not considered before release
    court_recommended: int  # of the failures
    offences: dict[str, int]  # of the failures, published order

    @property
    def lookalike_pairs(self) -> int:
        return max(1, self.people * LOOKALIKE_PAIRS_PER_1000 // 1000)


def scenario_for(people: int = DEFAULT_PEOPLE) -> Scenario:
    """The calibrated scenario for a population size."""
    if people < MIN_PEOPLE:
        raise ConfigError(
            f"--people {people} is too small: a sample needs at least {MIN_PEOPLE} people"
        )
    kinds = list(BASE_PEOPLE)
    counts = dict(zip(kinds, apportion(people, list(BASE_PEOPLE.values())), strict=True))
    failures = round(RELEASED_NOT_CONSIDERED_2006 * people / DEFAULT_PEOPLE)
    have = sum(counts[k] for k in FAIL_SINGLES) + 2 * counts["fail_double"]
    have += counts["fail_then_cbr"]
    delta = failures - have  # rounding drift: settle it on the singles, balance with "cbr"
    shares = apportion(abs(delta), [BASE_PEOPLE[k] for k in FAIL_SINGLES])
    for kind, share in zip(FAIL_SINGLES, shares, strict=True):
        counts[kind] += share if delta > 0 else -share
    counts["cbr"] -= delta
    names = [name for name, _ in OFFENCES_2006]
    table = apportion(failures, [n for _, n in OFFENCES_2006])
    court = round(COURT_RECOMMENDED_2006 * people / DEFAULT_PEOPLE)
    return Scenario(people, counts, failures, court, dict(zip(names, table, strict=True)))
