"""Address pieces that ``addresses.py`` leaves out, added around its blocks (issue #41).

- post office boxes ("PO Box 33", "Postfach 12", "Apartado 45", "Private Bag 9"): an
  address on their own; a bare "Box 12" only after an address cue or "to"/"at";
- rural delivery routes ("RD 9", "RR 2") and interior, building and floor numbers of more
  countries ("Interior 238", "Edif. 610", "Depto. 598", "lgh 1102", "2. tv") inside a block;
- a street part written apart from the postcode and town after it ("Africká 38" on the line
  before "779 00 Olomouc", "9 Elliott Copse, " before "Gillespie Hill 1256"): a postcode-led
  block steps back over the town and then over a name-and-number street part;
- a street with no number right after an address cue ("I live on chemin Peltier").

The block's other rules (what extends it, where it stops) stay those of ``addresses.py``.
"""

from __future__ import annotations

import re
from typing import Any

from .address_forms import form_spans
from .address_local import local_spans
from .address_more import lane_spans, more_spans
from .addresses import ADDRESS_CUE, _city_like, _extend, address_spans, street_word
from .postcodes import candidates
from .span_recognizer import SpanRecognizer
from .streets import CAP, PARTICLE, UNIT, WEAK_UNIT, weak_street_spans

PO_BOX = re.compile(
    r"\b(?:P\.?[ \t]?O\.?[ \t]?Box|PO[ \t]?Box|GPO Box|Post(?:fach| Box| Office Box)"
    r"|Private Bag|Locked Bag|BP|B\.P\.|Boîte postale|Case postale|CP|Apartado(?: [Pp]ostal"
    r"| de [Cc]orreos)?|Casilla(?: de [Cc]orreo)?|Caixa [Pp]ostal|Postbus|Skrytka pocztowa"
    r"|Box|Postboks|Postilokero|Casella postale)[ \t]*(?:No\.?[ \t]*)?\d{1,6}\b"
)
BOX_CUE = re.compile(r"\b(?:to|at|send|post|mail|write|c/o)[ \t]+$", re.IGNORECASE)
RURAL = re.compile(r"(?:RD|R\.D\.|RR|R\.R\.)[ \t]?\d{1,3}\b")
INTERIOR = re.compile(
    r"(?i:interior|int\.|edif\.|edificio|depto\.?|dpto\.?|dto\.|departamento|local|oficina|mz\.?"
    r"|manzana|lt\.|torre|byt|lgh|lägenhet|et\.|etaj|ap\.|sc\.|bl\.|kerros|ajtó|etapa|of\.|daire"
    r"|d:|kat|piso|íbúð|hæð)[ \t]*"
    r"(?:no\.?[ \t]*)?[0-9A-Z]{1,4}\b|\d{1,2}\.?[ \t]*(?:tv|th|mf|sal)\b"
    r"|\d{1,2}(?:r|n|t|è|º|ª)(?:[ \t]+\d{1,2}(?:a|ª))?(?!\w)"  # Catalan floor, door: "3r 2a"
)
PIECE_SEP = re.compile(r"[ \t]*(?:[,;/–-][ \t]*)?(?:\n[ \t]*)?")
STREET_BEFORE = re.compile(
    rf"(?:{CAP}(?:[ \t]+(?:{PARTICLE}|{CAP}|[^\W\d]+)){{0,4}},?[ \t]+\d{{1,5}}[A-Za-z]?(?:[/-]\d{{1,5}})?"
    rf"|\d{{1,5}}[A-Za-z]?[ \t]+{CAP}(?:[ \t]+(?:{PARTICLE}|{CAP})){{0,4}})"
    r"[ \t]*(?:,[ \t]*\n?|\n)[ \t]*$"
)
TOWN_STATE_CODE = re.compile(
    r"[ \t]*,[ \t]*[^\W\d][^,\n\d]{0,40},[ \t]*[A-Z]{2,4}\.?[ \t]+\d{4,6}(?:-\d{3,4})?\b"
)
"""", San Benjamín los bajos, NAY 86804": a town with lower-case words, a state, a code."""
UNIT_BEFORE = re.compile(rf"(?:{UNIT.pattern}|{WEAK_UNIT.pattern})[ \t]*,?[ \t]*$")
"""A unit or level written before the street: "Level 8 97 Walton Way"."""
CUED_STREET = re.compile(
    rf"{CAP}(?:[ \t]+(?:{PARTICLE}|{CAP})){{0,3}}[ \t]+\d{{1,5}}[A-Za-z]?(?:/\d{{1,5}})?\b(?![.,:]\d)"
)
"""A street with no type word ("Mierová 282"), counted right after "deliver to", "address:"."""
TOWN_BEFORE = re.compile(rf"{CAP}(?:[ \t-]{CAP}){{0,3}}[ \t]*,?[ \t]*$")


