"""Person names without an NER model: a names lexicon, cue words and Presidio's scoring.

Presidio finds names through an NER model (spaCy ``en_core_web_lg``, stanza, transformers),
and no official one installs from PyPI here. ``benchmarks/results/privacy.md`` compares the
choices we could install; the one kept is a lexicon: the first and last names of Faker's
person providers (86 locales, MIT, on PyPI, ~31k first / ~29k last names), read once in
~0.3 s. A capitalized lexicon word is a name candidate; cue words decide:

- strong cues ("my name is", "Dr.", "Mrs", "Dear", "Regards,", "Name:") take any
  capitalized word after them, lexicon or not ("Dr. Nguyen", "My name is Oluwaseun");
- weaker cues (relations such as "my wife", "I'm", "this is", "tell", "ask", "met") take a
  lexicon word or an uncommon capitalized word, and a lower-case lexicon word ("sarah");
- with no cue, a first name from the lexicon counts unless it is also a place (Faker's
  countries, states and cities) or a common English word (Empath's lexicon, Faker's word
  list, spaCy's stop words, months and weekdays): "Samantha called" is a name, "Georgia"
  and "May" are not (places also from Faker's geo provider and the tz database's cities).

A first name is extended over following capitalized words that are surnames or uncommon
words ("Rebecca Hall", "Michael O'Brien"). Scores: 0.85 with a strong cue, 0.7 for a full
name, 0.5 for a lone first name; the analyzer's threshold is 0.4.
"""

from __future__ import annotations

import calendar
import importlib
import pkgutil
import re
import zoneinfo
from functools import lru_cache
from typing import Any

from presidio_analyzer import AnalysisExplanation, LocalRecognizer, RecognizerResult

WORD = re.compile(r"[^\W\d_][\w'’-]*")
HONORIFICS = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Mister|Madame|Mme|Herr|Frau|Señor|Señora)"
STRONG_CUE = re.compile(
    rf"(?:\b{HONORIFICS}\.?|\b[Mm]y name is|\b[Mm]y name's|\b[Nn]ame:|\bDear|\bRegards,|\bSigned:?"
    r"|\bSincerely,|\bCheers,|\b[Cc]all me|\b[Hh]older)\s*$"
)
RELATION_CUE = re.compile(
    r"(?:\b(?:wife|husband|son|daughter|brother|sister|mom|mum|mother|dad|father|friend|boss|"
    r"colleague|partner|grandpa|grandma|grandmother|grandfather|neighbou?r|landlord|landlady|ex|"
    r"aunt|uncle|cousin|teacher|doctor|nephew|niece|girlfriend|boyfriend|fianc[ée]e?|"
    r"I'm|I am|[Tt]his is|[Tt]ell|[Aa]sk|[Mm]et|[Ii]nvite|[Tt]hanks|[Hh]i|[Hh]ello|[Hh]ey|cc|"
    r"[Cc]ontact)\b,?)\s*$"
)
LINK_CUE = re.compile(r"\b(?:to|and|with|from|for|told|asked|called)\s*$")
NOT_NAMES = {"Sir", "Madam", "Lord", "God", "I", "The", "A", "An", *HONORIFICS[3:-1].split("|")}


def _words(obj: Any) -> list[str]:
    if isinstance(obj, dict):
        return [str(k) for k in obj]
    if isinstance(obj, (list, tuple, set, frozenset)):
        return [str(x) for x in obj]
    return []


def _latin_title(w: str) -> bool:
    return (
        w[:1].isupper()
        and all(c.isalpha() or c in "'-" for c in w)
        and w.isascii() | (ord(w[0]) < 0x250)
    )


