"""Shared fixtures: a small content set, and builds of it made once per session."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import sharedbuild
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


# The longest files that read the shared build (LibreOffice, every PDF checked)
# run first among those, so that the workers share them out and the short ones fill in last.
LONG = ("test_office.py", "test_outputs.py")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Start the shared build in the background if a test reads it, and run the files that
    read it last (xdist hands out whole files), so the workers get through every other file
    while it builds."""
    reading = {item.path for item in items if "release" in getattr(item, "fixturenames", ())}
    items.sort(key=lambda item: (item.path in reading,
                                 item.path in reading and item.path.name not in LONG))
    if reading:
        sharedbuild.start(config)


def pytest_unconfigure(config: pytest.Config) -> None:
    sharedbuild.stop(config)


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
def release(pytestconfig: pytest.Config) -> Path:
    """Every output file and the index, built once by `make files` for the whole test run
    (tests/sharedbuild.py). Tests only read it; a test that changes a file copies it first."""
    return sharedbuild.wait(pytestconfig)
