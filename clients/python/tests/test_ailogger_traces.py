"""Spans against a real server: one trace across nesting, threads and asyncio tasks."""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import threading
import time
from typing import Any, Dict, List

import pytest

import ailogger


def test_nested_spans_in_threads_and_tasks_form_one_trace(server: Any, unique: Any) -> None:
    source = unique("trace")
    log = logging.getLogger(source)
    log.propagate = False
    handler = ailogger.configure(server.url, server.key, source=source, logger=log, level="DEBUG", flush_interval=0.1)
    ids: Dict[str, str] = {}

    def remember(name: str) -> None:
        s = ailogger.current_span()
        assert s is not None
        ids[name] = s.span_id

    @ailogger.traced("leaf")
    def leaf() -> None:
        remember("leaf")
        time.sleep(0.002)

    @ailogger.traced()
    def middle() -> None:
        remember("middle")
        leaf()

    @ailogger.traced("in-thread")
    def in_thread() -> None:
        remember("in-thread")
        time.sleep(0.002)

    @ailogger.traced("in-pool")
    def in_pool(x: int) -> int:
        remember("in-pool")
        time.sleep(0.002)
        return x * 2

    @ailogger.traced("failing")
    def failing() -> None:
        remember("failing")
        raise KeyError("no such user")

    @ailogger.traced("task")
    async def task(name: str) -> None:
        with ailogger.span(f"task-{name}", task=name) as s:
            ids[f"task-{name}"] = s.span_id
            await asyncio.sleep(0.005)

    @ailogger.traced("async-main")
    async def async_main() -> None:
        remember("async-main")
        await asyncio.gather(asyncio.create_task(task("a")), task("b"))

    with ailogger.span("root", job="nightly", attempt=2, ratio=0.5, dry=False) as root:
        ids["root"] = root.span_id
        middle()
        t = ailogger.Thread(target=in_thread)
        t.start()
        t.join()
        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            assert pool.submit(ailogger.wrap(in_pool), 21).result() == 42
        with pytest.raises(KeyError):
            failing()
        asyncio.run(async_main())
        log.info("inside the root span", extra={"step": "done"})
    trace_id = root.trace_id

    try:
        assert ailogger.flush(timeout=30)
        expected_parent = {
            "root": None,
            "middle": "root",
            "leaf": "middle",
            "in-thread": "root",
            "in-pool": "root",
            "failing": "root",
            "async-main": "root",
        }
        # Each task() call is a "task" span whose child is "task-a" / "task-b".
        trace = server.wait_trace(trace_id, spans=11)
        spans: List[Dict[str, Any]] = trace["spans"]
        assert len(spans) == 11, [s["name"] for s in spans]
        by_id = {s["spanId"]: s for s in spans}
        by_name: Dict[str, List[Dict[str, Any]]] = {}
        for s in spans:
            by_name.setdefault(s["name"], []).append(s)
            assert s["durationMs"] > 0, s
            assert s["service"] == source
            assert s["kind"] == "internal"
        for name, parent in expected_parent.items():
            (s,) = by_name[name]
            assert s["spanId"] == ids[name]
            if parent is None:
                assert s["parentSpanId"] is None
            else:
                assert s["parentSpanId"] == ids[parent], f"{name}'s parent should be {parent}"
        assert len(by_name["task"]) == 2
        for letter in ("a", "b"):
            (child,) = by_name[f"task-{letter}"]
            assert child["spanId"] == ids[f"task-{letter}"]
            task_span = by_id[child["parentSpanId"]]
            assert task_span["name"] == "task"
            assert task_span["parentSpanId"] == ids["async-main"]
            assert child["attributes"]["task"] == letter
            assert child["durationMs"] >= 4
        root_span = by_name["root"][0]
        assert root_span["attributes"]["job"] == "nightly"
        assert root_span["attributes"]["attempt"] == 2
        assert root_span["attributes"]["ratio"] == 0.5
        assert root_span["attributes"]["dry"] is False
        assert root_span["status"] == "ok"

        failed = by_name["failing"][0]
        assert failed["status"] == "error"
        assert "no such user" in (failed["statusMessage"] or "")
        (exc_event,) = [e for e in failed["events"] if e["name"] == "exception"]
        assert exc_event["attributes"]["exception.type"] == "KeyError"
        assert "no such user" in exc_event["attributes"]["exception.message"]
        assert "Traceback" in exc_event["attributes"]["exception.stacktrace"]
        assert "failing" in exc_event["attributes"]["exception.stacktrace"]
        assert by_name["middle"][0]["attributes"]["code.function"].endswith("middle")

        # The log record written inside the root span carries its trace and span ids.
        deadline = time.monotonic() + 20
        logs: List[Dict[str, Any]] = []
        while time.monotonic() < deadline:
            logs = server.search_all(f"trace:{trace_id}")
            if logs:
                break
            time.sleep(0.2)
        assert len(logs) == 1
        assert logs[0]["message"] == "inside the root span"
        assert logs[0]["traceId"] == trace_id
        assert logs[0]["spanId"] == ids["root"]
        assert logs[0]["properties"]["step"] == "done"
        assert [e["message"] for e in server.get(f"/api/traces/{trace_id}")["logs"]] == ["inside the root span"]
    finally:
        ailogger.shutdown()
        assert handler not in log.handlers
