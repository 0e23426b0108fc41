"""Streets written the local way in more countries (after the Faker fresh3 split's first
measurement, results/privacy-fresh3-first.md).

- a name, then a street type in lower case, then the number, as the Baltic and South Slavic
  languages write it: Lithuanian "Gedimino pr. 123", "Laisvės al. 89-21", "Pylimo g. 94-11";
  Latvian "Dzirnavu iela 149-29"; Estonian "Narva mnt 31", "Raekoja plats 34"; Slovenian,
  Croatian, Serbian, Bosnian "Zvezna ulica 9a", "Rosna pot 733", "Ilica cesta 5";
- Turkish: a quarter, a street and "No:" with the door ("Cumhuriyet Mah. Seven Sk. No: 157",
  "Atatürk Cad. No: 65 D: 17", "Bağdat Caddesi No: 35 Daire 6", "İnönü Cad. No: 147/33");
- Indonesian and Malay: "Jl./Jalan/Gg./Gang/Lorong ... No. 38" ("Jl. M.H Thamrin No. 757");
- Romanian and Polish with "nr." before the number ("Strada Mihai Eminescu nr. 5");
- Czech and Slovak streets named by a preposition ("U Hřbitova 312", "Na Náspu 6");
- a highway and a kilometre marker ("Ruta 5 Norte, km 532", "Carretera N-340, km 12");
- a street with no type word (Chile, and most of Latin America and Central Europe writes
  "Esmeralda 425") when an interior number follows it ("Of. 400", "Dpto. 86", "Piso 5",
  "Daire 6"), when ", town, Región ..." follows it, or, unpunctuated, when a postcode and a
  town follow it ("Gmajnice 26 3377 Ljutomer").

The block is then extended over units, towns and postcodes by ``addresses.py``'s rules.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .postcodes import candidates
from .streets import CAP, NUM, PARTICLE

NOT_YEAR = r"(?!(?:19|20)\d\d\b)"
TYPE_AFTER = (
    # Lithuanian
    r"g\.|gatvė|pr\.|prospektas|al\.|alėja|pl\.|plentas|aikštė|skg\.|skersgatvis|takas"
    # Latvian
    r"|iela|bulvāris|bulv\.|prospekts|gatve|laukums|šoseja|dambis|krastmala|šķērsiela|ceļš"
    # Estonian
    r"|tänav|tn\.?|mnt\.?|maantee|pst\.?|puiestee|plats|tee|põik|väljak"
    # Slovenian, Croatian, Serbian, Bosnian, Czech and Slovak ("Masarykova třída")
    r"|ulica|ul\.|cesta|c\.|pot|trg|nabrežje|obala|put|avenija|bulevar|šetalište|prilaz"
    r"|vijenac|sokak|naselje|třída|nábřeží|ulice|námestie"
    # Danish and Norwegian written apart ("India Allé 8", "Kongens Plads 3")
    r"|Allé|allé|Plads|plads|Torv|torv"
)
AMBIGUOUS_TYPES = {"pot", "tee", "put", "plats", "al.", "c.", "g.", "pl.", "pr."}
"""Types that are English words or common abbreviations: the name before them must not be
a common English word ("Crock pot 5", "Golf tee 3")."""
TYPE_AFTER_STREET = re.compile(
    rf"\b(?P<name>{CAP})(?:[ \t]+{CAP}){{0,2}}[ \t]+(?P<type>{TYPE_AFTER})(?![\w])"
    rf"[ \t]+(?:(?:nr|br|št|No)\.?:?[ \t]*)?{NOT_YEAR}{NUM}(?![\w]|[.,]\d)"
)
TR_TYPES = r"Sokak|Sokağı|Sk\.|Sok\.|Cadde|Caddesi|Cad\.|Cd\.|Bulvarı|Blv\.|Bulv\.|Yolu|Meydanı"
TURKISH = re.compile(
    rf"\b{CAP}(?:[ \t]+{CAP}){{0,3}}?[ \t]+(?:{TR_TYPES})[ \t]*,?[ \t]+(?:No[:.]?[ \t]*)?"
    rf"{NUM}(?:[ \t]*,?[ \t]*(?:D|Daire|Kat|K)[:.]?[ \t]*\d{{1,4}}[A-Za-z]?)?(?![\w])"
)
MALAY = re.compile(
    r"(?<![\w.])(?:Jl\.?|Jln\.?|Jalan|Gg\.?|Gang|Lorong|Lrg\.?)[ \t]+"
    r"(?:[\w.'’-]+[ \t]+){0,5}?(?:(?:No|Nomor|Nomer)\.?[ \t]*:?[ \t]*|(?<=[A-Za-z][ \t]))"
    r"\d{1,5}[A-Za-z]?(?:[/-]\d{1,4}[A-Za-z]?)?(?![\w])"
)
NR = re.compile(
    r"(?<![\w.])(?:Strada|Str\.|Bulevardul|Bd\.|B-dul|Calea|Aleea|Șoseaua|Soseaua|Splaiul"
    r"|Piața|Intrarea|Drumul|ul\.|ulica|Ulica|al\.|aleja|Aleja)[ \t]+(?:[\w.'’-]+[ \t]+){1,5}?"
    rf"(?:nr|Nr)\.?[ \t]*{NUM}(?![\w])"
)
CZECH_PREPOSITION = re.compile(
    rf"(?<![\w.])(?:U|Na|Nad|Pod|Za|Pri|Při|Před)[ \t]+{CAP}(?:[ \t]+(?:{CAP}|[IVX]+)){{0,3}}"
    rf"[ \t]+{NOT_YEAR}{NUM}(?![\w]|[.,]\d)"
)
"""Czech and Slovak streets named by a preposition and a place: "U Hřbitova 312", "Na Náspu
6", "Pod Lesem 12"."""
HIGHWAY_KM = re.compile(
    r"(?<![\w.])(?:Ruta|Route|Carretera|Autopista|Autovía|Rodovia|Estrada|Highway|Hwy|Cesta"
    r"|Autoput|Karayolu)[ \t]+[A-Z]{0,2}-?\d{1,4}[A-Z]?(?:[ \t]+(?:Norte|Sur|Este|Oeste|North"
    r"|South|East|West))?,?[ \t]+(?:km|Km|KM)\.?[ \t]*\d{1,4}(?:[.,]\d{1,3})?(?![\w])"
)
INTERIOR_AFTER = (
    r"(?:Dpto|Depto|Dto|Of|Apt|Apto|Int|Whg|Ap|Lok)\.|Departamento|Oficina|Piso|Casa|Torre"
    r"|Local|Daire|D:|Kat|Wohnung|Stan|Interior|Apartamento|Apartment|Flat|Unit|Suite"
)
NAME_NUMBER = rf"(?P<name>{CAP})(?:[ \t]+(?:{PARTICLE}|{CAP})){{0,3}}[ \t]+{NOT_YEAR}(?P<num>{NUM})"
WITH_INTERIOR = re.compile(
    rf"(?<![\w.]){NAME_NUMBER}[ \t]*,?[ \t]+(?:{INTERIOR_AFTER})[ \t]*\d{{1,5}}[A-Za-z]?(?![\w])"
)
REGION = re.compile(
    rf"(?<![\w.]){NAME_NUMBER}(?=,[ \t]*{CAP}(?:[ \t]+(?:{PARTICLE}|{CAP})){{0,3}},[ \t]*"
    r"(?:Región|Region|Provincia|Comuna|Departamento|Provinsi|Kabupaten)\b)"
)
UNPUNCTUATED = re.compile(rf"(?<![\w.]){NAME_NUMBER}[ \t]+(?P<code>\d{{4,7}})[ \t]+(?={CAP})")


