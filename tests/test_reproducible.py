"""Builds are reproducible: outputs built again are the same bytes as the shared build's."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import sharedbuild

ROOT = Path(__file__).resolve().parent.parent


def test_builds_are_reproducible(pytestconfig, tmp_path):
    """Build some outputs again, as make's recipes do but in one process per command: the
    bytes are the same. (Through make, a grouped target would also rebuild the other paper.)

    The second build runs while the shared one may still be running (it asks for the shared
    build only to compare), so it fills the cores instead of queueing behind it.
    """
    again = tmp_path / "again"
    guides = [again / lang / f"guide-a4.{fmt}" for lang in ("en", "fr") for fmt in ("pdf", "docx")]
    plan = again / "examples" / "es" / "plan-young-network"
    env = {**os.environ, "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "")}
    spg = [sys.executable, "-m", "pipeline"]
    jobs = [subprocess.Popen([*spg, "build", "--version", "dev", *map(str, guides)], cwd=ROOT,
                             env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE),
            subprocess.Popen([*spg, "plan", "examples/es/young-network.yaml", "--lang", "es",
                              "--version", "dev", "-o", str(plan)], cwd=ROOT, env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)]
    for job in jobs:
        assert job.wait(timeout=1200) == 0, job.stderr.read().decode()
    release = sharedbuild.wait(pytestconfig)
    for target in [*guides, plan.with_suffix(".pdf"), plan.with_suffix(".docx")]:
        rel = target.relative_to(again)
        assert target.read_bytes() == (release / rel).read_bytes(), rel
