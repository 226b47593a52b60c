"""Print what the test suite costs: in all, per module, per test file, and one more module.

    python benchmarks/suite_time.py [PYTEST ARGS...]     # runs the suite (default: -n 2)
    python benchmarks/suite_time.py --junit FILE.xml    # reads a run's JUnit XML instead
    python benchmarks/suite_time.py --save FILE.xml -- -n 2 --durations=0   # keeps the XML

A test belongs to a module when its file is named for it (``test_01_module.py``) or its
parametrize id names it (``00-getting-started``, ``m01.keyed_hash``, ...); every other
test is the platform's. The cost of one more module is the mean of the modules after 00
(module 00 is graded in both languages and is the one the platform tests use), in test
seconds and, scaled by this run's parallelism, in wall seconds. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from lab_helpers.catalog import list_modules  # noqa: E402

PLATFORM = "platform"
FILE_MODULE = re.compile(r"test_(\d\d)_")
ID_MODULE = re.compile(r"\b(?:m(\d\d)\b|(\d\d)-[a-z])")


@dataclass
class Case:
    file: str
    name: str
    seconds: float  # setup + call + teardown

    @property
    def param(self) -> str:
        return self.name.partition("[")[2]


def read_junit(path: Path) -> tuple[list[Case], float]:
    """The test cases of a JUnit XML file and the run's wall time."""
    root = ET.parse(path).getroot()
    suites = [root] if root.tag == "testsuite" else list(root.iter("testsuite"))
    wall = sum(float(s.get("time", 0)) for s in suites)
    cases = []
    for case in root.iter("testcase"):
        name = re.sub(r"@[\w-]+$", "", case.get("name", ""))  # an xdist_group suffix
        file = case.get("classname", "").replace(".", "/") + ".py"
        cases.append(Case(file, name, float(case.get("time", 0))))
    return cases, wall


def module_of(case: Case, slugs: dict[str, str]) -> str:
    """The module slug a test belongs to, else "platform"."""
    found = FILE_MODULE.search(Path(case.file).name)
    numbers = [found.group(1)] if found else [
        a or b for a, b in ID_MODULE.findall(case.param)]
    for number in numbers:
        if number in slugs:
            return slugs[number]
    return PLATFORM


def run_suite(args: list[str], junit: Path) -> float:
    """Run pytest from the repository root; return its wall time in seconds."""
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly",
               f"--junitxml={junit}", *args]
    print("+", " ".join(command), flush=True)
    start = time.perf_counter()
    subprocess.run(command, cwd=REPO, check=False)
    return time.perf_counter() - start


def report(cases: list[Case], wall: float, target: int) -> None:
    slugs = {module.number: module.slug for module in list_modules()}
    per_module: dict[str, list[Case]] = defaultdict(list)
    per_file: dict[str, list[Case]] = defaultdict(list)
    for case in cases:
        per_module[module_of(case, slugs)].append(case)
        per_file[case.file].append(case)
    total = sum(c.seconds for c in cases)
    ratio = wall / total if total else 1.0  # wall seconds per test second (parallelism)

    print(f"\nsuite: {len(cases)} tests, {wall:.0f} s wall ({wall / 60:.1f} min), "
          f"{total:.0f} s of test time (parallelism {1 / ratio:.2f})\n")
    print(f"{'share':<24}{'tests':>6}{'test s':>9}{'%':>6}{'~wall s':>9}")
    for name in [*sorted(slugs.values()), PLATFORM]:
        seconds = sum(c.seconds for c in per_module.get(name, []))
        print(f"{name:<24}{len(per_module.get(name, [])):>6}{seconds:>9.1f}"
              f"{100 * seconds / total if total else 0:>6.1f}{seconds * ratio:>9.1f}")

    print(f"\n{'test file':<44}{'tests':>6}{'test s':>9}")
    for file, group in sorted(per_file.items(), key=lambda kv: -sum(c.seconds for c in kv[1])):
        print(f"{file:<44}{len(group):>6}{sum(c.seconds for c in group):>9.1f}")

    later = [per_module.get(slug, []) for number, slug in sorted(slugs.items())
             if number != "00" and per_module.get(slug)]
    if later:
        tests = statistics.mean(len(group) for group in later)
        seconds = statistics.mean(sum(c.seconds for c in group) for group in later)
        print(f"\none more module: about {tests:.0f} tests, {seconds:.1f} s of test time, "
              f"{seconds * ratio:.1f} s of wall time at this run's parallelism")
        if target > len(slugs):
            projected = wall + (target - len(slugs)) * seconds * ratio
            print(f"at {target} modules: about {projected:.0f} s wall ({projected / 60:.1f} min)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--junit", type=Path, help="read this JUnit XML instead of running")
    parser.add_argument("--save", type=Path, help="keep the JUnit XML of the run here")
    parser.add_argument("--modules", type=int, default=10,
                        help="project the wall time at this many modules (default 10)")
    known, pytest_args = parser.parse_known_args()
    if known.junit:
        cases, wall = read_junit(known.junit)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            junit = (known.save or Path(tmp) / "suite.xml").resolve()
            args = [a for a in pytest_args if a != "--"] or ["-n", "2"]
            wall = run_suite(args, junit)
            cases, _ = read_junit(junit)
    report(cases, wall, known.modules)


if __name__ == "__main__":
    main()
