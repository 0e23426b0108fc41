"""Scoring PII redaction with a strict leak rule, per label and per locale.

A labelled value counts as redacted only if none of its identifying parts survives: for a
name every capitalized word but honorifics ("Dr.", "Frau", "Chị"); for an address every
token with a digit (house and unit numbers, postcodes); for an e-mail every word but the
"at"/"dot" spelling; for a secret or an IP every alphanumeric run; for everything else
(phone, card, IBAN, SSN, date of birth) every group with a digit. A surviving postcode or a
last name re-identifies a person, so "overlaps a predicted span" is not enough. The parts
may be covered by any placeholder: a card number redacted as ``[PHONE]`` has not leaked.

A predicted span is a false alarm when it overlaps no labelled value. Also counted: PII-free
messages left with no placeholder ("clean"), and the words outside labelled values that
survive ("kept").
"""

from __future__ import annotations

import re
import statistics
import time
from collections import Counter, defaultdict
from functools import lru_cache
from typing import Any

WORD = re.compile(r"[^\W_]+")
NAME_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
NOT_SENSITIVE = {"at", "dot"}


@lru_cache(maxsize=1)
def honorifics() -> frozenset[str]:
    """Faker's name prefixes and suffixes in every locale ("Dr.", "Herr", "Quý ông", "PhD")."""
    import importlib
    import pkgutil

    import faker.providers.person as person

    words: set[str] = {"Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Prof", "Sir", "Madam"}
    for m in pkgutil.iter_modules(person.__path__):
        p = importlib.import_module(f"{person.__name__}.{m.name}").Provider
        for key in dir(p):
            if key.startswith(("prefixes", "suffixes")):
                value = getattr(p, key)
                for w in value if isinstance(value, (list, tuple, dict)) else ():
                    words.update(x.rstrip(".") for x in str(w).split())
    return frozenset(words)


def sensitive(category: str, value: str) -> list[tuple[int, int]]:
    """Character ranges of ``value`` that must not survive redaction."""
    if category == "name":
        parts = [
            m.span()
            for m in NAME_WORD.finditer(value)
            if m.group()[:1].isupper() and m.group().rstrip(".") not in honorifics()
        ]
    elif category in ("email", "secret", "ip"):
        parts = [m.span() for m in WORD.finditer(value) if m.group().lower() not in NOT_SENSITIVE]
    else:  # address, phone, card, iban, ssn, dob: groups with a digit
        parts = [m.span() for m in WORD.finditer(value) if any(c.isdigit() for c in m.group())]
    return parts or [(0, len(value))]


def gold_spans(case: dict) -> list[tuple[str, int, int]]:
    """(category, start, end) of each labelled value; offsets found by search if not given."""
    out = []
    for p in case["pii"]:
        start = p["start"] if "start" in p else case["text"].index(p["value"])
        out.append((p["category"], start, start + len(p["value"])))
    return out


def score_case(case: dict, spans: list[Any]) -> dict:
    """Leaks, false alarms and kept words of one message, given the redactor's spans."""
    text = case["text"]
    covered = [False] * len(text)
    for s in spans:
        covered[s.start : s.end] = [True] * (s.end - s.start)
    gold = gold_spans(case)
    values = []
    for cat, start, end in gold:
        leaked = [
            text[start + a : start + b]
            for a, b in sensitive(cat, text[start:end])
            if not all(covered[start + a : start + b])
        ]
        values.append({"category": cat, "value": text[start:end], "leaked": leaked})
    in_gold = [False] * len(text)
    for _, start, end in gold:
        in_gold[start:end] = [True] * (end - start)
    alarms = [s for s in spans if not any(in_gold[s.start : s.end])]
    words = [m for m in WORD.finditer(text) if not any(in_gold[m.start() : m.end()])]
    lost = sum(any(covered[m.start() : m.end()]) for m in words)
    return {
        "values": values,
        "predicted": [(s.category, s in alarms) for s in spans],
        "false_alarms": [f"{s.category}: {text[s.start : s.end]!r}" for s in alarms],
        "clean": not spans if not gold else None,
        "words": len(words),
        "words_kept": len(words) - lost,
    }


def _ratio(a: int, b: int) -> float | None:
    return a / b if b else None


def summarize(scored: list[dict]) -> dict:
    """Recall, precision, clean rate and words kept over scored messages, and per label."""
    values = [v for s in scored for v in s["values"]]
    predicted = [p for s in scored for p in s["predicted"]]
    clean = [s["clean"] for s in scored if s["clean"] is not None]
    per_label = {}
    for cat in sorted({v["category"] for v in values} | {p[0] for p in predicted}):
        vs = [v for v in values if v["category"] == cat]
        ps = [p for p in predicted if p[0] == cat]
        per_label[cat] = {
            "labelled": len(vs),
            "redacted": sum(not v["leaked"] for v in vs),
            "recall": _ratio(sum(not v["leaked"] for v in vs), len(vs)),
            "predicted": len(ps),
            "precision": _ratio(sum(not alarm for _, alarm in ps), len(ps)),
        }
    return {
        "messages": len(scored),
        "labelled": len(values),
        "recall": _ratio(sum(not v["leaked"] for v in values), len(values)),
        "predicted": len(predicted),
        "precision": _ratio(sum(not alarm for _, alarm in predicted), len(predicted)),
        "pii_free": len(clean),
        "clean": _ratio(sum(clean), len(clean)),
        "words_kept": _ratio(sum(s["words_kept"] for s in scored), sum(s["words"] for s in scored)),
        "per_label": per_label,
    }


def run(cases: list[dict], redactor: Any) -> dict:
    """Strict scores of ``redactor`` on ``cases``: overall, per label, per locale (where
    cases name one), with the leaks and false alarms listed and ms per message."""
    scored, ms = [], []
    for case in cases:
        t0 = time.perf_counter()
        spans = redactor.find(case["text"])
        ms.append((time.perf_counter() - t0) * 1000)
        scored.append(score_case(case, spans) | {"locale": case.get("locale"), "case": case})
    by_locale: dict[str, list[dict]] = defaultdict(list)
    for s in scored:
        if s["locale"]:
            by_locale[s["locale"]].append(s)
    ms.sort()
    out = summarize(scored)
    out["per_locale"] = {loc: summarize(group) for loc, group in by_locale.items()}
    out["leaks"] = [
        f"{v['category']}: {v['value']!r} left {v['leaked']} in {s['case']['text']!r}"
        for s in scored
        for v in s["values"]
        if v["leaked"]
    ]
    out["false_alarms"] = [
        f"{a} in {s['case']['text']!r}" for s in scored for a in s["false_alarms"]
    ]
    out["leaks_by_label"] = dict(Counter(x.split(":")[0] for x in out["leaks"]))
    out["ms_median"] = statistics.median(ms)
    out["ms_p95"] = ms[int(0.95 * (len(ms) - 1))]
    return out
