"""Names in forms the lexicon rules of ``names.py`` miss, and places they take for names
(after the Faker fresh3 split's first measurement, results/privacy-fresh3-first.md).

Added:

- a person's name as a speaker label of a pasted group chat ("Hope: the gate code is ..."):
  with two or more labelled lines and a first name among the labels, every label that is a
  name-lexicon word or no common word is a name; roles ("Bot:", "Agent:") stay, and so do a
  form's fields that are common words ("Reason:" beside "Name:", fresh6 fixes);
- "Surname, First" order ("applicant Purmals, Ēriks,"): a surname of the lexicon right
  before a found first name and a comma joins it;
- a lower-case first name before "next door", "upstairs", ... after "or", "and", "ask",
  "call" ("ring me ... or grace next door");
- a capitalized first name after a greeting and "it's"/"its"/"this is" ("hey its Blessing").

Dropped: a name right before a place word ("Jos station", "María Pinto airport"), after a
trip's "to" ("school trip to Teodoro Schmidt"), or after a place word and a particle ("Alto
del Carmen").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .lexicon import WORD, in_lexicon, lexicons
from .name_words import GREET, LANGUAGES, ROLE_LABELS
from .streets import CAP

LABEL = re.compile(rf"(?m)^[ \t]*({CAP}):[ \t]+\S")
SURNAME_BEFORE = re.compile(rf"({CAP}),[ \t]+$")
FIRST_THEN_END = re.compile(r"[ \t]*(?:[,.;:!?\n]|$)")
NEIGHBOUR = re.compile(
    r"[ \t]+(?:next door|from next door|upstairs|downstairs|across the (?:road|street|hall))\b"
)
ASKED = re.compile(r"\b(?:or|and|ask|call|ring|text|tell|phone)[ \t]+$")
SELF_NAMED = re.compile(
    rf"\b(?:{GREET})\b[ \t,!.]*(?:it['’]?s|this is|i['’]?m)[ \t]+({CAP})(?!['’\w-])",
    re.IGNORECASE,
)
PLACE_AFTER = re.compile(
    r"[ \t]+(?i:station|airport|stadium|hospital|terminal|bridge|square|market|mall|church"
    r"|cathedral|university|beach|harbour|harbor|port|stasiun|bandara|stotis|stotyje|stacija"
    r"|jaam|postaja|istasyonu|garı|estación|aeropuerto|gare|bahnhof|stazione)\b"
)
TRIP_TO = re.compile(
    r"\b(?:trip|journey|flight|flights|train|bus|coach|drive|excursion|road|ferry)[ \t]+to[ \t]+$",
    re.IGNORECASE,
)
GAELIC = re.compile(
    rf"(?<![\w-])(?:Ó|Ní|Nic|Mac|Mhic|Uí|Ua)[ \t]+(?:(?:an|na|an t-|na h-)[ \t]*)?({CAP})"
    rf"(?:(?:-(?:Ó|Ní|Mac|Nic)|(?<=-Ó)|(?<=-Ní)|(?<=-Mac)|(?<=-Nic)|(?<=Giolla))[ \t]+{CAP})?"
)
"""An Irish or Scottish surname: a particle and a capitalized word ("Ó Briain", "Mac an
Bhaird", "Ní Dhomhnaill-Ó Sé"), also without a first name before it (fresh4 fixes)."""
DEVICE = re.compile(
    r"\b(?:laptop|desktop|pc|phone|iphone|ipad|android|galaxy|pixel|macbook|tablet|tv)[-_]"
    r"([^\W\d_]{3,})(?![\w-])",
    re.IGNORECASE,
)
"""A device named after its owner, as routers list them ("laptop-sigrun", "iPhone-de-Ana")."""
PLACE_PARTICLE = re.compile(rf"({CAP})[ \t]+(?:del|de la|de los|de las|de|do|da|dos|das|di)[ \t]+$")
FORM_FIELDS = {"Name", "Phone", "Mobile", "Email", "E-mail", "Address", "DOB", "Tel", "Born"}
"""Labels of a form's fields; beside them a label that is a common word ("Reason:") is a
field too (fresh6 fixes), while in a chat it may be a speaker ("Hope: ...")."""
CALENDAR_WORDS = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december",
}  # fmt: skip


