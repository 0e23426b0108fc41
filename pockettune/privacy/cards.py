"""Payment card numbers: 13-19 Luhn-valid digits in any grouping, from a current brand range.

Presidio's ``CreditCardRecognizer`` has no branch for Mastercard's 2221-2720 range (in use
since 2017) and stops at 17 digits, so a 2-series Mastercard or a 19-digit Visa leaks. Here
a run of digits joined by single separators (space, dash, dot, or none) is cut at its
group boundaries, and the longest piece with 13-19 digits that passes Luhn and starts with
an issuer prefix counts. Luhn alone passes one random number in ten; the prefix table and
the whole-token rule ("not inside a longer code") keep order numbers and barcodes out.
"""

from __future__ import annotations

import re

from .span_recognizer import SpanRecognizer

RUN = re.compile(r"(?<![\w.,/-])\d+(?:(?: ?[-.] ?| {1,2})\d+)*(?![\w/]|[.,-]\d)")
"""Digit groups joined by one separator (a space or two, a dash or a dot, spaced or not)."""

PREFIXES = tuple(
    (str(lo), str(hi))
    for lo, hi in (
        (4, 4),  # Visa, Visa Electron, Elo's 4-series
        (51, 55),  # Mastercard
        (2221, 2720),  # Mastercard 2-series
        (2200, 2204),  # Mir
        (34, 34),  # American Express
        (37, 37),
        (300, 305),  # Diners Club
        (36, 36),
        (38, 39),
        (3500, 3599),  # JCB (3528-3589 assigned; the rest of 35 looks the same to a reader)
        (1800, 1800),  # JCB, 15 digits
        (2131, 2131),
        (6011, 6011),  # Discover
        (644, 649),
        (65, 65),  # Discover, RuPay, Elo
        (62, 62),  # UnionPay
        (60, 60),  # RuPay, Hipercard
        (81, 82),  # RuPay
        (50, 50),  # Maestro, Verve, Elo
        (56, 59),  # Maestro
        (63, 63),  # Maestro, Elo
        (67, 67),  # Maestro
        (3841, 3841),  # Hipercard
        (9792, 9792),  # Troy
    )
)
"""Issuer identification number ranges, from the networks' published tables."""


def luhn(digits: str) -> bool:
    total = 0
    for i, c in enumerate(reversed(digits)):
        d = int(c) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def issuer(digits: str) -> bool:
    for lo, hi in PREFIXES:
        head = digits[: len(lo)]
        if len(head) == len(lo) and lo <= head <= hi:
            return True
    return False


def card_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each card number in ``text``."""
    out = []
    for run in RUN.finditer(text):
        if re.search(r"\b[A-Z]{2}\d{2}[ -]?$", text[: run.start()]):
            continue  # the digits of an IBAN ("DE89 3704 ..."), valid or not
        groups = list(re.finditer(r"\d+", run.group()))
        found = None
        for i in range(len(groups)):
            for j in range(len(groups) - 1, i - 1, -1):
                digits = "".join(g.group() for g in groups[i : j + 1])
                if 13 <= len(digits) <= 19 and luhn(digits) and issuer(digits):
                    found = (run.start() + groups[i].start(), run.start() + groups[j].end())
                    break
            if found:
                break
        if found:
            out.append(found)
    return out


class CardRecognizer(SpanRecognizer):
    ENTITY, NAME, SCORE, WHY = "CREDIT_CARD", "CardRecognizer", 0.8, "Luhn-valid card number"

    def spans(self, text: str) -> list[tuple[int, int]]:
        return card_spans(text)
