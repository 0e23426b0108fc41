"""The OpenAI-compatible API against a live uvicorn server, driven by the `openai` client."""

from __future__ import annotations

import os

import httpx
import numpy as np
import openai
import pytest

from pockettune import Personalizer, Turn
from pockettune.errors import PockettuneError
from pockettune.serve import start

from .conftest import TINY, make_adapter

HI = [{"role": "user", "content": "How do I keep basil alive?"}]


def _buffer(server) -> dict:
    return httpx.get(server.url + "/v1/pockettune/buffer").json()


def test_models_lists_base_and_marks_active(client):
    ids = {m.id: m for m in client.models.list().data}
    assert set(ids) == {"pockettune", "pockettune-base"}
    assert ids["pockettune-base"].model_extra["active"] is True  # no adapter yet


def test_completion_and_stream_agree_and_observe_once(server, client):
    kw = dict(model="pockettune", messages=HI, max_tokens=6, temperature=0)
    full = client.chat.completions.create(**kw)
    assert full.object == "chat.completion"
    assert full.choices[0].message.role == "assistant"
    assert full.usage.completion_tokens == 6 and full.choices[0].finish_reason == "length"
    pieces = [
        c.choices[0].delta.content or ""
        for c in client.chat.completions.create(stream=True, **kw)
        if c.choices
    ]
    assert len(pieces) >= 2 and "".join(pieces) == full.choices[0].message.content
    # the same message twice (a resent conversation) is observed once
    buf = _buffer(server)
    assert [i["question"] for i in buf["items"]] == [HI[0]["content"]]
    assert buf["items"][0]["source"] == "serve"


def test_prefill_embedding_equals_embedder(server, client, tmp_path):
    msgs = [
        {"role": "user", "content": "first"},
        {"role": "assistant", "content": "ok"},
        {"role": "user", "content": "What is a good salary for a doctor?"},
    ]
    client.chat.completions.create(model="pockettune", messages=msgs, max_tokens=3)
    assert server.engine.stats["extra_passes"] == 0
    items = server.engine.call_soon(lambda pt: pt.buffer.items()).result()
    (item,) = [i for i in items if i.question.startswith("What")]
    assert item.context == "first\nok"
    pt = Personalizer.open(tmp_path / "other", preset="tiny", overrides=TINY)
    emb, n = pt.embed_turns([Turn(item.question, context=item.context)])
    np.testing.assert_allclose(item.embedding, emb[0], rtol=1e-5, atol=1e-5)
    assert item.n_tokens == n[0]


def test_redacted_before_stored(server, client):
    client.chat.completions.create(
        model="pockettune",
        messages=[{"role": "user", "content": "mail me at jane.doe@example.com"}],
        max_tokens=2,
    )
    (item,) = _buffer(server)["items"]
    assert "jane.doe@example.com" not in item["question"]
    assert server.engine.stats["extra_passes"] == 1  # the redacted prompt is embedded apart


def test_stop_sequence_is_not_returned(client):
    kw = dict(model="pockettune", messages=HI, max_tokens=12)
    text = client.chat.completions.create(**kw).choices[0].message.content
    assert len(text) >= 3
    stop = text[2:4]
    cut = client.chat.completions.create(stop=[stop], **kw).choices[0].message.content
    assert cut == text[: text.index(stop)]


def test_adapter_swap_between_two_requests(tmp_path):
    home = tmp_path / "home"
    v = make_adapter(home)
    with start(home, preset="tiny", overrides=TINY) as srv:
        c = openai.OpenAI(base_url=srv.url + "/v1", api_key="x", max_retries=0)
        kw = dict(model="pockettune", messages=HI, max_tokens=8)
        before = c.chat.completions.create(**kw).choices[0].message.content
        assert srv.engine.pt.adapter_version is None
        other = Personalizer.open(home)  # the background round, in its own connection
        other.adapters.activate(v)
        other.close()
        after = c.chat.completions.create(**kw).choices[0].message.content
        assert srv.engine.pt.adapter_version == v
        assert after != before
        ids = {m.id: m.model_extra["active"] for m in c.models.list().data}
        assert ids == {"pockettune": True, "pockettune-base": False, f"pockettune-v{v}": True}
        base = c.chat.completions.create(**dict(kw, model="pockettune-base"))
        assert base.choices[0].message.content == before