def _common(word: str) -> bool:
    _, _, places, common = lexicons()
    return word.lower() in common or word in places


def label_spans(text: str, not_names: set[str]) -> list[tuple[int, int]]:
    """Speaker labels that are people's names, in a chat of two or more labelled lines."""
    first, last, _, common = lexicons()
    labels = list(LABEL.finditer(text))
    if len(labels) < 2 or not any(in_lexicon(m.group(1), first) for m in labels):
        return []
    # a form, not a chat, when a field label is among them: its common words are fields
    form = any(m.group(1) in FORM_FIELDS for m in labels)
    out = []
    for m in labels:
        w = m.group(1)
        if w in ROLE_LABELS or w in not_names or w in LANGUAGES or w.isupper():
            continue
        if w.lower() in CALENDAR_WORDS:
            continue
        if form and w.lower() in common:  # "Name: ... Phone: ... Reason: knee pain"
            continue
        if in_lexicon(w, first) or in_lexicon(w, last) or w.lower() not in common:
            out.append(m.span(1))
    return out


def surname_first(text: str, s: int, e: int, not_names: set[str]) -> int:
    """Where a name found at ``s:e`` starts when a surname and a comma come before it."""
    first, last, _, _ = lexicons()
    if not in_lexicon(text[s:e], first) or not FIRST_THEN_END.match(text, e):
        return s
    m = SURNAME_BEFORE.search(text[max(0, s - 40) : s])
    if not m:
        return s
    w = m.group(1)
    if w in not_names or w.isupper() or _common(w) or not in_lexicon(w, last):
        return s
    return s - (len(m.group()))


def extra_spans(text: str, not_names: set[str]) -> list[tuple[int, int]]:
    """Lower-case neighbours, greeted self-introductions, device owners."""
    first, _, _, _ = lexicons()
    out = []
    for m in WORD.finditer(text):
        w = m.group()
        if not w.islower() or len(w) < 3 or not in_lexicon(w.title(), first):
            continue
        if NEIGHBOUR.match(text, m.end()) and ASKED.search(
            text[max(0, m.start() - 12) : m.start()]
        ):
            out.append(m.span())
    for m in DEVICE.finditer(text):
        if in_lexicon(m.group(1).title(), first) and not _common(m.group(1)):
            out.append(m.span(1))
    for m in SELF_NAMED.finditer(text):
        w = m.group(1)
        if w in not_names or w.lower() in CALENDAR_WORDS or w.isupper():
            continue
        if in_lexicon(w, first) or not _common(w):
            out.append(m.span(1))
    return out


def gaelic_spans(text: str, not_names: set[str]) -> list[tuple[int, int, float]]:
    """Gaelic surnames, joined to a name found around them ("Mac" alone, "Helen Ó Giolla")."""
    first = lexicons()[0]
    out = []
    for m in GAELIC.finditer(text):
        if m.group(1) in not_names or _common(m.group(1).split("-")[0]):
            continue
        s, e = m.start(), m.end() - len(m.group()) + len(m.group().rstrip("."))
        before = re.search(rf"({CAP})[ \t]+$", text[max(0, s - 30) : s])
        if before and in_lexicon(before.group(1), first) and before.group(1) not in not_names:
            s -= len(before.group())  # the first name before it: "Nora Ó Sé"
        out.append((s, e, 0.6))
    return out


def place_not_person(text: str, s: int, e: int) -> bool:
    """A place, not a person: "Jos station", "trip to Teodoro Schmidt", "Alto del Carmen"."""
    if PLACE_AFTER.match(text, e) or TRIP_TO.search(text[max(0, s - 30) : s]):
        return not re.match(r"['’]s\b", text[e:])
    m = PLACE_PARTICLE.search(text[max(0, s - 30) : s])
    return bool(m and _common(m.group(1)))


def merge(spans: Iterable[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    """Overlapping spans as one, with the higher score ("Kazlauskas" after "holder" and
    "Kazlauskas, Radvilė" from the surname-first rule)."""
    out: list[tuple[int, int, float]] = []
    for s, e, score in sorted(spans):
        if out and s < out[-1][1]:
            a, b, c = out[-1]
            out[-1] = (a, max(b, e), max(c, score))
        else:
            out.append((s, e, score))
    return out
