"""The ``tactful`` command line.

``main(argv) -> int`` builds the parser from the subcommand modules in
``tactful.commands`` (each exposes ``add_parser(subparsers)`` and
``run(args) -> int``) and turns every :class:`~tactful.errors.TactfulError`
into one line on stderr and exit code 2. Subcommand modules import their heavy
dependencies inside ``run`` so that ``tactful lint`` never pays for Jinja,
babel or pydantic.

Exit codes: 0 success / clean, 1 findings, 2 usage, input or config error.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from importlib import import_module

from ._version import __version__
from .errors import TactfulError

# name -> module in tactful.commands; order is the order shown in --help
COMMANDS = ("render", "lint", "check", "rules", "schema")


class _Parser(argparse.ArgumentParser):
    """argparse exits with 2 on usage errors, which matches our convention."""

    #: the subcommands' parsers, by name (set by :func:`build_parser`)
    commands: dict[str, argparse.ArgumentParser]


def _requested(argv: Sequence[str]) -> tuple[str, ...]:
    """The subcommands the parser needs for ``argv``: only the one named, when it is a
    known command and no global option needing the full parser comes before it (building
    every subcommand's parser costs a cold ``tactful lint`` about a tenth of its time)."""
    for arg in argv:
        if arg in ("--verbose",):
            continue
        if arg in COMMANDS:
            return (arg,)
        break
    return COMMANDS


def build_parser(commands: Sequence[str] = COMMANDS) -> _Parser:
    parser = _Parser(
        prog="tactful",
        description="Render debt-collection messages and lint them for tone.",
    )
    parser.add_argument("--version", action="version", version=f"tactful {__version__}")
    parser.add_argument(
        "--verbose", action="store_true", help="show tracebacks for unexpected errors"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name in commands:
        module = import_module(f".commands.{name}", __package__)
        module.add_parser(sub)
    parser.commands = dict(sub.choices)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(_requested(args_list))
    args, unknown = parser.parse_known_args(args_list)
    if unknown:  # the usage of the command given (`tactful check --bogus`), not tactful's
        first = args_list.index(unknown[0]) if unknown[0] in args_list else len(args_list)
        after = args.command in args_list[:first]
        usage = parser.commands.get(args.command, parser) if after else parser
        usage.error(f"unrecognized arguments: {' '.join(unknown)}")
    try:
        return int(args.run(args))
    except TactfulError as exc:
        print(f"tactful: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("tactful: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # output piped into `head` and closed early: not an error for the user
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except Exception as exc:
        # a bug in tactful: no traceback and no exception text (it may quote data) unless asked
        if args.verbose:
            raise
        print(f"tactful: internal error ({type(exc).__name__}); rerun with --verbose for the "
              "traceback and please report it", file=sys.stderr)
        return 2
