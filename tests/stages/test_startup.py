"""Start-up: ``--help``, ``--version`` and every ``newsdigest CMD --help`` load no heavy library.

The database, HTTP, config validation, extraction, NLP and scheduling libraries load in the code
path of the command that uses them. Each case runs in a fresh interpreter, so what is already
imported in the test process does not matter; it checks ``sys.modules`` (a property, not a timing).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]

HEAVY = ("sqlalchemy", "httpx", "pydantic", "trafilatura", "numpy", "sumy", "feedparser", "apscheduler",
         "jinja2", "lxml", "yaml", "py3langid")

# Runs each argv through ``bot.cli.main`` in this one process; prints, per argv, the heavy modules loaded so far.
CHILD = """
import contextlib, io, json, sys
argvs = json.loads(sys.argv[1])
heavy = json.loads(sys.argv[2])
import bot.cli
loaded = {"import bot.cli": [h for h in heavy if h in sys.modules]}
if argvs is None:  # every sub-command, as the parser lists them
    sub = next(a for a in bot.cli._parser()._actions if a.dest == "command")
    argvs = [[name, "--help"] for name in sub.choices]
for argv in argvs:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        try:
            bot.cli.main(argv)
        except SystemExit:
            pass
    loaded[" ".join(argv)] = [h for h in heavy if h in sys.modules]
