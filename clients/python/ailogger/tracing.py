"""Tracing without OpenTelemetry: spans kept in :mod:`contextvars`, sent as OTLP/JSON.

>>> import ailogger
>>> @ailogger.traced()
... def load(path): ...
>>> with ailogger.span("train", epochs=3) as s:
...     s.set_attribute("loss", 0.12)
...     load("data.csv")

The current span lives in a :class:`contextvars.ContextVar`: nested calls see their parent,
``asyncio`` tasks inherit the context they were created in, and threads get it through
:func:`wrap` or :class:`Thread` (a new thread otherwise starts with an empty context).
Ended spans are queued on the default client (set by :func:`ailogger.configure`) and sent
in batches to ``POST /v1/traces``.
"""

from __future__ import annotations

import contextvars
import functools
import inspect
import random
import sys
import threading
import time
import traceback
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, Tuple, TypeVar, Union, overload

from . import _state
from ._version import __version__

__all__ = [
    "Span",
    "span",
    "traced",
    "wrap",
    "Thread",
    "current_span",
    "current_trace_id",
    "current_span_id",
    "start_span",
    "encode_otlp",
]

F = TypeVar("F", bound=Callable[..., Any])

_CURRENT: "contextvars.ContextVar[Optional[Span]]" = contextvars.ContextVar("ailogger_span", default=None)

KINDS = {"internal": 1, "server": 2, "client": 3, "producer": 4, "consumer": 5}
STATUS_UNSET, STATUS_OK, STATUS_ERROR = 0, 1, 2
_STATUS_NAMES = {"unset": STATUS_UNSET, "ok": STATUS_OK, "error": STATUS_ERROR}

_randbits = random.getrandbits  # the module's generator is reseeded in a forked child


def _new_trace_id() -> str:
    while True:
        v = _randbits(128)
        if v:
            return "%032x" % v


def _new_span_id() -> str:
    while True:
        v = _randbits(64)
        if v:
            return "%016x" % v


def _exception_type_name(exc_type: type) -> str:
    module = getattr(exc_type, "__module__", "")
    name = getattr(exc_type, "__qualname__", exc_type.__name__)
    if module in ("builtins", "__main__", "", None):
        return name
    return f"{module}.{name}"


