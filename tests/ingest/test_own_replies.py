"""``ingest --own-replies``: a chitchat speaker's own replies become annotations without
asking, redacted, once each, with the ingest position (a killed ingest resumes exactly)."""

import itertools
import os
import signal
import subprocess
import sys

import pytest

from pockettune.errors import PockettuneError
from pockettune.ingest import chitchat_speakers, read_chitchat
from pockettune.personalizer import Personalizer

pytest.importorskip("chitchat_dataset")

FAST = ["model.embedder=hash", "select.capacity=8"]


@pytest.fixture(scope="module")
def speaker():
    return chitchat_speakers(1000)[0][0]


def own(pt):
    return pt.store.conn.execute(
        "SELECT question, context, response, buffer_id FROM annotations WHERE kind='own'"
        " ORDER BY id"
    ).fetchall()


def test_every_ingested_reply_becomes_a_redacted_annotation(tmp_path, speaker):
    with Personalizer.open(tmp_path, preset="tiny", overrides=FAST) as pt:
        rep = pt.ingest("chitchat", speaker=speaker, limit=30, progress=False, own_replies=True)
        turns = [pt.redacted(t) for _, t in itertools.islice(read_chitchat(speaker), 30)]
        want = [(t.question, t.context, t.reference.strip()) for t in turns if t.reference.strip()]
        rows = own(pt)
        assert rep.own_replies == len(rows) == len(want) > len(pt.buffer)  # not only the kept
        assert [tuple(r)[:3] for r in rows] == want  # what the buffer path stores: redacted
        assert f"{len(want)} own replies stored as annotations" in rep.summary()
        linked = {r[3] for r in rows} - {None}
        kept = pt.buffer.items()
        assert {it.id for it in kept} <= linked and all(it.annotated for it in kept)
        assert pt.annotation_queue() == []  # ...so nobody asks about them
        again = pt.ingest("chitchat", speaker=speaker, limit=30, restart=True, progress=False,
                          own_replies=True)  # fmt: skip
        assert again.own_replies == 0 and len(own(pt)) == len(want)  # no second copy


def test_off_by_default_and_refused_for_sources_without_own_replies(tmp_path, speaker):
    qa = tmp_path / "qa.jsonl"
    qa.write_text('{"question": "hi", "response": "hello"}\n')
    with Personalizer.open(tmp_path / "h", preset="tiny", overrides=FAST) as pt:
        rep = pt.ingest("chitchat", speaker=speaker, limit=5, progress=False)
        assert rep.own_replies is None and own(pt) == []
        with pytest.raises(PockettuneError, match="holds no replies of yours"):
            pt.ingest(qa, progress=False, own_replies=True)


def test_retention_bounds_them(tmp_path, speaker):
    over = FAST + ["privacy.max_annotations=5"]
    with Personalizer.open(tmp_path, preset="tiny", overrides=over) as pt:
        rep = pt.ingest("chitchat", speaker=speaker, limit=12, progress=False, own_replies=True)
        assert rep.own_replies == 12 and len(own(pt)) <= 5


def test_a_killed_ingest_resumes_with_each_reply_stored_once(tmp_path, speaker):
    def cmd(limit):
        return [sys.executable, "-m", "pockettune", "ingest", "chitchat", "--speaker", speaker,
                "--limit", str(limit), "--own-replies", "-q", "--home", str(tmp_path),
                "--preset", "tiny", *FAST]  # fmt: skip

    env = {**os.environ, "POCKETTUNE_FAULT": "ingest.before_commit:7"}
    p = subprocess.run(cmd(20), env=env, capture_output=True, text=True, timeout=300)
    assert p.returncode == -signal.SIGKILL
    replies = [bool(t.reference.strip()) for _, t in itertools.islice(read_chitchat(speaker), 20)]
    with Personalizer.open(tmp_path) as pt:
        assert len(own(pt)) == sum(replies[:6])  # the six committed offers, not the seventh
    p = subprocess.run(cmd(14), capture_output=True, text=True, timeout=300)  # the other 14
    assert p.returncode == 0, p.stderr
    assert "each ingested turn's own reply is stored as an annotation" in p.stdout
    with Personalizer.open(tmp_path) as pt:
        assert len(own(pt)) == sum(replies)


def test_replies_of_turns_rejected_before_embedding_are_labels_not_examples(tmp_path, speaker):
    """With select.lazy_embed a rejected turn has no embedding: its reply is stored with a
    NULL one (a training label), and in-context examples still load (kept turns only)."""
    from pockettune.profile.context import annotated_examples

    with Personalizer.open(tmp_path, preset="tiny", overrides=FAST) as pt:
        pt.ingest("chitchat", speaker=speaker, limit=30, progress=False, own_replies=True)
        rows = pt.store.conn.execute(
            "SELECT buffer_id, embedding FROM annotations WHERE kind='own'"
        ).fetchall()
        assert any(r[1] is None for r in rows) and any(r[1] is not None for r in rows)
        assert all(len(r[1]) > 0 for r in rows if r[1] is not None)
        examples, units = annotated_examples(pt.store)
        assert len(examples) == units.shape[0] == sum(r[1] is not None for r in rows)
