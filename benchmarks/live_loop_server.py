"""``pockettune serve`` as the live loop's subprocess: its own home, loopback port and token.

Readiness is ``GET /v1/models`` answering; a round is over when ``GET /v1/pockettune/train``
says it is not running and its ``last_round`` changed (or the round's process is gone).
"""

from __future__ import annotations

import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """``pockettune serve`` as a subprocess: its own home, port and token."""

    def __init__(self, home: Path, overrides: list[str]) -> None:
        import httpx

        self.home, self.token, port = home, secrets.token_hex(16), free_port()
        self.url = f"http://127.0.0.1:{port}"
        self.log = open(home.parent / "serve.log", "ab")  # noqa: SIM115 (closed in stop)
        cmd = [sys.executable, "-m", "pockettune", "serve", "--home", str(home),
               "--port", str(port), "--token", self.token, *overrides]  # fmt: skip
        self.proc = subprocess.Popen(cmd, stdout=self.log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, cwd=ROOT)  # fmt: skip
        self.http = httpx.Client(base_url=self.url + "/v1/pockettune", timeout=600,
                                 headers={"authorization": f"Bearer {self.token}"})  # fmt: skip
        self._wait_ready()

    def _wait_ready(self, limit_s: float = 600) -> None:
        import httpx

        t0 = time.monotonic()
        while time.monotonic() - t0 < limit_s:
            if self.proc.poll() is not None:
                raise SystemExit(f"pockettune serve exited ({self.proc.returncode}); see serve.log")
            try:
                r = httpx.get(self.url + "/v1/models", timeout=5,
                              headers={"authorization": f"Bearer {self.token}"})  # fmt: skip
                if r.status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.5)  # polling the server's readiness, not a guess at how long it takes
        raise SystemExit("pockettune serve did not answer in time")

    def wait_round(self, pid: int | None, before: Any) -> dict[str, Any]:
        """Poll ``GET /train`` until the round (``pid``) is over; its ``last_round``."""
        while True:
            st = self.http.get("/train").json()
            gone = pid is None or not _alive(pid)
            if not st["running"] and (st.get("last_round") != before or gone):
                return st
            time.sleep(2)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.http.close()
        self.log.close()


def _alive(pid: int) -> bool:
    """A process still running (a finished child the server has not reaped is a zombie)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def server_precision(a: Any) -> dict[str, str]:
    """The arithmetic the server's model and training precisions resolve to on this machine."""
    from pockettune.config import Config
    from pockettune.models.precision import resolve

    cfg = Config.load(a.preset or None, list(a.overrides))
    return {"model": resolve(cfg.model.precision), "train": resolve(cfg.train.precision)}
