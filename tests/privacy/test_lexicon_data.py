"""The shipped lexicons (``pockettune/privacy/data/lexicons.json.gz``) are what the pinned
packages give: rebuilt here from the installed Faker, spaCy, Empath and tz database. If this
fails after a dependency bump, rebuild the file with ``python -m pockettune.privacy.lexicon``."""

import gzip
import sys

from pockettune.privacy import lexicon


def test_shipped_lexicons_equal_a_rebuild():
    assert lexicon.DATA.is_file()
    lexicon.lexicons.cache_clear()
    try:
        shipped = lexicon.lexicons()
    finally:
        lexicon.lexicons.cache_clear()
    rebuilt = lexicon.build_lexicons()
    for kind, a, b in zip(lexicon.KINDS, shipped, rebuilt):
        assert a == b, f"{kind}: {sorted(a ^ b)[:20]}"


def test_write_data_is_reproducible_and_atomic(tmp_path):
    out = tmp_path / "lexicons.json.gz"
    lexicon.write_data(out)
    assert out.read_bytes() == lexicon.DATA.read_bytes()
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # no temporary file left
    assert gzip.decompress(out.read_bytes())


def test_missing_data_falls_back_to_a_build(monkeypatch, tmp_path):
    monkeypatch.setattr(lexicon, "DATA", tmp_path / "absent.json.gz")
    lexicon.lexicons.cache_clear()
    try:
        assert lexicon.lexicons() == lexicon.build_lexicons()
    finally:
        lexicon.lexicons.cache_clear()


def test_engine_build_leaves_torch_importable():
    """The engine is built without importing torch (offline.py), and torch still works."""
    import subprocess

    code = (
        "import sys; from pockettune.privacy import Redactor; r = Redactor(); "
        "print(r.redact('mail jane.doe@example.com')); "
        "print('torch' in sys.modules); import thinc.compat; "
        "from presidio_analyzer.nlp_engine import device_detector; "
        "print(type(device_detector).__name__); "
        "print(device_detector.get_device() in ('cpu', 'cuda')); import torch; print(torch.tensor([1]).sum().item())"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    assert r.stdout.split() == ["mail", "[EMAIL]", "False", "_LazyDevice", "True", "1"]
