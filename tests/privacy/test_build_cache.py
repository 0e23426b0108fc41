"""What the engine build compiles, kept between processes (``privacy/build_cache.py``,
issue #41): kept programs make patterns equal to a fresh compile, a corrupt or unusable file
is ignored and written anew, writes are atomic, and outside a session ``re`` and Presidio's
pattern check are as they were."""

import hashlib
import marshal
import os
import re
import subprocess
import sys
from re import _compiler

import pytest
from presidio_analyzer import Pattern

from pockettune.privacy import build_cache as bc

PATTERNS = [
    (r"(?P<word>\b[A-ZÀ-Þ][a-zß-ÿ]+)\s+\d{2,5}(?:[ -]\w+)?", re.IGNORECASE),
    (r"[^\W\d_]+(?:\.[^\W\d_]+)*@(?:\w+\.)+\w{2,}", 0),
    (r"(?x) \b (?:st|nd|rd|th) \b  # an ordinal", re.UNICODE),
]


def _compile_all(tag: str) -> list[re.Pattern]:
    re.purge()  # through _compiler.compile, not re's own cache
    return [re.compile(p + f"(?#{tag})", flags) for p, flags in PATTERNS]


def _fresh(tag: str) -> list[re.Pattern]:
    return [_compiler.compile(p + f"(?#{tag})", flags) for p, flags in PATTERNS]


def _keys(tag: str) -> set:
    return {(bc._digest(p + f"(?#{tag})"), int(flags)) for p, flags in PATTERNS}


def test_programs_are_kept_and_make_equal_patterns(tmp_path):
    path = tmp_path / "store.bin"
    with bc.session(path) as first:
        made = _compile_all("kept")
    assert first.dirty and _keys("kept") <= set(bc.Store.load(path).programs)
    blob = path.read_bytes()
    with bc.session(path) as second:
        again = _compile_all("kept")
    assert made == again == _fresh("kept")
    assert _keys("kept") <= second.used and not second.dirty
    assert path.read_bytes() == blob  # nothing new: not written again
    assert [p.search("Anna 221b x") is not None for p in again] == [
        p.search("Anna 221b x") is not None for p in _fresh("kept")
    ]


