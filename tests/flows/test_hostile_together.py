"""Every hostile case of benchmarks/support/hostile.py in one digest, through ``newsdigest digest`` in a child process.

The targets of issue 16: the digest is made with the good feed's items, every bad feed is listed with its reason,
no traceback, no active content, no mojibake, the run within 2 × fetch.timeout + 30 s (on a busy machine, stretched
as much as the good feed alone is, in the same run) and under 1.5 GB summed over the process tree.
``python -m benchmarks.hostile`` runs each case alone too, with the default timeout.
"""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from benchmarks.hostile import LIMIT_MB, run_digest
from benchmarks.support.hostile import HostileServer

TIMEOUT = 3.0
# Every case runs, the 7.5 MB single line too (a run-on line is never a summary sentence: bot.summarise.screen).
LEFT_OUT: set[str] = set()


@pytest.fixture(scope="module")
def hostile():
    server = HostileServer(datetime.now(timezone.utc), slow=TIMEOUT)
    yield server
    server.close()


def test_every_hostile_case_together_leaves_a_whole_digest(hostile: HostileServer, tmp_path):
    cases = [c for c in hostile.cases if c.name not in LEFT_OUT]
    # The good feed alone first, in the same run: how long this machine takes now for a digest with no waiting. The
    # bound is issue 16's on a machine to itself, stretched as much as that run is (CI beside other work): a case
    # holding the run waits its full delay each time, or the client's 10 x timeout + 300 s, whatever the machine.
    alone = run_digest(hostile, [], TIMEOUT, tmp_path, "good-alone")
    run = run_digest(hostile, cases, TIMEOUT, tmp_path, "together")
    assert run.exit_code == 0
    assert run.wrong == []  # good items there, each bad feed listed with its reason, no traceback, no active content
    bound = (2 * TIMEOUT + 30) * max(1.0, alone.seconds / 4)  # (alone: 2-3 s on a machine to itself)
    assert run.seconds < bound, f"{run.seconds:.1f} s, fetch.timeout {TIMEOUT:g} s, the good feed alone {alone.seconds:.1f} s"
    assert run.peak_pss_mb < LIMIT_MB


def test_the_check_sees_what_is_wrong(hostile: HostileServer):
    from benchmarks.support.hostile import check

    [case] = [c for c in hostile.cases if c.name == "gzip-bomb"]
    wrong = check("# News digest\n[x](javascript:alert(9))\nCafÃ©\n", "Traceback (most recent call last)", True, [case], hostile)
    assert any("traceback" in w for w in wrong) and any("gzip-bomb: not listed" in w for w in wrong)
    assert any("Harbour bridge" in w for w in wrong) and any("'Ã©'" in w for w in wrong)
    assert any("not http(s)" in w for w in wrong)
