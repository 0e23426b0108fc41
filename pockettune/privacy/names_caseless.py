"""Names in scripts without letter case (after the Faker fresh5 split's first measurement,
results/privacy-fresh5-first.md): Georgian, Hebrew, Arabic, Devanagari and other Indic
scripts, Japanese, Chinese and Korean. ``names.py`` finds a name by its capital letter, which
these scripts do not have; here the lexicon (Faker's name lists of every locale, in their own
script) and cue words decide:

- a word of a spaced caseless script (Georgian, Hebrew, Arabic, Indic) that is a first or last
  name and no common word counts in a mostly Latin message ("my dad ლალი ლაცაბიძე", "user
  सोम2019"), after a cue ("my name is", "Surname:", "מר", "मेरो नाम", "ბატონი") or next to
  another name word ("יצחק גלעד"); in a message mostly in that script it needs a cue or a
  neighbour, and the words around it are then taken while they are names;
- Japanese and Chinese have no spaces: a surname, maybe a space, and a given name
  ("佐藤花子", "佐藤 花子"); a lone name that is a whole run of the script in other text
  ("ask for あすか", "guardian is 和也 吉田"), or before an honorific (様, さん, 氏, 君, ちゃん,
  先生, 殿);
- Korean: a surname and a given name written together, or a given name alone, as a whole word
  or before a particle or honorific (씨, 님, 입니다, 에게 ...): "김민준", "민준 씨", "도현 이"
  (given name, then the surname).

The recognizer also reports ``names_cued.py``'s names (form labels, lower-case names after
"name's", user names, Zulu prefixes), which the capital-letter rules miss in any script.

Anything of the script right after a strong cue ("my name is", "Surname:", "氏名:", "이름:")
counts whether or not it is in the lexicon.
"""

from __future__ import annotations

import re

from .lexicon import fold, lexicons
from .name_titles import PLACE_BEFORE, TITLE_BEFORE, stem
from .names_cued import cued_name_spans
from .span_recognizer import SpanRecognizer

