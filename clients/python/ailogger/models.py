"""Model monitoring: register a model, log its predictions and, later, the true classes.

>>> from ailogger import models
>>> models.register("cats-vs-dogs", classes=["cat", "dog"], version="1.2")
>>> models.log_prediction("cats-vs-dogs", "img_0001.jpg", "cat", confidence=0.93,
...                       features={"brightness": 0.41})
>>> models.log_validation("cats-vs-dogs", "img_0001.jpg", "dog")

Predictions and validations are queued and sent in batches by the client's background thread
(``POST /api/models/{name}/predictions`` and ``…/validations``), predictions always before the
validations queued after them. Registering and reading are synchronous calls.
"""

from __future__ import annotations

import datetime
import math
import time
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Union

from . import _state
from ._http import quote_segment
from .client import Client
from .errors import ConfigurationError

__all__ = [
    "register",
    "log_prediction",
    "log_validation",
    "flush",
    "get",
    "metrics",
    "daily_metrics",
    "drift",
    "recompute",
    "set_reference",
]

Timestamp = Union[None, str, int, float, datetime.datetime]
ItemId = Union[str, int]
ClassLabel = Union[str, int]


def _client(client: Optional[Client]) -> Client:
    if client is not None:
        return client
    c = _state.get_client()
    if c is not None:
        return c
    try:
        c = Client()
    except ConfigurationError as e:
        raise ConfigurationError(
            "ailogger.models needs a server: call ailogger.configure(...) first, pass client=, "
            "or set AILOGGER_URL and AILOGGER_API_KEY."
        ) from e
    _state.set_client(c)
    return c


def _time(value: Timestamp) -> Any:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            return value.isoformat()
        return value.astimezone(datetime.timezone.utc).isoformat().replace("+00:00", "Z")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _check_id(value: Any) -> ItemId:
    if value is None or (isinstance(value, str) and not value):
        raise ValueError("a prediction needs an id (a file name, a request id...)")
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return str(value)
    return value


def _check_probability(name: str, value: Any) -> float:
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number in [0, 1], not {value!r}") from None
    if not (0.0 <= v <= 1.0) or math.isnan(v):
        raise ValueError(f"{name} must lie in [0, 1], not {value!r}")
    return v


def _label(value: Any) -> Any:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (str, int)):
        return value
    if hasattr(value, "item"):  # numpy scalars
        try:
            return value.item()
        except Exception:
            pass
    return str(value)


def register(
    name: str,
    classes: Optional[Sequence[ClassLabel]] = None,
    *,
    version: Optional[str] = None,
    description: Optional[str] = None,
    client: Optional[Client] = None,
) -> Dict[str, Any]:
    """Registers a model, or updates it (``POST /api/models``); returns the server's model.

    ``classes``: when given, predictions and validations of other classes are refused.
    Raises :class:`~ailogger.errors.ApiError` with the server's detail when refused.
    """
    body: Dict[str, Any] = {"name": name}
    if classes is not None:
        body["classes"] = [str(_label(c)) for c in classes]
    if version is not None:
        body["version"] = str(version)
    if description is not None:
        body["description"] = description
    return _client(client).request("POST", "/api/models", json_body=body)


def log_prediction(
    model: str,
    id: ItemId,
    predicted: ClassLabel,
    confidence: Optional[float] = None,
    features: Optional[Mapping[str, Any]] = None,
    timestamp: Timestamp = None,
    probabilities: Optional[Mapping[Any, float]] = None,
    *,
    actual: Optional[ClassLabel] = None,
    client: Optional[Client] = None,
) -> None:
    """Queues one prediction of ``model`` (never blocks; sent in batches).

    ``id`` names the item predicted on, unique per model: sending the same id again replaces
    the prediction. ``timestamp`` (a datetime, ISO string or Unix seconds) defaults to now.
    ``actual`` marks it validated at once. Obviously wrong values (no id, a confidence
    outside [0, 1]) raise ``ValueError`` here instead of being refused later by the server.
    """
    if predicted is None:
        raise ValueError("predicted must be a class")
    record: Dict[str, Any] = {"id": _check_id(id), "predicted": _label(predicted)}
    if confidence is not None:
        record["confidence"] = _check_probability("confidence", confidence)
    if probabilities is not None:
        record["probabilities"] = {
            str(_label(k)): _check_probability(f"probabilities[{k!r}]", v) for k, v in probabilities.items()
        }
    if features is not None:
        if not isinstance(features, Mapping):
            raise ValueError("features must be a mapping of name to value")
        record["features"] = dict(features)
    record["timestamp"] = _time(timestamp) if timestamp is not None else time.time()
    if actual is not None:
        record["actual"] = _label(actual)
    _client(client).enqueue_prediction(model, record)


