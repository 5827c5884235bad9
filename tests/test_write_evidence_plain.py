"""The evidence PDF's plain paragraphs: lines within the width, every word kept in order,
splits at line boundaries, and a document that uses them builds."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from reportlab.lib.pagesizes import A4
from reportlab.platypus import SimpleDocTemplate

from reconcile.write.evidence_listing import text_width
from reconcile.write.evidence_plain import PlainPara, plain
from reconcile.write.evidence_text import STYLES

SMALL = STYLES["small"]
WORDS = st.text(alphabet="abcdefghijKLMNOP0123456789(),;:-'é", min_size=1, max_size=30)


@given(st.lists(WORDS, min_size=1, max_size=80), st.floats(40, 400))
def test_lines_fit_and_keep_every_word(words: list[str], width: float) -> None:
    p = plain(" ".join(words))
    w, h = p.wrap(width, 10_000)
    lines = p._wrapped(width)
    assert h == len(lines) * SMALL.leading and w == width
    for line in lines:
        # A word wider than the line is broken where it reaches the edge.
        assert text_width(line, SMALL.fontName, SMALL.fontSize) <= width or " " not in line
    assert "".join("".join(lines).split()) == "".join(w for w in words)


def test_splits_at_line_boundaries() -> None:
    p = plain(" ".join(f"word{k}" for k in range(400)))
    _, height = p.wrap(200, 10_000)
    lines = p._wrapped(200)
    first, rest = p.split(200, 3.5 * SMALL.leading)
    assert isinstance(first, PlainPara) and isinstance(rest, PlainPara)
    assert first.wrap(200, 10_000)[1] == 3 * SMALL.leading
    assert first._wrapped(200) + rest._wrapped(200) == lines
    assert p.split(200, 0.5 * SMALL.leading) == []  # not a line fits
    assert height == len(lines) * SMALL.leading


def test_a_document_of_long_paragraphs_builds(tmp_path: Path) -> None:
    path = tmp_path / "plain.pdf"
    doc = SimpleDocTemplate(str(path), pagesize=A4, pageCompression=0)
    words = [f"reason{k}" for k in range(3_000)]
    story = [plain(" ".join(words), limit=100_000) for _ in range(3)]
    doc.build(story)  # each paragraph is taller than a page: it splits
    assert doc.page >= 6
    text = path.read_bytes()
    assert text.count(b"(reason0 ") == 3 and text.count(b" reason2999)") == 3
