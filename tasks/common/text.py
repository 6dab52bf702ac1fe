"""Text as people type it on a Chinese keyboard: one table of full-width (IME) forms and one set of spaces.

Only the characters listed are folded. Unicode NFKC would also turn ① or ½ into digits, which is guessing;
figures, codes and period labels all read through ``text_fold`` so that every input is read the same way.
"""

# Full-width digits and Latin letters, and the punctuation an IME produces in figures, codes and labels.
FULL_WIDTH = {ord("０") + i: ord("0") + i for i in range(10)}
FULL_WIDTH.update({ord("Ａ") + i: ord("A") + i for i in range(26)})
FULL_WIDTH.update({ord("ａ") + i: ord("a") + i for i in range(26)})
FULL_WIDTH.update({ord(a): b for a, b in zip("．，％－＋−：", ".,%-+-:", strict=True)})

# Spaces trimmed around an input: ASCII white space, the ideographic space, no-break and thin spaces.
SPACES = " \t\r\n\u3000\u00a0\u2002\u2003\u2009\u202f"


def text_fold(text: str) -> str:
    """``text`` with full-width forms folded to ASCII and surrounding spaces removed, e.g. "　９７．５％ " → "97.5%"."""
    return text.translate(FULL_WIDTH).strip(SPACES)
