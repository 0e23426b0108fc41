"""A reply that would say the previous reply again is replaced (chat.Reply ``previous``)."""

from __future__ import annotations

from pockettune import Personalizer
from pockettune.chat import Reply
from pockettune.eval.degenerate import repeats

TINY = ["profile.summary=false", "profile.examples=0"]


class Scripted(Reply):
    """A Reply whose decoding is a script: greedy gives ``greedy``, sampling ``sampled``."""

    def __init__(self, previous: str, greedy: list[str], sampled: list[str]) -> None:
        super().__init__(None, "q", previous=previous, observe=False)
        self.script, self.calls = {0.0: greedy, 0.8: sampled}, []

    def _generate(self, temperature, top_p, seed):
        self.calls.append((temperature, top_p, seed))
        for piece in self.script[temperature]:
            self.text += piece
            yield piece


def test_a_repeat_is_held_back_and_regenerated_once_sampled():
    prev = "I work in tech and I love it"
    r = Scripted(prev, ["I work", " in tech", " and I love it"], ["do you", " like pokemon?"])
    pieces = list(r.pieces())
    assert pieces[:3] == ["", "", ""]  # nothing of the repeat was shown
    assert "".join(pieces) == r.text == "do you like pokemon?"
    assert r.regenerated and r.calls == [(0.0, 1.0, 0), (0.8, 0.95, 1)]


def test_a_reply_that_diverges_streams_and_keeps_its_words():
    prev = "I work in tech and I love it"
    r = Scripted(prev, ["I work", " at a bakery", " downtown"], ["never"])
    pieces = list(r.pieces())
    assert pieces == ["", "I work at a bakery", " downtown"]  # held, flushed, then streamed
    assert not r.regenerated and r.text == "I work at a bakery downtown"


def test_a_short_reply_made_of_the_previous_words_is_not_a_repeat():
    r = Scripted("I work in tech and I love it", ["I work"], ["never"])
    assert "".join(r.pieces()) == r.text == "I work" and not r.regenerated


def test_no_previous_reply_streams_as_before():
    r = Scripted("", ["a", "b"], ["never"])
    assert list(r.pieces()) == ["a", "b"] and not r.regenerated


def test_the_tiny_model_does_not_say_its_previous_reply_again(tmp_path, monkeypatch):
    # The tiny random model loops from its first tokens ("\n\n\n..."): a greedy reply that
    # stops on its first repeat (chat_decoding) holds no word, and this test needs words.
    from dataclasses import replace

    from pockettune.models import stream

    chat = stream.chat_decoding
    monkeypatch.setattr(stream, "chat_decoding", lambda *a: replace(chat(*a), stop_on_repeat=0))
    pt = Personalizer.open(tmp_path / "home", preset="tiny", overrides=TINY)
    first = Reply(pt, "how was your weekend?", max_new_tokens=16, observe=False)
    text = "".join(first.pieces())
    assert text.strip()
    again = Reply(pt, "how was your weekend?", max_new_tokens=16, observe=False, previous=text)
    shown = "".join(again.pieces())
    assert again.regenerated and shown == again.text
    assert not repeats(again.text, text)
    pt.close()
