"""Labels the user already gave: edits, "Good" and ratings on chat replies as annotations."""

from pockettune.personalizer import Personalizer
from pockettune.profile import Feedback
from pockettune.train.data import load_examples, repeats

HASH = ["model.embedder=hash", "select.capacity=8", "privacy.redact=false"]
Q, REPLY = "any plans for the weekend?", "hiking with my dog probably"


def annotations(pt):
    return [
        tuple(r)
        for r in pt.store.conn.execute(
            "SELECT kind, response, weight, source FROM annotations ORDER BY id"
        )
    ]


def test_good_makes_the_reply_an_annotation_once_and_ratings_weight_it(tmp_path):
    with Personalizer.open(tmp_path, overrides=HASH) as pt:
        pt.feedback(Feedback("accept", Q, REPLY))
        pt.feedback(Feedback("accept", Q, REPLY))  # a second click: still one label
        assert annotations(pt) == [("accept", REPLY, 1.0, "chat")]
        pt.feedback(Feedback("rating", Q, REPLY, value=5))
        assert annotations(pt)[0][2] == 2.0
        pt.feedback(Feedback("rating", Q, REPLY, value=1))
        assert annotations(pt)[0][2] == 0.0  # a poor rating takes it out of training
        pt.feedback(Feedback("accept", Q, REPLY))
        assert annotations(pt)[0][2] == 1.0  # "Good" again: at least one example
        ids = {r[0] for r in pt.store.conn.execute("SELECT annotation_id FROM feedback")}
        assert ids == {1}  # every feedback row on the reply points to its label


def test_a_high_rating_alone_accepts_a_low_one_makes_no_label(tmp_path):
    with Personalizer.open(tmp_path, overrides=HASH) as pt:
        pt.feedback(Feedback("rating", Q, "meh", value=3))
        pt.feedback(Feedback("rating", Q, "nope", value=1))
        assert annotations(pt) == []
        pt.feedback(Feedback("rating", Q, REPLY, value=4))
        assert annotations(pt) == [("accept", REPLY, 1.0, "chat")]
        pt.feedback(Feedback("regenerate", Q, "meh"))
        assert len(annotations(pt)) == 1


def test_an_edit_supersedes_the_accepted_reply_and_a_rating_leaves_it_alone(tmp_path):
    with Personalizer.open(tmp_path, overrides=HASH) as pt:
        pt.feedback(Feedback("accept", Q, REPLY))
        pt.feedback(Feedback("edit", Q, REPLY, edited="hiking w my dog lol"))
        assert annotations(pt) == [
            ("accept", REPLY, 0.0, "chat"),  # out of training, not rewritten
            ("edit", "hiking w my dog lol", 1.0, "chat"),
        ]
        pt.feedback(Feedback("rating", Q, REPLY, value=1))  # rates the model's reply
        assert annotations(pt)[1][2] == 1.0
        examples = load_examples(pt.store, pt.lm.tokenizer, 128)
        assert [e.annotation_id for e in examples] == [2]


def test_weights_are_repeat_counts_of_an_annotation_and_its_pairs(tmp_path):
    with Personalizer.open(tmp_path, overrides=HASH) as pt:
        for w, q in ((2.0, "a"), (0.0, "b"), (1.0, "c")):
            with pt.store.transaction() as c:
                aid = c.execute(
                    "INSERT INTO annotations (created_at, kind, question, response, weight)"
                    " VALUES (0, 'new', ?, 'r', ?)",
                    (q, w),
                ).lastrowid
                c.execute(
                    "INSERT INTO synth (annotation_id, created_at, question, response, rouge1,"
                    " prompt_version) VALUES (?, 0, 'q2', 'r2', 0.5, 'v3')",
                    (aid,),
                )
        got = [(e.origin, e.annotation_id) for e in load_examples(pt.store, pt.lm.tokenizer, 128)]
        assert sorted(got) == sorted(
            [("annotation", 1)] * 2 + [("synth", 1)] * 2 + [("annotation", 3), ("synth", 3)]
        )
        assert [repeats(w) for w in (0, 0.4, 0.6, 1, 2)] == [0, 0, 1, 1, 2]


def test_feedback_labels_are_redacted(tmp_path):
    with Personalizer.open(tmp_path, overrides=["model.embedder=hash"]) as pt:
        pt.feedback(
            Feedback("edit", "mail me?", "ok", edited="sure, write to jane.doe@example.com")
        )
        (kind, response, _, _) = annotations(pt)[0]
        assert kind == "edit" and "jane.doe" not in response and "[EMAIL]" in response
