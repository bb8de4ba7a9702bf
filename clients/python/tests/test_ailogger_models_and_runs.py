"""Model monitoring and CI test results against a real server."""

from __future__ import annotations

import os
from typing import Any

import pytest

import ailogger
from ailogger import models


def test_predictions_and_validations_show_up_in_the_model_metrics(server: Any, unique: Any) -> None:
    name = unique("model")
    client = ailogger.Client(server.url, server.key, unique("models-src"), flush_interval=0.1)
    try:
        registered = models.register(name, ["cat", "dog"], version="1.0", description="test model", client=client)
        assert registered["name"] == name and registered["classes"] == ["cat", "dog"]
        # 10 predictions, interleaved with validations of 8 of them: 6 right, 2 wrong.
        truth = {0: "cat", 1: "dog", 2: "cat", 3: "dog", 4: "cat", 5: "dog", 6: "dog", 7: "cat"}
        predicted = {i: ("cat" if i % 2 == 0 else "dog") for i in range(10)}
        for i in range(10):
            p = predicted[i]
            models.log_prediction(
                name,
                f"item-{i}",
                p,
                confidence=0.8,
                features={"brightness": i / 10, "camera": "front"},
                probabilities={"cat": 0.8 if p == "cat" else 0.2, "dog": 0.2 if p == "cat" else 0.8},
                client=client,
            )
            if i in truth:
                models.log_validation(name, f"item-{i}", truth[i], client=client)
        assert models.flush(timeout=30, client=client)
        stats = client.stats["models"]
        assert stats == {"queued": 0, "sent": 18, "dropped": 0, "rejected": 0}, stats

        models.recompute(name, client=client)
        m = models.metrics(name, client=client)
        right = sum(1 for i, actual in truth.items() if predicted[i] == actual)
        assert right == 6
        assert m["predictions"] == 10
        assert m["validated"] == 8
        assert m["accuracy"] == pytest.approx(right / 8)
        assert m["estimatedAccuracy"] == pytest.approx(0.8)
        assert m["confusion"]["labels"] == ["cat", "dog"]
        # rows = actual, columns = predicted
        cat_cat = sum(1 for i, a in truth.items() if a == "cat" and predicted[i] == "cat")
        cat_dog = sum(1 for i, a in truth.items() if a == "cat" and predicted[i] == "dog")
        dog_cat = sum(1 for i, a in truth.items() if a == "dog" and predicted[i] == "cat")
        dog_dog = sum(1 for i, a in truth.items() if a == "dog" and predicted[i] == "dog")
        assert m["confusion"]["matrix"] == [[cat_cat, cat_dog], [dog_cat, dog_dog]]
        assert models.get(name, client=client)["predictions"] == 10
    finally:
        client.close()


def test_a_refused_prediction_does_not_sink_its_batch(server: Any, unique: Any) -> None:
    name = unique("model-bad")
    client = ailogger.Client(server.url, server.key, flush_interval=0.1)
    try:
        models.register(name, ["yes", "no"], client=client)
        models.log_prediction(name, "a", "yes", client=client)
        models.log_prediction(name, "b", "maybe", client=client)  # not a class of the model
        models.log_prediction(name, "c", "no", client=client)
        models.log_validation(name, "a", "yes", client=client)
        models.log_validation(name, "zzz", "no", client=client)  # no such prediction
        assert models.flush(timeout=30, client=client)
        stats = client.stats["models"]
        assert stats["sent"] == 3 and stats["rejected"] == 2, stats
        models.recompute(name, client=client)
        m = models.metrics(name, client=client)
        assert m["predictions"] == 2 and m["validated"] == 1
    finally:
        client.close()


def test_register_refusal_carries_the_server_detail(server: Any) -> None:
    client = ailogger.Client(server.url, server.key)
    try:
        with pytest.raises(ailogger.ApiError) as err:
            models.register("bad name with spaces!", client=client)
        assert err.value.status == 400
        assert err.value.detail
        with pytest.raises(ValueError):
            models.log_prediction("m", "x", "cat", confidence=1.5, client=client)
    finally:
        client.close()


JUNIT = """<?xml version="1.0" encoding="utf-8"?>
<testsuites>
  <testsuite name="checkout" tests="4" failures="1" errors="0" skipped="1" time="0.6">
    <testcase classname="tests.test_cart" name="test_add" time="0.1"/>
    <testcase classname="tests.test_cart" name="test_remove" time="0.2"/>
    <testcase classname="tests.test_cart" name="test_total" time="0.3">
      <failure message="assert 3 == 4" type="AssertionError">tests/test_cart.py:12: AssertionError</failure>
    </testcase>
    <testcase classname="tests.test_cart" name="test_later" time="0">
      <skipped message="not yet"/>
    </testcase>
  </testsuite>
</testsuites>
"""


def test_push_a_junit_report_and_read_the_run(server: Any, unique: Any, tmp_path: Any) -> None:
    project = unique("project")
    report = tmp_path / "report.xml"
    report.write_text(JUNIT, encoding="utf-8")
    build = unique("build")
    result = ailogger.tests.push(
        str(report),
        project=project,
        branch="main",
        commit="0123456789abcdef",
        build_id=build,
        build_url="https://ci.example/builds/1",
        url=server.url,
        api_key=server.key,
    )
    assert result["tests"] == 4
    assert result["passed"] == 2
    assert result["failed"] == 1
    assert result["skipped"] == 1
    assert result["duplicate"] is False
    run = server.get(f"/api/tests/runs/{result['runId']}")
    assert run["run"]["project"] == project
    assert run["run"]["branch"] == "main"
    assert run["run"]["commit"] == "0123456789abcdef"
    assert run["run"]["buildId"] == build
    assert sorted(c["name"] for c in run["cases"]) == ["test_add", "test_later", "test_remove", "test_total"]
    # The same build again is recognised.
    again = ailogger.tests.push(report, project=project, branch="main", build_id=build, url=server.url, api_key=server.key)
    assert again["duplicate"] is True and again["runId"] == result["runId"]


def test_push_of_a_malformed_report_raises_with_the_server_detail(server: Any, unique: Any, tmp_path: Any) -> None:
    bad = tmp_path / "broken.xml"
    bad.write_text('<testsuite name="x"><testcase name="t" time="soon"/></testsuite>', encoding="utf-8")
    with pytest.raises(ailogger.ApiError) as err:
        ailogger.tests.push(bad, project=unique("project"), url=server.url, api_key=server.key)
    assert err.value.status == 400
    assert 'time="soon" is not a number of seconds' in err.value.detail
    assert err.value.detail in str(err.value)
    assert "broken.xml" in str(err.value)

    truncated = tmp_path / "truncated.xml"
    truncated.write_text("<testsuite><testcase name=", encoding="utf-8")
    with pytest.raises(ailogger.ApiError) as err2:
        ailogger.tests.push(truncated, project=unique("project"), url=server.url, api_key=server.key)
    assert "not well-formed XML" in str(err2.value)

    with pytest.raises(FileNotFoundError):
        ailogger.tests.push(os.path.join(str(tmp_path), "missing.xml"), project="p", url=server.url, api_key=server.key)