def _named(m: re.Match[str]) -> bool:
    """A street named after a person or a place ("Paola García", "Los Aromos", "Calle
    Lautaro"): one of its capitalized words is not a common word."""
    from .addresses import _city_like

    words = re.findall(CAP, m.group()[: m.start("num") - m.start()])
    return any(_city_like(w.split("-")[0].strip(".'’")) for w in words)


def _street_word(word: str) -> bool:
    from .addresses import street_word

    return street_word(word.split("-")[0].rstrip("."))


@lru_cache(maxsize=1)
def _common() -> frozenset[str]:
    from .lexicon import lexicons

    return lexicons()[3]


def local_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, why) of the streets of these forms in ``text``."""
    if not re.search(r"\d", text):
        return []
    out = []
    for m in TYPE_AFTER_STREET.finditer(text):
        if m.group("type") in AMBIGUOUS_TYPES and m.group("name").lower() in _common():
            continue
        out.append((m.start(), m.end(), "name, street type, number"))
    out += [(m.start(), m.end(), "Turkish street and door") for m in TURKISH.finditer(text)]
    out += [(m.start(), m.end(), "Jalan/Gang street") for m in MALAY.finditer(text)]
    out += [(m.start(), m.end(), "street and nr.") for m in NR.finditer(text)]
    out += [(m.start(), m.end(), "highway and km") for m in HIGHWAY_KM.finditer(text)]
    for m in CZECH_PREPOSITION.finditer(text):  # "U Turn 5" is English
        if m.group().split()[1].lower() not in _common():
            out.append((m.start(), m.end(), "U/Na + place"))
    for rx, why in ((WITH_INTERIOR, "street and interior"), (REGION, "street, town, region")):
        out += [(m.start(), m.end(), why) for m in rx.finditer(text) if _named(m)]
    codes = {s for s, _, _ in candidates(text)}
    for m in UNPUNCTUATED.finditer(text):
        if m.start("code") in codes and _street_word(m["name"]):
            out.append((m.start(), m.end("code"), "street, postcode, town"))
    return out
