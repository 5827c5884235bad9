"""rules stage: the deportation policy as dated, versioned data, and the classifier.

load_policy(name_or_path) -> Policy       a preset ("2006", "2006-eea", "ukba-2007") or a file
classify(prison, ind, links, policy, as_of) -> list[Classification]   one per prison row
render_policy(policy) -> str              the policy in full, as a policy file
"""

from reconcile.rules.catalogue import RULES, describe_rule
from reconcile.rules.classify import classify
from reconcile.rules.loader import DEFAULT_PRESET, PRESETS, load_policy
from reconcile.rules.policy import Aggregation, Policy
from reconcile.rules.render import render_policy

__all__ = [
    "DEFAULT_PRESET",
    "PRESETS",
    "RULES",
    "Aggregation",
    "Policy",
    "classify",
    "describe_rule",
    "load_policy",
    "render_policy",
]
