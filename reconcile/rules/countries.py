"""Country names and demonyms for reasons, from the nationality normaliser when it is present.

The classifier only needs words for a code ("Poland", "Polish"). It asks
reconcile.normalise.nationality for them and falls back to the code itself, so the
rules stage works, with plainer wording, even without that module.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from functools import cache

STATELESS = "XX"
# British nationals who are not British citizens, recorded as such (codes from the user-assigned
# range, as the normaliser's table gives them): British Overseas Territories citizens (BOTC;
# British citizens from 21 May 2002, membership.toml), British Overseas citizens, British
# protected persons and British subjects. None has the right of abode by that status: they are
# subject to immigration control, and counted as the non-EEA nationals they are.
BOTC = "XD"
BRITISH_NATIONALS = frozenset({BOTC, "XO", "XP", "XS"})

_Lookup = Callable[[str], object]


@cache
def _lookup(function: str) -> _Lookup | None:
    try:
        module = importlib.import_module("reconcile.normalise.nationality")
    except ImportError:
        return None
    found = getattr(module, function, None)
    return found if callable(found) else None


def _ask(function: str, code: str) -> str | None:
    lookup = _lookup(function)
    if lookup is None:
        return None
    try:
        text = lookup(code)
    except (KeyError, ValueError, LookupError):
        return None
    return text if isinstance(text, str) and text.strip() else None


@cache
def country_name(code: str) -> str:
    """'PL' -> 'Poland' (or 'PL' when no name is known)."""
    if code == STATELESS:
        return "no country (stateless)"
    return _ask("country_name", code) or code


@cache
def demonym(code: str) -> str:
    """'PL' -> 'Polish' (or 'PL' when no demonym is known)."""
    if code == STATELESS:
        return "Stateless"
    return _ask("demonym", code) or code


def several_nationalities(raw: str) -> tuple[str, ...]:
    """The nationalities a cell names when it names more than one, in its order ("Jamaican/
    Polish" -> ("JM", "PL")); () for one or none (or without the normaliser)."""
    lookup = _lookup("named_nationalities")
    if lookup is None or not raw.strip():
        return ()
    try:
        found = lookup(raw)
    except (KeyError, ValueError, LookupError):
        return ()
    return tuple(found) if isinstance(found, tuple) else ()
