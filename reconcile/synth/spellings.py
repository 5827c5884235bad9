"""Spellings of one name: transliterations, Somali orthography, the many Mohammeds.

Different names that look alike (Mohammed and Mahmoud, Mohamed and Mohamud) are deliberately
in different groups.
"""

from __future__ import annotations

import functools

# Somali names in Somali orthography (C for the ayn, X for the hard h, doubled long vowels).
SOMALI_SPELLING: dict[str, str] = {
    "Mohamed": "Maxamed", "Ahmed": "Axmed", "Abdi": "Cabdi", "Hassan": "Xasan",
    "Hussein": "Xuseen", "Ali": "Cali", "Omar": "Cumar", "Yusuf": "Yuusuf",
    "Ibrahim": "Ibraahim", "Abdullahi": "Cabdullaahi", "Abdirahman": "Cabdiraxmaan",
    "Farah": "Faarax", "Jama": "Jaamac", "Osman": "Cismaan", "Aden": "Aadan", "Hirsi": "Xirsi",
    "Nur": "Nuur", "Abdirashid": "Cabdirashiid", "Ismail": "Ismaaciil", "Said": "Saciid",
    "Dahir": "Daahir", "Mohamud": "Maxamuud", "Abdulkadir": "Cabdulqaadir", "Hashi": "Xaashi",
    "Guled": "Guuleed", "Yasin": "Yaasiin", "Mahad": "Maxad", "Fadumo": "Faadumo",
    "Hawa": "Xaawo", "Amina": "Aamina", "Asha": "Caasha", "Halima": "Xaliimo",
}  # fmt: skip

# How people spell their own Mohammed (in records it also becomes "Mohd").
MOHAMMED_SPELLINGS = ("Mohammed", "Muhammad", "Mohamed", "Mohammad", "Muhammed", "Mohamad")
# Share of men of these origins whose forenames start with a Mohammed.
MOHAMMED_FIRST = {"arabic": 0.3, "south_asian": 0.4}

# Spelling variants of one name; the first is the generator's own form of it.
VARIANT_GROUPS: tuple[tuple[str, ...], ...] = (
    ("Mohammed", "Muhammad", "Mohamed", "Mohammad", "Muhammed", "Mohd", "Mohamad"),
    ("Mohamed", "Maxamed", "Mohammed", "Mohamad"),
    ("Mahmoud", "Mahmud", "Mahmood"),
    ("Mohamud", "Maxamuud", "Mahamud"),
    ("Ahmed", "Ahmad", "Axmed"),
    ("Abdul Rahman", "Abdulrahman", "Abdel Rahman", "Abdur Rahman"),
    ("Abdirahman", "Cabdiraxmaan", "Abdurahman"),
    ("Abdullah", "Abdallah", "Abdulla"),
    ("Abdullahi", "Cabdullaahi", "Abdilahi"),
    ("Abdi", "Cabdi"),
    ("Hassan", "Hasan", "Xasan"),
    ("Hussein", "Hussain", "Husain", "Xuseen", "Hussen"),
    ("Ali", "Aly", "Cali"),
    ("Omar", "Umar", "Cumar"),
    ("Yusuf", "Yuusuf", "Yousef", "Youssef"),
    ("Youssef", "Yusuf", "Yousef", "Yousuf"),
    ("Ibrahim", "Ibraahim", "Ebrahim"),
    ("Farah", "Faarax"),
    ("Jama", "Jaamac"),
    ("Osman", "Cismaan", "Othman", "Usman"),
    ("Aden", "Aadan", "Adan"),
    ("Hirsi", "Xirsi"),
    ("Nur", "Nuur", "Noor"),
    ("Abdirashid", "Cabdirashiid", "Abdirachid"),
    ("Ismail", "Ismaaciil", "Ismael"),
    ("Said", "Saciid", "Saeed", "Sayed"),
    ("Dahir", "Daahir", "Tahir"),
    ("Abdulkadir", "Cabdulqaadir", "Abdulqadir"),
    ("Hashi", "Xaashi"),
    ("Guled", "Guuleed"),
    ("Yasin", "Yaasiin", "Yassin"),
    ("Mahad", "Maxad"),
    ("Khalid", "Khaled", "Khaleed"),
    ("Karim", "Kareem"),
    ("Mustafa", "Mostafa", "Moustafa"),
    ("Tariq", "Tarek", "Tarik"),
    ("Samir", "Sameer"),
    ("Walid", "Waleed"),
    ("Rachid", "Rashid", "Rasheed"),
    ("Adel", "Adil"),
    ("Abdelkader", "Abdelqader", "Abdul Kader"),
    ("Yassine", "Yasin", "Yacine"),
    ("Sofiane", "Sufian", "Soufiane"),
    ("Nasser", "Naser", "Nasir"),
    ("Abdul Qadir", "Abdulqadir", "Abdul Kadir"),
    ("Abdul Wahab", "Abdulwahab", "Abdul Wahhab"),
    ("Abdul Rahim", "Abdulrahim", "Abdul Raheem"),
    ("Abdul Karim", "Abdulkarim", "Abdul Kareem"),
    ("Noorullah", "Nurullah", "Noor Ullah"),
    ("Usman", "Osman", "Othman"),
    ("Hussain", "Hussein", "Husain"),
    ("Rehman", "Rahman", "Rehmann"),
    ("Chaudhry", "Chaudhary", "Choudhury"),
    ("Qureshi", "Kureshi", "Qureishi"),
    ("Uddin", "Udin", "Ud-Din"),
    ("Miah", "Mia", "Meah"),
    ("Zhang", "Cheung", "Chang"),
    ("Chen", "Chan"),
    ("Li", "Lee"),
    ("Liu", "Lau"),
    ("Huang", "Wong"),
    ("Lin", "Lam"),
    ("Wu", "Ng"),
    ("Zhou", "Chow", "Chau"),
    ("Xiao", "Hsiao", "Siu"),
    ("Guo", "Kwok"),
    ("He", "Ho"),
    ("Zheng", "Cheng"),
    ("Yang", "Yeung"),
    ("Zhao", "Chiu"),
    ("Xu", "Hsu", "Tsui"),
    ("Mehmet", "Mehmed", "Mehmat"),
    ("Hüseyin", "Huseyin", "Hussein"),
    ("Oluwaseun", "Oluseun"),
    ("Chukwuemeka", "Chukwuemaka"),
    ("Babatunde", "Baba-Tunde"),
    ("Sean", "Shaun", "Shawn"),
    ("Padraig", "Padraic"),
    ("Ciaran", "Kieran", "Ciarán"),
    ("Gheorghe", "Gheorghie"),
    ("Ionuţ", "Ionut", "Ionutz"),
)


@functools.cache
def variants_of(name: str) -> tuple[str, ...]:
    """Other spellings of a name (case-insensitive), from every group that holds it."""
    key = name.casefold()
    found: list[str] = []
    for group in VARIANT_GROUPS:
        if key in (g.casefold() for g in group):
            found.extend(v for v in group if v.casefold() != key and v not in found)
    return tuple(found)
