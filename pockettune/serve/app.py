"""The FastAPI application: OpenAI-compatible routes, pockettune's own routes, the web app.

    app = create_app(engine, cfg, token)     # see pockettune.serve.serve for the whole server

``POST /v1/chat/completions`` (streamed as server-sent events or not) answers with the
active adapter and observes the user's message, ``GET /v1/models`` lists the base model and
every adapter. Everything under ``/v1/pockettune/`` is in :mod:`pockettune.serve.routes`.
Every error, a malformed body included, is an OpenAI error body; never a traceback.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from ..config import Config
from ..errors import PockettuneError
from .engine import Engine, ReplyJob
from .schema import ChatRequest, chunk, completion, error_body, new_id, usage
from .security import Guard

STATIC = Path(__file__).parent / "static"
log = logging.getLogger("pockettune.serve")


def create_app(engine: Engine, cfg: Config, token: str | None = None) -> Any:
    from fastapi import FastAPI

    from .routes import add_routes

    app = FastAPI(title="pockettune", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.engine, app.state.cfg = engine, cfg
    app.state.replies = {}  # completion id -> (question, context, reply, domain, embedding)
    add_error_handlers(app)
    add_chat_routes(app, engine, cfg)
    add_routes(app)
    add_static(app)
    return Guard(app, token, cfg.serve.max_body_bytes)


def add_error_handlers(app: Any) -> None:
    """Every error, a malformed body included, becomes an OpenAI error body."""
    from fastapi import Request
    from fastapi.exceptions import RequestValidationError
    from fastapi.responses import JSONResponse
    from starlette.exceptions import HTTPException

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errs = exc.errors()
        first = errs[0] if errs else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "body")
        msg = first.get("msg", "invalid request")
        if first.get("type") == "json_invalid" or tuple(first.get("loc", ())) == ("body",):
            where, msg = "", "the request body must be a JSON object (an OpenAI chat request)"
        return JSONResponse(error_body(f"{where}: {msg}" if where else msg, param=where or None),
                            400)  # fmt: skip

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException) -> JSONResponse:
        return JSONResponse(error_body(str(exc.detail), code=str(exc.status_code)), exc.status_code)

    @app.exception_handler(PockettuneError)
    async def _ours(request: Request, exc: PockettuneError) -> JSONResponse:
        return JSONResponse(error_body(str(exc)), 400)

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> JSONResponse:
        log.exception("request failed")  # the traceback goes to the server's log only
        return JSONResponse(error_body("internal error; see the server log", "server_error"), 500)


def add_chat_routes(app: Any, engine: Engine, cfg: Config) -> None:
    """The OpenAI-compatible routes: ``GET /v1/models``, ``POST /v1/chat/completions``."""
    import asyncio

    from fastapi.responses import JSONResponse, StreamingResponse

    from .routes import UNKNOWN, adapter_for, model_list

    @app.get("/v1/models")
    async def models() -> dict[str, Any]:
        return {"object": "list", "data": await engine.call(model_list)}

    @app.post("/v1/chat/completions", response_model=None)
    async def chat(req: ChatRequest) -> Any:
        try:
            question, context = req.turn(cfg.chat.context_turns)
        except ValueError as e:
            return JSONResponse(error_body(str(e), param="messages"), 400)
        adapter = await engine.call(lambda pt: adapter_for(pt, req.model))
        if adapter is UNKNOWN:
            return JSONResponse(
                error_body(f"model {req.model!r} not found; see GET /v1/models",
                           code="model_not_found", param="model"), 404,
            )  # fmt: skip
        limit = cfg.serve.max_new_tokens
        n = min(req.max_completion_tokens or req.max_tokens or limit, limit)
        temp = 0.0 if req.temperature is None else req.temperature

        def make(pt: Any) -> Any:
            from ..chat import Reply

            observe = cfg.serve.observe and engine.first_time(question, context)
            return Reply(
                pt, question[: cfg.ingest.max_chars], context, adapter, n, temp,
                req.top_p or 1.0, req.stops(), observe, "serve", req.seed or 0,
                previous=req.previous_reply(),
            )  # fmt: skip

        job = engine.submit(ReplyJob(make, asyncio.get_running_loop(), adapter))
        cid, model = new_id(), req.model

        def remember(r: Any) -> None:
            app.state.replies[cid] = (question, context, r.text.strip(), r.domain, r.embedding)
            while len(app.state.replies) > 1000:
                app.state.replies.pop(next(iter(app.state.replies)))

        if not req.stream:
            kind, value = "piece", None
            while kind == "piece":
                kind, value = await job.out.get()
            if kind == "error":
                raise value
            remember(value)
            return completion(cid, model, value.text, value.finish_reason,
                              usage(value.n_prompt, value.n_generated))  # fmt: skip

        return StreamingResponse(_events(job, cid, model, req, remember),
                                 media_type="text/event-stream",
                                 headers={"cache-control": "no-cache", "x-completion-id": cid})  # fmt: skip


async def _events(
    job: ReplyJob, cid: str, model: str, req: ChatRequest, remember: Any
) -> AsyncIterator[str]:
    """A streamed reply as server-sent events: its pieces, then the finish (or the error)."""
    try:
        yield _sse(chunk(cid, model, {"role": "assistant", "content": ""}))
        while True:
            kind, value = await job.out.get()
            if kind == "piece":
                yield _sse(chunk(cid, model, {"content": value}))
                continue
            if kind == "error":
                log.error("reply failed: %s", value)
                yield _sse(error_body(_message(value), "server_error"))
            else:
                remember(value)
                yield _sse(chunk(cid, model, {}, value.finish_reason))
                if (getattr(req, "stream_options", None) or {}).get("include_usage"):
                    yield _sse(chunk(cid, model, {}, None,
                                     usage(value.n_prompt, value.n_generated)))  # fmt: skip
            yield "data: [DONE]\n\n"
            return
    finally:
        job.cancelled = True  # a client that left stops its decoding


def add_static(app: Any) -> None:
    """The web app (``/`` and ``/static``) and, in a source checkout, ``/plots``."""
    from fastapi.responses import FileResponse
    from fastapi.staticfiles import StaticFiles

    from .routes import plots_dir

    root = STATIC / "index.html"

    @app.get("/", include_in_schema=False)
    async def index() -> Any:
        return FileResponse(root, headers={"cache-control": "no-cache"})

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    plots = plots_dir()
    if plots is not None:
        app.mount("/plots", StaticFiles(directory=plots), name="plots")


def _sse(obj: dict[str, Any]) -> str:
    return f"data: {json.dumps(obj)}\n\n"


def _message(exc: BaseException) -> str:
    return str(exc) if isinstance(exc, PockettuneError) else "internal error; see the server log"