SPACED = r"\u0590-\u05ff\u0600-\u06ff\u0900-\u0dff\u0e00-\u0e7f\u10a0-\u10ff\u1c90-\u1cbf"
SPACED_WORD = re.compile(rf"[{SPACED}][{SPACED}\u200c\u200d'’׳-]*")
CJK = r"\u3040-\u309f\u30a0-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々"
CJK_RUN = re.compile(rf"[{CJK}]+")
CJK_PLACE = "省市县区镇乡村路街道号座楼室"
HANGUL_WORD = re.compile(r"[\uac00-\ud7af]+")
LATIN_WORD = re.compile(r"[A-Za-zÀ-ɏЀ-ӿ'’-]*[A-Za-zÀ-ɏЀ-ӿ]{2,}[A-Za-zÀ-ɏЀ-ӿ'’-]*")
HONORIFIC_JA = re.compile(r"[ \u3000]?(?:様|さま|さん|氏|君|くん|ちゃん|先生|殿)")
NATIVE = r"\u0590-\u05ff\u10a0-\u10ff\u0900-\u097f\uac00-\ud7af"
"""Letters a native cue must not follow: "לעומר" is no "מר" (Mr)."""
HE_PREFIX = "לו"
"""Hebrew prepositions written onto a name: "למיכאל" (to Michael), "ודוד" (and David)."""
KO_SUFFIX = (
    "", "씨", "님", "이", "가", "은", "는", "을", "를", "의", "에게", "한테", "께", "께서",
    "과", "와", "도", "입니다", "이에요", "예요", "이고", "고객님", "선생님", "씨가", "씨는",
    "님이", "님은", "님의", "씨의", "씨에게", "님께",
)  # fmt: skip
KO_TITLE = {
    "씨", "님", "씨가", "씨는", "님이", "님은", "님의", "씨의", "씨에게", "님께", "고객님", "선생님",
}  # fmt: skip
"""Honorifics after a Korean given name: "민준 씨" is a person, "지원" alone may be "support"."""
STRONG_CUE = re.compile(
    r"(?:\b(?:[Mm]y name is|[Mm]y name's|[Nn]ame[sd]?:|[Ss]urname:?|[Ff]amily name:?"
    r"|[Gg]iven names?:?|[Ff]irst name:?|[Ll]ast name:?|[Cc]all me|[Aa]ccount holder"
    r"|[Mm]r|[Mm]rs|[Mm]s|[Dd]r)\.?"
    rf"|(?<![{NATIVE}])(?:שמי|קוראים לי|שם(?: מלא)?:|על שם|מר|גב['׳]|גברת|ד\"ר|לכבוד"
    r"|მქვია|სახელი:|გვარი:|ბატონი|ქალბატონი|ბატონო|ქალბატონო"
    r"|मेरो नाम|नाम:?|श्री|श्रीमती|सुश्री|श्रीमान्?|डा\."
    r"|이름은|이름:|성함:?|氏名[:：]?|名前[:：は]?))"
    r"[ \t]*[:：,]?[ \t]*$"
)
"""Anything of the script after it is a name: "Surname: 山田", "मेरो नाम ..."."""
WEAK_CUE = re.compile(
    r"(?:\b(?:I'm|I am|[Tt]his is|[Hh]older|[Mm]ember|[Gg]uardian(?: is)?|[Pp]arent"
    r"|[Dd]river:?|[Cc]ustomer|[Pp]atient|[Tt]enant|[Ff]or|[Ff]rom|by|[Tt]o|[Dd]ear|[Hh]i"
    r"|[Hh]ello|[Hh]ey|[Aa]sk for|[Uu]ser|wife|husband|son|daughter|mom|mum|dad|father|mother"
    r"|sister|brother|friend|boss|neighbou?r|is|and|with)"
    rf"|(?<![{NATIVE}])(?:שלום|אני|תתקשרו|התקשרו|תתקשר|התקשר|გამარჯობა|მე ვარ|नमस्ते"
    r"|저는|私は))"
    r"[ \t]*[:：,]?[ \t]*$"
)
"""Before a lexicon name in a message mostly in its script: "שלום דוד"."""
NATIVE_AFTER = re.compile(r"[ \t]+(?:लाई|ले|जी|ज्यू)\b")
"""After a Nepali name: "राम लाई" (to Ram), "राम जी"."""
KA_AFTER = {"სთან", "ს", "მა", "ის", "თან", "ზე", "სგან", "ისთვის", "სთვის"}
"""Georgian postpositions joined to a name by a hyphen: "ნინო-სთან" (at Nino's)."""


def _name(word: str, strict: bool = True) -> bool:
    """A first or last name of the lexicon (each part of a hyphenated one); ``strict``: and
    no common word of its language (in mostly Latin text a Hebrew "עלי" is a name)."""
    first, last, _, common = lexicons()
    parts = [fold(p) for p in word.split("-") if p]
    if not parts or (strict and fold(word) in common):
        return False
    if all(p in first or p in last for p in parts):
        return True
    return stem(word) != word and _name(stem(word), strict)  # "जैनजी": जैन and जी


def _prefixed(word: str) -> bool:
    """A Hebrew first name with a preposition written onto it: "למיכאל"."""
    first, _, _, common = lexicons()
    rest = fold(word[1:])
    return word[:1] in HE_PREFIX and len(word) > 3 and rest in first and rest not in common


def _latin_share(text: str) -> float:
    """The share of Latin (or Cyrillic) words among the words of ``text``; e-mails, links and
    tokens with digits or symbols are no words ("המייל שלי a.b@mail.com" is Hebrew)."""
    words = [w for w in text.split() if not re.search(r"[@/\\=_\d]", w)]
    latin = sum(bool(LATIN_WORD.fullmatch(w.strip(".,;:!?'\"()[]"))) for w in words)
    other = len(SPACED_WORD.findall(text)) + len(HANGUL_WORD.findall(text))
    other += len(CJK_RUN.findall(text))
    return latin / max(1, latin + other)


