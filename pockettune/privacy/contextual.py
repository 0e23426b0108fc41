"""Obfuscated e-mail, and the result builder the other hand-written recognizers share.

Presidio's pattern recognizers match one regex; this needs a little logic. An obfuscated
address ("john dot doe at gmail dot com", "jane [at] example [dot] org") is rebuilt and
accepted only if its domain ends in a real public suffix (tldextract's bundled list), so
"look at example.com" is not an address. Secrets are in ``secrets.py``.
"""

from __future__ import annotations

import re
from typing import Any

from presidio_analyzer import AnalysisExplanation, LocalRecognizer, RecognizerResult

from .offline import offline_tldextract

AT = re.compile(r"\s*[\[({<]\s*at\s*[\])}>]\s*|\s+(?:at|AT)\s+")
DOT = r"(?:\s*[\[({<]\s*dot\s*[\])}>]\s*|\s+(?:dot|DOT)\s+|\.)"
LOCAL = re.compile(rf"[\w+%-]+(?:{DOT}[\w+%-]+)*$")
DOMAIN = re.compile(rf"[\w-]+(?:{DOT}[\w-]+)+")
OBFUSCATED_DOT = re.compile(DOT.replace(r"|\.)", ")"))


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
