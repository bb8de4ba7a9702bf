"""Command line: ``python -m ailogger push report.xml --project checkout [--branch main ...]``."""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import List, Optional

from .errors import AILoggerError


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ailogger", description="AI-Logger client tools.")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("push", help="push CI test reports (JUnit XML, TRX, pytest-json, Cobertura) as one run")
    p.add_argument("files", nargs="+", help="report files")
    p.add_argument("--project", required=True)
    p.add_argument("--branch")
    p.add_argument("--commit")
    p.add_argument("--build-id")
    p.add_argument("--build-url")
    p.add_argument("--environment")
    p.add_argument("--format", choices=["junit", "trx", "pytest-json", "cobertura"])
    p.add_argument("--coverage", help="a Cobertura coverage file")
    p.add_argument("--labels", help="os=linux,runner=gpu-2")
    p.add_argument("--url", default=os.environ.get("AILOGGER_URL"), help="default: AILOGGER_URL")
    p.add_argument("--api-key", default=os.environ.get("AILOGGER_API_KEY"), help="default: AILOGGER_API_KEY")
    args = parser.parse_args(argv)

    from . import tests

    try:
        result = tests.push(
            args.files if len(args.files) > 1 else args.files[0],
            project=args.project,
            branch=args.branch,
            commit=args.commit,
            build_id=args.build_id,
            build_url=args.build_url,
            format=args.format,
            environment=args.environment,
            labels=args.labels,
            coverage=args.coverage,
            url=args.url,
            api_key=args.api_key,
        )
    except (AILoggerError, OSError) as e:
        print(f"ailogger: {e}", file=sys.stderr)
        return 1
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
