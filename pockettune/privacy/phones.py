"""Phones that ``phonenumbers`` cannot place: short local numbers, odd groupings, extensions.

``phonenumbers`` needs a number valid or possible in a region it is told about, so a 7-digit
local number ("739-9722"), a Swedish "08-22 01 11", an Austrian "+43 365562188365" or a US
number with an extension ("588.881.5835x840") slip through. People write such numbers in two
places that say what they are, and only those count here:

- right after a phone cue ("Mobile:", "M:", "Tel", "call me on", "contact number",
  "ring the office on"), in any of the cue languages;
- alone on their line, maybe after a short label and before a " | " separator, as in a
  forwarded contact card or an e-mail signature;
- (fresh6 fixes) the last field of a list line, after " - " ("2. Вера Нестерова - 8 (576)
  118-2102"), or in brackets right after a word ("spoke to Ульян Зуев (84821433550)").

An extension after the number ("x123", "ext. 45") is part of it. Order, error and ticket
numbers (``DOCUMENT_NUMBER_CONTEXT``), dates, IP-shaped and amount-shaped numbers are not.
"""

from __future__ import annotations

import re

from .document_numbers import DOCUMENT_NUMBER_CONTEXT, money_like
from .span_recognizer import SpanRecognizer

NUMBER = re.compile(
    r"(?<![\w+.,/-])\+?(?:\(\+?\d{1,5}\)[ \t.-]?)?\d(?:[ \t]?[()./-]?[ \t]?\d){4,17}"
    r"(?:[ \t]*(?:x|ext\.?|extension|poste|Durchwahl|anexo)[ \t]*\d{1,5})?(?![\w]|[.,/-]\d)"
)
"""A phone-shaped run: digits with spaces, dots, dashes or brackets, maybe an extension."""
LABEL = (
    r"(?i:m|t|p|f|h|w|o|tel|tél|tlf|tfn|ph|phone|mob|mobile|cell|telefon|telefone|teléfono"
    r"|telefono|téléphone|portable|handy|mobil|móvil|celular|fax|direct|office|home|work"
    r"|work phone|home phone|cellulaire|cell\.|mobilnummer|mobiltelefon)"
)
LINE = re.compile(rf"(?:^|\n|[·•|])[ \t]*(?:{LABEL}\.?[ \t]*[:.]?[ \t]*)?$")
LINE_END = re.compile(r"[ \t]*(?:$|\n|\||[·•]|[,;/][ \t]*\S+@|\s+[-–][ \t]|\s*\|)")
"""A number alone on its line, or in a field of a "·" or "|" separated contact line
("Ana Reyes · ana@x.com · 437 56 939 · Oslo")."""
TRUNK = re.compile(r"(?<![\w+])\+\d{1,3}[ \t]?\(0\)[ \t]?\d(?:[ \t./-]?\d){5,12}(?![\w]|[.,-]\d)")
"""A country code and the national trunk zero in brackets ("+32(0)931-080900", "+41 (0)67
193 70 02"): a way of writing that only phone numbers have."""
CUE = re.compile(
    rf"(?:\b(?:call|ring|text|phone|dial|reach|contact|whatsapp|sms|number|nummer|numéro"
    rf"|número|numero|mobile|cell|tel|telefon|telefonu|handy|portable|móvil|celular|cellulare"
    rf"|teléfono|téléphone|telefono|telefonnummer|telefónne|puhelin|puhelinnumero|telefonszám"
    rf"|telefone|telefoon|mobiel|mobil|mobilnummer|telefonnummer|anrufen|appelle|llama"
    rf"|llámame|zadzwoń|ligue|zavolaj|soita|hívj|sună|ring|ringe|tlf|tfn|cell\.|ph"
    # fresh4 fixes: "I'm on", Icelandic, Irish, Greek, Catalan cues, a vCard's "TEL;CELL:"
    rf"|i['’]m|i am|sími|símanúmer|farsími|hringdu|fóin|fón|fón póca|τηλ|τηλέφωνο|κινητό"
    rf"|telèfon|mòbil|truca'm|truqueu|síma|síminn|símann|erreichbar"
    rf"|questions|enquiries|inquiries|queries|hotline|helpline)\b\.?"
    rf"|(?:^|\n|\|)[ \t]*(?:{LABEL}|TEL(?:;[\w=-]+)+)\.?)"
    r"[ \t]*[:.]?(?:[ \t]+(?:me|us|him|her|them|the|office|shop|him|on|at|to|is|it's|es|est"
    r"|ist|el|le|la|unter|au|al|na|på|pe|op|under|number|nummer|now|back|anytime|from|a|mi|mě|mig|mej|minn|er|í))"
    r"{0,4}[ \t]*[:.]?[ \t]*$",
    re.IGNORECASE,
)
LIST_FIELD = re.compile(r"(?:^|\n)[^\n]*[^\W\d_][^\n]*[\w’'.,)][ \t]+[-–—][ \t]+$")
"""A number after " - " at the end of a list line with words on it: "Петр - наб. 9 мая, д. 3 -
8 347 243 82 60"."""
BRACKETED = re.compile(r"[^\W\d_][\w’']*[ \t]*\([ \t]*$")
"""A number in brackets after a name: "Родион Богданова (84821433550)"."""
SIGNATURE_END = re.compile(r"[ \t]*[|·][ \t]*[\w.+-]+@")
NOT_A_PHONE = re.compile(
    r"(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d\d-\d\d|\d{1,3}(?:\.\d{1,3}){3}"
    r"|\d{1,3}(?:[.,]\d{3})+(?:[.,]\d\d)?)"
)
"""Dates, IPv4 addresses and amounts ("1.234.567")."""
NOT_A_PHONE_CUE = re.compile(
    r"(?:#|\b(?:account|customer|member|membership|policy|reference|confirmation|booking"
    r"|reservation|claim|seat|tracking|kunden|konto|compte|cuenta|client)[ \t]+"
    r"(?:number|no\.?|nr\.?|nummer|numéro|número|id)?[ \t]*[:#]?)[ \t]*$",
    re.IGNORECASE,
)
"""Numbers that a cue says are not phones: "#524663786", "account number 12345678"."""


