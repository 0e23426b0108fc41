"""``pockettune serve``: the personalized model behind an OpenAI-compatible API, and a web app.

    pockettune serve                         # http://127.0.0.1:8411, web app at /
    OPENAI_BASE_URL=http://127.0.0.1:8411/v1 OPENAI_API_KEY=unused python my_client.py

    with start(home, preset="tiny", port=0) as srv:     # in-process (tests, benchmarks)
        openai.OpenAI(base_url=srv.url + "/v1", api_key="x")

Files: ``engine`` (the one thread that owns the model and the store), ``schema`` (the OpenAI
wire format), ``security`` (token, origin, body size), ``app`` (OpenAI routes), ``routes``
(pockettune's routes for feedback, annotation and the web app), ``static/`` (the web app:
plain HTML, CSS and JavaScript, no build step). FastAPI, uvicorn and torch are imported only
when a server starts.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .security import check_bind


@dataclass
class Running:
    """A server started by :func:`start`: its URL, engine and uvicorn server."""

    url: str
    engine: Any
    server: Any
    thread: threading.Thread

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join()
        self.engine.stop()

    def __enter__(self) -> Running:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _prepare(home: str | Path | None, preset: str | None, overrides: list[str] | None,
             host: str | None, port: int | None, token: str | None) -> tuple[Any, Any, Any]:  # fmt: skip
    from ..config import Config
    from ..home import Home, default_home
    from ..personalizer import Personalizer
    from .app import create_app
    from .engine import Engine

    token = token or os.environ.get("POCKETTUNE_TOKEN") or None
    root = Path(home).expanduser() if home else default_home()
    # resolve the config once here (saved to the home), reopened as saved on the engine thread
    pt0 = Personalizer.open(root, preset=preset, overrides=overrides)
    cfg: Config = pt0.config
    pt0.close()
    host = host if host is not None else cfg.serve.host
    port = port if port is not None else cfg.serve.port
    check_bind(host, token)
    engine = Engine(lambda: Personalizer(Home(root).create(), cfg), cfg.serve.concurrent)
    engine.start()
    if cfg.serve.adapt:  # a round the policy wants (say, one a kill interrupted) starts now
        from .routes import maybe_round

        engine.call_soon(maybe_round).result()
    return create_app(engine, cfg, token), engine, (host, port)


def _server(app: Any, host: str, port: int, ready: threading.Event | None = None) -> Any:
    import uvicorn

    class Server(uvicorn.Server):
        async def startup(self, sockets: Any = None) -> None:
            await super().startup(sockets)
            if ready is not None:
                ready.set()  # sockets are bound: the server answers from now on

    config = uvicorn.Config(app, host=host, port=port, log_level="warning", lifespan="off",
                            timeout_graceful_shutdown=2)  # fmt: skip
    return Server(config)


def _url(server: Any, host: str) -> str:
    port = server.servers[0].sockets[0].getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}"


def start(home: str | Path | None = None, preset: str | None = None,
          overrides: list[str] | None = None, host: str | None = None, port: int | None = 0,
          token: str | None = None) -> Running:  # fmt: skip
    """Start a server in a background thread; returns once it accepts connections."""
    app, engine, (host, port) = _prepare(home, preset, overrides, host, port, token)
    ready = threading.Event()
    server = _server(app, host, port, ready)
    thread = threading.Thread(target=server.run, name="pockettune-http", daemon=True)
    thread.start()
    while not ready.wait(0.05):  # an event, checked so that a failed start cannot hang us
        if not thread.is_alive():
            engine.stop()
            raise RuntimeError("the HTTP server did not start (port in use?)")
    return Running(_url(server, host), engine, server, thread)


def serve(home: str | Path | None = None, preset: str | None = None,
          overrides: list[str] | None = None, host: str | None = None, port: int | None = None,
          token: str | None = None, announce: Any = print) -> None:  # fmt: skip
    """Run in the foreground until Ctrl-C (what ``pockettune serve`` does)."""
    app, engine, (host, port) = _prepare(home, preset, overrides, host, port, token)
    ready = threading.Event()
    server = _server(app, host, port, ready)
    thread = threading.Thread(target=lambda: (ready.wait(), announce(
        f"pockettune serve: web app {_url(server, host)}/ , OpenAI API {_url(server, host)}/v1"
        " (Ctrl-C stops)")), daemon=True)  # fmt: skip
    thread.start()
    try:
        server.run()
    finally:
        engine.stop()
