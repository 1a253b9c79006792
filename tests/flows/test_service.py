"""Running as a service: `run` refuses to start with a delivery that cannot work, the logging options,
-v/-q on either side of the command, a closed pipe, and the shipped systemd unit and cron line."""

from __future__ import annotations

import configparser
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support.cli import run_cli

from bot.cli import _parser
from bot.scheduler import parse_schedule

CONTRIB = Path(__file__).resolve().parents[2] / "contrib"
SECRET = "NEWSDIGEST_TEST_SECRET"


def service_config(tmp_path: Path, deliver: str, mail: str = "") -> Path:
    cfg = tmp_path / "config.yaml"
    cfg.write_text(f"""
feeds:
  - url: http://127.0.0.1:9/feed.xml
{mail}
profiles:
  morning:
    schedule: daily at 07:00
    deliver:
{deliver}
""")
    return cfg


MAIL = """mail:
  host: {host}
  port: 2525
  security: plain
  username: digest
  password_env: {secret}
  from: digest@example.org
"""
EMAIL = "      email:\n        to: [reader@example.org]\n"


@pytest.fixture(autouse=True)
def no_secret(monkeypatch):
    monkeypatch.delenv(SECRET, raising=False)


def refused(ran) -> str:
    assert ran.returncode == 2, (ran.stdout, ran.stderr)
    assert "Traceback" not in ran.stderr
    [line] = [x for x in ran.stderr.splitlines() if x.startswith("Error: ")]
    return line


def test_run_refuses_to_start_when_the_mail_password_variable_is_not_set(tmp_path, clean_home):
    cfg = service_config(tmp_path, EMAIL, MAIL.format(host="127.0.0.1", secret=SECRET))
    line = refused(run_cli("run", "-c", str(cfg), home=clean_home))
    assert line == (f"Error: the environment variable {SECRET} is not set (config 'mail.password_env'): "
                    "export it before starting newsdigest")
    assert not (clean_home / "state.db").exists()  # refused before touching anything


def test_run_refuses_an_smtp_host_that_does_not_resolve(tmp_path, clean_home):
    cfg = service_config(tmp_path, EMAIL, MAIL.format(host="smtp.example.invalid", secret=SECRET))
    line = refused(run_cli("run", "-c", str(cfg), home=clean_home, env={SECRET: "hunter2"}))
    assert line.startswith("Error: the SMTP host 'smtp.example.invalid' does not resolve (")
    assert line.endswith("(config 'mail.host'): check the name (and the machine's DNS)")


def test_run_refuses_a_notify_url_whose_secret_is_not_set(tmp_path, clean_home):
    cfg = service_config(tmp_path, f'      notify:\n        - "json://127.0.0.1:9/hook?token=${{{SECRET}}}"\n')
    line = refused(run_cli("run", "-c", str(cfg), home=clean_home))
    assert line == (f"Error: the environment variable {SECRET} is not set (config 'profiles.morning.deliver.notify[0]'): "
                    "export it before starting newsdigest")


@pytest.mark.parametrize("url", ["tgram://", "nosuchservice://example.org/x", "discord://"])
def test_run_refuses_a_notify_url_apprise_cannot_read_without_printing_the_secret(tmp_path, clean_home, url):
    cfg = service_config(tmp_path, f'      notify:\n        - "json://127.0.0.1:9/ok"\n        - {{url_env: {SECRET}}}\n')
    line = refused(run_cli("run", "-c", str(cfg), home=clean_home, env={SECRET: url + "s3cr3t-token"}))
    scheme = url.partition("://")[0]
    assert line.startswith(f"Error: Apprise cannot use this notify URL ({scheme}://…)")
    assert "(config 'profiles.morning.deliver.notify[1]'): check the scheme" in line
    assert "s3cr3t" not in line