def _spaced(text: str, latin: bool) -> list[tuple[int, int, float]]:
    words = list(SPACED_WORD.finditer(text))
    common = lexicons()[3]
    spans: list[tuple[int, int, float]] = []
    i = 0
    while i < len(words):
        w = words[i]
        before = text[: w.start()]
        place = PLACE_BEFORE.search(text, max(0, w.start() - 12), w.start())
        if place or PLACE_BEFORE.fullmatch(w.group() + " "):
            i += 1  # "شهرستان نیما": a county, not Nima; "شهرستان فاطمه زهرا" the same
            while i < len(words) and text[words[i - 1].end() : words[i].start()] == " ":
                i += 1
            continue
        cued = bool(STRONG_CUE.search(before))
        weak = cued or bool(WEAK_CUE.search(before))
        j = i
        while j + 1 < len(words) and text[words[j].end() : words[j + 1].start()] == " ":
            if not _name(words[j + 1].group(), not latin):
                break
            j += 1
        head, _, tail = w.group().partition("-")
        start, end = w.start(), words[j].end()
        if tail in KA_AFTER and _name(head):  # "ნინო-სთან" (at Nino's)
            is_name, weak, end = True, True, w.start() + len(head)
        elif weak and j == i and _prefixed(w.group()):  # "תתקשרו למיכאל"
            is_name, start = True, w.start() + 1
        else:
            is_name = _name(w.group(), not latin)
        if not (is_name or (cued and fold(w.group()) not in common)):
            i += 1
            continue
        if is_name and j == i and not (weak or latin or NATIVE_AFTER.match(text, w.end())):
            i += 1
            continue
        title = TITLE_BEFORE.search(before)  # redacted with the name: "श्रीमान राजु शाह"
        start = title.start() if title else start
        spans.append((start, end, 0.6 if (cued or j > i) else 0.5))
        i = j + 1
    return spans


def _lookup(s: str, names: frozenset[str]) -> bool:
    return fold(s) in names


def _cjk(text: str, latin: bool) -> list[tuple[int, int, float]]:
    first, last, _, common = lexicons()
    spans: list[tuple[int, int, float]] = []
    for run in CJK_RUN.finditer(text):
        s, e, r = run.start(), run.end(), run.group()
        alone = fold(r) not in common and (_lookup(r, first) or _lookup(r, last))
        spaced = _surname_given(text, r, 0, e, s, first, last) if alone else None
        if spaced:  # "田中 和也です"
            spans.append((s, spaced, 0.6))
            continue
        if alone:  # the whole run is one name, in other text
            spans.append((s, e, 0.55))
            continue
        if STRONG_CUE.search(text[:s]) and len(r) <= 4:
            spans.append((s, e, 0.6))
            continue
        if latin and _one_and_one(r, first, last):  # "Student: 李莹," in English text
            spans.append((s, e, 0.55))
            continue
        i = 0
        while i < len(r):
            found = _surname_given(text, r, i, e, s, first, last)
            if found:
                spans.append((s + i, found, 0.6))
                i = found - s
                continue
            n = _honorific_name(r, i, first, last)
            if n:
                spans.append((s + i, s + i + n, 0.6))
                i += n
                continue
            i += 1
    return spans


def _surname_given(
    text: str, r: str, i: int, e: int, s: int, first: frozenset[str], last: frozenset[str]
) -> int | None:
    """End (in ``text``) of a surname at ``r[i]`` followed by a given name, maybe spaced."""
    for n in (3, 2, 1):
        if i + n > len(r) or not _lookup(r[i : i + n], last):
            continue
        rest, at = r[i + n :], s + i + n
        if not rest and re.match(r"[ \u3000]", text[e : e + 1]):
            nxt = CJK_RUN.match(text, e + 1)
            if nxt and (_lookup(nxt.group(), first) or _given_prefix(nxt.group(), first)):
                return e + 1 + (_given_prefix(nxt.group(), first) or len(nxt.group()))
        g = _given_prefix(rest, first)
        if g and (n > 1 or g > 1):
            return at + g
    return None


