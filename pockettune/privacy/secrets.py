"""Secrets in chat: vendor tokens (detect-secrets' detectors), high-entropy tokens, and the
value after a cue phrase ("my password is", "PIN", "the code is", "login: x /") in English,
French, German, Spanish, Italian, Dutch, Polish, Portuguese and Vietnamese.

detect-secrets (Yelp, Apache-2.0) scans source files: its keyword and entropy plugins look
for quoted values after ``password =``, so "my password is north-25-indicate!" passes. Its
vendor-token regexes (AWS, GitHub, GitLab, Slack, Stripe, JWT, ...) work on prose and are
kept whole; the public-IP detector is left out (IPs are their own category). A value after a
password cue is taken whatever its form; after a weaker cue ("code", "PIN") it must hold a
digit, so "the code is broken" stays.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from .span_recognizer import SpanRecognizer

PASSWORD_CUES = (
    r"password|passwd|passphrase|pwd|pw|wifi key|mot de passe|mdp|passwort|kennwort"
    r"|contraseña|parola d'ordine|wachtwoord|hasło|haslo|senha|mật khẩu|mat khau"
    r"|heslo|hesla|lösenord|lösenordet|adgangskode|adgangskoden|kodeord|passord|passordet"
    r"|parola|parolă|parolei|salasana(?:ni)? on|salasana|jelszó|jelszava|wifi-passwort"
    r"|wlan-passwort"
    # Croatian, Azerbaijani, Turkish
    r"|lozinka|lozinku|lozinke|zaporka|zaporku|šifra|šifru|parol|parolu|şifrə|şifrəsi|şifre"
    # Slovenian, Lithuanian, Estonian ("on" as the copula only right after it), Turkish,
    # Latvian, Indonesian and Malay
    r"|geslo|gesla|geslom|slaptažodis|slaptažodį|slaptažodžio|parool on|parooliks on|parool"
    r"|parooli|şifresi|şifrem|şifreniz|şifren|parolası|parolam|paroli|kata sandi|kata laluan"
    # Icelandic, Irish, Greek, Catalan (fresh4 fixes)
    r"|lykilorð|lykilorðið|aðgangsorð|pasfhocal|focal faire|κωδικός πρόσβασης"
    r"|συνθηματικό|contrasenya"
    # Ukrainian, Macedonian, Georgian, Hebrew, Korean, Zulu, Nepali (fresh5 fixes)
    r"|пароль|паролем|лозинка|лозинката|лозинку|პაროლი|პაროლია|סיסמה|סיסמא|הסיסמה|והסיסמה"
    r"|הסיסמא|비밀번호는|비밀번호|iphasiwedi|nephasiwedi|yiphasiwedi|phasiwedi|पासवर्ड"
)
"""Cues after which any value is a secret (but not a filler word: "my password is wrong")."""
KEY_CUES = r"api[_ ]?key|secret|token|clave|wi-?fi code|chave|κωδικός|clau"
"""Cues after which a value is a secret if it looks like one (a digit, a symbol, MiXed case)."""
CODE_CUES = (
    r"pin kodu|pin-kodu|pin kod|passcode|pin(?: code| number)?|door code|gate code|access code|security code|alarm code"
    r"|verification code|one-time code|otp|2fa code|cvv|cvc|code|digicode"
    r"|code (?:pin|secret|d'accès|de la porte|de l'immeuble|du portail|wifi)"
    r"|geheimzahl|zugangscode|türcode|pin-code|código(?: pin| de acceso| de la puerta)?"
    r"|codice(?: pin| segreto| di accesso)?|pincode|toegangscode|kod(?: pin| dostępu| do drzwi)?"
    r"|mã(?: pin| otp| xác nhận| số bí mật)?"
    # issue #41: Nordic, Czech/Slovak, Romanian, Finnish, Hungarian code words
    r"|portkod|portkoden|koden|kod|kode|koden|kódu|kód|cod|codul|pin-kod|pinkod|pinkode"
    r"|koodi|pin-koodi|ovikoodi|pin-kód|clé|schlüsselcode|boxcode"
    # a lock's combination, compound code words (Dutch, Nordic), Azerbaijani/Turkish "kod(u)"
    r"|combination|combo|lock code|combinación|combinaison|kombination|combinatie|kombinasjon"
    r"|kombinace|combinazione|combinação|alarmcode|deurcode|poortcode|kluiscode|alarmkode"
    r"|dørkode|alarmkod|kodu|şifrə kodu"
    # Latvian, Lithuanian, Estonian, Slovenian, Indonesian code words ("durvju kods 2366")
    r"|kods|kodas|kodą|kood|koodi|koda|kodo|kode akses|kode pintu|pin-kods|pin kods"
    r"|kóði|kóðinn|hurðarkóði|hurðakóði|pin-númer|cód|cód an dorais|uimhir pin|κωδικός πόρτας"
    r"|codi|codi de la porta|codi pin"
)
"""Cues after which a value is a secret if it holds a digit."""
COPULA = (
    r"is|was|is now|are|it's|it is|est|c'est|ist|lautet|es|è|é|to|là|jest|wynosi|is het"
    r"|son|sono|são|es el|est le|é o|è il|ist die|je|är|er|este|az|mám|yra|ir|adalah"
    r"|είναι|és|ná|is é|е|є|არის|הוא|היא|है|हो|ngu"
)
FILLER = r"(?:[\w'’-]+\s+){0,5}?"
"""Up to five words between the cue and the copula: "the door code for the building is"."""
CUE = re.compile(
    rf"\b(?P<cue>{PASSWORD_CUES}|{KEY_CUES}|{CODE_CUES})\b"
    rf"(?P<link>'s\s+|\s*[:=]\s*|,?\s+{FILLER}(?:(?:{COPULA})\s*:?\s+|[\w'’-]+\s*[:=]\s*)|\s+)"
    r"(?P<value>[^\s,;]+)",
    re.IGNORECASE,
)
CHOSEN = re.compile(
    rf"\b(?P<cue>{PASSWORD_CUES}|{KEY_CUES}|{CODE_CUES})\b[^.?!\n]{{0,60}}?\b"
    r"(?:(?:I|we|she|he|they)\s+)?(?:picked|chose|choose|went with|set it to|set to|changed it to"
    r"|changed to|made it|typed|entered|used|replied|answered|sent(?: them| him| her)?"
    r"|it's now|is now|now it's|j'ai (?:mis|choisi|répondu|tapé)|répondu|choisi|quedó|quedo"
    r"|quedó como|puse|elegí|cambié a|ahora es|habe ich|gewählt|ist jetzt|nu is het|gekozen"
    r"|ho messo|scelto|escolhi|ficou|coloquei|sada je|stavio sam|stavila sam|postavio"
    r"|postavila|indi|seçdim|yazdım)"
    r"\s*:?\s+(?P<value>[^\s,;]+)",
    re.IGNORECASE,
)
"""A value set by a verb a few words after the cue: "a new password, I picked s*y4NDyF",
"la clave del correo, quedó quae-47-eos", "mot de passe ... et j'ai répondu @6Iez". Taken
only when it looks like a secret (a digit, a symbol, MiXed case)."""
AFTER_WORDS = re.compile(
    rf"\b(?P<cue>{PASSWORD_CUES})\b(?:\s+[a-z][a-z-]*){{1,3}}\s+(?P<value>[^\s,;]{{6,}})"
    r"(?=[,;]|[.!?]?(?:\s|$))",
    re.IGNORECASE,
)
"""A value after a password cue and the words that say what it opens, with no copula:
"password wifi rumah tenetur-79-molestiae?, jangan ...", "wachtwoord wifi thuis Kx-77-ab".
Taken only when it has a digit or a symbol, and ends the clause."""
NOT_A_CODE = re.compile(
    r"\b(?:error|status|promo|discount|coupon|voucher|zip|post|postal|area|country|dial|source"
    r"|qr|bar|exit|http|response|product|tax|iso|colou?r|dress|morse|time|sort|swift|bic|iban"
    r")\s+$",
    re.IGNORECASE,
)
"""Words before "code" that make it a product, place or status code, not a secret."""
FAILURE = re.compile(
    r"\b(?:panics?|crash(?:es|ed)?|fails?|failed|exits?|exited)\b[^.\n]{0,30}$", re.I
)
"""A failure a few words before "code": "panics on boot with code 5027-7145" is an error code."""
LOGIN = re.compile(
    r"\b(?:login|credentials|user(?:name)?(?:\s*/\s*password)?|identifiants|zugangsdaten)\s*[:=]?"
    r"\s*\S+\s*/\s*(?P<value>[^\s,;]+)",
    re.IGNORECASE,
)
PASSPORT = re.compile(
    r"\bpassport(?:\s+(?:number|no\.?))?(?:\s+is|:)?\s+(?P<value>[A-Z0-9]*\d[A-Z0-9]*)",
    re.IGNORECASE,
)
NOT_A_SECRET = {
    "the", "a", "an", "my", "your", "his", "her", "our", "their", "this", "that", "not", "too",
    "still", "wrong", "correct", "right", "length", "is", "was", "it", "its", "for", "of", "to",
    "and", "or", "in", "on", "at", "if", "please", "again", "now", "here", "there", "what",
    "which", "le", "la", "les", "de", "der", "die", "das", "el", "il", "het", "o", "do",
    "reset", "expired", "changed", "same", "strong", "weak", "safe", "secure", "number",
    "code", "pin", "password", "du", "des", "và", "của", "tôi", "mình", "bạn",
}  # fmt: skip
TOKEN = re.compile(r"[A-Za-z0-9_\-+/=]{20,}")
TRAILING = ".,;:!?)]}'\""


def _entropy(s: str) -> float:
    n = len(s)
    return -sum(c / n * math.log2(c / n) for c in Counter(s).values())


def vendor_patterns() -> tuple[re.Pattern[str], ...]:
    """detect-secrets' regex detectors, but not its public-IP one (shipped as text:
    precompiled.py)."""
    from .precompiled import detect_secrets_patterns

    return detect_secrets_patterns()


def _value_end(text: str, start: int, end: int) -> int:
    """Drop sentence punctuation after a value, unless the value is all punctuation or the
    mark sits inside a word-and-digit secret ("hunter2022!")."""
    value = text[start:end]
    stripped = value.rstrip(TRAILING)
    if not stripped:
        return end
    if value[-1:] in "!?#*" and any(c.isdigit() for c in stripped) and len(stripped) > 3:
        return end
    return start + len(stripped)


def _looks_secret(value: str) -> bool:
    return bool(re.search(r"\d|[^\w]|[a-z][A-Z]", value))


def _looks_secret_bare(value: str) -> bool:
    """As :func:`_looks_secret`, but a hyphenated word ("e-banking", "wi-fi") is a word."""
    return bool(re.search(r"\d|[^\w-]|[a-z][A-Z]", value))


def _accepted(cue: str, value: str, before: str, link: str) -> bool:
    if not value or value.lower().strip(TRAILING) in NOT_A_SECRET:
        return False
    if cue.lower() == "pw" and not re.search("[:=]", link):
        return False  # "PW 17944": Palau's postcode, not "pw: hunter2"
    if re.fullmatch(PASSWORD_CUES, cue, re.IGNORECASE):
        # "my password is sunshine" is one; "the password field" is not
        return bool(link.strip()) or _looks_secret_bare(value)
    digit = bool(re.search(r"\d", value))
    if re.fullmatch(KEY_CUES, cue, re.IGNORECASE):
        return digit or _looks_secret(value)
    if cue.lower() == "code" and (NOT_A_CODE.search(before) or FAILURE.search(before)):
        return False
    # "PIN at 10:30", "code 3", "50%" are not codes
    return digit and not re.fullmatch(r"\d{1,2}(?:[:.]\d\d)?(?:am|pm|h)?|\d+%", value, re.I)


def _chosen(cue: str, value: str, before: str) -> bool:
    if value.lower().strip(TRAILING) in NOT_A_SECRET or not _looks_secret_bare(value):
        return False
    if re.fullmatch(r"\d{1,2}(?:[:.]\d\d)?(?:am|pm|h)?|\d+%", value, re.IGNORECASE):
        return False  # "the code ... changed to 10:30", "set to 50%"
    if re.fullmatch(CODE_CUES, cue, re.IGNORECASE):
        return bool(re.search(r"\d", value)) and not NOT_A_CODE.search(before)
    return True


JA_SECRET = re.compile(
    r"(?:パスワード|暗証番号|パスコード)(?:は|[:：]|[ \t])[ \t]*"
    r"(?P<value>[^\s、。,，]+?)(?=です|でした|。|、|[\s,，]|$)"
)
"""Japanese has no spaces, so the cue and its particle run into the value: "パスワードはX9-aです"."""


def _line(text: str, pos: int) -> str:
    end = text.find("\n", pos)
    return text[text.rfind("\n", 0, pos) + 1 : end if end >= 0 else len(text)]


def secret_spans(text: str) -> list[tuple[int, int, float, str]]:
    """(start, end, score, why) of each secret found in ``text``."""
    out = []
    for rx in vendor_patterns():
        for m in rx.finditer(text):
            s, e = m.span(m.lastindex) if m.lastindex else m.span()
            value = text[s:e]
            s += len(value) - len(value.lstrip(" \t\"'=:"))
            e -= len(value) - len(value.rstrip(" \t\"'\n"))
            if e - s >= 8:
                out.append((s, e, 0.9, "vendor token (detect-secrets)"))
    for m in CUE.finditer(text):
        if "\n" in m.group("link") and re.search(r"[,;\t|]", _line(text, m.start())):
            continue  # a column header ("url,username,password"): tables.py reads its column
        s, e = m.span("value")
        e = _value_end(text, s, e)
        value = text[s:e].lstrip("\"'«“(")
        s = e - len(value)
        if _accepted(m.group("cue"), value, text[: m.start()], m.group("link")):
            out.append((s, e, 0.6, f"value after {m.group('cue')!r}"))
            continue
        # "combination 4471 is on the fridge": the copula's value was a filler word, so the
        # word right after the cue is the value
        bare = re.match(r"\s+(?P<value>[^\s,;]+)", text[m.end("cue") : m.start("value")])
        if bare and re.fullmatch(CODE_CUES, m.group("cue"), re.IGNORECASE):
            s = m.end("cue") + bare.start("value")
            e = _value_end(text, s, m.end("cue") + bare.end("value"))
            if _accepted(m.group("cue"), text[s:e], text[: m.start()], " "):
                out.append((s, e, 0.6, f"value right after {m.group('cue')!r}"))
    for m in JA_SECRET.finditer(text):
        out.append((*m.span("value"), 0.6, "value after a Japanese password cue"))
    for m in CHOSEN.finditer(text):
        s, e = m.span("value")
        e = _value_end(text, s, e)
        if _chosen(m.group("cue"), text[s:e], text[: m.start()]):
            out.append((s, e, 0.6, f"value chosen after {m.group('cue')!r}"))
    for m in AFTER_WORDS.finditer(text):
        s, e = m.span("value")
        e = _value_end(text, s, e)
        value = text[s:e]
        if re.search(r"\d|[^\w-]", value) and value.lower() not in NOT_A_SECRET:
            out.append((s, e, 0.6, f"value after {m.group('cue')!r} and what it opens"))
    for m in LOGIN.finditer(text):
        s, e = m.span("value")
        if m.group("value").lower().strip(TRAILING) not in NOT_A_SECRET:
            out.append((s, _value_end(text, s, e), 0.6, "login pair"))
    for m in PASSPORT.finditer(text):
        out.append((*m.span("value"), 0.6, "passport number"))
    for m in TOKEN.finditer(text):
        token = m.group()
        classes = sum(bool(re.search(p, token)) for p in ("[a-z]", "[A-Z]", "[0-9]"))
        if classes == 3 and _entropy(token) >= 4.0:
            out.append((m.start(), m.end(), 0.5, "high-entropy token"))
    return out


class SecretRecognizer(SpanRecognizer):
    ENTITY, NAME = "SECRET", "SecretRecognizer"

    def warm(self) -> None:
        vendor_patterns()

    def spans(self, text: str) -> list[tuple[int, int, float, str]]:
        return secret_spans(text)
