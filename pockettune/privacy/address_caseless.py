"""Addresses of scripts without letter case, and Cyrillic house and flat numbers (after the
Faker fresh5 split's first measurement, results/privacy-fresh5-first.md). ``addresses.py``
anchors on capitalized street names, which these scripts do not have:

- Japanese blocks, chōme / ban / gō with the prefecture, city and town written before them
  and a building and room after ("東京都港区芝公園4丁目2番8号 メゾン芝301"), and a postcode
  before a municipality ("150-0002 渋谷区");
- Korean road addresses, a road (…로, …길, …거리, …N가) and its number, maybe underground
  (지하) and a district in brackets, after the province, city and district
  ("서울특별시 종로구 세종대로 209 (세종로동)"), and a postcode before a city ("03154 서울시");
- Georgian streets (ქ., ქუჩა, გამზ., შეს., ჩიხი) with their number and a town after a comma;
- Hebrew streets after רחוב / שדרות / דרך, and any street, number, town and 7-digit postcode
  ("הרצל 12, חולון, 5812345");
- Nepali streets (Faker's types: मार्ग, पथ, गल्ली, टोल, चोक, टार, हाईट, आश्रम ...) with a ward or
  house number and the towns and postcode after them, or without a number when the street is
  named after a person of the lexicon ("थापा मार्ग");
- words of these scripts and a number after an address cue ("lives at", "address", "Flat 4,");
- a place of the lexicon in these scripts beside a 4-7 digit postcode ("ლაგოდეხი 1234");
- Cyrillic house and flat numbers ("буд. 12 кв. 5", "д. 7, кв. 3") and Macedonian house
  numbers with a letter ("Партизански одреди 5б/3"), maybe with a postcode and town after;
- Zulu streets, a number before a name and Faker's zu_ZA street types ("12 Mandela
  Isitaladi").
"""

from __future__ import annotations

import re

from .lexicon import fold, lexicons
from .names_caseless import _latin_share
from .span_recognizer import SpanRecognizer

