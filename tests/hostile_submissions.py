"""Module 00 notebooks of learners who want a grade without the work, many tricks in each.

Each submission leaves the exercises of ``WRONG`` blank or wrong and answers the others
right, then tries, in several spellings, one kind of trick to make the wrong ones score.
``CAUGHT`` submissions use spellings the integrity scan recognises (so it comments them
out, and the right answers keep their points); ``EVADING`` ones hide the same tricks from
the scan (built-up names, getattr), so only what happens after the run can keep the grade
honest. Both kinds must end up flagged, with 0 for every exercise of ``WRONG``.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat import NotebookNode

from lab_helpers.grading import synthetic

MODULE = "00-getting-started"
WRONG = {  # answer cell -> what the learner left there
    "answer_piedmont_municipalities": "piedmont_municipalities = 1000",
    "answer_cuneo_total_workers": "cuneo_total_workers = (\n    ...\n)\ncuneo_total_workers",
    "answer_total_population": "total_population = (\n    ...\n)\ntotal_population",
}
WRONG_TESTS = {gid.replace("answer_", "test_", 1) for gid in WRONG}

_FORGED = ('{"application/vnd.social-lab.answer+json": {"version": 1, "problem": "m00.x", '
           '"hidden": False, "missing": False, "value": {"t": "int", "v": 1}}}')

CAUGHT: dict[str, list[str]] = {
    "x-transformers": [
        "get_ipython().input_transformers_cleanup.append(\n"
        "    lambda lines: [] if any('check(' in l for l in lines) else lines)",
        "ip = get_ipython()\nip.input_transformers_post.append(\n"
        "    lambda lines: ['pass\\n'] if 'check(' in ''.join(lines) else lines)",
        "import ast\n\nclass Empty(ast.NodeTransformer):\n"
        "    def visit_Module(self, node):\n"
        "        return ast.Module(body=[], type_ignores=[])\n\n"
        "get_ipython().ast_transformers.append(Empty())",
        "shell = get_ipython()\nshell.events.register('pre_run_cell', lambda info: None)",
    ],
    "x-exceptions": [
        "get_ipython().set_custom_exc((AssertionError,), lambda *args, **kwargs: None)",
        "ip = get_ipython()\nip.showtraceback = lambda *args, **kwargs: None",
        "from IPython import get_ipython as g\n"
        "setattr(g(), 'showtraceback', lambda *args, **kwargs: None)",
        "get_ipython().custom_exceptions = (Exception,)",
    ],
    "x-comparisons": [
        "import math\nmath.isclose = lambda *args, **kwargs: True",
        "import numpy as np\nnp.isclose = lambda *args, **kwargs: True\n"
        "np.allclose = lambda *args, **kwargs: True",
        "import pandas.testing as pdt\npdt.assert_frame_equal = lambda *args, **kwargs: None",
        "import operator\noperator.eq = lambda a, b: True",
        "from lab_helpers.checks import compare\n"
        "compare.compare_number = lambda *args, **kwargs: None",
        "import gc\ngc.get_referents(float.__dict__)[0]['__eq__'] = lambda a, b: True",
        "import pandas as pd\nsetattr(pd, 'isna', lambda value: False)",
    ],
    "x-answer-keys": [
        "import pandas as pd\nfrom lab_helpers.datasets import load_dataset\n"
        "key = load_dataset('registries_key')",
        "import lab_helpers\nsource = open(lab_helpers.__file__).read()",
    ],
    "x-environment": [
        "import os\nos.environ['NBGRADER_EXECUTION'] = ''",
        "import os\nfor name in list(os.environ):\n    if name.startswith('NBGRADER'):\n"
        "        del os.environ[name]",
        "import os\nos.environ.pop('NBGRADER_EXECUTION', None)",
        "import os\nos.environ['SOCIAL_LAB_MODE'] = 'learner'",
        "import os\nos.environ.clear()",
    ],
    "x-check": [
        "check = lambda *a, **k: None",
        "def check(*args, **kwargs):\n    return None",
        "from builtins import print as check",
        "import builtins\nbuiltins.check = lambda *a, **k: None",
    ],
    "x-files": [
        "import os\nprint('kernel uid:', os.getuid(), 'files here:', sorted(os.listdir('.')))",
        "from helpers import *",
        "import sys\nsys.path.insert(0, '.')\nimport lab_helpers.grading",
    ],
}
FILES = {  # shipped beside the notebook of x-files and y-files
    "helpers.py": "def check(*args, **kwargs):\n    return None\n",
    "lab_helpers/__init__.py": "def check(*args, **kwargs):\n    return None\n",
    "lab_helpers/checks/__init__.py": "def check(*args, **kwargs):\n    return None\n",
    "sitecustomize.py": "import os\nos.environ.pop('NBGRADER_EXECUTION', None)\n",
    "notes.txt": "my notes",
}

EVADING: dict[str, list[str]] = {
    "y-transformers": [
        "import ast\n\nclass Empty(ast.NodeTransformer):\n"
        "    def visit_Module(self, node):\n"
        "        return ast.Module(body=[], type_ignores=[])\n\n"
        "getattr(get_ipython(), 'ast_' + 'transformers').append(Empty())",
    ],
    "y-cleanup": [
        "name = 'input_transformers_' + 'cleanup'\n"
        "getattr(get_ipython(), name).append(\n"
        "    lambda lines: ['1.0\\n'] if any('check(' in l for l in lines) else lines)",
    ],
    "y-exceptions": [
        "shell = get_ipython()\nhandler = 'set_' + 'custom_exc'\n"
        "getattr(shell, handler)((BaseException,), lambda *args, **kwargs: None)",
    ],
    "y-forge": [
        "forged = " + _FORGED + "\n"
        "def forge(lines):\n"
        "    text = ''.join(lines)\n"
        "    if 'check(' not in text:\n        return lines\n"
        "    ident = text.split('\"')[1]\n"
        "    return ['from IPython.display import display\\n',\n"
        "            'r = ' + repr(forged).replace('m00.x', ident) + '\\n',\n"
        "            'display(r, raw=True)\\n']\n"
        "getattr(get_ipython(), 'input_transformers_' + 'post').append(forge)",
    ],
    "y-comparisons": [
        "import importlib\nm = importlib.import_module('ma' + 'th')\n"
        "m.__dict__['is' + 'close'] = lambda *args, **kwargs: True",
        "import numpy\nvars(numpy)['all' + 'close'] = lambda *args, **kwargs: True",
    ],
    "y-answer-keys": [
        "import lab_helpers, pathlib\n"
        "data = pathlib.Path(getattr(lab_helpers, '__fi' + 'le__')).parent.parent\n"
        "text = (data / 'datasets' / ('registries' + '_key.csv')).read_text()\n"
        "print('key bytes:', len(text))",
    ],
    "y-environment": [
        "import os\nenv = os.environ\nenv['NB' + 'GRADER_EXECUTION'] = ''",
        "import os\nenv = os.environ\nfor name in [n for n in env if n.startswith('NB')]:\n"
        "    env.pop(name)",
    ],
    "y-check": [
        "name = 'che' + 'ck'\nvars()[name] = lambda *a, **k: None",
    ],
}


# answers of WRONG written by reading the course's reference code (in the answer cell itself)
ANSWERS: dict[str, dict[str, str]] = {
    "x-answer-keys": {
        "answer_piedmont_municipalities": "from lab_helpers.exercises import m00\n"
        "piedmont_municipalities = m00.piedmont_municipalities.expected()",
        "answer_total_population": "from lab_helpers.checks.registry import get_problem\n"
        "total_population = get_problem('m00.total_population').expected()",
        "answer_cuneo_total_workers": "import lab_helpers.checks as c\n"
        "cuneo_total_workers = c.get_problem('m00.cuneo_total_workers').expected()",
    },
    "y-answer-keys": {
        "answer_piedmont_municipalities": "import importlib\n"
        "load = getattr(importlib, 'import_' + 'module')\ntry:\n"
        "    key = load('lab_helpers.exer' + 'cises.m00')\n"
        "    piedmont_municipalities = key.piedmont_municipalities.expected()\n"
        "    print('READ the exercises')\n"
        "except Exception as error:\n    print('hidden:', type(error).__name__)",
        "answer_cuneo_total_workers": "import lab_helpers, pathlib\n"
        "here = pathlib.Path(getattr(lab_helpers, '__fi' + 'le__')).parent\ntry:\n"
        "    text = (here / ('exer' + 'cises') / 'm00.py').read_text()\n"
        "    print('READ', len(text))\n"
        "except Exception as error:\n    print('hidden:', type(error).__name__)",
        "answer_total_population": "from lab_helpers import checks\n"
        "get = getattr(checks, 'get_' + 'problem')\ntry:\n"
        "    total_population = get('m00.total_population').expected()\n"
        "    print('READ the reference')\n"
        "except Exception as error:\n    print('hidden:', type(error).__name__)",
    },
}


def notebook(good: NotebookNode, released: NotebookNode, cells: list[str],
             answers: dict[str, str] | None = None) -> NotebookNode:
    """``good`` with the WRONG answers (or ``answers``) and the trick's cells after setup."""
    nb = nbformat.from_dict(good)
    for gid, code in {**WRONG, **(answers or {})}.items():
        nb = synthetic.replace_answer(nb, gid, code)
    for code in reversed(cells):
        nb = synthetic.with_cell(nb, code)
    return nb


def submit_all(root: Path, good: NotebookNode, released: NotebookNode) -> dict[str, str]:
    """Submit the honest and every hostile learner into the course ``root``; name -> kind."""
    name = f"{MODULE}.it.ipynb"
    synthetic.submit(root, "honest", MODULE, {name: notebook(good, released, [])})
    kinds = {}
    for kinds_of, table in (("caught", CAUGHT), ("evading", EVADING)):
        for student, cells in table.items():
            synthetic.submit(root, student, MODULE, {name: notebook(
                good, released, cells, ANSWERS.get(student))})
            kinds[student] = kinds_of
    for student in ("x-files",):
        folder = root / "submitted" / student / MODULE
        for path, text in FILES.items():
            (folder / path).parent.mkdir(parents=True, exist_ok=True)
            (folder / path).write_text(text, encoding="utf-8")
    return kinds
