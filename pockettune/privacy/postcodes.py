"""Postcodes of many countries, found in free text with the rules of ``postalcheck``.

``postalcheck`` (MIT, no dependencies) transcribes the ``zip`` pattern of each of the 182
countries in Google's libaddressinput data and validates a code you already have. Here a
code-shaped token of the text (one or two chunks of capitals and digits) is that code:

- a code with letters valid in a country whose codes carry letters (UK ``SW1A 1AA``,
  Ireland's Eircode ``D02 X285``, Canada ``K1A 0B1``, the Netherlands ``1234 AB``) is
  distinctive enough to be a postcode on its own;
- an all-digit code (``75008``, ``00-950``, ``01310-100``, ``110001``) is a number like any
  other until something says it is a postcode: a cue before it ("postcode", "ZIP", "PLZ",
  "code postal", "CEP", "kod pocztowy", ...), an address it belongs to (``addresses.py``
  extends a street over it), or a city name next to it ("75008 Paris", "Bhopal 690743").
"""

from __future__ import annotations

import re
from functools import lru_cache

TOKEN_START = re.compile(r"(?<![\w/.,:#])(?<!\d-)(?=[A-Z0-9])")
TWO_CHUNKS = re.compile(r"[A-Z0-9]{2,8}[ -][A-Z0-9]{2,4}(?![\w/]|[.,:-]\d)")
ONE_CHUNK = re.compile(r"[A-Z0-9]{2,8}(?![\w/]|[.,:-]\d)")
"""A token of capitals and digits, or two joined by a space or a dash."""
DIGITS = re.compile(r"\d{4,8}|\d{2}-\d{3}|\d{3} \d{2}|\d{4,5}-\d{3,4}")
"""The shapes of all-digit postcodes: 4-6 digits, CL 7 digits, BR 8 digits, PL 00-950, SE 123 45, BR/PT/US
ZIP+4."""
LETTER_COUNTRIES = ("GB", "GG", "JE", "IM", "IE", "CA", "NL")
"""Countries whose codes mix letters and digits in a shape few other tokens have (not Malta:
its "ABC 1234" is the shape of invoice and product codes)."""
DIGIT_COUNTRIES = (
    "US", "FR", "DE", "ES", "IT", "PL", "BR", "PT", "IN", "AU", "VN", "NL", "AT", "CH", "BE",
    "SE", "DK", "NO", "FI", "CZ", "MX", "JP", "RO", "GR", "HU", "RU", "UA", "TR", "ZA", "NZ",
    "CL",
)  # fmt: skip
PREFIXED = re.compile(r"(?:[A-Z]{1,2}-\d{4,5}|[A-Z]{2}-\d{3} ?\d{2})(?![\w/]|[.,:-]\d)")
"""A postcode led by its country's code, as Europe writes it on letters ("LT-70157", "LV-5510",
"CH-8001", "SE-114 55", "D-10115")."""
OFFICIAL_PREFIXED = re.compile(r"LT-\d{5}|LV-\d{4}")
"""Lithuania and Latvia write the prefix as part of the code itself: a postcode on its own."""
PREFIXES = {
    "A", "B", "D", "F", "H", "I", "L", "P", "S", "AT", "BE", "BG", "CH", "CY", "CZ", "DE", "DK",
    "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IT", "LI", "LU", "MC", "NL", "NO", "PL", "PT",
    "RO", "SE", "SI", "SK",
}  # fmt: skip
POSTCODE_CUE = re.compile(
    r"(?:post ?code|postal code|zip(?: ?code)?|eircode|pin ?code|code postal|\bcp|plz|postleitzahl"
    r"|código postal|c\.p\.|\bcap|codice postale|kod pocztowy|\bcep|mã bưu chính|mã bưu điện"
    r"|postnummer|postinumero|irányítószám|poštanski broj|poçt indeksi"
    # fresh4 fixes: Icelandic, Irish, Catalan, Greek ("Τ.Κ. 546 21")
    r"|póstnúmer|cód poist|codi postal|ταχυδρομικός κώδικας|\bτ\.?\s?κ\.?"
    r")\s*(?:is|was|es|est|è|é|ist|to|là|:|=)?\s*:?\s*$",
    re.IGNORECASE,
)
DELIVERY_CUE = re.compile(
    r"\b(?:deliver(?:y)? to|ship(?:ping)? to|send (?:it |them )?to|post (?:it )?to"
    r"|livrez(?:-vous)? à|livraison à|liefern (?:Sie )?nach|lieferung nach|envían a|entregan en"
    r"|bezorgen (?:jullie )?in|leverer (?:dere )?til|dostavljate u)\s*$",
    re.IGNORECASE,
)
"""A delivery area: "do you deliver to 2204?". The code must end the clause, so "send it to
1200 customers" is a number of people."""
POSTCODE_WORD = re.compile(
    r"post ?code|postal code|zip|eircode|code postal|\bplz\b|postleitzahl|código postal|\bcep\b"
    r"|codice postale|kod pocztowy|postnummer|postinumero|poštanski broj|poçt indeksi"
    r"|póstnúmer|cód poist|codi postal|ταχυδρομικός κώδικας",
    re.IGNORECASE,
)
ANSWER_LINE = re.compile(r"[ \t]*(?:[^\W\d][\w .'-]{0,14}:[ \t]*)?$")
"""The start of a line that answers the line before, maybe after a speaker ("Me: ")."""


