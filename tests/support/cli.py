"""One way to run the command line from a test: ``run_cli(...)`` calls ``main([...])`` in this process.

``run_cli_process`` and ``start_cli_process`` are the same command in a child process, only where the
process is the point: signals, a second instance, start-up, the installed package.
"""

from __future__ import annotations

import io
import logging
import os
import subprocess
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

from bot.cli import main


@dataclass
class Ran:
    """What a shell would see: the exit status and everything written to stdout and stderr."""

    returncode: int
    stdout: str
    stderr: str


@contextmanager
def _environment(home: Path | None, cwd: Path | None, env: Mapping[str, str] | None) -> Iterator[None]:
    changes = {**({"NEWSDIGEST_HOME": str(home)} if home is not None else {}), **(env or {})}
    saved = {name: os.environ.get(name) for name in changes}
    before = Path.cwd()
    os.environ.update(changes)
    try:
        if cwd is not None:
            os.chdir(cwd)
        yield
    finally:
        os.chdir(before)
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@contextmanager
def _log_to(stream: io.StringIO, verbose: bool) -> Iterator[None]:
    """Log records reach stderr as ``main``'s own logging set-up would send them there in a fresh process."""
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if verbose else logging.WARNING)
    try:
        yield
    finally:
        root.handlers[:] = handlers  # ours, and any basicConfig added, would outlive the call
        root.setLevel(level)


def run_cli(*args: str, home: Path | None = None, cwd: Path | None = None, env: Mapping[str, str] | None = None) -> Ran:
    """``newsdigest ARGS`` in this process, with NEWSDIGEST_HOME, the working directory and extra variables set for the call."""
    out, err = io.StringIO(), io.StringIO()
    verbose = "-v" in args or "--verbose" in args
    with _environment(home, cwd, env), redirect_stdout(out), redirect_stderr(err), _log_to(err, verbose):
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse: --help, --version, usage errors
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    return Ran(code, out.getvalue(), err.getvalue())


def _child_env(home: Path | None, env: Mapping[str, str] | None) -> dict[str, str]:
    return {**os.environ, **({"NEWSDIGEST_HOME": str(home)} if home is not None else {}), **(env or {})}


def run_cli_process(*args: str, home: Path | None = None, cwd: Path | None = None, env: Mapping[str, str] | None = None,
                    timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """``python -m bot ARGS`` as a child process, waited for."""
    return subprocess.run([sys.executable, "-m", "bot", *args], capture_output=True, text=True, env=_child_env(home, env),
                          cwd=cwd, timeout=timeout)


def start_cli_process(*args: str, home: Path | None = None, cwd: Path | None = None,
                      env: Mapping[str, str] | None = None) -> subprocess.Popen[str]:
    """``python -m bot ARGS`` started in the background (a daemon a test signals), stdout and stderr piped."""
    return subprocess.Popen([sys.executable, "-m", "bot", *args], env=_child_env(home, env), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=cwd)
