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
    ("total = 5\ntotal(3)", "TypeError", "Something used as a function",
     "Qualcosa usato come funzione"),
    ("len(5)", "TypeError", "A value of the wrong kind", "Un valore del tipo sbagliato"),
    ('int("cinque")', "ValueError", "A value that does not fit", "Un valore che non va bene"),
    ('result = print("x")\nresult.upper()', "AttributeError", "An empty value (None)",
     "Un valore vuoto (None)"),
    ("(5).upper()", "AttributeError", "Something this value cannot do",
     "Qualcosa che questo valore non sa fare"),
    ('places = {"Asti": 18}\nplaces["Biella"]', "KeyError", "A column that does not exist",
     "Una colonna che non esiste"),
    ('homes = districts.copy()\nhomes[homes["socal_workers"] > 20]', "KeyError",
     "A column that does not exist", "Una colonna che non esiste"),
]
ANSI = re.compile(r"\x1b\[[0-9;]*m")

# one worker of pytest-xdist runs every test here: each language's notebook runs once
pytestmark = pytest.mark.xdist_group("error-help")


def run_cases(lang: str, tmp_path, kernel_manager: type | None = None):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(SETUP.format(lang=lang))] + [
        nbformat.v4.new_code_cell(case[0]) for case in CASES]
    nb.cells.append(nbformat.v4.new_code_cell("%tb"))  # every step of the last error
    nb.cells.append(nbformat.v4.new_code_cell('check("m00.total_population", 1)'))
    return execute_notebook(nb, tmp_path, grading=True, kernel_manager=kernel_manager)


@pytest.fixture(scope="module", params=["en", "it"])
def executed(request, tmp_path_factory, forked_kernels):
    """Each language's cases in a kernel of its own (forked: see forked_kernels.py)."""
    return request.param, run_cases(request.param, tmp_path_factory.mktemp(request.param),
                                    forked_kernels)


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


# --- each rule in-process (no kernel): which error it explains, and what it names ----------

def raised(code: str, namespace: dict | None = None) -> BaseException:
    """The error that ``code`` raises, with its traceback, as a cell would raise it."""
    try:
        exec(compile(code, "<cell>", "exec"), namespace if namespace is not None else {})
    except BaseException as error:  # noqa: BLE001 - any error is what we want
        return error
    raise AssertionError(f"{code!r} raised nothing")


def table_namespace() -> dict:
    import pandas as pd

    return {"pd": pd, "districts": pd.DataFrame({"district_id": ["D01"], "district": ["Asti"],
                                                 "population": [1]})}


# (code, its error's explanation title in English and in Italian)
RULE_CASES = [
    ("raise NotImplementedError()", "Not attempted yet", "Non ancora svolto"),
    ("answer = ...\nanswer + 1", "An answer above is still ...", "Una risposta sopra è ancora ..."),
    ("total = (1 +", "Python cannot read this line", "Python non riesce a leggere questa riga"),
    ("if True:\nprint(1)", "Spaces at the start of a line", "Spazi all'inizio di una riga"),
    ("print(distrcts)", "A name Python does not know", "Un nome che Python non conosce"),
    ("import pandass", "A library that is not installed", "Una libreria non installata"),
    ('districts["populaton"]', "A column that does not exist", "Una colonna che non esiste"),
    ("districts.populaton", "Something a table cannot do",
     "Qualcosa che una tabella non sa fare"),
    ('result = print("x")\nresult.upper()', "An empty value (None)", "Un valore vuoto (None)"),
    ("(5).upper()", "Something this value cannot do", "Qualcosa che questo valore non sa fare"),
    ('open("cartella_sociale.csv")', "A file that cannot be found", "Un file che non si trova"),
    ("100 / 0", "A division by zero", "Una divisione per zero"),
    ('["Asti", "Biella"][5]', "A position that does not exist", "Una posizione che non esiste"),
    ("import matplotlib.pyplot as plt\nplt.plot([1, 2], [1, 2, 3])",
     "A chart that cannot be drawn", "Un grafico che non si può disegnare"),
    ('pd.merge(districts, pd.DataFrame({"district_id": [1]}), on="district_id")',
     "Two tables that cannot be joined", "Due tabelle che non si possono unire"),
    ('pd.to_datetime(pd.Series(["31/31/2024"]), format="%d/%m/%Y")',
     "A date that cannot be read", "Una data che non si riesce a leggere"),
    ('districts["district"].astype(int)', "Values that cannot change type",
     "Valori che non possono cambiare tipo"),
    ('"5" + 5', "Values of different kinds", "Valori di tipo diverso"),
    ("total = 5\ntotal(3)", "Something used as a function", "Qualcosa usato come funzione"),
    ("len(5)", "A value of the wrong kind", "Un valore del tipo sbagliato"),
    ('int("cinque")', "A value that does not fit", "Un valore che non va bene"),
]


