"""Exceptions raised by the AI-Logger client."""

from __future__ import annotations

from typing import Any, Optional


class AILoggerError(Exception):
    """Base class of every exception the client raises."""


class ConfigurationError(AILoggerError):
    """The client is missing something it needs (a URL, a key) or got an unusable value."""


class ServerUnavailable(AILoggerError):
    """The server could not be reached, or kept answering 503/429, for a synchronous call."""


class ApiError(AILoggerError):
    """The server refused a request (4xx/5xx).

    ``detail`` is the server's explanation: the ``detail`` member of its problem-details
    answer (or the OTLP ``message`` / Seq ``Error`` member), else the body's text.
    ``body`` is the parsed JSON answer when there is one, and ``errors`` its ``errors``
    member (per field, or per index of a batch) when present.
    """

    def __init__(self, status: int, detail: str, body: Any = None, method: str = "", path: str = "") -> None:
        self.status = status
        self.detail = detail
        self.body = body
        self.method = method
        self.path = path
        self.errors: Optional[Any] = body.get("errors") if isinstance(body, dict) else None
        where = f" ({method} {path})" if method else ""
        super().__init__(f"AI-Logger answered {status}{where}: {detail}")
