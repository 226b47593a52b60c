"""Every dataset validates against its Frictionless descriptor, and has its data card."""

from __future__ import annotations

import pytest
from frictionless import Package

from lab_helpers.datasets import datapackage, dataset_names
from lab_helpers.paths import datasets_dir


def test_the_package_descriptor_is_valid_and_every_resource_validates():
    report = Package(str(datasets_dir() / "datapackage.json")).validate()
    problems = [f"{task.name}: {error.message}" for task in report.tasks
                for error in task.errors][:20]
    assert report.valid, problems


@pytest.mark.parametrize("name", dataset_names())
def test_every_resource_is_documented(name):
    resource = next(r for r in datapackage()["resources"] if r["name"] == name)
    assert resource.get("title") and resource.get("description")
    for field in resource["schema"]["fields"]:
        assert field.get("description"), (name, field["name"])
    card = (datasets_dir() / resource["card"]).read_text(encoding="utf-8")
    assert "## English" in card and "## Italiano" in card
    assert "synthetic" in card.lower() and "sintetic" in card.lower()


def test_the_data_folder_stays_small():
    size = sum(p.stat().st_size for p in datasets_dir().rglob("*") if p.is_file())
    assert size < 20 * 1024 * 1024
