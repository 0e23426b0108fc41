import sqlite3

import pytest

from pockettune.errors import PockettuneError
from pockettune.store import Store, atomic_write_text


def test_migrations_apply_once_and_are_recorded(tmp_path):
    s = Store(tmp_path / "a.db")
    names = [r[0] for r in s.conn.execute("SELECT name FROM _migrations")]
    s.close()
    s = Store(tmp_path / "a.db")  # reopening applies nothing twice
    assert (
        [r[0] for r in s.conn.execute("SELECT name FROM _migrations")]
        == names
        == [
            "m001_initial",
            "m002_annotations_synth_adapters",
            "m003_forget",
            "m004_feedback_profile",
            "m005_annotation_weight",
            "m006_adapter_rounds",
        ]
    )
    assert s.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert s.integrity_ok()


def test_a_store_from_before_m005_gains_weights_and_round_records(tmp_path):
    """An existing home (migrated to m004) opens with the new columns at their defaults."""
    from pockettune.store.migrations import MIGRATIONS

    db = tmp_path / "old.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE _migrations (name TEXT PRIMARY KEY, applied_at REAL NOT NULL)")
    for name, sql in MIGRATIONS[:4]:
        conn.executescript(sql)
        conn.execute("INSERT INTO _migrations VALUES (?, 0)", (name,))
    conn.execute(
        "INSERT INTO annotations (created_at, kind, question, response) VALUES (0, 'new', 'q', 'a')"
    )
    conn.commit()
    conn.close()
    s = Store(db)
    assert s.conn.execute("SELECT weight FROM annotations").fetchone()[0] == 1.0
    cols = {r[1] for r in s.conn.execute("PRAGMA table_info(adapters)")}
    assert "round_info" in cols
    s.close()


def test_transaction_rolls_back_on_error(store):
    with pytest.raises(RuntimeError), store.transaction() as c:
        Store.set_meta(c, "k", 1)
        raise RuntimeError("killed mid-update")
    assert store.get_meta("k") is None


def test_newer_database_is_refused_with_a_clear_message(tmp_path):
    s = Store(tmp_path / "a.db")
    s.conn.execute("INSERT INTO _migrations VALUES ('m999_future', 0)")
    s.close()
    with pytest.raises(PockettuneError, match="newer pockettune"):
        Store(tmp_path / "a.db")


def test_a_foreign_file_is_refused(tmp_path):
    p = tmp_path / "junk.db"
    p.write_bytes(b"this is not a database" * 100)
    with pytest.raises(PockettuneError, match="not a usable pockettune database"):
        Store(p)


def test_atomic_write_replaces_whole_file(tmp_path):
    p = tmp_path / "x" / "f.txt"
    atomic_write_text(p, "one")
    atomic_write_text(p, "two")
    assert p.read_text() == "two"
    assert [q.name for q in p.parent.iterdir()] == ["f.txt"]  # no temp files left


def test_concurrent_reader_sees_committed_state(tmp_path):
    s = Store(tmp_path / "a.db")
    with s.transaction() as c:
        Store.set_meta(c, "n", 3)
    other = sqlite3.connect(tmp_path / "a.db")
    assert other.execute("SELECT value FROM meta WHERE key='n'").fetchone()[0] == "3"
    other.close()
    s.close()
