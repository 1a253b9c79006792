"""A real PostgreSQL server for the tests: Debian's ``postgresql`` binaries, a throw-away cluster.

``PgServer.start()`` runs initdb and pg_ctl in a temporary directory (in /dev/shm where it has room), listening on a free port of
127.0.0.1 only (no Unix socket, trust authentication for the one local superuser), and
``stop()`` removes it all. PostgreSQL refuses to run as root: as root the cluster belongs to the
``postgres`` user the Debian package creates (runuser drops to it). ``new_database()`` gives each
test an empty database of its own; advisory locks are per database, so tests never meet.

``why_unavailable()`` says why there is no server here (the package, the user, the driver, or
``NEWSDIGEST_TEST_POSTGRES=0``), so a test can skip with that reason.
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

#: Where the binaries are looked for besides PATH (Debian keeps them out of PATH, by version).
_DEBIAN_GLOB = "/usr/lib/postgresql/*/bin"
_counter = itertools.count(1)


def bin_dir() -> Path | None:
    """The newest PostgreSQL server's bin directory, or None."""
    found = [Path(p) for p in glob.glob(_DEBIAN_GLOB) if (Path(p) / "initdb").is_file()]
    if found:
        return max(found, key=lambda p: _version_key(p.parent.name))
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _version_key(name: str) -> tuple[int, ...]:
    return tuple(int(part) for part in name.split(".") if part.isdigit())


def _runuser() -> str | None:
    """runuser, also where a PATH without the sbin directories would miss it (Debian: /usr/sbin)."""
    return shutil.which("runuser") or next((p for p in ("/usr/sbin/runuser", "/sbin/runuser") if os.access(p, os.X_OK)), None)


def _owner() -> str | None:
    """The user the cluster runs as: ourselves, or as root the 'postgres' user (None: none usable)."""
    if os.geteuid() != 0:
        return pwd.getpwuid(os.geteuid()).pw_name
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        return None
    return "postgres" if _runuser() else None


def why_unavailable() -> str | None:
    if os.environ.get("NEWSDIGEST_TEST_POSTGRES") == "0":
        return "NEWSDIGEST_TEST_POSTGRES=0: the PostgreSQL runs are switched off"
    if bin_dir() is None:
        return "PostgreSQL is not installed (apt-get install postgresql): no initdb in /usr/lib/postgresql/*/bin or PATH"
    if _owner() is None:
        return "running as root without a 'postgres' user and runuser: PostgreSQL refuses to run as root"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "the PostgreSQL driver is not installed (pip install 'newsdigest[postgres]')"
    return None


def _place() -> str | None:
    """Where the cluster lives: in memory (/dev/shm) where there is room, as a database per test of
    about 8 MB adds up and removing a gigabyte from a busy disk takes long; else /tmp as root (the
    'postgres' user must reach it, which a TMPDIR under root's home would not allow), else TMPDIR."""
    with contextlib.suppress(OSError):
        shm = os.statvfs("/dev/shm")
        if shm.f_bavail * shm.f_frsize > 4 * 2**30 and os.access("/dev/shm", os.W_OK):
            return "/dev/shm"
    return "/tmp" if os.geteuid() == 0 else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PgServer:
    """One throw-away cluster; ``url`` is its SQLAlchemy URL for the ``postgres`` database."""

    def __init__(self) -> None:
        self.bin = bin_dir()
        self.owner = _owner()
        assert self.bin is not None and self.owner is not None, why_unavailable()
        self.root = Path(tempfile.mkdtemp(prefix="newsdigest-pg-", dir=_place()))
        self.data = self.root / "data"
        self.port = _free_port()
        self.user = "postgres"

    def _run(self, *argv: str) -> subprocess.CompletedProcess[str]:
        command = [str(self.bin / argv[0]), *argv[1:]]
        if os.geteuid() == 0:
            command = [_runuser() or "runuser", "-u", self.owner or "postgres", "--", *command]
        return subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=self.root)

    def start(self) -> PgServer:
        if os.geteuid() == 0:
            shutil.chown(self.root, self.owner)
        made = self._run("initdb", "-D", str(self.data), "-U", self.user, "--auth=trust", "-E", "UTF8",
                         "--locale=C", "--no-sync", "--no-instructions")
        if made.returncode != 0:
            raise RuntimeError(f"initdb failed: {made.stderr or made.stdout}")
        # Speed over durability: a test cluster is thrown away. Loopback only, no Unix socket; shared memory
        # segments in the data directory (mmap), so nothing of it outlives the directory.
        options = (f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -c dynamic_shared_memory_type=mmap")
        started = self._run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "server.log"), "-o", options,
                            "-w", "-t", "60", "start")
        if started.returncode != 0:
            log = (self.root / "server.log").read_text(errors="replace") if (self.root / "server.log").exists() else ""
            raise RuntimeError(f"pg_ctl start failed: {started.stderr or started.stdout}\n{log[-2000:]}")
        return self

    @property
    def url(self) -> str:
        return self.url_of("postgres")

    def url_of(self, database: str) -> str:
        return f"postgresql+psycopg://{self.user}@127.0.0.1:{self.port}/{database}"

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(host="127.0.0.1", port=self.port, user=self.user, dbname="postgres", autocommit=True) as conn:
            conn.execute(sql)  # type: ignore[arg-type]  # our own, fixed statements

    def new_database(self) -> str:
        """An empty database of its own; its SQLAlchemy URL."""
        name = f"t{os.getpid()}_{next(_counter)}"
        self._admin(f"CREATE DATABASE {name}")
        return self.url_of(name)

    def drop_database(self, url: str) -> None:
        name = url.rsplit("/", 1)[1]
        self._admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def stop(self) -> None:
        if self.data.exists():
            self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)
