"""The user profile: online updates, persistence with the buffer, feedback, and its uses."""

import numpy as np
import pytest

from pockettune.annotate import annotation_queue
from pockettune.errors import PockettuneError
from pockettune.personalizer import Personalizer
from pockettune.profile import Feedback, Profile, feedback_score, style_of
from pockettune.turn import Turn

HASH = ["model.embedder=hash", "select.capacity=8", "privacy.redact=false"]
COOK = "I love cooking dinner and baking bread in my kitchen"
CAR = "my car engine broke while driving on the highway"


def unit(i, dim=8):
    v = np.zeros(dim)
    v[i] = 1.0
    return v


def test_interests_follow_the_recent_turns_and_shift_is_measured():
    p = Profile()
    for _ in range(30):
        p.observe("food", unit(0), interest_ema=0.1, centroid_ema=0.1)
    before = dict(p.interests)
    for _ in range(30):
        p.observe("travel", unit(1), interest_ema=0.1, centroid_ema=0.1)
    assert p.top_interests(1)[0][0] == "travel"
    assert p.domain_counts == {"food": 30, "travel": 30}
    assert 0.8 < p.interest_shift(before) <= 1.0
    assert p.interest_shift(p.interests) == pytest.approx(0.0)
    assert p.drift_from(list(unit(0))) > 0.5 and p.drift_from(list(unit(1))) < 0.1


def test_style_reads_the_users_own_words():
    casual, formal = style_of("lol yeah gonna do it!"), style_of("Certainly. However, I disagree.")
    assert casual["formality"] < 0 < formal["formality"]
    assert casual["words"] == 5
    p = Profile()
    p.wrote("yeah lol totally")
    p.wrote("nah dude")
    assert p.n_written == 2 and p.style["words"] == pytest.approx(2.5)
    assert "casual tone" in p.summary() and "very short" in p.summary()


def test_feedback_scores_and_validation():
    assert feedback_score(Feedback("accept", "q")) == 1.0
    assert feedback_score(Feedback("rating", "q", value=3)) == 0.5
    assert feedback_score(Feedback("regenerate", "q")) == 0.0
    for bad in (dict(kind="like"), dict(kind="rating", value=9), dict(kind="edit")):
        with pytest.raises(PockettuneError):
            Feedback(question="q", **bad)
    p = Profile()
    p.feedback(Feedback("accept", "q"), ema=0.5)
    p.feedback(Feedback("regenerate", "q"), ema=0.5)
    assert p.feedback_score == 0.5 and p.feedback_counts == {"accept": 1, "regenerate": 1}


def test_profile_is_committed_with_every_buffer_update_and_survives_reopen(tmp_path):
    with Personalizer.open(tmp_path, overrides=HASH) as pt:
        pt.observe_many([Turn(COOK)] * 5 + [Turn(CAR)] * 3)
        assert pt.profile.n_turns == 8
    with Personalizer.open(tmp_path, overrides=HASH) as pt:
        assert pt.profile.n_turns == pt.store.get_meta("select.n_seen") == 8
        assert sum(pt.profile.domain_counts.values()) == 8
        assert len(pt.profile.centroid) == 256


def test_two_writers_lose_no_profile_update(tmp_path):
    a = Personalizer.open(tmp_path, overrides=HASH)
    b = Personalizer.open(tmp_path, overrides=HASH)  # like a chat beside an ingest
    for _ in range(3):
        a.observe_one(Turn(COOK))
        b.observe_one(Turn(CAR))
    a.close()
    b.close()
    with Personalizer.open(tmp_path, overrides=HASH) as pt:
        assert pt.profile.n_turns == 6


def test_feedback_is_stored_an_edit_becomes_an_annotation_and_can_be_forgotten(tmp_path):
    with Personalizer.open(tmp_path, overrides=HASH) as pt:
        pt.observe_one(Turn(COOK))
        emb = pt.last_embedding
        pt.feedback(Feedback("rating", COOK, "meh", value=2))
        pt.feedback(Feedback("edit", COOK, "meh", edited="Try rye flour lol"), "food", emb)
        rows = pt.store.conn.execute("SELECT kind, annotation_id FROM feedback").fetchall()
        assert [r[0] for r in rows] == ["rating", "edit"] and rows[1][1] is not None
        ann = pt.store.conn.execute("SELECT kind, response, embedding FROM annotations").fetchone()
        assert ann[0] == "edit" and ann[1] == "Try rye flour lol" and len(ann[2]) == 256 * 4
        assert pt.profile.vocabulary.get("rye") == 1 and pt.profile.n_written == 1
        rep = pt.forget(everything=True)
        assert rep.feedback == 2 and rep.annotations == 1
        assert pt.profile.vocabulary == {}


def test_feedback_ignored_keeps_edits_out_of_training(tmp_path):
    with Personalizer.open(tmp_path, overrides=HASH + ["adapt.use_feedback=false"]) as pt:
        pt.feedback(Feedback("edit", COOK, "meh", edited="better"))
        assert pt.store.conn.execute("SELECT count(*) FROM annotations").fetchone()[0] == 0
        assert pt.profile.feedback_score is None


def test_interests_weight_selection_and_the_annotation_queue(tmp_path):
    over = HASH + ["profile.interest_weight=1.0", "select.capacity=40"]
    with Personalizer.open(tmp_path, overrides=over) as pt:
        pt.observe_many([Turn(COOK + f" {i}") for i in range(30)] + [Turn(CAR)])
        dom_cook = pt.buffer.items()[0].domain
        dom_car = pt.buffer.items()[-1].domain
        assert dom_cook != dom_car
        assert pt._interest_weight(dom_cook) > 1.0 > pt._interest_weight(dom_car)
        interests = dict(pt.profile.top_interests(12))
        plain = annotation_queue(pt.buffer)
        weighted = annotation_queue(pt.buffer, None, interests, interest_weight=10.0)
        assert weighted[0].domain == dom_cook
        assert {i.id for i in plain} == {i.id for i in weighted}


def test_retention_also_takes_the_forgotten_words_out_of_the_profile(tmp_path):
    with Personalizer.open(tmp_path, overrides=HASH) as pt:
        pt.feedback(Feedback("edit", COOK, "meh", edited="zanzibar saffron"))
        pt.feedback(Feedback("edit", CAR, "meh", edited="brake pads"))
        assert "zanzibar" in pt.profile.vocabulary
    with Personalizer.open(tmp_path, overrides=HASH + ["privacy.max_annotations=1"]) as pt:
        assert "zanzibar" not in pt.profile.vocabulary and "brake" in pt.profile.vocabulary
        assert pt.profile.n_written == 1
