"""The connection to one AI-Logger server and the background thread that sends to it.

A :class:`Client` holds bounded in-memory queues (log events, spans, model records). The
application only appends to them — it never waits for the network. One daemon thread per
client takes batches off the queues and POSTs them over a keep-alive connection, retrying
with back-off while the server answers 503/429 or cannot be reached. When a queue is full
the oldest item is dropped and counted; the count is reported to the server as a warning
event once sending works again.
"""

from __future__ import annotations

import atexit
import collections
import json
import logging  # noqa: F401  (imported before our atexit hook so that ours runs first, see _close_all_at_exit)
import math
import os
import random
import re
import sys
import threading
import time
import weakref
import zlib
from typing import Any, Callable, Deque, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

from ._http import (
    CONNECTION_ERRORS,
    Connection,
    Endpoint,
    Response,
    parse_retry_after,
    quote_segment,
    raise_for_status,
)
from .errors import ApiError, ServerUnavailable

__all__ = ["Client", "default_source"]

DEFAULT_BATCH_SIZE = 1000
DEFAULT_FLUSH_INTERVAL = 1.0
DEFAULT_BUFFER_SIZE = 100_000
DEFAULT_MAX_BATCH_BYTES = 4 * 1024 * 1024
DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_RETRY_DELAY = 30.0
DEFAULT_FLUSH_TIMEOUT = 10.0
DEFAULT_EXIT_TIMEOUT = 5.0

# Answers after which the same batch is sent again later.
_RETRY_FOREVER = frozenset({408, 429, 502, 503, 504})
# Server errors retried a few times only (a batch the server cannot store must not block the rest).
_RETRY_SOME = frozenset({500})
_MAX_500_RETRIES = 5

_JSON_SEPARATORS = (",", ":")


def default_source() -> str:
    """``AILOGGER_SOURCE``, else the running script's name, else ``"python"``."""
    env = os.environ.get("AILOGGER_SOURCE")
    if env:
        return env
    argv0 = sys.argv[0] if sys.argv and sys.argv[0] else ""
    name = os.path.basename(argv0)
    if name.endswith(".py"):
        name = name[:-3]
    if name in ("", "-c", "-m", "__main__"):
        return "python"
    return name


# --------------------------------------------------------------------------- JSON helpers


def _json_default(obj: Any) -> Any:
    """Turns values :mod:`json` does not know into something it does."""
    import datetime
    import enum

    if isinstance(obj, datetime.datetime):
        if obj.tzinfo is None:
            return obj.isoformat()
        return obj.astimezone(datetime.timezone.utc).isoformat().replace("+00:00", "Z")
    if isinstance(obj, (datetime.date, datetime.time)):
        return obj.isoformat()
    if isinstance(obj, datetime.timedelta):
        return obj.total_seconds()
    if isinstance(obj, enum.Enum):
        return obj.value
    if isinstance(obj, (set, frozenset)):
        return list(obj)
    if isinstance(obj, (bytes, bytearray, memoryview)):
        return bytes(obj).decode("utf-8", "replace")
    if hasattr(obj, "tolist"):  # numpy arrays and scalars
        try:
            return obj.tolist()
        except Exception:
            pass
    if hasattr(obj, "__dataclass_fields__"):
        import dataclasses

        try:
            return dataclasses.asdict(obj)
        except Exception:
            pass
    try:
        return str(obj)
    except Exception:
        return f"<unprintable {type(obj).__name__}>"


def _sanitize(obj: Any, depth: int = 0, seen: Optional[set] = None) -> Any:
    """A JSON-safe copy of ``obj``: non-finite floats as strings, keys as strings, cycles cut."""
    if depth > 60:
        return "<too deep>"
    if isinstance(obj, float):
        if math.isfinite(obj):
            return obj
        return "NaN" if math.isnan(obj) else ("Infinity" if obj > 0 else "-Infinity")
    if obj is None or isinstance(obj, (str, int, bool)):
        return obj
    if seen is None:
        seen = set()
    if isinstance(obj, (dict, list, tuple)):
        if id(obj) in seen:
            return "<circular>"
        seen.add(id(obj))
        try:
            if isinstance(obj, dict):
                return {str(k): _sanitize(v, depth + 1, seen) for k, v in obj.items()}
            return [_sanitize(v, depth + 1, seen) for v in obj]
        finally:
            seen.discard(id(obj))
    return _sanitize(_json_default(obj), depth + 1, seen)