def test_verbose_after_the_command_shows_the_traceback_and_log_file_gets_it_timestamped(tmp_path, clean_home):
    cfg = service_config(tmp_path, EMAIL, MAIL.format(host="127.0.0.1", secret=SECRET))
    log = tmp_path / "newsdigest.log"
    quiet = run_cli("run", "-c", str(cfg), "--log-file", str(log), home=clean_home)
    assert quiet.returncode == 2 and "Traceback" not in quiet.stderr
    loud = run_cli("run", "-c", str(cfg), "-v", "--log-file", str(log), home=clean_home)
    assert loud.returncode == 2 and "Traceback" in loud.stderr
    text = log.read_text()
    assert re.search(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d[+-]\d{4} ERROR newsdigest: failed$", text, re.M), text
    assert "ConfigError" in text


def test_global_options_are_taken_before_or_after_the_command(tmp_path, clean_home):
    cfg = service_config(tmp_path, "      stdout: true\n")
    for args in (["-v", "status"], ["status", "-v"], ["-q", "status"], ["status", "--quiet"],
                 ["--log-level", "info", "status"], ["status", "--log-level", "ERROR"]):
        ran = run_cli(*args, "-c", str(cfg), home=clean_home)
        assert ran.returncode == 0, (args, ran.stderr)
        assert "Next digests" in ran.stdout
    parser = _parser()
    assert parser.parse_args(["digest", "-q"]).quiet is True  # digest's own -q (no progress line) stays
    bad = run_cli("status", "--log-level", "LOUD", "-c", str(cfg), home=clean_home)
    assert bad.returncode == 2 and "invalid choice" in bad.stderr


def test_a_log_file_that_cannot_be_opened_is_a_clear_error(tmp_path, clean_home):
    cfg = service_config(tmp_path, "      stdout: true\n")
    ran = run_cli("status", "-c", str(cfg), "--log-file", str(tmp_path / "no" / "such" / "dir.log"), home=clean_home)
    assert refused(ran).startswith("Error: cannot open the log file: No such file or directory (")


def test_status_into_a_closed_pipe_ends_quietly(tmp_path, clean_home):
    cfg = service_config(tmp_path, "      stdout: true\n")
    env = {**__import__("os").environ, "NEWSDIGEST_HOME": str(clean_home)}
    child = subprocess.Popen([sys.executable, "-m", "bot", "status", "-c", str(cfg)], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, env=env)
    assert child.stdout is not None and child.stderr is not None
    child.stdout.close()  # `| head` that already left
    err = child.stderr.read().decode()
    child.wait(60)
    assert "Traceback" not in err and "BrokenPipeError" not in err and "Exception ignored" not in err, err
    assert child.returncode == 141


# -- contrib/ -------------------------------------------------------------------------------


def newsdigest_args(command: str) -> list[str]:
    """What follows the newsdigest executable in a shell or ExecStart command, up to the next `;`."""
    words = shlex.split(command)
    start = next(i for i, w in enumerate(words) if w.rstrip('"').endswith("/newsdigest"))
    tail = words[start + 1:]
    return tail[: tail.index(";")] if ";" in tail else tail


def test_the_systemd_unit_reads_secrets_from_an_environment_file_and_runs_the_daemon():
    unit = configparser.ConfigParser(interpolation=None, strict=True)
    unit.optionxform = str  # type: ignore[assignment,method-assign]  # systemd keys are case-sensitive
    unit.read(CONTRIB / "newsdigest.service", encoding="utf-8")
    assert unit.sections() == ["Unit", "Service", "Install"]
    service = unit["Service"]
    assert service["EnvironmentFile"].startswith("/")
    assert service["Environment"].startswith("NEWSDIGEST_HOME=")
    assert service["RestartPreventExitStatus"] == "2"  # a config error (exit 2) is not restarted in a loop
    assert unit["Install"]["WantedBy"] == "multi-user.target"
    args = _parser().parse_args(newsdigest_args(service["ExecStart"]))
    assert args.command == "run" and args.config


def test_the_systemd_unit_passes_systemd_analyze_verify(tmp_path):
    tool = shutil.which("systemd-analyze")
    if tool is None:
        pytest.skip("systemd-analyze is not installed here")
    exe = shutil.which("newsdigest") or str(Path(sys.executable).parent / "newsdigest")
    if not Path(exe).is_file():
        pytest.skip("no newsdigest executable to put in ExecStart")
    unit = tmp_path / "newsdigest.service"  # the same unit, its ExecStart pointed at this machine's newsdigest
    unit.write_text((CONTRIB / "newsdigest.service").read_text().replace("/usr/local/bin/newsdigest", exe))
    ran = subprocess.run([tool, "verify", str(unit)], capture_output=True, text=True, timeout=120)
    ours = [line for line in (ran.stdout + ran.stderr).splitlines() if "newsdigest.service" in line]
    assert ran.returncode == 0 and not ours, ran.stdout + ran.stderr  # unknown keys and bad values only warn


def test_the_cron_line_is_a_valid_schedule_for_digest_send():
    lines = [x for x in (CONTRIB / "cron").read_text().splitlines() if x.strip() and not x.startswith("#")]
    [line] = lines
    fields = line.split(None, 5)
    parse_schedule(" ".join(fields[:5]), "UTC")  # raises on a bad crontab schedule
    args = _parser().parse_args(newsdigest_args(fields[5]))
    assert args.command == "digest" and args.send and args.quiet
    assert "secrets.env" in fields[5]
