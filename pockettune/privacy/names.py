"""Person names without an NER model: a names lexicon, cue words and Presidio's scoring.

Presidio finds names through an NER model (spaCy ``en_core_web_lg``, stanza, transformers),
and no official one installs from PyPI here. The lexicon (``lexicon.py``) holds the first and
last names of all of Faker's locales, looked up accent-folded. A capitalized lexicon word is
a name candidate; cue words decide:

- strong cues ("my name is", "Dr.", "Mrs", "Dear", "Regards,", "Name:", "Ship to:", and "je
  m'appelle", "ich heiße", "me llamo", "mi chiamo", "ik heet", "nazywam się", "meu nome é",
  "tôi tên là", honorifics such as "Herr", "pani", "Sra.", "Chị") take any capitalized word
  after them, lexicon or not ("Dr. Nguyen", "My name is Oluwaseun");
- weaker cues (relations such as "my wife", "I'm", "this is", "tell", "ask", "met") take a
  lexicon word or an uncommon capitalized word, and a lower-case lexicon word ("sarah");
- with no cue, a first name from the lexicon counts unless it is also a place or a common
  English word ("Samantha called" is a name, "Georgia" and "May" are not), or follows a place
  prefix ("Port Patrick", "Lake Daniel") or "in";
- a first name joined to a found name by "and", "&" or a comma counts too ("Josephine and
  Peter").

A name is extended over following capitalized words that are surnames or uncommon words, and
over particles before a capitalized word ("Tess van der Sloot", "Maggie du Delorme", "Sonia de
Cueto", "Michael O'Brien"). Scores: 0.85 with a strong cue, 0.7 for a full name, 0.5 for a
lone first name; the analyzer's threshold is 0.4.
"""

from __future__ import annotations

import calendar
import re

from .lexicon import WORD, in_lexicon, lexicons
from .name_forms import (
    extra_spans,
    gaelic_spans,
    label_spans,
    merge,
    place_not_person,
    surname_first,
)
from .name_words import (
    CONTACT_AFTER_NUMBER,
    DIGIT_SPACE,
    FUNCTION_WORDS,
    GREET,
    LANGUAGES,
    NOT_LOWER,
    PERSON_CUE,
    RELATIONS_MORE,
    ROLE_LABELS,
    SELF_AFTER,
    SELF_CUE,
    SELF_INTRO,
    SUBJECT_BEFORE,
    SUBJECT_VERB,
    Before,
    line_start,
    office_word,
)
from .span_recognizer import SpanRecognizer

