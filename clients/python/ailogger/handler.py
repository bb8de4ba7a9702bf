"""The :mod:`logging` handler and :func:`configure`."""

from __future__ import annotations

import logging
from typing import Any, Dict, Mapping, Optional, Union

from . import _state
from .client import Client
from .tracing import current_ids

__all__ = ["Handler", "configure", "shutdown", "flush"]

# Attributes every LogRecord has; anything else on a record came from ``extra=``.
_STANDARD_ATTRS = frozenset(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {
    "message",
    "asctime",
    "taskName",
}

_LEVELS: Dict[int, str] = {
    logging.NOTSET: "verbose",
    logging.DEBUG: "debug",
    logging.INFO: "information",
    logging.WARNING: "warning",
    logging.ERROR: "error",
    logging.CRITICAL: "fatal",
}

MAX_MESSAGE_CHARS = 64 * 1024
MAX_EXCEPTION_CHARS = 64 * 1024
_CUT = "…[cut]"

_exception_formatter = logging.Formatter()


def _level_name(levelno: int) -> str:
    name = _LEVELS.get(levelno)
    if name is not None:
        return name
    if levelno < logging.DEBUG:
        name = "verbose"
    elif levelno < logging.INFO:
        name = "debug"
    elif levelno < logging.WARNING:
        name = "information"
    elif levelno < logging.ERROR:
        name = "warning"
    elif levelno < logging.CRITICAL:
        name = "error"
    else:
        name = "fatal"
    _LEVELS[levelno] = name
    return name


class Handler(logging.Handler):
    """A :class:`logging.Handler` sending records to ``POST /api/logs`` in batches.

    ``emit`` only turns the record into a dict and appends it to a bounded queue; a
    background thread sends. Each event carries the message, level, time, ``source``, the
    exception's traceback (``exception``), and as properties ``logger``, ``module``,
    ``funcName``, ``lineno``, every ``extra=`` field and the ``properties`` given here; inside
    a span, ``trace_id`` and ``span_id``.

    Pass ``client=`` to share a :class:`~ailogger.Client`, or the client's settings (``url``,
    ``api_key``, ``source``, ``batch_size``, ``flush_interval``, ``buffer_size``, ``compress``,
    ``max_retry_delay``, ``timeout``, ...) to have the handler build and own one.

    With a formatter set (``setFormatter``), the message is ``formatter.format(record)``;
    without, it is ``record.getMessage()``.
    """

    def __init__(
        self,
        url: Optional[str] = None,
        api_key: Optional[str] = None,
        source: Optional[str] = None,
        *,
        level: Union[int, str] = logging.NOTSET,
        properties: Optional[Mapping[str, Any]] = None,
        client: Optional[Client] = None,
        **client_options: Any,
    ) -> None:
        super().__init__(level)
        if client is None:
            client = Client(url, api_key, source, properties=properties, **client_options)
            self._owns_client = True
            extra_props: Dict[str, Any] = dict(client.properties)
        else:
            if url or api_key or client_options:
                raise TypeError("pass either client= or the client's settings, not both")
            self._owns_client = False
            extra_props = dict(client.properties)
            if properties:
                extra_props.update(properties)
        self.client = client
        self.source = source or client.source
        self.properties: Dict[str, Any] = extra_props

    # -- counters
    @property
    def dropped(self) -> int:
        """Log records lost because the buffer was full (or unsent when closing)."""
        return int(self.client.stats["logs"]["dropped"])

    @property
    def stats(self) -> Dict[str, Any]:
        """The client's counters (see :attr:`ailogger.Client.stats`)."""
        return self.client.stats

    # -- logging.Handler
    def emit(self, record: logging.LogRecord) -> None:
        try:
            if self.formatter is not None:
                message = self.format(record)
            else:
                message = record.getMessage()
            if len(message) > MAX_MESSAGE_CHARS:
                message = message[:MAX_MESSAGE_CHARS] + _CUT
            details: Dict[str, Any] = {
                "logger": record.name,
                "module": record.module,
                "funcName": record.funcName,
                "lineno": record.lineno,
            }
            if self.properties:
                details.update(self.properties)
            for key, value in record.__dict__.items():
                if key not in _STANDARD_ATTRS:
                    details[key] = value
            event: Dict[str, Any] = {
                "timestamp": record.created,
                "level": _LEVELS.get(record.levelno) or _level_name(record.levelno),
                "message": message,
                "source": self.source,
                "details": details,
            }
            if record.exc_info:
                if not record.exc_text:
                    record.exc_text = _exception_formatter.formatException(record.exc_info)
            if record.exc_text:
                text = record.exc_text
                if len(text) > MAX_EXCEPTION_CHARS:
                    text = text[:MAX_EXCEPTION_CHARS] + _CUT
                event["exception"] = text
            if record.stack_info:
                details["stack_info"] = record.stack_info
            ids = current_ids()
            if ids is not None:
                event["trace_id"] = ids[0]
                event["span_id"] = ids[1]
                if ids[2]:
                    event["parent_span_id"] = ids[2]
            self.client.enqueue_log(event)
        except RecursionError:
            raise
        except Exception:
            self.handleError(record)

    def flush(self, timeout: Optional[float] = None) -> bool:  # type: ignore[override]
        """Waits until the records emitted so far are sent, at most ``timeout`` seconds
        (default: the client's ``flush_timeout``, 10 s). Returns ``True`` when all were."""
        if self.client.closed:
            return True
        return self.client.flush(timeout)

    def close(self) -> None:
        """Flushes (at most the client's ``exit_timeout``) and, if the handler built its
        client, stops it."""
        try:
            if self._owns_client:
                self.client.close()
            elif not self.client.closed:
                self.client.flush(self.client.exit_timeout)
        finally:
            super().close()


_installed: Optional[Handler] = None


def configure(
    url: Optional[str] = None,
    api_key: Optional[str] = None,
    source: Optional[str] = None,
    level: Union[int, str, None] = "INFO",
    properties: Optional[Mapping[str, Any]] = None,
    *,
    logger: Optional[logging.Logger] = None,
    **client_options: Any,
) -> Handler:
    """Sets up AI-Logger for this process and returns the installed :class:`Handler`.

    - builds a :class:`~ailogger.Client` (``url`` and ``api_key`` default to ``AILOGGER_URL``
      and ``AILOGGER_API_KEY``) and makes it the default for spans and model monitoring;
    - adds a :class:`Handler` to the root logger (or ``logger``), replacing one an earlier
      ``configure`` call installed;
    - sets that logger's level to ``level`` (as :func:`logging.basicConfig` does; ``None``
      leaves it alone).

    ``client_options`` are the client's settings (``batch_size``, ``flush_interval``,
    ``buffer_size``, ``compress``, ...). Raises :class:`~ailogger.errors.ConfigurationError`
    when no URL is given or set in the environment.
    """
    global _installed
    client = Client(url, api_key, source, properties=properties, **client_options)
    handler = Handler(client=client)
    handler._owns_client = True
    target = logger if logger is not None else logging.getLogger()
    previous = _installed
    if previous is not None:
        for lg in [logging.getLogger()] + [
            v for v in logging.Logger.manager.loggerDict.values() if isinstance(v, logging.Logger)
        ]:
            if previous in lg.handlers:
                lg.removeHandler(previous)
    target.addHandler(handler)
    if level is not None:
        target.setLevel(level.upper() if isinstance(level, str) else level)
    old_client = _state.set_client(client)
    _installed = handler
    if previous is not None:
        previous.close()
    elif old_client is not None and old_client is not client:
        old_client.flush(old_client.exit_timeout)
    return handler


def flush(timeout: Optional[float] = None) -> bool:
    """Waits until what the default client queued so far is sent (see :meth:`Client.flush`)."""
    client = _state.get_client()
    if client is None:
        return True
    return client.flush(timeout)


def shutdown(timeout: Optional[float] = None) -> bool:
    """Flushes and stops the default client and removes the handler :func:`configure` installed.

    Also runs by itself at the interpreter's exit.
    """
    global _installed
    handler, _installed = _installed, None
    client = _state.set_client(None)
    ok = True
    if handler is not None:
        for lg in [logging.getLogger()] + [
            v for v in logging.Logger.manager.loggerDict.values() if isinstance(v, logging.Logger)
        ]:
            if handler in lg.handlers:
                lg.removeHandler(handler)
        if handler.client is not client:
            handler.close()
    if client is not None:
        ok = client.close(timeout)
    if handler is not None:
        logging.Handler.close(handler)
    return ok
