"""Who may talk to the server: a bearer token off localhost, no cross-site writes, small bodies.

The server holds someone's conversations and can be told to train or forget, so:

- it binds 127.0.0.1 unless told otherwise, and any other address needs a token
  (``--token`` or ``POCKETTUNE_TOKEN``); with a token every API request must carry
  ``Authorization: Bearer <token>`` (401 otherwise). The web page itself holds no data and
  loads without it; its script then sends the token;
- a browser page on another site must not drive it (a local server is reachable from any tab):
  writes whose ``Origin`` is not this server, or marked ``Sec-Fetch-Site: cross-site``, get 403;
- bodies larger than ``serve.max_body_bytes`` get 413 before anything parses them.

A plain ASGI middleware, so it also guards the streaming responses and counts a chunked body.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
from typing import Any
from urllib.parse import urlsplit

from ..errors import PockettuneError
from .schema import error_body

WRITES = {"POST", "PUT", "PATCH", "DELETE"}
PUBLIC = ("/", "/static/", "/plots/", "/favicon.ico")  # no personal data there


def is_loopback(host: str) -> bool:
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_bind(host: str, token: str | None) -> None:
    if not is_loopback(host) and not token:
        raise PockettuneError(
            f"binding {host} exposes your conversations to the network: give --token or set "
            "POCKETTUNE_TOKEN (clients then send it as a bearer token)"
        )


class Guard:
    def __init__(self, app: Any, token: str | None, max_body: int) -> None:
        self.app, self.token, self.max_body = app, token, max_body

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        path, method = scope["path"], scope["method"]
        public = path == "/" or path.startswith(PUBLIC[1:])
        if self.token and not public:
            given = headers.get("authorization", "")
            if not hmac.compare_digest(given.encode(), f"Bearer {self.token}".encode()):
                return await _reject(send, 401, "missing or wrong bearer token", "invalid_api_key")
        if method in WRITES and _cross_site(headers):
            return await _reject(send, 403, "cross-site request refused", "cross_site")
        length = headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            return await _reject(send, 413, f"request body over {self.max_body} bytes", "too_large")
        seen, over, answered = 0, False, False

        async def counted() -> dict:
            nonlocal seen, over
            msg = await receive()
            seen += len(msg.get("body", b""))
            if seen > self.max_body:  # a chunked body: cut it, and answer 413 whatever the app says
                over = True
                return {"type": "http.request", "body": b"", "more_body": False}
            return msg

        async def guarded_send(msg: dict) -> None:
            nonlocal answered
            if not over:
                return await send(msg)
            if not answered:
                answered = True
                await _reject(send, 413, f"request body over {self.max_body} bytes", "too_large")

        await self.app(scope, counted, guarded_send)


def _cross_site(headers: dict[str, str]) -> bool:
    if headers.get("sec-fetch-site") == "cross-site":
        return True
    origin = headers.get("origin")
    if origin is None:  # not a browser (openai client, curl): the token is the guard
        return False
    return origin == "null" or urlsplit(origin).netloc != headers.get("host", "")


async def _reject(send: Any, status: int, message: str, code: str) -> None:
    kind = "authentication_error" if status == 401 else "invalid_request_error"
    body = json.dumps(error_body(message, kind, code)).encode()
    hdrs = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if status == 401:
        hdrs.append((b"www-authenticate", b"Bearer"))
    await send({"type": "http.response.start", "status": status, "headers": hdrs})
    await send({"type": "http.response.body", "body": body})
