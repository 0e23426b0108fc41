"""The word lists the name and address recognizers read, built once from installed packages.

- First and last names: Faker's person providers, every locale and every list (first,
  middle, unisex, male, female, last; MIT). Kept and looked up accent-folded, because Faker stores some names without their
  accents (its Irish "Seamus", "Siobhan") while people write "Séamus", "Siobhán", and the
  other way round for Vietnamese ("Nguyen" for "Nguyễn").
- Greek, Cyrillic and Armenian names too (fresh4 fixes: Faker's el_GR, ru_RU, uk_UA, bg_BG,
  hy_AM lists), written in their own script: "Σουμέλα", "Ольга", "Անահիտ" (Armenian's block
  was left out until the fresh6 fixes); and (fresh5 fixes) the names
  of every locale written in a script without letter case (Georgian, Hebrew, Arabic, Devanagari
  and other Indic scripts, Thai, Japanese, Chinese, Korean), a name of several words as its
  words: "ნინო", "אביגיל", "सुरेश", "佐藤", "민준" (``names_caseless.py`` reads them).
- Places: Faker's countries, states, provinces and real city lists, the cities of its geo
  provider and of the tz database. A word counts as a place on its own only if it is a
  one-word place name or not also a first name: "St. Peter in Ahrn" and "Santa Monica" must
  not make Peter and Monica places, while "Georgia" and "Florence" stay places.
- Common lower-case words: spaCy's stop words, Faker's English word list, Empath's lexicon,
  months and weekdays.

Building them takes 1-2 s (every Faker locale module is imported), so they ship prebuilt in
``data/lexicons.json.gz``, made by ``python -m pockettune.privacy.lexicon`` from the pinned
packages; ``tests/privacy/test_lexicon_data.py`` checks the file equals what
:func:`build_lexicons` makes from the installed ones. Without the file they are built.
"""

from __future__ import annotations

import calendar
import gzip
import importlib
import json
import os
import pkgutil
import re
import unicodedata
import zoneinfo
from functools import lru_cache
from pathlib import Path
from typing import Any

WORD = re.compile(r"[^\W\d_][\w'’-]*")
FOLD = str.maketrans({"đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ı": "i"})


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """``word`` without accents: "Siobhán" -> "Siobhan", "Nguyễn" -> "Nguyen"."""
    decomposed = unicodedata.normalize("NFKD", word.translate(FOLD))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _words(obj: Any) -> list[str]:
    if isinstance(obj, dict):
        return [str(k) for k in obj]
    if isinstance(obj, (list, tuple, set, frozenset)):
        return [str(x) for x in obj]
    return []


CASELESS = re.compile(
    r"[\u0590-\u08ff\u0900-\u0dff\u0e00-\u0eff\u10a0-\u10ff\u1100-\u11ff\u1c90-\u1cbf"
    r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]"
)
"""A letter of a script without upper and lower case."""


def _caseless(w: str) -> bool:
    """A word of a caseless script: letters, marks and joiners ("श्रेष्\u200dठ", "佐々木")."""
    return bool(CASELESS.match(w)) and all(
        c.isalpha() or unicodedata.category(c)[0] == "M" or c in "\u200c\u200d々'’׳-" for c in w
    )


def _name_words(value: Any) -> list[str]:
    """The lexicon entries of one of Faker's name lists: capitalized words as they are, and
    the words of names in caseless scripts ("אבו טיר" -> "אבו", "טיר")."""
    words = [w for w in _words(value) if _latin_title(w)]
    return words + [p for w in _words(value) for p in w.split() if _caseless(p)]


def _latin_title(w: str) -> bool:
    return (
        w[:1].isupper()
        and all(c.isalpha() or c in "'-" for c in w)
        and w.isascii()
        | (ord(w[0]) < 0x250 or 0x1E00 <= ord(w[0]) < 0x1F00 or 0x370 <= ord(w[0]) < 0x590)
    )


DATA = Path(__file__).parent / "data" / "lexicons.json.gz"
KINDS = ("first", "last", "places", "common")
Lexicons = tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]


