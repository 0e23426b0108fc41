"""Recognizers for each redaction category: Presidio's where it has one, ours where not.

Presidio's own: e-mail (with the suffix check made offline), phone (``phonenumbers``:
international formats, ``(0)``, no separators, extensions; one pass per region, in
``phone_context.py``), IBAN
(mod-97 and per-country formats, plus IBAN-shaped codes after an account cue), IP
(``ipaddress``-validated) and US SSN. Ours, because Presidio has none or its version misses
what users type: cards (``cards.py``: 2-series Mastercard, 19 digits, any separator),
obfuscated e-mail ("john dot doe at gmail dot com"), phones spelled digit by digit, secrets
(``secrets.py``: token prefixes, detect-secrets' vendor tokens, "my password is ..." in nine
languages), dates of birth (a date after birth context in eight languages), addresses and
postcodes (``addresses.py``, ``address_caseless.py``, ``address_scripts.py``), names
(``names.py``, ``names_caseless.py``), and an IP check that a dotted number
after "section" or "version" is a document number, not a host.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from .dates import DATES
from .document_numbers import DOCUMENT_NUMBER_CONTEXT
from .offline import offline_tldextract
from .standalone import standalone as _standalone

PHONE_REGIONS = ("US", "GB", "DE", "FR", "IN", "AU", "NL", "ES", "IT", "IE", "CA", "CH")
PHONE_REGIONS += ("BR", "PT", "PL", "VN", "BE", "AT", "MX", "NZ")
PHONE_REGIONS += ("RU", "IR", "BD", "TH", "CN", "AM", "GH")  # fresh6 fixes
"""Regions whose national formats (no ``+`` prefix) are recognised; an international number
is recognised whatever its country."""

SECRET_PREFIXES = (
    r"sk-(?:proj-)?[A-Za-z0-9_-]{16,}",  # OpenAI
    r"sk_(?:live|test)_[A-Za-z0-9]{16,}",  # Stripe
    r"(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}",  # GitHub
    r"glpat-[A-Za-z0-9_-]{20,}",  # GitLab
    r"AKIA[0-9A-Z]{16}",  # AWS access key id
    r"xox[abprs]-[A-Za-z0-9-]{10,}",  # Slack
    r"AIza[0-9A-Za-z_-]{30,}",  # Google API key
    r"hf_[A-Za-z0-9]{20,}",  # Hugging Face
    r"eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}",  # JWT
)
DOB_CONTEXT = [
    "born", "birth", "dob", "d.o.b", "birthday", "b.", "né", "née", "naissance", "geboren",
    "geburtsdatum", "geburtstag", "nacimiento", "nacido", "nacida", "nascita", "nato", "nata",
    "geboortedatum", "urodzenia", "urodzony", "urodzona", "urodziłem", "urodziłam",
    "nascimento", "nasci", "nascido", "nascida", "sinh",
    # issue #41: Czech, Slovak, Swedish, Danish, Norwegian, Romanian, Finnish, Hungarian
    "narození", "narozen", "narozena", "narodenia", "narodený", "narodená", "född", "födelsedatum",
    "født", "fødselsdato", "fødd", "nașterii", "nasterii", "născut", "născută", "syntymäaika",
    "syntynyt", "született", "születési", "nacimiento:", "naixement",
    # Croatian, Azerbaijani, Turkish; German "geb." (context words match as substrings)
    "rođen", "rođena", "rođenja", "rođendan", "doğum", "doğulub", "doğulmuşam", "doğdum",
    "geb.", "birthdate",
    # Slovenian, Indonesian/Malay, Lithuanian, Latvian, Estonian, Turkish (after fresh3)
    "rojen", "rojena", "rojstni", "rojstva", "lahir", "kelahiran", "gimimo", "gimęs", "gimusi",
    "dzimšanas", "dzimis", "dzimusi", "sünnikuupäev", "sündinud", "sünniaeg", "doğumlu",
    # Icelandic, Irish, Greek, Catalan (fresh4 fixes)
    "fæðingardagur", "fæðingardag", "fædd", "fæddur", "breithe", "rugadh", "breithlá",
    "γέννησης", "γεννήθηκα", "γεννήθηκε", "γενέθλια", "naixement", "nascut", "nascuda",
    # Ukrainian, Macedonian, Georgian, Hebrew, Japanese, Korean, Zulu, Nepali (fresh5 fixes)
    "народження", "народився", "народилася", "роден", "родена", "раѓање", "დაბადების",
    "დავიბადე", "לידה", "נולדתי", "נולד", "生年月日", "誕生日", "生まれ", "생년월일", "생일",
    "태어났", "ngazalwa", "wazalwa", "जन्म", "जन्ममिति",
]  # fmt: skip
IBAN_CONTEXT = ["iban", "account", "konto", "compte", "cuenta", "conto", "rekening", "conta"]
IBAN_CONTEXT += ["wire", "transfer", "deposit", "virement", "überweisung", "transferencia"]
# money sent to it: "send your share to PH55 8773 ...", "pay into", "bank"
IBAN_CONTEXT += ["send", "share", "pay", "bank", "payment", "envía", "manda", "stuur", "envoie"]
IBAN_CONTEXT += ["debit", "salary", "payee", "beneficiary"]  # fresh6: "a direct debit from"
PHONE_CONTEXT = [
    "phone", "number", "telephone", "tel", "cell", "mobile", "call", "ring", "text", "reach",
    "whatsapp", "fax", "landline", "contact", "dial", "mobil", "portable", "sms", "numéro",
    "téléphone", "appelle", "appeler", "telefon", "handy", "anrufen", "ruf", "nummer",
    "teléfono", "móvil", "llama", "llámame", "número", "celular", "cellulare", "numero",
    "telefono", "chiama", "chiamami", "bel", "telefoon", "mobiel", "telefonu", "zadzwoń",
    "komórka", "telefone", "ligue", "liga", "zap", "điện", "thoại", "gọi", "sđt",
    # Turkish, Indonesian, Latvian, Lithuanian, Estonian, Slovenian (after fresh3)
    "numara", "nomor", "telepon", "tālrun", "numurs", "zvani", "telefonas", "numeris",
    "skambink", "helista", "mobiil", "številk", "pokliči",
]  # fmt: skip


def recognizers_for(category: str) -> list[Any]:
    """Presidio recognizers that find ``category``; built on demand (heavy imports)."""
    return BUILDERS[category]()  # an unknown category is a KeyError(category)


def _email() -> list[Any]:
    from presidio_analyzer.predefined_recognizers import EmailRecognizer

    from .contextual import ObfuscatedEmailRecognizer

    class OfflineEmailRecognizer(EmailRecognizer):
        def validate_result(self, pattern_text: str) -> bool:
            # the domain alone: the match may begin with a URL's path ("/a?email=x@y.com");
            # a domain that is itself a two-part public suffix counts ("x@gov.ua")
            found = offline_tldextract()(pattern_text.rsplit("@", 1)[-1])
            return found.fqdn != "" or "." in found.suffix

    return [OfflineEmailRecognizer(), ObfuscatedEmailRecognizer()]


def _phone() -> list[Any]:
    from presidio_analyzer import PatternRecognizer

    from .phone_context import context_phone_recognizer
    from .phones import LinePhoneRecognizer
    from .tables import ColumnRecognizer

    return [
        ColumnRecognizer("PHONE_NUMBER"),
        context_phone_recognizer(PHONE_CONTEXT, PHONE_REGIONS),
        LinePhoneRecognizer(),
        PatternRecognizer(
            "PHONE_NUMBER",
            # one digit at a time, spaced out so that no pattern sees a number: "0 6 1 2 ..."
            patterns=_patterns(
                "spaced digits", (r"(?<![\w+])\+?\d(?:[ .-]\d){7,17}(?![\w.-]?\d)",), 0.5
            ),
        ),
    ]


def _card() -> list[Any]:
    from .cards import CardRecognizer

    return [CardRecognizer()]


def _iban() -> list[Any]:
    from presidio_analyzer import PatternRecognizer
    from presidio_analyzer.predefined_recognizers import IbanRecognizer

    # an IBAN-shaped code after an account cue is an IBAN even when its checksum or length
    # is wrong (a typo, or a made-up example): it still identifies an account
    shaped = r"\b[A-Z]{2}\d{2}(?:[ -]?[A-Z0-9]{4}){2,8}(?:[ -]?[A-Z0-9]{1,4})?\b"  # to 34 long
    return [
        IbanRecognizer(),
        PatternRecognizer(
            "IBAN_CODE", patterns=_patterns("IBAN-shaped", (shaped,), 0.1), context=IBAN_CONTEXT
        ),
    ]


def _ip() -> list[Any]:
    from presidio_analyzer.predefined_recognizers import IpRecognizer

    class DocumentAwareIpRecognizer(IpRecognizer):
        """Presidio's IP recognizer, minus "section 3.2.1.4" and "version 1.2.3.4"."""

        def analyze(
            self, text: str, entities: list[str], nlp_artifacts: Any = None, **kw: Any
        ) -> list:
            found = super().analyze(text, entities, nlp_artifacts, **kw)
            return [
                r
                for r in found
                if not DOCUMENT_NUMBER_CONTEXT.search(text[: r.start])
                and not _version(text, r.start)
            ]

    return [DocumentAwareIpRecognizer()]


