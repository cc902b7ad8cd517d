"""`make bench`: build speed, parallel speed-up, incremental rebuilds, scaling and memory.

Prints a table; the numbers are recorded by hand in docs/benchmarks.md with the machine.
"""

from __future__ import annotations

import copy
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "build" / "bench"
PY = sys.executable
PO_FR = ROOT / "locales" / "fr" / "LC_MESSAGES" / "messages.po"


def run(cmd: list[str], env: dict[str, str] | None = None) -> float:
    """Run a command; return its wall time in seconds."""
    return run_rss(cmd, env)[0]


def run_rss(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Run a command; return its wall time in seconds and its peak memory in MB."""
    start = time.perf_counter()
    # Drop the calling make's job server, so each measured make uses exactly its own -j.
    base = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL,
                            env={**base, **(env or {})})
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"bench: {' '.join(cmd)} failed")
    return time.perf_counter() - start, usage.ru_maxrss / 1024


def make_files(out: Path, jobs: int, log: Path | None = None) -> float:
    env = {"SPGUIDE_TIMINGS": str(log)} if log else {}
    return run(["make", "--no-print-directory", f"-j{jobs}", "files", f"OUT={out}"], env)


def cold(jobs: int) -> tuple[float, Path]:
    """A full build from nothing: no outputs, no diagram cache."""
    out, log = WORK / f"cold-j{jobs}", WORK / f"timings-j{jobs}.jsonl"
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(ROOT / "build" / "cache", ignore_errors=True)
    log.unlink(missing_ok=True)
    return make_files(out, jobs, log), log


def multiply(src: Path, k: int, dest: Path) -> Path:
    """Write content k times larger: cloned branches of the tree, tools, cases and options."""
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(src, dest)
    load = {f.name: yaml.safe_load(f.read_text()) for f in dest.glob("*.yaml")}
    tree = load["decision_tree.yaml"]
    entry = next(d for d in tree["decisions"] if len(d["options"]) >= 5)
    branches = [d for d in tree["decisions"] if d["id"] in {o["next"] for o in entry["options"]}]
    for i in range(2, k + 1):
        sfx = f"-x{i}"
        for d in branches:
            clone = copy.deepcopy(d)
            clone["id"] += sfx
            clone["title"] += f" ({i})"
            tree["decisions"].append(clone)
            opt = copy.deepcopy(next(o for o in entry["options"] if o["next"] == d["id"]))
            opt["id"] += sfx
            opt["next"] = clone["id"]
            opt["label"] += f" ({i})"
            entry["options"].append(opt)
        for fname, key in (("tools.yaml", "tools"), ("case_studies.yaml", "cases"),
                           ("strategies.yaml", "options"), ("glossary.yaml", "terms"),
                           ("practices.yaml", "practices")):
            items = load[fname][key]
            for item in [x for x in items if "-x" not in x["id"]]:
                clone = copy.deepcopy(item)
                clone["id"] += sfx
                for name in ("name", "title", "term", "network"):
                    if name in clone:
                        clone[name] += f" ({i})"
                items.append(clone)
    for name, data in load.items():
        (dest / name).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    return dest


def scaling(k: int) -> tuple[float, int, float, float]:
    """Build the English A4 guide at k times the content: seconds, pages, s/page, peak MB."""
    content = multiply(ROOT / "content", k, WORK / f"content-x{k}")
    out = WORK / f"scale-x{k}" / "en" / "guide-a4.pdf"
    log = WORK / f"scale-x{k}.jsonl"
    log.unlink(missing_ok=True)
    seconds, peak = run_rss([PY, "-m", "pipeline", "--content", str(content), "build", "-o",
                             str(out)], {"SPGUIDE_TIMINGS": str(log)})
    pages = json.loads(log.read_text().splitlines()[-1])["pages"]
    return seconds, pages, seconds / pages, peak


def main() -> None:
    WORK.mkdir(parents=True, exist_ok=True)
    rows: list[tuple[str, str]] = []
    cpu = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text()
                .splitlines() if ln.startswith("model name")), platform.processor())
    rows.append(("machine", f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}"))

    t1, log1 = cold(1)
    t2, _ = cold(2)
    real_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    files = [json.loads(x) for x in log1.read_text().splitlines()]
    rows += [("(a) cold full build -j1", f"{t1:.1f} s ({len(files)} files)"),
             ("(a) cold full build -j2", f"{t2:.1f} s"), ("(a) speed-up -j2", f"{t1 / t2:.2f}x")]

    render = sum(f["render"] for f in files)
    pipeline = sum(f["pipeline"] for f in files)
    start = run([PY, "-c", "import pipeline.build"])  # interpreter start and imports
    overhead = t1 - render
    rows += [("(b) rendering (WeasyPrint + DOCX writing)", f"{render:.1f} s, {render / t1:.0%}"),
             ("(b) pipeline overhead (start, imports, load, validate, translate, compose)",
              f"{overhead:.1f} s, {overhead / t1:.0%} (in-process stages {pipeline:.1f} s; "
              f"start+imports {start:.2f} s per file)")]

    out = WORK / "cold-j2"
    noop = make_files(out, 2)
    os.utime(PO_FR)
    one_lang = make_files(out, 2)
    rows += [("(c) no-op rebuild", f"{noop:.2f} s"),
             ("(c) rebuild after the French catalog changes", f"{one_lang:.1f} s")]

    per_page, peaks = {}, {}
    for k in (1, 3, 10):
        seconds, pages, spp, peaks[k] = scaling(k)
        per_page[k] = spp
        rows.append((f"(d) scale x{k}: English A4 guide", f"{pages} pages, {seconds:.1f} s, "
                     f"{spp * 1000:.0f} ms/page, peak {peaks[k]:.0f} MB"))
    rows.append(("(d) time per page x10 / x1", f"{per_page[10] / per_page[1]:.2f}"))
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    rows.append(("(e) peak memory, largest process of the real full build",
                 f"{real_peak:.0f} MB"))
    rows.append(("(e) peak memory, largest process of the whole run (x10 guide)",
                 f"{peak:.0f} MB"))

    width = max(len(r[0]) for r in rows)
    table = "\n".join(f"| {a:<{width}} | {b} |" for a, b in rows)
    print(table)
    (WORK / "results.md").write_text(table + "\n")


if __name__ == "__main__":
    main()
