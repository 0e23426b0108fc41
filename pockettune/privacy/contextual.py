"""Recognizers that read the words around a value: obfuscated e-mail and stated secrets.

Presidio's pattern recognizers match one regex; these two need a little logic. An
obfuscated address ("john dot doe at gmail dot com", "jane [at] example [dot] org") is
rebuilt and accepted only if its domain ends in a real public suffix (tldextract's bundled
list), so "look at example.com" is not an address. A secret is what follows "password",
"PIN", "api_key =" ..., or a long token mixing lower case, upper case and digits with high
entropy (hex hashes and UUIDs have no upper case, so they are not taken).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import Any

from presidio_analyzer import AnalysisExplanation, LocalRecognizer, RecognizerResult

from .offline import offline_tldextract

AT = re.compile(r"\s*[\[({<]\s*at\s*[\])}>]\s*|\s+(?:at|AT)\s+")
DOT = r"(?:\s*[\[({<]\s*dot\s*[\])}>]\s*|\s+(?:dot|DOT)\s+|\.)"
LOCAL = re.compile(rf"[\w+%-]+(?:{DOT}[\w+%-]+)*$")
DOMAIN = re.compile(rf"[\w-]+(?:{DOT}[\w-]+)+")
OBFUSCATED_DOT = re.compile(DOT.replace(r"|\.)", ")"))

SECRET_KEYWORD = re.compile(
    r"\b(?:password|passwd|passcode|passphrase|pw|pwd|pin|door code|api[_ ]?key|secret|token)"
    r"(?:\s+(?:is|was|=|:)|\s*[:=])\s*(?P<value>[^\s,;]+)"
    r"|\bpassport(?:\s+(?:number|no\.?))?(?:\s+is|:)?\s+(?P<passport>[A-Z0-9]*\d[A-Z0-9]*)",
    re.IGNORECASE,
)
NOT_A_SECRET = {"the", "a", "an", "my", "your", "not", "too", "still", "wrong", "correct", "length"}
TOKEN = re.compile(r"[A-Za-z0-9_\-+/=]{20,}")


def _entropy(s: str) -> float:
    n = len(s)
    return -sum(c / n * math.log2(c / n) for c in Counter(s).values())


def _result(
    entity: str, start: int, end: int, score: float, why: str, rec: Any
) -> RecognizerResult:
    return RecognizerResult(
        entity,
        start,
        end,
        score,
        analysis_explanation=AnalysisExplanation(
            type(rec).__name__, score, textual_explanation=why
        ),
        recognition_metadata={
            RecognizerResult.RECOGNIZER_NAME_KEY: rec.name,
            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: rec.id,
        },
    )


class ObfuscatedEmailRecognizer(LocalRecognizer):
    def __init__(self) -> None:
        super().__init__(supported_entities=["EMAIL_ADDRESS"], name="ObfuscatedEmailRecognizer")

    def load(self) -> None:
        pass

    def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None) -> list:
        out = []
        for at in AT.finditer(text):
            local, domain = LOCAL.search(text[: at.start()]), DOMAIN.match(text, at.end())
            if not local or not domain:
                continue
            plain_at = at.group().strip() == "at"
            if plain_at and not OBFUSCATED_DOT.search(domain.group()):
                continue  # "look at example.com": a site, not an address
            host = re.sub(DOT, ".", domain.group())
            if not offline_tldextract()(host).suffix or host.endswith("."):
                continue
            out.append(
                _result(
                    "EMAIL_ADDRESS", local.start(), domain.end(), 0.6, "obfuscated e-mail", self
                )
            )
        return out


class SecretRecognizer(LocalRecognizer):
    def __init__(self) -> None:
        super().__init__(supported_entities=["SECRET"], name="SecretRecognizer")

    def load(self) -> None:
        pass

    def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None) -> list:
        out = []
        for m in SECRET_KEYWORD.finditer(text):
            if m.group("passport"):
                out.append(_result("SECRET", *m.span("passport"), 0.6, "passport number", self))
                continue
            value = m.group("value").rstrip(".!?)'\"") or m.group("value")
            if m.group("value")[-1:] == "!" and any(c.isdigit() for c in value):
                value = m.group("value")  # "hunter2022!": the ! is part of it
            if value.lower() in NOT_A_SECRET:
                continue
            s = m.start("value")
            out.append(_result("SECRET", s, s + len(value), 0.6, "stated secret", self))
        for m in TOKEN.finditer(text):
            s = m.group()
            classes = sum(bool(re.search(p, s)) for p in ("[a-z]", "[A-Z]", "[0-9]"))
            if classes == 3 and _entropy(s) >= 4.0:
                out.append(_result("SECRET", m.start(), m.end(), 0.5, "high-entropy token", self))
        return out