def _one_and_one(r: str, first: frozenset[str], last: frozenset[str]) -> bool:
    """A whole run of two or three characters that is a surname and a given name, and no
    place ("李莹", "欧阳娜"; not "北京市"): alone in other text, that is a person."""
    if not 2 <= len(r) <= 3 or r[-1] in CJK_PLACE:
        return False
    return any(_lookup(r[:n], last) and _lookup(r[n:], first) for n in (1, 2) if n < len(r))


def _given_prefix(r: str, first: frozenset[str]) -> int:
    """Length of the longest given name that ``r`` starts with, if the run ends there or an
    honorific or a particle (です, の, は, が, を, に, と) follows."""
    for n in (4, 3, 2, 1):
        if n <= len(r) and _lookup(r[:n], first):
            after = r[n:]
            if not after or HONORIFIC_JA.match(after) or after[0] in "ですのはがをにとへも":
                return n
    return 0


def _honorific_name(r: str, i: int, first: frozenset[str], last: frozenset[str]) -> int:
    for n in (4, 3, 2):
        part = r[i : i + n]
        named = len(part) == n and (_lookup(part, first) or _lookup(part, last))
        if named and HONORIFIC_JA.match(r, i + n):
            return n
    return 0


def _korean(text: str, latin: bool) -> list[tuple[int, int, float]]:
    """Korean names; in a message mostly in Korean a given name alone needs an honorific or a
    cue ("지원" is also "support"), and a spaced or reversed name ("도현 이") is not taken
    ("이 정수" is "this integer")."""
    first, last, _, common = lexicons()
    spans: list[tuple[int, int, float]] = []
    words = list(HANGUL_WORD.finditer(text))
    for k, m in enumerate(words):
        w, s = m.group(), m.start()
        before = text[:s]
        cued = bool(STRONG_CUE.search(before))
        licensed = latin or cued or bool(WEAK_CUE.search(before))
        n, full = _korean_name(w, first, last)
        titled = w[n:] in KO_TITLE or (
            w[n:] == "" and bool(re.match(r" (?:씨|님|선생님)", text[m.end() :]))
        )
        if n and (full or licensed or titled):
            spans.append((s, s + n, 0.6))
            continue
        one_surname = len(w) == 1 and _lookup(w, last) and latin
        prev = words[k - 1].end() if k else -1
        if one_surname and spans and spans[-1][1] == prev and text[prev:s] == " ":
            spans[-1] = (spans[-1][0], m.end(), 0.6)  # "도현 이": given name, then surname
            continue
        if one_surname and k + 1 < len(words):
            nxt = words[k + 1]
            g = _korean_given(nxt.group(), first)
            if text[m.end() : nxt.start()] == " " and g:
                spans.append((s, nxt.start() + g, 0.6))
                continue
        if cued and len(w) <= 4 and w not in common:
            spans.append((s, m.end(), 0.6))
    return spans


def _korean_given(w: str, first: frozenset[str]) -> int:
    for n in (3, 2):
        if len(w) >= n and _lookup(w[:n], first) and w[n:] in KO_SUFFIX:
            return n
    return 0


def _korean_name(w: str, first: frozenset[str], last: frozenset[str]) -> tuple[int, bool]:
    """Length of a name that the word ``w`` starts with, followed by nothing or by a particle
    or honorific, and whether it is a full one (surname + given name) or a given name."""
    for n in (2, 1):
        if len(w) > n and _lookup(w[:n], last):
            g = _korean_given(w[n:], first)
            if g:
                return n + g, True
    return _korean_given(w, first), False


class CaselessNameRecognizer(SpanRecognizer):
    ENTITY, NAME, WHY = "PERSON", "CaselessNameRecognizer", "caseless-script names lexicon"

    def warm(self) -> None:
        lexicons()

    def spans(self, text: str) -> list[tuple[int, int, float]]:
        spans = cued_name_spans(text)
        if re.search(rf"[{SPACED}{CJK}\uac00-\ud7af]", text):
            latin = _latin_share(text) >= 0.5
            spans += _spaced(text, latin) + _cjk(text, latin) + _korean(text, latin)
        return sorted(spans)
