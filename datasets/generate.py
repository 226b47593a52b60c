"""Seeded generator of every synthetic dataset shipped in this folder.

    python datasets/generate.py [OUT_DIR]

Each module of ``generators/`` makes some tables (``make``) and describes them
(``RESOURCES``: title, description and Frictionless schema). This script writes the CSV
files and ``datapackage.json`` from them, so data and descriptor cannot drift apart. The
output is the same byte for byte on every run (a test checks it).
"""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
# Generators run in this order; a later one may build on the tables of an earlier one.
GENERATORS = ["territory", "networks", "finance", "impact",
              "homecare", "cases", "registries", "services"]

PACKAGE = {
    "name": "social-innovation-lab-datasets",
    "title": "Social Innovation Lab: synthetic social-service data for Piedmont",
    "description": "Synthetic datasets made by datasets/generate.py (seeded) and calibrated "
                   "on public figures; no real person's data. Each resource has a data card "
                   "in datasets/cards/.",
    "licenses": [{"name": "CC0-1.0", "title": "Creative Commons Zero v1.0 Universal",
                  "path": "https://creativecommons.org/publicdomain/zero/1.0/"}],
    "sources": [{"title": "Calibration figures: ISTAT, IRES Piemonte, Regione Piemonte "
                          "WECARE, INPS, AGENAS, GO Lab INDIGO (see each data card)"}],
}


def generate(out_dir: Path = HERE) -> dict[str, Path]:
    """Write every dataset and the descriptor to ``out_dir``; return the files written."""
    if str(HERE) not in sys.path:
        sys.path.insert(0, str(HERE))
    tables: dict[str, pd.DataFrame] = {}
    resources = []
    paths = {}
    for name in GENERATORS:
        module = importlib.import_module(f"generators.{name}")
        made = module.make(dict(tables))
        for table, frame in made.items():
            described = module.RESOURCES[table]
            assert [f["name"] for f in described["schema"]["fields"]] == list(frame.columns), table
            path = out_dir / f"{table}.csv"
            frame.to_csv(path, index=False, lineterminator="\n")
            paths[table] = path
            resources.append({"name": table, "path": path.name, "format": "csv",
                              "mediatype": "text/csv", "encoding": "utf-8",
                              "card": f"cards/{table}.md", **described})
        tables.update(made)
    descriptor = out_dir / "datapackage.json"
    descriptor.write_text(json.dumps({**PACKAGE, "resources": resources}, indent=1,
                                     ensure_ascii=False) + "\n", encoding="utf-8")
    paths["datapackage"] = descriptor
    return paths


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE
    for name, path in generate(target).items():
        print(f"{name}: {path}")
