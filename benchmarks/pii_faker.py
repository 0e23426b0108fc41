"""Labelled chat messages from Faker values in 67 locales: PII test data nobody tuned to.

    python benchmarks/pii_faker.py            # writes data/pii_faker_<split>.jsonl, every split
    python benchmarks/pii_faker.py --check    # regenerates and compares with those files

The templates (``pii_templates.py``) were written before any recognizer was tuned; each
``{slot}`` gets a Faker value of the message's locale, sometimes obfuscated the way people
type (digits spaced out, "at"/"dot" for an e-mail, an address over several lines, cards and
IBANs with any separator), next to look-alikes that are not PII (order numbers, times,
prices, versions, a Luhn-invalid barcode, cities). Dev and test share no locale and no
template (``DEV_LOCALES``/``TEST_LOCALES``, ``pii_templates.templates``): recognizers are
tuned on dev only and the test split is measured once. The test split stopped being unseen
when recognizers were fixed after its first measurement, so a third split, "fresh", has its
own templates written later (``pii_templates_fresh.py``) and 8 locales used by neither
(``FRESH_LOCALES``), committed before any measurement on it. The fresh split in turn
informed fixes after its first measurement, so a fourth split, "fresh2", has templates by an
author who had not read the recognizers (``pii_templates_fresh2.py``) and 8 more locales used
by no other split (``FRESH2_LOCALES``), committed before any measurement on it. The fresh2
split informed fixes in turn, so a fifth, "fresh3", has templates by another independent author
(``pii_templates_fresh3.py``) and 8 more unused locales (``FRESH3_LOCALES``; where Faker has no
address or phone provider for one, ``TOWNS`` writes the country's own), committed before any
measurement on it. The fresh3 split informed fixes in turn, so a sixth, "fresh4", has templates
by yet another independent author (``pii_templates_fresh4.py``) and 8 more unused locales
(``FRESH4_LOCALES``, with ``TOWNS`` where Faker falls back to US addresses or phones),
committed before any measurement on it. The fresh4 split informed fixes in turn, so a seventh,
"fresh5", has templates by another independent author (``pii_templates_fresh5.py``) and 8 more
unused locales (``FRESH5_LOCALES``: Cyrillic, Georgian, Hebrew, Japanese, Korean, Devanagari and
Zulu ones), committed before any measurement on it and measured once, alone (``privacy.py --split
fresh5``), before it joins the full report. The fresh5 split informed fixes in turn, so an
eighth, "fresh6", has English templates by another independent author
(``pii_templates_fresh6.py``: text as users paste it into an English-speaking assistant) filled
with values of 8 more unused locales (``FRESH6_LOCALES``: Russian, Persian, Hindi, Bengali, Thai,
Chinese, Armenian, Ghanaian) and its own seed, committed before any measurement on it. Which
locales, templates and seed make each split, and the locale-specific providers (``TOWNS``,
``IBAN_FORMATS``, ``EXTRA``), are in ``pii_splits.py``. Everything is derived from the split's
seed (``SPLIT_SEEDS``) and the pinned Faker version, message by message, so a split is the same
on every machine.
"""

from __future__ import annotations

import hashlib
import json
import random
import string
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from functools import cache
from pathlib import Path

from faker import Faker
from faker.providers.bank import Provider as BankProvider
from faker.providers.credit_card import Provider as CardProvider
from pii_splits import (
    CITY_FIRST,
    EXTRA,
    IBAN_FORMATS,
    POSTCODE_FIRST,
    SEED,
    SPLIT_LOCALES,
    SPLIT_SEEDS,
    SPLIT_TEMPLATES,
    SPLITS,
    TOWNS,
)
from pii_splits import DEV_LOCALES as DEV_LOCALES  # re-exported: the registry lives there
from pii_splits import FRESH2_LOCALES as FRESH2_LOCALES
from pii_splits import FRESH3_LOCALES as FRESH3_LOCALES
from pii_splits import FRESH4_LOCALES as FRESH4_LOCALES
from pii_splits import FRESH5_LOCALES as FRESH5_LOCALES
from pii_splits import FRESH6_LOCALES as FRESH6_LOCALES
from pii_splits import FRESH_LOCALES as FRESH_LOCALES
from pii_splits import TEST_LOCALES as TEST_LOCALES

