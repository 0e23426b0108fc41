"""Obfuscated e-mail addresses.

Presidio's pattern recognizers match one regex; this needs a little logic. An obfuscated
address ("john dot doe at gmail dot com", "jane [at] example [dot] org") is rebuilt and
accepted only if its domain ends in a real public suffix (tldextract's bundled list), so
"look at example.com" is not an address. Secrets are in ``secrets.py``.
"""

from __future__ import annotations

import re

from .offline import offline_tldextract
from .span_recognizer import SpanRecognizer

AT = re.compile(r"\s*[\[({<]\s*at\s*[\])}>]\s*|\s+(?:at|AT)\s+")
DOT = r"(?:\s*[\[({<]\s*dot\s*[\])}>]\s*|\s+(?:dot|DOT)\s+|\.)"
LOCAL = re.compile(rf"[\w+%-]+(?:{DOT}[\w+%-]+)*$")
DOMAIN = re.compile(rf"[\w-]+(?:{DOT}[\w-]+)+")
OBFUSCATED_DOT = re.compile(DOT.replace(r"|\.)", ")"))


class ObfuscatedEmailRecognizer(SpanRecognizer):
    ENTITY, NAME, WHY = "EMAIL_ADDRESS", "ObfuscatedEmailRecognizer", "obfuscated e-mail"

    def spans(self, text: str) -> list[tuple[int, int]]:
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
            out.append((local.start(), domain.end()))
        return out
