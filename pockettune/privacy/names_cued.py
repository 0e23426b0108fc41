"""Names the capital-letter rules of ``names.py`` miss, whatever the script (after the Faker
fresh5 split's first measurement, results/privacy-fresh5-first.md):

- the words after a form's name label on its line: "Surname: Lopatko", "Given names: Ana
  Marija", "Family name: 山田" (any word that is no common English word);
- a lower-case first name of the lexicon after "name's", "name is" or "named":
  "their name's olena I think";
- the letters of a user name that are a first name of the lexicon, before its digits:
  "user olena1987", "login: marko_77";
- a name after a Zulu or Xhosa noun-class prefix with a hyphen: "u-Thandeka", "lika-Sipho
  Dlamini", "ngu-Zodwa";
- (fresh6 fixes) a home directory named after its owner, in any script: "/home/евсей/",
  "C:\\Users\\kofi\\"; a directory entry's user id: "uid=ярослав,ou=people";
- the person a line of a list starts with, before a dash or "(plus one)": "2. Вера Нестерова
  - +7...", "Петр - наб. 9 мая ...", when one of its words is a name of the lexicon and none
  is a common word or a place;
- a lower-case first name right before a capitalized surname: "customer творимир Громов".
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
MARKS = r"\u0900-\u0dff\u0e00-\u0e7f\u200c\u200d"
"""Indic and Thai vowel signs, which are no word characters to ``re``: "আরিয়া"."""
ANY_WORD = rf"[^\W\d_](?:[^\W\d_]|[{MARKS}])*(?:['’-][^\W\d_](?:[^\W\d_]|[{MARKS}])*)*"
HOME = re.compile(
    rf"(?:(?<![\w.])/(?:home|Users|usr/home)/|\b[A-Za-z]:\\+Users\\+|\b(?:uid|cn)=)({ANY_WORD})"
    r"(?=[/\\,]|\s|$)"
)
SYSTEM_USERS = {"root", "admin", "user", "users", "guest", "public", "shared", "default", "test"}
SYSTEM_USERS |= {"ubuntu", "pi", "git", "www", "deploy", "runner", "docker", "vagrant", "dev"}
LIST_LINE = re.compile(
    rf"(?m)^[ \t]*(?:\d{{1,3}}[.)][ \t]+|[-*•][ \t]+)?({ANY_WORD}(?:[ \t]+{ANY_WORD}){{0,3}})"
    r"(?=[ \t]+(?:[-–—][ \t]|\((?:plus|\+)))"
)
PARTICLES = {"de", "del", "della", "da", "das", "dos", "di", "du", "van", "von", "der", "den"}
PARTICLES |= {"ter", "la", "le", "bin", "al", "el", "mac", "mc", "ibn", "ben", "st"}
LOWER_FIRST = re.compile(rf"(?<![\w@./=-])({ANY_WORD})(?=[ \t]+({ANY_WORD}))")
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
    spans += _fresh6_spans(text)
    for m in PREFIXED.finditer(text):
        words = m.group(1).split()
        if _first(words[0]) or in_lexicon(words[0], last):
            spans.append((m.start(1), m.end(1), 0.6))
    return spans


def _lexicon_name(word: str) -> bool:
    """A first or last name of the lexicon, in any case and script, and no common word."""
    _, last, places, common = lexicons()
    if word.lower() in common or fold(word) in common or word.title() in places:
        return False
    return _first(word) or in_lexicon(word.title(), last) or fold(word) in last


def _fresh6_spans(text: str) -> list[tuple[int, int, float]]:
    _, last, places, common = lexicons()
    spans: list[tuple[int, int, float]] = []
    for m in HOME.finditer(text):
        w = m.group(1)  # a home directory is named after a person, even Grace or Hope
        if _lexicon_name(w) or (w.lower() not in SYSTEM_USERS and _first(w)):
            spans.append((m.start(1), m.end(1), 0.6))
    for m in LIST_LINE.finditer(text):
        words = m.group(1).split()
        plain = [
            w.lower() not in common and w not in places and fold(w) not in common for w in words
        ]
        if all(plain) and any(_lexicon_name(w) for w in words):
            spans.append((m.start(1), m.end(1), 0.6))
    for m in LOWER_FIRST.finditer(text):
        low, cap = m.group(1), m.group(2)
        # a surname that is no first name ("amigo Daniel" is no one) after no particle
        first = _first(cap) or low in PARTICLES
        surname = in_lexicon(cap, last) and cap.lower() not in common and not first
        if low.islower() and cap[:1].isupper() and surname and _lexicon_name(low):
            spans.append((m.start(1), m.end(2), 0.6))
    return spans