def phone_spans(text: str) -> list[tuple[int, int, float, str]]:
    out = [(m.start(), m.end(), 0.6, "country code and (0)") for m in TRUNK.finditer(text)]
    for m in _numbers(text):
        value, before = m.group(), text[: m.start()]
        digits = re.sub(
            r"\D", "", re.split(r"[ \t]*(?:x|ext|extension|poste|Durch|anexo)", value)[0]
        )
        cued = bool(CUE.search(before[-60:]))
        if not 6 <= len(digits) <= 15 or NOT_A_PHONE.fullmatch(value):
            continue  # six digits (Luxembourg's "26 48 13") after a cue or in a signature
        if DOCUMENT_NUMBER_CONTEXT.search(before) or NOT_A_PHONE_CUE.search(before):
            continue
        if money_like(text, m.start(), m.end()):
            continue
        if cued:
            out.append((m.start(), m.end(), 0.5, "number after a phone cue"))
        elif len(digits) == 6 and not SIGNATURE_END.match(text, m.end()):
            continue  # six digits alone: only in a signature with an e-mail after them
        elif LINE.search(before[-30:]) and LINE_END.match(text, m.end()):
            out.append((m.start(), m.end(), 0.5, "number alone on its line"))
        elif LIST_FIELD.search(before[-80:]) and re.match(r"[ \t]*(?:\n|$)", text[m.end() :]):
            out.append((m.start(), m.end(), 0.5, "number ending a list line"))
        elif BRACKETED.search(before[-40:]) and re.match(r"[ \t]*\)", text[m.end() :]):
            out.append((m.start(), m.end(), 0.5, "number in brackets after a name"))
    return out


def _numbers(text: str) -> list[re.Match[str]]:
    """Phone-shaped runs, and the part after a spaced dash inside one: "д. 37 к. 74 - 8 (811)
    329-16-39" is a house and a phone, not one 13-digit number."""
    out = []
    for m in NUMBER.finditer(text):
        out.append(m)
        dash = list(re.finditer(r"[ \t][-–][ \t]+", m.group()))
        tail = NUMBER.match(text, m.start() + dash[-1].end()) if dash else None
        out += [tail] if tail else []
    return out


class LinePhoneRecognizer(SpanRecognizer):
    ENTITY, NAME = "PHONE_NUMBER", "LinePhoneRecognizer"

    def spans(self, text: str) -> list[tuple[int, int, float, str]]:
        return phone_spans(text)