@pytest.mark.parametrize("lang", ["en", "it"])
@pytest.mark.parametrize(("code", "title_en", "title_it"), RULE_CASES,
                         ids=[case[1] for case in RULE_CASES])
def test_rule_explains_each_kind_of_error_in_both_languages(code, title_en, title_it, lang):
    from lab_helpers import i18n
    from lab_helpers.errors import explain

    i18n.set_language(lang)
    namespace = table_namespace()
    found = explain(raised(code, namespace), namespace=namespace)
    assert found is not None, code
    title, text = found
    assert title == (title_it if lang == "it" else title_en)
    assert text and text != title


@pytest.mark.parametrize(("lang", "run_above", "as_column"), [
    ("en", "Run All Above Selected Cell", 'table["populaton"]'),
    ("it", "Esegui tutte le celle sopra quella selezionata", 'tabella["populaton"]')])
def test_rule_texts_name_what_went_wrong_and_the_closest_names(lang, run_above, as_column):
    from lab_helpers import i18n
    from lab_helpers.errors import explain

    i18n.set_language(lang)
    namespace = table_namespace()
    name, column, attribute, missing, library, other, none = (
        explain(raised(code, namespace), namespace=namespace)[1] for code in (
            "print(distrcts)", 'districts["populaton"]', "districts.populaton",
            'open("cartella_sociale.csv")', "import pandass", "(5).upper()",
            'result = print("x")\nresult.upper()'))
    assert "'distrcts'" in name and "'districts'" in name and run_above in name
    assert "'populaton'" in column and "'population'" in column
    assert "'population'" in attribute and as_column in attribute
    assert "'cartella_sociale.csv'" in missing and "pip install pandass" in library
    assert "int" in other and "'upper'" in other
    assert "print" in none


def test_rule_suggestions_are_left_out_when_nothing_is_close():
    from lab_helpers.errors import explain

    namespace = table_namespace()
    name = explain(raised("print(zzzzzz)", namespace), namespace=namespace)[1]
    assert "Names that exist" not in name and "'zzzzzz'" in name
    column = explain(raised('districts["zzzzzz"]', namespace), namespace=namespace)[1]
    assert "closest columns" not in column and "'zzzzzz'" in column
    method = explain(raised("districts.sortvalues", namespace), namespace=namespace)[1]
    assert "'sort_values'" in method  # no column is close: the closest method is named
    private = {"_hidden": namespace["districts"], "pd": namespace["pd"]}
    hidden = explain(raised('_hidden["populaton"]', private), namespace=private)[1]
    assert "population" not in hidden  # tables with private names are not searched


def test_rule_errors_that_are_not_covered_get_no_help():
    from lab_helpers.checks import CheckFailed
    from lab_helpers.checks.outcome import Outcome, Status
    from lab_helpers.errors import explain

    assert explain(raised("raise RuntimeError('odd')")) is None
    failed = CheckFailed(Outcome("m00.total_population", Status.INCORRECT, "not quite"))
    in_a_chart = {"failed": failed}
    try:  # raised through matplotlib, where the chart rule would otherwise explain it
        exec(compile("raise failed", "/lib/matplotlib/axes.py", "exec"), in_a_chart)
    except CheckFailed as error:
        assert explain(error) is None  # a check's own message says it all


def test_rule_help_never_adds_an_error_of_its_own():
    from lab_helpers.errors import explain

    class Odd(KeyError):
        def __str__(self) -> str:
            raise RuntimeError("a broken error message")

    title, _text = explain(Odd("populaton"), namespace=table_namespace())
    assert title == "A column that does not exist"  # the rule that failed is skipped


def test_rule_help_is_shown_under_the_traceback_once(capsys):
    from lab_helpers.errors import enable_error_help

    calls = []

    class Shell:
        user_ns = table_namespace()

        def set_custom_exc(self, kinds, handler):
            calls.append(("custom", kinds))
            self.handler = handler

        def showtraceback(self, exc_tuple, tb_offset=None):
            calls.append(("traceback", exc_tuple[0].__name__))

        def showsyntaxerror(self, *args, **kwargs):
            calls.append(("syntax", args))

    shell = Shell()
    assert enable_error_help(shell)
    assert calls == [("custom", (Exception,))]
    error = raised("100 / 0")
    assert shell.handler(shell, type(error), error, error.__traceback__) == []
    assert calls[-1] == ("traceback", "ZeroDivisionError")
    out = capsys.readouterr().out
    assert out.startswith("? What this error means: A division by zero: ")
    shell.handler(shell, type(error), error, error.__traceback__)
    assert capsys.readouterr().out == ""  # the same error is explained once
    enable_error_help(shell)  # a second call wraps showsyntaxerror only once
    try:
        compile("total = (1 +", "<cell>", "exec")
    except SyntaxError:
        shell.showsyntaxerror()
    assert calls[-1] == ("syntax", ()) and calls.count(("syntax", ())) == 1
    assert "Python cannot read this line" in capsys.readouterr().out