REPS = 3
"""Messages per (locale, template)."""
DATA = Path(__file__).parent / "data"

CARD_BRANDS = ("mastercard", "visa16", "visa13", "visa19", "amex", "discover", "diners")
CARD_BRANDS += ("jcb15", "jcb16")
CARD_GROUPS = {13: (4, 4, 5), 14: (4, 6, 4), 15: (4, 6, 5), 16: (4, 4, 4, 4), 19: (4, 4, 4, 4, 3)}
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
LANGUAGES = ("French", "German", "Spanish", "Polish", "English", "Italian", "Dutch", "Czech")
LANGUAGES += ("Swedish", "Danish", "Romanian", "Portuguese", "Norwegian", "Finnish", "Greek")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August")
MONTHS += ("September", "October", "November", "December")
Slot = Callable[[Faker, random.Random, str], str]
"""A value maker: (Faker of the locale, seeded RNG, locale name) -> value."""


def _group(digits: str, sizes: tuple[int, ...], sep: str) -> str:
    out, i = [], 0
    for n in sizes:
        out.append(digits[i : i + n])
        i += n
    return sep.join(x for x in out if x)


def _card(f: Faker, r: random.Random, sep: str | None) -> str:
    brand = r.choice(CARD_BRANDS)
    try:
        digits = f.credit_card_number(card_type=brand)
    except KeyError:  # pt_PT's card provider knows only Visa, Mastercard and Maestro
        digits = CardProvider(f).credit_card_number(card_type=brand)
    sep = r.choice((" ", " ", "-", ".", "")) if sep is None else sep
    return _group(digits, CARD_GROUPS[len(digits)], sep)


def _spaced_phone(f: Faker, r: random.Random) -> str:
    number = f.phone_number()
    keep = "".join(c for c in number if c.isdigit() or c == "+")
    return " ".join(keep).replace("+ ", "+")


def _email(f: Faker, r: random.Random, at: str, dot: str) -> str:
    address = f.email(safe=False) if r.random() < 0.5 else f.free_email()
    return address.replace(".", dot).replace("@", at)


def _password(f: Faker, r: random.Random) -> str:
    if r.random() < 0.5:
        return f.password(length=r.randint(8, 14))
    words = [w.lower() for w in f.words(2)]
    return f"{words[0]}-{r.randint(10, 99)}-{words[1]}{r.choice(('', '!', '?', '#'))}"


def _pin(f: Faker, r: random.Random) -> str:
    digits = "".join(r.choice(string.digits) for _ in range(r.randint(4, 6)))
    shape = r.random()
    if shape < 0.15:
        return digits + r.choice("*#")
    if shape < 0.3:
        return f"{digits[:2]}-{digits[2:]}"
    return digits


def _token(f: Faker, r: random.Random) -> str:
    alnum, upper = string.ascii_letters + string.digits, string.ascii_uppercase + string.digits
    pick = lambda chars, n: "".join(r.choice(chars) for _ in range(n))  # noqa: E731
    return r.choice(
        (
            "ghp_" + pick(alnum, 36),
            "sk-" + pick(alnum, 48),
            "AKIA" + pick(upper, 16),
            "xoxb-" + pick(string.digits, 12) + "-" + pick(alnum, 24),
            "glpat-" + pick(alnum, 20),
            "hf_" + pick(alnum, 34),
        )
    )


