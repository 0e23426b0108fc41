"""Words that decide whether a lexicon word is a name (issue #41): greetings before a first
name, words that are names somewhere but not in chat (languages, verbs, articles), and the
window the cues before a word are searched in (:class:`Before`)."""

from __future__ import annotations

import re

from .lexicon import in_lexicon

GREET = (
    r"[Hh]i|[Hh]ello|[Hh]ey|[Hh]iya|[Yy]o|[Ss]alut|[Bb]onjour|[Bb]onsoir|[Cc]oucou|[Hh]allo"
    r"|[Mm]oin|[Ss]ervus|[Hh]ola|[Bb]uenas|[Cc]iao|[Cc]ześć|[Hh]ej|[Hh]ejsan|[Hh]ei|[Aa]hoj"
    r"|[Čč]au|[Ss]zia|[Ss]ziasztok|[Ss]alve|[Oo]lá|[Oo]i|[Bb]ună|[Ss]alutare|[Dd]ear|[Tt]hanks"
    r"|[Mm]erci|[Dd]anke|[Gg]racias|[Dd]ziękuję|[Tt]ack|[Tt]ak|[Kk]iitos|[Dd]ěkuju"
    # Estonian, Latvian, Lithuanian, Slovenian/Croatian/Serbian, Turkish, Indonesian
    r"|[Tt]ere|[Tt]ervist|[Ll]abdien|[Ss]veiki|[Ss]veikas|[Ll]abas|[Žž]ivjo|[Zz]dravo"
    r"|[Pp]ozdravljeni|[Mm]erhaba|[Ss]elam|[Hh]alo|[Ss]elamat"
    # Irish, Icelandic, Greek, Catalan (fresh4 fixes)
    r"|[Dd]ia [Dd]uit|[Dd]ia [Dd]huit|[Hh]alló|[Hh]æ|[Γγ]εια σου|[Γγ]εια σας|[Γγ]εια|[Bb]on dia"
)
"""Greetings (and thanks) that a first name follows, in the languages the cues cover."""
LANGUAGES = {
    "English", "French", "German", "Spanish", "Italian", "Portuguese", "Dutch", "Polish",
    "Czech", "Slovak", "Swedish", "Danish", "Norwegian", "Finnish", "Hungarian", "Romanian",
    "Greek", "Russian", "Ukrainian", "Turkish", "Arabic", "Chinese", "Japanese", "Korean",
    "Vietnamese", "Hindi", "Irish", "Welsh", "Catalan", "Croatian", "Serbian", "Latin",
    "Hebrew", "Persian", "Thai", "Indonesian", "Bengali", "Urdu", "Mandarin", "Cantonese",
}  # fmt: skip
"""Language and nationality words: never a person ("translate into formal French")."""
NOT_LOWER = {
    "said", "told", "went", "came", "made", "got", "took", "gave", "saw", "knew", "found",
    "left", "felt", "kept", "sent", "paid", "met", "ran", "won", "lost", "held", "brought",
    "bought", "taught", "will", "may", "can", "must", "shall", "might", "wait", "hope",
    # terms of address after a greeting ("hey mate,")
    "mate", "bro", "dude", "man", "guys", "buddy", "pal", "babe", "baby", "honey", "love",
    "darling", "sweetie", "boss", "chief", "folks", "team", "everyone", "sir", "madam", "doc",
    "fam", "girl", "boy", "kid", "son", "bud", "champ", "sis", "cuz", "amigo", "amiga",
}  # fmt: skip
"""Lower-case words that are first names somewhere but nearly always verbs in English chat."""
FUNCTION_WORDS = {
    "le", "la", "les", "el", "los", "las", "lo", "der", "die", "das", "den", "dem", "des",
    "det", "de", "du", "en", "et", "il", "un", "una", "une", "ein", "eine", "al", "del", "van",
    "vi", "jeg", "eu", "ja",
}  # fmt: skip
"""Capitalized at a sentence start before a lower-case word, these are articles or pronouns
("Le comparto mis datos"), not the names they also are."""

SELF_INTRO = {"Sem", "Jsem", "Esmu", "Olen", "Saya", "Esu"}
"""'I am' of Slovenian, Czech, Latvian, Estonian, Indonesian, Lithuanian: a cue before a name,
never one itself ("Sem Tamara Kalan")."""
RELATIONS_MORE = (
    r"amig[oa]|herman[oa]|vecin[oa]|prim[oa]|espos[oa]|novi[oa]|jef[ea]|compañer[oa]|amic[oa]"
    r"|ami|amie|Freund|Freundin|irmão|irmã|"
    + "|".join(sorted(SELF_INTRO | {s.lower() for s in SELF_INTRO}))
    + r"|[Aa]š esu"
)
"""Relations in Spanish, Italian, French, German, Portuguese ("mi amigo Mira"), and the self
introductions, as weak cues before a name."""

