"""`newsdigest demo`: the whole pipeline on the bundled sample, served on 127.0.0.1, offline."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.errors import BotError


def register(sub: argparse._SubParsersAction) -> None:
    demo = sub.add_parser("demo", help="run the whole pipeline on a bundled sample, offline", description=cmd_demo.__doc__)
    demo.add_argument("--output-dir", default=".", metavar="DIR", help="where to write the HTML digest (default: here)")
    demo.set_defaults(handler=cmd_demo)


def cmd_demo(args: argparse.Namespace) -> int:
    """Run the whole pipeline offline: a loopback server serves bundled feeds and pages.

    Prints the Markdown digest and writes the HTML digest beside it (newsdigest-demo.html).
    """
    from bot.demo import run_demo

    out_dir = Path(args.output_dir)
    markdown, html = run_demo()
    sys.stdout.write(markdown)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        target = out_dir / "newsdigest-demo.html"
        target.write_text(html, encoding="utf-8")
    except OSError as exc:
        raise BotError(f"cannot write the HTML digest: {exc.strerror}", str(out_dir), "pass --output-dir") from None
    print(f"\nnewsdigest: HTML digest written to {target}", file=sys.stderr)
    return 0
