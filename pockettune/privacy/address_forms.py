"""More countries' ways of writing a street, and an address typed as an answer (issue #41,
after the fresh2 split's first measurement).

- Colombian (and other Latin American) grid addresses: a street type, the street's number
  or name, then "#" or "No." and the building's "N-N": "Calle 9G # 24-9", "Cr. 135C # 21-47
  Este", "Av. carrera 80 # 3Z-95", "Avenida Fonseca # 13-22", "Calle 182 Bis N° 4296";
- Azerbaijani: district, village and street parts ending in their type words ("Quba ray.",
  "Mürsəl kəndi", "HACI MURAD küçəsi", "ÇAPAYEV pr.") and the building and flat numbers
  after them ("b. 2, m. 097");
- a street type in lower case before a name and a number, as Swiss and Belgian French
  write it ("rue Marty 69", "chemin Cossy 964", "boulevard de Carraux 6");
- a short line that answers a line asking for an address ("And the first line of the
  address?\\nMe: Largo de Anjos, S/N"), if it holds a number or starts with a street type.
"""

from __future__ import annotations

import re

from .postcodes import answers
from .streets import CAP, FRENCH_TYPES, NUM, PARTICLE, UP, first_types

GRID_TYPES = (
    r"Calle|Cl\.|Cll\.|Carrera|Cra\.?|Cr\.|Kr\.?|Kra\.?|Transversal|Tv\.|Tr\.|Diagonal|Dg\.|Diag\."
    r"|Avenida(?:[ \t]+(?:[Cc]alle|[Cc]arrera))?|Av\.?(?:[ \t]+(?:[Cc]alle|[Cc]arrera))?|Ak\.?|Ac\.?"
    r"|Autopista|Circular|Circunvalar"
)
GRID = re.compile(
    rf"(?<![\w.])(?:{GRID_TYPES})[ \t]+(?:[\w'’.ªº]+[ \t]+){{0,4}}?"
    r"(?:#|[Nn][º°o]\.?)[ \t]*\d{1,5}[A-Z]?(?:[ \t]*-[ \t]*\d{1,4}[A-Z]?)?"
    r"(?:[ \t]+(?:Este|Sur|Norte|Oeste|Bis))?\b"
)
AZ_PART = (
    r"(?:ray\.|rayonu|şəhəri|ş\.|kəndi|k\.|qəs\.|qəsəbəsi|küçəsi|küç\.|prospekti|pr\.|döngəsi"
    r"|dalanı|meydanı|şossesi|massivi|mikrorayonu|mkr\.)"
)
AZ_WORDS = rf"[{UP}Ə\d][\w'’.*-]*(?:[ \t]+[\w'’.*-]+){{0,3}}?[ \t]+"
AZ_ADDRESS = re.compile(
    rf"(?<![\w.])(?:{AZ_WORDS}{AZ_PART},[ \t]*){{0,3}}{AZ_WORDS}"
    r"(?:küçəsi|küç\.|prospekti|pr\.|döngəsi|dalanı|meydanı|şossesi)"
    r"(?:,[ \t]*(?:b\.|bina)[ \t]*\d{1,4}\w?)?(?:,[ \t]*(?:m\.|mənzil)[ \t]*\d{1,4}\w?)?"
    r"(?![\w])"
)
LOWER_TYPE_FIRST = re.compile(
    rf"(?<![\w.])(?:{FRENCH_TYPES})[ \t]+(?:{PARTICLE}[ \t]+)*{CAP}"
    rf"(?:[ \t]+(?:{PARTICLE}[ \t]+)*{CAP}){{0,2}}[ \t]+(?!(?:19|20)\d\d\b){NUM}\b"
)
ADDRESS_ASKED = re.compile(
    r"\b(?:address|street|house number|adresse|dirección|endereço|morada|adres|adresa"
    r"|indirizzo|ünvan|adressen|osoite|cím)\b",
    re.IGNORECASE,
)
ANSWER = re.compile(r"[^\n@]{3,60}")


def _street_shaped(value: str) -> bool:
    """Starts with a number or a capital (not "I'll ..."), and holds at most one lower-case
    word besides particles and street types ("Kozarčev vijenac 0b", "rue Marty 69")."""
    words = re.findall(r"(?<!\w)[^\W\d_][\w'’.-]*", value)
    if not re.match(rf"[\d{UP}]", value) or (words and re.fullmatch(r"I(?:['’]\w+)?", words[0])):
        return False
    lower = [
        w
        for w in words
        if w[:1].islower() and not re.fullmatch(rf"{PARTICLE}|(?:{FRENCH_TYPES})", w)
    ]
    return len(lower) <= 1


def form_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, why) of the streets of these forms in ``text``."""
    out = [(m.start(), m.end(), "grid address (# N-N)") for m in GRID.finditer(text)]
    out += [(m.start(), m.end(), "Azerbaijani address") for m in AZ_ADDRESS.finditer(text)]
    out += [(m.start(), m.end(), "type, name, number") for m in LOWER_TYPE_FIRST.finditer(text)]
    for m in re.finditer(r"(?m)^[ \t]*(?:[^\W\d][\w .'-]{0,14}:[ \t]*)?", text):
        if not m.start():
            continue
        answer = ANSWER.match(text, m.end())
        if not answer or len(answer.group().split()) > 8:
            continue
        s, e = (
            answer.start(),
            answer.end() - (len(answer.group()) - len(answer.group().rstrip(" \t.!?"))),
        )
        value = text[s:e]
        if not (
            re.search(r"\d", value)
            or re.match(rf"(?:{first_types()}|(?i:{FRENCH_TYPES}))\b", value)
        ):
            continue
        if re.fullmatch(r"[\d:.hapm ]+|\+?[\d ()./-]+", value):
            continue  # a time or a bare number: a postcode has its own rule
        if not _street_shaped(value):
            continue
        if answers(text, s, e, ADDRESS_ASKED):
            out.append((s, e, "answer to an address question"))
    return out