def dumps(obj: Any) -> bytes:
    """Compact UTF-8 JSON; falls back to a sanitised copy when ``obj`` is not plain JSON."""
    try:
        return json.dumps(
            obj, ensure_ascii=False, separators=_JSON_SEPARATORS, allow_nan=False, default=_json_default
        ).encode("utf-8", "surrogatepass")
    except (TypeError, ValueError, RecursionError):
        return json.dumps(_sanitize(obj), ensure_ascii=False, separators=_JSON_SEPARATORS).encode(
            "utf-8", "replace"
        )


def dumps_list(items: Sequence[Any]) -> bytes:
    """A JSON array of ``items``; one bad item is sanitised without costing the others."""
    try:
        return json.dumps(
            items, ensure_ascii=False, separators=_JSON_SEPARATORS, allow_nan=False, default=_json_default
        ).encode("utf-8", "surrogatepass")
    except (TypeError, ValueError, RecursionError, UnicodeEncodeError):
        parts = [dumps(item) for item in items]
        return b"[" + b",".join(parts) + b"]"


# --------------------------------------------------------------------------- queues


class _Channel:
    """One bounded queue of items of one kind, with its counters."""

    __slots__ = ("name", "items", "capacity", "sent", "dropped", "rejected", "unreported_drops")

    def __init__(self, name: str, capacity: int) -> None:
        self.name = name
        self.items: Deque[Any] = collections.deque()
        self.capacity = capacity
        self.sent = 0
        self.dropped = 0
        self.rejected = 0
        self.unreported_drops = 0


_INDEX_IN_LOG_ERROR = re.compile(r"\[(\d+)\]")
_INDEX_IN_SPAN_ERROR = re.compile(r"spans\[(\d+)\]")


def _bad_indices(channel: str, resp: Response, count: int) -> List[int]:
    """Positions of the refused items named by a 400 answer (empty when it names none)."""
    body = resp.json()
    found: List[int] = []
    if isinstance(body, dict):
        errors = body.get("errors")
        if isinstance(errors, list):
            for e in errors:
                if isinstance(e, dict) and isinstance(e.get("index"), int):
                    found.append(e["index"])
        if not found:
            text = body.get("detail") or body.get("message") or ""
            if isinstance(text, str):
                rx = _INDEX_IN_SPAN_ERROR if channel == "spans" else _INDEX_IN_LOG_ERROR
                m = rx.search(text)
                if m:
                    found.append(int(m.group(1)))
    return sorted({i for i in found if 0 <= i < count})


# --------------------------------------------------------------------------- client

_live_clients: "weakref.WeakSet[Client]" = weakref.WeakSet()


