"""Encryption at rest: nothing readable on disk, a wrong key is a clear error that changes
nothing, keys change crash-safely (see ``test_rekey_survives_kills``)."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from pockettune.cli import main
from pockettune.errors import PockettuneError
from pockettune.personalizer import Personalizer
from pockettune.store import Store
from pockettune.store.crypt import Key, is_encrypted, recover, unlock
from pockettune.turn import Turn

SECRET = "my grandmother's lasagne uses nutmeg"
HASH = ["model.embedder=hash", "select.capacity=8"]


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def disk_bytes(home: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(home.iterdir()) if p.is_file())


def fill(home: Path, n: int = 5, **env: str) -> None:
    pt = Personalizer.open(home, overrides=HASH + [f"{k}={v}" for k, v in env.items()])
    pt.observe_many([Turn(f"{SECRET} #{i}", reply="nice") for i in range(n)])
    pt.store.close()


def questions(home: Path) -> list[str]:
    pt = Personalizer.open(home)  # the home's saved config
    out = sorted(i.question for i in pt.buffer.items())
    pt.store.close()
    return out


@pytest.fixture
def passphrase(monkeypatch):
    monkeypatch.setenv("POCKETTUNE_PASSPHRASE", "correct horse")
    monkeypatch.delenv("POCKETTUNE_NEW_PASSPHRASE", raising=False)


def test_new_encrypted_home_has_no_readable_text(tmp_path, passphrase):
    fill(tmp_path, **{"privacy.encrypt": "true"})
    db = tmp_path / "pockettune.db"
    assert is_encrypted(db)
    raw = disk_bytes(tmp_path)
    assert b"lasagne" not in raw and b"SQLite format 3" not in raw
    assert len(questions(tmp_path)) == 5  # and it opens again with the same passphrase


def test_wrong_or_missing_key_is_a_clear_error_and_changes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("POCKETTUNE_PASSPHRASE", "right")
    fill(tmp_path, **{"privacy.encrypt": "true"})
    db = tmp_path / "pockettune.db"
    before = sha(db)
    monkeypatch.setenv("POCKETTUNE_PASSPHRASE", "wrong")
    with pytest.raises(PockettuneError, match="wrong passphrase"):
        Personalizer.open(tmp_path, overrides=HASH)
    monkeypatch.delenv("POCKETTUNE_PASSPHRASE")
    with pytest.raises(PockettuneError, match="POCKETTUNE_PASSPHRASE"):
        Personalizer.open(tmp_path, overrides=HASH)
    with pytest.raises(PockettuneError, match="encrypted"):
        Store(db)  # no key at all: refused before SQLite sees the file
    assert sha(db) == before
    monkeypatch.setenv("POCKETTUNE_PASSPHRASE", "right")
    assert len(questions(tmp_path)) == 5


def test_encrypt_rekey_decrypt_keep_every_row(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("POCKETTUNE_PASSPHRASE", raising=False)
    fill(tmp_path)
    db = tmp_path / "pockettune.db"
    want = questions(tmp_path)
    assert b"lasagne" in disk_bytes(tmp_path)
    home = ["--home", str(tmp_path)]

    monkeypatch.setenv("POCKETTUNE_NEW_PASSPHRASE", "one")
    assert main(["encrypt", *home]) == 0
    assert is_encrypted(db) and b"lasagne" not in disk_bytes(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "config.yaml",
        "pockettune.db",
        "pockettune.db.lock",
    ]  # the plaintext copy was overwritten and removed, not left beside it
    assert main(["encrypt", *home]) == 2  # already encrypted: says so

    monkeypatch.setenv("POCKETTUNE_PASSPHRASE", "one")
    monkeypatch.setenv("POCKETTUNE_NEW_PASSPHRASE", "two")
    assert main(["rekey", *home]) == 0
    assert questions_with(tmp_path, monkeypatch, "two") == want
    monkeypatch.setenv("POCKETTUNE_PASSPHRASE", "one")
    assert main(["status", *home]) == 2
    assert "wrong passphrase" in capsys.readouterr().err

    monkeypatch.setenv("POCKETTUNE_PASSPHRASE", "two")
    assert main(["decrypt", *home]) == 0
    assert not is_encrypted(db)
    monkeypatch.delenv("POCKETTUNE_PASSPHRASE")
    assert questions(tmp_path) == want


def questions_with(home: Path, monkeypatch, pw: str) -> list[str]:
    monkeypatch.setenv("POCKETTUNE_PASSPHRASE", pw)
    return questions(home)


@pytest.fixture
def memory_keyring():
    keyring = pytest.importorskip("keyring")
    from keyring.backend import KeyringBackend

    class Backend(KeyringBackend):
        priority = 1

        def __init__(self) -> None:
            super().__init__()
            self.data: dict[tuple[str, str], str] = {}

        def get_password(self, service, username):
            return self.data.get((service, username))

        def set_password(self, service, username, password):
            self.data[(service, username)] = password

        def delete_password(self, service, username):
            from keyring.errors import PasswordDeleteError

            if self.data.pop((service, username), None) is None:
                raise PasswordDeleteError(username)

    previous = keyring.get_keyring()
    backend = Backend()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def test_keyring_key_opens_the_store_without_a_passphrase(tmp_path, monkeypatch, memory_keyring):
    monkeypatch.delenv("POCKETTUNE_PASSPHRASE", raising=False)
    fill(tmp_path)
    want = questions(tmp_path)
    assert main(["encrypt", "--keyring", "--home", str(tmp_path)]) == 0
    (stored,) = memory_keyring.data.values()
    assert len(stored) == 64  # 256 random bits, hex
    assert questions(tmp_path) == want
    assert main(["rekey", "--keyring", "--home", str(tmp_path)]) == 0
    assert list(memory_keyring.data.values()) != [stored]  # a new key, the old one gone
    assert len(memory_keyring.data) == 1
    assert questions(tmp_path) == want
    assert main(["decrypt", "--home", str(tmp_path)]) == 0
    assert memory_keyring.data == {}


def test_recover_finishes_or_discards_a_killed_key_change(tmp_path):
    db = tmp_path / "pockettune.db"
    Store(db).close()
    before = sha(db)
    (tmp_path / "pockettune.db.rekey").write_bytes(b"half an export")
    os.link(db, tmp_path / "pockettune.db.old")  # killed before the rename
    recover(db)
    assert sha(db) == before
    assert not (tmp_path / "pockettune.db.old").exists()
    assert not (tmp_path / "pockettune.db.rekey").exists()
    (tmp_path / "pockettune.db.old").write_bytes(b"SQLite format 3\x00 old plaintext")
    recover(db)  # killed after the rename: the old copy goes
    assert not (tmp_path / "pockettune.db.old").exists()


def test_no_key_change_while_another_process_has_the_store_open(tmp_path, monkeypatch):
    fill(tmp_path)
    other = Store(tmp_path / "pockettune.db")  # the lock is per open file, like a 2nd process
    monkeypatch.setenv("POCKETTUNE_NEW_PASSPHRASE", "x")
    try:
        assert main(["encrypt", "--home", str(tmp_path)]) == 2
    finally:
        other.close()
    assert main(["encrypt", "--home", str(tmp_path)]) == 0


# ---- SIGKILL during a key change ---------------------------------------------------------
STRESS = os.environ.get("POCKETTUNE_STRESS") == "1"
KILLS = 120 if STRESS else 42
KEYS = {"plain": None, "a": "alpha passphrase", "b": "bravo passphrase"}
NEXT = {"plain": ("encrypt", "a"), "a": ("rekey", "b"), "b": ("decrypt", "plain")}
POINTS = ("rekey.after_export", "rekey.after_link", "rekey.after_rename")
"""Where a key change dies (``pockettune/faults.py``); only after the rename is it done."""


def state_of(db: Path) -> str:
    """Which of the three keys opens the store now; exactly one must."""
    if not is_encrypted(db):
        return "plain"
    opened = []
    for name in ("a", "b"):
        os.environ["POCKETTUNE_PASSPHRASE"] = KEYS[name]
        try:
            unlock(db)
            opened.append(name)
        except PockettuneError:
            pass
    assert len(opened) == 1, opened
    return opened[0]


def change(home: Path, state: str, fault: str | None = None) -> subprocess.Popen:
    action, target = NEXT[state]
    env = dict(os.environ)
    env.pop("POCKETTUNE_PASSPHRASE", None)
    if KEYS[state]:
        env["POCKETTUNE_PASSPHRASE"] = KEYS[state]
    if KEYS[target]:
        env["POCKETTUNE_NEW_PASSPHRASE"] = KEYS[target]
    env.pop("POCKETTUNE_FAULT", None)
    if fault:
        env["POCKETTUNE_FAULT"] = fault
    cmd = [sys.executable, "-m", "pockettune", action, "--home", str(home)]
    return subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


@pytest.mark.slow
def test_rekey_survives_kills(tmp_path, monkeypatch):
    """Plain -> a -> b -> plain, over and over, each change SIGKILLed at one of its fault
    points: the store always opens with exactly one of the keys (the old one until the
    rename, the new one after), intact and with every row, and no leftover file remains."""
    monkeypatch.delenv("POCKETTUNE_PASSPHRASE", raising=False)
    pt = Personalizer.open(tmp_path, overrides=["model.embedder=hash", "select.capacity=512"])
    pt.observe_many([Turn(f"{SECRET} {i} " + "words " * (i % 50)) for i in range(3000)])
    pt.store.close()
    db = tmp_path / "pockettune.db"
    want = questions(tmp_path)
    for state in ("plain", "a", "b"):  # one uninterrupted cycle
        p = change(tmp_path, state)
        assert p.wait(600) == 0, p.stderr.read().decode()  # a hang guard only
    assert state_of(db) == "plain"
    rng = random.Random(0)
    plan = [POINTS[i % len(POINTS)] for i in range(KILLS)]
    rng.shuffle(plan)
    seen, kills = set(), dict.fromkeys(POINTS, 0)
    for point in plan:
        state = state_of(db)
        p = change(tmp_path, state, fault=f"{point}:1")
        assert p.wait(600) == -signal.SIGKILL, p.stderr.read().decode()
        kills[point] += 1
        after = state_of(db)
        assert after == (NEXT[state][1] if point == "rekey.after_rename" else state)
        seen.add((state, after))
        if KEYS[after]:
            monkeypatch.setenv("POCKETTUNE_PASSPHRASE", KEYS[after])
        else:
            monkeypatch.delenv("POCKETTUNE_PASSPHRASE", raising=False)
        store = Store(db, Key(KEYS[after]) if KEYS[after] else None)  # recovers leftovers
        assert store.integrity_ok()
        store.close()
        assert questions(tmp_path) == want
        assert not (tmp_path / "pockettune.db.old").exists()
        assert not (tmp_path / "pockettune.db.rekey").exists()
    print(f"rekey: {sum(kills.values())} key changes killed, per point {kills}; {sorted(seen)}")
    assert min(kills.values()) == KILLS // len(POINTS)
    assert len(seen) == 6  # each of the three changes both undone and done
