"""Unit tests of batching, retries, buffering and record shapes, against a local stub server."""

from __future__ import annotations

import datetime
import json
import logging
import math
import os
import subprocess
import sys
import textwrap
import time
from typing import Any, Dict, List

import pytest

import ailogger
from ailogger._http import parse_retry_after
from ailogger.handler import Handler
from ailogger_stub_server import Request, StubServer


def _logger(name: str, handler: logging.Handler) -> logging.Logger:
    log = logging.getLogger(name)
    log.handlers[:] = [handler]
    log.propagate = False
    log.setLevel(logging.DEBUG)
    return log


@pytest.fixture
def stub():
    s = StubServer()
    yield s
    s.close()


def test_batches_are_bounded_by_size_and_share_one_keep_alive_connection(stub: StubServer) -> None:
    handler = Handler(stub.url, "k-123", "svc", batch_size=100, flush_interval=5.0)
    log = _logger("unit.size", handler)
    try:
        for i in range(1000):
            log.info("n=%d", i)
        assert handler.flush(timeout=10)
        posts = stub.posted()
        assert sum(len(r.json) for r in posts) == 1000
        assert all(1 <= len(r.json) <= 100 for r in posts)
        assert len(posts) >= 10
        assert {r.peer for r in posts} == {posts[0].peer}, "one persistent connection"
        assert all(r.headers["x-api-key"] == "k-123" for r in posts)
        assert all(r.headers["content-type"] == "application/json" for r in posts)
        assert [e["message"] for e in stub.events()] == [f"n={i}" for i in range(1000)]
    finally:
        handler.close()


def test_a_partial_batch_goes_after_the_flush_interval(stub: StubServer) -> None:
    handler = Handler(stub.url, "k", "svc", batch_size=1000, flush_interval=0.2)
    log = _logger("unit.time", handler)
    try:
        log.info("one")
        log.info("two")
        assert stub.wait_for(lambda: len(stub.events()) == 2, timeout=3)
    finally:
        handler.close()


def test_record_shape(stub: StubServer) -> None:
    handler = Handler(stub.url, "k", "shape-src", properties={"env": "test"}, flush_interval=0.05)
    log = _logger("unit.shape", handler)
    log.setLevel(1)
    try:
        when = datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)
        log.debug("d")
        log.info("i %s", "x", extra={"user": "bob", "when": when, "obj": object(), "nan": math.nan, "type": "t"})
        log.warning("w", stack_info=True)
        log.log(logging.CRITICAL, "c")
        log.log(5, "trace-level")
        try:
            {}["missing"]
        except KeyError:
            log.error("e", exc_info=True)
        with ailogger.span("s", client=_Capture()) as sp:
            log.info("in span")
        assert handler.flush(timeout=5)
        events = {e["message"]: e for e in stub.events()}
        assert [events[m]["level"] for m in ("d", "i x", "w", "c", "trace-level", "e")] == [
            "debug", "information", "warning", "fatal", "verbose", "error",
        ]
        i = events["i x"]
        assert i["source"] == "shape-src"
        assert abs(i["timestamp"] - time.time()) < 60
        d = i["details"]
        assert d["user"] == "bob" and d["env"] == "test" and d["type"] == "t"
        assert d["when"] == "2026-01-02T03:04:05Z"
        assert d["obj"].startswith("<object object")
        assert d["nan"] == "NaN"  # not valid JSON otherwise
        assert d["logger"] == "unit.shape" and d["funcName"] == "test_record_shape"
        assert d["module"] == "test_ailogger_unit" and isinstance(d["lineno"], int)
        assert "type" not in i and "tags" not in i  # extra fields never collide with the event's own
        assert "stack_info" in events["w"]["details"]
        assert "Traceback" in events["e"]["exception"] and "KeyError" in events["e"]["exception"]
        assert "trace_id" not in i
        s = events["in span"]
        assert s["trace_id"] == sp.trace_id and s["span_id"] == sp.span_id
    finally:
        handler.close()


def test_503_retry_after_is_honoured_and_nothing_is_lost() -> None:
    calls: List[float] = []

    def reply(r: Request):
        calls.append(time.monotonic())
        if len(calls) <= 2:
            return 503, {"Retry-After": "1"}, {"detail": "queue full"}
        return 201, {}, {"ingested": len(r.json)}

    with StubServer(reply) as stub:
        handler = Handler(stub.url, "k", "svc", flush_interval=0.05)
        log = _logger("unit.503", handler)
        try:
            for i in range(50):
                log.info("r%d", i)
            assert handler.flush(timeout=10)
            assert len(calls) >= 3
            assert calls[1] - calls[0] >= 0.9 and calls[2] - calls[1] >= 0.9
            assert [e["message"] for e in stub.events()][-50:] == [f"r{i}" for i in range(50)]
            st = handler.stats
            assert st["retries"] == 2 and st["logs"]["sent"] == 50 and st["logs"]["dropped"] == 0
        finally:
            handler.close()


