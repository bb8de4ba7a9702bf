"""AI-Logger's Python client: logs, traces, model monitoring and test results.

>>> import logging, ailogger
>>> ailogger.configure("http://localhost:5000", api_key="...", source="trainer")
>>> logging.getLogger(__name__).info("epoch done", extra={"epoch": 3, "loss": 0.12})

Standard library only. See ``docs/python.md`` for the whole story.
"""

from __future__ import annotations

from ._version import __version__
from ._state import get_client, set_client
from .client import Client
from .errors import AILoggerError, ApiError, ConfigurationError, ServerUnavailable
from .handler import Handler, configure, flush, shutdown
from .tracing import (
    Span,
    Thread,
    current_span,
    current_span_id,
    current_trace_id,
    span,
    start_span,
    traced,
    wrap,
)
from . import models, tests  # noqa: E402  (submodules, imported for ailogger.models / ailogger.tests)

__all__ = [
    "__version__",
    "configure",
    "flush",
    "shutdown",
    "get_client",
    "set_client",
    "Client",
    "Handler",
    "Span",
    "span",
    "start_span",
    "traced",
    "wrap",
    "Thread",
    "current_span",
    "current_trace_id",
    "current_span_id",
    "models",
    "tests",
    "AILoggerError",
    "ApiError",
    "ConfigurationError",
    "ServerUnavailable",
]
