"""benchmarks/pii_faker.py and pii_score.py: the generated PII splits and the strict leak rule."""

import json
import re
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).parents[2] / "benchmarks"
sys.path.append(str(BENCH))  # after everything else: benchmarks/ has names like round.py

import pii_faker  # noqa: E402
import pii_score  # noqa: E402
from pii_templates import ENGLISH_CLEAN, ENGLISH_PII, NATIVE, templates  # noqa: E402
from pii_templates_fresh import (  # noqa: E402
    FRESH_ENGLISH_CLEAN,
    FRESH_ENGLISH_PII,
    FRESH_NATIVE,
)
from pii_templates_fresh2 import (  # noqa: E402
    FRESH2_ENGLISH_CLEAN,
    FRESH2_ENGLISH_PII,
    FRESH2_NATIVE,
)
from pii_templates_fresh3 import (  # noqa: E402
    FRESH3_ENGLISH_CLEAN,
    FRESH3_ENGLISH_PII,
    FRESH3_NATIVE,
)
from pii_templates_fresh4 import (  # noqa: E402
    FRESH4_ENGLISH_CLEAN,
    FRESH4_ENGLISH_PII,
    FRESH4_NATIVE,
)

from pockettune.privacy import Span  # noqa: E402


@pytest.fixture(scope="module")
def splits() -> dict[str, list[dict]]:
    return {split: pii_faker.generate(split) for split in pii_faker.SPLITS}


