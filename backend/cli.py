"""The `mvportrait` command line. Each command group lives in `backend/commands/<group>.py`
and exposes `register(subparsers)`; the chosen subcommand's `func(args)` returns an exit code."""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

import backend.commands


class CommandError(Exception):
    """A user-facing failure: printed as one line, exit code 2, no traceback."""


# Exit codes: 0 done, 1 the work finished but not all of it succeeded (a failed job), 2 bad input or a
# refused request, 74 output could not be written (disk full or a write error; sysexits' EX_IOERR).
EXIT_USAGE = 2
EXIT_WRITE_FAILED = 74


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mvportrait",
        description="MVPortrait for Blender: FLAME head tracks to photoreal multi-view portrait frames.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(backend.commands.__path__), key=lambda m: m.name):
        importlib.import_module(f"backend.commands.{info.name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from protocols.atomic_files import WriteFailed

    try:
        return int(args.func(args) or 0)
    except WriteFailed as exc:
        print(f"mvportrait {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_WRITE_FAILED
    except (CommandError, ValueError, FileNotFoundError) as exc:
        print(f"mvportrait {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print(f"mvportrait {args.command}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    # Run through the package module so `python -m backend.cli` and the console script share one
    # CommandError class (a __main__ copy would not catch the one commands raise).
    from backend.cli import main as _main

    sys.exit(_main())
