"""A TCP proxy on 127.0.0.1 that breaks HTTP exchanges on purpose, at chosen points.

It understands just enough HTTP/1.1 (a head, then a body of Content-Length bytes) to forward one
exchange at a time over a kept-alive client connection, and to break each exchange at one of:

- ``before``: the client's connection is closed before the request reaches the server;
- ``mid_request``: part of the request reaches the server, then both sides are cut;
- ``after_commit``: the whole request reaches the server, which answers (so it has committed),
  and the answer is thrown away as the client's connection is closed;
- ``mid_response``: half the answer reaches the client, then the connection is cut.

Decisions come from a seeded ``random.Random``, taken in the order requests arrive.
"""

from __future__ import annotations

import asyncio
import random
import threading
from collections import Counter
from concurrent.futures import Future

KINDS = ("before", "mid_request", "after_commit", "mid_response")


class FaultProxy:
    def __init__(self, upstream_port: int, *, seed: int, rates: dict[str, float]) -> None:
        self.upstream_port = upstream_port
        self.rng = random.Random(seed)
        self.rates = dict(rates)
        self.enabled = True
        self.counts: Counter[str] = Counter()
        self.lock = threading.Lock()
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._server: asyncio.base_events.Server | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> FaultProxy:
        self._thread.start()
        started: Future[int] = asyncio.run_coroutine_threadsafe(self._start(), self._loop)
        self.port = started.result(timeout=30)
        return self

    async def _start(self) -> int:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        return self._server.sockets[0].getsockname()[1]

    def stop(self) -> None:
        async def _stop() -> None:
            if self._server is not None:
                self._server.close()
            current = asyncio.current_task()
            tasks = [t for t in asyncio.all_tasks() if t is not current]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

        asyncio.run_coroutine_threadsafe(_stop(), self._loop).result(timeout=30)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=30)
        self._loop.close()

    def _choose(self, request: bytes = b"") -> str:
        """The fault for the next exchange (``request`` lets a subclass pick which one)."""
        with self.lock:
            if not self.enabled:
                self.counts["clean"] += 1
                return "none"
            roll = self.rng.random()
            for kind in KINDS:
                rate = self.rates.get(kind, 0.0)
                if roll < rate:
                    self.counts[kind] += 1
                    return kind
                roll -= rate
            self.counts["clean"] += 1
            return "none"

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, ConnectionError):
                    return
                body = await reader.readexactly(_length(head))
                request = head + body
                fault = self._choose(request)
                if fault == "before":
                    return
                up_reader, up_writer = await asyncio.open_connection(
                    "127.0.0.1", self.upstream_port
                )
                try:
                    if fault == "mid_request":
                        cut = max(1, len(request) // 2) if len(request) > 1 else 1
                        up_writer.write(request[: self.rng_cut(cut)])
                        await up_writer.drain()
                        return
                    up_writer.write(request)
                    await up_writer.drain()
                    response_head = await up_reader.readuntil(b"\r\n\r\n")
                    is_head = request.startswith(b"HEAD ")
                    length = 0 if is_head else _length(response_head)
                    response_body = await up_reader.readexactly(length)
                finally:
                    up_writer.close()
                if fault == "after_commit":
                    return
                response = response_head + response_body
                if fault == "mid_response":
                    writer.write(response[: max(1, len(response) // 2)])
                    await writer.drain()
                    return
                writer.write(response)
                await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.CancelledError):
            return
        finally:
            writer.close()

    def rng_cut(self, upper: int) -> int:
        with self.lock:
            return self.rng.randint(1, max(1, upper))


def _length(head: bytes) -> int:
    for line in head.split(b"\r\n"):
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return int(value.strip())
    return 0