HONORIFICS = (
    "Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Prof", "Professor", "Mister", "Madame", "Mme",
    "Mlle", "Herr", "Frau", "Señor", "Señora", "Sr", "Sra", "Srta", "Dra", "Sig", "Sig.ra",
    "Signora", "Signor", "Dott", "Dott.ssa", "Meneer", "Mevrouw", "Dhr", "Mevr", "Pan", "Pani",
    "pan", "pani", "Senhor", "Senhora", "Anh", "Chị", "Ông", "Bà", "Cô", "Bác", "Quý ông",
    "Quý cô", "Ing", "Lic", "Mgr", "Bc", "Mag", "Doamna", "Domnul", "Dna", "Paní", "paní",
    "Fru", "Hr", "Dña",
)  # fmt: skip
STRONG_CUE = re.compile(
    rf"(?:\b(?:{'|'.join(re.escape(h) for h in HONORIFICS)})\.?|\b[Mm]y name is|\b[Mm]y name's"
    r"|\b[Nn]ame:|\bDear|\bRegards,|\bSigned:?|\bSincerely,|\bCheers,|\b[Cc]all me|\b[Hh]older"
    r"|\b[Ss]hip to:|\bAttn:?|\bc/o|\b(?:To|From|Nom|Nombre|Nome|Naam|Imię|Tên):"
    r"|\b[Jj]e m'appelle|\b[Mm]oi c'est|\b[Mm]on nom est|\b[Ii]ch heiße|\b[Mm]ein Name ist"
    r"|\b[Mm]e llamo|\b[Mm]i nombre es|\b[Mm]i chiamo|\b[Ii]l mio nome è|\b[Ii]k heet"
    r"|\b[Mm]ijn naam is|\b[Nn]azywam się|\b[Mm]am na imię|\b[Mm]eu nome é|\b[Mm]e chamo"
    r"|\b[Tt]ôi tên là|\b[Tt]ên tôi là|\b[Tt]ên là|\b(?:famille|Familie|familia|famiglia"
    r"|\b(?:[Aa]u|[Aa]|[Ee]n) nom de|\b[Aa] nombre de|\b[Aa]uf den Namen|\b[Nn]a nazwisko"
    r"|\b[Nn]a jméno|\b[Nn]a meno|\b[Pp]å namnet|\b[Pp]å navnet|\b[Pp]e numele|\b[Aa]ttn:?"
    r"|\b[Mm]ă numesc|\b[Jj]menuji se|\b[Vv]olám sa|\b[Jj]ag heter|\b[Jj]eg hedder"
    r"|\b[Jj]eg heter|\b[Mm]inun nimeni on|\b[Nn]imeni on|\b[Aa] nevem"
    r"|familie|rodzina|família|gia đình|\b[Aa]ccount name|\b[Bb]eneficiary|\b[Pp]ayee"
    r"|\b[Aa]ccount holder|\b[Ss]aņēmējs|\b[Gg]avėjas|\b[Ss]aaja|\b[Pp]rejemnik|\b[Pp]enerima"
    r"|\b[Aa]lıcı|\b[Bb]eneficiario|\b[Tt]itular|\b[Ee]mpfänger(?:in)?|\b[Ii]s mise|\b[Aa]inm:?"
    r"|\b[Éé]g heiti|\b[Nn]afn:?|\b[Vv]iðtakandi:?|\b[Ee]m dic|\b[Ee]l meu nom és|\b[Bb]eneficiari"
    r"|\b[Μμ]ε λένε|\b[Οο]νομάζομαι|\b[Όό]νομα:|\b[Δδ]ικαιούχος:?|\b[Ππ]αραλήπτης:?))\s*$"
)
RELATION_CUE = re.compile(
    rf"(?:\b(?:wife|husband|son|daughter|brother|sister|mom|mum|mother|dad|father|friend|boss|"
    r"colleague|partner|grandpa|grandma|grandmother|grandfather|neighbou?r|landlord|landlady|ex|"
    r"aunt|uncle|cousin|teacher|doctor|nephew|niece|girlfriend|boyfriend|fianc[ée]e?|"
    r"I'm|I am|[Tt]his is|[Tt]ell|[Aa]sk|[Mm]et|[Ii]nvite|[Tt]hanks|[Hh]i|[Hh]ello|[Hh]ey|cc|"
    r"[Cc]ontact|[Jj]e suis|[Ii]ch bin|[Ss]oy|[Ss]ono|[Ii]k ben|[Jj]estem|[Ee]u sou|[Tt]ôi là|"
    rf"[Pp]ay|[Rr]emind|[Uu]nder|{GREET}|{RELATIONS_MORE})\b,?)\s*$"
)
GREETING = re.compile(rf"\b(?:{GREET})\b,?\s*$", re.IGNORECASE)
START = re.compile(r"(?:^|[.!?\n:]\s*)$")
ADDRESSED = re.compile(r"\s*(?:[,!?:]|\s+(?:you|u|ur|are|r|can|could|did|do|have|will|pls)\b)")
"""A lower-case first name after a greeting ("salut marie"), or at a message or sentence
start when it is spoken to ("lily you still owe me", "benjamin, call me")."""
BOOKED_FOR = re.compile(r"\b(?:for|from|by)\s+$")
"""A bare surname after "for"/"from" counts when the clause ends with it ("the booking is
for Dumas, arriving Monday")."""
LINK_CUE = re.compile(r"\b(?:to|and|with|from|for|told|asked|called)\s*$")
PLACE_PREFIX = re.compile(
    r"(?:\b(?:New|North|South|East|West|Port|Lake|Mount|Mt\.?|Saint|St\.?|Sainte|Ste\.?|Santa"
    r"|San|São|Fort|Glen|Little|Great|Upper|Lower|Old|Cape|Isle|Bad|Villa|Vila|TP\.?"
    r"|[Tt]hành phố|[Tt]ỉnh|[Qq]uận|[Hh]uyện|[Pp]hường|[Xx]ã)|\bTP\.)"
    r"(?:\s+(?:[A-ZÀ-ÖØ-ÞĀ-ŽĐẠ-Ỹ][\w'’-]*|de|la|del|los|las|di|da|do|du|des|le|les)){0,4}\s*$"
)
"""A place prefix, maybe followed by the place's first words: "TP. Hà Nội", "Port Patrick"."""
PLACE_SUFFIX = re.compile(
    r"\s+(?:Ville|City|Town|Village|Falls|Springs|Heights|Harbou?r|phố)\b(?!['’-])"
)
FAMILY = re.compile(
    r"\s+(?:family|famille|Familie|familia|famiglia|familie|rodzina|família|gia đình)\b"
)
"""After a surname: "the Cotter family", "la famille Dupont" has it before (a strong cue)."""
IN_PLACE = re.compile(r"\b(?:in|à|en|nach|em|w|do|till|til|v|ve|la|au|aux|zu|i)\s+$")
COORDINATION = re.compile(r"\s*(?:,|&|and|und|et|y|e|i|en|và|oraz)\s+$")
PARTICLES = {
    "van", "von", "der", "den", "de", "del", "della", "di", "da", "do", "dos", "das", "du",
    "des", "la", "le", "ter", "ten", "zu", "bin", "ibn", "al", "el", "Van", "Von", "De", "Del",
    "Di", "Da", "Du", "Des", "La", "Le", "Mac", "Mc", "Thị", "Văn", "Ó", "Ní", "Nic", "Uí",
    "Mhic", "Ua",
}  # fmt: skip
NOT_NAMES = {"Sir", "Madam", "Lord", "God", "I", "I'm", "I'd", "I'll", "I've", "The", "A"}
NOT_NAMES |= {"An", "Tel", "Phone", "Email", *HONORIFICS, *LANGUAGES, *SELF_INTRO}
NOT_NAMES |= {g.split()[0] for g in re.sub(r"\[(\w)\w\]", r"\1", GREET).split("|")}


