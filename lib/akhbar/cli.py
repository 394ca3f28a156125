"""The ``akhbar`` console command.

``akhbar report PATH [PATH ...] [--out FOLDER] [--set NAME=VALUE ...]`` runs every
analysis notebook headless on the articles at PATH and writes the executed
notebooks, an HTML report, figures and tables into FOLDER.

>>> build_parser().parse_args(["report", "seeds", "--set", "TOP_N=20"]).set
['TOP_N=20']
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections.abc import Sequence
from typing import Any

__all__ = ["build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``akhbar`` command."""
    parser = argparse.ArgumentParser(
        prog="akhbar", description="Research kit for analysts of Arabic news."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    report = commands.add_parser(
        "report", help="run every notebook on a corpus and write a report folder"
    )
    report.add_argument("paths", nargs="+", metavar="PATH", help="article files or folders")
    report.add_argument(
        "--out", metavar="FOLDER", help="output folder (default: a dated folder under reports/)"
    )
    report.add_argument(
        "--notebook",
        action="append",
        metavar="NAME",
        help="run only this notebook (repeatable), e.g. 02-actors.ipynb",
    )
    report.add_argument(
        "--jobs",
        type=int,
        default=1,
        metavar="N",
        help="notebooks run at the same time (default 1)",
    )
    report.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a notebook parameter (a Python literal, else a string), e.g. --set TOP_N=20",
    )
    return parser


def _parameter(text: str) -> tuple[str, Any]:
    """``NAME=VALUE`` with VALUE a Python literal, else kept as a string.

    >>> _parameter("TOP_N=20"), _parameter("START=2018-01-01")
    (('TOP_N', 20), ('START', '2018-01-01'))
    """
    name, sep, value = text.partition("=")
    if not sep or not name.isidentifier():
        raise argparse.ArgumentTypeError(f"--set expects NAME=VALUE, got {text!r}")
    try:
        return name, ast.literal_eval(value)
    except (ValueError, SyntaxError):
        return name, value


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``akhbar`` console script; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "report":
        from akhbar.report import run_report

        try:
            parameters = dict(_parameter(item) for item in args.set)
        except argparse.ArgumentTypeError as error:
            parser.error(str(error))
        corpus = args.paths[0] if len(args.paths) == 1 else args.paths
        try:
            run_report(
                corpus,
                out=args.out,
                notebooks=args.notebook,
                parameters=parameters,
                jobs=args.jobs,
            )
        except (FileNotFoundError, RuntimeError, ValueError) as error:
            print(f"akhbar report: {error}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
