"""Grade a synthetic cohort twice: `social-lab grade` against plain sequential nbgrader.

    python benchmarks/grading.py [--size 10 60] [--workers N] [--lang it] [--modules 00 02]

For each module with a notebook in the language and each cohort size (10 and 60 learners
by default), two identical course folders are made (one `nbgrader generate_assignment`,
then a copy), each with the same submissions (a third solved, a third blank, a third
partly wrong). One is graded by ``nbgrader autograde MODULE --force``, the other by
``social-lab grade MODULE`` (with its containment and limits, as a trainer runs it), one
after the other. Both run the course's whole grading pipeline (integrity, contained
kernels, the grader's own verdict: ``lab_helpers.grading.pipeline``). It prints both wall
times, their ratio, the peak memory of each (proportional set size summed over the
process tree, sampled every 0.5 s) and checks that both gradebooks hold the same scores.
Nothing is asserted; the machine's load is printed beside the figures.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import nbformat
import psutil

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from lab_helpers import settings  # noqa: E402
from lab_helpers.catalog import list_modules  # noqa: E402
from lab_helpers.grading import synthetic  # noqa: E402

BIN = Path(sys.executable).parent


def env_for(lang: str) -> dict[str, str]:
    env = dict(os.environ)
    env[settings.COURSE_LANG] = lang
    env["PATH"] = str(BIN) + os.pathsep + env.get("PATH", "")
    for var in (settings.COURSE_ROOT, settings.EXCHANGE):
        env.pop(var, None)
    return env


def measured(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float, str]:
    """Wall seconds, peak memory (MB, PSS of the process tree) and the output's tail."""
    peak = [0.0]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    done = threading.Event()

    def sample() -> None:
        root = psutil.Process(process.pid)
        while not done.is_set():
            total = 0
            try:
                for proc in [root, *root.children(recursive=True)]:
                    try:
                        total += proc.memory_full_info().pss
                    except (psutil.NoSuchProcess, psutil.AccessDenied):
                        continue
            except psutil.NoSuchProcess:
                return
            peak[0] = max(peak[0], total / 2**20)
            done.wait(0.5)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    output, _ = process.communicate()
    seconds = time.perf_counter() - started
    done.set()
    thread.join()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{output[-3000:]}")
    return seconds, peak[0], output


def scores(root: Path, module: str) -> dict[str, float]:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        return {s.student.id: round(s.score, 3) for s in gb.find_assignment(module).submissions}


def bench_module(module, lang: str, size: int, workers: int, tmp: Path) -> dict:
    name = f"{module.slug}.{lang}"
    env = env_for(lang)
    ours = tmp / f"{module.slug}-{size}" / "social-lab"
    plain = tmp / f"{module.slug}-{size}" / "nbgrader"
    ours.mkdir(parents=True)
    shutil.copy(REPO / "instructor" / "nbgrader_config.py", ours)
    subprocess.run([str(BIN / "nbgrader"), "generate_assignment", module.slug, "--force"],
                   cwd=ours, env=env, check=True, capture_output=True)
    released = nbformat.read(ours / "release" / module.slug / f"{name}.ipynb", as_version=4)
    source = nbformat.read(module.notebooks[lang], as_version=4)
    synthetic.cohort(ours, module.slug, name, released, source, size)
    shutil.copytree(ours, plain)
    load = os.getloadavg()[0]
    plain_s, plain_mb, _ = measured([str(BIN / "nbgrader"), "autograde", module.slug,
                                     "--force"], plain, env)
    ours_s, ours_mb, out = measured([str(BIN / "social-lab"), "grade", module.slug,
                                     "--course", str(ours), "--workers", str(workers),
                                     "--lang", "en"], ours, env)
    same = scores(ours, module.slug) == scores(plain, module.slug)
    containment = next((line for line in out.splitlines() if "Containment" in line), "")
    return {"module": module.slug, "plain": plain_s, "ours": ours_s, "plain_mb": plain_mb,
            "ours_mb": ours_mb, "same": same, "load": load, "containment": containment}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, nargs="+", default=[10, 60])
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--lang", default="it")
    parser.add_argument("--modules", nargs="*", help="only these modules (numbers or names)")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, "
          f"{psutil.virtual_memory().total / 2**30:.0f} GiB; cohorts of "
          f"{' and '.join(map(str, args.size))} per module, {args.workers} workers")
    rows = []
    with tempfile.TemporaryDirectory(prefix="social-lab-bench-") as tmp:
        for module in list_modules():
            if args.lang not in module.notebooks or (args.modules and not any(
                    m in (module.number, module.slug) for m in args.modules)):
                continue
            for size in args.size:
                try:
                    row = bench_module(module, args.lang, size, args.workers, Path(tmp))
                except (subprocess.CalledProcessError, SystemExit) as error:
                    print(f"\n{module.slug}: skipped, it could not be graded ({error})")
                    continue
                rows.append(row)
                print(f"\n{row['module']} ({size} submissions, load average at start "
                      f"{row['load']:.1f})")
                print(f"  nbgrader autograde (sequential): {row['plain']:7.1f} s   "
                      f"peak memory {row['plain_mb']:6.0f} MB")
                print(f"  social-lab grade ({args.workers} workers):    {row['ours']:7.1f} s   "
                      f"peak memory {row['ours_mb']:6.0f} MB")
                print(f"  speed-up: {row['plain'] / row['ours']:.2f}x   same scores in both "
                      f"gradebooks: {'yes' if row['same'] else 'NO'}")
                print(f"  {row['containment']}")
    if len(rows) > 1:
        plain = sum(r["plain"] for r in rows)
        ours = sum(r["ours"] for r in rows)
        print(f"\nall runs: {plain:.1f} s against {ours:.1f} s: {plain / ours:.2f}x")


if __name__ == "__main__":
    main()