def _unit(f: Faker, r: random.Random) -> str:
    kind = r.choice(("Apt", "Apt.", "Flat", "Unit", "Suite", "Apartment"))
    return f"{kind} {r.randint(1, 120)}{r.choice(('', '', 'A', 'B', 'C'))}"


def _postcode_city(f: Faker, locale: str) -> str:
    code, city = f.postcode(), f.city()
    first = (locale[:2] in POSTCODE_FIRST or locale in POSTCODE_FIRST) and locale not in CITY_FIRST
    if locale in ("lv_LV", "ga_IE"):  # Rīga, LV-1010; Galway, H91 E2K3
        return f"{city}, {code}"
    return f"{code} {city}" if first else f"{city} {code}"


def _luhn_invalid(r: random.Random) -> str:
    while True:
        digits = "".join(r.choice(string.digits) for _ in range(16))
        total = sum(
            int(c) if i % 2 == 0 else sum(divmod(int(c) * 2, 10))
            for i, c in enumerate(reversed(digits))
        )
        if total % 10:
            return _group(digits, (4, 4, 4, 4), " ")


def _price(r: random.Random) -> str:
    a, b = r.randint(2, 1999), r.randint(0, 99)
    return r.choice(
        (f"${a}.{b:02d}", f"£{a:,}.{b:02d}", f"€{a},{b:02d}", f"{a},{b:02d} €", f"Rs. {a:,}")
        + (f"R$ {a},{b:02d}", f"{a * 1000:,} đ".replace(",", "."), f"{a} zł", f"{a} euros")
    )


PII: dict[str, tuple[str, Slot]] = {
    "name": ("name", lambda f, r, loc: f.name()),
    "first": ("name", lambda f, r, loc: f.first_name()),
    "first2": ("name", lambda f, r, loc: f.first_name()),
    "first_lower": ("name", lambda f, r, loc: f.first_name().lower()),
    "last": ("name", lambda f, r, loc: f.last_name()),
    "email": ("email", lambda f, r, loc: _email(f, r, "@", ".")),
    "email_spelled": ("email", lambda f, r, loc: _email(f, r, " at ", " dot ")),
    "email_bracket": ("email", lambda f, r, loc: _email(f, r, " [at] ", " [dot] ")),
    "phone": ("phone", lambda f, r, loc: f.phone_number()),
    "phone_spaced": ("phone", lambda f, r, loc: _spaced_phone(f, r)),
    "address": ("address", lambda f, r, loc: f.address().replace("\n", ", ")),
    "address_lines": ("address", lambda f, r, loc: f.address()),
    "street": ("address", lambda f, r, loc: f.street_address().replace("\n", ", ")),
    "postcode_city": ("address", lambda f, r, loc: _postcode_city(f, loc)),
    "postcode": ("address", lambda f, r, loc: f.postcode()),
    "unit": ("address", lambda f, r, loc: _unit(f, r)),
    "card": ("card", lambda f, r, loc: _card(f, r, None)),
    "card_plain": ("card", lambda f, r, loc: _card(f, r, "")),
    "card_dashed": ("card", lambda f, r, loc: _card(f, r, "-")),
    "iban": ("iban", lambda f, r, loc: f.iban()),
    "iban_spaced": ("iban", lambda f, r, loc: _group(f.iban(), (4,) * 9, " ")),
    "password": ("secret", lambda f, r, loc: _password(f, r)),
    "pin": ("secret", lambda f, r, loc: _pin(f, r)),
    "token": ("secret", lambda f, r, loc: _token(f, r)),
    "dob": (
        "dob",
        lambda f, r, loc: f.date_of_birth().strftime(
            r.choice(("%d/%m/%Y", "%d.%m.%Y", "%Y-%m-%d", "%m/%d/%Y", "%d-%m-%Y"))
        ),
    ),
    "dob_long": ("dob", lambda f, r, loc: f"{r.choice(MONTHS)} {r.randint(1, 28)}, {f.year()}"),
    "ip": ("ip", lambda f, r, loc: f.ipv4_public() if r.random() < 0.8 else f.ipv6()),
    # dev-only slots (pii_templates_dev2.py)
    "phone_local7": ("phone", lambda f, r, loc: f"{r.randint(200, 989)}-{r.randint(0, 9999):04d}"),
    "phone_ext": (
        "phone",
        lambda f, r, loc: (
            f.phone_number() + r.choice((" x", " ext. ", " ext ")) + str(r.randint(2, 9999))
        ),
    ),
    "po_box": (
        "address",
        lambda f, r, loc: (
            r.choice(("PO Box", "P.O. Box", "Postfach", "BP", "Apartado", "Box"))
            + f" {r.randint(1, 9999)}"
        ),
    ),
}
"""PII slot -> (pockettune category, value maker)."""

