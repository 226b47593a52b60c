"""A grading kernel's memory limit holds what the course's modules need on any machine.

The limit is on address space (RLIMIT_AS). DuckDB, under module 04's splink, starts one
thread per core, and glibc reserves an arena of up to 64 MB for each: on a trainer's machine
with many cores a kernel using 250 MB would pass its limit. ``containment.enter`` caps the
arenas, and the checks' reference linkage uses one thread; here the notebook's linker on a
32-core machine and the two checks' references, under the default 2048 MB.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

from lab_helpers.grading.pool import DEFAULT_MEMORY_MB

DUCKDB_ON_MANY_CORES = textwrap.dedent("""
    import os, sys
    from lab_helpers.grading.containment import Containment, enter
    if sys.argv[1] == "enter":
        enter(Containment(mode="none", memory_mb=int(sys.argv[2])), "")
    else:
        import resource
        limit = int(sys.argv[2]) * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    import duckdb
    import pandas
    pandas.Series(["a", "b"] * 1000).str.upper()  # pandas' strings in pyarrow
    # the notebook's linker (one thread per core) and the reference of module 04's two
    # splink checks (one thread: splink_linkage.REFERENCE_THREADS)
    connections = [duckdb.connect(config={"threads": threads}) for threads in (32, 1, 1)]
    for con in connections:
        con.execute("select sum(range) from range(20000000)").fetchall()
    print("ok")
""")


def run(how: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", DUCKDB_ON_MANY_CORES, how,
                           str(DEFAULT_MEMORY_MB)], capture_output=True, text=True, timeout=120)


def test_duckdb_on_many_cores_fits_a_grading_kernels_memory_limit():
    done = run("enter")
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-2000:]


def test_without_the_arena_cap_the_same_kernel_would_pass_its_limit():
    # the test above proves something only if the bare limit alone would fail
    done = run("bare")
    assert done.returncode != 0, "the arena cap is not what keeps this kernel in its limit"
