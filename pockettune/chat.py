"""The terminal chat: replies, feedback commands, and adaptation running beside it.

After a reply the user may type ``/good`` (accept), ``/rate N`` (1..5), ``/edit TEXT`` (the
reply they wanted; stored as an annotation) or ``/retry`` (regenerate: a sampled new reply,
counted against the old one). Every turn is observed by the buffer and the profile. With
``adapt`` on, the policy is asked after each turn and a background trainer is started when
it says so; a newly activated adapter is swapped in before the next reply.
"""

from __future__ import annotations

from typing import Any

from .profile import Feedback
from .turn import Turn

HELP = "/good  /rate N  /edit TEXT  /retry  /profile  /quit"


class ChatSession:
    def __init__(self, pt: Any, adapter: Any = "active", adapt: bool = True) -> None:
        self.pt, self.adapter, self.adapt = pt, adapter, adapt
        self.history: list[str] = []
        self.last: tuple[str, str, str] | None = None  # question, context, reply
        self.last_domain = ""
        self.last_embedding: Any = None

    def reply(self, msg: str, sample: bool = False, out: Any = print) -> str:
        from .models.generate import stream_reply

        pt = self.pt
        self._maybe_swap(out)
        model = pt.use_adapter(self.adapter) if pt.config.model.backend != "llamacpp" else None
        context = "\n".join(self.history[-pt.config.chat.context_turns :])
        (ids,) = pt.prompts([(msg, context)], personal=True)
        pieces = []
        out("bot> ", end="", flush=True)
        n = pt.config.chat.max_new_tokens
        if pt.config.model.backend == "llamacpp":
            stream = pt.llamacpp(self.adapter).stream(ids, n, sample)
        else:
            stream = stream_reply(model, pt.lm.tokenizer, ids, n, do_sample=sample)
        for piece in stream:
            out(piece, end="", flush=True)
            pieces.append(piece)
        out()
        reply = "".join(pieces).strip()
        pt.observe_one(Turn(msg, context=context, reply=reply, source="chat"))
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
        from .adapt.background import spawn, training_now
        from .adapt.loop import plan

        p = plan(self.pt)
        if p.train and not training_now(self.pt.home.root):
            spawn(self.pt.home.root)
            out(f"[training in the background: {'; '.join(p.reasons)}]")

    def _maybe_swap(self, out: Any) -> None:
        if self.adapter != "active":
            return
        active = self.pt.adapters.active()
        if active != self.pt.adapter_version:
            self.pt.use_adapter("active")
            out(f"[now answering with adapter v{active}]")
