"""The command line: the parser and ``main``; each command is a module in :mod:`bot.commands`.

Errors the user can fix print as ``Error: <what> (<where>): <hint>`` with exit status 2 for
usage/config problems; a traceback only with ``-v``.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import pkgutil
import sys

from bot import __version__
from bot.errors import BotError

log = logging.getLogger("newsdigest")

#: The everyday commands head the list in --help; the others follow by name.
_LISTED_FIRST = ("digest", "demo")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsdigest",
        description="A summarising news digest: feeds in, honest extractive summaries out.",
    )
    parser.add_argument("--version", action="version", version=f"newsdigest {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log details and show tracebacks")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    import bot.commands

    names = [m.name for m in pkgutil.iter_modules(bot.commands.__path__) if not m.name.startswith("_")]
    first = [n for n in _LISTED_FIRST if n in names]
    for name in first + sorted(n for n in names if n not in first):
        importlib.import_module(f"bot.commands.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    # A library's notes on a page ("discarding data") are for -v, not for every user (see bot.extract.passes).
    logging.getLogger("trafilatura").setLevel(logging.NOTSET if args.verbose else logging.ERROR)
    if not getattr(args, "handler", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args.handler(args))
    except BotError as exc:
        if args.verbose:
            log.exception("failed")
        print(f"Error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
