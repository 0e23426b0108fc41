"""Street addresses of many countries: a street, a unit or a postcode, extended over the rest
of the address (units, cities, states, postcodes) that follows it.

An address in a chat message is a block: "385 Galloway Knolls Apt. 962, Michaelburgh, MO
57553", "Wesackstraße 26-83\\n66907 Werdau", "plac Batalionów Chłopskich 763, 13-500
Bydgoszcz". Anchors start a block:

- streets in the forms of ``streets.py`` (US/UK/IE/IN/AU numbers first with the USPS street
  types ``pyap2`` carries; French "8, avenue ..."; Romance and Polish types first "Via Roma
  10"; German and Dutch compounds "Lindenweg 12a"; Vietnamese "Số 6 đường ...");
- ``pyap2``'s full US/CA/UK address patterns (MIT, pure regex; shipped compiled, see
  ``precompiled.py``), run on the original text (pyap's own ``parse`` rewrites the text
  first, so its offsets would drift) and trimmed to start at a number or unit;
- a unit ("Apt 3B", "Flat 7", "Wohnung 4", "Appartamento 47");
- a postcode (``postcodes.py``): one with letters on its own, an all-digit one after a cue
  ("my postcode is") or next to a city ("75008 Paris", "Bhopal 690743").

From an anchor the block extends over separators (comma, line break, dash, slash) and pieces
that only an address has in that place: a unit, a postcode, a state code ("MO", "NSW"), a
province "(FE)", a Vietnamese ward or district ("phường Long Bình"), a place name. It stops at
a lower-case word, a cue such as "Tel:", or the end of the sentence, so a postcode after a
street is redacted with it, and what follows the address is not.
"""

from __future__ import annotations

import re
from typing import Any

from .postcodes import candidates, cued
from .streets import (
    CALENDAR,
    CAP,
    PARTICLE,
    UNIT,
    UNIT_WORDS,
    WEAK_UNIT,
    street_at,
    street_spans,
    weak_street_spans,
)

SEP = re.compile(r"[ \t]*(?:[,;/–-][ \t]*)?(?:\n[ \t]*)?")
STATE = re.compile(r"[A-Z]{2,3}\b(?![.:'’]|\s*\d{1,3}\b(?!\s*\d))")
PROVINCE = re.compile(r"\([A-Z]{2}\)")
ADMIN = re.compile(
    r"(?i:phường|quận|huyện|xã|thị xã|thị trấn|thành phố|tp\.|tỉnh|khu phố|ấp|thôn)\s+"
    rf"(?:\d{{1,3}}\b|{CAP}(?:\s+{CAP}){{0,3}})"
)
PLACE = re.compile(
    rf"(?:'s-)?{CAP}(?:(?:[ -]|[ -]{PARTICLE}[ -]){CAP}){{0,3}}(?:[ \t]\d{{1,2}}(?![\d:.,]\d))?"
)
"""A town, with a postal district if it has one ("Dublin 4", "Wien 3")."""
FLOOR = re.compile(
    r"(?i:scala|interno|int\.|piano|piso|puerta|planta|escalera|esc\.|portal|étage|bloco|bloque"
    r"|apto\.?|sala|lote|staircase|floor|fl\.|level|block|bldg\.?|tower|wing)[ \t]*"
    r"(?:no\.?[ \t]*)?[0-9A-Z]{1,4}\b"
)
"""Floor, staircase and door inside an address, any case ("scala B, interno 7")."""
STOP = {
    "tel", "tél", "telefon", "teléfono", "telefono", "telefone", "phone", "mobile", "mob",
    "cell", "fax", "email", "e-mail", "mail", "thanks", "thank", "regards", "best", "cheers",
    "please", "note", "ps", "i", "and", "but", "or", "so", "if", "when", "the", "my",
}  # fmt: skip
"""Capitalized words that end an address ("Tel: ...", "Thanks, Anna")."""
ADDRESS_CUE = re.compile(
    r"\b(?:address|live[sd]?|living|ship(?:ping)?|deliver(?:y|ed)?|send (?:it|them) to|moved"
    r"|post(?:al)? ?code|zip|adresse|wohne|lieferung|dirección|vivo|envío|indirizzo|abito"
    r"|spedire|spedisci|adres|woon|bezorg|mieszkam|endereço|moro|entrega|địa chỉ|giao hàng"
    r"|sống|parcel|package|colis|paket|paquete|pacco|pakket|paczka|pacote)\b",
    re.IGNORECASE,
)


def _pyap() -> tuple[re.Pattern[str], ...]:
    """pyap2's US, CA and GB full-address patterns (shipped precompiled: precompiled.py)."""
    from .precompiled import pyap_patterns

    return pyap_patterns()