@lru_cache(maxsize=1)
def _letter_rule() -> re.Pattern[str]:
    from postalcheck._countries import RULES  # the per-country libaddressinput patterns

    return re.compile("|".join(f"(?:{RULES[c].pattern.pattern})" for c in LETTER_COUNTRIES))


@lru_cache(maxsize=4096)
def kind(code: str) -> str | None:
    """ "letters" for a distinctive code with letters, "digits" for an all-digit code valid in
    one of ``DIGIT_COUNTRIES``, None for anything else."""
    import postalcheck

    if re.fullmatch(r"AZ ?\d{4}", code):
        return "digits"  # Azerbaijan writes "AZ 1000"; a flight number looks the same
    if OFFICIAL_PREFIXED.fullmatch(code):
        return "letters"
    head, _, tail = code.partition("-")
    if tail and head in PREFIXES and re.fullmatch(r"\d{4,5}|\d{3} ?\d{2}", tail):
        return "digits"  # "CH-8001 Zürich": a postcode next to a town or after a cue
    compact = re.sub(r"[ -]", "", code)
    if not any(c.isdigit() for c in compact):
        return None
    if not compact.isdigit():
        return "letters" if _letter_rule().fullmatch(compact) else None
    if not DIGITS.fullmatch(code):
        return None
    return "digits" if any(postalcheck.is_valid(c, code) for c in DIGIT_COUNTRIES) else None


def candidates(text: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) of each postcode-shaped token, tried at every token start as two
    chunks, then one ("NB N6E 4M8": "N6E 4M8"; "75008 2024": "75008")."""
    out: list[tuple[int, int, str]] = []
    for start in TOKEN_START.finditer(text):
        p = start.start()
        if out and p < out[-1][1]:
            continue
        for rx in (PREFIXED, TWO_CHUNKS, ONE_CHUNK):
            m = rx.match(text, p)
            k = kind(m.group()) if m else None
            if m and k:
                out.append((p, m.end(), k))
                break
    return out


def cued(text: str, start: int, end: int | None = None) -> bool:
    """A postcode cue ends right before ``start`` ("my postcode is ", "PLZ: "), or the
    code alone answers a line that asks for a postcode ("Please confirm the postcode.\nMe:
    6398-075")."""
    if POSTCODE_CUE.search(text[max(0, start - 40) : start]):
        return True
    if end is None:
        return False
    if DELIVERY_CUE.search(text[max(0, start - 40) : start]) and re.match(
        r"[ \t]*(?:[?.!,;)\n]|$)", text[end:]
    ):
        return True
    return answers(text, start, end, POSTCODE_WORD)


def answers(text: str, start: int, end: int, asked: re.Pattern[str]) -> bool:
    """``text[start:end]`` is all of its line (after a speaker label) and the line before
    it holds ``asked``."""
    line_start = text.rfind("\n", 0, start) + 1
    if not line_start or not ANSWER_LINE.fullmatch(text, line_start, start):
        return False
    if not re.match(r"[ \t.!?]*(?:\n|$)", text[end:]):
        return False
    previous = text[text.rfind("\n", 0, line_start - 1) + 1 : line_start - 1]
    return bool(asked.search(previous))
