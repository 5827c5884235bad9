"""Name renderings: how one person's name comes out in different extracts.

Two kinds of difference. *Styles* are what any normaliser should undo (case, accents kept or
stripped, particle spacing such as Al-Jaburi / Al Jaburi / Aljaburi, O'Brien / OBrien).
*Corruptions* are harder and are rationed per person by the generator: a transliterated
spelling, a typo, the name order swapped, a second forename or second surname dropped.
"""

from __future__ import annotations

import random

from anyascii import anyascii

from reconcile.synth.spellings import MOHAMMED_SPELLINGS, SOMALI_SPELLING, variants_of

# Chinese given names written as one word, and their syllables.
SYLLABLES: dict[str, str] = {
    "Xiaoming": "Xiao Ming",
    "Jianguo": "Jian Guo",
    "Zhiqiang": "Zhi Qiang",
    "Haiyan": "Hai Yan",
    "Dawei": "Da Wei",
    "Jianhua": "Jian Hua",
    "Xiaolong": "Xiao Long",
    "Guoqiang": "Guo Qiang",
    "Lihua": "Li Hua",
    "Xiuying": "Xiu Ying",
    "Jianjun": "Jian Jun",
    "Weidong": "Wei Dong",
    "Zhiwei": "Zhi Wei",
    "Haitao": "Hai Tao",
    "Yongjun": "Yong Jun",
    "Xiaodong": "Xiao Dong",
    "Hongwei": "Hong Wei",
    "Jinlong": "Jin Long",
    "Wenbin": "Wen Bin",
    "Shaohua": "Shao Hua",
}

_KEYBOARD = {
    "a": "sq", "b": "vn", "c": "xv", "d": "sf", "e": "wr", "f": "dg", "g": "fh", "h": "gj",
    "i": "uo", "j": "hk", "k": "jl", "l": "k", "m": "n", "n": "bm", "o": "ip", "p": "o",
    "q": "w", "r": "et", "s": "ad", "t": "ry", "u": "yi", "v": "cb", "w": "qe", "x": "zc",
    "y": "tu", "z": "x",
}  # fmt: skip

NAME_CORRUPTIONS = (
    "variant", "surname_variant", "typo", "order", "drop", "particle", "syllables", "somali3",
    "somali_spelling",
)  # fmt: skip


def somali_spelling(text: str) -> str:
    """Every name of a Somali person written in Somali orthography."""
    return " ".join(SOMALI_SPELLING.get(w, w) for w in text.split(" "))


def strip_accents(text: str) -> str:
    return anyascii(text)


def particle_style(surname: str, pick: int) -> str:
    """One of the equivalent spellings of a surname with a particle or prefix."""
    low = surname.lower()
    for prefix in ("al-", "el-", "abu-"):
        if low.startswith(prefix):
            head, rest = surname[: len(prefix) - 1], surname[len(prefix) :]
            head = head.capitalize()
            forms = (f"{head}-{rest}", f"{head} {rest}", f"{head}{rest.lower()}")
            return forms[pick % 3]
    if surname.startswith("O'"):
        forms = (surname, "O" + surname[2:], "O " + surname[2:])
        return forms[pick % 3]
    if surname.startswith("Mc") and len(surname) > 3:
        return (surname, "Mc " + surname[2:])[pick % 2]
    words = surname.split(" ")
    if len(words) > 1 and words[0] in ("da", "dos", "do", "de", "van", "bin", "ben"):
        glued = "".join(words[:-1]).capitalize() + words[-1].lower()
        forms = (surname, " ".join(w.capitalize() for w in words), glued)
        return forms[pick % 3]
    return surname


_PARTICLES = frozenset(
    ["al", "el", "abu", "bin", "ben", "ibn", "da", "dos", "do", "de", "van", "der", "den", "mc"]
)


def double_surname(surname: str) -> bool:
    """Two surnames side by side (Hispanic paternal + maternal), not a particle + name."""
    parts = surname.split(" ")
    return len(parts) == 2 and parts[0].lower() not in _PARTICLES and parts[0][:1].isupper()


def _typo_in(word: str, rng: random.Random) -> str:
    pos = rng.randrange(1, len(word) - 1)
    op = rng.randrange(4)
    ch = word[pos]
    if op == 0 and ch.lower() in _KEYBOARD:
        sub = rng.choice(_KEYBOARD[ch.lower()])
        return word[:pos] + (sub.upper() if ch.isupper() else sub) + word[pos + 1 :]
    if op == 1:
        return word[:pos] + word[pos + 1 :]
    if op == 2 and word[pos] != word[pos + 1]:
        return word[:pos] + word[pos + 1] + word[pos] + word[pos + 2 :]
    return word[:pos] + ch + word[pos:]


