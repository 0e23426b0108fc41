"""The OpenAI chat-completions wire format: what clients send, and what they expect back.

Only the fields pockettune acts on are typed; other OpenAI parameters (``n=1``, ``user``,
``presence_penalty``...) are accepted and ignored, as local servers commonly do, so existing
clients work unchanged. Errors use OpenAI's body, ``{"error": {"message", "type", ...}}``.
"""

from __future__ import annotations

import time
import uuid
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class ContentPart(BaseModel):
    model_config = ConfigDict(extra="allow")
    type: str = "text"
    text: str = ""


class Message(BaseModel):
    model_config = ConfigDict(extra="allow")
    role: Literal["system", "developer", "user", "assistant", "tool"]
    content: str | list[ContentPart] | None = None

    def text(self) -> str:
        if isinstance(self.content, list):
            return "".join(p.text for p in self.content if p.type == "text")
        return self.content or ""


class ChatRequest(BaseModel):
    model_config = ConfigDict(extra="allow")
    model: str = "pockettune"
    messages: list[Message] = Field(min_length=1)
    stream: bool = False
    max_tokens: int | None = Field(None, ge=1)
    max_completion_tokens: int | None = Field(None, ge=1)
    temperature: float | None = Field(None, ge=0, le=2)
    top_p: float | None = Field(None, gt=0, le=1)
    stop: str | list[str] | None = None
    seed: int | None = None

    def stops(self) -> list[str]:
        s = [self.stop] if isinstance(self.stop, str) else list(self.stop or [])
        return s[:4]  # OpenAI's limit

    def turn(self, context_turns: int) -> tuple[str, str]:
        """(question, context) the way ``pockettune chat`` builds them: the last user message,
        and up to ``context_turns`` earlier user/assistant messages, one per line."""
        msgs = [m for m in self.messages if m.role in ("user", "assistant")]
        if not msgs or msgs[-1].role != "user":
            raise ValueError("the last message must be the user's")
        earlier = [m.text() for m in msgs[:-1]][-context_turns:] if context_turns else []
        return msgs[-1].text(), "\n".join(earlier)

    def previous_reply(self) -> str:
        """The last assistant message before the user's last message ("" when none): a
        reply that says it again is avoided."""
        msgs = [m for m in self.messages if m.role in ("user", "assistant")]
        return next((m.text() for m in reversed(msgs[:-1]) if m.role == "assistant"), "")


class FeedbackRequest(BaseModel):
    kind: Literal["accept", "edit", "rating", "regenerate"]
    completion_id: str = ""
    """A reply this server gave (``chatcmpl-...``); or give question/reply/context."""
    question: str = ""
    reply: str = ""
    context: str = ""
    value: float | None = None
    edited: str = ""


class AnnotationRequest(BaseModel):
    buffer_id: int
    action: Literal["accept", "edit", "write"]
    response: str = ""


def error_body(message: str, type_: str = "invalid_request_error", code: str | None = None,
               param: str | None = None) -> dict[str, Any]:  # fmt: skip
    return {"error": {"message": message, "type": type_, "param": param, "code": code}}


def new_id() -> str:
    return f"chatcmpl-{uuid.uuid4().hex[:24]}"


def completion(cid: str, model: str, text: str, finish: str, usage: dict[str, int]) -> dict:
    return {
        "id": cid,
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": text},
                "finish_reason": finish,
                "logprobs": None,
            }
        ],
        "usage": usage,
    }


def chunk(cid: str, model: str, delta: dict[str, Any], finish: str | None = None,
          usage: dict[str, int] | None = None) -> dict:  # fmt: skip
    out: dict[str, Any] = {
        "id": cid,
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}],
    }
    if usage is not None:
        out["usage"], out["choices"] = usage, []
    return out


def usage(prompt: int, completion_tokens: int) -> dict[str, int]:
    return {
        "prompt_tokens": prompt,
        "completion_tokens": completion_tokens,
        "total_tokens": prompt + completion_tokens,
    }
