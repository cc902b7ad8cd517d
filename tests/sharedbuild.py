"""The shared build: every output and the index, made once per test run by `make files`.

It starts in the background as soon as the tests are collected, if any test reads it, so
the workers run every other test while it builds. Its exit status is written to a file, so
every xdist worker can wait for it; the process that ends the run stops it if it still runs.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shlex
import signal
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def folder(config: pytest.Config) -> Path:
    """The run's temporary folder that every worker shares (xdist workers get sub-folders)."""
    base: Path = config._tmp_path_factory.getbasetemp()  # the fixture's factory, as xdist uses
    return base.parent if hasattr(config, "workerinput") else base


def start(config: pytest.Config) -> None:
    """Start the build once for the run; later calls, from any worker, do nothing."""
    shared = folder(config)
    with open(shared / "release.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (shared / "release.pid").exists():
            return
        # A make of its own, whatever make started the tests, with a job more than there are
        # cores, so the cores stay busy while the tests wait for it.
        env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
        q = {name: shlex.quote(str(shared / name)) for name in ("release", "release.log",
                                                               "release.rc")}
        jobs = (os.cpu_count() or 2) + 1
        script = (f"make --no-print-directory -j{jobs} files OUT={q['release']} "
                  f"> {q['release.log']} 2>&1; echo $? > {q['release.rc']}.part && "
                  f"mv {q['release.rc']}.part {q['release.rc']}")
        proc = subprocess.Popen(["bash", "-c", script], cwd=ROOT, env=env,
                                start_new_session=True)
        (shared / "release.pid").write_text(str(proc.pid))


def wait(config: pytest.Config, timeout: float = 3000) -> Path:
    """Wait for the build; return its folder, or fail with the end of its log."""
    shared = folder(config)
    start(config)
    deadline = time.monotonic() + timeout
    while not (rc := shared / "release.rc").exists():
        assert time.monotonic() < deadline, f"make files took over {timeout} s"
        time.sleep(0.5)
    log = (shared / "release.log").read_text(errors="replace")
    assert rc.read_text().strip() == "0", log[-3000:]
    return shared / "release"


def stop(config: pytest.Config) -> None:
    """Stop a build that still runs when the run ends (interrupted, or no test waited)."""
    if hasattr(config, "workerinput") or not hasattr(config, "_tmp_path_factory"):
        return  # a worker may end before another one has read the build
    shared = folder(config)
    pid = shared / "release.pid"
    if pid.exists() and not (shared / "release.rc").exists():
        with contextlib.suppress(ProcessLookupError, ValueError):  # ended meanwhile
            os.killpg(int(pid.read_text()), signal.SIGTERM)
