"""Shared fixtures: a small content set, and builds of it made once per session."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import settings

from pipeline.build import Target, build
from pipeline.project import Project

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "fixtures" / "mini"
LOCALES = ROOT / "tests" / "fixtures" / "locales"

# CI and local runs draw the same examples: each test's examples derive from its name, and no
# example database carries state between runs. HYPOTHESIS_PROFILE=explore draws new ones.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture
def mini_copy(tmp_path: Path) -> Path:
    """A writable copy of the small fixture content."""
    dest = tmp_path / "content"
    shutil.copytree(MINI, dest)
    return dest


@pytest.fixture(scope="session")
def mini_project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The project with the fixture content and a private build folder."""
    base = Project.at(ROOT, MINI)
    return Project(base.root, base.content, base.templates, LOCALES,
                   tmp_path_factory.mktemp("build"))


@pytest.fixture(scope="session")
def mini_pdf(mini_project: Project, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out") / "guide-a4.pdf"
    build(mini_project, Target("guide", "en", "a4", "pdf"), out, "9.9.9")
    return out


@pytest.fixture(scope="session")
def mini_docx(mini_project: Project, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out") / "guide-letter.docx"
    build(mini_project, Target("guide", "en", "letter", "docx"), out, "9.9.9")
    return out


@pytest.fixture(scope="session")
def shared_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One build folder for tests that build many small variants: its caches (diagrams,
    compiled templates) are keyed by their inputs, so sharing them only saves work."""
    return tmp_path_factory.mktemp("shared-build")


@pytest.fixture(scope="session")
def release(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """Every output file and the index, built once by `make files` for the whole test run.

    The xdist workers share it: the first to ask builds it under a lock, the others wait and
    read the same files. Tests only read it; a test that needs to change a file copies it.
    """
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if worker_id != "master" else base
    out = shared / "release"
    with open(shared / "release.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (shared / "release.done").exists():
            shutil.rmtree(out, ignore_errors=True)
            # A make of its own, on every core, whatever make started the tests.
            env = {k: v for k, v in os.environ.items()
                   if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
            proc = subprocess.run(["make", "--no-print-directory", f"-j{os.cpu_count() or 2}",
                                   "files", f"OUT={out}"], cwd=ROOT, env=env,
                                  capture_output=True, text=True, timeout=3000)
            assert proc.returncode == 0, proc.stderr[-3000:]
            (shared / "release.done").touch()
    return out