@pytest.mark.parametrize(("code", "title_en", "title_it"), RULE_CASES,
                         ids=[case[1] for case in RULE_CASES])
def test_rule_texts_are_translated_whole(code, title_en, title_it):
    """No English sentence is left in the Italian explanation (a message lost its catalog)."""
    import re

    from lab_helpers import i18n
    from lab_helpers.errors import explain

    said = {}
    for lang in ("en", "it"):
        i18n.set_language(lang)
        namespace = table_namespace()
        said[lang] = explain(raised(code, namespace), namespace=namespace)[1]
    for part in re.split(r"(?<=[.:?])\s+", said["en"]):
        if len(part.split()) >= 3 and not part.startswith("pip install"):
            assert part not in said["it"], part


def raised_in(path: str, error: BaseException) -> BaseException:
    """``error``, raised by code that seems to live in ``path`` (a library's file)."""
    try:
        exec(compile("raise error", path, "exec"), {"error": error})
    except BaseException as caught:  # noqa: BLE001
        return caught
    raise AssertionError("nothing raised")


FRAME = "/lib/pandas/core/frame.py"


@pytest.mark.parametrize(("path", "message", "title"), [
    ("/lib/pandas/core/reshape/merge.py", "odd", "Two tables that cannot be joined"),
    (FRAME, "columns overlap but no suffix specified", "Two tables that cannot be joined"),
    (FRAME, "You are trying to merge on object and int64", "Two tables that cannot be joined"),
    ("/lib/pandas/core/tools/to_datetime.py", "odd", "A date that cannot be read"),
    ("/lib/pandas/core/tools/datetimes.py", "odd", "A date that cannot be read"),
    (FRAME, "time data '31' does not match", "A date that cannot be read"),
    (FRAME, "'31' doesn't match format '%d'", "A date that cannot be read"),
    ("/lib/pandas/core/dtypes/astype.py", "odd", "Values that cannot change type"),
    (FRAME, "invalid literal for int() with base 10: 'x'", "Values that cannot change type"),
    (FRAME, "could not convert string to float: 'x'", "Values that cannot change type"),
    (FRAME, "Cannot convert non-finite values (NA or inf) to integer",
     "Values that cannot change type"),
    (FRAME, "something else", "A value that does not fit"),
    ("/lib/matplotlib/axes/_base.py", "x and y must have same first dimension",
     "A chart that cannot be drawn"),
    ("/lib/pandas/plotting/_core.py", "odd", "A chart that cannot be drawn"),
])
def test_rule_pandas_and_chart_errors_are_told_apart_by_each_sign(path, message, title):
    from lab_helpers.errors import explain

    assert explain(raised_in(path, ValueError(message)))[0] == title


def test_rule_details_names_fallbacks_and_the_traceback_given():
    from lab_helpers.errors import explain

    close = {f"total{i}": i for i in range(1, 5)}
    text = explain(raised("print(totl)", close), namespace=close)[1]
    assert text.count("'total") == 3  # the three closest, not more
    loose = {"abxyz": 1}
    assert "'abxyz'" in explain(raised("print(ab)", loose), namespace=loose)[1]  # 0.5 is enough
    assert "'?'" in explain(NameError("an odd message"))[1]
    assert explain(KeyError())[1].startswith("There is no column (or key) called ''.")
    namespace = table_namespace()
    attribute = explain(raised("districts.populaton", namespace), namespace=namespace)[1]
    assert attribute.startswith("A table has no method or property called 'populaton'. Did you "
                                "mean: 'population'?")
    chart = raised_in("/lib/matplotlib/axes/_base.py", ValueError("odd"))
    bare = ValueError("odd")  # no traceback of its own: the one given is read
    assert explain(bare, chart.__traceback__)[0] == "A chart that cannot be drawn"


