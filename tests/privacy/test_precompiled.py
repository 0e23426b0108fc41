"""The shipped patterns (``pockettune/privacy/data/patterns.json.gz``) are what the pinned
pyap2, detect-secrets and interpreter give, and each pattern made from them equals a fresh
``re.compile``. If this fails after a dependency or Python bump, rebuild the file with
``python -m pockettune.privacy.precompiled``."""

import gzip
import json
import re

import pytest

from pockettune.privacy import precompiled as pc


@pytest.fixture
def fresh_cache():
    for f in (pc._shipped, pc.pyap_patterns, pc.detect_secrets_patterns):
        f.cache_clear()
    yield
    for f in (pc._shipped, pc.pyap_patterns, pc.detect_secrets_patterns):
        f.cache_clear()


def _shipped() -> dict:
    return json.loads(gzip.decompress(pc.DATA.read_bytes()))


def test_shipped_text_equals_a_rebuild():
    shipped, rebuilt = _shipped(), pc.build_data()
    assert shipped["pyap_countries"] == rebuilt["pyap_countries"] == list(pc.COUNTRIES)
    assert shipped["pyap_street_types"] == rebuilt["pyap_street_types"]
    assert shipped["detect_secrets"] == rebuilt["detect_secrets"]
    for a, b in zip(shipped["pyap"], rebuilt["pyap"], strict=True):
        assert a["pattern"] == b["pattern"]
        if shipped["interpreter"] == pc.interpreter():
            assert a == b  # same interpreter: the same compiled code too


def test_shipped_code_is_for_this_interpreter():
    """Not a correctness matter (another interpreter compiles the text), but start-up:
    the file should be rebuilt when the pinned Python changes."""
    assert _shipped()["interpreter"] == pc.interpreter()


def test_pyap_patterns_equal_a_fresh_compile(fresh_cache):
    made = pc.pyap_patterns()
    sources = [f["pattern"] for f in _shipped()["pyap"]]
    assert len(made) == len(sources) == 3
    for rx, text in zip(made, sources, strict=True):
        fresh = re.compile(text, re.X | re.U)
        # Pattern equality compares text, flags and the compiled program
        assert rx == fresh
        assert (rx.groups, rx.groupindex, rx.flags) == (fresh.groups, fresh.groupindex, fresh.flags)


def test_pyap_text_is_pyaps_own(fresh_cache):
    """The shipped text is pyap2's full_address, alternatives aside: pyap2 orders some of
    them through a set, so its text in this process may list them in another order."""
    import importlib

    for rx, c in zip(pc.pyap_patterns(), pc.COUNTRIES, strict=True):
        own = importlib.import_module(f"pyap.source_{c}.data").full_address
        assert sorted(rx.pattern) == sorted(own)  # the same characters
        assert len(rx.pattern) == len(own)


def test_street_types_and_detect_secrets_equal_the_packages(fresh_cache):
    from pyap.source_US.data import street_type_list

    assert pc.pyap_street_types() == street_type_list
    assert pc.detect_secrets_patterns() == tuple(pc.discover_detect_secrets())


def test_other_interpreter_compiles_the_text(fresh_cache, monkeypatch):
    monkeypatch.setattr(pc, "interpreter", lambda: "another python")
    made = pc.pyap_patterns()
    assert made == tuple(re.compile(f["pattern"], re.X | re.U) for f in _shipped()["pyap"])


def test_bad_code_falls_back_to_the_text():
    form = pc.compiled_form(r"(?P<n>\d+) (ab|cd)", re.X | re.U)
    good = pc._from_form(form, code_valid=True)
    assert good == re.compile(r"(?P<n>\d+) (ab|cd)", re.X | re.U)
    bad = dict(form, code="AAAAAA==")  # not an SRE program: _sre refuses it
    assert pc._from_form(bad, code_valid=True) == good


def test_missing_data_reads_the_packages(fresh_cache, monkeypatch, tmp_path):
    monkeypatch.setattr(pc, "DATA", tmp_path / "absent.json.gz")
    import importlib

    assert pc.pyap_patterns() == tuple(
        re.compile(importlib.import_module(f"pyap.source_{c}.data").full_address, re.X | re.U)
        for c in pc.COUNTRIES
    )
    assert pc.detect_secrets_patterns() == tuple(pc.discover_detect_secrets())


def test_write_data_is_reproducible_and_atomic(tmp_path):
    out = tmp_path / "patterns.json.gz"
    pc.write_data(out)
    assert out.read_bytes() == pc.DATA.read_bytes()
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # no temporary file left