class Span:
    """One timed operation. Build them with :func:`span` or :func:`traced`.

    Ids are lowercase hex (trace 32 characters, span 16). Times are Unix nanoseconds.
    """

    __slots__ = (
        "name",
        "trace_id",
        "span_id",
        "parent_span_id",
        "kind",
        "start_ns",
        "end_ns",
        "attributes",
        "events",
        "status_code",
        "status_message",
        "_perf_start",
        "_client",
        "_ended",
    )

    def __init__(
        self,
        name: str,
        trace_id: str,
        span_id: str,
        parent_span_id: Optional[str] = None,
        kind: Union[str, int] = "internal",
        attributes: Optional[Mapping[str, Any]] = None,
        client: Any = None,
        start_ns: Optional[int] = None,
    ) -> None:
        self.name = str(name)
        self.trace_id = trace_id
        self.span_id = span_id
        self.parent_span_id = parent_span_id
        self.kind = KINDS.get(kind, 1) if isinstance(kind, str) else int(kind)
        self.start_ns = start_ns if start_ns is not None else time.time_ns()
        self._perf_start = time.perf_counter_ns()
        self.end_ns: Optional[int] = None
        self.attributes: Dict[str, Any] = dict(attributes) if attributes else {}
        self.events: List[Tuple[str, int, Dict[str, Any]]] = []
        self.status_code = STATUS_UNSET
        self.status_message: Optional[str] = None
        self._client = client
        self._ended = False

    def __repr__(self) -> str:
        return f"<Span {self.name!r} trace={self.trace_id} span={self.span_id} parent={self.parent_span_id}>"

    # -- data
    def set_attribute(self, key: str, value: Any) -> "Span":
        """Sets one attribute (str, int, float, bool, or a list of them; others become strings)."""
        self.attributes[str(key)] = value
        return self

    def set_attributes(self, attributes: Mapping[str, Any]) -> "Span":
        """Sets several attributes."""
        for k, v in attributes.items():
            self.attributes[str(k)] = v
        return self

    def add_event(self, name: str, attributes: Optional[Mapping[str, Any]] = None, timestamp_ns: Optional[int] = None) -> "Span":
        """Adds a timed event to the span."""
        self.events.append((str(name), timestamp_ns or time.time_ns(), dict(attributes or {})))
        return self

    def record_exception(self, exc: BaseException, attributes: Optional[Mapping[str, Any]] = None) -> "Span":
        """Adds an ``exception`` event with ``exception.type``, ``exception.message`` and
        ``exception.stacktrace`` (OpenTelemetry's semantic conventions)."""
        attrs: Dict[str, Any] = {
            "exception.type": _exception_type_name(type(exc)),
            "exception.message": str(exc),
            "exception.stacktrace": "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)),
        }
        if attributes:
            attrs.update(attributes)
        return self.add_event("exception", attrs)

    def set_status(self, status: Union[str, int], message: Optional[str] = None) -> "Span":
        """``"ok"``, ``"error"`` (with a message) or ``"unset"`` (or 1, 2, 0)."""
        code = _STATUS_NAMES.get(status, STATUS_UNSET) if isinstance(status, str) else int(status)
        self.status_code = code
        self.status_message = message if code == STATUS_ERROR else None
        return self

    # -- ids for propagation
    @property
    def traceparent(self) -> str:
        """The W3C ``traceparent`` header value naming this span (for outgoing requests)."""
        return f"00-{self.trace_id}-{self.span_id}-01"

    @property
    def duration_ms(self) -> Optional[float]:
        """Milliseconds from start to end (``None`` while running)."""
        if self.end_ns is None:
            return None
        return (self.end_ns - self.start_ns) / 1e6

    @property
    def ended(self) -> bool:
        return self._ended

    def end(self, end_ns: Optional[int] = None) -> None:
        """Ends the span and queues it for sending (a second call does nothing)."""
        if self._ended:
            return
        self._ended = True
        if end_ns is None:
            end_ns = self.start_ns + max(1, time.perf_counter_ns() - self._perf_start)
        self.end_ns = end_ns
        if self.status_code == STATUS_UNSET:
            self.status_code = STATUS_OK
        client = self._client or _state.get_client()
        if client is not None:
            try:
                client.enqueue_span(self)
            except Exception:
                pass


# --------------------------------------------------------------------------- current span


def current_span() -> Optional[Span]:
    """The span of the current context, or ``None``."""
    return _CURRENT.get()


def current_trace_id() -> Optional[str]:
    """The current trace id (an ailogger span, else an active OpenTelemetry span), or ``None``."""
    ids = current_ids()
    return ids[0] if ids else None


def current_span_id() -> Optional[str]:
    """The current span id, or ``None``."""
    ids = current_ids()
    return ids[1] if ids else None


def current_ids() -> Optional[Tuple[str, str, Optional[str]]]:
    """``(trace_id, span_id, parent_span_id)`` of the current span, or ``None``.

    Without an ailogger span, an OpenTelemetry span is used when the OpenTelemetry API is
    loaded and one is active, so log records still carry the trace they belong to.
    """
    s = _CURRENT.get()
    if s is not None:
        return (s.trace_id, s.span_id, s.parent_span_id)
    return _otel_ids()


def _otel_ids() -> Optional[Tuple[str, str, Optional[str]]]:
    otel = sys.modules.get("opentelemetry.trace")
    if otel is None:
        return None
    try:
        ctx = otel.get_current_span().get_span_context()
        if not ctx.is_valid:
            return None
        return ("%032x" % ctx.trace_id, "%016x" % ctx.span_id, None)
    except Exception:
        return None