MONTHS_AND_DAYS = {w.lower() for w in (*calendar.month_name, *calendar.day_name) if w}


def _unknown_word(lower: str, common: frozenset[str]) -> bool:
    """Not a known English word, nor shaped like one ("Feeling", "Tired", "Really")."""
    return lower not in common and not lower.endswith(("ing", "ed", "ly", "ness"))


class NameRecognizer(SpanRecognizer):
    ENTITY, NAME, WHY = "PERSON", "LexiconNameRecognizer", "names lexicon and cues"

    def __init__(self, use_lexicon: bool = True) -> None:
        """``use_lexicon=False`` keeps the cues only (the benchmark's baseline)."""
        super().__init__()
        self.use_lexicon = use_lexicon

    def warm(self) -> None:
        lexicons()

    def _score(self, text: str, words: list[re.Match[str]], i: int) -> float | None:
        first, last, places, common = lexicons()
        if not self.use_lexicon:
            first = last = frozenset()
        w = words[i].group()
        before = Before(text, words[i].start())
        strong, weak = bool(before.search(STRONG_CUE)), bool(before.search(RELATION_CUE))
        link = weak or bool(before.search(LINK_CUE))
        capital = w[:1].isupper() and w not in NOT_NAMES and not w.isupper()
        lower = w.lower()
        if w in ROLE_LABELS and before.search(START) and re.match(r"\s*:", text[words[i].end() :]):
            return None  # "Bot: Please confirm ...": a speaker label
        is_common = lower in common or w in places
        if capital and strong and not office_word(w, first, last, common):
            return 0.85
        if before.search(PLACE_PREFIX) or PLACE_SUFFIX.match(text, words[i].end()):
            return None  # "Port Patrick", "TP. Hà Nội", "Omar Ville", "Thành phố Huế"
        if capital and FAMILY.match(text, words[i].end()) and _unknown_word(lower, common):
            return 0.6
        nxt = text[words[i].end() :]
        if capital and lower in FUNCTION_WORDS and re.match(r"\s+[a-zà-ÿ]", nxt):
            return None  # "Le comparto", "Die Tage"
        if capital and in_lexicon(w, first) and not is_common:
            return None if before.search(IN_PLACE) or before.search(DIGIT_SPACE) else 0.5
        if capital and in_lexicon(w, first) and self._person_slot(before, nxt, lower):
            return 0.5  # "Melissa sent me", "a guy called Laura", "it's Martin again"
        if capital and i + 1 < len(words) and self._full_name(text, words, i):
            return 0.6
        if capital and weak and (in_lexicon(w, first) or in_lexicon(w, last)):
            return 0.6
        if capital and weak and _unknown_word(lower, common):
            return 0.6
        if capital and before.search(BOOKED_FOR) and in_lexicon(w, last) and not is_common:
            return 0.5 if re.match(r"\s*(?:[,.;:!?)]|$)", nxt) else None  # "for Dumas,"
        if not w.islower() or lower in NOT_LOWER or len(w) < 3 or not in_lexicon(w.title(), first):
            return None
        if before.search(SUBJECT_BEFORE) and SUBJECT_VERB.match(nxt) and lower not in common:
            return 0.5  # "waiting for the roofer, cindy said he'd come"
        if before.search(GREETING) and (lower not in common or ADDRESSED.match(nxt)):
            return 0.5  # "salut marie", "hey lily,"
        if before.search(START) and lower not in common and ADDRESSED.match(nxt):
            return 0.5  # "lily you still owe me"
        if link and lower not in common:
            return 0.45
        return None

    @staticmethod
    def _person_slot(before: Before, nxt: str, lower: str) -> bool:
        """A place where only a person fits: a clause's subject before a verb people do, after
        "a guy called" or "me and", or a name saved after a number at a line's end."""
        if before.search(SUBJECT_BEFORE) and SUBJECT_VERB.match(nxt):
            return True
        if lower in MONTHS_AND_DAYS:
            return False  # "it's May again"
        if before.search(PERSON_CUE) or (before.search(SELF_CUE) and SELF_AFTER.match(nxt)):
            return True
        return bool(before.search(CONTACT_AFTER_NUMBER) and re.match(r"[ \t]*(?:\n|$)", nxt))

    @staticmethod
    def _full_name(text: str, words: list[re.Match[str]], i: int) -> bool:
        """A first or family name followed by another name, both from the lexicon and neither
        an English word nor a place: "Florence Nguyen", "Nguyễn Lan" (family name first)."""
        first, last, places, common = lexicons()
        a, b = words[i].group(), words[i + 1].group()
        if text[words[i].end() : words[i + 1].start()] != " " or not b[:1].isupper():
            return False
        if b.lower() in common or b in places or b in NOT_NAMES or a in NOT_NAMES:
            return False
        if Before(text, words[i].start()).search(PLACE_PREFIX) or PLACE_PREFIX.search(a + " "):
            return False
        return (in_lexicon(a, first) and in_lexicon(b, last)) or (
            in_lexicon(a, last) and in_lexicon(b, first) and a.lower() not in common
        )

    def _extend(self, text: str, words: list[re.Match[str]], i: int) -> int:
        """Index of the last word of the name that starts at word ``i``."""
        _, last, places, common = lexicons()
        j = i
        while j + 1 < len(words):
            gap, nxt = text[words[j].end() : words[j + 1].start()], words[j + 1].group()
            if gap not in (" ", "-"):
                break
            k = j + 1  # particles ("de la", "van der") count if a capitalized word follows
            while k < len(words) and words[k].group() in PARTICLES:
                k += 1
            if (
                k > j + 1
                and k < len(words)
                and words[k].group()[:1].isupper()
                and all(
                    text[words[n].end() : words[n + 1].start()] in (" ", "-")
                    for n in range(j + 1, k)
                )
            ):
                j = k
                continue
            surname = in_lexicon(nxt, last)
            # a surname that is also a language ends the name ("Rhonda French · ...")
            last_word = surname and nxt in LANGUAGES
            last_word = last_word and re.match(r"[ \t]*(?:[·|,;\n]|$)", text[words[j + 1].end() :])
            if last_word:
                j += 1
                break
            if not nxt[:1].isupper() or nxt in NOT_NAMES or (nxt.lower() in common and not surname):
                break
            if nxt in places and not surname:
                break
            j += 1
        return j

    def spans(self, text: str) -> list[tuple[int, int, float]]:
        first, _, _, common = lexicons()
        words = list(WORD.finditer(text))
        spans: list[tuple[int, int, float]] = []
        i = 0
        while i < len(words):
            score = self._score(text, words, i)
            if score is None:
                if spans and self._coordinated(text, words[i], spans, first, common):
                    spans.append((words[i].start(), words[i].end(), 0.6))
                i += 1
                continue
            j = self._extend(text, words, i)
            h = self._back(text, words, i, spans[-1][1] if spans else 0)
            score = max(score, 0.7) if j > h else score
            spans.append((words[h].start(), words[j].end(), score))
            i = j + 1
        # a first name before "and <name>" ("Josephine and Peter"): look back once
        for m in words:
            if any(s <= m.start() < e for s, e, _ in spans):
                continue
            after = [s for s in spans if s[0] > m.end()]
            if after and self._coordinated(text, m, [after[0]], first, common, forward=True):
                spans.append((m.start(), m.end(), 0.6))
        more = label_spans(text, NOT_NAMES) + extra_spans(text, NOT_NAMES)
        spans += [(s, e, 0.6) for s, e in more if not any(a < e and s < b for a, b, _ in spans)]
        spans += gaelic_spans(text, NOT_NAMES)
        spans = merge(
            (surname_first(text, s, e, NOT_NAMES), e, score)
            for s, e, score in spans
            if not place_not_person(text, s, e)
        )
        spans = [(line_start(text, s, e, NOT_NAMES), e, score) for s, e, score in spans]
        return sorted(spans)

    @staticmethod
    def _back(text: str, words: list[re.Match[str]], i: int, floor: int) -> int:
        """Index of the first word of a name found at word ``i``, stepping back over names
        the cues missed: "Nhật Mai", "Lâm Phú Bùi" (family name first)."""
        first, last, places, common = lexicons()
        h = i
        while h > 0 and words[h - 1].start() >= floor:
            w = words[h - 1].group()
            if text[words[h - 1].end() : words[h].start()] != " " or not w[:1].isupper():
                break
            if w in NOT_NAMES or w.isupper() or w.lower() in common or w in places:
                break
            if not (in_lexicon(w, first) or in_lexicon(w, last)):
                break
            if Before(text, words[h - 1].start()).search(PLACE_PREFIX) or STRONG_CUE.search(
                w + " "
            ):
                break
            h -= 1
        return h

    @staticmethod
    def _coordinated(
        text: str,
        m: re.Match[str],
        spans: list[tuple[int, int, float]],
        first: frozenset[str],
        common: frozenset[str],
        forward: bool = False,
    ) -> bool:
        w = m.group()
        if not w[:1].isupper() or w in NOT_NAMES or w.lower() in common:
            return False
        if not in_lexicon(w, first):
            return False
        if forward:
            gap = text[m.end() : spans[0][0]]
            return bool(COORDINATION.fullmatch(" " + gap.strip() + " ")) and len(gap) < 8
        gap = text[spans[-1][1] : m.start()]
        return bool(COORDINATION.fullmatch(gap)) and len(gap) < 8
