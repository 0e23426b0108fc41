"""``pockettune serve``: the OpenAI-compatible API and the web app, one process."""

from __future__ import annotations

import argparse

from .registry import arg, command


@command(
    "serve",
    "OpenAI-compatible API and web app for the personalized model",
    arg("--host", help="address to bind (default serve.host: 127.0.0.1)"),
    arg("--port", type=int, help="TCP port (default serve.port: 8411; 0: any free)"),
    arg("--token", help="bearer token clients must send ($POCKETTUNE_TOKEN)"),
)
def cmd_serve(args: argparse.Namespace) -> int:
    from ..serve import serve

    serve(args.home, args.preset, args.overrides, args.host, args.port, args.token)
    return 0
