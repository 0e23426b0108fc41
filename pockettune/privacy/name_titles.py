"""Titles and honorific suffixes around names in scripts without letter case (fresh5 and
fresh6 fixes, results/privacy-fresh6-first.md). A title is part of what identifies the
person ("سرکار خانم دکتر" + name), so it is redacted with the name; the words are the
honorifics these languages put before a name, several in a row:

- Hindi and Nepali: श्री, श्रीमती, श्रीमान, सुश्री, डा., डॉ., माननीय, आदरसूचक, सम्मानसूचक,
  संमानित, आदरवाचक, सम्मानात्मक; and जी written onto a name or after it ("शर्माजी");
- Persian: جناب, آقای, سرکار, خانم, دکتر, مهندس;
- Bengali: জনাব, জনাবা, মিঃ, মিসেস, মিসঃ, ডাঃ, ডঃ, ইঞ্জিঃ;
- Thai: นาย, นาง, นางสาว, น.ส., ด.ช., ด.ญ., คุณ, ดร.;
- Georgian and Hebrew: ბატონი, ქალბატონი, מר, גב', ד"ר.

The other way round, a place word before a name makes it a place: Persian and Arabic towns
are often named after people ("شهرستان نیما", Nima county; "جنوب مهدي", south Mahdi).
"""

from __future__ import annotations

import re

TITLES = (
    r"श्रीमती|श्रीमान्?|सुश्री|श्री|डा\.|डॉ\.?|माननीय|आदरसूचक|सम्मानसूचक|संमानित|आदरवाचक"
    r"|सम्मानात्मक|جناب|آقای|سرکار|خانم|دکتر|مهندس|জনাবা|জনাব|মিঃ|মিসেস|মিসঃ|ডাঃ|ডঃ|ইঞ্জিঃ"
    r"|นางสาว|นาย|นาง|น\.ส\.|ด\.ช\.|ด\.ญ\.|คุณ|ดร\.|ბატონი|ქალბატონი|מר|גב['׳]|ד\"ר"
)
TITLE_BEFORE = re.compile(rf"(?:(?:{TITLES})[ ]){{1,3}}$")
"""Titles just before a name: "سرکار خانم دکتر ", "श्रीमान "."""
PLACE_BEFORE = re.compile(
    r"(?:شهرستان|استان|روستای|روستا|دهستان|شهر|بخش|بندر|باغات|شمال|جنوب|شرق|غرب|مدينة|مدینه"
    r"|قرية|محافظة|جزیره|जिला|गांव|गाँव)[ ]$"
)
"""A place word right before a word: the word names a place (county, province, village,
district, town, port, gardens, north, south, east, west; city, village, governorate)."""
NAME_SUFFIX = "जी"
"""The Hindi honorific, written onto a name ("शर्माजी") as often as after it ("राम जी")."""


def stem(word: str) -> str:
    """``word`` without an honorific suffix written onto it: "जैनजी" -> "जैन"."""
    if word.endswith(NAME_SUFFIX) and len(word) > len(NAME_SUFFIX) + 1:
        return word[: -len(NAME_SUFFIX)]
    return word
