"""A small HTTP/1.1 client on :mod:`http.client` with a persistent (keep-alive) connection.

One :class:`Connection` is used by one thread at a time (the background sender owns one;
synchronous calls share another under a lock).
"""

from __future__ import annotations

import email.utils
import http.client
import json
import socket
import ssl
import time
import uuid
from typing import Any, Dict, Iterable, List, Mapping, Optional, Tuple
from urllib.parse import quote, urlencode, urlsplit

from ._version import __version__
from .errors import ApiError, ConfigurationError

USER_AGENT = f"ailogger-python/{__version__}"

# Errors after which a request may simply be sent again on a fresh connection.
CONNECTION_ERRORS: Tuple[type, ...] = (
    OSError,  # ConnectionRefusedError, ConnectionResetError, BrokenPipeError, socket.timeout, ...
    http.client.HTTPException,  # RemoteDisconnected, BadStatusLine, IncompleteRead, ...
)


class Response:
    """A status, the headers (lower-cased names) and the raw body."""

    __slots__ = ("status", "headers", "data")

    def __init__(self, status: int, headers: Dict[str, str], data: bytes) -> None:
        self.status = status
        self.headers = headers
        self.data = data

    def json(self) -> Any:
        """The body parsed as JSON, or ``None`` when it is empty or not JSON."""
        if not self.data:
            return None
        try:
            return json.loads(self.data.decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            return None

    def retry_after(self) -> Optional[float]:
        """Seconds asked for by ``Retry-After`` (delta-seconds or an HTTP date), if any."""
        return parse_retry_after(self.headers.get("retry-after"))

    def detail(self) -> str:
        """The server's explanation of an error answer."""
        return error_detail(self.json(), self.data, self.status)


def parse_retry_after(value: Optional[str]) -> Optional[float]:
    """Reads a ``Retry-After`` header: a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - time.time())


def error_detail(body: Any, raw: bytes, status: int) -> str:
    """The best human explanation found in an error answer."""
    if isinstance(body, dict):
        for key in ("detail", "message", "Error", "error", "title"):
            value = body.get(key)
            if isinstance(value, str) and value:
                return value
    text = raw.decode("utf-8", "replace").strip() if raw else ""
    if text:
        return text[:2000]
    return http.client.responses.get(status, "HTTP error")


class Endpoint:
    """The parsed base URL of a server."""

    def __init__(self, url: str) -> None:
        if not url:
            raise ConfigurationError("No AI-Logger URL: pass url= or set AILOGGER_URL (e.g. http://localhost:5000).")
        if "://" not in url:
            url = "http://" + url
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            raise ConfigurationError(f"AI-Logger URL must be http:// or https://, not {url!r}.")
        if not parts.hostname:
            raise ConfigurationError(f"AI-Logger URL has no host: {url!r}.")
        self.url = url
        self.scheme = parts.scheme
        self.host = parts.hostname
        try:
            self.port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError as e:
            raise ConfigurationError(f"AI-Logger URL has a bad port: {url!r}.") from e
        self.base_path = parts.path.rstrip("/")

    def path(self, path: str, query: Optional[Mapping[str, Any]] = None) -> str:
        """The request target for ``path`` (which starts with ``/``) below the base URL."""
        target = self.base_path + path
        if query:
            items = [(k, _query_value(v)) for k, v in query.items() if v is not None]
            if items:
                target += "?" + urlencode(items)
        return target

    def __repr__(self) -> str:
        return f"Endpoint({self.url!r})"


def _query_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, separators=(",", ":"))
    return str(value)


def quote_segment(value: str) -> str:
    """Escapes one path segment (a model name, an id)."""
    return quote(str(value), safe="")


class Connection:
    """A keep-alive connection to one server. Not thread-safe: one user at a time."""

    def __init__(
        self,
        endpoint: Endpoint,
        api_key: Optional[str],
        timeout: float = 10.0,
        ssl_context: Optional[ssl.SSLContext] = None,
    ) -> None:
        self.endpoint = endpoint
        self.api_key = api_key
        self.timeout = timeout
        self.ssl_context = ssl_context
        self._conn: Optional[http.client.HTTPConnection] = None
        self._requests_on_conn = 0

    def _open(self) -> http.client.HTTPConnection:
        e = self.endpoint
        if e.scheme == "https":
            conn: http.client.HTTPConnection = http.client.HTTPSConnection(
                e.host, e.port, timeout=self.timeout, context=self.ssl_context or ssl.create_default_context()
            )
        else:
            conn = http.client.HTTPConnection(e.host, e.port, timeout=self.timeout)
        conn.connect()
        try:
            if conn.sock is not None:
                conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:
            pass
        self._requests_on_conn = 0
        return conn

    def close(self) -> None:
        """Closes the socket (a later request opens a new one)."""
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                conn.close()
            except Exception:
                pass

    def request(
        self,
        method: str,
        target: str,
        body: Optional[bytes] = None,
        headers: Optional[Mapping[str, str]] = None,
    ) -> Response:
        """Sends one request and reads the whole answer.

        A request that fails on a connection that had already served requests (the server
        may have closed an idle keep-alive connection) is sent once more on a new one.
        Other connection failures raise (``OSError`` / ``http.client.HTTPException``).
        """
        all_headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
        if self.api_key:
            all_headers["X-API-Key"] = self.api_key
        if headers:
            all_headers.update(headers)
        for attempt in (0, 1):
            reused = self._conn is not None and self._requests_on_conn > 0
            try:
                if self._conn is None:
                    self._conn = self._open()
                conn = self._conn
                conn.request(method, target, body=body, headers=all_headers)
                resp = conn.getresponse()
                data = resp.read()
                self._requests_on_conn += 1
                result = Response(resp.status, {k.lower(): v for k, v in resp.getheaders()}, data)
                if resp.will_close:
                    self.close()
                return result
            except CONNECTION_ERRORS as e:
                self.close()
                # A stale keep-alive connection fails at once; a timeout means the server is slow:
                # sending again at once would not help and could store the batch twice.
                if attempt == 0 and reused and not isinstance(e, socket.timeout):
                    continue
                raise
        raise AssertionError("unreachable")  # pragma: no cover


def raise_for_status(resp: Response, method: str, target: str) -> Any:
    """Returns the parsed JSON of a 2xx answer, or raises :class:`ApiError` with the server's detail."""
    if 200 <= resp.status < 300:
        return resp.json()
    raise ApiError(resp.status, resp.detail(), resp.json(), method, target.split("?", 1)[0])


def encode_multipart(
    fields: Iterable[Tuple[str, str]], files: Iterable[Tuple[str, str, bytes, str]]
) -> Tuple[bytes, str]:
    """Builds a ``multipart/form-data`` body.

    ``fields`` are ``(name, value)``; ``files`` are ``(field name, file name, content, content type)``.
    Returns the body and its ``Content-Type`` header.
    """
    boundary = "ailogger-" + uuid.uuid4().hex
    out: List[bytes] = []
    for name, value in fields:
        out.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{_mp_escape(name)}"\r\n\r\n'.encode("utf-8")
        )
        out.append(str(value).encode("utf-8"))
        out.append(b"\r\n")
    for name, filename, content, ctype in files:
        out.append(
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{_mp_escape(name)}"; '
                f'filename="{_mp_escape(filename)}"\r\nContent-Type: {ctype}\r\n\r\n'
            ).encode("utf-8")
        )
        out.append(content)
        out.append(b"\r\n")
    out.append(f"--{boundary}--\r\n".encode("ascii"))
    return b"".join(out), f"multipart/form-data; boundary={boundary}"


def _mp_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', "%22").replace("\r", " ").replace("\n", " ")