def _parse_traceparent(value: str) -> Optional[Tuple[str, str]]:
    parts = value.strip().split("-")
    if len(parts) < 4 or len(parts[1]) != 32 or len(parts[2]) != 16:
        return None
    trace_id, span_id = parts[1].lower(), parts[2].lower()
    try:
        if int(trace_id, 16) == 0 or int(span_id, 16) == 0:
            return None
    except ValueError:
        return None
    return trace_id, span_id


ParentLike = Union[Span, str, None]


def start_span(
    name: str,
    *,
    kind: Union[str, int] = "internal",
    parent: ParentLike = None,
    attributes: Optional[Mapping[str, Any]] = None,
    client: Any = None,
) -> Span:
    """Creates and starts a span without making it current; call :meth:`Span.end` yourself.

    ``parent``: a :class:`Span`, a W3C ``traceparent`` string (continue a caller's trace),
    or ``None`` for the current span (a new trace when there is none).
    """
    trace_id: Optional[str] = None
    parent_id: Optional[str] = None
    if isinstance(parent, Span):
        trace_id, parent_id = parent.trace_id, parent.span_id
    elif isinstance(parent, str):
        parsed = _parse_traceparent(parent)
        if parsed:
            trace_id, parent_id = parsed
    else:
        ids = current_ids()
        if ids is not None:
            trace_id, parent_id = ids[0], ids[1]
    return Span(name, trace_id or _new_trace_id(), _new_span_id(), parent_id, kind, attributes, client)


def _finish(s: Span, exc: Optional[BaseException]) -> None:
    if exc is not None and not isinstance(exc, GeneratorExit):
        s.record_exception(exc)
        s.set_status(STATUS_ERROR, f"{type(exc).__name__}: {exc}")
    s.end()


class _Scope:
    """What :func:`span` returns: a sync and async context manager making a span current."""

    __slots__ = ("_name", "_kind", "_parent", "_attributes", "_client", "_span", "_token")

    def __init__(self, name: str, kind: Union[str, int], parent: ParentLike, attributes: Dict[str, Any], client: Any) -> None:
        self._name = name
        self._kind = kind
        self._parent = parent
        self._attributes = attributes
        self._client = client
        self._span: Optional[Span] = None
        self._token: Optional[contextvars.Token] = None

    def __enter__(self) -> Span:
        if self._span is not None:
            raise RuntimeError("an ailogger.span(...) object can be entered only once")
        s = start_span(self._name, kind=self._kind, parent=self._parent, attributes=self._attributes, client=self._client)
        self._span = s
        self._token = _CURRENT.set(s)
        return s

    def __exit__(self, exc_type: Any, exc: Optional[BaseException], tb: Any) -> bool:
        s = self._span
        assert s is not None and self._token is not None
        try:
            _CURRENT.reset(self._token)
        except ValueError:  # exited in another context than it was entered in
            _CURRENT.set(None)
        _finish(s, exc)
        return False

    async def __aenter__(self) -> Span:
        return self.__enter__()

    async def __aexit__(self, exc_type: Any, exc: Optional[BaseException], tb: Any) -> bool:
        return self.__exit__(exc_type, exc, tb)


def span(
    name: str,
    *,
    kind: Union[str, int] = "internal",
    parent: ParentLike = None,
    attributes: Optional[Mapping[str, Any]] = None,
    client: Any = None,
    **attrs: Any,
) -> _Scope:
    """A span around a block: ``with ailogger.span("step", rows=10) as s:`` (or ``async with``).

    Keyword arguments become attributes. An exception leaving the block sets the status to
    error and adds an ``exception`` event; it is not swallowed.
    """
    merged: Dict[str, Any] = dict(attributes or {})
    merged.update(attrs)
    return _Scope(name, kind, parent, merged, client)


