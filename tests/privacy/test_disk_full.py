"""A full disk during ingest: a clear error, nothing already stored is lost, rerun converges.

SQLite's ``max_page_count`` caps the database file, which makes SQLite fail exactly as on a
full disk (SQLITE_FULL, "database or disk is full")."""

import json

import pytest

from pockettune import Personalizer, PockettuneError


def test_disk_full_mid_ingest_then_resume(tmp_path):
    data = tmp_path / "d.jsonl"
    data.write_text(
        "".join(
            json.dumps({"question": f"turn {i} about money, the bank and a loan " + "x" * 400})
            + "\n"
            for i in range(400)
        )
    )
    whole = tmp_path / "whole"
    with Personalizer.open(whole, overrides=["model.embedder=hash", "select.capacity=40"]) as pt:
        pt.ingest(data, progress=False)
        expected = sorted(i.question for i in pt.buffer.items())

    home = tmp_path / "h"
    with Personalizer.open(home, overrides=["model.embedder=hash", "select.capacity=40"]) as pt:
        pages = pt.store.conn.execute("PRAGMA page_count").fetchone()[0]
        pt.store.conn.execute(f"PRAGMA max_page_count={pages + 12}")
        with pytest.raises(PockettuneError, match="disk is full"):
            pt.ingest(data, progress=False)
        kept = len(pt.buffer)
        assert 0 < kept < 40 and pt.store.integrity_ok()
        assert len(pt.buffer.items()) == kept  # memory and disk agree after the failed commit
    with Personalizer.open(home) as pt:  # space again: the same command resumes
        pt.ingest(data, progress=False)
        assert sorted(i.question for i in pt.buffer.items()) == expected