CJK = r"\u3040-\u309f\u30a0-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々ー"
JA_BLOCK = re.compile(
    rf"[{CJK}]*\d{{1,3}}丁目(?:\d{{1,4}}番地?)?(?:\d{{1,4}}号)?"
    rf"(?:[ \u3000][{CJK}Ａ-Ｚａ-ｚA-Za-z]+\d{{1,4}})?"
)
JA_CODE = re.compile(
    rf"(?<![\d-])〒?\d{{3}}-\d{{4}}(?![\d-])[ \u3000]*[{CJK}]{{0,12}}[都道府県市区町村郡]"
    rf"(?:[ \u3000]?[{CJK}]{{1,8}}[市区町村])?"
)
HANGUL = r"\uac00-\ud7af"
KO_UNIT = rf"[{HANGUL}]+(?:특별시|광역시|특별자치시|특별자치도|도|시|군|구)"
KO_ROAD = re.compile(
    rf"(?:{KO_UNIT}[ ]+){{0,3}}[{HANGUL}\d]*(?:[{HANGUL}\d](?:로|길|거리)|\d가)"
    rf"[ ]+(?:지하)?\d{{1,5}}(?:-\d{{1,4}})?(?![\d{HANGUL}])(?:[ ]*\([{HANGUL}\d]+\))?"
)
KO_ROAD_GA = re.compile(
    rf"(?:{KO_UNIT}[ ]+){{1,3}}[{HANGUL}]{{2,}}가[ ]+(?:지하)?\d{{1,5}}(?:-\d{{1,4}})?(?![\d{HANGUL}])"
    rf"(?:[ ]*\([{HANGUL}\d]+\))?"
)
"""A road named …가 with no number in its name, after a city or district: "용산구 개포가 68"."""
KO_CODE = re.compile(rf"(?<![\d-])\d{{5}}[ ]+{KO_UNIT}(?:[ ]+{KO_UNIT})?(?![{HANGUL}])")
KA = r"\u10a0-\u10ff\u1c90-\u1cbf"
KA_STREET = re.compile(
    rf"(?:[{KA}]+[ ]){{0,2}}[{KA}]+[ ](?:ქ\.|ქუჩა|გამზ\.|გამზირი|შეს\.|შესახვევი|ჩიხი"
    rf"|ხეივანი|მოედანი)[ ]*(?:N\s*)?\d{{1,4}}[{KA}]?(?:,[ ]*[{KA}]+(?=[ ]*(?:[,.;\n]|$)))?"
)
HE = r"\u05d0-\u05ea"
HE_WORDS = rf"[{HE}][{HE}'\"׳״-]*(?:[ ][{HE}][{HE}'\"׳״-]*){{0,3}}"
HE_PREFIX = re.compile(
    rf"(?:רחוב|רח['׳]|שדרות|שד['׳]|דרך|סמטת|סמ['׳])[ ]+{HE_WORDS}[ ]+\d{{1,4}}(?!\d)"
)
HE_FULL = re.compile(rf"{HE_WORDS}[ ]+\d{{1,4}},[ ]*{HE_WORDS},[ ]*\d{{7}}(?!\d)")
DEVA = r"\u0900-\u097f\u200c\u200d"
DEVA_WORD = rf"[{DEVA}][{DEVA}.*]*"
NE_TYPES = "मार्ग|आश्रम|बाटो|पथ|गल्ली|गेट|हाईट|टार|टोल|चोक|चौक|चौर|रोड|निवास|बसाहा|सडक|नगर"
NE_STREET = re.compile(
    rf"(?:{DEVA_WORD}[ ]){{1,2}}(?:{NE_TYPES})(?![{DEVA}])"
    rf"(?:[ ]+(?:वडा|घर)[ ]*(?:नं\.?)?[ ]*\d{{1,4}})?"
    rf"(?:(?:[ \t]*[,\n][ \t]*{DEVA_WORD}(?:[ ]{DEVA_WORD})?){{1,3}}[ \t]+\d{{5}}(?!\d))?"
)
SCRIPT_WORD = rf"[{HE}{KA}{DEVA}][{HE}{KA}{DEVA}'\"׳״.-]*"
CUED = re.compile(
    r"(?:\b(?:lives? at|living at|address(?: is)?:?|moved (?:out of|to)|rent(?:ed)? at|"
    r"pick-up from|from|at|to)[ \t]+|\b(?:Apt\.?|Apartment|Flat|Suite|Unit)[ \t]+\w{1,5},[ \t]+"
    r"|ठेगाना:?[ \t]*|כתובת(?: [\u05d0-\u05ea]+)?:?[ \t]*|მისამართი:?[ \t]*)"
    rf"((?:{SCRIPT_WORD}[ ]){{1,3}}\d{{1,7}}(?![\d/:]|\.\d))"
)
UNIT_CYRILLIC = re.compile(
    r"\b(?:Apt\.?|Apartment|Flat|Suite|Unit)[ \t]+\w{1,5},[ \t]+"
    r"([А-ЯЁЃЅЈЉЊЌЏІЇЄҐ][\w'’-]*(?:[ \t]+[\w'’-]+){0,3}[ \t]+\d{1,4}[а-я]?(?![\w/]|\.\d))"
)
"""Cyrillic street and number after a flat or suite: "Flat 3, Луј Пастер 20"."""
TAIL = re.compile(rf"[ \t]*,[ \t]*(?:{SCRIPT_WORD}[ ]){{1,3}}\d{{4,7}}(?![\d/:-])")
"""A town and its postcode after a street: ", ლაგოდეხი 42283", ", משמר העמק 9102061"."""
UA_ORDINAL = re.compile(
    r"(?<![\w-])\d{1,3}-(?:й|а|я|та|тя|га|ша|ма|ий|ій)(?!\w)(?=[^\n.]{0,60}буд\.)"
)
"""An ordinal in a Ukrainian street name before its house number: "Лінія 25-та, буд. 3"."""
PLACE_CODE = re.compile(
    rf"(?<![\w-])((?:{SCRIPT_WORD}[ ]){{1,3}})\d{{4,7}}(?![\d/.:-])"
    rf"|(?<![\d-])\d{{4,7}}[ ]+({SCRIPT_WORD}(?:[ ]{SCRIPT_WORD})?)"
)
CY_HOUSE = re.compile(
    r"(?<![\w])(?:буд\.|будинок|б\.|д\.|дом|кв\.|квартира|корп\.|стан)[ \t]*№?[ \t]*\d{1,4}"
    r"[а-яієї]?(?:/\d{1,4})?(?:,?[ \t]*(?:кв\.|квартира|стан)[ \t]*\d{1,4})?(?![\w])"
)
CY_LETTER_HOUSE = re.compile(
    r"(?<![\w])(?:(?:Булевар|бул\.|Улица|ул\.)[ \t]+)?[А-ЯЃЅЈЉЊЌЏ][а-яѓѕјљњќџ]+"
    r"(?:[ \t]+[А-ЯЃЅЈЉЊЌЏа-яѓѕјљњќџ][а-яѓѕјљњќџ]+){0,3}[ \t]+\d{1,4}[абвгде](?:/\d{1,3})?"
    r"(?![\w])(?:[ \t]*[,\n][ \t]*\d{4,5}[ \t]+[А-ЯЃЅЈЉЊЌЏ][а-яѓѕјљњќџ]+)?"
)
CY_BOULEVARD = re.compile(
    r"(?<![\w])(?:Булевар|бул\.|Улица|ул\.)[ \t]+[А-ЯЃЅЈЉЊЌЏ][а-яѓѕјљњќџ]+"
    r"(?:[ \t]+[А-ЯЃЅЈЉЊЌЏа-яѓѕјљњќџ][а-яѓѕјљњќџ]+){0,3}[ \t]+\d{1,4}(?![\w])"
)
ZU_STREET = re.compile(
    r"(?<![\w.])\d{1,5}[ \t]+(?:[A-Z][a-z]+[ \t]+){1,2}(?:Umgwaqo|Indlela|Isitaladi|Ithafa|Indawo)\b"
)
PATTERNS = (
    JA_BLOCK,
    JA_CODE,
    KO_ROAD,
    KO_ROAD_GA,
    KO_CODE,
    UA_ORDINAL,
    KA_STREET,
    HE_PREFIX,
    HE_FULL,
    NE_STREET,
)
PATTERNS += (CY_HOUSE, CY_LETTER_HOUSE, CY_BOULEVARD, ZU_STREET)