@overload
def traced(name: F) -> F: ...
@overload
def traced(
    name: Optional[str] = None,
    *,
    kind: Union[str, int] = "internal",
    attributes: Optional[Mapping[str, Any]] = None,
    client: Any = None,
) -> Callable[[F], F]: ...


def traced(name: Any = None, *, kind: Union[str, int] = "internal", attributes: Optional[Mapping[str, Any]] = None, client: Any = None) -> Any:
    """Decorator: each call of the function is a span (``@traced``, ``@traced()``, ``@traced("name")``).

    Works on plain functions, ``async def`` functions, generators and async generators (the
    span then covers the whole iteration, and is current while the generator body runs).
    The span is named ``name``, else the function's qualified name (``Class.method``), and carries
    ``code.function`` and ``code.namespace``.
    """
    if callable(name):
        return traced()(name)

    def decorate(fn: F) -> F:
        qualname = str(getattr(fn, "__qualname__", None) or getattr(fn, "__name__", None) or "function")
        qualname = qualname.rsplit("<locals>.", 1)[-1]  # "outer.<locals>.inner" -> "inner"
        span_name = name or qualname
        base_attrs: Dict[str, Any] = {
            "code.function": qualname,
            "code.namespace": getattr(fn, "__module__", "") or "",
        }
        if attributes:
            base_attrs.update(attributes)

        if inspect.iscoroutinefunction(fn):

            @functools.wraps(fn)
            async def async_wrapper(*args: Any, **kwargs: Any) -> Any:
                with _Scope(span_name, kind, None, dict(base_attrs), client):
                    return await fn(*args, **kwargs)

            return async_wrapper  # type: ignore[return-value]

        if inspect.isasyncgenfunction(fn):

            @functools.wraps(fn)
            async def agen_wrapper(*args: Any, **kwargs: Any) -> Any:
                s = start_span(span_name, kind=kind, attributes=base_attrs, client=client)
                agen = fn(*args, **kwargs)
                error: Optional[BaseException] = None
                try:
                    to_send: Any = None
                    to_throw: Optional[BaseException] = None
                    while True:
                        token = _CURRENT.set(s)
                        try:
                            if to_throw is not None:
                                t, to_throw = to_throw, None
                                item = await agen.athrow(t)
                            else:
                                item = await agen.asend(to_send)
                        except StopAsyncIteration:
                            return
                        finally:
                            _CURRENT.reset(token)
                        try:
                            to_send = yield item
                        except GeneratorExit:
                            await agen.aclose()
                            raise
                        except BaseException as e:  # thrown in by the caller
                            to_throw = e
                except BaseException as e:
                    error = e
                    raise
                finally:
                    _finish(s, error)

            return agen_wrapper  # type: ignore[return-value]

        if inspect.isgeneratorfunction(fn):

            @functools.wraps(fn)
            def gen_wrapper(*args: Any, **kwargs: Any) -> Any:
                s = start_span(span_name, kind=kind, attributes=base_attrs, client=client)
                gen = fn(*args, **kwargs)
                error: Optional[BaseException] = None
                try:
                    to_send: Any = None
                    to_throw: Optional[BaseException] = None
                    while True:
                        token = _CURRENT.set(s)
                        try:
                            if to_throw is not None:
                                t, to_throw = to_throw, None
                                item = gen.throw(t)
                            else:
                                item = gen.send(to_send)
                        except StopIteration as stop:
                            return stop.value
                        finally:
                            _CURRENT.reset(token)
                        try:
                            to_send = yield item
                        except GeneratorExit:
                            gen.close()
                            raise
                        except BaseException as e:
                            to_throw = e
                except BaseException as e:
                    error = e
                    raise
                finally:
                    _finish(s, error)

            return gen_wrapper  # type: ignore[return-value]

        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with _Scope(span_name, kind, None, dict(base_attrs), client):
                return fn(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate


# --------------------------------------------------------------------------- threads


def wrap(fn: F) -> F:
    """Binds ``fn`` to the current context (hence the current span) for another thread.

    ``executor.submit(ailogger.wrap(work), item)``; ``threading.Thread(target=ailogger.wrap(work))``.
    Each call runs in its own copy of the captured context, so the wrapped function may run
    in several threads at once.
    """
    ctx = contextvars.copy_context()

    @functools.wraps(fn)
    def run_in_context(*args: Any, **kwargs: Any) -> Any:
        return ctx.copy().run(fn, *args, **kwargs)

    return run_in_context  # type: ignore[return-value]


class Thread(threading.Thread):
    """A :class:`threading.Thread` that runs in a copy of the context of the thread calling
    :meth:`start` — spans started in it are children of the span current at ``start()``."""

    def start(self) -> None:
        ctx = contextvars.copy_context()
        inner = self.run

        def run_in_context() -> None:
            ctx.run(inner)

        self.run = run_in_context  # type: ignore[method-assign]
        super().start()


# --------------------------------------------------------------------------- OTLP/JSON


def _any_value(value: Any, depth: int = 0) -> Dict[str, Any]:
    if isinstance(value, bool):
        return {"boolValue": value}
    if isinstance(value, int):
        if -(2**63) <= value < 2**63:
            return {"intValue": str(value)}
        return {"stringValue": str(value)}
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return {"stringValue": str(value)}
        return {"doubleValue": value}
    if isinstance(value, str):
        return {"stringValue": value}
    if value is None:
        return {"stringValue": ""}
    if depth < 8:
        if isinstance(value, (list, tuple, set, frozenset)):
            return {"arrayValue": {"values": [_any_value(v, depth + 1) for v in value]}}
        if isinstance(value, Mapping):
            return {"kvlistValue": {"values": [{"key": str(k), "value": _any_value(v, depth + 1)} for k, v in value.items()]}}
    if isinstance(value, (bytes, bytearray)):
        return {"stringValue": bytes(value).decode("utf-8", "replace")}
    return {"stringValue": str(value)}


def _attributes(attrs: Mapping[str, Any]) -> List[Dict[str, Any]]:
    return [{"key": str(k), "value": _any_value(v)} for k, v in attrs.items()]


def _span_json(s: Span) -> Dict[str, Any]:
    out: Dict[str, Any] = {
        "traceId": s.trace_id,
        "spanId": s.span_id,
        "name": s.name,
        "kind": s.kind,
        "startTimeUnixNano": str(s.start_ns),
        "endTimeUnixNano": str(s.end_ns if s.end_ns is not None else s.start_ns),
        "attributes": _attributes(s.attributes),
        "status": {"code": s.status_code} if not s.status_message else {"code": s.status_code, "message": s.status_message},
    }
    if s.parent_span_id:
        out["parentSpanId"] = s.parent_span_id
    if s.events:
        out["events"] = [
            {"name": n, "timeUnixNano": str(t), "attributes": _attributes(a)} for (n, t, a) in s.events
        ]
    return out


def encode_otlp(spans: Iterable[Span], service_name: str, resource: Optional[Mapping[str, Any]] = None) -> Dict[str, Any]:
    """An OTLP/JSON ``ExportTraceServiceRequest`` holding ``spans``."""
    res: Dict[str, Any] = {
        "service.name": service_name,
        "telemetry.sdk.name": "ailogger",
        "telemetry.sdk.language": "python",
        "telemetry.sdk.version": __version__,
    }
    if resource:
        for k, v in resource.items():
            res.setdefault(str(k), v)
    return {
        "resourceSpans": [
            {
                "resource": {"attributes": _attributes(res)},
                "scopeSpans": [
                    {"scope": {"name": "ailogger", "version": __version__}, "spans": [_span_json(s) for s in spans]}
                ],
            }
        ]
    }
