"""PII redaction, applied to every turn before it is embedded or stored.

Each recognizer finds spans of one category; a match becomes a placeholder such as
``[EMAIL]`` so the text stays usable for selection and training. Recognizers are local rules,
no model and no network: validated formats (Luhn for cards, mod-97 for IBANs, octet ranges
for IPs) are reliable; names and street addresses are found only in typical phrasings
("my name is ...", "Dr. ...", "12 Oak Street"), and the benchmark in
``benchmarks/privacy.py`` reports how weak that is.
"""

from __future__ import annotations

import ipaddress
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    category: str


def _luhn_ok(digits: str) -> bool:
    total, parity = 0, len(digits) % 2
    for i, ch in enumerate(digits):
        d = int(ch)
        if i % 2 == parity:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def _iban_ok(s: str) -> bool:
    s = s.replace(" ", "").upper()
    if not 15 <= len(s) <= 34:
        return False
    moved = s[4:] + s[:4]
    return int("".join(str(int(c, 36)) for c in moved)) % 97 == 1


def _entropy(s: str) -> float:
    n = len(s)
    return -sum(c / n * math.log2(c / n) for c in Counter(s).values())


EMAIL = re.compile(r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b")
PHONE = re.compile(
    r"(?<![\w+])(?<!\d[ -])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)[\s.-]?|\d{1,4}[\s.-])(?:\d{2,4}[\s.-]){0,3}\d{2,4}(?![\w])(?![ -]?\d)"
)
CARD = re.compile(r"(?<!\d)(?:\d[ -]?){12,18}\d(?!\d)")
IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b")
IPV4 = re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?!\.?\d)")
IPV6 = re.compile(r"(?<![\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\w:])")
STREET = re.compile(
    r"\b\d{1,5}[A-Za-z]?\s+(?:[A-Z][a-z]+\s){1,3}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|"
    r"Court|Ct|Way|Place|Pl|Terrace|Square|Sq|Strasse|Straße|Crescent|Close|Highway|Hwy)\b\.?"
    r"|\b\d{1,5}[A-Za-z]?,?\s+(?:Rue|Avenue|Boulevard|Via|Calle|Chemin|Place|Platz)\s+(?:[a-zé']+\s){0,3}[A-Z][a-zé]+"
)
HONORIFIC = {"Mr", "Mrs", "Ms", "Dr", "Miss", "Sir", "Madam"}
NAME_CONTEXT = re.compile(
    r"(?:\b(?:[Mm]y name is|I'm|I am|[Tt]his is|called|Dear|Mrs?\.?|Ms\.?|Dr\.?|[Tt]ell|[Aa]sk|Contact:|"
    r"(?:[Mm]y |[Oo]ur |[Hh]is |[Hh]er )?(?:sister|brother|mom|mum|dad|mother|father|wife|husband|son|daughter|"
    r"friend|boss|colleague|partner|aunt|uncle|cousin|grandma|grandpa|neighbou?r|teacher|doctor),?)\s+)"
    r"(?P<name>[A-Z][a-z]+(?:[ -][A-Z][a-z]+)?)"
)
KEYWORD_SECRET = re.compile(
    r"\b(?:password|passcode|passphrase|PIN|pin|passport(?: number| no\.?)?|SSN|social security number)"
    r"(?:\s+is|:|=)?\s+(?P<value>\S*\d\S*|\S{6,})"
)
SSN = re.compile(r"\b\d{3}-\d{2}-\d{4}\b")
SECRET_PREFIX = re.compile(
    r"\b(?:sk-[A-Za-z0-9_-]{16,}|ghp_[A-Za-z0-9]{20,}|gho_[A-Za-z0-9]{20,}|AKIA[0-9A-Z]{16}|"
    r"xox[abprs]-[A-Za-z0-9-]{10,}|AIza[0-9A-Za-z_-]{30,}|hf_[A-Za-z0-9]{20,})"
)
TOKEN = re.compile(r"[A-Za-z0-9_\-+/=]{20,}")


def _emails(t: str) -> Iterable[tuple[int, int]]:
    return (m.span() for m in EMAIL.finditer(t))


def _phones(t: str) -> Iterable[tuple[int, int]]:
    for m in PHONE.finditer(t):
        digits = re.sub(r"\D", "", m.group())
        if 7 <= len(digits) <= 15 and not re.fullmatch(
            r"(19|20)\d{2}[-/.](0?[1-9]|1[0-2])[-/.]\d{1,2}", m.group()
        ):
            yield m.span()


def _cards(t: str) -> Iterable[tuple[int, int]]:
    for m in CARD.finditer(t):
        digits = re.sub(r"\D", "", m.group())
        if 13 <= len(digits) <= 19 and _luhn_ok(digits):
            yield m.span()


def _ibans(t: str) -> Iterable[tuple[int, int]]:
    return (m.span() for m in IBAN.finditer(t) if _iban_ok(m.group()))


def _ips(t: str) -> Iterable[tuple[int, int]]:
    for rx in (IPV4, IPV6):
        for m in rx.finditer(t):
            try:
                ipaddress.ip_address(m.group())
            except ValueError:
                continue
            yield m.span()


def _streets(t: str) -> Iterable[tuple[int, int]]:
    return (m.span() for m in STREET.finditer(t))


def _names(t: str) -> Iterable[tuple[int, int]]:
    for m in NAME_CONTEXT.finditer(t):
        if m.group("name").split()[0] not in HONORIFIC:
            yield m.span("name")


def _secrets(t: str) -> Iterable[tuple[int, int]]:
    yield from (m.span() for m in SECRET_PREFIX.finditer(t))
    yield from (m.span() for m in SSN.finditer(t))
    yield from (m.span("value") for m in KEYWORD_SECRET.finditer(t))
    for m in TOKEN.finditer(t):
        s = m.group()
        classes = sum(bool(re.search(p, s)) for p in ("[a-z]", "[A-Z]", "[0-9]"))
        if classes == 3 and _entropy(s) >= 4.0:
            yield m.span()


RECOGNIZERS: dict[str, Callable[[str], Iterable[tuple[int, int]]]] = {
    "email": _emails,
    "card": _cards,
    "iban": _ibans,
    "secret": _secrets,
    "ip": _ips,
    "phone": _phones,
    "address": _streets,
    "name": _names,
}
"""Category -> finder, in priority order: an earlier category wins an overlap."""


class Redactor:
    def __init__(self, categories: Iterable[str] | None = None) -> None:
        self.categories = [c for c in RECOGNIZERS if categories is None or c in set(categories)]

    def find(self, text: str) -> list[Span]:
        spans: list[Span] = []
        taken = [False] * len(text)
        for cat in self.categories:
            for start, end in RECOGNIZERS[cat](text):
                if end > start and not any(taken[start:end]):
                    spans.append(Span(start, end, cat))
                    taken[start:end] = [True] * (end - start)
        return sorted(spans, key=lambda s: s.start)

    def redact(self, text: str) -> str:
        if not text:
            return text
        out, last = [], 0
        for s in self.find(text):
            out += [text[last : s.start], f"[{s.category.upper()}]"]
            last = s.end
        return "".join(out) + text[last:]
