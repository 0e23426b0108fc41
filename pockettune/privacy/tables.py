"""Values whose kind a header or a cue further away names (issue #41, fresh2 fixes).

- A pasted CSV or TSV row under a header line ("name,email,phone,birthdate"): each field
  under a column whose header names a person, a phone, a date of birth or an address is
  one, whatever its form ("An Coppens Gielen", "12/18/1955", "573082892388").
- A password manager's export ("url,username,password"): the username column is a person
  (a bare first name as often as an email), the password or PIN column a secret.
- A date in a message that asks for or gives a date of birth further away than Presidio's
  context window ("text her my full name, date of birth and mobile ... 'Julie Standaert,
  10-03-1945, ...'"): a full date with a plausible birth year (1900 to the current year,
  or the same in the Thai Buddhist era) within 160 characters of a date-of-birth noun ("date
  of birth", "DOB", "datum rođenja", "birth announcement").
"""

from __future__ import annotations

import datetime
import re

from .dates import MONTHS
from .span_recognizer import SpanRecognizer

HEADERS = {
    "PERSON": r"(?:full[ _]?)?name|first[ _]?name|last[ _]?name|surname|nom|nombre|nome|naam"
    r"|navn|ime|prezime|ad|soyad|name[ _]surname|user[ _]?name|user|login|nafn|ainm|όνομα",
    "DATE_OF_BIRTH": r"birth[ _]?date|date[ _]of[ _]birth|dob|d\.o\.b\.?|birthday|born"
    r"|geburtsdatum|fecha[ _]de[ _]nacimiento|data[ _]de[ _]nascimento|date[ _]de[ _]naissance"
    r"|geboortedatum|fødselsdato|födelsedatum|datum[ _]rođenja|doğum[ _]tarixi|data[ _]di[ _]nascita",
    "PHONE_NUMBER": r"phone|phone[ _]?number|mobile|mobile[ _]?number|tel|telephone|telefon"
    r"|teléfono|telefone|telefono|téléphone|gsm|cell|celular|mobil|mobiel|handy",
    "STREET_ADDRESS": r"address|street|adresse|dirección|direccion|endereço|adres|indirizzo|adresa",
    # fresh4 fixes: a password manager's export ("url,username,password")
    "SECRET": r"password|passwd|pwd|pass|passcode|pin|secret|lykilorð|pasfhocal|κωδικός"
    r"|contrasenya|contraseña|passwort|mot[ _]de[ _]passe",
}
HEADER = {k: re.compile(rf"\s*(?:{v})\s*", re.IGNORECASE) for k, v in HEADERS.items()}
DELIMITERS = (",", ";", "\t", "|")
BIRTH_CUE = re.compile(
    r"\b(?:date of birth|birth ?date|dob|d\.o\.b|fecha de nacimiento|data de nascimento"
    r"|geburtsdatum|date de naissance|geboortedatum|fødselsdato|födelsedatum|datum rođenja"
    r"|doğum tarixi|doğum tarihi|data di nascita|data urodzenia|datum narození"
    r"|fæðingardagur|dáta breithe|ημερομηνία γέννησης|data de naixement"
    r"|birth announcement|announcing the birth|newborn)\b",
    re.IGNORECASE,
)
"""Nouns that ask for or label a date of birth; "born" and its kin attach to their own date,
which Presidio's context window already sees ("born on 3 May 1990", not "born in 1985 and
moved on 03/04/2010")."""
FULL_DATE = re.compile(
    r"(?<![\w./-])(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.-]\d{1,2}[/.-]\d{4})(?![\w/-]|[.]\d)"
    rf"|(?<!\w){MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}(?!\d)"
    rf"|(?<![\w.])\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTHS}\s*,?\s+\d{{4}}(?!\d)",
    re.IGNORECASE,
)
"""A full date, in digits or with the month's name ("December 14, 1993", fresh6 fixes)."""
BUDDHIST_ERA = 543
"""Thai dates count years from 543 BC: "January 11, 2530" is 1987."""


def _fields(line: str, delim: str) -> list[tuple[int, int]]:
    """(start, end) of each field of ``line``, spaces trimmed."""
    out, pos = [], 0
    for part in line.split(delim):
        lead = len(part) - len(part.lstrip())
        out.append((pos + lead, pos + len(part.rstrip())))
        pos += len(part) + 1
    return out


def column_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, entity) of each field under a named column of a pasted table."""
    out: list[tuple[int, int, str]] = []
    lines, offset, starts = text.split("\n"), 0, []
    for line in lines:
        starts.append(offset)
        offset += len(line) + 1
    for i, line in enumerate(lines[:-1]):
        delim = next((d for d in DELIMITERS if line.count(d) >= 1), None)
        if delim is None or '"' in line:
            continue
        names = line.split(delim)
        kinds = [next((k for k, rx in HEADER.items() if rx.fullmatch(n)), None) for n in names]
        if not any(kinds) or len(names) < 3:
            continue
        inner = names[1:-1] if delim == "|" and not names[0].strip() else names
        if not all(re.fullmatch(r"\s*[^\W\d][\w .'-]{0,30}", n) for n in inner if n.strip()):
            continue  # a header holds words only (a Markdown table's outer bars aside)
        for j in range(i + 1, len(lines)):
            row = lines[j]
            if row.count(delim) != len(names) - 1 or '"' in row:
                break
            if re.fullmatch(r"[\s|:-]+", row):
                continue  # a Markdown table's rule under its header
            for (s, e), kind in zip(_fields(row, delim), kinds):
                if kind and e > s:
                    out.append((starts[j] + s, starts[j] + e, kind))
    return out


def birth_date_spans(text: str) -> list[tuple[int, int]]:
    """Full dates with a birth year within 160 characters of a date-of-birth cue."""
    cues = [m.span() for m in BIRTH_CUE.finditer(text)]
    if not cues:
        return []
    this_year = datetime.date.today().year
    out = []
    for m in FULL_DATE.finditer(text):
        year = int(max(re.findall(r"\d+", m.group()), key=len))
        if not (1900 <= year <= this_year or 1900 <= year - BUDDHIST_ERA <= this_year):
            continue
        if any(abs(m.start() - e) <= 160 or abs(s - m.end()) <= 160 for s, e in cues):
            out.append(m.span())
    return out


class ColumnRecognizer(SpanRecognizer):
    """Fields of a pasted table under a column that names ``entity``; for dates of birth
    also dates near a far date-of-birth cue."""

    def __init__(self, entity: str) -> None:
        super().__init__(entity, name=f"ColumnRecognizer {entity}")

    def spans(self, text: str) -> list[tuple[int, int, float, str]]:
        why = "column of a pasted table"
        found = [(s, e, 0.6, why) for s, e, k in column_spans(text) if k == self.entity]
        if self.entity == "DATE_OF_BIRTH":
            why = "date near a date-of-birth cue"
            found += [(s, e, 0.6, why) for s, e in birth_date_spans(text)]
        return found