def _pyap_anchors(text: str) -> list[tuple[int, int]]:
    """pyap2's full-address matches, trimmed to start at a number or a unit and to end at
    a word; kept only as whole tokens ("GB47PN..." inside an IBAN is not an address)."""
    if not re.search(r"\d", text):
        return []
    out = []
    for rx in _pyap():
        for m in rx.finditer(text):
            head = re.search(rf"\d|{UNIT_WORDS}", m.group())
            if not head:
                continue
            s, e = m.start() + head.start(), m.end()
            while e > s and not text[e - 1].isalnum():
                e -= 1
            if (s and text[s - 1].isalnum()) or (e < len(text) and text[e].isalnum()):
                continue
            out.append((s, e))
    return out


def _city_like(word: str) -> bool:
    from .lexicon import lexicons

    _, _, places, common = lexicons()
    lower = word.lower()
    if lower in STOP or lower in CALENDAR or not word[:1].isupper():
        return False
    if not word.replace("-", "").replace("'", "").isalpha() or word.isupper():
        return False  # "DE89", "SSN", "PIN": codes and acronyms, not towns
    return word in places or lower not in common


def street_word(word: str) -> bool:
    """Could start a street name: capitalized, not a common word, not a town."""
    from .lexicon import lexicons

    return _city_like(word) and word not in lexicons()[2]


def _extend(text: str, end: int, codes: dict[int, tuple[int, str]]) -> tuple[int, bool]:
    """Where the block that ends at ``end`` really ends, and whether it took a postcode."""
    pos = last = end
    postcode = False
    for _ in range(10):
        sep = SEP.match(text, pos)
        p = sep.end() if sep else pos
        if p == pos and pos != end and text[pos : pos + 1] not in ("(",):
            break
        if p in codes:
            pos = last = codes[p][0]
            postcode = True
            continue
        piece = (
            UNIT.match(text, p)
            or WEAK_UNIT.match(text, p)
            or FLOOR.match(text, p)
            or street_at(text, p)
            or ADMIN.match(text, p)
            or PROVINCE.match(text, p)
            or STATE.match(text, p)
        )
        if piece:
            pos = last = piece.end()
            continue
        place = PLACE.match(text, p)
        if not place or not _city_like(place.group().split()[0].split("-")[-1].strip("'.")):
            break
        if re.match(r"\s*:", text[place.end() :]):
            break
        pos = place.end()
        if re.match(r"[ \t]*(?:[,.;!?)\n]|$)", text[pos:]) or (p - 1 in codes or postcode):
            last = pos
    return last, postcode


def address_spans(text: str) -> list[tuple[int, int, float, str]]:
    """(start, end, score, why) of each address block in ``text``."""
    codes = {s: (e, k) for s, e, k in candidates(text)}
    anchors: list[tuple[int, int, bool, str]] = []  # start, end, strong, why
    anchors += [(s, e, True, "street") for s, e in street_spans(text)]
    anchors += [(s, e, False, "street name") for s, e in weak_street_spans(text)]
    anchors += [(m.start(), m.end(), True, "unit") for m in UNIT.finditer(text)]
    anchors += [(m.start(), m.end(), False, "unit") for m in WEAK_UNIT.finditer(text)]
    anchors += [(s, e, True, "pyap2 address") for s, e in _pyap_anchors(text)]
    cue = bool(ADDRESS_CUE.search(text))
    for s, (e, k) in codes.items():
        if k == "letters" or cued(text, s, e):
            anchors.append((s, e, True, "postcode"))
        elif _next_to_city(text, s, e, cue):
            anchors.append((s, e, True, "postcode next to a city"))
    blocks = []
    for s, e, strong, why in anchors:
        end, took_code = _extend(text, e, codes)
        blocks.append([s, end, strong or took_code, why])
    blocks.sort()
    merged: list[list[Any]] = []
    for b in blocks:
        if (
            merged
            and b[0] <= merged[-1][1]
            or merged
            and SEP_ONLY.fullmatch(text[merged[-1][1] : b[0]])
        ):
            merged[-1][1] = max(merged[-1][1], b[1])
            merged[-1][2] = merged[-1][2] or b[2]
            continue
        merged.append(list(b))
    return [(s, e, 0.6, why) for s, e, strong, why in merged if strong]


SEP_ONLY = re.compile(r"[ \t]*[,;]?[ \t]*\n?[ \t]*")


def _next_to_city(text: str, s: int, e: int, cue: bool) -> bool:
    """An all-digit postcode with a city right after or before it ("75008 Paris", "Bhopal
    690743", "Tarragona, 30188"); a year-like number needs an address cue in the message."""
    code = text[s:e]
    if re.fullmatch(r"(?:19|20)\d\d", code) and not cue:
        return False
    if ADMIN.match(text, e + len(text[e:]) - len(text[e:].lstrip(" \t,"))):
        return True  # "92679 TP. Hải Phòng", "47287 thành phố Huế"
    after = re.match(rf"[ \t]*[\n,]?[ \t]*({CAP})", text[e:])
    before = re.search(rf"({CAP})[ \t]*[,-]?[ \t]*$", text[max(0, s - 40) : s])
    # a town at a sentence end keeps its full stop in CAP ("2204 Næss. parking ...")
    return any(m and _city_like(m.group(1).split("-")[0].rstrip(".")) for m in (after, before))