VERSION_CUE = re.compile(
    r"\b(?:update[ds]?|upgrade[ds]?|patch|fw|ver|software|app|ios|android|os|rom|bios|kernel"
    r"|versi[oó]n|versão|versione|versie|wersja|verze|sürüm|sürümü|güncelleme|versija|versioon"
    r"|različica|posodobitev|pembaruan|versi|atnaujinimas|atjauninājums|uuendus)\.?"
    r"(?:[ \t]+(?:to|is|was|a|an|the|of|de|la|el|v|ver\.?)){0,2}[ \t]*[:#]?[ \t]*v?\.?$",
    re.IGNORECASE,
)
"""A dotted number after these words is a version ("phone update 5.8.9.1 bricked it")."""
NETWORK_CUE = re.compile(
    r"\b(?:ip|router|server|host|gateway|dns|address|adresse|dirección|ping|ssh|subnet|lan)\b",
    re.IGNORECASE,
)


def _version(text: str, start: int) -> bool:
    """A version number, not an IPv4 address: a version cue right before it and no network
    word among the few words before (an IP "after the router update" stays an IP)."""
    before = text[max(0, start - 40) : start]
    return bool(VERSION_CUE.search(before)) and not NETWORK_CUE.search(before)


def _ssn() -> list[Any]:
    from presidio_analyzer.predefined_recognizers import UsSsnRecognizer

    class JoinedAwareSsnRecognizer(UsSsnRecognizer):
        """Presidio's SSN recognizer, minus matches inside a longer code ("734-22-1190-B")."""

        def analyze(
            self, text: str, entities: list[str], nlp_artifacts: Any = None, **kw: Any
        ) -> list:
            found = super().analyze(text, entities, nlp_artifacts, **kw)
            return [r for r in found if _standalone(text, r.start, r.end)]

    return [JoinedAwareSsnRecognizer()]


