"""The wheel carries the built-in templates and the demo corpus, so an installed copy works too."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]


def test_wheel_contains_templates_and_demo_corpus(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path), str(PROJECT)],
        check=True, capture_output=True, timeout=300,
    )
    wheel = next(tmp_path.glob("newsdigest-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for template in ("digest.md.j2", "digest.html.j2", "digest.txt.j2"):
        assert f"bot/templates/{template}" in names
    assert "bot/demo_corpus/site/feeds/harbour-gazette.rss" in names
    assert any(n.startswith("bot/demo_corpus/site/articles/") for n in names)

    # Installed from the wheel alone (no checkout on the path), the templates are found inside the package.
    target = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(target)
    probe = "from bot.render import builtin_templates_dir as d; print(d())"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=tmp_path,
                         env={"PYTHONPATH": str(target), "PATH": ""}, check=True).stdout.strip()
    assert out == str(target / "bot" / "templates")

    # `init`'s starter config ships too, and an installed package writes a config that loads (issue 14).
    assert "bot/starter/config.yaml.j2" in names
    written = tmp_path / "starter.yaml"
    made = subprocess.run([sys.executable, "-m", "bot", "init", "--path", str(written), "--feed", "https://a.example/rss"],
                          capture_output=True, text=True, cwd=tmp_path, env={"PYTHONPATH": str(target), "PATH": "",
                                                                             "HOME": str(tmp_path)})
    assert made.returncode == 0, made.stderr
    assert "url: https://a.example/rss" in written.read_text()