def log_validation(
    model: str,
    id: ItemId,
    actual: ClassLabel,
    *,
    validated_at: Timestamp = None,
    client: Optional[Client] = None,
) -> None:
    """Queues the true class of an earlier prediction (``id``) of ``model``.

    Sent after the predictions queued before it. A validation whose prediction the server
    does not have is refused by it (counted in the client's ``stats["models"]["rejected"]``).
    """
    if actual is None:
        raise ValueError("actual must be a class")
    record: Dict[str, Any] = {"id": _check_id(id), "actual": _label(actual)}
    if validated_at is not None:
        record["validatedAt"] = _time(validated_at)
    _client(client).enqueue_validation(model, record)


def flush(timeout: Optional[float] = None, *, client: Optional[Client] = None) -> bool:
    """Waits until the queued predictions and validations (and logs, spans) are sent."""
    return _client(client).flush(timeout)


def get(name: str, *, client: Optional[Client] = None) -> Dict[str, Any]:
    """``GET /api/models/{name}``: the model with its health at a glance."""
    return _client(client).request("GET", f"/api/models/{quote_segment(name)}")


def metrics(
    name: str,
    from_: Timestamp = None,
    to: Timestamp = None,
    *,
    client: Optional[Client] = None,
) -> Dict[str, Any]:
    """``GET /api/models/{name}/metrics``: accuracy, precision, recall, F1, confusion matrix.

    ``from_``/``to``: datetimes, ISO strings or durations ago (``"7d"``). The counts are
    recomputed by a server job every minute; call :func:`recompute` first for fresh figures.
    """
    return _client(client).request(
        "GET", f"/api/models/{quote_segment(name)}/metrics", query={"from": _time(from_), "to": _time(to)}
    )


def daily_metrics(
    name: str, from_: Timestamp = None, to: Timestamp = None, *, client: Optional[Client] = None
) -> List[Dict[str, Any]]:
    """``GET /api/models/{name}/metrics/daily``: the figures per UTC day."""
    return _client(client).request(
        "GET", f"/api/models/{quote_segment(name)}/metrics/daily", query={"from": _time(from_), "to": _time(to)}
    )


def drift(name: str, *, client: Optional[Client] = None) -> List[Dict[str, Any]]:
    """``GET /api/models/{name}/drift``: the latest drift results per feature."""
    return _client(client).request("GET", f"/api/models/{quote_segment(name)}/drift")


def recompute(name: str, wait: bool = True, *, client: Optional[Client] = None) -> Dict[str, Any]:
    """``POST /api/models/{name}/recompute``: brings the metrics (and drift) up to date.

    With ``wait`` (default) the call returns once both jobs ran.
    """
    return _client(client).request(
        "POST",
        f"/api/models/{quote_segment(name)}/recompute",
        query={"wait": "true"} if wait else None,
        timeout=max(60.0, _client(client).timeout),
    )


def set_reference(
    name: str,
    *,
    class_counts: Optional[Mapping[Any, int]] = None,
    from_: Timestamp = None,
    to: Timestamp = None,
    client: Optional[Client] = None,
) -> Dict[str, Any]:
    """``POST /api/models/{name}/reference``: what drift is measured against — the training
    data's ``class_counts``, or a production period [``from_``, ``to``)."""
    body: Dict[str, Any] = {}
    if class_counts is not None:
        body["classCounts"] = {str(_label(k)): int(v) for k, v in class_counts.items()}
    if from_ is not None or to is not None:
        body["from"] = _time(from_)
        body["to"] = _time(to)
    return _client(client).request("POST", f"/api/models/{quote_segment(name)}/reference", json_body=body)