def caseless_address_spans(text: str) -> list[tuple[int, int]]:
    spans = [(m.start(), m.end()) for p in PATTERNS for m in p.finditer(text)]
    spans = [(s, e) for s, e in spans if e - s > 1 and re.search(r"\d", text[s:e])]
    spans += [(m.start(1), m.end(1)) for m in CUED.finditer(text)]
    spans += [(m.start(1), m.end(1)) for m in UNIT_CYRILLIC.finditer(text)]
    spans = [(s, e + (t.end() - t.start() if (t := TAIL.match(text, e)) else 0)) for s, e in spans]
    latin = _latin_share(text) >= 0.5
    first, last, places, _ = lexicons()
    for m in NE_STREET.finditer(text):  # no number: a name or place and a street type
        head = fold(m.group().split()[0])
        if not re.search(r"\d", m.group()) and (head in last or head in first):
            spans.append((m.start(), m.end()))
    for m in PLACE_CODE.finditer(text):
        words = (m.group(1) or m.group(2)).split()
        if latin or any(w in places for w in words):  # in English text, what else?
            spans.append((m.start(), m.end()))
    return spans


class CaselessAddressRecognizer(SpanRecognizer):
    ENTITY, NAME, WHY = (
        "STREET_ADDRESS",
        "CaselessAddressRecognizer",
        "caseless-script address forms",
    )

    def warm(self) -> None:
        lexicons()

    def spans(self, text: str) -> list[tuple[int, int]]:
        return sorted(set(caseless_address_spans(text)))
