"""End to end on the real SmolLM2-135M-Instruct (the embedded GGUF) and real conversations."""

import sqlite3

import numpy as np
import pytest

from pockettune import Personalizer

pytestmark = pytest.mark.slow


def test_ingest_a_real_users_chitchat_stream(tmp_path):
    home = tmp_path / "home"
    with Personalizer.open(home, overrides=["select.capacity=16"]) as pt:
        rep = pt.ingest("chitchat", limit=120, progress=False)
        assert rep.offered == 120 and pt.lm.name == "SmolLM2-135M-Instruct"
        items = pt.buffer.items()
    assert len(items) == 16
    db = sqlite3.connect(home / "pockettune.db")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    rows = db.execute(
        "SELECT question, reference, domain, eoe, dss, idd, n_tokens, embedding, speaker FROM buffer"
    ).fetchall()
    assert len(rows) == 16
    for q, ref, dom, eoe, dss, idd, n, emb, spk in rows:
        assert q and ref and spk and dom
        assert np.frombuffer(emb, dtype="<f4").shape == (576,)  # SmolLM2's hidden size
        assert eoe > 0 and 0 <= dss <= 1 and 0 <= idd <= 2 and 0 < n <= 512
    assert len({r[2] for r in rows}) >= 3  # a real stream spans several domains
    seen = db.execute("SELECT value FROM meta WHERE key='select.n_seen'").fetchone()[0]
    assert seen == "120"