LOOK_ALIKES: dict[str, Slot] = {
    "weekday": lambda f, r, loc: r.choice(WEEKDAYS),
    "month": lambda f, r, loc: r.choice(MONTHS),
    "year": lambda f, r, loc: str(r.randint(1990, 2025)),
    "city": lambda f, r, loc: f.city(),
    "price": lambda f, r, loc: _price(r),
    "time": lambda f, r, loc: r.choice(
        (f"{r.randint(0, 23)}:{r.choice(('00', '15', '30', '45'))}", f"{r.randint(1, 12)}.45pm")
        + (f"{r.randint(1, 12)}am", f"{r.randint(7, 21)}h30", f"{r.randint(1, 12)}:05 AM")
    ),
    "order": lambda f, r, loc: r.choice(
        (f"#{r.randint(10**5, 10**9)}", f"A-{r.randint(10**4, 10**7)}")
        + (f"{r.randint(1000, 9999)}-{r.randint(1000, 9999)}-{r.randint(100, 999)}",)
    ),
    "room": lambda f, r, loc: str(r.randint(2, 450)),
    "version": lambda f, r, loc: f"v{r.randint(1, 9)}.{r.randint(0, 20)}.{r.randint(0, 9)}",
    "version2": lambda f, r, loc: f"{r.randint(1, 9)}.{r.randint(0, 20)}",
    "version4": lambda f, r, loc: ".".join(str(r.randint(0, 9)) for _ in range(4)),
    "tracking": lambda f, r, loc: r.choice(
        ("1Z" + "".join(r.choice(string.ascii_uppercase + string.digits) for _ in range(16)),)
        + (f"RR{r.randint(10**8, 10**9 - 1)}CN",)
    ),
    "flight": lambda f, r, loc: f"{r.choice(('BA', 'LH', 'AF', 'VN', 'KL'))} {r.randint(10, 2999)}",
    "gate": lambda f, r, loc: f"{r.choice('ABCDE')}{r.randint(1, 40)}",
    "invoice": lambda f, r, loc: f"INV-{r.randint(2019, 2025)}-{r.randint(1, 99999):05d}",
    "page": lambda f, r, loc: str(r.randint(2, 400)),
    "sku": lambda f, r, loc: (
        f"{r.randint(1000, 9999)}-{r.randint(1000, 9999)}-{r.randint(100, 999)}"
    ),
    "serial": lambda f, r, loc: (
        "SN" + "".join(r.choice(string.digits + "ABCDEF") for _ in range(10))
    ),
    "lottery": lambda f, r, loc: " ".join(str(n) for n in sorted(r.sample(range(1, 50), 6))),
    "luhn_invalid": lambda f, r, loc: _luhn_invalid(r),
    "language": lambda f, r, loc: r.choice(LANGUAGES),
    "language2": lambda f, r, loc: r.choice(LANGUAGES),
    "errnum": lambda f, r, loc: r.choice(
        (str(r.randint(10**5, 10**10)), f"{r.randint(100, 9999)}-{r.randint(1000, 9999)}")
    ),
}
"""Look-alike slots: filled with values that are not PII and must be left as they are."""


