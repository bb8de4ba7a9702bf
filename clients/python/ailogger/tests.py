"""Pushing CI test results: ``ailogger.tests.push("report.xml", project="checkout")``.

JUnit XML (pytest's ``--junitxml``, jest-junit, Surefire), TRX, pytest-json-report and
Cobertura coverage go to ``POST /api/tests/runs``; one call is one run. From a shell:
``python -m ailogger push report.xml --project checkout --branch main``.

(This module is part of the package, not its test suite: those live in ``clients/python/tests``.)
"""

from __future__ import annotations

import datetime
import os
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple, Union

from . import _state
from ._http import encode_multipart
from .client import Client
from .errors import ApiError, ConfigurationError

__all__ = ["push", "ReportRefused"]

PathLike = Union[str, "os.PathLike[str]"]


class ReportRefused(ApiError):
    """The server refused the reports (malformed file, missing project...): ``detail`` says why."""

    def __init__(self, error: ApiError, files: Sequence[str]) -> None:
        super().__init__(error.status, error.detail, error.body, error.method, error.path)
        names = ", ".join(files)
        self.files = list(files)
        self.args = (f"AI-Logger refused the test report {names} ({error.status}): {error.detail}",)

    def __str__(self) -> str:
        return str(self.args[0])


def _content_type(name: str) -> Tuple[str, Optional[str]]:
    """The content type and encoding of a report file, from its name."""
    lower = name.lower()
    encoding = None
    if lower.endswith(".gz"):
        encoding = "gzip"
        lower = lower[:-3]
    if lower.endswith(".json"):
        return "application/json", encoding
    if lower.endswith((".xml", ".trx")):
        return "application/xml", encoding
    return "application/octet-stream", encoding


def _started(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            return value.isoformat()
        return value.astimezone(datetime.timezone.utc).isoformat().replace("+00:00", "Z")
    return value


def push(
    path: Union[PathLike, Sequence[PathLike]],
    project: str,
    branch: Optional[str] = None,
    commit: Optional[str] = None,
    build_url: Optional[str] = None,
    build_id: Optional[str] = None,
    format: Optional[str] = None,
    *,
    environment: Optional[str] = None,
    started_at: Union[None, str, datetime.datetime] = None,
    labels: Union[None, str, Mapping[str, Any]] = None,
    coverage: Optional[PathLike] = None,
    url: Optional[str] = None,
    api_key: Optional[str] = None,
    client: Optional[Client] = None,
    timeout: float = 120.0,
) -> Dict[str, Any]:
    """Pushes one CI run's report(s) and returns the server's answer.

    ``path``: one report (sent as the request body) or several (sent as multipart parts,
    like ``coverage``, a Cobertura file). The metadata goes as query parameters.
    ``format`` (``junit``, ``trx``, ``pytest-json``, ``cobertura``) is detected when left out.

    Returns ``{"runId", "tests", "passed", "failed", "errors", "skipped", "flaky",
    "durationMs", "duplicate", "url"}``. Raises :class:`ReportRefused` (an
    :class:`~ailogger.errors.ApiError`) carrying the server's ``detail`` when the server
    refuses the report, ``FileNotFoundError`` for a missing file.

    The server is ``client``, else the one :func:`ailogger.configure` set up, else ``url`` /
    ``api_key`` (default ``AILOGGER_URL`` / ``AILOGGER_API_KEY``).
    """
    if not project:
        raise ValueError("push needs project= (the project the run belongs to)")
    paths: List[PathLike]
    if isinstance(path, (str, os.PathLike)):
        paths = [path]
    else:
        paths = list(path)
    if not paths:
        raise ValueError("push needs at least one report file")
    if client is None:
        if url is not None or api_key is not None:
            client = Client(url, api_key)
        else:
            client = _state.get_client()
            if client is None:
                try:
                    client = Client()
                except ConfigurationError as e:
                    raise ConfigurationError(
                        "ailogger.tests.push needs a server: pass url= and api_key=, call "
                        "ailogger.configure(...), or set AILOGGER_URL and AILOGGER_API_KEY."
                    ) from e

    if isinstance(labels, Mapping):
        labels_value: Any = dict(labels)
    else:
        labels_value = labels
    query: Dict[str, Any] = {
        "project": project,
        "branch": branch,
        "commit": commit,
        "buildUrl": build_url,
        "buildId": build_id,
        "format": format,
        "environment": environment,
        "startedAt": _started(started_at),
        "labels": labels_value,
    }
    files: List[Tuple[str, str, bytes, str]] = []
    names: List[str] = []
    for p in paths:
        name = os.path.basename(os.fspath(p))
        with open(p, "rb") as f:
            files.append(("file", name, f.read(), _content_type(name)[0]))
        names.append(name)
    if coverage is not None:
        name = os.path.basename(os.fspath(coverage))
        with open(coverage, "rb") as f:
            files.append(("coverage", name, f.read(), _content_type(name)[0]))
        names.append(name)

    headers: Dict[str, str] = {}
    if len(files) == 1:
        _, name, content, ctype = files[0]
        body = content
        headers["Content-Type"] = ctype
        enc = _content_type(name)[1]
        if enc:
            headers["Content-Encoding"] = enc
    else:
        body, headers["Content-Type"] = encode_multipart([], files)
    try:
        return client.request("POST", "/api/tests/runs", query=query, body=body, headers=headers, timeout=timeout)
    except ApiError as e:
        raise ReportRefused(e, names) from None
