"""The `llm` tool's logs.db, built by `llm` itself: conversations logged through its Python API
with the local `echo` model (the llm-echo plugin), older schemas made by its own migrations."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import textwrap

import pytest

from pockettune.errors import PockettuneError
from pockettune.ingest.llm_logs import read_llm_logs
from pockettune.personalizer import Personalizer

pytest.importorskip("llm")
pytest.importorskip("llm_echo")

HASH = ["model.embedder=hash", "select.capacity=16", "privacy.redact=false"]

BUILD = textwrap.dedent(
    """
    import datetime, json, sys
    import llm, sqlite_utils
    from llm.migrations import MIGRATIONS, ensure_migrations_table, migrate

    path, mode, prompts = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
    db = sqlite_utils.Database(path)
    if mode == "old":  # the schema as llm left it before its message store (m023)
        ensure_migrations_table(db)
        for fn in MIGRATIONS[: [f.__name__ for f in MIGRATIONS].index("m023_message_store")]:
            fn(db)
            db["_llm_migrations"].insert({"name": fn.__name__, "applied_at": "2025-01-01"})
        for i, (conv, prompt) in enumerate(prompts):
            db["conversations"].insert({"id": conv, "name": conv, "model": "echo"}, ignore=True)
            db["responses"].insert({
                "id": f"r{i}", "model": "echo", "prompt": prompt, "system": "",
                "response": "old answer to " + prompt, "conversation_id": conv,
                "datetime_utc": f"2025-01-01T00:00:{i:02d}.000000",
            })
    else:  # the current schema, rows logged through llm's own API
        migrate(db)
        model = llm.get_model("echo")
        convs = {}
        for conv, prompt in prompts:
            c = convs.setdefault(conv, model.conversation())
            response = c.prompt(prompt)
            response.text()  # run the model, as `llm prompt` does, then log
            response.log_to_db(db)
    """
)


def build(path, mode, prompts):
    env = dict(os.environ, LLM_LOAD_PLUGINS="llm-echo", LLM_USER_PATH=str(path.parent))
    subprocess.run(
        [sys.executable, "-c", BUILD, str(path), mode, json.dumps(prompts)],
        check=True, env=env, capture_output=True,
    )  # fmt: skip


def sha(p):
    return hashlib.sha256(p.read_bytes()).hexdigest()


def test_current_schema_logged_through_llm(tmp_path):
    db = tmp_path / "logs.db"
    build(db, "new", [["a", "how do I bake bread?"], ["a", "and rye bread?"], ["b", "fix my bike"]])
    before = sha(db)
    turns = [t for _, t in read_llm_logs(db)]
    assert [t.question for t in turns] == ["how do I bake bread?", "and rye bread?", "fix my bike"]
    assert all(t.source == "llm:echo" and "prompt" in t.reply for t in turns)  # echo's JSON
    assert "how do I bake bread?" in turns[1].context and turns[2].context == ""
    assert sha(db) == before  # read-only: not a byte written, no migration run


def test_an_upgraded_database_yields_old_and_new_turns_and_a_rerun_takes_only_new(tmp_path):
    db = tmp_path / "logs.db"
    build(db, "old", [["c1", "old question one"], ["c1", "old question two"]])
    assert [t.question for _, t in read_llm_logs(db)] == ["old question one", "old question two"]
    build(db, "new", [["n", "a new question"]])  # llm upgraded in place, then logged more
    turns = [t for _, t in read_llm_logs(db)]
    assert [t.question for t in turns] == ["old question one", "old question two", "a new question"]
    assert turns[1].reply == "old answer to old question two"

    with Personalizer.open(tmp_path / "home", overrides=HASH) as pt:
        first = pt.ingest(f"llm-logs:{db}", progress=False)
        assert first.offered == 3
        build(db, "new", [["n", "one more question"]])
        again = pt.ingest(f"llm-logs:{db}", progress=False)
        assert (again.offered, again.resumed_from) == (1, 3)
        assert pt.store.get_meta("select.n_seen") == 4


def test_the_cli_finds_logs_db_where_llm_keeps_it(tmp_path, monkeypatch, capsys):
    from pockettune.cli import main

    build(tmp_path / "logs.db", "new", [["a", "where is my history?"]])
    monkeypatch.setenv("LLM_USER_PATH", str(tmp_path))
    home = ["--home", str(tmp_path / "home"), *HASH]
    assert main(["ingest", "--from", "llm-logs", "-q", *home]) == 0
    assert "1 turns offered" in capsys.readouterr().out


@pytest.mark.parametrize(
    "make, why",
    [
        (lambda p: None, "no llm logs here"),
        (lambda p: p.write_bytes(b"\x00garbage" * 500), "not a readable SQLite database"),
        (lambda p: sqlite3.connect(p).execute("CREATE TABLE notes (x)"), "no _llm_migrations"),
        (
            lambda p: sqlite3.connect(p).executescript(
                "CREATE TABLE _llm_migrations (name, applied_at);"
                "INSERT INTO _llm_migrations VALUES ('m001_initial', 'x');"
            ),
            "schema pockettune does not know",
        ),
    ],
)
def test_bad_databases_are_clear_errors_and_import_nothing(tmp_path, make, why):
    db = tmp_path / "logs.db"
    make(db)
    with Personalizer.open(tmp_path / "home", overrides=HASH) as pt:
        with pytest.raises(PockettuneError, match=why):
            pt.ingest(f"llm-logs:{db}", progress=False)
        assert pt.store.get_meta("select.n_seen", 0) == 0


def test_a_database_locked_by_a_writer_is_a_clear_error(tmp_path, monkeypatch):
    db = tmp_path / "logs.db"
    build(db, "new", [["a", "hello"]])
    writer = sqlite3.connect(db, isolation_level=None)
    writer.execute("BEGIN EXCLUSIVE")  # llm's default rollback journal: readers must wait
    monkeypatch.setattr(sqlite3, "connect", _quick(sqlite3.connect))
    try:
        with pytest.raises(PockettuneError, match="held the database"):
            list(read_llm_logs(db))
    finally:
        writer.execute("ROLLBACK")
    assert len(list(read_llm_logs(db))) == 1


def _quick(connect):
    def wrapper(*a, **kw):
        kw["timeout"] = 0.2
        return connect(*a, **kw)

    return wrapper


def test_sharegpt_and_openai_chat_exports(tmp_path):
    from pockettune.ingest import read_turns

    share = tmp_path / "share.json"
    share.write_text(json.dumps([
        {"id": "x1", "conversations": [
            {"from": "system", "value": "be brief"},
            {"from": "human", "value": "What is a sourdough starter?"},
            {"from": "gpt", "value": "Flour and water, fermented."},
            {"from": "human", "value": "How often do I feed it?"},
            {"from": "gpt", "value": "Daily."},
        ]},
    ]))  # fmt: skip
    turns = [t for _, t in read_turns(share)]
    assert [t.question for t in turns] == [
        "What is a sourdough starter?",
        "How often do I feed it?",
    ]
    assert turns[1].reference == "Daily." and "Flour and water" in turns[1].context
    chat = tmp_path / "chat.jsonl"
    chat.write_text(json.dumps({"messages": [
        {"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello!"}]}) + "\n")  # fmt: skip
    assert [(t.question, t.reference) for _, t in read_turns(chat)] == [("hi", "hello!")]
