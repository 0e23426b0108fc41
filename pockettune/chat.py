"""The terminal chat: replies, feedback commands, and adaptation running beside it.

After a reply the user may type ``/good`` (accept), ``/rate N`` (1..5), ``/edit TEXT`` (the
reply they wanted; stored as an annotation) or ``/retry`` (regenerate: a sampled new reply,
counted against the old one). Every turn is observed by the buffer and the profile. With
``adapt`` on, the policy is asked after each turn and a background trainer is started when
it says so; a newly activated adapter is swapped in before the next reply.

:class:`Reply` is one reply as both this chat and ``pockettune serve`` produce it: the
prompt's prefill is run once, and with ``model.embed_input=prompt`` its last hidden state is
the message's selection embedding, so observing the turn costs no extra forward pass (unless
redaction changed the message, or in-context examples need the embedding before the prompt
exists: then one base-model pass).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .profile import Feedback
from .turn import Turn


class Reply:
    """One streamed reply to ``question`` (with ``context``); iterate ``pieces()``, then
    ``finish()`` observes the turn into the buffer, once, with what was generated."""

    def __init__(
        self,
        pt: Any,
        question: str,
        context: str = "",
        adapter: Any = "active",
        max_new_tokens: int = 128,
        temperature: float = 0.0,
        top_p: float = 1.0,
        stop: list[str] | None = None,
        observe: bool = True,
        source: str = "chat",
        seed: int = 0,
        previous: str = "",
    ) -> None:
        self.pt, self.question, self.context, self.adapter = pt, question, context, adapter
        self.previous = previous
        """The previous reply in the conversation: a reply that says it again is replaced
        (see :meth:`pieces`)."""
        self.regenerated = False
        self.max_new_tokens, self.temperature, self.top_p = max_new_tokens, temperature, top_p
        self.stop, self.observe, self.source, self.seed = stop, observe, source, seed
        self.text = ""
        self.n_prompt = self.n_generated = 0
        self.extra_passes = 0
        """Forward passes run only to embed the message (0 when the prefill gave it)."""
        self.finish_reason = "stop"
        self.decision: Any = None
        self.domain, self.embedding = "", None  # the observed turn's, for feedback on it
        self._emb: Any = None
        self._n = 0
        self._done = False

    def pieces(self) -> Iterator[str]:
        """The reply, piece by piece. With a ``previous`` reply, pieces are held back (an
        empty piece per token) while the reply still looks like it (``may_repeat``); a reply
        that ends up saying it again (``eval.degenerate.repeats``) is regenerated once,
        sampled (temperature >= 0.8, top-p 0.95, another seed), and only that one is shown."""
        from .eval.degenerate import may_repeat, repeats

        if not self.previous.strip():
            yield from self._generate(self.temperature, self.top_p, self.seed)
            return
        held: list[str] = []
        shown = False
        for piece in self._generate(self.temperature, self.top_p, self.seed):
            if shown:
                yield piece
            elif may_repeat(self.text, self.previous):
                held.append(piece)
                yield ""  # one step of the engine, nothing shown yet
            else:
                yield "".join([*held, piece])
                shown = True
        if shown:
            return
        if not repeats(self.text, self.previous):
            yield "".join(held)
            return
        self.regenerated, self.text, self.n_generated = True, "", 0
        yield from self._generate(max(self.temperature, 0.8), 0.95, self.seed + 1)

    def _generate(self, temperature: float, top_p: float, seed: int) -> Iterator[str]:
        from .models.generate import prompt_ids
        from .profile.context import annotated_examples

        pt, m = self.pt, self.pt.config.model
        red = pt.redacted(Turn(self.question, context=self.context))
        prompt_form = (  # the reply's prefill is the selection embedding only in this form
            self.observe
            and (m.embed_input, m.embedder, m.pooling, m.embed_layers)
            == ("prompt", "llm", "last", 0)
        )
        bare = prompt_ids(pt.lm.tokenizer, red.question, red.context, m.max_tokens)
        pair = [(self.question, self.context)]
        if pt.config.profile.examples and annotated_examples(pt.store)[0]:
            embs, ns = pt.embed_turns([red])  # the examples are chosen by it: needed first
            self._emb, self._n, self.extra_passes = embs[0], ns[0], 1
            (ids,) = pt.prompts(pair, personal=True, embeddings=embs)
        else:
            (ids,) = pt.prompts(pair, personal=True)
        self.n_prompt, pre = len(ids), None
        if m.backend == "llamacpp":
            stream = pt.llamacpp(self.adapter).stream(ids, self.max_new_tokens, temperature > 0)
        else:
            from .models.stream import decode, prefill

            model = pt.use_adapter(self.adapter)
            pre = prefill(model, ids)
            if prompt_form and self._emb is None and ids == bare and len(ids) <= m.embed_cut:
                self._emb, self._n = pre.embedding, len(ids)
            stream = decode(
                model, pt.lm.tokenizer, pre, self.max_new_tokens, temperature, top_p,
                self.stop, seed=seed,
            )  # fmt: skip
        for piece in stream:
            self.text += piece
            self.n_generated = len(pre.generated) if pre is not None else self.n_generated + 1
            yield piece
        if self.n_generated >= self.max_new_tokens:
            self.finish_reason = "length"

    def finish(self) -> Any:
        """Observe the turn (redacted inside ``observe_one``); a second call does nothing."""
        if self._done or not self.observe:
            return self.decision
        self._done = True
        turn = Turn(
            self.question, context=self.context, reply=self.text.strip(), source=self.source
        )
        if self._emb is None:
            self.extra_passes += 1
        self.decision = self.pt.observe_one(turn, self._emb, self._n or None)
        self.domain, self.embedding = self.pt.last_domain, self.pt.last_embedding
        return self.decision


HELP = "/good  /rate N  /edit TEXT  /retry  /profile  /quit"


class ChatSession:
    def __init__(self, pt: Any, adapter: Any = "active", adapt: bool = True) -> None:
        self.pt, self.adapter, self.adapt = pt, adapter, adapt
        self.history: list[str] = []
        self.last: tuple[str, str, str] | None = None  # question, context, reply
        self.last_domain = ""
        self.last_embedding: Any = None

    def reply(self, msg: str, sample: bool = False, out: Any = print) -> str:
        pt = self.pt
        self._maybe_swap(out)
        context = "\n".join(self.history[-pt.config.chat.context_turns :])
        r = Reply(
            pt, msg, context, self.adapter, pt.config.chat.max_new_tokens,
            temperature=0.8 if sample else 0.0, top_p=0.95 if sample else 1.0,
            previous=self.history[-1] if self.history else "",
        )  # fmt: skip
        out("bot> ", end="", flush=True)
        for piece in r.pieces():
            out(piece, end="", flush=True)
        out()
        reply = r.text.strip()
        r.finish()
        self.last_domain = pt.last_domain
        self.last_embedding = pt.last_embedding
        self.last = (msg, context, reply)
        self.history += [msg, reply]
        return reply

    def command(self, line: str, out: Any = print) -> bool:
        """Handle a /command; False for /quit."""
        word, _, arg = line.partition(" ")
        if word in ("/quit", "/exit"):
            return False
        if word == "/profile":
            out(self.pt.profile.render())
            return True
        if word == "/help" or self.last is None:
            out(HELP if word == "/help" else "feedback needs a reply first")
            return True
        q, ctx, reply = self.last
        if word == "/good":
            fb = Feedback("accept", q, reply, ctx)
        elif word == "/rate":
            try:
                fb = Feedback("rating", q, reply, ctx, value=float(arg))
            except ValueError:
                out("usage: /rate N, with N from 1 to 5")
                return True
        elif word == "/edit":
            fb = Feedback("edit", q, reply, ctx, edited=arg)
        elif word == "/retry":
            fb = Feedback("regenerate", q, reply, ctx)
        else:
            out(f"unknown command; {HELP}")
            return True
        self.pt.feedback(fb, self.last_domain, self.last_embedding)
        out(f"[{fb.kind} noted]")
        if fb.kind == "regenerate":
            self.history = self.history[:-2]
            self.reply(q, sample=True, out=out)
        self._maybe_adapt(out)
        return True

    def _maybe_adapt(self, out: Any) -> None:
        if not self.adapt:
            return
        from .adapt.background import start_if_planned

        p, proc = start_if_planned(self.pt)
        if proc is not None:
            out(f"[training in the background: {'; '.join(p.reasons)}]")

    def _maybe_swap(self, out: Any) -> None:
        if self.adapter != "active":
            return
        active = self.pt.adapters.active()
        if active != self.pt.adapter_version:
            self.pt.use_adapter("active")
            out(f"[now answering with adapter v{active}]")