def _grow(text: str, end: int, codes: dict[int, tuple[int, str]]) -> int:
    """The block's end, taken over boxes, rural routes and interior numbers, then extended
    by ``addresses.py``'s rules from there."""
    for _ in range(6):
        sep = PIECE_SEP.match(text, end)
        p = sep.end() if sep else end
        piece = (
            INTERIOR.match(text, p)
            or RURAL.match(text, p)
            or PO_BOX.match(text, p)
            or TOWN_STATE_CODE.match(text, end)
        )
        if not piece:
            return end
        end, _ = _extend(text, piece.end(), codes)
        end = max(end, piece.end())
    return end


def _street_before(text: str, start: int) -> int:
    """Where a block led by a postcode really starts: over the town and street before it."""
    window = text[max(0, start - 40) : start]
    town = TOWN_BEFORE.search(window)
    s = start
    if town and _city_like(town.group().split()[0].split("-")[0].rstrip(",")):
        s -= len(window) - town.start()
    window = text[max(0, s - 80) : s]
    m = STREET_BEFORE.search(window)
    if not m:
        return start
    first = re.search(CAP, m.group())
    word = first.group().split("-")[0] if first else ""
    # an all-capitals street name ("7 V.PLOTNİKOV, AZ2136 Şirvan") is a street before a code
    if (
        first
        and not _city_like(word)
        and not (word.isupper() and len(re.sub(r"\W", "", word)) >= 5)
    ):
        return start
    s -= len(window) - m.start()
    unit = UNIT_BEFORE.search(text[max(0, s - 30) : s])
    return s - len(unit.group()) if unit else s


def full_address_spans(text: str) -> list[tuple[int, int, float, str]]:
    codes = {s: (e, k) for s, e, k in candidates(text)}
    cue = bool(ADDRESS_CUE.search(text))
    spans = [list(x) for x in address_spans(text)]
    spans += [[s, e, 0.6, why] for s, e, why in form_spans(text)]
    spans += [[s, e, 0.6, why] for s, e, why in local_spans(text)]
    spans += [[s, e, 0.6, why] for s, e, why in more_spans(text)]
    for m in PO_BOX.finditer(text):
        if m.group()[:3] not in ("Box", "CP ", "BP ") or cue or BOX_CUE.search(text[: m.start()]):
            spans.append([m.start(), m.end(), 0.6, "post office box"])
    for s, e in weak_street_spans(text):
        if ADDRESS_CUE.search(text[max(0, s - 40) : s]):
            spans.append([s, e, 0.6, "street after an address cue"])
    for m in CUED_STREET.finditer(text):
        before = text[max(0, m.start() - 30) : m.start()]
        if (
            ADDRESS_CUE.search(before)
            and re.search(r"(?:\b(?:to|at|is)|:)\s*$", before)
            and re.match(r"[ \t]*(?:[,;\n]|\.?$)", text[m.end() :])
            and street_word(m.group().split()[0].split("-")[0])
        ):
            spans.append([m.start(), m.end(), 0.6, "name and number after an address cue"])
    for sp in spans:
        sp[1] = _grow(text, max(sp[1], _extend(text, sp[1], codes)[0]), codes)
        if re.match(r"(?:[A-Z]{1,2}[ -]?)?\d", text[sp[0] : sp[0] + 4]):  # "AZ3479 Sumqayıt"
            sp[0] = _street_before(text, sp[0])
    spans += [[s, e, 0.6, why] for s, e, why in lane_spans(text, spans)]
    spans.sort()
    merged: list[list[Any]] = []
    for sp in spans:
        if merged and sp[0] <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], sp[1])
        else:
            merged.append(sp)
    return [(s, e, score, why) for s, e, score, why in merged]


class FullAddressRecognizer(SpanRecognizer):
    ENTITY, NAME = "STREET_ADDRESS", "AddressRecognizer"

    def warm(self) -> None:
        from .addresses import _pyap

        _pyap()

    def spans(self, text: str) -> list[tuple[int, int, float, str]]:
        return full_address_spans(text)
