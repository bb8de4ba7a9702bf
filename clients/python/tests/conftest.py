"""Shared fixtures of the Python client's tests.

Tests marked by the ``server`` fixture talk to a real AI-Logger named by
``AILOGGER_TEST_URL`` and ``AILOGGER_TEST_API_KEY`` (a key with every scope). Without them
those tests are skipped — unless ``AILOGGER_PYTEST=required``, when they fail. Every test uses
its own source / model / project names, so many runs can share one server.
"""

from __future__ import annotations

import json
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from typing import Any, Callable, Dict, List, Optional

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
PACKAGE_ROOT = os.path.dirname(HERE)
if PACKAGE_ROOT not in sys.path:
    sys.path.insert(0, PACKAGE_ROOT)

os.environ.setdefault("AILOGGER_QUIET", "1")  # the client's stderr diagnostics would only be noise here


class Server:
    """A real AI-Logger under test, read with plain urllib (independent of the client)."""

    def __init__(self, url: str, key: str) -> None:
        self.url = url.rstrip("/")
        self.key = key

    def get(self, path: str, **query: Any) -> Any:
        q = urllib.parse.urlencode({k: v for k, v in query.items() if v is not None})
        req = urllib.request.Request(f"{self.url}{path}{'?' + q if q else ''}", headers={"X-API-Key": self.key})
        with urllib.request.urlopen(req, timeout=30) as resp:
            return json.load(resp)

    def get_status(self, path: str, **query: Any) -> int:
        try:
            self.get(path, **query)
            return 200
        except urllib.error.HTTPError as e:
            return e.code

    def total(self, query: str) -> int:
        return int(self.get("/api/logs/aggregate", q=query)["total"])

    def wait_total(self, query: str, expected: int, timeout: float = 30.0) -> int:
        """Polls the count of events matching ``query`` until it reaches ``expected``."""
        deadline = time.monotonic() + timeout
        total = -1
        while time.monotonic() < deadline:
            total = self.total(query)
            if total >= expected:
                return total
            time.sleep(0.2)
        return total

    def search_all(self, query: str) -> List[Dict[str, Any]]:
        """Every event matching ``query``, following the ``next`` cursor."""
        events: List[Dict[str, Any]] = []
        before: Optional[str] = None
        while True:
            page = self.get("/api/logs/search", q=query, limit=1000, before=before)
            events.extend(page["events"])
            before = page.get("next")
            if not before or not page["events"]:
                return events

    def wait_trace(self, trace_id: str, spans: int, timeout: float = 30.0) -> Dict[str, Any]:
        """Polls ``GET /api/traces/{id}`` until it has ``spans`` spans (returns the last answer)."""
        deadline = time.monotonic() + timeout
        last: Dict[str, Any] = {}
        while time.monotonic() < deadline:
            try:
                last = self.get(f"/api/traces/{trace_id}")
                if len(last.get("spans", [])) >= spans and not last.get("fromLogs"):
                    return last
            except urllib.error.HTTPError as e:
                if e.code != 404:
                    raise
            time.sleep(0.2)
        return last


def _require_or_skip(reason: str) -> None:
    if os.environ.get("AILOGGER_PYTEST", "").lower() == "required":
        pytest.fail(f"{reason} (AILOGGER_PYTEST=required)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def server() -> Server:
    """The AI-Logger under test; skips (or fails when required) without one."""
    url = os.environ.get("AILOGGER_TEST_URL")
    key = os.environ.get("AILOGGER_TEST_API_KEY")
    if not url or not key:
        _require_or_skip("AILOGGER_TEST_URL and AILOGGER_TEST_API_KEY are not set: no AI-Logger server to test against")
    s = Server(url, key)  # type: ignore[arg-type]
    try:
        with urllib.request.urlopen(f"{s.url}/healthz", timeout=10) as resp:
            resp.read()
    except Exception as e:  # a named server that does not answer is a failure, not a skip
        pytest.fail(f"AI-Logger at {url} does not answer /healthz: {e}", pytrace=False)
    return s


@pytest.fixture
def unique() -> Callable[[str], str]:
    """Makes names unique to this test run: ``unique("logs")`` → ``py-logs-1a2b3c4d5e6f``."""
    tag = uuid.uuid4().hex[:12]

    def make(prefix: str = "t") -> str:
        return f"py-{prefix}-{tag}"

    return make
