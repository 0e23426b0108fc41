"""The ``llm`` command-line tool's history (its SQLite ``logs.db``), read-only.

``llm`` logs every prompt and response. Before its migration ``m023_message_store`` they are
rows of ``responses`` (grouped by ``conversations``); from then on they are ``turns`` of
``threads`` over a content-addressed ``messages``/``parts`` store, with ``turn_search``
holding each turn's typed prompt and text response. A database upgraded in place has both,
so both are read, oldest first. The schema is told by the ``_llm_migrations`` table.

The file is opened with ``mode=ro``: pockettune never writes to it, never runs its
migrations, and reads everything in one read transaction (a consistent snapshot while
``llm`` keeps logging) before anything is offered to the buffer, so a failure imports
nothing. A re-run continues after the turns already taken (see ``Personalizer.ingest``).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from ..errors import PockettuneError
from ..turn import Turn

OLD = "m010_create_new_log_tables"  # responses + conversations
NEW = "m023_message_store"  # threads, turns, messages, parts, turn_search
CONTEXT_TURNS = 2


def default_logs_path() -> Path:
    """Where ``llm`` keeps ``logs.db``: ``$LLM_USER_PATH``, else its app config directory
    (``click.get_app_dir("io.datasette.llm")``)."""
    env = os.environ.get("LLM_USER_PATH")
    if env:
        return Path(env).expanduser() / "logs.db"
    import platformdirs

    return Path(platformdirs.user_config_dir("io.datasette.llm", appauthor=False)) / "logs.db"


def read_llm_logs(path: Path | str | None = None) -> Iterator[tuple[int, Turn]]:
    """Yield ``(n, turn)`` for every logged exchange, oldest first; ``reply`` is the model's
    response, ``context`` the exchange before it in the same conversation."""
    path = Path(path).expanduser() if path else default_logs_path()
    if not path.is_file():
        raise PockettuneError(
            f"{path}: no llm logs here (is `llm` installed and has it logged a prompt? "
            "give the path to logs.db, or set LLM_USER_PATH)"
        )
    rows = _snapshot(path)
    last: dict[str, list[str]] = {}
    for n, (conv, prompt, response, model) in enumerate(rows, 1):
        seen = last.setdefault(conv or f"#{n}", [])
        yield (
            n,
            Turn(
                prompt,
                context="\n".join(seen[-CONTEXT_TURNS:]),
                reply=response,
                source=f"llm:{model}" if model else "llm",
            ),
        )
        seen += [prompt, response]


def _snapshot(path: Path) -> list[tuple[str, str, str, str]]:
    """All exchanges as (conversation, prompt, response, model), in one read transaction."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=10.0)
    except sqlite3.Error as e:
        raise PockettuneError(f"{path}: cannot open read-only ({e})") from None
    try:
        conn.execute("BEGIN")  # one snapshot of both tables
        try:
            done = {r[0] for r in conn.execute("SELECT name FROM _llm_migrations")}
        except sqlite3.DatabaseError as e:
            if "no such table" in str(e):
                raise PockettuneError(
                    f"{path}: not an llm logs.db (it has no _llm_migrations table)"
                ) from None
            raise
        if OLD not in done and NEW not in done:
            raise PockettuneError(
                f"{path}: an llm logs schema pockettune does not know (migrations up to "
                f"{max(done) if done else 'none'}); nothing was imported"
            )
        rows: list[tuple[str, str, str, str, str]] = []
        if OLD in done:
            rows += conn.execute(
                "SELECT datetime_utc, conversation_id, prompt, response, model FROM responses"
                " WHERE prompt IS NOT NULL AND prompt != ''"
            ).fetchall()
        if NEW in done:
            rows += conn.execute(
                "SELECT t.datetime_utc, t.thread_id, s.prompt, s.response, t.model"
                " FROM turns t JOIN turn_search s ON s.turn_id = t.id"
                " WHERE s.prompt IS NOT NULL AND s.prompt != ''"
            ).fetchall()
        conn.execute("COMMIT")
    except sqlite3.OperationalError as e:
        msg = str(e)
        if "locked" in msg or "busy" in msg:
            raise PockettuneError(
                f"{path}: llm held the database for 10 s; nothing was imported, try again"
            ) from None
        raise PockettuneError(
            f"{path}: cannot read it as llm logs ({msg}); nothing was imported"
        ) from None
    except sqlite3.DatabaseError as e:
        raise PockettuneError(
            f"{path}: not a readable SQLite database ({e}); nothing was imported"
        ) from None
    finally:
        conn.close()
    rows.sort(key=lambda r: (_norm_time(r[0]), str(r[1])))
    return [(r[1] or "", r[2] or "", r[3] or "", r[4] or "") for r in rows]


def _norm_time(s: str | None) -> str:
    """``responses`` and ``turns`` write datetimes slightly differently; compare on
    ``YYYY-MM-DDTHH:MM:SS.ffffff``."""
    return (s or "").replace(" ", "T").split("+")[0]
