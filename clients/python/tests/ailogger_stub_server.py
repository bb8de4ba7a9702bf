"""A programmable local HTTP server for the client's unit tests (no AI-Logger needed)."""

from __future__ import annotations

import gzip
import http.server
import json
import threading
import time
from typing import Any, Callable, Dict, List, Optional, Tuple

Reply = Tuple[int, Dict[str, str], Any]


class Request:
    def __init__(self, method: str, path: str, headers: Dict[str, str], raw: bytes, peer: Tuple[str, int]) -> None:
        self.method = method
        self.path = path
        self.headers = headers
        self.raw = raw
        self.peer = peer
        self.at = time.monotonic()
        self.status = 0
        body = gzip.decompress(raw) if headers.get("content-encoding") == "gzip" else raw
        self.body_bytes = body
        try:
            self.json: Any = json.loads(body.decode("utf-8")) if body else None
        except ValueError:
            self.json = None


class StubServer:
    """Records every request; ``reply(request)`` decides the answer (default 201 ``{"ingested": n}``)."""

    def __init__(self, reply: Optional[Callable[[Request], Reply]] = None) -> None:
        self.requests: List[Request] = []
        self.lock = threading.Lock()
        self.reply = reply or (lambda r: (201, {}, {"ingested": len(r.json) if isinstance(r.json, list) else 1}))
        stub = self

        class H(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def log_message(self, *args: Any) -> None:
                pass

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                req = Request(
                    self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, raw, self.client_address
                )
                with stub.lock:
                    stub.requests.append(req)
                status, headers, body = stub.reply(req)
                req.status = status
                data = body if isinstance(body, bytes) else json.dumps(body).encode("utf-8")
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Type", "application/json")
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

    def __enter__(self) -> "StubServer":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def posted(self, path: str = "/api/logs", accepted_only: bool = True) -> List[Request]:
        """Requests to ``path`` (by default only those answered 2xx)."""
        with self.lock:
            return [
                r
                for r in self.requests
                if r.path.split("?")[0] == path and (not accepted_only or 200 <= r.status < 300)
            ]

    def events(self, path: str = "/api/logs") -> List[Dict[str, Any]]:
        """The items of the accepted requests to ``path``."""
        out: List[Dict[str, Any]] = []
        for r in self.posted(path):
            out.extend(r.json if isinstance(r.json, list) else [r.json])
        return out

    def wait_for(self, predicate: Callable[[], bool], timeout: float = 10.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate():
                return True
            time.sleep(0.02)
        return predicate()
