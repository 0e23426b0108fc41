"""Encryption at rest: the store as a SQLCipher database, and changing its key crash-safely.

Every page of an encrypted store (and of its WAL) is AES-256 encrypted and HMAC-checked by
SQLCipher, so all stored text (turns, annotations, synthetic pairs, profiles) is unreadable
without the key. The key is either a passphrase (SQLCipher derives the key with PBKDF2) or a
random 256-bit key kept in the OS keyring.

Changing the key never rewrites the live file in place: the store is exported into a new
file under the new key, which replaces the old one with one atomic rename. A process killed
at any point leaves a store that opens with the old key or with the new one, never a mix;
:func:`recover` finishes or discards what a killed change left behind (and overwrites an
old plaintext copy before unlinking it).
"""

from __future__ import annotations

import contextlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import PockettuneError
from ..faults import point as fault

SQLITE_HEADER = b"SQLite format 3\x00"
KEYRING_SERVICE = "pockettune"
PASSPHRASE_ENV = "POCKETTUNE_PASSPHRASE"
NEW_PASSPHRASE_ENV = "POCKETTUNE_NEW_PASSPHRASE"


@dataclass(frozen=True)
class Key:
    """A store key: a passphrase, or raw key bytes (hex) from the keyring."""

    secret: str
    raw: bool = False

    def sql(self) -> str:
        """The value SQLCipher's ``PRAGMA key`` / ``ATTACH ... KEY`` expects."""
        return f"x'{self.secret}'" if self.raw else self.secret

    def __repr__(self) -> str:  # never print a secret by accident
        return f"Key(raw={self.raw})"


def is_encrypted(db: Path) -> bool:
    """True when ``db`` exists and is not a plain SQLite file (SQLCipher leaves no header)."""
    try:
        with open(db, "rb") as f:
            head = f.read(16)
    except FileNotFoundError:
        return False
    return len(head) == 16 and head != SQLITE_HEADER


def sqlcipher() -> Any:
    try:
        import sqlcipher3
    except ImportError:  # pragma: no cover - a core dependency
        raise PockettuneError(
            "encryption needs the sqlcipher3 package: pip install sqlcipher3"
        ) from None
    return sqlcipher3


def apply_key(conn: Any, key: Key, what: Path) -> None:
    """Unlock ``conn`` with ``key``; a wrong key is a clear error and touches nothing."""
    conn.execute("PRAGMA cipher_log_level = NONE")  # errors come back as exceptions instead
    conn.execute("PRAGMA key = " + _quote(key.sql()))
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except Exception:
        conn.close()
        raise PockettuneError(
            f"{what}: wrong passphrase or key for this encrypted store, or not a database "
            "(nothing was changed)"
        ) from None


