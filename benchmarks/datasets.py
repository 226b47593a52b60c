"""Print each dataset's load time and the size of the data folder.

    python benchmarks/datasets.py [--repeat N]

Load times are the median of N cold loads (the in-process cache is cleared each time).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lab_helpers import datasets  # noqa: E402
from lab_helpers.paths import datasets_dir  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    repeat = parser.parse_args().repeat
    print(f"{'dataset':<24} {'rows':>7} {'load (ms)':>10} {'file (KB)':>10}")
    for name in datasets.dataset_names():
        times = []
        for _ in range(repeat):
            datasets._load.cache_clear()
            start = time.perf_counter()
            frame = datasets.load_dataset(name)
            times.append(time.perf_counter() - start)
        resource = next(r for r in datasets.datapackage()["resources"] if r["name"] == name)
        size = (datasets_dir() / resource["path"]).stat().st_size / 1024
        print(f"{name:<24} {len(frame):>7} {statistics.median(times) * 1000:>10.1f} "
              f"{size:>10.0f}")
    total = sum(p.stat().st_size for p in datasets_dir().rglob("*") if p.is_file())
    print(f"datasets/ folder: {total / 1024 / 1024:.1f} MB")


if __name__ == "__main__":
    main()
