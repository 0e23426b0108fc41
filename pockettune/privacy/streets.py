"""Street and unit patterns in the forms several countries write them.

- number first, then words and a street type: "42 Maple Avenue", "7/994 Lucas Amble",
  "25/851 Trivedi Chowk"; the types are the USPS list that ``pyap2`` carries (MIT) plus
  British, Irish, Australian and Indian ones;
- French, number first and a lower-case type: "8, avenue Manon Gillet", "78, rue de Voisin";
- a type first, then a name and a number: "Via Roma 10", "Calle Mayor, 23", "Rua das
  Flores, 81", "plac Batalionów Chłopskich 763", "ul. Długa 5/7";
- German and Dutch compounds: "Hauptstraße 5", "Erol-Kramer-Gasse 6-9", "Sennstraat 2";
- Vietnamese: "Số 310 Hẻm 74 Phan Văn Trị", "86/131 Khóm 19 ...", "Số 6 đường Hùng Vương".

A French or Romance street without a number ("chemin Peltier") is weak: it counts only when a
postcode follows it. Units: "Apt 3B", "Flat 7", "Suite 690", "Wohnung 4", "Appartamento 47"
count on their own; "Level 5", "Piso 3", "Studio 2" only next to a street or postcode.
"""

from __future__ import annotations

import calendar
import re
from functools import lru_cache

