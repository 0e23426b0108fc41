"""Addresses written in their own script inside English text, Russian house blocks and
postcodes, Chinese roads and Ghanaian GhanaPostGPS codes (after the Faker fresh6 split's
first measurement, results/privacy-fresh6-first.md). ``addresses.py`` anchors on Latin
street types and capitals; these forms have neither:

- a run of words of a script other than Latin, Cyrillic or CJK (Arabic, Indic, Thai,
  Armenian) joined to numbers by spaces, commas, hyphens or line breaks, in a message
  mostly in Latin letters: a house number and a street ("1104 هنری تقاطع سوئیت 408",
  "15/724 पिल्लई", "41 หมู่ 13 ถนนบุญบำรุง ตำบล..."), a holding and a village
  ("বাসা নং ৮৪৮, নতুন নন্দীখালি"), a street and its number ("Սարյան 13, բն. 78"), a town
  and its postcode ("अजमेर-988279", "ขอนแก่น 21670"). In English text, a number next to
  words of another script is an address far more often than anything else; with no
  number the words are left to the name rules;
- Russian house blocks after the house: "д. 8/3 стр. 7/1", "д. 69 к. 6", "корп. 2", and
  the 6-digit postcode after them (", 493840"); a street named with a number ("ул. 40 лет
  Победы", "наб. 9 мая"); a settlement and its postcode ("г. Клин 114630", "д. Октябрьский
  (Башк.) 915287");
- Chinese roads and streets with a number or a building letter ("马鞍山路B座", "中山路12号"),
  maybe after the province, city and district, and a place ending in 省/市/县/区/镇 before a
  6-digit postcode ("嘉禾县 182302");
- GhanaPostGPS codes, two letters, three or four digits and four digits ("GA-543-0622"),
  after a comma-separated address or a postcode cue.
"""

from __future__ import annotations

import re

from .lexicon import fold, lexicons
from .names_caseless import _latin_share
from .span_recognizer import SpanRecognizer

SCRIPT = r"\u0530-\u058f\u0600-\u06ff\u0750-\u077f\u0900-\u0dff\u0e00-\u0e7f"
"""Armenian, Arabic (Persian), the Indic scripts and Thai."""
WORD = rf"[{SCRIPT}][{SCRIPT}\u200c\u200d’'.]*"
NUMBER = r"\d{1,10}(?:/\d{1,6})?(?![\d:]|[.,]\d)"
SEP = r"(?:[ \t]*[,\n][ \t]*|[ \t]+|-)"
SCRIPT_RUN = re.compile(rf"(?<![\w+.:/-])(?:{WORD}|{NUMBER})(?:{SEP}(?:{WORD}|{NUMBER}))+")
"""Words of those scripts and numbers, one after another; kept when it holds both."""
LATIN = re.compile(r"(?<![\w@.])[A-Za-z][a-z]+(?![\w@])")
UNIT = re.compile(r"\b(?i:apt\.?|apartment|flat|suite|unit|room|house|plot|block)[ \t]+$")
RU_SETTLEMENT = r"(?:г|с|п|д|ст|к|х|пгт|рп|клх|снт|аул|дер|пос)\.?"
RU_STREET = r"(?:ул|пер|пр|просп|наб|ш|бул|алл|пл|туп|мкр|проезд|линия)\."
RU_BLOCK = re.compile(
    r"(?<![\w])(?:д\.|дом)[ \t]*\d{1,4}[а-я]?(?:/\d{1,4})?"
    r"(?:[ \t]*,?[ \t]*(?:стр\.|строение|к\.|корп\.|корпус|кв\.)[ \t]*\d{1,4}[а-я]?(?:/\d{1,4})?)+"
    r"|(?<![\w])(?:стр\.|корп\.|корпус)[ \t]*\d{1,4}[а-я]?(?:/\d{1,4})?(?![\w])"
)
RU_NUMBERED_STREET = re.compile(
    rf"(?<![\w]){RU_STREET}[ \t]+\d{{1,3}}[ \t]+[А-ЯЁа-яё][а-яё]+(?:[ \t]+[А-ЯЁ][а-яё]+)?"
)
RU_POSTCODE_AFTER = re.compile(
    r"(?:(?<![\w])(?:д\.|дом|стр\.|к\.|корп\.|кв\.)[ \t]*\d{1,4}[а-я]?(?:/\d{1,4})?)"
    r"[ \t]*,[ \t]*(\d{6})(?!\d)"
)
RU_PLACE_CODE = re.compile(
    rf"(?<![\w]){RU_SETTLEMENT}[ \t]+[А-ЯЁ][\w-]*(?:[ \t]+[А-ЯЁа-яё][\w-]*)?"
    r"(?:[ \t]*\([^)\n]{1,12}\))?,?[ \t]+\d{6}(?!\d)"
)
CJK = r"\u3400-\u4dbf\u4e00-\u9fff"
CN_ROAD = re.compile(
    rf"[{CJK}]{{0,20}}[{CJK}](?:路|街|巷|弄|胡同|大道)(?:\d{{1,5}}号|[A-Za-z0-9]{{1,3}}座)"
    rf"(?:[ \t]*\d{{6}}(?!\d))?"
)
CN_PLACE_CODE = re.compile(rf"[{CJK}]{{1,12}}[省市县区镇][ \t]*\d{{6}}(?!\d)")
GH_GPS = re.compile(r"(?<![\w-])[A-Z]{2}-\d{3,4}-\d{4}(?![\w-])")
GH_BEFORE = re.compile(
    r"(?:,[ \t]*[A-Z][\w'’ -]{1,30},[ \t]*|(?i:post(?:al)?[ \t]?code|zip|gps|digital address"
    r"|ghana ?post)[ \t]*(?:is|:)?[ \t]*)$"
)


