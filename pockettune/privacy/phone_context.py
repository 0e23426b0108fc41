"""The ``phonenumbers`` pass of the phone recognizer: Presidio's ``PhoneRecognizer`` with the
leniency, region and look-alike rules of ``recognizers.py`` (moved here from there, which
had grown past 330 lines, with the fresh6 fixes). Regions added for fresh6 (``NEW_REGIONS``)
read a national number only as people write it there: with the trunk prefix ("0", Russia's
"8") or as a mobile; "7578-4259-713", a library card, is no Chinese landline.
"""

from __future__ import annotations

import re
from typing import Any

from .dates import DATES
from .document_numbers import DOCUMENT_NUMBER_CONTEXT, money_like
from .standalone import standalone as _standalone

NEW_REGIONS = {"RU", "IR", "BD", "TH", "CN", "AM", "GH"}


def context_phone_recognizer(context: list[str], regions: tuple[str, ...]) -> Any:
    """The recognizer, built on demand (Presidio's predefined recognizers import slowly)."""
    from presidio_analyzer.predefined_recognizers import PhoneRecognizer

    class ContextPhoneRecognizer(PhoneRecognizer):
        """Presidio's phone recognizer at ``phonenumbers``' VALID leniency (score 0.4, enough
        alone), plus numbers that are only POSSIBLE (unassigned ranges, typos) at 0.1, which
        count only after a phone context word; neither after "order", "invoice", "SKU"...,
        nor inside a longer run of digit groups."""

        def analyze(
            self, text: str, entities: list[str], nlp_artifacts: Any = None, **kw: Any
        ) -> list:
            import phonenumbers
            from phonenumbers.phonenumbermatcher import Leniency, _verify

            # one POSSIBLE-leniency pass per region; VALID is then checked on each match
            # (two matcher passes, as Presidio would run them, cost twice as much)
            best: dict[tuple[int, int], Any] = {}
            for region in self.supported_regions:
                for m in phonenumbers.PhoneNumberMatcher(text, region, leniency=0):
                    raw = phonenumbers.parse(m.raw_string, region, keep_raw_input=True)
                    if not _as_written(raw, m.raw_string, region):
                        continue
                    valid = _verify(Leniency.VALID, raw, m.raw_string, None)
                    # "+995 (704) 386 085": a country code written with its plus
                    plus = (  # "(+7 (441) 528-65-77)" too
                        m.raw_string.lstrip("(").startswith("+")
                        and len(re.sub(r"\D", "", m.raw_string)) >= 9
                    )
                    self.SCORE = 0.4 if valid or plus else 0.1
                    r = self._get_recognizer_result(m, text, region, nlp_artifacts)
                    if text[r.start] == "(" and ")" not in text[r.start : r.end]:
                        r.start += 1  # "(+7 (441) 528-65-77)": the bracket is not the number's
                    if (m.start, m.end) not in best or best[m.start, m.end].score < r.score:
                        best[m.start, m.end] = r
            self.SCORE = 0.4
            found = [
                r
                for r in best.values()
                # not the tail or head of a longer digit run ("... 8660 0281 0118 2194"),
                # nor a Brazilian CEP ("01310-100": phones are not grouped 5-3)
                if not re.fullmatch(r"\d{5}-\d{3}", text[r.start : r.end])
                # four groups of four digits: a card or loyalty number, not a phone; nor
                # 4-4-3 with dashes, as orders and references are written ("8933-7973-685")
                and not re.fullmatch(
                    r"\d{4}(?:[ -]\d{4}){3}|\d{4}-\d{4}-\d{3}", text[r.start : r.end]
                )
                # five or more groups of one or two digits not led by 0 or +: lottery
                # numbers, scores ("21 24 26 31 35 45"); "06 12 34 56 78" stays a phone
                and not re.fullmatch(r"[1-9]\d?(?: \d{1,2}){4,}", text[r.start : r.end])
                # (a line break ends a run: "- +98 76 4415 2381\n3. ..." in a list)
                and not re.search(r"\d[ \t-]?$", text[: r.start])
                and not re.match(r"[ \t-]?\d", text[r.end :])
                and (r.score >= 0.4 or len(re.sub(r"\D", "", text[r.start : r.end])) >= 8)
            ]
            return [
                r
                for r in found
                if _standalone(text, r.start, r.end)
                and not DOCUMENT_NUMBER_CONTEXT.search(text[: r.start])
                and not re.search(r"#\s*$", text[: r.start])  # "#524663786": an order
                and not re.search(r"\bcode\s*[:#]?\s*$", text[: r.start], re.I)  # an error code
                and not any(re.fullmatch(d, text[r.start : r.end]) for d in DATES[:2])
                and not money_like(text, r.start, r.end)  # "$1692.56", "1684,16 €"
            ]

    return ContextPhoneRecognizer(context=context, supported_regions=regions)


def _as_written(number: Any, raw: str, region: str) -> bool:
    """A national number of a fresh6 region written with its trunk prefix, in international
    form, or a mobile (mobiles are written without the prefix as often as with it)."""
    import phonenumbers
    from phonenumbers import PhoneNumberType

    if region not in NEW_REGIONS or raw.lstrip("(").startswith("+"):
        return True
    prefix = phonenumbers.PhoneMetadata.metadata_for_region(region).national_prefix or ""
    digits = re.sub(r"\D", "", raw)
    kind = phonenumbers.number_type(number)
    mobile = kind in (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE)
    return (bool(prefix) and digits.startswith(prefix)) or mobile
