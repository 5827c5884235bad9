"""Name variant tables: transliteration families, particles, and look-alikes that differ.

Each family lists spellings of one name as clerks write it in Latin letters; every spelling
maps to the family's first entry. The tables are data: extend them, never code around them.
Negative pairs are names that look alike but are different names; the phonetic key must
never merge them (a test checks every pair).
"""

from __future__ import annotations

# Particles written as separate words or glued to the next word (AL-JABURI, ALJABURI).
# They carry little identity, so keys drop them.
PARTICLES: frozenset[str] = frozenset(
    {
        "AL", "EL", "UL", "BIN", "BEN", "IBN", "BINT", "DE", "DA", "DAS", "DO", "DOS", "DI",
        "DU", "DEL", "DELA", "DELLA", "LA", "LE", "VAN", "VON", "DER", "DEN", "TER", "Y", "E",
    }
)  # fmt: skip

# Prefixes that join the next word into one name (ABDUL RAHMAN = ABDULRAHMAN, O CONNOR =
# OCONNOR).
JOINING_PREFIXES: frozenset[str] = frozenset(
    {"ABDUL", "ABDEL", "ABDAL", "ABD", "ABU", "ABOU", "MC", "MAC", "O"}
)

# Glued article prefixes stripped from a long word (ALJABURI -> JABURI).
GLUED_PREFIXES: tuple[str, ...] = ("AL", "EL")

