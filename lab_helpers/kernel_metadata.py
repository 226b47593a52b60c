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