def test_observe_off(tmp_path):
    with start(tmp_path / "h", preset="tiny", overrides=TINY + ["serve.observe=false"]) as srv:
        c = openai.OpenAI(base_url=srv.url + "/v1", api_key="x", max_retries=0)
        c.chat.completions.create(model="pockettune", messages=HI, max_tokens=2)
        assert _buffer(srv)["items"] == []


@pytest.mark.parametrize(
    ("body", "status", "param"),
    [
        (b"{not json", 400, None),
        (b"[1, 2]", 400, None),
        (b'{"model": "pockettune", "messages": []}', 400, "messages"),
        (b'{"model": "pockettune", "messages": [{"role": "assistant", "content": "x"}]}', 400,
         "messages"),
        (b'{"messages": [{"role": "user", "content": "x"}], "temperature": 9}', 400,
         "temperature"),
        (b'{"model": "gpt-4", "messages": [{"role": "user", "content": "x"}]}', 404, "model"),
    ],
)  # fmt: skip
def test_bad_requests_get_openai_errors(server, body, status, param):
    r = httpx.post(server.url + "/v1/chat/completions", content=body,
                   headers={"content-type": "application/json"})  # fmt: skip
    assert r.status_code == status
    err = r.json()["error"]
    assert err["message"] and err["type"] == "invalid_request_error" and err["param"] == param
    assert "Traceback" not in r.text


def test_openai_client_sees_the_error(client):
    with pytest.raises(openai.NotFoundError):
        client.chat.completions.create(model="nope", messages=HI)


def test_body_size_limit(tmp_path):
    with start(
        tmp_path / "h", preset="tiny", overrides=TINY + ["serve.max_body_bytes=2000"]
    ) as srv:
        big = {"model": "pockettune", "messages": [{"role": "user", "content": "x" * 5000}]}
        r = httpx.post(srv.url + "/v1/chat/completions", json=big)
        assert r.status_code == 413 and "error" in r.json()

        def chunks():
            yield b'{"messages": [{"role": "user", "content": "'
            yield b"y" * 5000
            yield b'"}]}'

        r = httpx.post(srv.url + "/v1/chat/completions", content=chunks())  # chunked, no length
        assert r.status_code == 413


def test_cross_site_writes_refused(server):
    url = server.url + "/v1/pockettune/feedback"
    body = {"kind": "accept", "question": "q", "reply": "r"}
    evil = httpx.post(url, json=body, headers={"origin": "https://evil.example"})
    assert evil.status_code == 403
    marked = httpx.post(url, json=body, headers={"sec-fetch-site": "cross-site"})
    assert marked.status_code == 403
    same = httpx.post(url, json=body, headers={"origin": server.url})
    assert same.status_code == 200
    assert httpx.get(
        server.url + "/v1/models", headers={"origin": "https://evil.example"}
    ).is_success


def test_token_required_when_set(tmp_path):
    with start(tmp_path / "h", preset="tiny", overrides=TINY, token="s3cret") as srv:
        assert httpx.get(srv.url + "/v1/models").status_code == 401
        bad = openai.OpenAI(base_url=srv.url + "/v1", api_key="wrong", max_retries=0)
        with pytest.raises(openai.AuthenticationError):
            bad.models.list()
        good = openai.OpenAI(base_url=srv.url + "/v1", api_key="s3cret", max_retries=0)
        assert good.chat.completions.create(model="pockettune", messages=HI, max_tokens=2)
        assert httpx.get(srv.url + "/").status_code == 200  # the page holds no data


def test_other_address_needs_a_token(tmp_path):
    with pytest.raises(PockettuneError, match="token"):
        start(tmp_path / "h", preset="tiny", overrides=TINY, host="0.0.0.0")


