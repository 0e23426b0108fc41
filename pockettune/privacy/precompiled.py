"""Patterns from pyap2 and detect-secrets, shipped ready to use (issue #41).

- pyap2's full-address patterns (US, CA, GB: 125 KB of verbose regex) took 0.13-0.24 s of
  every engine start-up to compile. ``data/patterns.json.gz`` holds their text and, for the
  interpreter that wrote it, the program Python's ``re`` compiles them to (the code that
  ``re._compiler`` hands to ``_sre.compile``). On that interpreter (same version, same
  ``_sre`` code format) a pattern is made from it in about a millisecond, and ``_sre``
  checks the code as it does for a fresh compile; on any other, the shipped text is compiled
  as before. Either way the pattern equals ``re.compile(text, re.X | re.U)``: same text,
  flags and program (``tests/privacy/test_precompiled.py``).
- pyap2's USPS street types (``streets.py``) and detect-secrets' vendor token patterns
  (``secrets.py``), as text: reading them meant importing pyap2 (its module builds all those
  patterns) and detect-secrets with every plugin, some 50 ms together.

pyap2 joins some word lists (street types, states) through a ``set``, so the order of those
alternatives in its patterns changes from one process to the next; the shipped text is the
one made with ``PYTHONHASHSEED=0``. Made by ``python -m pockettune.privacy.precompiled`` from
the pinned packages; the test checks the file equals a rebuild. Without the file, everything
is read from the packages as before.
"""

from __future__ import annotations

import base64
import gzip
import importlib
import json
import os
import re
import sys
from array import array
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data" / "patterns.json.gz"
COUNTRIES = ("US", "CA", "GB")
PYAP_FLAGS = re.X | re.U
_CODE_TYPE = {2: "H", 4: "I", 8: "Q"}  # array type code of an _sre code word, by its size


def interpreter() -> str:
    """What shipped code is valid for: the Python version and ``_sre``'s code format."""
    import _sre

    return (
        f"{sys.implementation.name} {sys.version.split()[0]} sre {_sre.MAGIC} "
        f"codesize {_sre.CODESIZE} {sys.byteorder}"
    )


def _pyap_sources() -> dict[str, Any]:
    """pyap2's ``full_address`` of each country and its USPS street types, read in a process
    with ``PYTHONHASHSEED=0``."""
    import subprocess

    code = (
        "import importlib, json; from pyap.source_US.data import street_type_list as t; "
        "print(json.dumps({'full_address': [importlib.import_module("
        f"f'pyap.source_{{c}}.data').full_address for c in {COUNTRIES!r}], "
        "'street_types': t}))"
    )
    env = os.environ | {"PYTHONHASHSEED": "0"}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    return json.loads(out.stdout)


def discover_detect_secrets() -> list[re.Pattern[str]]:
    """detect-secrets' regex detectors' patterns, in its plugin order, but not its
    public-IP one."""
    import pkgutil

    import detect_secrets.plugins as plugins
    from detect_secrets.plugins.base import RegexBasedDetector

    out: list[re.Pattern[str]] = []
    for m in pkgutil.iter_modules(plugins.__path__):
        mod = importlib.import_module(f"{plugins.__name__}.{m.name}")
        for obj in vars(mod).values():
            if (
                isinstance(obj, type)
                and issubclass(obj, RegexBasedDetector)
                and obj is not RegexBasedDetector
                and obj.__module__ == mod.__name__
                and obj.__name__ != "IPPublicDetector"
            ):
                out.extend(obj.denylist)
    return out


def compiled_form(pattern: str, flags: int) -> dict[str, Any]:
    """What ``re.compile(pattern, flags)`` hands to ``_sre.compile``, as JSON; the code as
    base64 of its ``_sre.CODESIZE``-byte words in this machine's byte order."""
    import _sre
    from re import _compiler, _parser

    p = _parser.parse(pattern, flags)
    groupindex = dict(p.state.groupdict)
    indexgroup = [None] * p.state.groups
    for k, i in groupindex.items():
        indexgroup[i] = k
    code = array(_CODE_TYPE[_sre.CODESIZE], _compiler._code(p, flags))
    return {
        "pattern": pattern,
        "flags": flags | p.state.flags,
        "code": base64.b64encode(code.tobytes()).decode(),
        "groups": p.state.groups - 1,
        "groupindex": groupindex,
        "indexgroup": indexgroup,
    }


def build_data() -> dict[str, Any]:
    """What ``data/patterns.json.gz`` holds, made from the installed packages."""
    pyap = _pyap_sources()
    return {
        "interpreter": interpreter(),
        "pyap_countries": list(COUNTRIES),
        "pyap": [compiled_form(p, PYAP_FLAGS) for p in pyap["full_address"]],
        "pyap_street_types": pyap["street_types"],
        "detect_secrets": [[p.pattern, p.flags] for p in discover_detect_secrets()],
    }


def write_data(path: Path = DATA) -> None:
    """Writes :func:`build_data` to ``path``, atomically; the same bytes on every run."""
    blob = json.dumps(build_data(), ensure_ascii=False, separators=(",", ":"))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(gzip.compress(blob.encode(), compresslevel=9, mtime=0))
    os.replace(tmp, path)


@lru_cache(maxsize=1)
def _shipped() -> dict[str, Any] | None:
    try:
        data = json.loads(gzip.decompress(DATA.read_bytes()))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _from_form(form: dict[str, Any], code_valid: bool) -> re.Pattern[str]:
    if code_valid:
        import _sre

        try:
            code = array(_CODE_TYPE[_sre.CODESIZE], base64.b64decode(form["code"])).tolist()
            return _sre.compile(
                form["pattern"],
                form["flags"],
                code,
                form["groups"],
                form["groupindex"],
                tuple(form["indexgroup"]),
            )
        except (RuntimeError, TypeError, ValueError, KeyError, OverflowError):
            pass  # "invalid SRE code", or another _sre: compile the text
    return re.compile(form["pattern"], PYAP_FLAGS)


@lru_cache(maxsize=1)
def pyap_patterns() -> tuple[re.Pattern[str], ...]:
    """pyap2's US, CA and GB full-address patterns, compiled with ``re.X | re.U``."""
    data = _shipped()
    try:
        assert data is not None and data["pyap_countries"] == list(COUNTRIES)
        forms = data["pyap"]
        assert len(forms) == len(COUNTRIES)
    except (AssertionError, KeyError, TypeError):
        return tuple(
            re.compile(importlib.import_module(f"pyap.source_{c}.data").full_address, PYAP_FLAGS)
            for c in COUNTRIES
        )
    valid = data.get("interpreter") == interpreter()
    return tuple(_from_form(f, valid) for f in forms)


def pyap_street_types() -> list[str]:
    """pyap2's USPS street types (regex pieces), in its order."""
    data = _shipped()
    if data is not None and isinstance(data.get("pyap_street_types"), list):
        return list(data["pyap_street_types"])
    from pyap.source_US.data import street_type_list

    return list(street_type_list)


@lru_cache(maxsize=1)
def detect_secrets_patterns() -> tuple[re.Pattern[str], ...]:
    """:func:`discover_detect_secrets`, compiled from the shipped text and flags."""
    data = _shipped()
    if data is not None and isinstance(data.get("detect_secrets"), list):
        return tuple(re.compile(p, flags) for p, flags in data["detect_secrets"])
    return tuple(discover_detect_secrets())


if __name__ == "__main__":
    write_data()
    print(f"wrote {DATA}")
