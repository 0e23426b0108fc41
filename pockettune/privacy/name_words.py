"""Words that decide whether a lexicon word is a name (issue #41): greetings before a first
name, and words that are names somewhere but not in chat (languages, verbs, articles)."""

from __future__ import annotations

GREET = (
    r"[Hh]i|[Hh]ello|[Hh]ey|[Hh]iya|[Yy]o|[Ss]alut|[Bb]onjour|[Bb]onsoir|[Cc]oucou|[Hh]allo"
    r"|[Mm]oin|[Ss]ervus|[Hh]ola|[Bb]uenas|[Cc]iao|[Cc]ześć|[Hh]ej|[Hh]ejsan|[Hh]ei|[Aa]hoj"
    r"|[Čč]au|[Ss]zia|[Ss]ziasztok|[Ss]alve|[Oo]lá|[Oo]i|[Bb]ună|[Ss]alutare|[Dd]ear|[Tt]hanks"
    r"|[Mm]erci|[Dd]anke|[Gg]racias|[Dd]ziękuję|[Tt]ack|[Tt]ak|[Kk]iitos|[Dd]ěkuju"
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
}  # fmt: skip
"""Capitalized at a sentence start before a lower-case word, these are articles or pronouns
("Le comparto mis datos"), not the names they also are."""