FAMILIES: tuple[tuple[str, ...], ...] = (
    ("MUHAMMAD", "MOHAMMED", "MOHAMMAD", "MOHAMED", "MOHAMAD", "MUHAMMED", "MUHAMED",
     "MUHAMAD", "MOHD", "MUHD", "MOHAMMEDE", "MAHOMED", "MAHAMMAD", "MEHMET", "MEHMED",
     "MOHAMMET", "MUHAMET", "MAXAMED"),
    ("MAHMUD", "MAHMOOD", "MAHMOUD", "MEHMOOD", "MAHMOD", "MAXAMUUD"),
    ("AHMAD", "AHMED", "AHMET", "AXMED", "AHMAT"),
    ("YUSUF", "YOUSSEF", "YOUSEF", "YOUSIF", "YUSEF", "YOUSOUF", "YOSEF", "YUSSUF", "YUSUPH"),
    ("HUSSEIN", "HUSAIN", "HUSEYIN", "HUSSAIN", "HOSSEIN", "HUSEIN", "HUSSIEN", "HOSEIN",
     "XUSEEN", "HUSSEN", "HOUSSEIN", "HUSAYN"),
    ("HASSAN", "HASAN", "HASSEN", "XASAN", "HACEN"),
    ("ALI", "ALEE", "CALI", "ALIY"),
    ("OMAR", "UMAR", "OMER", "CUMAR", "OUMAR"),
    ("OSMAN", "USMAN", "OTHMAN", "UTHMAN", "CUSMAAN", "OSMAAN"),
    ("ABDULLAH", "ABDALLAH", "ABDULLAHI", "CABDULLAHI", "ABDULAH", "ABDELLAH"),
    ("ABDI", "CABDI"),
    ("ABDIRASHID", "CABDIRASHIID", "ABDIRACHID", "ABDURASHID", "ABDULRASHID", "ABDIRASHIID"),
    ("ABDULRAHMAN", "ABDURRAHMAN", "ABDELRAHMAN", "ABDURAHMAN", "ABDIRAHMAN", "CABDIRAXMAAN"),
    ("ABUBAKAR", "ABUBAKR", "ABOUBAKAR", "ABUBAKER", "ABUBAKARR"),
    ("NUUR", "NOOR", "NUR", "NOUR", "NOR"),
    ("IBRAHIM", "IBRAHEEM", "EBRAHIM", "IBRAHIMA", "IBRAAHIM", "IBRAHAM"),
    ("ISMAIL", "ISMAEL", "ISMAIEL", "ISMAACIIL", "ISMAYIL"),
    ("MUSTAFA", "MUSTAPHA", "MOSTAFA", "MUSTAFE", "MOUSTAFA"),
    ("KHALID", "KHALED", "KHALEED", "XAALID"),
    ("SAID", "SAEED", "SAYED", "SAYYID", "SAEID", "SACIID"),
    ("HAMID", "HAMEED", "HAMED"),
    ("RASHID", "RASHEED", "RACHID", "RASHED"),
    ("MAHDI", "MEHDI", "MAHADI"),
    ("JAMAL", "JAMAAL", "GAMAL"),
    ("FARAH", "FAARAX"),
    ("ABDULKADIR", "ABDIKADIR", "ABDULQADIR", "CABDIQAADIR", "ABDELKADER"),
    ("YASIN", "YASEEN", "YASSIN", "YACIIN"),
    ("SULEIMAN", "SULAIMAN", "SULEYMAN", "SULAYMAN"),
    ("ABBAS", "ABAS"),
    ("QURESHI", "KURESHI", "QURAISHI", "QURESHY"),
    ("CHAUDHRY", "CHOUDHURY", "CHOWDHURY", "CHAUDHARY", "CHAUDRY", "CHOUDHARY"),
    ("JABURI", "JABOURI", "JUBOURI", "JUBURI"),
    ("WANG", "WONG"),
    ("ZHANG", "CHANG", "CHEUNG"),
    ("CHEN", "CHAN", "CHIN"),
    ("LI", "LEE", "LEI"),
    ("LIU", "LAU", "LAO"),
    ("HUANG", "HWANG"),
    ("ZHOU", "CHOW", "CHOU"),
    ("XIAO", "HSIAO", "SIU"),
    ("WU", "NG", "WOO"),
    ("NGUYEN", "NGUYN", "NGYUEN", "NGUEN"),
    ("TRAN", "TRANH"),
    ("OLEKSANDR", "ALEKSANDR", "ALEXANDER", "OLEXANDER", "ALEKSANDER", "ALEXANDRE"),
    ("SERGEI", "SERGEY", "SERHIY", "SERGIY", "SERGIU"),
    ("YURI", "YURIY", "IURII", "YURIJ", "JURIJ"),
    ("DMITRI", "DMITRY", "DMYTRO", "DMITRIJ"),
    ("MIKHAIL", "MICHAIL", "MYKHAILO", "MIHAIL"),
    ("ANDREI", "ANDREY", "ANDRIY", "ANDRII", "ANDREJ"),
    ("YILMAZ", "YELMAZ"),
    ("JOSE", "JOZE"),
    ("MOHAMMADU", "MAMADOU", "MAMADU", "MOHAMADOU"),
)  # fmt: skip

# Look-alikes that are different names: never the same family, never the same key.
NEGATIVE_PAIRS: tuple[tuple[str, str], ...] = (
    ("MUHAMMAD", "MAHMUD"),
    ("MOHAMMED", "MAHMOOD"),
    ("MOHAMED", "MAHMOUD"),
    ("AHMED", "HAMID"),
    ("HASSAN", "HUSSEIN"),
    ("HASAN", "HUSAIN"),
    ("OMAR", "AMIR"),
    ("ALI", "ALEX"),
    ("YUSUF", "YOUNIS"),
    ("SAID", "SAAD"),
    ("RASHID", "RASHAD"),
    ("KHALID", "KHALIL"),
    ("JAMAL", "KAMAL"),
    ("ZHANG", "ZHENG"),
    ("WANG", "WAN"),
    ("LI", "LIN"),
    ("YAN", "YANG"),
)


def _family_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for family in FAMILIES:
        head = family[0]
        for name in family:
            index[name] = head
    return index


FAMILY_OF: dict[str, str] = _family_index()
NEGATIVE: frozenset[frozenset[str]] = frozenset(frozenset(pair) for pair in NEGATIVE_PAIRS)
