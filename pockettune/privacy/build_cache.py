"""What building the engine compiles, kept between processes (issue #41).

Two kinds of work in every engine build were the same from one start-up to the next:

- Python's ``re`` compiled some 460 patterns (ours, spaCy's tokenizer, the libraries imported
  during the build; 0.22 s measured here) and some 130 more on the first message (0.10-0.14
  s; the build now ends with one, ``engine.WARM_UP``). Each program (the code ``re`` hands
  to ``_sre.compile``, as in ``precompiled.py``) is kept, keyed by a hash of the pattern
  text and its flags, and a pattern is made from it without parsing (a warning the parse
  gave, if any, is given only in the process that compiled it). A pattern made from a kept
  program equals a fresh ``re.compile``: same text, flags and code (the tests check it).
- Presidio's ``Pattern`` checks each of its some 190 patterns by compiling it with
  ``regex`` and throws the result away (0.26 s; its URL recognizer alone 0.15 s): a
  pattern text that compiled once under the same ``regex`` is not compiled again. One that
  never compiled is still checked, and still raises ``ValueError`` when invalid.

Both live in one file under the cache directory (``POCKETTUNE_CACHE``, else the platform's),
named by a hash of the interpreter, ``_sre``'s code format and the ``regex`` version, so
another Python or ``regex`` never reads it; a changed pattern is a new key, never served an
old program. The file carries a SHA-256 of its contents: a truncated, corrupted or
unreadable file is ignored and written anew, atomically (a temporary file, then
``os.replace``); one that cannot be written costs only the time it would have saved. It is
written when a build compiled something new (``tokenize``'s pattern, made from a set, is
new in every process: about 6 ms); what no build used in :data:`MAX_AGE` writes is dropped.
Only :func:`session` uses any of this, around the build; outside it ``re`` and Presidio
are as they were.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .precompiled import _CODE_TYPE, interpreter

FORMAT = "1"
MAX_AGE = 4
"""Writes an entry survives unused (a pattern of older code, or one that differs in each
process, like ``tokenize``'s, made from a set) before a write drops it."""
_ONE_AT_A_TIME = threading.Lock()  # each session puts back what it found


def cache_file() -> Path:
    import regex

    from ..home import default_cache

    key = f"{FORMAT} {interpreter()} regex {regex.__version__} {regex.DEFAULT_VERSION}"
    name = f"engine-build-{hashlib.sha256(key.encode()).hexdigest()[:16]}.bin"
    return default_cache() / "privacy" / name


def _digest(pattern: str) -> bytes:
    return hashlib.sha256(pattern.encode("utf-8", "surrogatepass")).digest()


class Store:
    """Programs by (digest, flags), digests of pattern texts ``regex`` compiled, and for
    each the writes since a build last used it."""

    def __init__(self, programs: dict | None = None, valid: set | None = None) -> None:
        self.programs: dict[tuple[bytes, int], tuple] = programs or {}
        self.valid: set[bytes] = valid or set()
        self.ages: dict[Any, int] = {}
        self.used: set[Any] = set()
        self.dirty = False

    @classmethod
    def load(cls, path: Path) -> Store:
        """The store in ``path``; an empty one when it is missing, unreadable or corrupt."""
        try:
            blob = path.read_bytes()
            if blob[:32] != hashlib.sha256(blob[32:]).digest():
                raise ValueError("checksum")
            programs, valid, ages = marshal.loads(blob[32:])
            if not (isinstance(programs, dict) and isinstance(valid, frozenset)):
                raise ValueError("layout")
            if not isinstance(ages, dict):
                raise ValueError("layout")
            store = cls(programs, set(valid))
            store.ages = ages
            return store
        except (OSError, ValueError, EOFError, TypeError):
            store = cls()
            store.dirty = path.exists()  # a bad file is written anew
            return store

    def save(self, path: Path) -> None:
        """Writes the store to ``path`` atomically, less what no build used in
        :data:`MAX_AGE` writes; gives up quietly on an OSError or an unwritable entry."""
        ages = {k: 0 if k in self.used else self.ages.get(k, 0) + 1 for k in self.programs}
        ages |= {d: 0 if d in self.used else self.ages.get(d, 0) + 1 for d in self.valid}
        ages = {k: age for k, age in ages.items() if age <= MAX_AGE}
        programs = {k: v for k, v in self.programs.items() if k in ages}
        valid = frozenset(d for d in self.valid if d in ages)
        try:
            payload = marshal.dumps((programs, valid, ages))
        except ValueError:  # an entry marshal cannot write: the store costs only time
            return
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_bytes(hashlib.sha256(payload).digest() + payload)
            os.replace(tmp, path)
        except OSError:
            with contextlib.suppress(OSError):
                tmp.unlink()


def _re_compile(store: Store, original: Any) -> Any:
    """``re._compiler.compile`` that makes patterns from kept programs."""
    import _sre
    from array import array
    from re import _compiler, _parser

    def compile(p: Any, flags: int = 0) -> Any:
        if not isinstance(p, str) or flags & _compiler.SRE_FLAG_DEBUG:
            return original(p, flags)
        key = (_digest(p), int(flags))
        kept = store.programs.get(key)
        if kept is not None:
            try:
                code = array(_CODE_TYPE[_sre.CODESIZE], kept[1]).tolist()
                made = _sre.compile(p, kept[0], code, kept[2], kept[3], kept[4])
                store.used.add(key)
                return made
            except (RuntimeError, TypeError, ValueError, IndexError, OverflowError):
                del store.programs[key]  # not a program for this pattern: compile it anew
                store.dirty = True
        try:  # what re._compiler.compile does, keeping the program on the way
            parsed = _parser.parse(p, flags)
            code = array(_CODE_TYPE[_sre.CODESIZE], _compiler._code(parsed, flags))
            groups, groupindex = parsed.state.groups, dict(parsed.state.groupdict)
            indexgroup = [None] * groups
            for name, i in groupindex.items():
                indexgroup[i] = name
            # int(): a flag of another enum (``regex.IGNORECASE`` handed to ``re.compile``
            # passes through ``re`` unconverted) would make the store unmarshallable
            form = (int(flags | parsed.state.flags), code.tobytes(), groups - 1, groupindex)
            form += (tuple(indexgroup),)
            made = _sre.compile(p, form[0], code.tolist(), *form[2:])
        except Exception:  # an invalid pattern, or another re: its own compile says
            return original(p, flags)
        store.programs[key] = form
        store.used.add(key)
        store.dirty = True
        return made

    return compile


def _presidio_pattern() -> Any:
    """Presidio's ``Pattern`` class, its module loaded ahead of the package where the
    package is not imported yet (as ``offline.lazy_device_detector`` does), so that the
    patterns its recognizers make at import are checked through :func:`session`'s check."""
    import importlib.util

    name = "presidio_analyzer.pattern"
    if name in sys.modules or "presidio_analyzer" in sys.modules:
        from presidio_analyzer.pattern import Pattern

        return Pattern
    top = importlib.util.find_spec("presidio_analyzer")
    if top is None or not top.submodule_search_locations:
        return None
    path = Path(next(iter(top.submodule_search_locations))) / "pattern.py"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None or not path.is_file():
        return None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    sys.modules[name] = module
    return getattr(module, "Pattern", None)


def _checked_once(store: Store, original: Any) -> Any:
    def validate(pattern: str) -> None:
        digest = _digest(pattern) if isinstance(pattern, str) else None
        if digest is not None and digest in store.valid:
            store.used.add(digest)
            return
        original(pattern)  # raises ValueError for an invalid pattern, as before
        if digest is not None:
            store.valid.add(digest)
            store.used.add(digest)
            store.dirty = True

    return validate


@contextlib.contextmanager
def session(path: Path | None = None) -> Iterator[Store]:
    """Within: ``re`` compiles and Presidio's pattern checks use the kept results; after:
    both are as they were, and what was new is written back."""
    path = path or cache_file()
    with _ONE_AT_A_TIME:
        store = Store.load(path)
        with _patched(store):
            yield store
        if store.dirty:
            store.save(path)


@contextlib.contextmanager
def _patched(store: Store) -> Iterator[None]:
    from re import _compiler

    re_original = _compiler.compile
    pattern_cls = _presidio_pattern()
    check = getattr(pattern_cls, "__dict__", {}).get("_Pattern__validate_regex")
    _compiler.compile = _re_compile(store, re_original)
    if isinstance(check, staticmethod):
        pattern_cls._Pattern__validate_regex = staticmethod(_checked_once(store, check.__func__))
    try:
        yield
    finally:
        _compiler.compile = re_original
        if isinstance(check, staticmethod):
            pattern_cls._Pattern__validate_regex = check
        package = sys.modules.get("presidio_analyzer")
        module = sys.modules.get("presidio_analyzer.pattern")
        if package is not None and module is not None and not hasattr(package, "pattern"):
            package.pattern = module  # bound as an import of the package would have
