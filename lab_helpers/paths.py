"""Where the package's content lives: installed from a wheel, or in a checkout."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def content_dir(name: str) -> Path:
    """The ``modules`` or ``datasets`` folder, from the wheel or from the repository."""
    installed = PACKAGE_DIR / "_content" / name
    if installed.is_dir():
        return installed
    checkout = PACKAGE_DIR.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"{name}/ is neither in {installed} nor in {checkout}")


def modules_dir() -> Path:
    """The authored module sources (nbgrader source notebooks)."""
    return content_dir("modules")


def datasets_dir() -> Path:
    """The shipped CSV files and their datapackage.json."""
    return content_dir("datasets")