UP = "A-ZÀ-ÖØ-ÞĀ-ŽƠƯĐẠ-ỸΆ-ΏΑ-ΩЀ-Я"
"""Capitals: Latin, Vietnamese, Greek and Cyrillic (fresh4 fixes: "Λιθίνου 78", "54944 Καβάλα")."""
CAP = rf"[{UP}][\w'’.]*(?:-[\w'’.]+)*"
"""A capitalized word (accents included), hyphenated parts allowed."""
PARTICLE = (
    r"(?:de|del|della|delle|dei|di|da|do|dos|das|du|des|la|le|les|l'|d'|van|von|der|den|ter"
    r"|el|al|y|e|sur|sous|lès|am|an|im|upon|on|the|of|en)"
)
NUM = r"\d{1,5}[A-Za-z]?(?:[ \t]?[-/][ \t]?\d{1,5}[A-Za-z]?|-[A-Z](?![\w-]))?"
"""House number: 221B, 26-83, 7/994, 66/69, 8007-I."""
ORDINAL = r"\d{1,3}(?:st|nd|rd|th)"
EXTRA_TYPES = (
    "Amble", "Top", "Gully", "Centreway", "Close", "Rise", "Wynd", "Parade", "Esplanade",
    "Quay", "Row", "Walk", "Vale", "Approach", "Chase", "Hub", "Circuit", "Link", "Gate",
    "Gates", "Towers", "Mall", "Chowk", "Ganj", "Nagar", "Marg", "Path", "Colony", "Bazar",
    "Bazaar", "Zila", "Pur", "Road", "Rd", "St", "Ave", "Av", "Dr", "Ln", "Ct", "Pl", "Sq",
    "Blvd", "Hwy", "Pkwy", "Ter", "Cres", "Gr", "Gdns", "Way", "Lane", "Street", "Court",
    "Drive", "Heights", "Hill", "Green", "Park", "Slope", "Brace", "Crest", "Nook", "Outlook",
    "Retreat", "Ridgeway", "Strand", "Glade", "Dell", "Loop", "Pass", "Track", "Trail",
    "Cross", "Main", "Layout", "Extension", "Enclave", "Vihar", "Bagh", "Puram",
)  # fmt: skip
FRENCH_TYPES = (
    r"rue|avenue|av\.|boulevard|bd|chemin|place|allée|impasse|quai|route|cours|square"
    r"|passage|voie|sentier|rond-point|faubourg|esplanade|promenade|cité|résidence|hameau"
)
FIRST_TYPES = (
    # Italian
    r"via|viale|piazza|piazzale|corso|largo|vicolo|strada|borgo|contrada|incrocio|rotonda"
    r"|stretto|canale|vico|lungomare|salita|traversa|circonvallazione"
    # Spanish and Catalan
    r"|calle|c/|c\.|avenida|avda\.|av\.|paseo|plaza|camino|carrer|cuesta|ronda|travesía"
    r"|pasaje|glorieta|callejón|alameda|urbanización|vía|acceso|cañada|rambla|carretera"
    # Portuguese
    r"|rua|r\.|travessa|praça|rodovia|estrada|ladeira|vila|recanto|colônia|conjunto|quadra"
    r"|setor|trecho|viela|passarela|residencial|lago|loteamento|morro|núcleo|parque|pátio"
    r"|jardim|lagoa|sítio|chácara|condomínio|esplanada|vale|vereda|beco"
    r"|vial|pasadizo|senda|bajada|subida|puente|sendero|callejuela|costanilla|plazuela|muelle"
    r"|favela|distrito|fazenda|feira|aeroporto|área|campo|viaduto|avenida|rampa|servidão"
    r"|estação|margem|rua|via"
    # Polish
    r"|ulica|ul\.|aleja|al\.|plac|pl\.|osiedle|os\.|rondo|skwer|bulwar|wybrzeże"
    # issue #41 (the street prefixes of Faker's locales): Mexican and other Latin American
    # Spanish, Romanian, Czech and Slovak
    r"|privada|cerrada|andador|calzada|circuito|peatonal|viaducto|retorno|prolongación"
    r"|periférico|continuación|diagonal|diag\.|eje|boulevard|blvd\.|corredor|pasillo"
    r"|strada|str\.|bulevardul|bd\.|calea|aleea|șoseaua|soseaua|splaiul|piața|intrarea"
    r"|drumul|fundătura|ulice|náměstí|nám\.|třída|nábřeží|sídliště|námestie|nábrežie"
    # fresh4 fixes: Catalan and Greek
    r"|passeig|avinguda|plaça|travessera|camí|baixada|λεωφόρος|λεωφ\.|οδός|πλατεία"
)
COMPOUND = (
    r"straße|strasse|str\.|weg|gasse|allee|platz|ring|damm|ufer|steig|pfad|chaussee|markt"
    r"|straat|laan|plein|gracht|singel|kade|dijk|steeg|hof|park|dreef|pad|wal|baan|erf|wijk"
    r"|boulevard|passage|promenade|dreef|markt|haven|poort"
    # Swedish, Danish, Norwegian, Finnish compounds ("Storgatan", "Nørregade", "Kirkevej")
    r"|gatan|gata|vägen|väg|gränd|torget|stigen|backen|allén|gade|vej|vænget|stræde"
    r"|allé|plads|torv|veien|vegen|gaten|tie|katu|kuja|polku|raitti|kaari|rinne"
)
VI_STREET = (
    r"(?:Ngõ|Ngách|Hẻm|Kiệt|Khóm|Khu|Tổ|Ấp|Thôn|Xóm|Lô|Dãy|Phố|Đường|ngõ|ngách|hẻm|kiệt|khóm"
    r"|khu|tổ|ấp|thôn|xóm|lô|dãy|phố|đường)"
)
VI_LETTER = "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹĂÂĐÊÔƠƯ"
"""Letters only Vietnamese writes: a number before words with them is a street number."""
UNIT_WORDS = (
    r"(?i:apt|apartment|appartamento|apartamento|apto|appartement|appt|wohnung|whg"
    r"|mieszkanie|căn hộ)\.?|Flat|Unit|Suite|Ste\.?|H\.[ \t]?No\.?|House No\.?|Plot No\.?"
    r"|Door No\.?"
)
UNIT = re.compile(
    rf"\b(?:{UNIT_WORDS})[ \t]*(?:No\.?[ \t]*|#[ \t]*)?\d{{1,5}}[A-Za-z]?(?:/\d{{1,5}})?\b"
)
WEAK_UNIT = re.compile(
    r"\b(?:Studio|Level|Floor|Fl\.|Room|Rm\.?|Piso|Puerta|Planta|Interno|Int\.|Scala|Piano"
    r"|étage|Bât\.?|Bloco|Casa|Sala|Lote?|Block|Bldg\.?|Building|Tầng|Phòng|lok\.|m\.|Bus)"
    r"[ \t]*\d{1,5}[A-Za-z]?\b"
)
LOWER_CASE_TYPES = {"ulica", "ul.", "aleja", "al.", "plac", "pl.", "osiedle", "os."}
LOWER_CASE_TYPES |= {"ulice", "náměstí", "nám.", "třída", "nábřeží", "sídliště", "námestie"}
"""Polish writes its street types in lower case; elsewhere "cuesta", "via", "largo" in lower
case are ordinary words ("cuesta 490 €": it costs), so a type must be capitalized."""


def first_types() -> str:
    return "|".join(
        t if t.replace("\\", "") in LOWER_CASE_TYPES else f"{t[0].upper()}{t[1:]}"
        for t in FIRST_TYPES.split("|")
    )


CALENDAR = {w.lower() for w in (*calendar.month_name, *calendar.day_name) if w}


