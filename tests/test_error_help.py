"""Plain-language error help, in a real kernel, in both languages."""

from __future__ import annotations

import re

import nbformat
import pytest

from lab_helpers.execute import execute_notebook

SETUP = ('from lab_helpers import setup, load_dataset, check\nsetup("00", lang="{lang}")\n'
         'import pandas as pd\nimport matplotlib.pyplot as plt\n'
         'districts = load_dataset("districts")')

# (cell that fails, error expected, the explanation's title in English and in Italian)
CASES = [
    ("print(distrcts)", "NameError", "A name Python does not know",
     "Un nome che Python non conosce"),
    ('districts["populaton"]', "KeyError", "A column that does not exist",
     "Una colonna che non esiste"),
    ('"5" + 5', "TypeError", "Values of different kinds", "Valori di tipo diverso"),
    ('pd.merge(districts, pd.DataFrame({"district_id": [1, 2]}), on="district_id")',
     "ValueError", "Two tables that cannot be joined", "Due tabelle che non si possono unire"),
    ('districts["district"].astype(int)', "ValueError", "Values that cannot change type",
     "Valori che non possono cambiare tipo"),
    ('pd.to_datetime(pd.Series(["31/31/2024"]), format="%d/%m/%Y")', "ValueError",
     "A date that cannot be read", "Una data che non si riesce a leggere"),
    ("total = (1 +", "SyntaxError", "Python cannot read this line",
     "Python non riesce a leggere questa riga"),
    ("if True:\nprint(1)", "IndentationError", "Spaces at the start of a line",
     "Spazi all'inizio di una riga"),
    ("districts.populaton", "AttributeError", "Something a table cannot do",
     "Qualcosa che una tabella non sa fare"),
    ('open("cartella_sociale.csv")', "FileNotFoundError", "A file that cannot be found",
     "Un file che non si trova"),
    ("100 / 0", "ZeroDivisionError", "A division by zero", "Una divisione per zero"),
    ('["Asti", "Biella"][5]', "IndexError", "A position that does not exist",
     "Una posizione che non esiste"),
    ("plt.plot([1, 2], [1, 2, 3])", "ValueError", "A chart that cannot be drawn",
     "Un grafico che non si può disegnare"),
    ("import pandass", "ModuleNotFoundError", "A library that is not installed",
     "Una libreria non installata"),
    ("raise NotImplementedError()", "NotImplementedError", "Not attempted yet",
     "Non ancora svolto"),
    ("answer = (\n    ...\n)\nanswer + answer", "TypeError", "An answer above is still ...",
     "Una risposta sopra è ancora ..."),
    ('places = {"Asti": 18}\nplaces["Biella"]', "KeyError", "A column that does not exist",
     "Una colonna che non esiste"),
    ('homes = districts.copy()\nhomes[homes["socal_workers"] > 20]', "KeyError",
     "A column that does not exist", "Una colonna che non esiste"),
]
ANSI = re.compile(r"\x1b\[[0-9;]*m")

# one worker of pytest-xdist runs every test here: each language's notebook runs once
pytestmark = pytest.mark.xdist_group("error-help")


def run_cases(lang: str, tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(SETUP.format(lang=lang))] + [
        nbformat.v4.new_code_cell(case[0]) for case in CASES]
    nb.cells.append(nbformat.v4.new_code_cell("%tb"))  # every step of the last error
    nb.cells.append(nbformat.v4.new_code_cell('check("m00.total_population", 1)'))
    return execute_notebook(nb, tmp_path, grading=True)


@pytest.fixture(scope="module", params=["en", "it"])
def executed(request, tmp_path_factory):
    return request.param, run_cases(request.param, tmp_path_factory.mktemp(request.param))


def traceback_of(cell) -> str:
    return "\n".join(ANSI.sub("", line) for o in cell.outputs if o.output_type == "error"
                     for line in o.traceback)


def help_texts(cell) -> list[str]:
    return [o["data"]["text/plain"] for o in cell.outputs
            if o.output_type == "display_data" and "?" in o["data"]["text/plain"][:2]]


@pytest.mark.parametrize("index", range(len(CASES)), ids=[c[1] + ":" + c[0][:20] for c in CASES])
def test_each_common_error_is_explained_above_its_traceback(executed, index):
    lang, nb = executed
    source, ename, title_en, title_it = CASES[index]
    cell = nb.cells[index + 1]
    errors = [o for o in cell.outputs if o.output_type == "error"]
    assert [e.ename for e in errors] == [ename], "the original traceback stays"
    helps = help_texts(cell)
    assert len(helps) == 1, cell.outputs
    assert (title_it if lang == "it" else title_en) in helps[0]
    kinds = [o.output_type for o in cell.outputs]
    assert kinds.index("display_data") < kinds.index("error"), "what it means comes first"


@pytest.mark.parametrize("index", range(len(CASES)), ids=[c[1] + ":" + c[0][:20] for c in CASES])
def test_the_traceback_shows_the_learners_lines_and_not_the_librarys(executed, index):
    _lang, nb = executed
    source, ename = CASES[index][:2]
    shown = traceback_of(nb.cells[index + 1])
    assert "site-packages" not in shown and f"{ename}: " in shown
    assert source.splitlines()[-1].strip() in shown, "the line that failed is shown"


def test_a_misspelt_column_takes_a_few_lines_not_fifty_and_percent_tb_shows_them_all(executed):
    lang, nb = executed
    shown = traceback_of(nb.cells[2]).splitlines()
    assert len(shown) <= 12, shown
    assert shown[-2] == "KeyError: 'populaton'"
    assert "pandas" in shown[-1] and "%tb" in shown[-1]
    assert ("steps inside" if lang == "en" else "passaggi dentro") in shown[-1]
    every_step = traceback_of(nb.cells[len(CASES) + 1])
    assert "pandas/core" in every_step and 'homes[homes["socal_workers"] > 20]' in every_step


def test_the_setup_cell_itself_runs_clean(executed):
    _lang, nb = executed
    assert not [o for o in nb.cells[0].outputs if o.output_type == "error"]


def test_closest_names_are_suggested(executed):
    _lang, nb = executed
    name_help = help_texts(nb.cells[1])[0]
    column_help = help_texts(nb.cells[2])[0]
    attribute_help = help_texts(nb.cells[9])[0]
    assert "'districts'" in name_help
    assert "'population'" in column_help and "districts.columns" in column_help
    assert "'population'" in attribute_help and 'districts["populaton"]' in attribute_help
    assert "districts.populaton" in attribute_help


def test_the_help_names_the_table_of_the_failing_line(executed):
    _lang, nb = executed
    column_help = help_texts(nb.cells[len(CASES)])[0]
    assert "'social_workers'" in column_help and "homes.columns" in column_help
    assert ".columns" not in help_texts(nb.cells[len(CASES) - 1])[0], "a dict has no columns"


def test_a_failed_check_gets_no_extra_help(executed):
    _lang, nb = executed
    last = nb.cells[-1]
    assert [o.ename for o in last.outputs if o.output_type == "error"] == ["CheckFailed"]
    assert help_texts(last) == []
