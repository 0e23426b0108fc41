"""Street and block forms of more countries (after the Faker fresh4 split's first
measurement, results/privacy-fresh4-first.md).

- a street with no type word, its number, then a postcode and a town, whatever separates
  them (a comma, two, a middle dot, a line break) and whatever the code's shape: Iceland's
  three digits ("Hringbraut 12, 101 Reykjavík"), Greece's "ΤΚ 123 45" ("Ερμού 5,, 105 63
  Αθήνα"), Luxembourg's "L-1234";
- a number before a comma and the street (Luxembourg, Belgium and France write
  "12, Haaptstrooss", "7, am Bongert", "3, Grand-Rue") when a postcode follows;
- Irish streets, the type first after the number ("21 Bóthar an Chaisleáin",
  "5 Sráid na hAbhann");
- Pakistani house, street, sector and phase grids ("House 7, Street 12, G-6/1", "Plot 3,
  Sector 9", "House 5, Phase 2, DHA") and "12-A, Model Town" when a town and a postcode
  follow;
- Thai lanes and villages next to a street or a postcode ("Soi 4", "Moo 11").

The block is then extended over units, towns and postcodes by ``addresses.py``'s rules.
"""

from __future__ import annotations

import re

from .addresses import _city_like, street_word
from .postcodes import candidates
from .streets import CAP, NUM, PARTICLE

NOT_YEAR = r"(?!(?:19|20)\d\d\b)"
STREET_NUMBER = (
    rf"(?P<name>{CAP})(?:[ \t]+{CAP}){{0,2}}[ \t]+{NOT_YEAR}\d{{1,5}}[A-Za-z]?"
    r"(?:[ \t]?[-/][ \t]?\d{1,5}[A-Za-z]?)?"
)
CODE = r"(?:(?:ΤΚ|Τ\.Κ\.|[A-Z]{1,2}-)[ \t]*)?(?P<code>\d{3}(?:[ \t]\d{2})?|\d{4,5})"
STREET_CODE_TOWN = re.compile(
    rf"(?<![\w.]){STREET_NUMBER}[ \t]*(?:,{{1,2}}|·|\n)[ \t]*\n?[ \t]*"
    r"(?:(?:[^\W\d_]+\.?[ \t]+)?\d{1,4}[A-Za-z]?[ \t]*(?:,|\n)[ \t]*)?"
    rf"{CODE}[ \t]+(?P<town>{CAP})"
)
"""Street and number, maybe an interior ("íbúð 4,", "Apt 3\n"), then a code and a town."""
DELIVERED_TO = re.compile(
    rf"\b(?:deliver(?:ed)?|ship(?:ped)?|sen[dt]|post(?:ed)?)[ \t]+to[ \t]+(\d{{3}}[ \t]+({CAP}))"
)
"""A three-digit postcode and town that something was sent to ("shipped to 603 Akureyri")."""
NUMBER_COMMA_STREET = re.compile(
    rf"(?<![\w.,/-])\d{{1,4}}[A-Za-z]?,[ \t]+(?:(?:{PARTICLE}|am|an|op|um|rue|route|avenue)"
    rf"[ \t]+)*{CAP}(?:[ \t-]+(?:{PARTICLE}[ \t]+)*{CAP}){{0,3}}(?=[ \t]*,[ \t]*"
    r"(?:[A-Z]{1,2}-)?\d{4,5}\b)"
)
IRISH_TYPES = r"Bóthar|Sráid|Ascaill|Lána|Cearnóg|Plás|Céide|Bóithrín|Páirc|Cnoc|Ard|Cé"
IRISH = re.compile(
    rf"(?<![\w.]){NUM}[ \t]+(?:{IRISH_TYPES})[ \t]+(?:(?:an|na|an t-|na h-|Uí|Mhic)[ \t]*)?"
    rf"{CAP}(?:[ \t]+{CAP}){{0,2}}"
)
PK_GRID = re.compile(
    r"(?<![\w.])(?:House|Plot|Shop|Flat)(?:[ \t]+No\.?)?[ \t]*#?\d{1,5}[A-Z]?"
    r"(?:[ \t]*,[ \t]*(?:Street|St\.?|Sector|Phase|Block|Lane|Road)[ \t]+[\w-]{1,4})+"
    r"(?:[ \t]*,[ \t]*[A-Z]{1,2}-\d{1,2}(?:/\d{1,2})?)?\b"
)
PK_LETTER_HOUSE = re.compile(
    rf"(?<![\w.,/-])\d{{1,4}}-[A-Z],[ \t]+{CAP}(?:[ \t]+(?:{CAP}|[IVX]+))?"
    rf"(?=[ \t]*,[ \t]*(?:{CAP}[ \t]+\d{{5}}\b|(?:Suite|Unit|Apt|Flat)\b))"
)
THAI = re.compile(
    rf"(?<![\w.])(?:Soi|Moo|Mu|Trok)[ \t]+\d{{1,3}}(?:/\d{{1,3}})?\b"
    rf"|\b{CAP}[ \t]+\d{{1,2}}[ \t]+(?:Road|Rd\.?)(?!\w)"
)
THAI_HOUSE = re.compile(
    rf"(?<![\w.])\d{{1,4}}(?:/\d{{1,4}})?[ \t]+(?:Moo[ \t]+\d{{1,3}}|(?:{CAP}[ \t]+)?Soi[ \t]+"
    rf"(?:{CAP}[ \t]+)?\d{{1,3}})\b"
)
"""A Thai house number with its village or lane: "66 Moo 4", "12/7 Soi Ari 3"."""


def more_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, why) of the streets of these forms in ``text``."""
    if not re.search(r"\d", text):
        return []
    out = []
    pos = 0
    while m := STREET_CODE_TOWN.search(text, pos):
        name = m["name"].split("-")[0].rstrip(".")
        if street_word(name) and _city_like(m["town"].split("-")[0].rstrip(".")):
            out.append((m.start(), m.end(), "street, number, postcode, town"))
        pos = m.start("name") + len(m["name"])  # "Flat 3, Borgartún 12, 105 ...": try again
    for m in DELIVERED_TO.finditer(text):
        if _city_like(m.group(2).split("-")[0].rstrip(".")):
            out.append((*m.span(1), "three-digit postcode and town"))
    codes = {s for s, _, _ in candidates(text)}
    for m in NUMBER_COMMA_STREET.finditer(text):
        after = re.match(r"[ \t]*,[ \t]*", text[m.end() :])
        if after and m.end() + after.end() in codes:
            out.append((m.start(), m.end(), "number, comma, street"))
    out += [(m.start(), m.end(), "Irish street") for m in IRISH.finditer(text)]
    out += [(m.start(), m.end(), "house, street and sector") for m in PK_GRID.finditer(text)]
    out += [(m.start(), m.end(), "house and quarter") for m in PK_LETTER_HOUSE.finditer(text)]
    out += [(m.start(), m.end(), "house, village or lane") for m in THAI_HOUSE.finditer(text)]
    return out


def lane_spans(text: str, blocks: list[list]) -> list[tuple[int, int, str]]:
    """Thai lanes and villages ("Soi 4") that touch an address block."""
    out = []
    for m in THAI.finditer(text):
        near = any(s - 3 <= m.end() and m.start() <= e + 3 for s, e, *_ in blocks)
        if near:
            out.append((m.start(), m.end(), "lane or village"))
    return out
