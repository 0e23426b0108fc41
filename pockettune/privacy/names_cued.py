"""Names the capital-letter rules of ``names.py`` miss, whatever the script (after the Faker
fresh5 split's first measurement, results/privacy-fresh5-first.md):

- the words after a form's name label on its line: "Surname: Lopatko", "Given names: Ana
  Marija", "Family name: 山田" (any word that is no common English word);
- a lower-case first name of the lexicon after "name's", "name is" or "named":
  "their name's olena I think";
- the letters of a user name that are a first name of the lexicon, before its digits:
  "user olena1987", "login: marko_77";
- a name after a Zulu or Xhosa noun-class prefix with a hyphen: "u-Thandeka", "lika-Sipho
  Dlamini", "ngu-Zodwa".
"""

from __future__ import annotations

import re

from .lexicon import fold, in_lexicon, lexicons

LETTER_WORD = r"[^\W\d_][^\W\d_'’-]*(?:['’-][^\W\d_]+)*"
LABEL = re.compile(
    r"(?im)^[ \t]*(?:surname|family name|last name|given names?|first names?|forenames?"
    r"|middle names?)[ \t]*:[ \t]*"
    rf"({LETTER_WORD}(?:[ \t]+{LETTER_WORD}){{0,2}})[ \t]*$"
)
NAMED = re.compile(rf"\b(?:name's|name is|named)[ \t]+({LETTER_WORD})(?![\w@/]|\.\w)")
USER = re.compile(
    r"\b(?:user(?:name)?|login|username)[ \t]*[:=]?[ \t]+([^\W\d_]{3,})[_.]?\d{1,4}\b"
)
PREFIXED = re.compile(
    r"\b(?:u|ka|lika|kuka|ngu|ngo|no|na|nga|ku|kwa|wa|ba)-([A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+)?)"
)


def _first(word: str) -> bool:
    first = lexicons()[0]
    return in_lexicon(word.title(), first) or fold(word) in first


def cued_name_spans(text: str) -> list[tuple[int, int, float]]:
    _, last, _, common = lexicons()
    spans: list[tuple[int, int, float]] = []
    for m in LABEL.finditer(text):
        words = m.group(1).split()
        # a capitalized word, one of a caseless script, or a lexicon name ("Surname: n/a" no)
        named = all(not w.islower() or _first(w) or in_lexicon(w.title(), last) for w in words)
        if named and not any(w.lower() in common for w in words):
            spans.append((m.start(1), m.end(1), 0.6))
    for m in NAMED.finditer(text):
        w = m.group(1)
        if w.islower() and w not in common and _first(w):
            spans.append((m.start(1), m.end(1), 0.6))
    for m in USER.finditer(text):
        w = m.group(1)
        if w.lower() not in common and _first(w):
            spans.append((m.start(1), m.end(1), 0.6))
    for m in PREFIXED.finditer(text):
        words = m.group(1).split()
        if _first(words[0]) or in_lexicon(words[0], last):
            spans.append((m.start(1), m.end(1), 0.6))
    return spans
