"""JupyterLab's interface in Italian where the official language pack leaves it in English.

jupyterlab_server finds this package through the ``jupyterlab.locale`` entry points of
pyproject.toml, one per translation domain (``jupyterlab``, ``notebook``,
``jupyterlab_widgets``), and merges ``locale/it_IT/LC_MESSAGES/<domain>.json`` over the language
pack's file of the same name, key by key, when the "version" in our header is newer than the
pack's. Ours is the JupyterLab release whose messages these are (tests/test_lab_locale.py
checks every key against the installed JupyterLab's code). The packs write "jupyterlab" there,
which is no version: importing this package makes that comparison rank it below every release,
as it did before packaging 22 (see merge_rule). It imports nothing heavy: a failure here would
leave the whole interface in English.
"""

from __future__ import annotations

from .merge_rule import rank_unversioned_packs_oldest

rank_unversioned_packs_oldest()