@lru_cache(maxsize=1)
def patterns() -> tuple[re.Pattern[str], ...]:
    from .precompiled import pyap_street_types  # pyap2's USPS suffixes, as regex pieces

    # longest first, so that an alternative is not cut short by its own prefix; ties in
    # text order, so that the pattern (and the build cache's key) is the same in every process
    types = sorted({*pyap_street_types(), *EXTRA_TYPES}, key=lambda t: (-len(t), t))
    english = "|".join(types)
    name = rf"(?:{CAP}|{ORDINAL})"
    return tuple(
        re.compile(p)
        for p in (
            rf"\b{NUM},?[ \t]*\n?[ \t]*(?:(?:[NSEW]|North|South|East|West)\.?[ \t]+)?"
            rf"(?:{name}[ \t]+){{1,4}}(?:{english})\b\.?(?![\w-])(?:[ \t]+(?:NW|NE|SW|SE)\b)?",
            rf"\b{NUM},?[ \t]+(?i:{FRENCH_TYPES})[ \t]+(?:{PARTICLE}[ \t]*)*{CAP}"
            rf"(?:[ \t-]+(?:{PARTICLE}[ \t]+)*{CAP}){{0,3}}",
            rf"(?<![\w.])(?:{first_types()})[ \t]+(?:(?:{PARTICLE}|{CAP}|[IVX]+)[ \t]+){{0,5}}?"
            rf"(?:{CAP}|[IVX]+),?[ \t]+(?:[nN][º°o.][ \t]*)?{NUM}\b",
            rf"(?<![\w.])(?:{first_types()})[ \t]+\d{{1,3}}[ \t]+[nN][º°o.][ \t]*{NUM}\b",
            rf"\b[{UP}][\w'’-]*?(?i:{COMPOUND})[ \t]+{NUM}\b",
            rf"\b{CAP}[ \t]+(?:Straße|Strasse|Str\.|Weg|Allee|Platz|Ring|Gasse|Damm)[ \t]+{NUM}\b",
            # Hungarian and others that put a lower-case type after the name
            rf"\b{CAP}(?:[ \t]+\w+)?[ \t]+(?:utca|út|útja|tér|körút|köz|sor|fasor|rakpart"
            rf"|sétány|gatan|vägen|gade|vej|vei|veien)\.?[ \t]+{NUM}\.?(?!\w)",
            # Số 310 Hẻm 74 Phan Văn Trị, 86/131 Khóm 19 ..., 26 Hẻm 20 phố 52, Số 1/30 Khóm 57
            rf"(?:\bSố[ \t]+{NUM}(?:/\d{{1,5}})*|\b{NUM}(?=[ \t]+{VI_STREET}\b))"
            rf"(?:[ \t]+{VI_STREET}(?:[ \t]+(?:số[ \t]+)?\d{{1,5}}[A-Z]?\b)?)*(?:[ \t]+{CAP}){{0,4}}",
            rf"\b\d{{1,5}}(?:/\d{{1,5}})+(?:(?:[ \t]+{VI_STREET}(?:[ \t]+(?:số[ \t]+)?\d{{1,5}}[A-Z]?\b)?)+"
            rf"(?:[ \t]+{CAP}){{0,4}}|(?:[ \t]+{CAP}){{1,4}})",
            # 453 Lê Văn Việt: a number and two to four capitalized Vietnamese words
            rf"\b{NUM}(?:[ \t]+{CAP}){{0,3}}[ \t]+[{UP}][\w]*[{VI_LETTER}][\w]*(?:[ \t]+{CAP}){{0,3}}",
        )
    )


@lru_cache(maxsize=1)
def weak_pattern() -> re.Pattern[str]:
    return re.compile(
        rf"(?<![\w.])(?:{FRENCH_TYPES}|{first_types()})[ \t]+(?:{PARTICLE}[ \t]*)*{CAP}"
        rf"(?:[ \t-]+(?:{PARTICLE}[ \t]+)*{CAP}){{0,3}}"
    )


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while e > s and text[e - 1] in " \t\n,":
        e -= 1
    return s, e


def street_spans(text: str) -> list[tuple[int, int]]:
    return [_trim(text, *m.span()) for rx in patterns() for m in rx.finditer(text)]


def street_at(text: str, pos: int) -> re.Match[str] | None:
    """A street that starts at ``pos`` ("3rd Cross" after "Flat No. 12, ")."""
    for rx in (*patterns(), ORDINAL_STREET()):
        m = rx.match(text, pos)
        if m:
            return m
    return None


@lru_cache(maxsize=1)
def ORDINAL_STREET() -> re.Pattern[str]:  # noqa: N802
    return re.compile(rf"{ORDINAL}[ \t]+(?:{'|'.join(EXTRA_TYPES)})\b")


def weak_street_spans(text: str) -> list[tuple[int, int]]:
    return [_trim(text, *m.span()) for m in weak_pattern().finditer(text)]
