"""The one thread that owns the Personalizer: every model call and store access runs here.

Why one thread: SQLite connections belong to the thread that opened them, and on a 2-core
device two torch generations at once only slow each other down. HTTP handlers (asyncio) hand
work over a queue and await the answer:

    engine = Engine(lambda: Personalizer.open(home), concurrent=4).start()
    await engine.call(lambda pt: pt.status())          # any function of the Personalizer
    job = engine.submit(ReplyJob(make_reply, loop))     # a streamed reply; read job.out

Up to ``concurrent`` replies are decoded at once, one token each in turn (round robin), so a
new request gets its prefill and first token after at most one step of each running reply
instead of waiting for whole replies. Calls run between two steps. An adapter activated by a
background round is loaded when the next request is admitted and no running reply still
uses the old one (loading swaps LoRA layers inside the shared base model).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import queue
import threading
from collections import OrderedDict, deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

_STOP = object()


@dataclass
class ReplyJob:
    """A streamed reply: ``make(pt)`` builds a :class:`pockettune.chat.Reply` on the engine
    thread; pieces, then ``("done", reply)`` or ``("error", exc)``, arrive on ``out``."""

    make: Callable[[Any], Any]
    loop: asyncio.AbstractEventLoop
    adapter: Any = "active"
    out: asyncio.Queue[tuple[str, Any]] = field(default_factory=asyncio.Queue)
    cancelled: bool = False
    reply: Any = None
    _pieces: Iterator[str] | None = None

    def send(self, kind: str, value: Any) -> None:
        self.loop.call_soon_threadsafe(self.out.put_nowait, (kind, value))


class Engine:
    def __init__(self, open_pt: Callable[[], Any], concurrent: int = 4) -> None:
        self.open_pt, self.concurrent = open_pt, concurrent
        self.pt: Any = None
        self._q: queue.Queue[Any] = queue.Queue()
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="pockettune-engine", daemon=True)
        self._seen: OrderedDict[tuple[str, str], None] = OrderedDict()
        self.stats = {"replies": 0, "observed": 0, "extra_passes": 0, "errors": 0}

    def start(self) -> Engine:
        """Open the home and load the model on the engine thread; raise what that raised."""
        self._thread.start()
        self._ready.wait()
        if self._error is not None:
            raise self._error
        return self

    def stop(self) -> None:
        self._q.put(_STOP)
        self._thread.join()

    # ---- used from the HTTP side -----------------------------------------------------
    def call_soon(self, fn: Callable[[Any], Any]) -> concurrent.futures.Future[Any]:
        fut: concurrent.futures.Future[Any] = concurrent.futures.Future()
        self._q.put((fn, fut))
        return fut

    async def call(self, fn: Callable[[Any], Any]) -> Any:
        """Run ``fn(pt)`` on the engine thread, between two decoding steps."""
        return await asyncio.wrap_future(self.call_soon(fn))

    def submit(self, job: ReplyJob) -> ReplyJob:
        self._q.put(job)
        return job

    def first_time(self, question: str, context: str) -> bool:
        """True once per (context, question): a client that resends a conversation (a retry,
        the full history with every request) has each message observed exactly once.
        Engine thread only."""
        key = (context, question)
        if key in self._seen:
            return False
        self._seen[key] = None
        if len(self._seen) > 10_000:
            self._seen.popitem(last=False)
        return True

    # ---- the engine thread -----------------------------------------------------------
    def _run(self) -> None:
        try:
            self.pt = self.open_pt()
            _ = self.pt.lm  # load now: the first request should not pay for it
        except BaseException as e:  # handed to start()
            self._error = e
            self._ready.set()
            return
        self._ready.set()
        waiting: deque[ReplyJob] = deque()
        active: list[ReplyJob] = []
        try:
            while True:
                block = not active and not waiting
                while True:
                    try:
                        item = self._q.get(block=block)
                    except queue.Empty:
                        break
                    block = False
                    if item is _STOP:
                        return
                    if isinstance(item, ReplyJob):
                        waiting.append(item)
                    else:
                        self._do_call(*item)
                self._admit(waiting, active)
                for job in list(active):
                    if not self._step(job):
                        active.remove(job)
        finally:
            for job in [*active, *waiting]:
                job.send("error", RuntimeError("the server is shutting down"))
            self.pt.close()

    def _do_call(self, fn: Callable[[Any], Any], fut: concurrent.futures.Future[Any]) -> None:
        if not fut.set_running_or_notify_cancel():
            return
        try:
            fut.set_result(fn(self.pt))
        except BaseException as e:  # the handler turns it into an HTTP error
            fut.set_exception(e)

    def _admit(self, waiting: deque[ReplyJob], active: list[ReplyJob]) -> None:
        """FIFO admission; a job that needs another adapter than the running replies use
        waits (and so does everyone behind it) until they finish."""
        while waiting and len(active) < self.concurrent:
            job = waiting[0]
            want = self.pt.adapters.active() if job.adapter == "active" else job.adapter
            if active and want != self.pt.adapter_version:
                return
            waiting.popleft()
            if job.cancelled:
                continue
            try:
                self.pt.use_adapter(want)
                job.reply = job.make(self.pt)
                job._pieces = iter(job.reply.pieces())
            except Exception as e:
                self.stats["errors"] += 1
                job.send("error", e)
                continue
            active.append(job)

    def _step(self, job: ReplyJob) -> bool:
        """One token of ``job``; False when it is finished (observed, answered)."""
        assert job._pieces is not None
        try:
            if job.cancelled:  # the client went away: keep what it was shown
                job._pieces = iter(())
            piece = next(job._pieces, None)
            if piece is not None:
                if piece:  # an empty piece: a step whose text is held back (chat.Reply)
                    job.send("piece", piece)
                return True
            r = job.reply
            r.finish()
            self.stats["replies"] += 1
            self.stats["observed"] += int(r.decision is not None)
            self.stats["extra_passes"] += r.extra_passes if r.decision is not None else 0
            job.send("done", r)
        except Exception as e:
            self.stats["errors"] += 1
            job.send("error", e)
        return False