class Client:
    """Connection settings, queues and the background sender for one AI-Logger server.

    Most applications never build one: :func:`ailogger.configure` does, and
    :class:`ailogger.Handler` builds its own when given a URL. Build one to share it between
    a handler, spans and model monitoring, or to talk to two servers.

    :param url: the server, e.g. ``http://localhost:5000`` (default: ``AILOGGER_URL``). A path
        (``https://host/ailogger``) is kept as a prefix of every route.
    :param api_key: sent as ``X-API-Key`` (default: ``AILOGGER_API_KEY``).
    :param source: the source of log events and the ``service.name`` of spans (default:
        ``AILOGGER_SOURCE``, else the script's name).
    :param properties: added to every log event and to the resource of spans.
    :param batch_size: most items per request (logs and spans; capped at 10,000).
    :param flush_interval: seconds a partial batch may wait before it is sent.
    :param buffer_size: most items kept per queue while the server is slow or away; past it
        the oldest are dropped and counted.
    :param max_batch_bytes: a batch whose JSON is larger is split (the server refuses 10 MB).
    :param compress: gzip request bodies (worth it over a network, not on loopback).
    :param timeout: socket timeout of one request, in seconds.
    :param max_retry_delay: the longest back-off between two attempts (``Retry-After`` wins
        when the server sends one, up to 5 minutes).
    :param flush_timeout: how long :meth:`flush` waits by default.
    :param exit_timeout: how long the interpreter's exit waits for unsent items.
    :param ssl_context: for ``https`` URLs with a private CA.
    """

    def __init__(
        self,
        url: Optional[str] = None,
        api_key: Optional[str] = None,
        source: Optional[str] = None,
        *,
        properties: Optional[Mapping[str, Any]] = None,
        batch_size: int = DEFAULT_BATCH_SIZE,
        flush_interval: float = DEFAULT_FLUSH_INTERVAL,
        buffer_size: int = DEFAULT_BUFFER_SIZE,
        max_batch_bytes: int = DEFAULT_MAX_BATCH_BYTES,
        compress: bool = False,
        timeout: float = DEFAULT_TIMEOUT,
        max_retry_delay: float = DEFAULT_MAX_RETRY_DELAY,
        flush_timeout: float = DEFAULT_FLUSH_TIMEOUT,
        exit_timeout: float = DEFAULT_EXIT_TIMEOUT,
        ssl_context: Any = None,
    ) -> None:
        url = url or os.environ.get("AILOGGER_URL") or ""
        self.endpoint = Endpoint(url)
        self.url = self.endpoint.url
        self.api_key = api_key if api_key is not None else os.environ.get("AILOGGER_API_KEY")
        self.source = source or default_source()
        self.properties: Dict[str, Any] = dict(properties or {})
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        if buffer_size < 1:
            raise ValueError("buffer_size must be at least 1")
        self.batch_size = min(int(batch_size), 10_000)
        self.flush_interval = max(0.01, float(flush_interval))
        self.buffer_size = int(buffer_size)
        self.max_batch_bytes = max(64 * 1024, min(int(max_batch_bytes), 9 * 1024 * 1024))
        self.compress = bool(compress)
        self.timeout = float(timeout)
        self.max_retry_delay = max(0.05, float(max_retry_delay))
        self.flush_timeout = float(flush_timeout)
        self.exit_timeout = float(exit_timeout)
        self.ssl_context = ssl_context

        self._init_runtime()
        _live_clients.add(self)

    def _init_runtime(self) -> None:
        self._lock = threading.Lock()
        self._settled_cond = threading.Condition(self._lock)
        self._wake = threading.Event()
        self._abort = threading.Event()
        self._logs = _Channel("logs", self.buffer_size)
        self._spans = _Channel("spans", self.buffer_size)
        self._models = _Channel("models", self.buffer_size)
        self._channels = (self._models, self._logs, self._spans)
        self._enqueued = 0
        self._settled = 0
        self._retries = 0
        self._requests = 0
        self._last_error: Optional[str] = None
        self._last_error_at: Optional[float] = None
        self._last_drop_report = 0.0
        self._thread: Optional[threading.Thread] = None
        self._closed = False
        self._stopping = False
        self._conn: Optional[Connection] = None
        self._sync_conn: Optional[Connection] = None
        self._sync_lock = threading.Lock()
        self._warned: Dict[str, float] = {}
        self._pid = os.getpid()

    def __repr__(self) -> str:
        return f"<ailogger.Client {self.url} source={self.source!r}>"

    # ------------------------------------------------------------------ enqueueing (app threads)

    def _enqueue(self, channel: _Channel, item: Any) -> None:
        with self._lock:
            if self._closed:
                channel.dropped += 1
                return
            items = channel.items
            if len(items) >= channel.capacity:
                items.popleft()
                channel.dropped += 1
                channel.unreported_drops += 1
                self._settled += 1
            items.append(item)
            self._enqueued += 1
            n = len(items)
            if self._thread is None:
                self._start_thread()
        if n >= self.batch_size and not self._wake.is_set():
            self._wake.set()

    def enqueue_log(self, event: Dict[str, Any]) -> None:
        """Queues one event in the shape of ``POST /api/logs``; never blocks."""
        self._enqueue(self._logs, event)

    def enqueue_span(self, span: Any) -> None:
        """Queues one ended :class:`ailogger.tracing.Span`; never blocks."""
        self._enqueue(self._spans, span)

    def enqueue_prediction(self, model: str, record: Dict[str, Any]) -> None:
        """Queues one record for ``POST /api/models/{model}/predictions``."""
        self._enqueue(self._models, ("predictions", model, record))

    def enqueue_validation(self, model: str, record: Dict[str, Any]) -> None:
        """Queues one record for ``POST /api/models/{model}/validations``."""
        self._enqueue(self._models, ("validations", model, record))

    # ------------------------------------------------------------------ flush / close

    def flush(self, timeout: Optional[float] = None) -> bool:
        """Waits until everything queued so far is sent (or given up), at most ``timeout`` seconds.

        Returns ``True`` when it all settled in time. Items dropped or refused by the server
        count as settled: see :attr:`stats`.
        """
        if timeout is None:
            timeout = self.flush_timeout
        with self._lock:
            target = self._enqueued
            if self._settled >= target:
                return True
            if self._thread is None and not self._closed:
                self._start_thread()
        self._wake.set()
        deadline = time.monotonic() + max(0.0, timeout)
        with self._settled_cond:
            while self._settled < target:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._settled_cond.wait(min(left, 0.5))
                if self._thread is not None and not self._thread.is_alive():
                    return self._settled >= target
            return True

    def close(self, timeout: Optional[float] = None) -> bool:
        """Sends what is queued (waiting at most ``timeout``, default ``exit_timeout``) and stops.

        Items still unsent after the timeout are dropped and counted. Items queued after
        ``close`` are dropped. Returns ``True`` when nothing was lost at closing.
        """
        if self._closed:
            return True
        if timeout is None:
            timeout = self.exit_timeout
        ok = self.flush(timeout)
        with self._lock:
            self._closed = True
            self._stopping = True
            thread = self._thread
        self._abort.set()
        self._wake.set()
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=2.0)
        for conn in (self._conn, self._sync_conn):
            if conn is not None:
                conn.close()
        return ok

    @property
    def closed(self) -> bool:
        """``True`` once :meth:`close` ran."""
        return self._closed

    @property
    def stats(self) -> Dict[str, Any]:
        """Counters: per queue ``queued``, ``sent``, ``dropped`` (buffer full, or unsent at close),
        ``rejected`` (refused by the server); and ``requests``, ``retries``, ``last_error``."""
        with self._lock:
            out: Dict[str, Any] = {
                ch.name: {
                    "queued": len(ch.items),
                    "sent": ch.sent,
                    "dropped": ch.dropped,
                    "rejected": ch.rejected,
                }
                for ch in self._channels
            }
            out["requests"] = self._requests
            out["retries"] = self._retries
            out["last_error"] = self._last_error
            return out

    # ------------------------------------------------------------------ synchronous calls

    def request(
        self,
        method: str,
        path: str,
        *,
        query: Optional[Mapping[str, Any]] = None,
        json_body: Any = None,
        body: Optional[bytes] = None,
        headers: Optional[Mapping[str, str]] = None,
        retries: int = 3,
        timeout: Optional[float] = None,
    ) -> Any:
        """Sends one request now and returns the parsed JSON answer.

        503/429 answers and connection failures are retried ``retries`` times (honouring
        ``Retry-After``); then :class:`~ailogger.errors.ServerUnavailable` is raised. Other
        error answers raise :class:`~ailogger.errors.ApiError` carrying the server's ``detail``.
        """
        target = self.endpoint.path(path, query)
        hdrs: Dict[str, str] = dict(headers or {})
        if json_body is not None:
            body = dumps(json_body)
            hdrs.setdefault("Content-Type", "application/json")
        if method in ("POST", "PUT", "PATCH") and body is None:
            body = b""
        attempt = 0
        with self._sync_lock:
            if self._sync_conn is None or self._pid != os.getpid():
                self._sync_conn = Connection(self.endpoint, self.api_key, self.timeout, self.ssl_context)
            conn = self._sync_conn
            old_timeout = conn.timeout
            if timeout is not None and timeout != conn.timeout:
                conn.close()
                conn.timeout = timeout
            try:
                while True:
                    try:
                        resp = conn.request(method, target, body, hdrs)
                    except CONNECTION_ERRORS as e:
                        if attempt >= retries:
                            raise ServerUnavailable(
                                f"Cannot reach AI-Logger at {self.url}: {type(e).__name__}: {e}"
                            ) from e
                        delay = min(0.5 * (2**attempt), 5.0)
                    else:
                        if resp.status not in (429, 503) or attempt >= retries:
                            if resp.status in (429, 503):
                                raise ServerUnavailable(
                                    f"AI-Logger at {self.url} answered {resp.status}: {resp.detail()}"
                                )
                            return raise_for_status(resp, method, target)
                        delay = min(resp.retry_after() or 0.5 * (2**attempt), 30.0)
                    attempt += 1
                    time.sleep(delay)
            finally:
                if conn.timeout != old_timeout:
                    conn.close()
                    conn.timeout = old_timeout

    # ------------------------------------------------------------------ background thread

    def _start_thread(self) -> None:
        # Called with self._lock held.
        t = threading.Thread(target=self._run, name=f"ailogger-sender-{id(self):x}", daemon=True)
        self._thread = t
        t.start()

    def _run(self) -> None:
        self._conn = Connection(self.endpoint, self.api_key, self.timeout, self.ssl_context)
        try:
            while True:
                self._wake.wait(self.flush_interval)
                self._wake.clear()
                try:
                    self._drain()
                except Exception as e:  # never let the sender die: report and go on
                    self._warn("internal", f"ailogger: sender error {type(e).__name__}: {e}")
                    time.sleep(0.1)
                if self._stopping:
                    break
        finally:
            if self._conn is not None:
                self._conn.close()

    def _take(self, channel: _Channel, limit: int) -> List[Any]:
        with self._lock:
            items = channel.items
            n = min(len(items), limit)
            return [items.popleft() for _ in range(n)]

    def _settle(self, channel: _Channel, sent: int = 0, rejected: int = 0, dropped: int = 0) -> None:
        with self._lock:
            channel.sent += sent
            channel.rejected += rejected
            channel.dropped += dropped
            if dropped:
                channel.unreported_drops += dropped
            self._settled += sent + rejected + dropped
            self._settled_cond.notify_all()

    def _drain(self) -> None:
        while not self._abort.is_set():
            busy = False
            for channel in self._channels:
                if not channel.items:
                    continue
                busy = True
                limit = self.batch_size if channel is not self._models else max(self.batch_size, 1000)
                batch = self._take(channel, limit)
                if not batch:
                    continue
                if channel is self._logs:
                    self._send_logs(batch)
                elif channel is self._spans:
                    self._send_spans(batch)
                else:
                    self._send_models(batch)
            if not busy:
                break
        if self._abort.is_set():
            # Closing with items left: count them as dropped.
            for channel in self._channels:
                left = self._take(channel, len(channel.items))
                if left:
                    self._settle(channel, dropped=len(left))
        else:
            self._maybe_report_drops()

    # ------------------------------------------------------------------ per kind

    def _send_logs(self, batch: List[Dict[str, Any]]) -> None:
        self._deliver(self._logs, self.endpoint.path("/api/logs"), batch, dumps_list)

    def _send_spans(self, batch: List[Any]) -> None:
        from .tracing import encode_otlp

        def encode(spans: List[Any]) -> bytes:
            return dumps(encode_otlp(spans, self.source, self.properties))

        self._deliver(self._spans, self.endpoint.path("/v1/traces"), batch, encode)

    def _send_models(self, batch: List[Tuple[str, str, Dict[str, Any]]]) -> None:
        # Predictions go before validations: a validation needs its prediction stored. A
        # prediction sent again keeps an existing validation, so this reordering is safe.
        groups: Dict[Tuple[str, str], List[Dict[str, Any]]] = {}
        for kind, model, record in batch:
            groups.setdefault((kind, model), []).append(record)
        order = sorted(groups, key=lambda k: 0 if k[0] == "predictions" else 1)
        for kind, model in order:
            records = groups[(kind, model)]
            target = self.endpoint.path(f"/api/models/{quote_segment(model)}/{kind}")
            for i in range(0, len(records), self.batch_size):
                self._deliver(self._models, target, records[i : i + self.batch_size], dumps_list)

    def _deliver(self, channel: _Channel, target: str, items: List[Any], encode: Callable[[List[Any]], bytes]) -> None:
        """POSTs ``items`` until they are stored, refused, or the client closes."""
        body = encode(items)
        if len(body) > self.max_batch_bytes and len(items) > 1:
            half = len(items) // 2
            self._deliver(channel, target, items[:half], encode)
            self._deliver(channel, target, items[half:], encode)
            return
        attempt = 0
        server_errors = 0
        conn = self._conn
        assert conn is not None
        while True:
            headers = {"Content-Type": "application/json"}
            payload = body
            if self.compress and len(body) > 1024:
                c = zlib.compressobj(1, zlib.DEFLATED, 31)
                payload = c.compress(body) + c.flush()
                headers["Content-Encoding"] = "gzip"
            retry_after: Optional[float] = None
            try:
                self._requests += 1
                resp = conn.request("POST", target, payload, headers)
            except CONNECTION_ERRORS as e:
                self._note_error(f"{type(e).__name__}: {e}")
                self._warn("connection", f"ailogger: cannot reach {self.url} ({type(e).__name__}: {e}); retrying")
            else:
                status = resp.status
                if 200 <= status < 300:
                    self._settle(channel, sent=len(items))
                    self._last_error = None
                    return
                detail = resp.detail()
                self._note_error(f"HTTP {status}: {detail}")
                if status == 413 and len(items) > 1:
                    half = len(items) // 2
                    self._deliver(channel, target, items[:half], encode)
                    self._deliver(channel, target, items[half:], encode)
                    return
                if status in _RETRY_FOREVER or (status in _RETRY_SOME and server_errors < _MAX_500_RETRIES):
                    if status in _RETRY_SOME:
                        server_errors += 1
                    retry_after = resp.retry_after()
                elif status == 400 and len(items) > 1:
                    bad = _bad_indices(channel.name, resp, len(items))
                    if bad:
                        badset = set(bad)
                        self._settle(channel, rejected=len(bad))
                        self._warn(
                            f"rejected-{channel.name}",
                            f"ailogger: the server refused {len(bad)} {channel.name} item(s): {detail}",
                        )
                        items = [it for i, it in enumerate(items) if i not in badset]
                        if not items:
                            return
                        body = encode(items)
                        continue
                    self._reject(channel, items, status, detail)
                    return
                else:
                    self._reject(channel, items, status, detail)
                    return
            # Retry later.
            if self._abort.is_set():
                self._settle(channel, dropped=len(items))
                return
            self._retries += 1
            if retry_after is not None:
                delay = min(retry_after, 300.0)
            else:
                delay = min(self.max_retry_delay, 0.25 * (2 ** min(attempt, 16)))
                delay *= 0.75 + random.random() * 0.5
            attempt += 1
            if self._abort.wait(delay):
                self._settle(channel, dropped=len(items))
                return

    def _reject(self, channel: _Channel, items: List[Any], status: int, detail: str) -> None:
        self._settle(channel, rejected=len(items))
        self._warn(
            f"reject-{channel.name}-{status}",
            f"ailogger: the server refused {len(items)} {channel.name} item(s) with {status}: {detail}",
        )

    def _maybe_report_drops(self) -> None:
        """Sends one warning event counting what was dropped since the last report."""
        if self._last_error is not None:
            return
        with self._lock:
            drops = {ch.name: ch.unreported_drops for ch in self._channels if ch.unreported_drops}
        if not drops:
            return
        now = time.monotonic()
        if now - self._last_drop_report < 5.0 and not self._stopping:
            return
        with self._lock:
            for ch in self._channels:
                ch.unreported_drops = 0
        self._last_drop_report = now
        total = sum(drops.values())
        what = ", ".join(f"{n} {name}" for name, n in drops.items())
        event = {
            "timestamp": time.time(),
            "level": "warning",
            "message": f"ailogger: {total} records dropped ({what}): the client's buffer was full or the server unreachable",
            "source": self.source,
            "details": dict(
                self.properties,
                **{"ailogger.dropped": total},
                **{f"ailogger.dropped.{name}": n for name, n in drops.items()},
            ),
        }
        with self._lock:
            self._enqueued += 1
        self._deliver(self._logs, self.endpoint.path("/api/logs"), [event], dumps_list)

    # ------------------------------------------------------------------ diagnostics

    def _note_error(self, text: str) -> None:
        self._last_error = text
        self._last_error_at = time.time()

    def _warn(self, key: str, text: str) -> None:
        """Writes a diagnostic to stderr, at most once a minute per kind (never through logging)."""
        if os.environ.get("AILOGGER_QUIET"):
            return
        now = time.monotonic()
        last = self._warned.get(key)
        if last is not None and now - last < 60.0:
            return
        self._warned[key] = now
        try:
            sys.stderr.write(text + "\n")
        except Exception:
            pass

    def _after_fork(self) -> None:
        # The child has no sender thread; start afresh, without the parent's queued items.
        self._init_runtime()


def _close_all_at_exit() -> None:
    # atexit runs hooks last-registered first: this one runs before logging.shutdown (registered
    # when logging was imported, above), so the clients are flushed with their exit_timeout and
    # logging's own flush of our handlers then returns at once.
    clients = list(_live_clients)
    if not clients:
        return
    # One shared deadline: the exit waits at most the longest exit_timeout, not their sum.
    deadline = time.monotonic() + max(c.exit_timeout for c in clients)
    for c in clients:
        try:
            c.close(timeout=max(0.0, min(c.exit_timeout, deadline - time.monotonic())))
        except Exception:
            pass


def _reset_after_fork() -> None:
    for c in list(_live_clients):
        try:
            c._after_fork()
        except Exception:
            pass


atexit.register(_close_all_at_exit)
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_reset_after_fork)