print(json.dumps(loaded))
"""


def loaded_by(argvs: list[list[str]] | None) -> dict[str, list[str]]:
    """What each argv (None: each sub-command's --help) had loaded, run one after another in a fresh interpreter."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(PROJECT), os.environ.get("PYTHONPATH", "")]))
    done = subprocess.run([sys.executable, "-c", CHILD, json.dumps(argvs), json.dumps(HEAVY)],
                          cwd=PROJECT, env=env, capture_output=True, text=True, timeout=60, check=True)
    return json.loads(done.stdout)


@pytest.mark.parametrize("argv", [["--help"], ["--version"], []], ids=["help", "version", "no-command"])
def test_help_and_version_load_no_heavy_module(argv):
    loaded = loaded_by([argv])
    assert loaded == {"import bot.cli": [], " ".join(argv): []}


def test_every_command_help_loads_no_heavy_module():
    loaded = loaded_by(None)
    assert len(loaded) > 5  # import bot.cli, then one entry per sub-command
    assert {what: mods for what, mods in loaded.items() if mods} == {}


def test_group_help_shows_the_grouping_threshold():
    from bot.commands.group import DEFAULT_THRESHOLD
    from bot.group import THRESHOLD

    assert DEFAULT_THRESHOLD == THRESHOLD


def test_digest_formats_are_the_templates_formats():
    from bot.commands.digest import FORMATS
    from bot.render import TEMPLATE_FOR

    assert FORMATS == tuple(sorted(TEMPLATE_FOR))


def test_summarize_does_not_load_the_renderer():
    loaded = subprocess.run([sys.executable, "-c", "import sys, bot.cli; bot.cli._parser(); print('bot.render' in sys.modules)"],
                            cwd=PROJECT, env=dict(os.environ, PYTHONPATH=str(PROJECT)), capture_output=True, text=True,
                            timeout=60, check=True)
    assert loaded.stdout.strip() == "False"


def test_a_command_line_loads_only_the_command_it_names():
    """`newsdigest digest ...` imports bot.commands.digest and no other command's module (their imports cost start-up)."""
    code = ("import sys, bot.cli; bot.cli._parser(['-q', '--log-level', 'info', 'digest', '--dry-run']); "
            "print(sorted(m for m in sys.modules if m.startswith('bot.commands.') and not m.startswith('bot.commands._')))")
    done = subprocess.run([sys.executable, "-c", code], cwd=PROJECT, env=dict(os.environ, PYTHONPATH=str(PROJECT)),
                          capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == "['bot.commands.digest']"


def _help_of(parser, argv):
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out), pytest.raises(SystemExit) as stop:
        parser.parse_args(argv)
    return stop.value.code, out.getvalue()


def test_the_one_command_parser_says_what_the_whole_one_says():
    """For every command (nested ones too), its help and its usage errors are the same whether the
    parser was built for that command line alone or with every command."""
    import bot.cli

    whole = bot.cli._parser()
    sub = next(a for a in whole._actions if a.dest == "command")
    names = list(sub.choices)
    assert {"digest", "summarize", "send-test", "feeds"} <= set(names)
    lines = [[name, "--help"] for name in names] + [[name, "--no-such-option"] for name in names]
    lines += [["feeds", "add", "--help"], ["-v", "digest", "--help"], ["--log-file", "x", "status", "--bogus"]]
    for argv in lines:
        alone = bot.cli._parser(argv)
        assert _help_of(alone, argv) == _help_of(bot.cli._parser(), argv), argv
    assert len(next(a for a in bot.cli._parser(["send-test"])._actions if a.dest == "command").choices) == 1


def test_what_names_no_command_plainly_gets_every_command():
    import bot.cli

    for argv in (["--help"], ["--version"], [], ["send_test"], ["--log-level", "loud", "digest"], ["nosuch"]):
        sub = next(a for a in bot.cli._parser(argv)._actions if a.dest == "command")
        assert "digest" in sub.choices and "worker" in sub.choices, argv


def test_command_modules_are_pkgutils():
    import pkgutil

    import bot.cli
    import bot.commands

    listed = sorted(m.name for m in pkgutil.iter_modules(bot.commands.__path__) if not m.name.startswith("_"))
    assert bot.cli.command_modules() == listed


def test_fetching_does_not_load_httpx_command_line_client():
    """httpx's own CLI (click, pygments, rich) is not loaded with it, and nothing is left in sys.modules
    to stop a later import."""
    code = ("import sys, bot.fetch, httpx; "
            "print(sorted(m for m in ('click', 'pygments', 'rich', 'httpx._main') if m in sys.modules), "
            "sys.modules.get('httpx._main', 'absent'), callable(httpx.main), httpx.Client.__name__)")
    done = subprocess.run([sys.executable, "-c", code], cwd=PROJECT, env=dict(os.environ, PYTHONPATH=str(PROJECT)),
                          capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.split() == ["[]", "absent", "True", "Client"]


#: What only article work needs: a digest with nothing new to summarise loads none of it.
ARTICLE_WORK = ("numpy", "trafilatura", "lxml", "feedparser", "sumy", "py3langid", "bot.summarise", "bot.extract",
                "bot.group", "bot.text", "multiprocessing", "click", "html.parser")
#: What a `digest --feed` needs in neither run: YAML (no file is read), the senders (email, smtplib: it only marks
#: what it showed), and a config validator (pydantic builds one, and loads its plugin finder, on first validation).
NOT_FOR_AD_HOC = ("yaml", "bot.deliver", "smtplib", "email.generator", "pydantic.plugin._loader")

DIGEST_CHILD = """
import json, sys
import bot.cli
code = bot.cli.main(sys.argv[2:])
print(json.dumps({"code": code, "loaded": [m for m in json.loads(sys.argv[1]) if m in sys.modules]}))
"""


def test_a_digest_of_a_feed_that_answers_304_loads_no_article_work(server, tmp_path):
    from datetime import datetime, timezone

    from support.feeds import item, rss
    from support.http import Route

    now = datetime.now(timezone.utc)
    server.routes["/feed.xml"] = Route(body=rss([item(1, now)]), etag='"v1"')
    env = dict(os.environ, PYTHONPATH=str(PROJECT), NEWSDIGEST_HOME=str(tmp_path / "home"))
    runs = []
    for _ in range(2):  # the first records the feed (and its ETag) and shows its item; the second gets a 304
        done = subprocess.run([sys.executable, "-c", DIGEST_CHILD, json.dumps(ARTICLE_WORK + NOT_FOR_AD_HOC), "digest", "-q",
                               "--feed", server.url("/feed.xml")], cwd=tmp_path, env=env, capture_output=True, text=True,
                              timeout=120, check=True)
        runs.append(json.loads(done.stdout.splitlines()[-1]))
    assert [r["code"] for r in runs] == [0, 0]
    assert "bot.summarise" in runs[0]["loaded"]  # (the first run did summarise: the check can see it)
    assert not set(runs[0]["loaded"]) & set(NOT_FOR_AD_HOC)
    assert runs[1]["loaded"] == []
    assert [s.headers.get("if-none-match") for s in server.requests] == [None, '"v1"']


def test_a_file_config_and_a_send_load_what_an_ad_hoc_digest_does_not(tmp_path):
    """The other side of NOT_FOR_AD_HOC: the names are right, a file's config and the outbox's senders do load them."""
    code = ("import sys, bot.config, bot.outbox, bot.deliver; bot.config.parse_config('feeds: [https://a.example/rss]'); "
            "print(sorted(m for m in %r if m in sys.modules))" % (NOT_FOR_AD_HOC,))
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=dict(os.environ, PYTHONPATH=str(PROJECT)),
                          capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == str(sorted(NOT_FOR_AD_HOC))


def test_loading_pauses_the_collector_and_freezes_only_in_its_own_process():
    import gc

    import bot.cli

    frozen = gc.get_freeze_count()
    assert gc.isenabled()
    with bot.cli.loading():
        assert not gc.isenabled()
    assert gc.isenabled() and gc.get_freeze_count() == frozen  # called in-process (as here): nothing is frozen
    gc.disable()
    try:
        with bot.cli.loading():
            pass
        assert not gc.isenabled()  # a caller's own setting is kept
    finally:
        gc.enable()
    code = ("import gc, bot.cli; bot.cli._process['own'] = True\n"  # (as main() marks it when run as the program)
            "with bot.cli.loading(): import bot.config\n"
            "print(gc.isenabled(), gc.get_freeze_count() > 1000)")
    done = subprocess.run([sys.executable, "-c", code], cwd=PROJECT, env=dict(os.environ, PYTHONPATH=str(PROJECT)),
                          capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.split() == ["True", "True"]


def test_the_program_freezes_what_it_loaded_before_exit():
    """main() as the program: what is loaded is frozen before the interpreter's exit collections (which then skip it)."""
    code = ("import atexit, gc, sys, bot.cli; atexit.register(lambda: print(gc.get_freeze_count() > 1000)); "
            "sys.argv = ['newsdigest', '--version']; bot.cli.main()")
    done = subprocess.run([sys.executable, "-c", code], cwd=PROJECT, env=dict(os.environ, PYTHONPATH=str(PROJECT)),
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.split()[-1] == "True"