@pytest.mark.parametrize("damage", ["garbage", "flipped", "truncated", "old layout"])
def test_a_corrupt_file_is_ignored_and_written_anew(tmp_path, damage):
    path = tmp_path / "store.bin"
    with bc.session(path):
        _compile_all("corrupt")
    blob = path.read_bytes()
    if damage == "garbage":
        path.write_bytes(b"not a store")
    elif damage == "flipped":
        path.write_bytes(blob[:100] + bytes([blob[100] ^ 1]) + blob[101:])
    elif damage == "truncated":
        path.write_bytes(blob[: len(blob) // 2])
    else:
        payload = marshal.dumps(({}, frozenset()))
        path.write_bytes(hashlib.sha256(payload).digest() + payload)
    assert bc.Store.load(path).programs == {}
    with bc.session(path) as store:
        assert _compile_all("corrupt") == _fresh("corrupt")
    assert store.dirty and _keys("corrupt") <= set(bc.Store.load(path).programs)


def test_an_unusable_program_is_compiled_anew_and_replaced(tmp_path):
    path = tmp_path / "store.bin"
    with bc.session(path):
        _compile_all("bad")
    store = bc.Store.load(path)
    for key in _keys("bad"):
        flags, _, *rest = store.programs[key]
        store.programs[key] = (flags, b"", *rest)  # "invalid SRE code"
    store.used = set(store.programs)
    store.save(path)
    with bc.session(path) as again:
        assert _compile_all("bad") == _fresh("bad")
    assert again.dirty and all(bc.Store.load(path).programs[k][1] for k in _keys("bad"))


def test_a_changed_pattern_is_not_served_an_old_program(tmp_path):
    path = tmp_path / "store.bin"
    with bc.session(path):
        _compile_all("v1")
    assert not _keys("v2") & set(bc.Store.load(path).programs)
    with bc.session(path) as store:
        assert _compile_all("v2") == _fresh("v2")
    assert store.dirty and _keys("v2") <= store.used and not _keys("v1") & store.used


def test_unused_entries_age_out(tmp_path, monkeypatch):
    monkeypatch.setattr(bc, "MAX_AGE", 2)
    path = tmp_path / "store.bin"
    with bc.session(path):
        _compile_all("old")
    for i in range(3):
        with bc.session(path):
            _compile_all(f"new{i}")  # a write each time
    assert not _keys("old") & set(bc.Store.load(path).programs)
    assert _keys("new2") <= set(bc.Store.load(path).programs)


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    path = tmp_path / "store.bin"
    with bc.session(path):
        _compile_all("first")
    blob = path.read_bytes()

    def no_space(*a, **kw):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", no_space)
    with bc.session(path):
        assert _compile_all("second") == _fresh("second")
    assert path.read_bytes() == blob and os.listdir(tmp_path) == ["store.bin"]


def test_presidio_check_runs_once_per_text_and_still_rejects(tmp_path):
    path = tmp_path / "store.bin"
    original = _compiler.compile
    check = Pattern.__dict__["_Pattern__validate_regex"]
    text = r"\b\d{3}-cache-test-\d{4}\b"
    with bc.session(path):
        Pattern("ok", text, 0.5)
        with pytest.raises(ValueError):
            Pattern("bad", r"(unclosed", 0.5)
    assert bc._digest(text) in bc.Store.load(path).valid
    assert bc._digest(r"(unclosed") not in bc.Store.load(path).valid
    with bc.session(path) as store:
        Pattern("ok", text, 0.5)
        with pytest.raises(ValueError):
            Pattern("bad", r"(unclosed", 0.5)
    assert bc._digest(text) in store.used and not store.dirty
    assert Pattern.__dict__["_Pattern__validate_regex"] is check
    assert _compiler.compile is original


def test_everything_is_put_back_after_a_failed_build(tmp_path):
    original = _compiler.compile
    check = Pattern.__dict__["_Pattern__validate_regex"]
    with pytest.raises(KeyError), bc.session(tmp_path / "store.bin"):
        raise KeyError("build failed")
    assert _compiler.compile is original
    assert Pattern.__dict__["_Pattern__validate_regex"] is check


def test_fresh_processes_redact_alike_with_and_without_the_store(tmp_path):
    code = (
        "from pockettune.privacy import Redactor; r = Redactor(); "
        "print(r.redact('Call Anna Schmidt on 030 1234567, Hauptstraße 5, 10115 Berlin; "
        "card 4111 1111 1111 1111, born 03/04/1988, key sk-proj-abcdefghijklmnop1234'))"
    )
    env = os.environ | {"POCKETTUNE_CACHE": str(tmp_path)}
    runs = [
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
        ).stdout
        for _ in range(2)
    ]
    assert runs[0] == runs[1] and "[NAME]" in runs[0] and "[PHONE]" in runs[0]
    assert len(list((tmp_path / "privacy").glob("engine-build-*.bin"))) == 1


def test_flags_of_another_enum_are_kept_as_plain_ints(tmp_path):
    """``regex.IGNORECASE`` handed to ``re.compile`` reaches ``_compiler.compile`` as
    ``regex``'s own flag type, which ``marshal`` cannot write: a fresh machine's first
    build raised ``ValueError: unmarshallable object`` from inside the redactor."""
    import regex

    path = tmp_path / "store.bin"
    pattern = r"\bpin\b(?#other-enum)"
    re.purge()
    with bc.session(path):
        made = re.compile(pattern, regex.IGNORECASE | regex.UNICODE)
    kept = bc.Store.load(path).programs
    key = (bc._digest(pattern), int(regex.IGNORECASE | regex.UNICODE))
    assert key in kept and type(kept[key][0]) is int
    re.purge()
    with bc.session(path) as again:
        assert re.compile(pattern, regex.IGNORECASE | regex.UNICODE) == made
    assert key in again.used and made.search("my PIN") is not None


def test_an_entry_marshal_cannot_write_costs_only_time(tmp_path):
    store = bc.Store()
    store.programs[(b"x" * 32, 0)] = (object(), b"", 0, {}, ())
    store.dirty = True
    store.save(tmp_path / "store.bin")  # no exception, no file, no leftover temporary
    assert list(tmp_path.iterdir()) == []


def test_a_fresh_cache_after_nltk_is_imported(tmp_path):
    """What a fresh machine met: ROUGE imports nltk, which hands ``regex`` flags to
    ``re.compile``; the first redaction after it, on an empty cache, raised."""
    code = (
        "import nltk\n"
        "from pockettune.privacy import Redactor\n"
        "print(Redactor().redact('call Anna at 555-123-4567'))"
    )
    env = os.environ | {"POCKETTUNE_CACHE": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "call [NAME] at [PHONE]"
    assert len(list((tmp_path / "privacy").glob("engine-build-*.bin"))) == 1