def _patterns(name: str, regexes: tuple[str, ...], score: float) -> list:
    from presidio_analyzer import Pattern

    return [Pattern(f"{name} {i}", rx, score) for i, rx in enumerate(regexes)]


def _secret() -> list[Any]:
    from presidio_analyzer import PatternRecognizer

    from .secrets import SecretRecognizer
    from .tables import ColumnRecognizer

    return [
        ColumnRecognizer("SECRET"),
        PatternRecognizer(
            "SECRET",
            patterns=_patterns("token prefix", tuple(rf"\b{p}" for p in SECRET_PREFIXES), 0.9),
            global_regex_flags=re.DOTALL,
        ),
        SecretRecognizer(),
    ]


def _dob() -> list[Any]:
    from presidio_analyzer import PatternRecognizer

    from .tables import ColumnRecognizer

    # a date is a date of birth only next to birth context, which lifts 0.1 to 0.4
    return [
        PatternRecognizer(
            "DATE_OF_BIRTH", patterns=_patterns("date", DATES, 0.1), context=DOB_CONTEXT
        ),
        ColumnRecognizer("DATE_OF_BIRTH"),
    ]


def _address() -> list[Any]:
    from .address_caseless import CaselessAddressRecognizer
    from .address_parts import FullAddressRecognizer
    from .address_scripts import ScriptAddressRecognizer
    from .tables import ColumnRecognizer

    return [
        FullAddressRecognizer(),
        CaselessAddressRecognizer(),
        ScriptAddressRecognizer(),
        ColumnRecognizer("STREET_ADDRESS"),
    ]


def _name() -> list[Any]:
    from .names import NameRecognizer
    from .names_caseless import CaselessNameRecognizer
    from .tables import ColumnRecognizer

    return [NameRecognizer(), CaselessNameRecognizer(), ColumnRecognizer("PERSON")]


BUILDERS: dict[str, Callable[[], list[Any]]] = {
    "email": _email, "phone": _phone, "card": _card, "iban": _iban, "ip": _ip, "ssn": _ssn,
    "secret": _secret, "dob": _dob, "address": _address, "name": _name,
}  # fmt: skip
"""Each category's builder; :func:`recognizers_for` calls the one asked for."""
