"""Social Innovation Lab: helpers for the learner's notebooks.

A notebook's first cell calls ``setup("00", lang="it")``; test cells call ``check(...)``;
``hint(...)`` gives staged hints; ``load_dataset(...)`` returns the shipped data.
"""

from __future__ import annotations

from .checks import check, hint, solution
from .datasets import dataset_names, load_dataset
from .i18n import _, set_language
from .indigo import load_indigo
from .progress_report import progress

__version__ = "0.1.0"
__all__ = ["check", "dataset_names", "hint", "load_dataset", "load_indigo", "progress",
           "setup", "solution"]


def _plain_numbers() -> None:
    """Show 35.6, not np.float64(35.6): numpy 2's repr puzzles people new to code."""
    import numpy as np

    np.set_printoptions(legacy="1.25")


def setup(module: str, lang: str = "en", quiet: bool = False) -> None:
    """Prepare a module's notebook: language of messages and accessible charts."""
    from .checks.display import box, show
    from .errors import enable_error_help
    from .plots import use_accessible_style

    set_language(lang)
    use_accessible_style()
    enable_error_help()
    _plain_numbers()
    if not quiet:
        show(box("#0072B2", "✔", _("Ready"), _(
            "Module {module} is set up. Run the cells in order, from the top.").format(
                module=module)))