def test_a_400_naming_one_event_drops_only_that_event() -> None:
    def reply(r: Request):
        msgs = [e["message"] for e in r.json]
        if "bad" in msgs:
            return 400, {}, {"detail": f"Event [{msgs.index('bad')}]: 'level' is wrong"}
        return 201, {}, {"ingested": len(msgs)}

    with StubServer(reply) as stub:
        handler = Handler(stub.url, "k", "svc", flush_interval=5)
        log = _logger("unit.400", handler)
        try:
            for m in ("a", "b", "bad", "c"):
                log.info(m)
            assert handler.flush(timeout=5)
            accepted = [e["message"] for r in stub.posted() if "bad" not in [x["message"] for x in r.json] for e in r.json]
            assert accepted == ["a", "b", "c"]
            assert handler.stats["logs"]["rejected"] == 1 and handler.stats["logs"]["sent"] == 3
        finally:
            handler.close()


def test_a_413_splits_the_batch() -> None:
    def reply(r: Request):
        if len(r.json) > 30:
            return 413, {}, {"detail": "body over 10 MB"}
        return 201, {}, {"ingested": len(r.json)}

    with StubServer(reply) as stub:
        handler = Handler(stub.url, "k", "svc", batch_size=200, flush_interval=5)
        log = _logger("unit.413", handler)
        try:
            for i in range(200):
                log.info("x%d", i)
            assert handler.flush(timeout=5)
            ok = [e["message"] for r in stub.posted() if len(r.json) <= 30 for e in r.json]
            assert ok == [f"x{i}" for i in range(200)]
            assert handler.stats["logs"]["rejected"] == 0
        finally:
            handler.close()


def test_drops_are_counted_and_reported_once_the_server_answers_again() -> None:
    start = time.monotonic()

    def reply(r: Request):
        if time.monotonic() - start < 1.0:
            return 503, {"Retry-After": "0.3"}, {"detail": "busy"}
        return 201, {}, {"ingested": len(r.json)}

    with StubServer(reply) as stub:
        handler = Handler(stub.url, "k", "dropper", batch_size=5, buffer_size=10, flush_interval=0.05)
        log = _logger("unit.drop", handler)
        try:
            t0 = time.perf_counter()
            for i in range(100):
                log.info("m%d", i)
            assert time.perf_counter() - t0 < 1.0
            dropped = handler.dropped
            assert 100 - 10 - 5 <= dropped <= 100 - 10
            assert handler.flush(timeout=10)
            assert stub.wait_for(lambda: any("records dropped" in e["message"] for e in stub.events()), timeout=5)
            (report,) = [e for e in stub.events() if "records dropped" in e["message"]]
            assert report["level"] == "warning" and report["source"] == "dropper"
            assert report["details"]["ailogger.dropped"] == dropped
            assert report["details"]["ailogger.dropped.logs"] == dropped
            kept = [e["message"] for e in stub.events() if "records dropped" not in e["message"]]
            assert len(kept) == 100 - dropped
            assert kept[-10:] == [f"m{i}" for i in range(90, 100)], "the newest are kept, the oldest dropped"
        finally:
            handler.close()


def test_gzip_bodies(stub: StubServer) -> None:
    handler = Handler(stub.url, "k", "svc", compress=True, flush_interval=5)
    log = _logger("unit.gzip", handler)
    try:
        for i in range(100):
            log.info("compress me %d", i, extra={"pad": "x" * 50})
        assert handler.flush(timeout=5)
        (req,) = stub.posted()
        assert req.headers["content-encoding"] == "gzip"
        assert len(req.raw) < len(req.body_bytes)
        assert len(req.json) == 100
    finally:
        handler.close()


def test_a_server_that_accepts_but_never_answers_never_blocks_logging() -> None:
    import socket

    hung = socket.socket()
    hung.bind(("127.0.0.1", 0))
    hung.listen(1)  # connections complete in the kernel, nobody ever reads or answers
    try:
        handler = Handler(
            f"http://127.0.0.1:{hung.getsockname()[1]}", "k", "svc", buffer_size=1000, timeout=1.0, exit_timeout=0.2
        )
        log = _logger("unit.hung", handler)
        started = time.perf_counter()
        for i in range(10_000):
            log.info("into the void %d", i)
        assert time.perf_counter() - started < 2.0
        assert handler.dropped > 0 and handler.stats["logs"]["queued"] <= 1000
        closing = time.perf_counter()
        handler.close()
        assert time.perf_counter() - closing < 3.0
    finally:
        hung.close()