@lru_cache(maxsize=1)
def lexicons() -> Lexicons:
    """(first names, last names, places, common lower-case words); names accent-folded."""
    try:
        data = json.loads(gzip.decompress(DATA.read_bytes()))
    except (OSError, ValueError):
        return build_lexicons()
    first, last, places, common = (frozenset(data[k]) for k in KINDS)
    return first, last, places, common


def build_lexicons() -> Lexicons:
    """The lexicons made from the installed packages (what ``data/lexicons.json.gz`` holds)."""
    import faker.providers.address as addr
    import faker.providers.person as person
    from faker.providers.geo import Provider as Geo
    from faker.providers.lorem.en_US import Provider as Lorem
    from spacy.lang.en.stop_words import STOP_WORDS

    first: set[str] = set()
    last: set[str] = set()
    for m in pkgutil.iter_modules(person.__path__):
        p = importlib.import_module(f"{person.__name__}.{m.name}").Provider.__dict__
        for key, value in p.items():  # first_names_unisex, middle_names, last_names_male, ...
            if "first_name" in key or "middle_name" in key:
                first.update(fold(w) for w in _name_words(value))
            elif "last_name" in key:
                last.update(fold(w) for w in _name_words(value))
    names: list[str] = []
    for m in pkgutil.iter_modules(addr.__path__):
        p = importlib.import_module(f"{addr.__name__}.{m.name}").Provider.__dict__
        for key in ("countries", "states", "cities", "city_names", "provinces", "regions"):
            names += _words(p.get(key))
    names += [c[2] for c in Geo.land_coords]
    # the tz database names the world's major cities: Europe/London, America/New_York
    names += [z.split("/")[-1].replace("_", " ") for z in zoneinfo.available_timezones()]
    places: set[str] = set()
    for name in names:
        words = WORD.findall(name)
        places.update(w for w in words if len(words) == 1 or fold(w) not in first)
    common: set[str] = set(STOP_WORDS) | set(Lorem.word_list)
    common |= {w.lower() for w in (*calendar.month_name, *calendar.day_name) if w}
    common |= _empath_words()
    common |= _caseless_stop_words()
    return frozenset(first), frozenset(last), frozenset(places), frozenset(common)


def _empath_words() -> set[str]:
    spec = importlib.util.find_spec("empath")
    if spec is None or spec.origin is None:
        return set()
    words: set[str] = set()
    for line in (Path(spec.origin).parent / "data" / "categories.tsv").read_text().splitlines():
        words.update(w for w in line.split("\t")[1:] if w.isalpha())
    return words


def _caseless_stop_words() -> set[str]:
    """spaCy's stop words of the caseless-script languages it has, so that a name that is also
    a common word there ("אור", "राम" aside) needs a cue; folded, as names are looked up."""
    words: set[str] = set()
    for lang in ("he", "ar", "fa", "hi", "ne", "mr", "bn", "ta", "te", "th", "ja", "zh", "ko"):
        try:
            mod = importlib.import_module(f"spacy.lang.{lang}.stop_words")
        except ImportError:
            continue
        words |= {fold(w) for w in mod.STOP_WORDS}
    return words


def write_data(path: Path = DATA) -> None:
    """Writes :func:`build_lexicons` to ``path``, atomically; the same bytes on every run."""
    built = dict(zip(KINDS, build_lexicons()))
    blob = json.dumps({k: sorted(v) for k, v in built.items()}, ensure_ascii=False, indent=0)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(gzip.compress(blob.encode(), compresslevel=9, mtime=0))
    os.replace(tmp, path)


def in_lexicon(word: str, names: frozenset[str]) -> bool:
    """``word`` (or each part of a hyphenated one) is in ``names``, accents aside."""
    if fold(word) in names:
        return True
    parts = [p for p in word.split("-") if p]
    return len(parts) > 1 and all(fold(p) in names for p in parts)


if __name__ == "__main__":
    write_data()
    print(f"wrote {DATA}")
