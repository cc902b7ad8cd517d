"""`make bench`: build speed, parallel speed-up, incremental rebuilds, scaling and memory,
and one document against the renderers alone (`--single` measures only that part).

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


def run_cpu(cmd: list[str]) -> tuple[float, float]:
    """Run a command; return its wall time and its CPU time (user + system) in seconds."""
    wall, _, usage = _run(cmd, None)
    return wall, usage.ru_utime + usage.ru_stime


def run_rss(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Run a command; return its wall time in seconds and its peak memory in MB."""
    wall, _, usage = _run(cmd, env)
    return wall, usage.ru_maxrss / 1024


def _run(cmd: list[str], env: dict[str, str] | None) -> tuple[float, int, os.struct_rusage]:
    start = time.perf_counter()
    # Drop the calling make's job server, so each measured make uses exactly its own -j.
    base = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL,
                            env={**base, **(env or {})})
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"bench: {' '.join(cmd)} failed")
    return time.perf_counter() - start, proc.returncode, usage


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


STAGES = """
import json, sys, time
t = [time.process_time()]
from pathlib import Path
import pipeline.cli, pipeline.build
from pipeline.content.loader import load_file
from pipeline.content.model import FILES
from pipeline.content.validate import load_content
from pipeline.i18n.translate import load_translator, translate
from pipeline.build import Session, Target
from pipeline.project import Project
t.append(time.process_time())
for f in FILES:
    load_file(Path("content") / f)
t.append(time.process_time())
c = load_content(Path("content"))[0]
t.append(time.process_time())
tr = load_translator(Path("locales"), "en")
lc = translate(c, tr)
t.append(time.process_time())
s = Session(Project.at(Path(".")), "dev")
s._content, s._languages["en"] = c, (lc, tr)
doc, _ = s.document(Target("guide", "en", "a4", sys.argv[1]))
t.append(time.process_time())
from pipeline.compose.document import Figure
from pipeline.render.diagram import render as dot
for b in doc.blocks:
    if isinstance(b, Figure):
        dot(b.dot, "svg" if sys.argv[1] == "pdf" else "png", s.project.cache)
t.append(time.process_time())
if sys.argv[1] == "pdf":
    from pipeline.render.html import render_html
    html = render_html(doc, "a4", s.project.templates, s.project.cache, tr)
    t.append(time.process_time())
    from pipeline.render.pdf import write_pdf
    write_pdf(html, Path(sys.argv[2]), s.project.root, s.project.templates)
else:
    t.append(time.process_time())  # DOCX has no HTML step
    from pipeline.render.docx import write_docx
    write_docx(doc, Path(sys.argv[2]), "a4", s.project.templates, s.project.cache)
t.append(time.process_time())
names = ["imports", "load (YAML)", "validate", "translate", "compose", "diagrams (cached)",
         "HTML", "WeasyPrint and post-processing" if sys.argv[1] == "pdf" else "python-docx"]
print(json.dumps({n: t[i + 1] - t[i] - (t[2] - t[1] if n == "validate" else 0)
                  for i, n in enumerate(names)}))
"""


def single() -> list[tuple[str, str]]:
    """One English A4 guide: `spguide build` against the renderers alone on the saved HTML.

    Measured side by side, alternating, best of five, so both see the same machine load.
    """
    out = WORK / "single" / "en"
    pdf, docx = out / "guide-a4.pdf", out / "guide-a4.docx"
    html = ROOT / "build" / "html" / "en" / "guide-a4.html"
    stamps = ROOT / "build" / "stamps" / pdf.relative_to(ROOT).parent
    spg = [PY, "-m", "pipeline", "build"]
    weasy = [str(Path(PY).parent / "weasyprint"), "--pdf-variant", "pdf/ua-1", "-s",
             str(ROOT / "templates" / "print.css"), "-u", str(ROOT), str(html),
             str(WORK / "weasyprint-alone.pdf")]
    pandoc = ["pandoc", "--quiet", str(html), "-o", str(WORK / "pandoc.docx")]
    run(spg + [str(pdf), str(docx)])  # warms the diagram cache and saves the HTML
    wall: dict[str, float] = {}
    cpu: dict[str, float] = {}
    names = ("spguide pdf", "weasyprint", "spguide docx", "pandoc")
    for _ in range(5):
        for name, cmd in zip(names, (spg + [str(pdf)], weasy, spg + [str(docx)], pandoc),
                             strict=True):
            shutil.rmtree(stamps, ignore_errors=True)  # rebuild, do not skip as unchanged
            if name != "pandoc" or shutil.which("pandoc"):
                w, c = run_cpu(cmd)
                wall[name], cpu[name] = min(wall.get(name, 1e9), w), min(cpu.get(name, 1e9), c)

    def both(name: str) -> str:
        return f"{wall[name]:.2f} s wall, {cpu[name]:.2f} s CPU"

    def ratio(a: str, b: str) -> str:
        return f"{cpu[a] / cpu[b]:.2f}x by CPU time, {wall[a] / wall[b]:.2f}x by wall time"

    rows = [("(f) one document: spguide build output/en/guide-a4.pdf", both("spguide pdf")),
            ("(f) WeasyPrint alone, same saved HTML, print.css, pdf/ua-1", both("weasyprint")),
            ("(f) one PDF: spguide / WeasyPrint alone", ratio("spguide pdf", "weasyprint")),
            ("(f) one document: spguide build output/en/guide-a4.docx", both("spguide docx"))]
    if "pandoc" in wall:
        rows += [("(f) pandoc, same saved HTML to DOCX", both("pandoc")),
                 ("(f) DOCX guide: spguide / pandoc", ratio("spguide docx", "pandoc"))]
    else:
        rows.append(("(f) pandoc", "not installed (apt-get install pandoc to compare)"))
    for fmt in ("pdf", "docx"):
        proc = subprocess.run([PY, "-c", STAGES, fmt, str(WORK / f"stages.{fmt}")], cwd=ROOT,
                              capture_output=True, text=True, check=True)
        stages = json.loads(proc.stdout)
        rows.append((f"(f) CPU time by stage, one {fmt.upper()} guide, in one process",
                     ", ".join(f"{k} {v:.2f} s" for k, v in stages.items())))
        *ours, renderer = stages.values()
        rows.append((f"(f) pipeline stages / renderer, one {fmt.upper()} guide, by stage",
                     f"{sum(ours) / renderer:.1%}"))
    return rows


def main() -> None:
    WORK.mkdir(parents=True, exist_ok=True)
    rows: list[tuple[str, str]] = []
    cpu = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text()
                .splitlines() if ln.startswith("model name")), platform.processor())
    rows.append(("machine", f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}"))
    if "--single" in sys.argv:
        return report(rows + single())

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
    report(rows + single())


def report(rows: list[tuple[str, str]]) -> None:
    """Print the table and keep a copy in build/bench/results.md."""
    width = max(len(r[0]) for r in rows)
    table = "\n".join(f"| {a:<{width}} | {b} |" for a, b in rows)
    print(table)
    (WORK / "results.md").write_text(table + "\n")


if __name__ == "__main__":
    main()
