"""Behaviour specific to each policy."""

import numpy as np

from pockettune.select import Buffer
from pockettune.turn import Turn
from tests.conftest import fake_embedding, make_turns, offer_all


def offer(buf: Buffer, text: str, emb: np.ndarray, n_tokens: int = 5):
    return buf.offer_one(buf.score_one(Turn(text), emb, n_tokens))


def test_every_turn_enters_while_there_is_room(make_buffer):
    for policy in ("sdss", "random", "fifo", "kcenter"):
        buf = make_buffer(policy, capacity=5, policy=policy)
        assert offer_all(buf, make_turns(5)) == [True] * 5


def test_fifo_evicts_the_oldest(make_buffer):
    buf = make_buffer(capacity=3, policy="fifo")
    turns = make_turns(5)
    offer_all(buf, turns)
    assert [it.question for it in buf.items()] == [t.question for t in turns[2:]]


def test_reservoir_is_roughly_uniform(make_buffer):
    # Each of 40 turns should be kept with probability 10/40; count over 60 seeds.
    turns = make_turns(40, seed=9)
    hits = np.zeros(40)
    for seed in range(60):
        buf = make_buffer(f"r{seed}", capacity=10, policy="random", seed=seed)
        offer_all(buf, turns)
        kept = {it.question for it in buf.items()}
        hits += [t.question in kept for t in turns]
    # Expected 15 hits per turn; FIFO would give 0 to the first 20. ~4 sigma tolerance.
    assert abs(hits[:20].mean() - hits[20:].mean()) < 4
    assert hits.sum() == 600


def test_kcenter_rejects_a_near_duplicate_and_keeps_spread(make_buffer):
    buf = make_buffer(capacity=3, policy="kcenter")
    e = np.eye(4, dtype=np.float32)
    for i in range(3):
        offer(buf, f"t{i}", e[i])
    assert not offer(buf, "dup", e[0] + 0.01 * e[1]).admit  # closer to t0 than any kept pair
    # Two close points kept: a far newcomer replaces one of them.
    buf2 = make_buffer("b", capacity=3, policy="kcenter")
    offer(buf2, "a", e[0])
    offer(buf2, "a2", e[0] + 0.05 * e[1])
    offer(buf2, "b", e[1])
    assert offer(buf2, "c", e[2]).admit
    kept = {it.question for it in buf2.items()}
    assert "c" in kept and "b" in kept and len(kept & {"a", "a2"}) == 1


def test_sdss_replaces_weakest_only_when_beaten_on_two_of_three(make_buffer):
    # All turns are "general" domain (no lexicon words): the domain is shared.
    buf = make_buffer(capacity=2, policy="sdss")
    rng = np.random.default_rng(0)
    base = rng.normal(size=32).astype(np.float32)
    offer(buf, "xq zz", base, n_tokens=40)
    offer(buf, "xq yy", base + 0.01, n_tokens=40)
    # Newcomer: same DSS (0), far away (higher IDD) and short (higher EOE): wins 2 of 3.
    d = offer(buf, "xq ww", rng.normal(size=32).astype(np.float32), n_tokens=2)
    assert d.admit and d.evict is not None
    # Newcomer: a copy of a kept item and long: loses on EOE and IDD.
    kept = buf.items()[0]
    assert not offer(buf, "xq vv", kept.embedding.copy(), n_tokens=400).admit


def test_sdss_all_rule_is_stricter_than_majority(make_buffer):
    turns = make_turns(150, seed=11)
    maj = make_buffer("m", capacity=8, policy="sdss", rule="majority")
    strict = make_buffer("s", capacity=8, policy="sdss", rule="all")
    assert sum(offer_all(strict, turns)) <= sum(offer_all(maj, turns))


def test_sdss_new_domain_can_enter_a_full_buffer(make_buffer):
    buf = make_buffer(capacity=2, policy="sdss")
    for i in range(2):
        offer(buf, f"xq {i}", fake_embedding(str(i)), n_tokens=30)
    d = offer(buf, "doctor pain sleep", fake_embedding("h"), n_tokens=3)
    assert d.admit
    assert "health" in buf.domain_counts()


def test_clear_empties_and_allows_a_policy_switch(make_buffer, tmp_path):
    buf = make_buffer(capacity=4, policy="fifo")
    offer_all(buf, make_turns(6))
    assert buf.clear() == 4 and len(buf) == 0
    assert buf.store.get_meta("select.policy") is None


def test_near_duplicates_do_not_take_a_second_slot(make_buffer):
    rng = np.random.default_rng(1)
    for policy in ("sdss", "random", "fifo", "kcenter"):
        buf = make_buffer(f"d-{policy}", capacity=8, policy=policy)
        assert offer(buf, "Hello!", rng.normal(size=8)).admit
        for dup in ("hello", "Hello/", "  HELLO !! "):
            d = offer(buf, dup, rng.normal(size=8))
            assert not d.admit and d.reason.startswith("near-duplicate"), (policy, dup)
        assert offer(buf, "hello, how was the concert last night?", rng.normal(size=8)).admit
        assert (
            offer(buf, "how was the concert last night? hello", rng.normal(size=8)).admit is False
        )
        assert (
            offer(buf, "??", rng.normal(size=8)).admit
            and offer(buf, "!!", rng.normal(size=8)).admit
        )
        assert len(buf) == 4
    off = make_buffer("off", capacity=8, dedup=0.0)  # the paper: every turn enters while room
    assert all(offer(off, t, rng.normal(size=8)).admit for t in ("Hello!", "hello", "Hello/"))


