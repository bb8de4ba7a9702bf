"""The logging handler against a real server: volume, extras, tracebacks, 503s, a dead server."""

from __future__ import annotations

import http.client
import http.server
import logging
import socket
import threading
import time
import urllib.parse
from typing import Any, Iterator, List, Tuple

import pytest

import ailogger


def _logger(name: str, handler: logging.Handler) -> logging.Logger:
    log = logging.getLogger(name)
    log.handlers[:] = [handler]
    log.propagate = False
    log.setLevel(logging.DEBUG)
    return log


def test_10000_records_from_4_threads_all_arrive_with_extra_fields(server: Any, unique: Any) -> None:
    source = unique("threads")
    handler = ailogger.Handler(server.url, server.key, source, batch_size=500, flush_interval=0.2)
    log = _logger(source, handler)
    per_thread = 2500

    def work(worker: int) -> None:
        for i in range(per_thread):
            log.info("item %d of worker %d", i, worker, extra={"worker": worker, "seq": i, "tagged": "yes"})

    threads = [threading.Thread(target=work, args=(w,)) for w in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    try:
        assert handler.flush(timeout=60), handler.stats
        assert server.wait_total(f"source:{source}", 10_000) == 10_000
        events = server.search_all(f"source:{source}")
        assert len(events) == 10_000
        seen = set()
        for e in events:
            p = e["properties"]
            assert p["tagged"] == "yes"
            assert p["logger"] == source
            assert p["module"] == "test_ailogger_logs"
            assert p["funcName"] == "work"
            assert isinstance(p["lineno"], int) and p["lineno"] > 0
            assert e["level"] == "Information"
            assert e["message"] == f"item {p['seq']} of worker {p['worker']}"
            seen.add((p["worker"], p["seq"]))
        assert seen == {(w, i) for w in range(4) for i in range(per_thread)}
        stats = handler.stats["logs"]
        assert stats["dropped"] == 0 and stats["rejected"] == 0 and stats["sent"] == 10_000
    finally:
        handler.close()


def explode_for_traceback_test() -> None:
    raise ValueError("the disk is on fire")


def test_logger_exception_keeps_the_traceback(server: Any, unique: Any) -> None:
    source = unique("exc")
    handler = ailogger.Handler(server.url, server.key, source, flush_interval=0.1)
    log = _logger(source, handler)
    try:
        try:
            explode_for_traceback_test()
        except ValueError:
            log.exception("could not write %s", "report.csv", extra={"path": "report.csv"})
        log.warning("plain warning")
        assert handler.flush(timeout=30)
        assert server.wait_total(f"source:{source}", 2) == 2
        events = {e["message"]: e for e in server.search_all(f"source:{source}")}
        failed = events["could not write report.csv"]
        assert failed["level"] == "Error"
        assert "Traceback" in failed["exception"]
        assert "explode_for_traceback_test" in failed["exception"]
        assert "ValueError: the disk is on fire" in failed["exception"]
        assert failed["properties"]["path"] == "report.csv"
        assert events["plain warning"]["level"] == "Warning"
        assert events["plain warning"]["exception"] is None
    finally:
        handler.close()


class _Unavailable503Proxy:
    """A local HTTP proxy answering 503 + ``Retry-After: 1`` for ``seconds``, then forwarding."""

    def __init__(self, target: str, seconds: float, min_refusals: int = 2) -> None:
        parts = urllib.parse.urlsplit(target)
        self.target_host = parts.hostname
        self.target_port = parts.port or 80
        self.until = time.monotonic() + seconds
        self.min_refusals = min_refusals
        self.refused = 0
        self.forwarded = 0
        self.lock = threading.Lock()
        proxy = self

        class H(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def log_message(self, *args: Any) -> None:
                pass

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                with proxy.lock:
                    refuse = time.monotonic() < proxy.until or proxy.refused < proxy.min_refusals
                    if refuse:
                        proxy.refused += 1
                if refuse:
                    payload = b'{"detail":"busy, come back later"}'
                    self.send_response(503)
                    self.send_header("Retry-After", "1")
                    self.send_header("Content-Type", "application/problem+json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                    return
                conn = http.client.HTTPConnection(proxy.target_host, proxy.target_port, timeout=30)
                headers = {
                    k: v
                    for k, v in self.headers.items()
                    if k.lower() in ("x-api-key", "content-type", "content-encoding", "accept")
                }
                conn.request(self.command, self.path, body=body, headers=headers)
                resp = conn.getresponse()
                data = resp.read()
                conn.close()
                with proxy.lock:
                    proxy.forwarded += 1
                self.send_response(resp.status)
                self.send_header("Content-Type", resp.getheader("Content-Type") or "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_POST = _handle
            do_GET = _handle

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def test_a_server_answering_503_for_a_while_loses_nothing(server: Any, unique: Any) -> None:
    source = unique("busy")
    proxy = _Unavailable503Proxy(server.url, seconds=2.0)
    handler = ailogger.Handler(proxy.url, server.key, source, batch_size=200, flush_interval=0.1)
    log = _logger(source, handler)
    try:
        started = time.monotonic()
        for i in range(1000):
            log.info("busy %d", i, extra={"seq": i})
        assert time.monotonic() - started < 2.0  # logging never waited for the 503s
        time.sleep(0.5)
        for i in range(1000, 2000):
            log.info("busy %d", i, extra={"seq": i})
        assert handler.flush(timeout=60), handler.stats
        assert proxy.refused >= 2, "the proxy never refused anything: the test proves nothing"
        assert time.monotonic() - started >= 1.9  # Retry-After was honoured, not hammered
        assert server.wait_total(f"source:{source}", 2000) == 2000
        seqs = {e["properties"]["seq"] for e in server.search_all(f"source:{source}")}
        assert seqs == set(range(2000))
        stats = handler.stats
        assert stats["retries"] >= 1
        assert stats["logs"]["dropped"] == 0 and stats["logs"]["rejected"] == 0
    finally:
        handler.close()
        proxy.close()


def _closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def test_a_server_that_is_gone_never_blocks_and_the_buffer_stays_bounded(unique: Any) -> None:
    source = unique("gone")
    handler = ailogger.Handler(
        f"http://127.0.0.1:{_closed_port()}", "no-key", source, buffer_size=500, batch_size=100, exit_timeout=0.5
    )
    log = _logger(source, handler)
    started = time.perf_counter()
    for i in range(10_000):
        log.info("nobody listens %d", i, extra={"seq": i})
    elapsed = time.perf_counter() - started
    try:
        assert elapsed < 2.0, f"10,000 records took {elapsed:.2f} s with the server gone"
        stats = handler.stats["logs"]
        assert stats["queued"] <= 500
        assert handler.dropped >= 10_000 - 500 - 100  # at most one buffer plus one batch in flight
        assert handler.flush(timeout=0.3) is False  # a flush gives up after its timeout
        assert handler.stats["last_error"]
    finally:
        closing = time.perf_counter()
        handler.close()
        assert time.perf_counter() - closing < 3.0
