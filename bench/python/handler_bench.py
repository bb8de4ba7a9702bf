#!/usr/bin/env python3
"""Throughput of ``logging`` + ``ailogger.Handler`` from one process to one AI-Logger server.

Sends ``--records`` records with a unique source through the standard ``logging`` API, then
flushes and polls ``GET /api/logs/aggregate?q=source:<source>`` until the server holds them
all. The figure is records per second from the first ``logger.info`` to the moment the
server counts the last one.

    python3 bench/python/handler_bench.py --url http://127.0.0.1:5000 --api-key KEY --records 200000

The client package is taken from the checkout (``clients/python``) unless one is installed.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
import urllib.parse
import urllib.request
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.normpath(os.path.join(HERE, "..", "..", "clients", "python")))

import ailogger  # noqa: E402


def server_total(url: str, key: str, source: str) -> int:
    q = urllib.parse.urlencode({"q": f"source:{source}"})
    req = urllib.request.Request(f"{url.rstrip('/')}/api/logs/aggregate?{q}", headers={"X-API-Key": key})
    with urllib.request.urlopen(req, timeout=30) as resp:
        return int(json.load(resp)["total"])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", default=os.environ.get("AILOGGER_URL"), help="default: AILOGGER_URL")
    ap.add_argument("--api-key", default=os.environ.get("AILOGGER_API_KEY"), help="default: AILOGGER_API_KEY")
    ap.add_argument("--records", type=int, default=200_000)
    ap.add_argument("--batch-size", type=int, default=1000)
    ap.add_argument("--buffer-size", type=int, default=0, help="default: records + 1 (nothing dropped)")
    ap.add_argument("--compress", action="store_true", help="gzip request bodies")
    ap.add_argument("--no-extra", action="store_true", help="records without extra= fields")
    ap.add_argument("--timeout", type=float, default=300.0, help="seconds to wait for the server to hold them all")
    args = ap.parse_args()
    if not args.url or not args.api_key:
        ap.error("--url and --api-key (or AILOGGER_URL / AILOGGER_API_KEY) are required")

    source = f"bench-py-{uuid.uuid4().hex[:12]}"
    handler = ailogger.Handler(
        args.url,
        args.api_key,
        source,
        batch_size=args.batch_size,
        buffer_size=args.buffer_size or args.records + 1,
        compress=args.compress,
    )
    log = logging.getLogger("bench")
    log.propagate = False
    log.setLevel(logging.INFO)
    log.addHandler(handler)

    n = args.records
    start = time.perf_counter()
    if args.no_extra:
        for i in range(n):
            log.info("request %d handled", i)
    else:
        for i in range(n):
            log.info("request %d handled", i, extra={"request_id": i, "route": "/api/items", "status": 200})
    emitted = time.perf_counter()
    flushed_ok = handler.flush(timeout=args.timeout)
    flushed = time.perf_counter()

    total = 0
    deadline = time.monotonic() + args.timeout
    while time.monotonic() < deadline:
        total = server_total(args.url, args.api_key, source)
        if total >= n:
            break
        time.sleep(0.05)
    done = time.perf_counter()
    stats = handler.stats["logs"]
    handler.close()

    elapsed = done - start
    rate = total / elapsed if elapsed > 0 else 0.0
    print(
        f"ailogger python handler: {total}/{n} records in {elapsed:.2f} s = {rate:,.0f} records/s "
        f"(emit {emitted - start:.2f} s, flush {'ok' if flushed_ok else 'TIMEOUT'} at {flushed - start:.2f} s, "
        f"batch {args.batch_size}, gzip {'on' if args.compress else 'off'}, dropped {stats['dropped']}, "
        f"rejected {stats['rejected']}, source {source})"
    )
    return 0 if total >= n else 1


if __name__ == "__main__":
    sys.exit(main())