def test_feedback_and_annotation(server, client):
    r = client.chat.completions.create(model="pockettune", messages=HI, max_tokens=4)
    url = server.url + "/v1/pockettune"
    fb = httpx.post(url + "/feedback", json={"kind": "edit", "completion_id": r.id,
                                             "edited": "Water it when dry."})  # fmt: skip
    assert fb.status_code == 200
    assert httpx.post(url + "/feedback", json={"kind": "rating", "completion_id": r.id,
                                               "value": 9}).status_code == 400  # fmt: skip
    client.chat.completions.create(
        model="pockettune", messages=[{"role": "user", "content": "Best music?"}], max_tokens=4
    )
    q = httpx.get(url + "/annotations").json()
    assert q["remaining"] == 2 and len(q["items"]) == 1
    first = q["items"][0]
    saved = httpx.post(url + "/annotations", json={"buffer_id": first["id"], "action": "write",
                                                   "response": "My answer."})  # fmt: skip
    assert saved.json()["saved"] == 1 and saved.json()["round"]["started"] is False
    assert httpx.get(url + "/annotations").json()["remaining"] == 1
    again = httpx.post(url + "/annotations", json={"buffer_id": first["id"], "action": "write",
                                                   "response": "x"})  # fmt: skip
    assert again.status_code == 400
    sql = "SELECT kind FROM annotations"
    rows = server.engine.call_soon(lambda pt: pt.store.conn.execute(sql).fetchall()).result()
    assert sorted(r[0] for r in rows) == ["edit", "new"]


@pytest.mark.slow
def test_real_model_streams_and_observes(tmp_path):
    """SmolLM2 behind the API: a streamed greedy reply equals the non-streamed one, and the
    message's buffer embedding equals the embedder's for its prompt (no extra pass)."""
    over = ["profile.summary=false", "serve.max_new_tokens=24"]
    with start(tmp_path / "real", overrides=over) as srv:
        c = openai.OpenAI(base_url=srv.url + "/v1", api_key="x", max_retries=0)
        msgs = [{"role": "user", "content": "Name three herbs that grow well indoors."}]
        full = c.chat.completions.create(model="pockettune", messages=msgs)
        text = full.choices[0].message.content
        assert len(text.split()) >= 3
        streamed = "".join(
            ch.choices[0].delta.content or ""
            for ch in c.chat.completions.create(model="pockettune", messages=msgs, stream=True)
            if ch.choices
        )
        assert streamed == text
        assert srv.engine.stats == {"replies": 2, "observed": 1, "extra_passes": 0, "errors": 0}
        (item,) = srv.engine.call_soon(lambda pt: pt.buffer.items()).result()
        emb, _ = srv.engine.call_soon(
            lambda pt: pt.embed_turns([Turn(item.question, context=item.context)])
        ).result()
        np.testing.assert_allclose(item.embedding, emb[0], rtol=1e-4, atol=1e-4)


def test_adapter_actions_answer(server):
    """The web app's adapter buttons: activate the base model, verify (nothing to verify)."""
    url = server.url + "/v1/pockettune/adapters/"
    r = httpx.post(url + "activate", json={"version": None})
    assert r.status_code == 200, r.text
    bad = httpx.post(url + "explode", json={})
    assert bad.status_code == 400 and "unknown action" in bad.text


