"""The figures published in April 2006, as data: what the sample is calibrated to reproduce.

The same figures, with their source, are in ``seeds/`` at the top of the repository; a test
checks the two agree.
"""

from __future__ import annotations

# Offences of the prisoners released without deportation consideration, in the published
# order. "Not available" is a blank offence in the extracts.
OFFENCES_2006: tuple[tuple[str, int], ...] = (
    ("Actual or grievous bodily harm", 54),
    ("Arson", 4),
    ("Assisting illegal entry", 16),
    ("Burglary", 41),
    ("Conspiracy", 6),
    ("Customs", 6),
    ("Deception", 66),
    ("Driving offences", 5),
    ("Drugs", 204),
    ("False imprisonment", 3),
    ("Forgery", 85),
    ("Fraud", 33),
    ("Immigration", 12),
    ("Kidnapping", 4),
    ("Manslaughter", 2),
    ("Murder", 3),
    ("Rape", 9),
    ("Robbery", 93),
    ("Sex offences (other)", 39),
    ("Theft", 52),
    ("Violence", 57),
    ("Other", 126),
    ("Not available", 103),
)

NOT_AVAILABLE = "Not available"
RELEASED_NOT_CONSIDERED_2006 = 1023
COURT_RECOMMENDED_2006 = 160
AS_OF_2006 = "2006-03-31"