def test_near_duplicate_check_survives_a_reload(make_buffer, tmp_path):
    buf = make_buffer("r", capacity=4)
    offer(buf, "what time is it", np.ones(8, dtype=np.float32))
    buf.reload()
    assert not offer(buf, "What time is it?", np.ones(8, dtype=np.float32)).admit


def test_sdss_with_coverage_replaces_one_of_a_close_pair(make_buffer, tmp_path):
    # Coverage alone: a far newcomer beats the kept item nearest to another, a copy does not.
    buf = make_buffer(capacity=3, policy="sdss", metrics=["cov"], dedup=0.0)
    e = np.eye(4, dtype=np.float32)
    offer(buf, "xq a", e[0])
    offer(buf, "xq a2", e[0] + 0.05 * e[1])
    offer(buf, "xq b", e[1])
    assert not offer(buf, "xq copy", e[1] + 0.01 * e[0]).admit
    d = offer(buf, "xq c", e[2])
    assert d.admit
    kept = {it.question for it in buf.items()}
    assert {"xq b", "xq c"} <= kept and len(kept & {"xq a", "xq a2"}) == 1
    # a reloaded buffer scores its items' coverage the same way
    again = Buffer(buf.store, buf.cfg)
    slots = again.state.occupied_slots()
    assert np.allclose(again.state.live_cov(slots), buf.state.live_cov(slots))


def test_unknown_metric_is_refused():
    import pytest

    from pockettune.config import SelectConfig
    from pockettune.errors import PockettuneError

    with pytest.raises(PockettuneError, match="cov"):
        SelectConfig(metrics=["eoe", "surprise"])


def test_sdss_with_surprise_keeps_the_surprising_turn_and_remembers_it(make_buffer):
    import pytest

    from pockettune.errors import PockettuneError

    buf = make_buffer("s", capacity=2, policy="sdss", metrics=["sur"], dedup=0.0)
    e = np.eye(4, dtype=np.float32)
    for text, emb, sur in (("xq a", e[0], 1.0), ("xq b", e[1], 3.0)):
        buf.offer_one(buf.score_one(Turn(text), emb, 5, surprise=sur))
    assert not buf.offer_one(buf.score_one(Turn("xq dull"), e[2], 5, surprise=0.5)).admit
    assert buf.offer_one(buf.score_one(Turn("xq new"), e[3], 5, surprise=2.0)).admit
    assert {it.question for it in buf.items()} == {"xq b", "xq new"}
    again = Buffer(buf.store, buf.cfg)  # the stored surprise comes back with the items
    slots = again.state.occupied_slots()
    assert sorted(again.state.sur[slots]) == [2.0, 3.0]
    with pytest.raises(PockettuneError, match="surprise"):
        buf.score_one(Turn("xq none"), e[0], 5)


def test_token_reservoir_keeps_long_turns_more_often_but_not_only(make_buffer):
    # 40 turns, every other one 1 word or 24 words (context 8 + message 16); capacity 10.
    short = [Turn(f"w{i}") for i in range(20)]
    long_ = [Turn(" ".join(f"m{i}x{j}" for j in range(16)), " ".join(["c"] * 8)) for i in range(20)]
    turns = [t for pair in zip(short, long_, strict=True) for t in pair]
    kept_short = kept_long = 0
    for seed in range(40):
        buf = make_buffer(f"t{seed}", capacity=10, policy="tokens", seed=seed)
        for t in turns:
            buf.offer_one(buf.score_one(t, fake_embedding(t.question), 5))
        qs = {it.question for it in buf.items()}
        kept_short += sum(t.question in qs for t in short)
        kept_long += sum(t.question in qs for t in long_)
    assert kept_short + kept_long == 400
    # Uniform reservoir: 200 each. Weighted by words (24:1) the long turns take nearly all
    # slots, yet it stays a sample: some short turns still win a slot somewhere.
    assert kept_long > 360 and kept_short > 0
    # and the random baseline, same seeds, does not lean that way
    base = make_buffer("uniform", capacity=10, policy="random", seed=0)
    for t in turns:
        base.offer_one(base.score_one(t, fake_embedding(t.question), 5))
    assert sum(it.question in {t.question for t in short} for it in base.items()) >= 2


def test_token_reservoir_weight_counts_context_after_a_reload(make_buffer):
    buf = make_buffer("w", capacity=2, policy="tokens", seed=1)
    buf.offer_one(
        buf.score_one(Turn("a question here", "some earlier context"), fake_embedding("q"), 5)
    )
    before = buf.state.weight.copy()
    buf.reload()
    assert before[0] == 6.0 and np.array_equal(buf.state.weight, before)
