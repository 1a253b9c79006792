"""The command line: the parser and ``main``; each command is a module in :mod:`bot.commands`.

Errors the user can fix print as ``Error: <what> (<where>): <hint>`` with exit status 2 for
usage/config problems; a traceback only with ``-v``.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, NoReturn

from bot import __version__
from bot.errors import BotError, ConfigError

if TYPE_CHECKING:  # (logging loads once the command line is parsed: --help and --version need none of it)
    import logging

#: The everyday commands head the list in --help; the others follow by name.
_LISTED_FIRST = ("digest", "demo")


def _parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The whole parser; given the command line, only the command it names (when it names one
    plainly: ``digest ...``, global options before it allowed), so a command does not import the
    other commands' modules. Anything else (``--help``, a typo, an alias) gets every command."""
    names = command_modules()
    word = _command_word(argv) if argv is not None else None
    module = word.replace("-", "_") if word else None
    if module in names:
        parser, sub = _bare_parser()
        importlib.import_module(f"bot.commands.{module}").register(sub)
        if word in sub.choices:
            return _with_global_options(parser)
    parser, sub = _bare_parser()
    first = [n for n in _LISTED_FIRST if n in names]
    for name in first + sorted(n for n in names if n not in first):
        importlib.import_module(f"bot.commands.{name}").register(sub)
    return _with_global_options(parser)


def _bare_parser() -> tuple[argparse.ArgumentParser, argparse._SubParsersAction]:
    parser = argparse.ArgumentParser(
        prog="newsdigest",
        description="A summarising news digest: feeds in, honest extractive summaries out.",
    )
    parser.add_argument("--version", action="version", version=f"newsdigest {__version__}")
    _add_global_options(parser, argparse.SUPPRESS)
    return parser, parser.add_subparsers(dest="command", metavar="COMMAND")