@lru_cache(maxsize=1)
def lexicons() -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    """(first names, last names, places, common lower-case words), built once from packages."""
    import faker.providers.address as addr
    import faker.providers.person as person
    from faker.providers.lorem.en_US import Provider as Lorem
    from spacy.lang.en.stop_words import STOP_WORDS

    first: set[str] = set()
    last: set[str] = set()
    for m in pkgutil.iter_modules(person.__path__):
        p = importlib.import_module(f"{person.__name__}.{m.name}").Provider.__dict__
        for key in ("first_names", "first_names_male", "first_names_female"):
            first.update(_words(p.get(key)))
        last.update(_words(p.get("last_names")))
    places: set[str] = set()
    for m in pkgutil.iter_modules(addr.__path__):
        p = importlib.import_module(f"{addr.__name__}.{m.name}").Provider.__dict__
        for key in ("countries", "states", "cities", "city_names", "provinces", "regions"):
            for w in _words(p.get(key)):
                places.update(WORD.findall(w))
    from faker.providers.geo import Provider as Geo

    places.update(w for c in Geo.land_coords for w in WORD.findall(c[2]))
    # the tz database names the world's major cities: Europe/London, America/New_York
    places.update(
        w
        for z in zoneinfo.available_timezones()
        for w in WORD.findall(z.split("/")[-1].replace("_", " "))
    )
    common: set[str] = set(STOP_WORDS) | set(Lorem.word_list)
    common |= {w.lower() for w in (*calendar.month_name, *calendar.day_name) if w}
    common |= _empath_words()
    first = {w for w in first if _latin_title(w)}
    last = {w for w in last if _latin_title(w)}
    return frozenset(first), frozenset(last), frozenset(places), frozenset(common)


def _empath_words() -> set[str]:
    spec = importlib.util.find_spec("empath")
    if spec is None or spec.origin is None:
        return set()
    from pathlib import Path

    words: set[str] = set()
    for line in (Path(spec.origin).parent / "data" / "categories.tsv").read_text().splitlines():
        words.update(w for w in line.split("\t")[1:] if w.isalpha())
    return words


def _unknown_word(lower: str, common: frozenset[str]) -> bool:
    """Not a known English word, nor shaped like one ("Feeling", "Tired", "Really")."""
    return lower not in common and not lower.endswith(("ing", "ed", "ly", "ness"))


class NameRecognizer(LocalRecognizer):
    def __init__(self, use_lexicon: bool = True) -> None:
        """``use_lexicon=False`` keeps the cues only (the benchmark's baseline)."""
        super().__init__(supported_entities=["PERSON"], name="LexiconNameRecognizer")
        self.use_lexicon = use_lexicon

    def load(self) -> None:
        lexicons()

    def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None) -> list:
        first, last, places, common = lexicons()
        if not self.use_lexicon:
            first = last = frozenset()
        words = list(WORD.finditer(text))
        out: list[RecognizerResult] = []
        i = 0
        while i < len(words):
            w = words[i].group()
            before = text[: words[i].start()]
            strong, weak = bool(STRONG_CUE.search(before)), bool(RELATION_CUE.search(before))
            link = weak or bool(LINK_CUE.search(before))
            capital = w[:1].isupper() and w not in NOT_NAMES and not w.isupper()
            lower = w.lower()
            is_common = lower in common or w in places
            if capital and strong:
                score = 0.85
            elif capital and w in first and not is_common:
                score = 0.5
            elif capital and weak and (w in first or w in last or _unknown_word(lower, common)):
                score = 0.6
            elif not capital and link and w.title() in first and lower not in common and len(w) > 2:
                score = 0.45
            else:
                i += 1
                continue
            j = i
            while j + 1 < len(words) and text[words[j].end() : words[j + 1].start()] in (" ", "-"):
                nxt = words[j + 1].group()
                if (
                    not nxt[:1].isupper()
                    or nxt in NOT_NAMES
                    or (nxt.lower() in common and nxt not in last)
                ):
                    break
                if nxt in places and nxt not in last:
                    break
                j += 1
            if j > i:
                score = max(score, 0.7)
            start, end = words[i].start(), words[j].end()
            why = AnalysisExplanation(
                type(self).__name__, score, textual_explanation="names lexicon and cues"
            )
            out.append(
                RecognizerResult(
                    "PERSON",
                    start,
                    end,
                    score,
                    analysis_explanation=why,
                    recognition_metadata={
                        RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                        RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                    },
                )
            )
            i = j + 1
        return out
