"""Sample extracts for trying and testing reconcile: a seeded population of foreign national
prisoners and IND casework, calibrated to the figures published in April 2006, written as two
messy spreadsheets with a ground-truth file."""

from reconcile.synth.generate import SampleFiles, generate_sample
from reconcile.synth.scenario import DEFAULT_PEOPLE, Scenario, scenario_for

__all__ = ["DEFAULT_PEOPLE", "SampleFiles", "Scenario", "generate_sample", "scenario_for"]