def test_flush_waits_for_a_slow_server_until_its_timeout() -> None:
    def reply(r: Request):
        time.sleep(0.6)
        return 201, {}, {"ingested": len(r.json)}

    with StubServer(reply) as stub:
        handler = Handler(stub.url, "k", "svc", flush_interval=5)
        log = _logger("unit.slow", handler)
        try:
            log.info("slow")
            assert handler.flush(timeout=0.1) is False
            assert handler.flush(timeout=5) is True
            assert len(stub.events()) == 1
        finally:
            handler.close()


def test_unsent_records_are_sent_at_interpreter_exit(stub: StubServer) -> None:
    script = textwrap.dedent(
        f"""
        import logging, ailogger
        h = ailogger.Handler({stub.url!r}, "k", "exiting", flush_interval=60)
        log = logging.getLogger("x"); log.addHandler(h); log.setLevel(logging.INFO)
        for i in range(300):
            log.info("bye %d", i)
        """
    )
    env = dict(os.environ, PYTHONPATH=os.path.dirname(os.path.dirname(ailogger.__file__)))
    subprocess.run([sys.executable, "-c", script], check=True, env=env, timeout=60)
    assert [e["message"] for e in stub.events()] == [f"bye {i}" for i in range(300)]


def test_predictions_are_sent_before_the_validations_queued_after_them(stub: StubServer) -> None:
    client = ailogger.Client(stub.url, "k", flush_interval=5)
    try:
        for i in range(3):
            ailogger.models.log_prediction("m/1", i, "cat", confidence=0.5, timestamp=1_700_000_000 + i, client=client)
            ailogger.models.log_validation("m/1", i, "dog", client=client)
        ailogger.models.log_prediction("other", "x", 1, client=client)
        assert client.flush(timeout=5)
        paths = [r.path for r in stub.requests]
        assert paths == ["/api/models/m%2F1/predictions", "/api/models/other/predictions", "/api/models/m%2F1/validations"]
        preds = stub.requests[0].json
        assert [p["id"] for p in preds] == [0, 1, 2]
        assert preds[0] == {"id": 0, "predicted": "cat", "confidence": 0.5, "timestamp": 1_700_000_000}
        assert stub.requests[2].json == [{"id": i, "actual": "dog"} for i in range(3)]
        with pytest.raises(ValueError):
            ailogger.models.log_prediction("m", None, "cat", client=client)
    finally:
        client.close()


def test_configure_reads_the_environment_and_installs_one_handler(stub: StubServer, monkeypatch: Any) -> None:
    monkeypatch.setenv("AILOGGER_URL", stub.url)
    monkeypatch.setenv("AILOGGER_API_KEY", "env-key")
    log = logging.getLogger("unit.configure")
    log.propagate = False
    try:
        first = ailogger.configure(source="env-src", logger=log, level="WARNING", flush_interval=0.05)
        second = ailogger.configure(source="env-src", logger=log, level="INFO", flush_interval=0.05)
        assert [h for h in log.handlers if isinstance(h, Handler)] == [second]
        assert first.client.closed and ailogger.get_client() is second.client
        assert log.level == logging.INFO
        log.info("from env")
        assert ailogger.flush(5)
        (req,) = stub.posted()
        assert req.headers["x-api-key"] == "env-key" and req.json[0]["source"] == "env-src"
    finally:
        ailogger.shutdown()
    assert ailogger.get_client() is None and not [h for h in log.handlers if isinstance(h, Handler)]


def test_no_url_is_a_clear_error(monkeypatch: Any) -> None:
    monkeypatch.delenv("AILOGGER_URL", raising=False)
    with pytest.raises(ailogger.ConfigurationError, match="AILOGGER_URL"):
        ailogger.Handler()


def test_retry_after_parsing() -> None:
    assert parse_retry_after("2") == 2.0
    assert parse_retry_after("0.5") == 0.5
    assert parse_retry_after(None) is None and parse_retry_after("soon") is None
    future = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=30)
    value = parse_retry_after(future.strftime("%a, %d %b %Y %H:%M:%S GMT"))
    assert value is not None and 25 <= value <= 31


# ----------------------------------------------------------------------------- tracing


class _Capture:
    """Stands in for a client: keeps the ended spans."""

    def __init__(self) -> None:
        self.spans: List[ailogger.Span] = []

    def enqueue_span(self, span: ailogger.Span) -> None:
        self.spans.append(span)


@pytest.fixture
def capture():
    c = _Capture()
    previous = ailogger.set_client(c)  # type: ignore[arg-type]
    yield c
    ailogger.set_client(previous)


