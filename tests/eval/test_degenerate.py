"""The degenerate-reply measure: each rule fires on what it names and not on ordinary replies."""

from __future__ import annotations

import pytest

from pockettune.eval.degenerate import may_repeat, reasons, repeats, share, why


@pytest.mark.parametrize(
    "reply",
    [
        "hey, how was your weekend? mine was fine",
        "I like pizza and pasta, and I also like sushi on fridays",
        "",
        "yes",
    ],
)
def test_ordinary_replies_are_kept(reply):
    assert why(reply) == ""


def test_a_three_gram_said_three_times_is_a_loop():
    assert why("I am happy, I am happy, I am happy") == "loop"
    assert why("I am happy, I am happy") != "loop"  # twice is not yet a loop


def test_a_clause_said_again_is_repetition_beyond_three_grams():
    r = "I really like the park. Then we went home and I really like the park a lot"
    assert why(r) == "phrase"


def test_word_salad():
    r = "happy good happy person good happy so good person happy so good"
    assert why(r) == "salad"
    assert why("happy good happy person good happy") == ""  # too short to call


def test_repeating_the_previous_reply():
    prev = "I love my job, I work in tech and it is great"
    assert why("I love my job! I work in tech and it is great.", prev) == "repeat"
    assert repeats("I love my job and I work in tech, it is great", prev)
    assert not repeats("do you like pokemon? I used to play it", prev)
    assert why("I love my job", "") == ""  # no previous reply: nothing to repeat


def test_share_and_reasons():
    replies = ["ok ok ok ok ok ok ok ok", "sure, see you then", "fine thanks", "fine thanks"]
    previous = ["", "", "", "fine thanks"]
    assert share(replies, previous) == pytest.approx(0.5)
    assert reasons(replies, previous) == {"loop": 1, "repeat": 1}
    assert share([]) == 0.0


def test_may_repeat_holds_back_only_while_the_reply_looks_like_the_previous():
    prev = "I work in tech and I love it"
    assert may_repeat("", prev)
    assert may_repeat("I work in", prev)
    assert may_repeat("I work in te", prev)  # "te": a word still being written
    assert not may_repeat("I work at a bak", prev)
    assert not may_repeat("do you like pokemon", prev)
    assert not may_repeat("anything", "")