def test_a_rounds_record_and_labels_from_feedback_through_the_api(tmp_path):
    """GET adapters / train show what a round did; "Good" and a rating become a weighted label."""
    from pockettune.annotate import simulated_annotator

    home = tmp_path / "home"
    with Personalizer.open(home, preset="tiny", overrides=TINY + ["synth.k=0"]) as pt:
        pt.observe_many(Turn(f"cooking dinner {i}", reference=f"pasta {i} lol") for i in range(30))
        pt.annotate(simulated_annotator, limit=12, show_replies=False)
        rep = pt.adapt(force=True, progress=False)
    with start(home, overrides=TINY) as srv:
        url = srv.url + "/v1/pockettune"
        (row,) = httpx.get(url + "/adapters").json()["adapters"]
        got = row["round"]
        assert got["verdict"] == row["note"] == rep.verdict and got["steps"] == rep.record.steps
        assert got["annotations"] == len(rep.trained_on) and got["synth_generated"] == 0
        assert set(got["seconds"]) == {"synth", "train", "verify"}
        t = httpx.get(url + "/train").json()
        assert t["running"] is False and t["stage"] is None
        assert t["last_round"]["version"] == row["version"] == 1
        c = openai.OpenAI(base_url=srv.url + "/v1", api_key="x", max_retries=0)
        r = c.chat.completions.create(model="pockettune", messages=HI, max_tokens=8)
        reply = r.choices[0].message.content
        assert reply.strip()
        before = httpx.get(url + "/annotations").json()
        assert before["own_replies"] == 0
        for body in ({"kind": "accept"}, {"kind": "rating", "value": 5}):
            assert httpx.post(url + "/feedback", json={**body, "completion_id": r.id}).is_success
        sql = "SELECT kind, question, response, weight FROM annotations WHERE source='chat'"
        rows = srv.engine.call_soon(lambda pt: pt.store.conn.execute(sql).fetchall()).result()
        assert [tuple(x) for x in rows] == [("accept", HI[0]["content"], reply.strip(), 2.0)]


def _chat_and_answer(srv) -> dict:
    """One chat message, then an answer to the question it queued; the POST's reply."""
    c = openai.OpenAI(base_url=srv.url + "/v1", api_key="x", max_retries=0)
    c.chat.completions.create(model="pockettune", messages=HI, max_tokens=4)
    url = srv.url + "/v1/pockettune"
    (item,) = httpx.get(url + "/annotations").json()["items"]
    body = {"buffer_id": item["id"], "action": "write", "response": "Water it when dry."}
    return httpx.post(url + "/annotations", json=body).json()


def test_an_answer_that_meets_the_policy_starts_a_background_round(tmp_path):
    """serve.adapt: the policy is asked after each answer; its round runs in a detached
    `pockettune adapt` (waited for by its pid, a child of this process) and is then listed."""
    over = TINY + ["adapt.min_new=1", "synth.k=1", "synth.max_new_tokens=8"]
    with start(tmp_path / "home", preset="tiny", overrides=over) as srv:
        r = _chat_and_answer(srv)
        url = srv.url + "/v1/pockettune"
        assert r["saved"] == 1 and r["round"]["started"], r
        _, status = os.waitpid(r["round"]["pid"], 0)
        assert os.waitstatus_to_exitcode(status) == 0
        (row,) = httpx.get(url + "/adapters").json()["adapters"]
        got = row["round"]
        assert got["new"] == 1 and got["synth_annotations"] == 1 and got["synth_generated"] == 1
        assert got["rule"] == "unverified" and row["active"]  # nothing held out yet
        assert httpx.get(url + "/train").json()["last_round"]["version"] == row["version"]


def test_a_round_the_policy_wants_starts_with_the_server(tmp_path):
    """An answer left untrained (its round killed, or given while rounds were off) does not
    wait for the next answer: at start the server asks the policy, and GET train reads
    running from the spawn on, before the trainer has taken its lock."""
    from pockettune.adapt import background

    over = TINY + ["adapt.min_new=1", "synth.k=1", "synth.max_new_tokens=8"]
    home = tmp_path / "home"
    with start(home, preset="tiny", overrides=over + ["serve.adapt=false"]) as srv:
        r = _chat_and_answer(srv)
        assert r["saved"] == 1 and r["round"] is None
    with start(home, preset="tiny", overrides=over + ["serve.adapt=true"]) as srv:
        url = srv.url + "/v1/pockettune"
        (proc,) = background._SPAWNED[home.resolve()]
        running = httpx.get(url + "/train").json()["running"]
        assert running or proc.poll() is not None  # not "not running" while the round runs
        assert proc.wait() == 0
        assert not httpx.get(url + "/train").json()["running"]
        (row,) = httpx.get(url + "/adapters").json()["adapters"]
        assert row["round"]["new"] == 1 and row["active"]
    with start(home, preset="tiny", overrides=over + ["serve.adapt=true"]):
        assert background._SPAWNED[home.resolve()] in ([], [proc])  # nothing new: no round
