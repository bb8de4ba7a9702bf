"""The process-wide default client (set by :func:`ailogger.configure`)."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:  # pragma: no cover
    from .client import Client

_lock = threading.Lock()
_default: "Optional[Client]" = None


def get_client() -> "Optional[Client]":
    """The client that spans and model monitoring use when none is passed, or ``None``."""
    return _default


def set_client(client: "Optional[Client]") -> "Optional[Client]":
    """Makes ``client`` the default; returns the previous one."""
    global _default
    with _lock:
        previous, _default = _default, client
    return previous