# issue #41, after the fresh2 split's first measurement
ROLE_LABELS = {
    "Bot", "Agent", "Customer", "User", "Assistant", "Support", "Operator", "System", "Admin",
    "Me", "You", "Host", "Moderator", "Staff", "Client", "Caller", "Driver", "Courier",
    "Seller", "Buyer", "Landlord", "Tenant", "Receptionist", "Chatbot", "Kunde", "Cliente",
}  # fmt: skip
"""Speaker labels of a pasted chat ("Bot: Please confirm ..."): a role, not a person."""
SUBJECT_BEFORE = re.compile(
    r"(?:^|[.!?\n:;,(]\s*|\b(?:and|but|so|because|then|when|while|cause|cuz)\s+)$"
)
SUBJECT_VERB = re.compile(
    r"\s+(?:said|says|told|tells|asked|asks|texted|called|rang|sent|paid|pays|promised|owes"
    r"|wants|wanted|thinks|reckons|is bringing|will bring|brought|is coming|came|invited"
    r"|gave|lent|borrowed|emailed|messaged|replied|wrote|forgot|booked|dropped|picked)\b"
)
"""A first name as a clause's subject before a verb people do: "..., cindy said he'd come",
"Melissa sent me her ...", "..., May paid for everyone"."""
PERSON_CUE = re.compile(
    r"(?:\b(?:guy|girl|man|woman|bloke|lady|someone|person|friend|chap|kid|boy)\s+"
    r"(?:called|named)|\b(?:me|I)\s+(?:and|&))\s+$"
)
"""Cues that only a person follows: "a guy called Laura", "me and Laura"."""
SELF_CUE = re.compile(r"\b(?:[Ii]t['’]s|[Ii]t is|[Cc]['’]est|[Hh]ere['’]s)\s+$")
SELF_AFTER = re.compile(r"\s+(?:again|here|speaking)\b|\s*,")
"""A caller naming themself: "it's Melissa again", "c'est Bruno, j'ai changé de natel"."""
CONTACT_AFTER_NUMBER = re.compile(r"\d[ \t]*[-–—][ \t]*$")
"""A name saved after a number: "0 2 7 1 3 6 6 5 2 5 - Erica"."""


def line_start(text: str, s: int, e: int, not_names: set[str]) -> int:
    """A name that ends a line of two to five capitalized words starts that line: the
    words before it are its first names ("Stella Patricia Sánchez" on an envelope)."""
    ls = text.rfind("\n", 0, s) + 1
    if not re.match(r"[ \t]*(?:\n|$)", text[e:]):
        return s
    head = text[ls:s]
    words = head.split()
    if not words or len(words) > 3 or not re.fullmatch(r"[ \t]*(?:\S+[ \t]+)+", head):
        return s
    if any(not w[:1].isupper() or w in not_names or not w.isalpha() for w in words):
        return s
    return ls + len(head) - len(head.lstrip())


DIGIT_SPACE = re.compile(r"\d\s+$")
WINDOW = 120
"""Characters before a word's trailing blanks that its cue patterns may read."""


class Before:
    """The text before a word, as the end-anchored cue patterns read it: searched in place
    over its last ``WINDOW`` characters (plus any run of blanks at its end), not as a copy
    from the text's start. Every cue ends in ``$`` and is far shorter than the window, so the
    matches are the same; a long turn's scan costs O(words), not O(words x length)."""

    def __init__(self, text: str, end: int) -> None:
        lo = end
        while lo > 0 and text[lo - 1].isspace():
            lo -= 1
        self.text, self.end, self.start = text, end, max(0, lo - WINDOW)

    def search(self, pattern: re.Pattern[str]) -> re.Match[str] | None:
        return pattern.search(self.text, self.start, self.end)


def office_word(
    word: str, first: frozenset[str], last: frozenset[str], common: frozenset[str]
) -> bool:
    """A common word that no name list holds, though a cue comes before it: "Dear Registrar"
    is an office, not a person (fresh6 fixes); "Dear Baker" stays a name."""
    return word.lower() in common and not in_lexicon(word, first) and not in_lexicon(word, last)
