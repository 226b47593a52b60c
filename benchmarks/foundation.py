"""Print the foundation's timings: import, notebook execution, workspace build.

    python benchmarks/foundation.py [--repeat N]

Each figure is the median of N runs (default 3) on this machine; nothing is asserted.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lab_helpers.catalog import list_modules  # noqa: E402
from lab_helpers.execute import cell_errors, execute_notebook  # noqa: E402
from lab_helpers.workspace import refresh_workspace  # noqa: E402


def median_time(action, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def import_time() -> float:
    code = ("import time; t = time.perf_counter(); import lab_helpers; "
            "print(time.perf_counter() - t)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    repeat = parser.parse_args().repeat

    imports = statistics.median(import_time() for _ in range(max(repeat, 5)))
    print(f"import lab_helpers (fresh interpreter):  {imports * 1000:7.0f} ms")

    with tempfile.TemporaryDirectory() as tmp:
        cwd = Path(tmp)
        empty = nbformat.v4.new_notebook()
        empty.cells = [nbformat.v4.new_code_cell("pass")]
        floor = median_time(lambda: execute_notebook(empty, cwd), repeat)
        print(f"empty notebook (kernel start + 1 cell):  {floor:7.2f} s")
        for module in list_modules():
            for path in sorted(module.notebooks.values()):
                nb = nbformat.read(path, as_version=4)

                def run(nb=nb) -> None:
                    done = execute_notebook(nb, cwd, grading=True)
                    assert not cell_errors(done), cell_errors(done)

                took = median_time(run, repeat)
                print(f"{path.name:<38} {took:7.2f} s  ({took - floor:+.2f} s over the floor)")

        fresh = median_time(lambda: refresh_workspace(Path(tempfile.mkdtemp(dir=tmp)), "it"),
                            repeat)
        print(f"workspace build, all modules (fresh):    {fresh:7.2f} s")
        ws = Path(tempfile.mkdtemp(dir=tmp))
        refresh_workspace(ws, "it")
        again = median_time(lambda: refresh_workspace(ws, "it"), repeat)
        print(f"workspace refresh, nothing new:          {again:7.2f} s")


if __name__ == "__main__":
    main()