@cache
def _faker(locale: str) -> Faker:
    f = Faker(locale)
    for provider in f.providers:
        # it_IT builds its city list from a set: its order, and so the seeded draw, would
        # change with Python's hash seed between processes
        if isinstance(getattr(provider, "cities", None), list):
            provider.cities = sorted(provider.cities)
    if locale in IBAN_FORMATS:
        code, bban = IBAN_FORMATS[locale]
        f.add_provider(type("Bank", (BankProvider,), {"country_code": code, "bban_format": bban}))
    if locale in EXTRA:
        f.add_provider(EXTRA[locale])
    if locale in TOWNS:
        f.add_provider(TOWNS[locale])
    return f


def message(locale: str, template_id: str, template: str, rep: int, seed: int = SEED) -> dict:
    """One labelled message; its values depend only on (seed, locale, template id, rep)."""
    key = int.from_bytes(
        hashlib.sha256(f"{seed}|{locale}|{template_id}|{rep}".encode()).digest()[:8]
    )
    f, r = _faker(locale), random.Random(key)
    f.seed_instance(key)
    text, pii = "", []
    for literal, field, _, _ in string.Formatter().parse(template):
        text += literal
        if field is None:
            continue
        if field in PII:
            category, make = PII[field]
            value = make(f, r, locale).strip()
            pii.append({"category": category, "value": value, "start": len(text)})
            pii[-1]["end"] = len(text) + len(value)
        else:
            value = LOOK_ALIKES[field](f, r, locale)
        text += value
    return {
        "id": f"{locale}/{template_id}/{rep}",
        "locale": locale,
        "template": template_id,
        "text": text,
        "pii": pii,
    }


CLOCK = datetime(2026, 12, 7)
"""The "now" Faker's dates are drawn against. Its birth dates and years are offsets back from
the clock, so with the real one a seeded value drifts with the day the data is generated
(a lt_LT "born February 23, 2022" became 2023 by the afternoon of 2026-12-07) and the
committed files stop matching; every split was generated as of this day."""


@contextmanager
def _fixed_clock() -> Iterator[None]:
    """Faker's date provider sees :data:`CLOCK` as now (its own ``datetime`` replaced)."""
    import faker.providers.date_time as dt

    class Fixed(datetime):
        @classmethod
        def now(cls, tz=None):  # type: ignore[no-untyped-def]
            return CLOCK if tz is None else CLOCK.replace(tzinfo=timezone.utc).astimezone(tz)

    real, dt.datetime = dt.datetime, Fixed
    try:
        yield
    finally:
        dt.datetime = real


def generate(split: str, seed: int | None = None, reps: int = REPS) -> list[dict]:
    """Every message of ``split`` ("dev", "test", "fresh" ... "fresh6"), in order; ``seed``
    defaults to the split's own (``pii_splits.SPLIT_SEEDS``)."""
    seed = SPLIT_SEEDS[split] if seed is None else seed
    own = SPLIT_TEMPLATES[split]
    with _fixed_clock():
        return [
            message(loc, tid, t, rep, seed)
            for loc in SPLIT_LOCALES[split]
            for tid, t in own(loc[:2])
            for rep in range(reps)
        ]


def dumps(cases: list[dict]) -> str:
    return "".join(json.dumps(c, ensure_ascii=False) + "\n" for c in cases)


def main(argv: list[str]) -> int:
    stale = []
    for split in SPLITS:
        path, text = DATA / f"pii_faker_{split}.jsonl", dumps(generate(split))
        if "--check" in argv:
            if not path.exists() or path.read_text() != text:
                stale.append(path.name)
        else:
            path.write_text(text)
            print(f"{path}: {text.count(chr(10))} messages (seed {SPLIT_SEEDS[split]})")
    if stale:
        print("differs from the generator:", ", ".join(stale))
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