def script_address_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    if _english_frame(text):
        for m in SCRIPT_RUN.finditer(text):
            start = _after_names(text, _after_unit(text, m.start(), m.end()), m.end())
            start, end = _trimmed(text, start, m.end())
            run = text[start:end]
            if re.search(r"\d", run) and re.search(rf"[{SCRIPT}]", run):
                spans.append((start, end))
    for p in (RU_BLOCK, RU_NUMBERED_STREET, RU_PLACE_CODE, CN_ROAD, CN_PLACE_CODE):
        spans += [m.span() for m in p.finditer(text)]
    spans += [m.span(1) for m in RU_POSTCODE_AFTER.finditer(text)]
    for m in GH_GPS.finditer(text):
        if GH_BEFORE.search(text[max(0, m.start() - 40) : m.start()]):
            spans.append(m.span())
    return spans


def _english_frame(text: str) -> bool:
    """Mostly Latin words, or at least six Latin words and a third of them: a list of
    addresses in English ("carpool list: ... who should drive on Sunday?")."""
    share = _latin_share(text)
    return share >= 0.5 or (share >= 0.3 and len(LATIN.findall(text)) >= 6)


def _after_unit(text: str, start: int, end: int) -> int:
    """Past a leading number that belongs to the Latin word before it: "Apartment 76, जैन
    पथ" is a flat the street rules already see, and the street itself."""
    lead = re.match(rf"{NUMBER}{SEP}", text[start:end])
    if lead and UNIT.search(text[max(0, start - 20) : start]):
        return start + lead.end()
    return start


def _after_names(text: str, start: int, end: int) -> int:
    """Where the run starts past leading comma-separated parts that are only names of the
    lexicon: "लक्ष्मण जैन, कुस्मा 97187" is a person, then a town and its postcode."""
    first, last, _, _ = lexicons()
    while (comma := text.find(",", start, end)) != -1:
        words = text[start:comma].split()
        if not words or re.search(r"\d", text[start:comma]):
            break
        if not all(fold(w) in first or fold(w) in last for w in words):
            break
        start = comma + 1
        while start < end and text[start] in " \t\n":
            start += 1
    return start


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """The run without the separators it may end on."""
    while end > start and text[end - 1] in " \t\n,-":
        end -= 1
    return start, end


class ScriptAddressRecognizer(SpanRecognizer):
    ENTITY, NAME, WHY = (
        "STREET_ADDRESS",
        "ScriptAddressRecognizer",
        "script, Russian, Chinese forms",
    )

    def spans(self, text: str) -> list[tuple[int, int]]:
        return sorted(set(script_address_spans(text)))