def test_rule_help_box_keeps_its_colour_namespace_and_traceback(monkeypatch):
    from lab_helpers.checks import display
    from lab_helpers.errors import enable_error_help

    shown = []
    monkeypatch.setattr(display, "show", lambda bundle, metadata=None: shown.append(bundle))

    class Shell:
        user_ns = table_namespace()

        def set_custom_exc(self, kinds, handler):
            self.handler = handler

        def showtraceback(self, exc_tuple, tb_offset=None):
            self.offset = tb_offset

        def showsyntaxerror(self, *args, **kwargs):
            self.syntax = (args, kwargs)

    shell = Shell()
    enable_error_help(shell)
    error = raised("print(distrcts)", shell.user_ns)
    shell.handler(shell, NameError, error, error.__traceback__, tb_offset=2)
    assert shell.offset == 2
    assert "#CC79A7" in shown[-1]["text/html"] and "'districts'" in shown[-1]["text/plain"]
    chart = raised_in("/lib/matplotlib/axes/_base.py", ValueError("odd"))
    shell.handler(shell, ValueError, ValueError("odd"), chart.__traceback__)
    assert "A chart that cannot be drawn" in shown[-1]["text/plain"]
    syntax = raised("total = (1 +")
    monkeypatch.setattr("sys.last_value", syntax, raising=False)
    shell.showsyntaxerror("cell.py", running_compiled_code=True)  # outside an except block
    assert shell.syntax == (("cell.py",), {"running_compiled_code": True})
    assert "Python cannot read this line" in shown[-1]["text/plain"]


def test_rule_help_is_enabled_only_in_ipython():
    from IPython.core.interactiveshell import InteractiveShell

    from lab_helpers.errors import enable_error_help

    assert enable_error_help() is False  # a plain Python session
    shell = InteractiveShell.instance()
    try:
        assert enable_error_help() is True
        assert shell.custom_exceptions == (Exception,)
    finally:
        InteractiveShell.clear_instance()


def test_rule_texts_word_for_word():
    from lab_helpers.errors import explain

    namespace = {**table_namespace(), "total1": 1, "total2": 2, "_totl": 3}
    name = explain(raised("print(totl)", namespace), namespace=namespace)[1]
    assert name == (
        "Python does not know the name 'totl'. Perhaps a cell above that creates it has not "
        "been run yet (or the notebook was restarted), or the name is spelled differently. "
        "Names that exist: 'total2', 'total1'. Run the cells above again, from the top: in "
        "the Run menu, choose \"Run All Above Selected Cell\", then run this cell.")
    column = explain(raised('districts["populaton"]', namespace), namespace=namespace)[1]
    assert column == (
        "There is no column (or key) called 'populaton'. The closest columns are: "
        "'population'. Column names must be written exactly, with the same capitals and "
        "underscores, between quotes. To see them all, run: districts.columns")
    series = {**table_namespace(), "ages": namespace["pd"].Series([1])}
    attribute = explain(raised("ages.populaton", series), namespace=series)
    # the suggestions are the failing object's own (a Series: no 'population' there)
    said = attribute[1]
    assert attribute[0] == "Something a table cannot do"
    assert said.startswith("A table has no method or property called 'populaton'. Did you "
                           "mean: ")
    assert "'pop'" in said and "'population'" not in said
    assert said.endswith("If 'populaton' is a column, write table[\"populaton\"] instead of "
                         "table.populaton.")
    private = explain(raised("districts._repr_htm", series), namespace=series)[1]
    assert "'to_html'" in private and "_repr_html_" not in private  # only public members
    assert "the file ''" in explain(FileNotFoundError())[1]
    assert "The library '' is not installed" in explain(ModuleNotFoundError())[1]
    for code in ('5 + "5"', '"x".startswith(5)', '"x" + 5'):
        assert explain(raised(code))[0] == "Values of different kinds", code


def test_rule_help_box_colour_and_syntax_help_wrapped_once(monkeypatch):
    import sys

    from lab_helpers.checks import display
    from lab_helpers.errors import enable_error_help

    shown = []
    monkeypatch.setattr(display, "show", lambda bundle, metadata=None: shown.append(bundle))

    class Shell:
        user_ns: dict = {}

        def set_custom_exc(self, kinds, handler):
            self.handler = handler

        def showtraceback(self, exc_tuple, tb_offset=None):
            pass

        def showsyntaxerror(self, *args, **kwargs):
            pass

    shell = Shell()
    enable_error_help(shell)
    wrapped = shell.showsyntaxerror
    enable_error_help(shell)
    assert shell.showsyntaxerror is wrapped  # a second setup does not wrap it again
    monkeypatch.delattr(sys, "last_value", raising=False)
    shell.showsyntaxerror()  # no syntax error anywhere: nothing to explain, nothing raised
    assert shown == []
    error = raised("100 / 0")
    shell.handler(shell, ZeroDivisionError, error, error.__traceback__)
    assert 'style="border-left:6px solid #CC79A7;' in shown[-1]["text/html"]