def test_generators_and_async_generators_are_traced_over_their_iteration(capture: _Capture) -> None:
    import asyncio

    @ailogger.traced("gen")
    def gen(n: int):
        for i in range(n):
            assert ailogger.current_span().name == "gen"
            yield i
        return "done"

    @ailogger.traced("agen")
    async def agen(n: int):
        for i in range(n):
            await asyncio.sleep(0)
            assert ailogger.current_span().name == "agen"
            yield i

    async def consume() -> List[int]:
        return [i async for i in agen(3)]

    with ailogger.span("outer") as outer:
        assert list(gen(3)) == [0, 1, 2]
        assert ailogger.current_span() is outer  # not left current between iterations
        assert asyncio.run(consume()) == [0, 1, 2]
    names = [s.name for s in capture.spans]
    assert names == ["gen", "agen", "outer"]
    assert all(s.parent_span_id == outer.span_id for s in capture.spans[:2])
    assert all(s.trace_id == outer.trace_id for s in capture.spans)


def test_wrap_runs_in_many_threads_at_once(capture: _Capture) -> None:
    import concurrent.futures

    @ailogger.traced("work")
    def work(i: int) -> str:
        time.sleep(0.01)
        return ailogger.current_span().parent_span_id

    with ailogger.span("batch") as batch:
        with concurrent.futures.ThreadPoolExecutor(4) as pool:
            parents = list(pool.map(ailogger.wrap(work), range(8)))
    assert parents == [batch.span_id] * 8
    assert ailogger.current_span() is None

    # Without wrap, a thread starts with an empty context: a new trace.
    seen: Dict[str, Any] = {}
    import threading

    with ailogger.span("lonely"):
        t = threading.Thread(target=lambda: seen.setdefault("span", ailogger.current_span()))
        t.start()
        t.join()
    assert seen["span"] is None


def test_errors_traceparent_and_otlp_encoding(capture: _Capture) -> None:
    from ailogger.tracing import encode_otlp

    parent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
    with pytest.raises(ZeroDivisionError):
        with ailogger.span("calc", parent=parent, kind="server", rows=3, ok=True, ratio=0.25, tags=["a", "b"]) as s:
            s.add_event("checkpoint", {"step": 1})
            1 / 0
    assert s.trace_id == "4bf92f3577b34da6a3ce929d0e0e4736" and s.parent_span_id == "00f067aa0ba902b7"
    assert s.traceparent == f"00-{s.trace_id}-{s.span_id}-01"
    body = json.loads(json.dumps(encode_otlp(capture.spans, "svc", {"env": "test"})))
    rs = body["resourceSpans"][0]
    res = {a["key"]: a["value"] for a in rs["resource"]["attributes"]}
    assert res["service.name"] == {"stringValue": "svc"} and res["env"] == {"stringValue": "test"}
    assert rs["scopeSpans"][0]["scope"]["name"] == "ailogger"
    (j,) = rs["scopeSpans"][0]["spans"]
    assert j["traceId"] == s.trace_id and len(j["spanId"]) == 16 and j["spanId"] == j["spanId"].lower()
    assert j["parentSpanId"] == "00f067aa0ba902b7"
    assert j["kind"] == 2
    assert isinstance(j["startTimeUnixNano"], str) and int(j["endTimeUnixNano"]) > int(j["startTimeUnixNano"])
    assert j["status"] == {"code": 2, "message": "ZeroDivisionError: division by zero"}
    attrs = {a["key"]: a["value"] for a in j["attributes"]}
    assert attrs["rows"] == {"intValue": "3"} and attrs["ok"] == {"boolValue": True}
    assert attrs["ratio"] == {"doubleValue": 0.25}
    assert attrs["tags"] == {"arrayValue": {"values": [{"stringValue": "a"}, {"stringValue": "b"}]}}
    events = {e["name"]: e for e in j["events"]}
    exc = {a["key"]: a["value"]["stringValue"] for a in events["exception"]["attributes"]}
    assert exc["exception.type"] == "ZeroDivisionError" and exc["exception.message"] == "division by zero"
    assert "Traceback" in exc["exception.stacktrace"]
    assert events["checkpoint"]["attributes"] == [{"key": "step", "value": {"intValue": "1"}}]


def test_ailogger_thread_inherits_the_span_current_at_start(capture: _Capture) -> None:
    got: Dict[str, Any] = {}

    class Worker(ailogger.Thread):
        def run(self) -> None:
            got["parent"] = ailogger.current_span()

    with ailogger.span("spawner") as spawner:
        w = Worker()
        w.start()
    w.join()
    assert got["parent"] is spawner