def _quote(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


# ---- where keys come from ----------------------------------------------------------------
def _keyring_user(db: Path) -> str:
    return str(db.resolve())


def keyring_key(db: Path, pending: bool = False) -> Key | None:
    """The raw key stored in the OS keyring for this store, if any."""
    try:
        import keyring
        from keyring.errors import KeyringError
    except ImportError:
        return None
    name = _keyring_user(db) + (":pending" if pending else "")
    try:
        secret = keyring.get_password(KEYRING_SERVICE, name)
    except KeyringError:
        return None
    return Key(secret, raw=True) if secret else None


def _keyring_set(db: Path, key: Key | None, pending: bool = False) -> None:
    import keyring
    from keyring.errors import KeyringError, PasswordDeleteError

    name = _keyring_user(db) + (":pending" if pending else "")
    try:
        if key is None:
            with contextlib.suppress(PasswordDeleteError):
                keyring.delete_password(KEYRING_SERVICE, name)
        else:
            keyring.set_password(KEYRING_SERVICE, name, key.secret)
    except KeyringError as e:
        raise PockettuneError(
            f"the OS keyring is not usable here ({e}); use a passphrase instead"
        ) from None


def new_keyring_key() -> Key:
    return Key(secrets.token_hex(32), raw=True)


def passphrase(env: str, prompt: str, confirm: bool = False) -> Key | None:
    """A passphrase from ``env``, else asked on the terminal; None when neither is possible."""
    value = os.environ.get(env)
    if value is None:
        import sys

        if not sys.stdin.isatty():
            return None
        import getpass

        value = getpass.getpass(prompt)
        if confirm and getpass.getpass("again: ") != value:
            raise PockettuneError("the two passphrases differ")
    if not value:
        raise PockettuneError("an empty passphrase is not a key")
    return Key(value)


def candidate_keys(db: Path) -> list[Key]:
    """Keys to try for an encrypted store: the passphrase in the environment, the keyring's
    key and a pending one (a killed rekey), else a passphrase asked on the terminal."""
    keys = [Key(os.environ[PASSPHRASE_ENV])] if os.environ.get(PASSPHRASE_ENV) else []
    keys += [k for k in (keyring_key(db), keyring_key(db, pending=True)) if k]
    if not keys:
        pw = passphrase(PASSPHRASE_ENV, f"passphrase for {db}: ")
        keys = [pw] if pw else []
    return keys


def unlock(db: Path) -> Key:
    """Find the key that opens the encrypted store ``db``, or say clearly what is missing."""
    keys = candidate_keys(db)
    if not keys:
        raise PockettuneError(
            f"{db} is encrypted (or not a database at all): set {PASSPHRASE_ENV}, run on a terminal to be asked, or keep "
            "its key in the OS keyring (pockettune encrypt --keyring)"
        )
    api = sqlcipher()
    for key in keys:
        conn = api.connect(str(db))
        try:
            apply_key(conn, key, db)
        except PockettuneError:
            continue
        conn.close()
        if key.raw and key == keyring_key(db, pending=True):  # a killed rekey got this far
            _keyring_set(db, key)
            _keyring_set(db, None, pending=True)
        return key
    raise PockettuneError(
        f"{db}: wrong passphrase or key for this encrypted store, or not a database "
        "(nothing was changed)"
    )


def store_key(db: Path, encrypt_new: bool, key_source: str) -> Key | None:
    """The key to open ``db`` with: found for an encrypted store, made for a new one when
    ``encrypt_new``; None for a plain store."""
    if is_encrypted(db):
        return unlock(db)
    if db.exists() or not encrypt_new:
        return None
    if key_source == "keyring":
        key = new_keyring_key()
        _keyring_set(db, key)
        return key
    return new_passphrase(allow_current=True)


def new_passphrase(allow_current: bool) -> Key:
    """``POCKETTUNE_NEW_PASSPHRASE``, else asked twice; a store that has no key yet may also
    take ``POCKETTUNE_PASSPHRASE`` (``allow_current``)."""
    key = passphrase(NEW_PASSPHRASE_ENV, "new passphrase: ", confirm=True)
    if key is None and allow_current and os.environ.get(PASSPHRASE_ENV):
        key = Key(os.environ[PASSPHRASE_ENV])
    if key is None:
        raise PockettuneError(
            f"a new passphrase is needed: set {NEW_PASSPHRASE_ENV} (or {PASSPHRASE_ENV}), "
            "run on a terminal, or use the OS keyring"
        )
    return key


# ---- changing the key --------------------------------------------------------------------
def _tmp(db: Path) -> Path:
    return db.with_name(db.name + ".rekey")


def _old(db: Path) -> Path:
    return db.with_name(db.name + ".old")


def recover(db: Path) -> None:
    """Finish or discard a key change that was killed; cheap when there is nothing to do."""
    tmp, old = _tmp(db), _old(db)
    if tmp.exists():  # killed before the rename: the store is still the old file
        _shred(tmp)
    if old.exists():
        if db.exists() and os.path.samefile(old, db):  # killed before the rename: a hard link
            old.unlink()
        else:  # killed after the rename: the previous file, possibly plaintext
            _shred(old)


def _shred(path: Path) -> None:
    """Overwrite then unlink: the old copy's text should not linger in the file's blocks."""
    with contextlib.suppress(FileNotFoundError):
        size = path.stat().st_size
        with open(path, "r+b") as f:
            chunk = b"\0" * (1 << 20)
            for _ in range(0, size, len(chunk)):
                f.write(chunk)
            f.flush()
            os.fsync(f.fileno())
        path.unlink()


@contextlib.contextmanager
def exclusive(db: Path) -> Any:
    """Hold the home's lock exclusively: no other pockettune process has the store open."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no advisory locks, trust the user
        yield
        return
    with open(lock_path(db), "a+b") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise PockettuneError(
                f"{db} is open in another pockettune process; close it and try again"
            ) from None
        yield


def lock_path(db: Path) -> Path:
    return db.with_name(db.name + ".lock")


def change_key(db: Path, old: Key | None, new: Key | None, keyring: bool = False) -> None:
    """Re-encrypt ``db`` from ``old`` to ``new`` (None: plaintext) with one atomic rename.

    With ``keyring`` the new key is first stored as *pending*, then promoted after the
    rename, so a kill in between still leaves a key in the keyring that opens the store.
    """
    if not db.exists():
        raise PockettuneError(f"{db}: no store here yet")
    with exclusive(db):
        recover(db)
        tmp = _tmp(db)
        api = sqlcipher()
        conn = api.connect(str(db), isolation_level=None)
        if old is not None:
            apply_key(conn, old, db)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.execute("ATTACH DATABASE ? AS rekeyed KEY ?", (str(tmp), new.sql() if new else ""))
            conn.execute("SELECT sqlcipher_export('rekeyed')")
            conn.execute("DETACH DATABASE rekeyed")
        finally:
            conn.close()
        _fsync(tmp)
        fault("rekey.after_export")
        if keyring and new is not None:
            _keyring_set(db, new, pending=True)
        with contextlib.suppress(OSError):  # a name for the old file, to overwrite it later
            os.link(db, _old(db))
        fault("rekey.after_link")
        os.replace(tmp, db)
        _fsync_dir(db.parent)
        fault("rekey.after_rename")
        for side in ("-wal", "-shm"):  # belonged to the old file; empty after the checkpoint
            with contextlib.suppress(FileNotFoundError):
                db.with_name(db.name + side).unlink()
        if keyring and new is not None:
            _keyring_set(db, new)
            _keyring_set(db, None, pending=True)
        elif new is None or not new.raw:
            with contextlib.suppress(PockettuneError, ImportError):
                _keyring_set(db, None)  # a keyring key no longer opens the store
        recover(db)


def encrypt(db: Path, action: str, keyring: bool = False) -> str:
    """``encrypt`` a plain store, ``rekey`` an encrypted one, or ``decrypt`` it; a summary."""
    if not db.exists():
        raise PockettuneError(f"{db}: no store here yet (set privacy.encrypt=true to start one)")
    encrypted = is_encrypted(db)
    if action == "encrypt" and encrypted:
        raise PockettuneError(f"{db} is already encrypted; `pockettune rekey` changes its key")
    if action in ("rekey", "decrypt") and not encrypted:
        raise PockettuneError(f"{db} is not encrypted; `pockettune encrypt` encrypts it")
    old = unlock(db) if encrypted else None
    if action == "decrypt":
        new = None
    else:
        new = new_keyring_key() if keyring else new_passphrase(allow_current=not encrypted)
    change_key(db, old, new, keyring=keyring)
    where = "a key in the OS keyring" if keyring else "the new passphrase"
    return f"{db}: " + (
        "decrypted; it is a plain SQLite file now"
        if new is None
        else f"{'encrypted' if action == 'encrypt' else 're-encrypted'} with {where}"
    )


def _fsync(path: Path) -> None:
    with open(path, "rb") as f:
        os.fsync(f.fileno())


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