def typo(text: str, rng: random.Random) -> str:
    """One keyboard slip in a word of five letters or more (never its first letter)."""
    words = text.split(" ")
    long_ones = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
    if not long_ones:
        return text
    i = rng.choice(long_ones)
    words[i] = _typo_in(words[i], rng)
    return " ".join(words)


_SOMALI_ONLY = frozenset(SOMALI_SPELLING.values())


def _spellings(name: str, somali: bool) -> tuple[str, ...]:
    """Other spellings of a name; Somali orthography (Cismaan, Xasan) only for Somali people."""
    return tuple(v for v in variants_of(name) if somali or v not in _SOMALI_ONLY)


def respell(text: str, rng: random.Random, *, somali: bool = True) -> str | None:
    """Replace the whole text, or one of its words, by another spelling of that name."""
    options = list(_spellings(text, somali))
    if options:
        return rng.choice(options)
    words = text.split(" ")
    spots = [(i, _spellings(w, somali)) for i, w in enumerate(words)]
    spots = [(i, v) for i, v in spots if v]
    for n in range(len(words) - 1):  # two-word names such as "Abdul Rahman"
        pairs = _spellings(f"{words[n]} {words[n + 1]}", somali)
        if pairs:
            alt = rng.choice(pairs)
            return " ".join([*words[:n], alt, *words[n + 2 :]])
    if not spots:
        return None
    i, opts = rng.choice(spots)
    words[i] = rng.choice(opts)
    return " ".join(words)


def applicable(layout: str, surname: str, forenames: str, extra: str) -> list[str]:
    """The corruptions that make sense for a name."""
    kinds = ["typo", "typo"]
    somali = layout == "somali"
    first = respell(forenames, random.Random(0), somali=somali) is not None
    family = respell(surname, random.Random(0), somali=somali) is not None
    if first:  # a forename respelled (Mohammed / Muhammad)
        kinds += ["variant"] * (3 if family else 4)
    if family:  # the family name respelled (Xu / Tsui): needs a prison number to carry it
        kinds += ["surname_variant"] * (1 if first else 4)
    if layout == "family_first":
        kinds += ["order", "order"]
    elif layout == "somali":
        kinds += ["order"]
        if extra:
            kinds += ["somali3"] * 3
        kinds += ["somali_spelling"] * 4
    else:
        kinds.append("order")
    if len(forenames.split(" ")) > 1 and layout == "western":
        kinds.append("drop")
    if double_surname(surname):
        kinds.append("drop")  # a double surname loses its second part
    if surname.lower().startswith(("al-", "el-", "da ", "dos ", "de ", "mc", "mac")):
        kinds.append("particle")
    if any(w in SYLLABLES for w in forenames.split(" ")):
        kinds += ["syllables"] * 3
    return kinds


def corrupt_name(
    kind: str, surname: str, forenames: str, extra: str, rng: random.Random, *, somali: bool = True
) -> tuple[str, str]:
    """Apply one corruption to (surname, forenames); returns the new pair. ``somali``: whether
    Somali orthography is a plausible respelling (only for Somali people)."""
    if kind == "variant":
        return surname, respell(forenames, rng, somali=somali) or forenames
    if kind == "surname_variant":
        return respell(surname, rng, somali=somali) or surname, forenames
    if kind == "order":
        return forenames, surname
    if kind == "drop":
        if double_surname(surname):
            return surname.split(" ")[0], forenames
        first, rest = forenames.split(" ", 1)
        if first in MOHAMMED_SPELLINGS:  # the leading Mohammed is the one left out
            return surname, rest
        return surname, first
    if kind == "particle":
        low = surname.lower()
        if low.startswith("al-"):
            return "El-" + surname[3:], forenames
        if low.startswith("el-"):
            return "Al-" + surname[3:], forenames
        if surname.startswith("Mac"):
            return "Mc" + surname[3:], forenames
        if surname.startswith("Mc"):
            return "Mac" + surname[2:], forenames
        return surname.split(" ", 1)[1], forenames
    if kind == "syllables":
        return surname, " ".join(SYLLABLES.get(w, w) for w in forenames.split(" "))
    if kind == "somali_spelling":
        return somali_spelling(surname), somali_spelling(forenames)
    if kind == "somali3":
        return extra, f"{forenames} {surname}"
    if rng.random() < 0.6:
        return surname, typo(forenames, rng)
    return typo(surname, rng), forenames