def test_generation_is_deterministic_and_matches_the_committed_files(splits):
    assert set(splits) == {"dev", "test", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6"}
    for split in splits:
        again = pii_faker.generate(split)
        assert again == splits[split]
        committed = (BENCH / "data" / f"pii_faker_{split}.jsonl").read_text()
        assert pii_faker.dumps(splits[split]) == committed
    other_seed = pii_faker.generate("test", seed=pii_faker.SEED + 1)
    assert [c["text"] for c in other_seed] != [c["text"] for c in splits["test"]]


def test_dev_and_test_share_no_template_and_no_locale(splits):
    dev, test = splits["dev"], splits["test"]
    assert not {c["template"] for c in dev} & {c["template"] for c in test}
    assert not {c["locale"] for c in dev} & {c["locale"] for c in test}
    assert len({c["locale"] for c in dev} | {c["locale"] for c in test}) >= 10
    for lang in NATIVE:  # a language's own templates sit on one side only
        assert not {t for t, _ in templates("dev", lang)} & {t for t, _ in templates("test", lang)}


def test_the_fresh_split_shares_no_template_and_no_locale_with_dev_or_test(splits):
    fresh, seen = splits["fresh"], splits["dev"] + splits["test"]
    assert not {c["template"] for c in fresh} & {c["template"] for c in seen}
    assert not {c["locale"] for c in fresh} & {c["locale"] for c in seen}
    assert len({c["locale"] for c in fresh}) >= 6
    old = {*ENGLISH_PII, *ENGLISH_CLEAN, *(t for group in NATIVE.values() for t in group)}
    new = {*FRESH_ENGLISH_PII, *FRESH_ENGLISH_CLEAN, *(t for g in FRESH_NATIVE.values() for t in g)}
    assert not old & new and len(new) >= 25
    clean = [c for c in fresh if not c["pii"]]
    assert 0.2 < len(clean) / len(fresh) < 0.4


def test_the_fresh2_split_shares_no_template_and_no_locale_with_any_other(splits):
    fresh2, seen = splits["fresh2"], splits["dev"] + splits["test"] + splits["fresh"]
    assert not {c["template"] for c in fresh2} & {c["template"] for c in seen}
    assert not {c["locale"] for c in fresh2} & {c["locale"] for c in seen}
    assert len({c["locale"] for c in fresh2}) == 8
    old = {*ENGLISH_PII, *ENGLISH_CLEAN, *(t for group in NATIVE.values() for t in group)}
    old |= {
        *FRESH_ENGLISH_PII,
        *FRESH_ENGLISH_CLEAN,
        *(t for g in FRESH_NATIVE.values() for t in g),
    }
    new = {*FRESH2_ENGLISH_PII, *FRESH2_ENGLISH_CLEAN}
    new |= {t for g in FRESH2_NATIVE.values() for t in g}
    assert not old & new and len(new) >= 25
    clean = [c for c in fresh2 if not c["pii"]]
    assert 0.2 < len(clean) / len(fresh2) < 0.4


def test_the_fresh3_split_shares_no_template_and_no_locale_with_any_other(splits):
    fresh3 = splits["fresh3"]
    seen = splits["dev"] + splits["test"] + splits["fresh"] + splits["fresh2"]
    assert not {c["template"] for c in fresh3} & {c["template"] for c in seen}
    assert not {c["locale"] for c in fresh3} & {c["locale"] for c in seen}
    assert len({c["locale"] for c in fresh3}) == 8
    old = {*ENGLISH_PII, *ENGLISH_CLEAN, *(t for group in NATIVE.values() for t in group)}
    old |= {
        *FRESH_ENGLISH_PII,
        *FRESH_ENGLISH_CLEAN,
        *(t for g in FRESH_NATIVE.values() for t in g),
    }
    old |= {*FRESH2_ENGLISH_PII, *FRESH2_ENGLISH_CLEAN}
    old |= {t for g in FRESH2_NATIVE.values() for t in g}
    new = {*FRESH3_ENGLISH_PII, *FRESH3_ENGLISH_CLEAN}
    new |= {t for g in FRESH3_NATIVE.values() for t in g}
    assert not old & new and len(new) >= 40
    clean = [c for c in fresh3 if not c["pii"]]
    assert 0.2 < len(clean) / len(fresh3) < 0.4


def test_the_fresh4_split_shares_no_template_and_no_locale_with_any_other(splits):
    fresh4 = splits["fresh4"]
    seen = [c for split in ("dev", "test", "fresh", "fresh2", "fresh3") for c in splits[split]]
    assert not {c["template"] for c in fresh4} & {c["template"] for c in seen}
    assert not {c["locale"] for c in fresh4} & {c["locale"] for c in seen}
    assert len({c["locale"] for c in fresh4}) == 8
    old = {*ENGLISH_PII, *ENGLISH_CLEAN, *(t for group in NATIVE.values() for t in group)}
    for pii, clean, native in (
        (FRESH_ENGLISH_PII, FRESH_ENGLISH_CLEAN, FRESH_NATIVE),
        (FRESH2_ENGLISH_PII, FRESH2_ENGLISH_CLEAN, FRESH2_NATIVE),
        (FRESH3_ENGLISH_PII, FRESH3_ENGLISH_CLEAN, FRESH3_NATIVE),
    ):
        old |= {*pii, *clean, *(t for g in native.values() for t in g)}
    new = {*FRESH4_ENGLISH_PII, *FRESH4_ENGLISH_CLEAN}
    new |= {t for g in FRESH4_NATIVE.values() for t in g}
    assert not old & new and len(new) >= 40
    clean = [c for c in fresh4 if not c["pii"]]
    assert 0.2 < len(clean) / len(fresh4) < 0.4


def test_fresh3_addresses_follow_the_country(splits):
    """Where Faker's address provider is the US fallback, fresh3 writes the country's own."""
    for case in splits["fresh3"] + splits["fresh4"]:
        for p in case["pii"]:
            if p["category"] == "address" and case["locale"] in pii_faker.TOWNS:
                assert not re.search(r"\b[A-Z]{2} \d{5}\b", p["value"])  # no "DE 97906"


def test_labels_point_at_their_values(splits):
    cases = splits["dev"][:200] + splits["test"][:200] + splits["fresh"] + splits["fresh2"]
    for case in cases + splits["fresh3"] + splits["fresh4"]:
        for p in case["pii"]:
            assert case["text"][p["start"] : p["end"]] == p["value"]
    assert len(ENGLISH_PII) >= 40


@pytest.mark.parametrize("split", ["test", "fresh", "fresh2", "fresh3", "fresh4"])
def test_every_message_has_pii_or_is_a_look_alike(splits, split):
    cases = splits[split]
    clean = [c for c in cases if not c["pii"]]
    assert clean and len(clean) < len(cases)
    labels = {p["category"] for c in cases for p in c["pii"]}
    assert {"name", "address", "phone", "email", "card", "iban", "secret", "dob", "ip"} <= labels


@pytest.mark.parametrize(
    "category, value, parts",
    [
        ("name", "Dr. Jamie-Leigh Gallaher", ["Jamie-Leigh", "Gallaher"]),
        ("name", "Tess van der Sloot", ["Tess", "Sloot"]),
        ("address", "Flat 7, 14 Elm Grove, Bristol BS6 5QT", ["7", "14", "BS6", "5QT"]),
        ("email", "john dot doe at gmail dot com", ["john", "doe", "gmail", "com"]),
        ("card", "4111-1111-1111-1111", ["4111", "1111", "1111", "1111"]),
    ],
)
def test_sensitive_parts(category, value, parts):
    assert [value[a:b] for a, b in pii_score.sensitive(category, value)] == parts


def test_a_surviving_postcode_is_a_leak():
    text = "deliver to 14 Elm Grove, Bristol BS6 5QT"
    value = "14 Elm Grove, Bristol BS6 5QT"
    case = {"text": text, "pii": [{"category": "address", "value": value}]}
    street_only = pii_score.score_case(case, [Span(11, 24, "address")])
    assert street_only["values"][0]["leaked"] == ["BS6", "5QT"]
    whole = pii_score.score_case(case, [Span(11, len(text), "address")])
    assert whole["values"][0]["leaked"] == [] and whole["false_alarms"] == []
    stray = pii_score.score_case(case, [Span(0, 7, "name")])
    assert stray["false_alarms"] and stray["words_kept"] == stray["words"] - 1
    json.dumps(pii_score.summarize([whole, stray]))
