"""The notebook metadata that JupyterLab writes for the course's Python kernel.

When JupyterLab opens a notebook it writes into it the ``kernelspec`` and ``language_info``
of the kernel it starts; a notebook whose metadata differ opens with the unsaved-changes
dot although nothing was changed. So the source notebooks carry what does not depend on
the machine (``source_metadata``), and a released notebook everything, down to the Python
version of the kernel that will run it (``kernel_metadata``).
"""

from __future__ import annotations

import copy
from typing import Any

KERNEL = "python3"
# as ipykernel installs its kernel: the name JupyterLab shows in its status bar
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": KERNEL}


def _language_info() -> dict[str, Any]:
    """What the kernel reports: ipykernel runs on the Python of this installation."""
    from ipykernel.ipkernel import IPythonKernel

    return copy.deepcopy(dict(IPythonKernel.language_info))


def source_metadata() -> dict[str, dict[str, Any]]:
    """The kernel metadata of a source notebook: all but the Python version."""
    info = _language_info()
    info.pop("version", None)
    return {"kernelspec": dict(KERNELSPEC), "language_info": info}


def kernel_metadata() -> dict[str, dict[str, Any]]:
    """The kernel metadata JupyterLab will write here, for a notebook released here."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    spec = dict(KERNELSPEC)
    try:
        installed = KernelSpecManager().get_kernel_spec(KERNEL)
        spec.update(display_name=installed.display_name, language=installed.language)
    except NoSuchKernel:
        pass
    return {"kernelspec": spec, "language_info": _language_info()}


def released_with_kernel_metadata() -> type:
    """nbgrader's release step that writes ``kernel_metadata`` into the released notebook.

    A class made on demand, so that importing this module needs no nbgrader; nbgrader's
    ``generate_assignment`` runs it last (``trainer_only.release_preprocessors``), so a
    cohort's learners open their notebooks without the unsaved-changes dot too.
    """
    from nbgrader.preprocessors import NbGraderPreprocessor

    class KernelMetadata(NbGraderPreprocessor):
        """Write the course kernel's metadata, as JupyterLab will, into the release."""

        def preprocess(self, nb, resources):  # type: ignore[no-untyped-def]
            nb.metadata.update(kernel_metadata())
            return nb, resources

    return KernelMetadata
