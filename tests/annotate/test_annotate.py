"""Annotation: queue order, storage at once, bad answers, the terminal prompt."""

import pytest

from pockettune import Personalizer, PockettuneError, Turn
from pockettune.annotate import Annotation, AnnotationSession
from pockettune.annotate.prompt import terminal_annotator


@pytest.fixture
def pt(tmp_path):
    p = Personalizer.open(tmp_path / "h", preset="tiny")
    for i, q in enumerate(
        [
            "my headache and fever got worse",
            "the bank raised my loan rate",
            "we went dancing at the party",
            "xq zz",
        ]
    ):
        p.observe_one(Turn(q, reference=f"ref {i}"))
    yield p
    p.close()


def test_queue_is_buffer_only_most_valuable_first_and_skips_annotated(pt):
    q = pt.annotation_queue()
    assert len(q) == 4 and {i.question for i in q} == {i.question for i in pt.buffer.items()}
    # Most valuable first: descending sum of per-metric ranks over the buffer.
    items = pt.buffer.items()
    value = {i.id: 0 for i in items}
    for metric in ("eoe", "dss", "idd"):
        for rank, it in enumerate(sorted(items, key=lambda i: getattr(i, metric)), 1):
            value[it.id] += rank
    assert [value[i.id] for i in q] == sorted(value.values(), reverse=True)
    AnnotationSession(pt.store).save(q[0], Annotation("mine"))
    assert q[0].id not in {i.id for i in pt.annotation_queue()}
    assert len(pt.annotation_queue(limit=2)) == 2


def test_quitting_midway_keeps_what_was_saved(pt):
    answers = iter([Annotation("first answer"), None, StopIteration])

    def annotator(item, reply):
        a = next(answers)
        if a is StopIteration:
            raise StopIteration
        return a

    assert pt.annotate(annotator, show_replies=False) == {"saved": 1, "skipped": 1}
    rows = pt.store.conn.execute("SELECT response, kind FROM annotations").fetchall()
    assert [tuple(r) for r in rows] == [("first answer", "new")]
    assert sum(i.annotated for i in pt.buffer.items()) == 1


def test_empty_and_huge_answers(pt):
    s = AnnotationSession(pt.store, max_chars=100)
    item = pt.annotation_queue()[0]
    with pytest.raises(PockettuneError, match="empty response"):
        s.save(item, Annotation("   "))
    s.save(item, Annotation("x" * 1_000_000))
    assert len(pt.store.conn.execute("SELECT response FROM annotations").fetchone()[0]) == 100


def test_terminal_prompt_choices(pt):
    item = pt.annotation_queue()[0]
    lines = iter(["?", "e", "", "e", "better reply", "w", "fresh", "a", "s", "q"])
    out: list[str] = []
    ann = terminal_annotator(3, 50, ask=lambda p: next(lines), out=out.append)
    assert ann(item, "model says hi") == Annotation("better reply", "edit")
    assert any("empty response" in o for o in out)
    assert ann(item, "model says hi") == Annotation("fresh", "new")
    assert ann(item, "model says hi") == Annotation("model says hi", "accept")
    assert ann(item, "x") is None
    with pytest.raises(StopIteration):
        ann(item, "x")