def _with_global_options(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    for command in _subparsers(parser):
        _add_global_options(command, argparse.SUPPRESS)
    return parser


def command_modules() -> list[str]:
    """The modules of :mod:`bot.commands` that are commands (``_name`` is a helper), as pkgutil would list them."""
    import bot.commands

    names = set()
    for folder in bot.commands.__path__:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            stem, dot, ext = entry.name.partition(".")
            if entry.is_dir() and os.path.isfile(os.path.join(entry.path, "__init__.py")) and stem.isidentifier():
                names.add(stem)
            elif dot and ext == "py" and stem.isidentifier():
                names.add(stem)
    return sorted(n for n in names if not n.startswith("_"))


def _command_word(argv: list[str]) -> str | None:
    """The word of ``argv`` that names its command (the first after the global options), or None
    when something else comes first (``--help``, ``--version``, an unknown option)."""
    scan = _global_scan(_QuietScan)
    try:
        _, rest = scan.parse_known_args(argv)
    except _ScanError:  # (a bad global option: the whole parser says what is wrong)
        return None
    return rest[0] if rest and not rest[0].startswith("-") else None


class _ScanError(Exception):
    pass


class _QuietScan(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _ScanError(message)


# -- global options and logging ------------------------------------------------------------

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def _add_global_options(parser: argparse.ArgumentParser, default: object) -> None:
    """-v, -q, --log-file, --log-level: accepted before or after the command (an option a command
    already has, as `digest -q`, stays the command's, and means the same)."""
    taken = parser._option_string_actions
    options = [
        (("-v", "--verbose"), {"action": "store_true", "help": "log details and show tracebacks"}),
        (("-q", "--quiet"), {"action": "store_true", "help": "log only errors"}),
        (("--log-file",), {"metavar": "FILE", "help": "also append the log to FILE"}),
        (("--log-level",), {"choices": LOG_LEVELS, "type": str.upper,
                            "help": "log this and worse (default WARNING; INFO for run)"}),
    ]
    for flags, kwargs in options:
        if not any(f in taken for f in flags):
            parser.add_argument(*flags, default=default, **kwargs)  # type: ignore[arg-type]


def _subparsers(parser: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    """Every command's parser, nested ones (`feeds add`) included, each once."""
    seen: set[int] = set()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                if id(child) not in seen:
                    seen.add(id(child))
                    yield child
                    yield from _subparsers(child)


def _global_values(argv: list[str]) -> argparse.Namespace:
    """The global options wherever they stand; argparse alone would let a command's default undo one given before it."""
    values, _ = _global_scan().parse_known_args(argv)
    return values


def _global_scan(kind: type[argparse.ArgumentParser] = argparse.ArgumentParser) -> argparse.ArgumentParser:
    scan = kind(add_help=False)
    _add_global_options(scan, None)
    return scan


def _set_up_logging(opts: argparse.Namespace) -> logging.Handler | None:
    """Timestamped records on stderr (and in --log-file); returns the file handler, closed by ``main``."""
    import logging

    root = logging.getLogger()
    formatter = logging.Formatter(LOG_FORMAT, "%Y-%m-%d %H:%M:%S%z")
    if not root.handlers:  # as basicConfig: a host that set up logging (tests, an embedding app) keeps its own
        stream = logging.StreamHandler()
        stream.setFormatter(formatter)
        root.addHandler(stream)
    level = "DEBUG" if opts.verbose else "ERROR" if opts.quiet else (opts.log_level or "WARNING")
    root.setLevel(level)
    if not opts.log_file:
        return None
    try:
        handler = logging.FileHandler(os.path.expanduser(opts.log_file), encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot open the log file: {exc.strerror}", opts.log_file, "give a writable path") from None
    handler.setFormatter(formatter)
    root.addHandler(handler)
    return handler


def main(argv: list[str] | None = None) -> int:
    """The command line (``argv``; None: this process's own, which ends when this returns)."""
    if argv is not None:
        return _main(argv)
    _process["own"] = True
    try:
        return _main(sys.argv[1:])
    finally:
        _before_exit()


#: "own": main() runs this process's own command line (the process ends when it returns), not a caller's in-process.
_process: dict[str, bool] = {}


@contextmanager
def loading() -> Iterator[None]:
    """Around a command's imports and set-up: what they make lives as long as the process, so
    the cycle collector, run every few hundred new objects, would walk those objects again and
    again while they load (a tenth of a short command's time). It pauses meanwhile; when this
    process is the command's own, what was loaded is then frozen out of the collector's reach
    (``gc.freeze``: later collections, as a long run's, do not walk it either). The collector
    runs as before for the command's work."""
    import gc

    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            if _process.get("own"):
                gc.freeze()
            gc.enable()


def _before_exit() -> None:
    """What is loaded now stays until the process ends: moved out of the collector's reach, the
    interpreter's last collections at exit do not walk it (SQLAlchemy's, pydantic's, httpx's objects:
    most of a short command's exit). atexit handlers and module teardown run as before; what only the
    collector would free (objects in reference cycles) is left to the operating system with the process."""
    import gc

    gc.freeze()


def _main(argv: list[str]) -> int:
    parser = _parser(argv)
    args = parser.parse_args(argv)
    for name, value in vars(_global_values(argv)).items():  # the same values, wherever on the line they were given
        setattr(args, name, value or getattr(args, name, None))
    import logging

    log_file = None
    try:
        log_file = _set_up_logging(args)
        # A library's notes on a page ("discarding data") are for -v, not for every user (see bot.extract.passes).
        logging.getLogger("trafilatura").setLevel(logging.NOTSET if args.verbose else logging.ERROR)
        if not getattr(args, "handler", None):
            parser.print_help(sys.stderr)
            return 2
        _keep_compiled_patterns()
        code = int(args.handler(args))
        sys.stdout.flush()  # a closed pipe (`status | head`) shows here, not at exit
        return code
    except BotError as exc:
        if args.verbose:
            logging.getLogger("newsdigest").exception("failed")
        print(f"Error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        _silence_stdout()
        return 141  # 128 + SIGPIPE, what a shell shows for a writer whose reader left
    finally:
        if log_file is not None:
            logging.getLogger().removeHandler(log_file)
            log_file.close()


def _keep_compiled_patterns() -> None:
    """Compiled rulebook patterns from the cache directory (bot.regexcache): most of a short command's start."""
    if os.environ.get("NEWSDIGEST_REGEX_CACHE", "1") != "0":
        from bot import regexcache
        from bot.locations import cache_dir
        regexcache.enable(cache_dir())


def _silence_stdout() -> None:
    """The reader of our output went away (`| head`): say nothing, and let the exit not flush into the closed pipe."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # stdout is not a real file (tests capture it)
        pass


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
